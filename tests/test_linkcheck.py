"""How the link checker fails, and says why: names that never resolve, hosts that do not
exist, no network at all (``socket.getaddrinfo`` replaced: no name ever reaches a DNS server),
addresses httpx cannot use, servers that keep saying 429, archives that answer nonsense."""

from __future__ import annotations

import asyncio
import errno
import socket
import time

import httpx
import pytest

from studypath import linkcheck, links

from .helpers import Run
from .linkserver import LinkServer, WriteGraph, at, graph_of, refused_port

pytestmark = pytest.mark.usefixtures("no_names")  # no test may look a name up


def test_a_name_under_invalid_is_dead_without_a_look_up(
    run: Run, write_graph: WriteGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_look_up(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"looked up {args[0]!r}")

    monkeypatch.setattr(socket, "getaddrinfo", no_look_up)
    graph = graph_of(write_graph, ["https://nowhere.invalid/a", "http://x.invalid./b"])
    result = run("check", str(graph), "--links")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        at(graph, 0) + "dead link (no such host: .invalid names never resolve): "
        "https://nowhere.invalid/a"
    )


def failing_look_ups(monkeypatch: pytest.MonkeyPatch, code: int) -> list[str]:
    """``socket.getaddrinfo`` failing as it does with no network (or no such host): no name
    is ever sent to a DNS server. Returns the names asked, as they are asked."""
    asked: list[str] = []
    reason = {socket.EAI_AGAIN: "Temporary failure in name resolution"}.get(code, "no host")

    def look_up(host: object, *args: object, **kwargs: object) -> object:
        asked.append(host.decode() if isinstance(host, bytes) else str(host))
        time.sleep(0.05)
        raise socket.gaierror(code, reason)

    monkeypatch.setattr(socket, "getaddrinfo", look_up)
    return asked


