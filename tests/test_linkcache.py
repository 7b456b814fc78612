"""Link verdicts kept for a day in the cache directory, and that file held to the same rules as
a fresh verdict (it is untrusted input). The server is tests/linkserver.py's, on 127.0.0.1."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from studypath import linkcache
from studypath.links import Verdict

from .helpers import Run
from .linkserver import LinkServer, WriteGraph, at, graph_of

EPOCH = 1_795_478_400  # 2026-11-24


pytestmark = pytest.mark.usefixtures("no_names")  # no test may look a name up


def cache_file() -> Path:
    return Path(os.environ["STUDYPATH_CACHE"]) / "links.json"


def at_time(seconds: int) -> dict[str, str]:
    return {"SOURCE_DATE_EPOCH": str(EPOCH + seconds)}


def test_verdicts_are_kept_for_a_day(run: Run, write_graph: WriteGraph, server: LinkServer) -> None:
    graph = graph_of(write_graph, [server.url(p) for p in ("/ok", "/gone", "/old", "/broken")])
    first = run("check", str(graph), "--links", env=at_time(0))
    asked = len(server.requests)
    again = run("check", str(graph), "--links", env=at_time(86_399))
    assert again.stdout.splitlines()[:3] == first.stdout.splitlines()[:3]
    assert again.stdout.splitlines()[-1].endswith(
        "1 unreachable (3 checked earlier today; --refresh asks again)"
    )
    assert server.requests[asked:] == [("HEAD", "/broken"), ("GET", "/broken")]  # "retry later"
    asked = len(server.requests)
    run("check", str(graph), "--links", "--refresh", env=at_time(86_399))
    assert {path for _, path in server.requests[asked:]} == {
        "/ok", "/gone", "/old", "/older", "/broken"
    }  # fmt: skip
    asked = len(server.requests)
    later = run("check", str(graph), "--links", env=at_time(86_399 + 86_400))
    assert "earlier today" not in later.stdout  # every verdict is a day old: asked again
    assert {path for _, path in server.requests[asked:]} == {
        "/ok",
        "/gone",
        "/old",
        "/older",
        "/broken",
    }
    document = json.loads(cache_file().read_text(encoding="utf-8"))
    assert document["format"] == 1
    assert sorted(document["links"]) == sorted(server.url(p) for p in ("/ok", "/gone", "/old"))
    assert document["links"][server.url("/old")] == {
        "checked": EPOCH + 86_399 + 86_400,
        "kind": "moved",
        "status": 301,
        "detail": "",
        "target": server.url("/ok"),
        "snapshot": None,
        "archive": None,
    }


def entry(**changes: Any) -> dict[str, Any]:
    good = {"checked": EPOCH, "kind": "dead", "status": 404, "detail": "", "target": None}
    return {**good, "snapshot": None, "archive": None, **changes}


#: Entries that each break one rule: none may be used.
BROKEN_ENTRIES = [
    entry(checked="2026-11-24"),
    entry(checked=EPOCH + 10),  # in the future
    entry(checked=EPOCH - 86_400),  # a day old
    entry(checked=True),
    entry(kind="gone"),
    entry(kind=["dead"]),
    entry(kind="unreachable"),  # a verdict that is never kept
    entry(status=999),
    entry(status=True),
    entry(status="404"),
    entry(detail="\u202eevil"),
    entry(detail="x" * 501),
    entry(detail=None),
    entry(kind="moved", status=301, target=None),
    entry(kind="moved", status=301, target="javascript:alert(1)"),
    entry(kind="moved", status=301, target="https://ok.example/\x1b[2J"),
    entry(archive="found", snapshot=None),
    entry(archive="found", snapshot="file:///etc/passwd"),
    entry(archive="timed out", snapshot=None),
    "dead",
]


def test_an_entry_is_used_only_when_it_keeps_every_rule(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    good = server.url("/forbidden")  # the server says 403; the cache says 404
    urls = [good, *(server.url(f"/ok?{n}") for n in range(len(BROKEN_ENTRIES)))]
    links = {good: entry(), **dict(zip(urls[1:], BROKEN_ENTRIES, strict=True))}
    links["javascript:alert(1)"] = entry()
    cache_file().parent.mkdir(parents=True)
    cache_file().write_text(json.dumps({"format": 1, "links": links}), encoding="utf-8")
    result = run("check", str(graph_of(write_graph, urls)), "--links", env=at_time(0))
    assert result.stdout.splitlines()[0] == at(graph_of(write_graph, urls), 0) + (
        f"dead link (404 Not Found): {good}"
    )
    assert server.asked("/forbidden") == []
    assert len(server.asked("/ok")) == len(BROKEN_ENTRIES)  # every other URL was asked
    assert "earlier today" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not json", b"[]", b'{"format": 2, "links": {}}', b'{"format": 1, "links": []}',
     b'{"format": 1}', b"[" * 100_000],
)  # fmt: skip
def test_a_file_that_is_not_a_cache_is_ignored_and_replaced(
    run: Run, write_graph: WriteGraph, server: LinkServer, content: bytes
) -> None:
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(content)
    result = run("check", str(graph_of(write_graph, [server.url("/ok")])), "--links")
    assert result.exit_code == 0 and result.stderr == ""
    assert server.asked("/ok") == ["HEAD"]
    assert list(json.loads(cache_file().read_text(encoding="utf-8"))["links"]) == [
        server.url("/ok")
    ]
    left = [p.name for p in cache_file().parent.iterdir() if p.suffix != ".graph"]
    assert left == ["links.json"]  # no temporary file left


def test_a_file_too_large_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "links.json"
    verdict = Verdict("ok", 200)
    linkcache.write(path, {}, {"https://a.example/": (EPOCH, verdict)}, EPOCH)
    assert linkcache.read(path, EPOCH) == {
        "https://a.example/": (EPOCH, Verdict("ok", 200, cached=True))
    }
    monkeypatch.setattr(linkcache, "MAX_BYTES", path.stat().st_size - 1)
    assert linkcache.read(path, EPOCH) == {}


def test_a_cache_that_cannot_be_written_is_no_error(
    run: Run, write_graph: WriteGraph, server: LinkServer
) -> None:
    cache_file().mkdir(parents=True)  # a directory where the file goes
    graph = graph_of(write_graph, [server.url("/gone")])
    for _ in range(2):
        result = run("check", str(graph), "--links")
        assert result.exit_code == 1 and result.stderr == ""
    assert sorted(server.asked("/gone")) == ["GET", "GET", "HEAD", "HEAD"]  # nothing kept


def test_writing_keeps_what_is_fresh_and_lasting_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache" / "links.json"
    old = {
        "https://old.example/": (EPOCH - 86_400, Verdict("ok", 200)),
        "https://kept.example/": (EPOCH - 10, Verdict("ok", 200)),
        "https://flaky.example/": (EPOCH - 5, Verdict("ok", 200)),
    }
    new = {
        "https://flaky.example/": (EPOCH, Verdict("unreachable", 503)),
        "https://dead.example/": (EPOCH, Verdict("dead", 404, archive="timed out")),
        "https://moved.example/": (EPOCH, Verdict("moved", 301, target="https://new.example/")),
    }
    monkeypatch.setattr(linkcache, "MAX_ENTRIES", 2)
    linkcache.write(path, old, new, EPOCH)
    kept = linkcache.read(path, EPOCH)
    assert list(kept) == ["https://dead.example/", "https://moved.example/"]  # the newest
    assert kept["https://dead.example/"][1].archive is None  # a failed look-up is asked again
    assert kept["https://moved.example/"][1].target == "https://new.example/"
