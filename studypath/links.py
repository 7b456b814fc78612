"""What a link check finds: one :class:`Verdict` per URL, in words, and the small rules that
read what servers send (``Retry-After``, the Internet Archive's answer).

The requests themselves are :mod:`.linkcheck`'s (httpx, imported only there); results are kept
for a day by :mod:`.linkcache`; ``studypath check --links`` runs them through
:func:`studypath.linkactions.links`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus

from .errors import StudypathError
from .words import UNSEEN

OK, MOVED, DEAD, LOOP = "ok", "moved", "dead", "loop"
UNREACHABLE, RATE_LIMITED, REFUSED = "unreachable", "rate-limited", "refused"
#: Every verdict, worst first. A broken link makes ``check --links`` exit 1; the others warn.
KINDS = (DEAD, LOOP, MOVED, UNREACHABLE, RATE_LIMITED, REFUSED, OK)
BROKEN = frozenset((DEAD, LOOP))
#: Verdicts that hold for a day; the others ("retry later") are asked again on every run.
LASTING = frozenset((OK, MOVED, DEAD, LOOP, REFUSED))
#: What ``archive`` holds once the Internet Archive was asked (else why the look-up failed).
FOUND, NONE = "found", "none"

REDIRECTS = frozenset((301, 302, 303, 307, 308))
PERMANENT = frozenset((301, 308))

#: The longest URL studypath takes from a server (a redirect, a snapshot) or its cache.
MAX_URL = 4096
DEFAULT_ARCHIVE = "https://archive.org"
ARCHIVE_VARIABLE = "STUDYPATH_ARCHIVE_URL"


class NoNetworkError(StudypathError):
    """Nothing answered, and the first requests to several hosts could not even connect."""


@dataclass(frozen=True)
class Verdict:
    """What one link does: its kind (one of :data:`KINDS`), the last HTTP status, why in words
    (for failures without a status, or where a chain of redirects ended), the URL to use
    instead (``moved``) or where a loop closed, and for a dead link the Internet Archive's
    closest snapshot: ``archive`` is None when it was not asked, else :data:`FOUND`,
    :data:`NONE` or why the look-up failed. ``cached``: read from the cache, not asked now."""

    kind: str
    status: int | None = None
    detail: str = ""
    target: str | None = None
    snapshot: str | None = None
    archive: str | None = None
    cached: bool = False

    @property
    def broken(self) -> bool:
        return self.kind in BROKEN

    def message(self, url: str) -> str:
        """The verdict in words, naming ``url``: ``dead link (404 Not Found): URL``."""
        why = self.detail or status_text(self.status)
        words = {
            OK: f"ok ({why}): {url}",
            MOVED: f"moved permanently ({why}): {url} → use {self.target}",
            DEAD: f"dead link ({why}): {url}",
            LOOP: f"redirect loop ({why}): {url}",
            UNREACHABLE: f"unreachable ({why}): {url} — retry later",
            RATE_LIMITED: f"rate-limited ({why}): {url} — retry later",
            REFUSED: f"refused ({why}): {url} — check it in a browser",
        }[self.kind]
        if self.archive == FOUND:
            words += f" — archived copy: {self.snapshot}"
        elif self.archive == NONE:
            words += " — no archived copy"
        elif self.archive is not None:
            words += f" — the Internet Archive could not be asked ({self.archive})"
        return words


def status_text(status: int | None) -> str:
    """``404 Not Found``; the number alone when it has no standard name."""
    if status is None:
        return "no answer"
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def web_url(text: object) -> bool:
    """Whether ``text`` is an http(s) URL studypath may show: as the validator has it for a
    graph file's ``url``, and at most :data:`MAX_URL` characters."""
    if not isinstance(text, str) or len(text) > MAX_URL or UNSEEN.search(text):
        return False
    scheme, sep, rest = text.partition("://")
    return bool(sep) and scheme.lower() in ("http", "https") and bool(rest.strip("/"))


def retry_after(value: str | None, now: float | None = None) -> float:
    """The seconds a ``Retry-After`` header asks to wait: a number, or an HTTP date (1 s when
    there is none, or it cannot be read)."""
    if value is None:
        return 1.0
    text = value.strip()
    if text.isdigit():
        return float(int(text[:9]))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return 1.0
    if when.tzinfo is None:
        return 1.0
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def closest_snapshot(body: bytes) -> str | None:
    """The URL of the closest snapshot in an answer of the Internet Archive's availability API
    (``/wayback/available``), None when it has none. ``ValueError`` for anything else."""
    data = json.loads(body)
    snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
    if not isinstance(snapshots, dict):
        raise ValueError("not an answer of the availability API")
    closest = snapshots.get("closest")
    if closest is None:
        return None
    if not isinstance(closest, dict):
        raise ValueError("not an answer of the availability API")
    if closest.get("available") is not True:
        return None
    url = closest.get("url")
    if not web_url(url):
        raise ValueError("the snapshot's URL is not a web address")
    assert isinstance(url, str)
    return url


def archive_base(option: str | None) -> str:
    """The availability API's base URL: the option, ``$STUDYPATH_ARCHIVE_URL`` or archive.org."""
    import os

    from .errors import UsageError

    base = option or os.environ.get(ARCHIVE_VARIABLE) or DEFAULT_ARCHIVE
    if not web_url(base):
        raise UsageError(f"the archive's address must be an http:// or https:// URL, not `{base}`")
    return base.rstrip("/")


def final_verdict(
    status: int, reached: str, redirected: bool, moved: tuple[int, str] | None
) -> Verdict:
    """The verdict of the answer that ended the chain at ``reached`` (after redirects, or not);
    ``moved``: the first permanent redirect's status, and where the permanent ones lead."""
    if 200 <= status < 300:
        return Verdict(MOVED, moved[0], target=moved[1]) if moved else Verdict(OK, status)
    why = status_text(status) + (f" at {reached}" if redirected else "")
    if status in (404, 410):
        return Verdict(DEAD, status, why)
    if status >= 500:
        return Verdict(UNREACHABLE, status, why)
    return Verdict(REFUSED, status, why)


def with_fragment(target: str, url: str) -> str:
    """A redirect keeps the original's ``#fragment`` when it gives none (RFC 9110)."""
    if "#" in url and "#" not in target:
        return target + "#" + url.partition("#")[2]
    return target


def causes(error: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