def test_no_network_is_one_message_without_waiting_for_every_host(
    run: Run, write_graph: WriteGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = failing_look_ups(monkeypatch, socket.EAI_AGAIN)
    urls = [f"https://site{n}.test/page{i}" for n in range(60) for i in range(2)]
    result = run("check", str(graph_of(write_graph, urls)), "--links")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: no network: the first requests to site")
    assert "(DNS: Temporary failure in name resolution) and nothing answered" in result.stderr
    assert len(asked) < 20  # 60 hosts; it stopped after the first few
    assert len(set(asked)) == len(asked)  # one look-up per host, not one per URL


def test_a_host_that_does_not_resolve_is_not_a_missing_network(
    run: Run, write_graph: WriteGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = failing_look_ups(monkeypatch, socket.EAI_NONAME)
    urls = ["https://gone.test/a", "https://gone.test/b", "https://also-gone.test/"]
    result = run("check", str(graph_of(write_graph, urls)), "--links")
    assert result.exit_code == 1  # dead: fewer hosts than it takes to say "no network"
    assert result.stdout.count("dead link (no such host (no host))") == 3
    assert sorted(asked) == ["also-gone.test", "gone.test"]


def test_the_network_is_there_once_anything_answered() -> None:
    checker = linkcheck.Checker(1.0)
    checker.answered = True
    for host in ("a", "b", "c", "d"):
        checker._no_network(host, "DNS")  # no error: something answered before
    checker.answered = False
    with pytest.raises(links.NoNetworkError, match="first requests to a, b, c, d and e"):
        checker._no_network("e", "DNS")


def failure(error: Exception) -> tuple[str, str, bool, bool]:
    verdict, everywhere, offline = linkcheck.Checker(2.5)._failure(error)
    return verdict.kind, verdict.detail, everywhere, offline


def caused(error: Exception, cause: BaseException) -> Exception:
    error.__cause__ = cause
    return error


def test_failures_to_connect_stand_for_the_host_and_some_for_the_network() -> None:
    unreachable = OSError(errno.ENETUNREACH, "Network is unreachable")
    assert failure(caused(httpx.ConnectError("x"), unreachable)) == (
        "unreachable", "Network is unreachable", True, True
    )  # fmt: skip
    again = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    assert failure(caused(httpx.ConnectError("x"), again))[1:] == (
        "DNS: Temporary failure in name resolution", True, True
    )  # fmt: skip
    assert failure(httpx.ConnectTimeout("x")) == (
        "unreachable",
        "timed out after 2.5 s",
        True,
        True,
    )
    assert failure(httpx.ReadTimeout("x")) == ("unreachable", "timed out after 2.5 s", False, False)
    assert failure(TimeoutError()) == ("unreachable", "timed out after 2.5 s", False, False)
    assert failure(httpx.ConnectError("TLS: bad certificate")) == (
        "unreachable", "TLS: bad certificate", True, False
    )  # fmt: skip
    assert failure(httpx.RemoteProtocolError("")) == (
        "unreachable", "RemoteProtocolError", False, False
    )  # fmt: skip


def test_addresses_httpx_cannot_use(run: Run, write_graph: WriteGraph, server: LinkServer) -> None:
    graph = graph_of(write_graph, ["http://[::1/", server.url("/to-nowhere")])
    result = run("check", str(graph), "--links")
    assert result.exit_code == 1
    assert server.asked("/to-nowhere") == ["HEAD"]  # GET would get the same Location
    assert result.stdout.splitlines()[:2] == [
        at(graph, 0) + "dead link (not a valid URL: Invalid port: ':1'): http://[::1/",
        at(graph, 1) + "refused (a redirect to an invalid URL): "
        f"{server.url('/to-nowhere')} — check it in a browser",
    ]


def test_a_server_that_keeps_saying_429_is_asked_three_times(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    result = run("check", str(graph_of(write_graph, [server.url("/always-busy")])), "--links")
    assert result.exit_code == 0
    assert "rate-limited (429 Too Many Requests, asked to wait 0 s)" in result.stdout
    assert server.asked("/always-busy") == ["HEAD"] * 3


@pytest.mark.parametrize(
    ("archive", "said"),
    [
        ("/garbage", "it sent something else than an answer of its availability API"),
        ("refused", "connection refused"),
        ("/wayback", "its answer is longer than 10 bytes"),
    ],
)
def test_an_archive_that_does_not_answer_as_asked(
    run: Run,
    write_graph: WriteGraph,
    server: LinkServer,
    monkeypatch: pytest.MonkeyPatch,
    archive: str,
    said: str,
) -> None:
    if archive == "/wayback":  # an answer longer than studypath reads is no answer
        monkeypatch.setattr(linkcheck, "MAX_BODY", 10)
    graph = graph_of(write_graph, [server.url("/gone")])
    with refused_port() as port:
        base = f"http://127.0.0.1:{port}" if archive == "refused" else server.url(archive)
        base = base.removesuffix("/wayback")
        result = run("check", str(graph), "--links", "--archive", "--archive-url", base)
    assert result.stdout.splitlines()[0].endswith(
        f"— the Internet Archive could not be asked ({said})"
    )


def test_only_a_hosts_first_request_speaks_for_the_host() -> None:
    """A host that answered once and then refuses a connection (busy, restarting): that URL
    alone is unreachable; the next URL of the host is still asked."""
    answers: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        answers.append(request.url.path)
        if request.url.path == "/refused":
            raise caused(httpx.ConnectError("refused", request=request), ConnectionRefusedError())
        return httpx.Response(200)

    async def check() -> tuple[str, str, str]:
        checker = linkcheck.Checker(1.0)
        checker.total = asyncio.Semaphore(4)
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            checker.client = client
            verdicts = [await checker.check(f"http://h.example/{p}") for p in ("a", "refused", "b")]
        return verdicts[0].kind, verdicts[1].detail, verdicts[2].kind

    assert asyncio.run(check()) == ("ok", "connection refused", "ok")
    assert answers == ["/a", "/refused", "/b"]
