"""Many links checked at once, politely, with httpx (imported only when a check runs).

- HEAD first; GET, whose body is never read, when HEAD gets anything but success or a redirect
  (405, 501, and some servers' 403 or 404) or the connection closes without an answer.
- Redirects followed one at a time, at most :data:`MAX_REDIRECTS`: a URL seen twice is a loop;
  the URL that permanent redirects (301, 308) lead to is the one to use.
- At most :data:`TOTAL` requests at once, :data:`PER_HOST` to a host. A host's first request
  goes alone; when it cannot connect, every URL of the host shares its verdict. ``.invalid``
  names never resolve (RFC 6761): dead without a look-up.
- 429: the host waits as ``Retry-After`` asks (up to ``max_wait`` s), :data:`RETRIES` times.
- When the first requests to :data:`OFFLINE_HOSTS` hosts all fail to resolve or connect and
  nothing has answered, there is no network: :class:`~.links.NoNetworkError`, at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from . import __version__
from .links import (
    DEAD,
    FOUND,
    LOOP,
    MAX_URL,
    NONE,
    PERMANENT,
    RATE_LIMITED,
    REDIRECTS,
    REFUSED,
    UNREACHABLE,
    NoNetworkError,
    Verdict,
    causes,
    closest_snapshot,
    final_verdict,
    retry_after,
    status_text,
    with_fragment,
)

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

TOTAL, PER_HOST, MAX_REDIRECTS, RETRIES, OFFLINE_HOSTS, MAX_WAIT = 48, 6, 10, 2, 3, 30.0
#: The most of an answer read: the archive's (a link's body is never read).
MAX_BODY = 1 << 20
USER_AGENT = f"studypath/{__version__} (link check)"
_OFFLINE_ERRNOS = frozenset((errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN))
_NO_SUCH_HOST = frozenset((socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)))
_NEVER_RESOLVES = Verdict(DEAD, detail="no such host: .invalid names never resolve")


@dataclasses.dataclass
class _Stop(Exception):
    """A request that got no answer: its verdict, and whether GET may still work."""

    verdict: Verdict
    retry_get: bool = False


class _Host:
    def __init__(self, name: str) -> None:
        self.slots = asyncio.Semaphore(PER_HOST)
        self.started = False
        self.probed = asyncio.Event()
        invalid = name == "invalid" or name.endswith((".invalid", ".invalid."))
        self.failure: Verdict | None = _NEVER_RESOLVES if invalid else None
        self.resume_at = 0.0  # no request before this time (the loop's clock): Retry-After


class Checker:
    """Checks many URLs with one client. ``done`` is called as each URL gets its verdict."""

    def __init__(
        self, timeout: float, done: Callable[[], None] | None = None, max_wait: float = MAX_WAIT
    ) -> None:
        self.timeout, self.done, self.max_wait = timeout, done, max_wait
        self.hosts: dict[str, _Host] = {}
        self.offline: list[tuple[str, str]] = []  # hosts whose first request found no network
        self.answered = False  # something answered: the network is there

    def run(
        self, urls: Iterable[str], archive: str | None = None, known: Mapping[str, Verdict] = {}
    ) -> dict[str, Verdict]:
        """The verdict of each URL. With ``archive`` (the availability API's base URL), every
        dead link, those in ``known`` too, gets the closest snapshot; ``known``'s verdicts that
        changed are returned with the others."""
        return asyncio.run(self._all(list(dict.fromkeys(urls)), archive, known))

    async def _all(
        self, urls: list[str], archive: str | None, known: Mapping[str, Verdict]
    ) -> dict[str, Verdict]:
        import httpx

        self.total = asyncio.Semaphore(TOTAL)
        limits = httpx.Limits(max_connections=TOTAL * 2, max_keepalive_connections=TOTAL)
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        timeout = httpx.Timeout(self.timeout, pool=None)
        async with httpx.AsyncClient(limits=limits, headers=headers, timeout=timeout) as client:
            self.client = client
            verdicts = dict(zip(urls, await self._each(self._one, urls), strict=True))
            if archive is not None:
                every = {**known, **verdicts}
                dead = {u: v for u, v in every.items() if v.kind == DEAD and v.archive is None}
                found = await self._each(lambda u: self.snapshot(archive, u), list(dead))
                for (url, verdict), (snapshot, status) in zip(dead.items(), found, strict=True):
                    verdicts[url] = dataclasses.replace(verdict, snapshot=snapshot, archive=status)
        return verdicts

    async def _each(self, work: Callable[[str], Awaitable[T]], urls: list[str]) -> list[T]:
        """``work`` on every URL at once; all of it cancelled when there is no network."""
        tasks = [asyncio.ensure_future(work(url)) for url in urls]
        try:
            return list(await asyncio.gather(*tasks))
        except NoNetworkError:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def _one(self, url: str) -> Verdict:
        verdict = await self.check(url)
        if self.done is not None:
            self.done()
        return verdict

    async def check(self, url: str) -> Verdict:
        """Follow ``url`` through its redirects to a verdict."""
        import httpx

        try:
            current = httpx.URL(url)
        except httpx.InvalidURL as error:
            return Verdict(DEAD, detail=f"not a valid URL: {error}")
        seen = {str(current)}
        moved: tuple[int, str] | None = None  # the first permanent redirect, where they lead
        permanent = True
        for _ in range(MAX_REDIRECTS + 1):
            try:
                status, location = await self.fetch(current)
            except _Stop as stop:
                return stop.verdict
            if status not in REDIRECTS or not location:
                return final_verdict(status, str(current), len(seen) > 1, moved)
            try:
                current = current.join(location)
            except httpx.InvalidURL:  # pragma: no cover - httpx refuses such a Location first
                return Verdict(REFUSED, status, f"{status_text(status)} to an invalid URL")
            if current.scheme not in ("http", "https") or len(str(current)) > MAX_URL:
                return Verdict(REFUSED, status, f"{status_text(status)} to `{current.scheme}:`")
            if str(current) in seen:
                return Verdict(LOOP, status, f"back to {current}", str(current))
            seen.add(str(current))
            permanent = permanent and status in PERMANENT
            if permanent:
                moved = (moved[0] if moved else status, with_fragment(str(current), url))
        return Verdict(LOOP, detail=f"more than {MAX_REDIRECTS} redirects")

    async def fetch(self, url: httpx.URL) -> tuple[int, str | None]:
        """The status and ``Location`` of ``url``: HEAD, else GET."""
        try:
            status, headers, _ = await self.ask("HEAD", url)
            if status < 400 or status == 429:
                return status, headers.get("location")
        except _Stop as stop:
            if not stop.retry_get:
                raise
        status, headers, _ = await self.ask("GET", url)
        return status, headers.get("location")

    async def ask(
        self, method: str, url: httpx.URL, read: int = 0
    ) -> tuple[int, httpx.Headers, bytes]:
        """One request (and ``read`` bytes of the body at most), again while a 429's
        ``Retry-After`` is short enough."""
        host = self._host(url)
        for attempt in range(RETRIES + 1):
            status, headers, body = await self.request(method, url, host, read)
            if status != 429:
                return status, headers, body
            wait = retry_after(headers.get("retry-after"))
            if wait > self.max_wait or attempt == RETRIES:
                break
            loop = asyncio.get_running_loop()
            host.resume_at = max(host.resume_at, loop.time() + wait)
        asked = f", asked to wait {wait:g} s" if headers.get("retry-after") else ""
        raise _Stop(Verdict(RATE_LIMITED, 429, f"{status_text(429)}{asked}"))

    async def request(
        self, method: str, url: httpx.URL, host: _Host, read: int = 0
    ) -> tuple[int, httpx.Headers, bytes]:
        import httpx

        if host.failure is not None:
            raise _Stop(host.failure)
        first = not host.started
        host.started = True
        if not first:
            await host.probed.wait()
            if host.failure is not None:
                raise _Stop(host.failure)
        try:
            async with host.slots:
                await asyncio.sleep(max(0.0, host.resume_at - asyncio.get_running_loop().time()))
                async with (
                    self.total,
                    asyncio.timeout(self.timeout * 2),
                    self.client.stream(method, url) as response,
                ):
                    self.answered = True
                    body = b""
                    if read:
                        async for chunk in response.aiter_bytes():
                            body += chunk
                            if len(body) > read:
                                break
                    return response.status_code, response.headers, body
        except (httpx.TransportError, TimeoutError) as error:
            verdict, everywhere, offline = self._failure(error)
            if first and everywhere:  # later, it may be the host's load: that URL's alone
                host.failure = verdict
            if first and offline:
                self._no_network(url.host, verdict.detail)
            broke = isinstance(error, httpx.RemoteProtocolError | httpx.ReadError)
            broke = broke and verdict.kind == UNREACHABLE
            raise _Stop(verdict, retry_get=broke and method == "HEAD") from None
        finally:
            if first:
                host.probed.set()

    def _failure(self, error: Exception) -> tuple[Verdict, bool, bool]:
        """A request's failure: its verdict, whether it stands for the whole host, and whether
        it says there may be no network at all."""
        import httpx

        for cause in causes(error):
            if isinstance(cause, socket.gaierror):
                if cause.errno in _NO_SUCH_HOST:
                    return Verdict(DEAD, detail=f"no such host ({cause.strerror})"), True, True
                return Verdict(UNREACHABLE, detail=f"DNS: {cause.strerror}"), True, True
            if isinstance(cause, ConnectionRefusedError):
                self.answered = True  # something at that address said no
                return Verdict(UNREACHABLE, detail="connection refused"), True, False
            if isinstance(cause, OSError) and cause.errno in _OFFLINE_ERRNOS:
                return Verdict(UNREACHABLE, detail=cause.strerror or str(cause)), True, True
        timed_out = Verdict(UNREACHABLE, detail=f"timed out after {self.timeout:g} s")
        if isinstance(error, httpx.ConnectTimeout):
            return timed_out, True, True
        if isinstance(error, TimeoutError | httpx.TimeoutException):
            return timed_out, False, False
        reason = (str(error) or type(error).__name__)[:200]
        if isinstance(error, httpx.RemoteProtocolError) and "location header" in reason.lower():
            return Verdict(REFUSED, detail="a redirect to an invalid URL"), False, False
        return Verdict(UNREACHABLE, detail=reason), isinstance(error, httpx.ConnectError), False

    def _no_network(self, host: str, reason: str) -> None:
        self.offline.append((host, reason))
        if self.answered or len(self.offline) < OFFLINE_HOSTS:
            return
        names = [name for name, _ in self.offline]
        raise NoNetworkError(
            f"no network: the first requests to {', '.join(names[:-1])} and {names[-1]} all "
            f"failed ({self.offline[0][1]}) and nothing answered; check the connection, "
            "then run `studypath check --links` again"
        )

    async def snapshot(self, api: str, url: str) -> tuple[str | None, str]:
        """The closest snapshot of ``url`` the Internet Archive has, and :data:`FOUND`,
        :data:`NONE` or why the look-up failed."""
        import httpx

        address = httpx.URL(f"{api}/wayback/available", params={"url": url})
        try:
            status, _, body = await self.ask("GET", address, read=MAX_BODY)
        except _Stop as stop:
            return None, stop.verdict.detail
        if status != 200:
            return None, status_text(status)
        if len(body) > MAX_BODY:
            return None, f"its answer is longer than {MAX_BODY:,} bytes"
        try:
            found = closest_snapshot(body)
        except (ValueError, RecursionError):
            return None, "it sent something else than an answer of its availability API"
        return found, FOUND if found else NONE

    def _host(self, url: httpx.URL) -> _Host:
        """The host of ``url``: a name (or address) and a port."""
        port = url.port or (443 if url.scheme == "https" else 80)
        host = self.hosts.get(key := f"{url.host}:{port}")
        if host is None:
            host = self.hosts[key] = _Host(url.host)
        return host
