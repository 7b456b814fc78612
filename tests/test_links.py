"""``studypath check --links`` against a real HTTP server on 127.0.0.1 (tests/linkserver.py).

No test touches the internet or asks a real DNS server: names under ``.invalid`` never resolve
without a look-up, and the tests of a missing network replace ``socket.getaddrinfo``.
"""

from __future__ import annotations

import json
import time

import pytest

from studypath import linkreport, links

from .helpers import Run, run_in_terminal
from .linkserver import (
    SNAPSHOT,
    LinkServer,
    WriteGraph,
    at,
    graph_of,
    refused_port,
)

pytestmark = pytest.mark.usefixtures("no_names")  # no test may look a name up


def test_each_kind_of_answer_is_reported_at_the_urls_place(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    paths = ["/ok", "/old", "/for-now", "/old-then-gone", "/loop-a", "/gone", "/removed"]
    paths += ["/no-head", "/no-head-501", "/forbidden", "/broken", "/to-ftp", "/chain/0"]
    graph = graph_of(write_graph, [server.url(p) for p in [*paths, "/old#part"]])
    result = run("check", str(graph), "--links")
    assert result.exit_code == 1, result.output
    url = server.url
    assert result.stdout.splitlines() == [
        at(graph, 1) + f"moved permanently (301 Moved Permanently): {url('/old')} → "
        f"use {url('/ok')}",
        at(graph, 3) + f"dead link (404 Not Found at {url('/gone')}): {url('/old-then-gone')}",
        at(graph, 4) + f"redirect loop (back to {url('/loop-a')}): {url('/loop-a')}",
        at(graph, 5) + f"dead link (404 Not Found): {url('/gone')}",
        at(graph, 6) + f"dead link (410 Gone): {url('/removed')}",
        at(graph, 9) + f"refused (403 Forbidden): {url('/forbidden')} — check it in a browser",
        at(graph, 10) + f"unreachable (503 Service Unavailable): {url('/broken')} — retry later",
        at(graph, 11) + f"refused (301 Moved Permanently to `ftp:`): {url('/to-ftp')} — check "
        "it in a browser",
        at(graph, 12) + f"redirect loop (more than 10 redirects): {url('/chain/0')}",
        at(graph, 13) + f"moved permanently (301 Moved Permanently): {url('/old#part')} → "
        f"use {url('/ok#part')}",
        f"{graph}: 14 links · 3 dead · 2 loop · 2 moved · 1 unreachable · 2 refused",
    ]
    assert result.stderr == ""  # no progress bar off a terminal
    assert server.asked("/ok") == ["HEAD"] * 4  # itself, and where 3 redirects lead
    assert server.asked("/older") == ["HEAD"] * 2
    assert server.asked("/no-head") == ["HEAD", "GET"]
    assert server.asked("/no-head-501") == ["HEAD", "GET"]
    assert sorted(server.asked("/gone")) == ["GET", "GET", "HEAD", "HEAD"]  # 404 to HEAD: GET
    assert server.asked("/for-now") == ["HEAD"]  # a temporary redirect to a page: fine
    assert len(server.asked("/chain/10")) == 1 and not server.asked("/chain/11")


def test_everything_fine_is_one_line_and_exit_0(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    graph = graph_of(write_graph, [server.url("/ok"), server.url("/for-now"), server.url("/ok")])
    result = run("check", str(graph), "--links")
    assert result.exit_code == 0
    assert result.stdout == f"✔ {graph}: 2 links, all fine\n"
    assert server.asked("/ok") == ["HEAD", "HEAD"]  # each URL once; then /for-now's target


def test_problems_are_in_file_order(run: Run, write_graph: WriteGraph, server: LinkServer) -> None:
    gone, forbidden = server.url("/gone"), server.url("/forbidden")
    graph = graph_of(write_graph, [gone, forbidden, gone])
    lines = run("check", str(graph), "--links").stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{graph}:{n}:14" for n in (7, 9, 11)] + [
        str(graph)
    ]


def test_429_waits_as_retry_after_asks_then_reports(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    graph = graph_of(write_graph, [server.url("/busy"), server.url("/busy-for-long")])
    started = time.monotonic()
    result = run("check", str(graph), "--links")
    assert time.monotonic() - started >= 1.0  # /busy's Retry-After: 1
    assert result.exit_code == 0  # rate-limited is a warning
    assert result.stdout.splitlines()[0] == (
        at(graph, 1) + "rate-limited (429 Too Many Requests, asked to wait 3600 s): "
        f"{server.url('/busy-for-long')} — retry later"
    )
    assert server.asked("/busy") == ["HEAD", "HEAD"]  # asked again once the wait was over
    assert server.asked("/busy-for-long") == ["HEAD"]  # an hour is too long to wait


def test_a_slow_answer_times_out_and_a_refused_connection_is_unreachable(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    with refused_port() as port:
        refused = f"http://127.0.0.1:{port}/page"  # the same address, another port: another host
        graph = graph_of(write_graph, [refused, server.url("/slow"), refused + "2"])
        started = time.monotonic()
        result = run("check", str(graph), "--links", "--timeout", "0.3")
    assert time.monotonic() - started < server.slow  # the slow answer was not waited for
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        at(graph, 0) + f"unreachable (connection refused): {refused} — retry later",
        at(graph, 1) + f"unreachable (timed out after 0.3 s): {server.url('/slow')} — retry later",
        at(graph, 2) + f"unreachable (connection refused): {refused}2 — retry later",
        f"{graph}: 3 links · 3 unreachable",
    ]
    assert server.asked("/slow") == ["HEAD"]  # GET would time out the same way


def test_archive_suggests_the_closest_snapshot_of_dead_links(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    urls = [server.url("/gone"), server.url("/removed"), server.url("/ok")]
    graph = graph_of(write_graph, urls)
    env = {"STUDYPATH_ARCHIVE_URL": server.base}
    result = run("check", str(graph), "--links", "--archive", env=env)
    assert result.stdout.splitlines()[:2] == [
        at(graph, 0)
        + f"dead link (404 Not Found): {urls[0]} — archived copy: "
        + SNAPSHOT.format(urls[0]),
        at(graph, 1) + f"dead link (410 Gone): {urls[1]} — no archived copy",
    ]
    assert len(server.asked("/wayback/available")) == 2  # only the dead links
    # From the cache, snapshots included: the archive is not asked again.
    again = run("check", str(graph), "--links", "--archive", "--archive-url", "http://127.0.0.1:9")
    assert again.stdout.splitlines()[:2] == result.stdout.splitlines()[:2]
    assert again.stdout.endswith("2 dead (3 checked earlier today; --refresh asks again)\n")
    assert len(server.asked("/wayback/available")) == 2


def test_an_archive_that_cannot_answer_is_said_so(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    graph = graph_of(write_graph, [server.url("/gone")])
    env = {"STUDYPATH_ARCHIVE_URL": server.url("/elsewhere")}
    result = run("check", str(graph), "--links", "--archive", env=env)
    assert result.stdout.splitlines()[0].endswith(
        "— the Internet Archive could not be asked (404 Not Found)"
    )
    assert server.asked("/elsewhere/wayback/available") == ["GET"]
    bad = run("check", str(graph), "--links", "--archive", "--archive-url", "ftp://archive")
    assert bad.exit_code == 2
    assert "the archive's address must be an http:// or https:// URL" in bad.stderr


def test_json_for_scripts(run: Run, write_graph: WriteGraph, server: LinkServer) -> None:
    urls = [server.url("/ok"), server.url("/old"), server.url("/gone"), server.url("/ok")]
    result = run("check", str(graph_of(write_graph, urls)), "--links", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert {k: document[k] for k in ("generator", "kind", "version")} == {
        "generator": "studypath",
        "kind": "links",
        "version": 1,
    }
    assert document["summary"] == {
        "links": 3,
        "broken": True,
        "cached": 0,
        "verdicts": {"dead": 1, "moved": 1, "ok": 1},
    }
    ok, moved, dead = document["links"]
    assert ok["places"] == [
        {"resource": "t/r0", "line": 7, "column": 14},
        {"resource": "t/r3", "line": 13, "column": 14},
    ]
    assert (moved["verdict"], moved["status"], moved["target"]) == ("moved", 301, urls[0])
    assert (dead["verdict"], dead["broken"], dead["status"]) == ("dead", True, 404)
    assert dead["message"] == f"dead link (404 Not Found): {urls[2]}"


def test_progress_bar_on_a_terminal(write_graph: WriteGraph, server: LinkServer) -> None:
    graph = graph_of(write_graph, [server.url("/ok"), server.url("/slow")])
    env = {"STUDYPATH_CACHE": str(graph.parent / "cache")}
    code, output = run_in_terminal(["check", str(graph), "--links", "--timeout", "1"], env)
    assert code == 0, output
    assert "Checking links" in output and "━" in output  # rich's bar, on stderr
    assert "1/2" in output  # shown for the second that the slow link takes
    assert output.rstrip().endswith(f"{graph}: 2 links · \x1b[33m1 unreachable\x1b[0m")


def test_the_graph_is_validated_before_any_request(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    graph = write_graph(
        f"topics:\n  t:\n    title: T\n    resources:\n      - url: {server.url('/ok')}\n"
    )
    result = run("check", str(graph), "--links")
    assert result.exit_code == 1
    assert result.stderr.endswith(f"1 problem in {graph}\n")  # the resource has no title
    assert server.requests == []


def test_retry_after_is_seconds_or_a_date() -> None:
    date = "Wed, 21 Oct 2015 07:28:00 GMT"  # 1445412480
    assert links.retry_after("120") == 120.0
    assert links.retry_after(date, now=1_445_412_470) == 10.0
    assert links.retry_after(date, now=1_445_412_490) == 0.0  # past: no wait
    for unreadable in (None, "soon", "Wed, 21 Oct 2015 07:28:00 -0000", "Wed, 99 Foo"):
        assert links.retry_after(unreadable) == 1.0


def test_the_archives_answer_is_read_as_untrusted() -> None:
    def answer(closest: object) -> bytes:
        return json.dumps({"archived_snapshots": {"closest": closest}}).encode()

    url = "http://web.archive.org/web/2020/https://a.example/"
    assert links.closest_snapshot(answer({"available": True, "url": url})) == url
    assert links.closest_snapshot(answer({"available": False, "url": url})) is None
    assert links.closest_snapshot(answer(None)) is None
    assert links.closest_snapshot(b'{"archived_snapshots": {}}') is None
    for nonsense in (b"[]", b'{"archived_snapshots": []}', answer("x"), b"{", b"\xff"):
        with pytest.raises(ValueError):
            links.closest_snapshot(nonsense)
    for bad in ("javascript:alert(1)", url + "\u202e", url + "x" * 5000, 7):
        with pytest.raises(ValueError, match="not a web address"):
            links.closest_snapshot(answer({"available": True, "url": bad}))


def test_words_for_statuses_and_verdicts() -> None:
    assert links.status_text(None) == "no answer"
    assert links.status_text(599) == "599"
    assert links.status_text(410) == "410 Gone"
    assert links.Verdict("ok", 200).message("https://a.example/") == (
        "ok (200 OK): https://a.example/"
    )


def test_the_progress_bar_is_for_terminals_only(monkeypatch: pytest.MonkeyPatch) -> None:
    with linkreport.progress() as update:
        assert update is None  # stderr is captured here: not a terminal
    monkeypatch.setenv("TERM", "dumb")
    assert not linkreport._terminal()
    monkeypatch.setattr(linkreport, "_terminal", lambda: True)
    with linkreport.progress() as update:
        assert update is not None
        update(1, 2)
