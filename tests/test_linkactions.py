"""The action behind ``check --links``: where each URL is in the graph file, the options it
refuses, and what it does without asking anything (every verdict cached): no network here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studypath import linkactions, linkcache
from studypath.bundled import bundled_graph_path
from studypath.graphfile import load_graph
from studypath.links import Verdict

from .helpers import Run
from .linkserver import WriteGraph

pytestmark = pytest.mark.usefixtures("no_names")  # no test may look a name up


TRICKY = """\
title: Places   # url: not a resource's
topics:
  a:
    title: A
    summary: "url: https://not.example/a-url"
    resources:
      - {title: Flow, url: "https://flow.example/x"}
      - title: Block
        note: a note
        url:
          https://next-line.example/y
      - &shared
        title: Shared
        url: 'https://shared.example/'
  b:
    title: B
    resources: [{title: Elsewhere, id: e, url: https://e.example/}, *shared]
"""


def test_url_places_are_the_url_values_of_resources_only() -> None:
    elsewhere = "other:\n  x:\n    resources:\n      - url: http://no.example/\n"
    assert linkactions.url_places(TRICKY + elsewhere) == {
        ("a", 0): ("https://flow.example/x", 7, 28),  # at the quote, as the validator says
        ("a", 1): ("https://next-line.example/y", 11, 11),
        ("a", 2): ("https://shared.example/", 14, 14),
        ("b", 0): ("https://e.example/", 17, 48),
    }


def test_a_file_that_changed_since_it_was_validated_gives_what_it_can() -> None:
    broken = "topics:\n  a:\n    resources:\n      - url: http://a.example/\n  b: [\n"
    assert linkactions.url_places(broken) == {("a", 0): ("http://a.example/", 4, 14)}


def test_a_resource_behind_an_alias_is_placed_at_its_topic(
    run: Run, write_graph: WriteGraph
) -> None:
    graph = write_graph(TRICKY)
    cached = {"checked": 1_795_478_400, "kind": "dead", "status": 404, "detail": ""}
    entries = {url: cached for url, _, _ in linkactions.url_places(TRICKY).values()}
    write_cache({**entries, "https://shared.example/": cached})
    result = run("check", str(graph), "--links", env={"SOURCE_DATE_EPOCH": "1795478400"})
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        f"{graph}:7:28",
        f"{graph}:11:11",
        f"{graph}:14:14",
        f"{graph}:15",  # b's second resource is a's third: its topic's line, no column
        f"{graph}:17:48",
        f"{graph}",
    ]


def test_every_resource_of_the_bundled_graph_has_its_place() -> None:
    path = bundled_graph_path()
    places = linkactions.url_places(path.read_text(encoding="utf-8"))
    graph = load_graph(path)
    expected = {(t.id, i): r.url for t in graph.topics for i, r in enumerate(t.resources) if r.url}
    assert len(expected) > 10
    assert {key: url for key, (url, _, _) in places.items()} == expected
    assert all(line > 1 and column > 1 for _, line, column in places.values())


def write_cache(links: dict[str, object]) -> None:
    path = linkcache.location()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": 1, "links": links}), encoding="utf-8")


def test_every_verdict_from_the_cache_asks_nothing(
    write_graph: WriteGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studypath import linkcheck

    def no_check(*args: object) -> None:
        raise AssertionError("asked the network")

    monkeypatch.setattr(linkcheck.Checker, "run", no_check)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")
    urls = ["https://a.example/", "https://b.example/"]
    graph = write_graph(
        "topics:\n  t:\n    title: T\n    resources:\n"
        + "".join(f"      - {{title: R{i}, url: '{u}'}}\n" for i, u in enumerate(urls))
    )
    fresh = {u: (1_795_478_400, Verdict("ok", 200)) for u in urls}
    linkcache.write(linkcache.location(), {}, fresh, 1_795_478_400)
    seen: list[tuple[int, int]] = []
    report = linkactions.links(graph, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 2)]
    assert report.cached == 2 and not report.broken and report.problems() == []
    assert report.counts == {"ok": 2}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json"], "--json, --refresh, --timeout and --archive go with --links"),
        (["--timeout", "5"], "go with --links"),
        (["--links", "--timeout", "soon"], "--timeout must be a number of seconds"),
        (["--links", "--timeout", "0"], "above 0 and at most 600, not `0`"),
        (["--links", "--timeout", "nan"], "not `nan`"),
        (["--links", "--timeout", "601"], "not `601`"),
    ],
)
def test_options_it_refuses(run: Run, args: list[str], message: str) -> None:
    result = run("check", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_check_without_links_imports_no_http_client(tmp_path: Path) -> None:
    code = (
        "import sys\nsys.argv = ['studypath', 'check']\nfrom studypath.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('httpx', 'asyncio', 'studypath.linkcheck') if m in sys.modules))"
    )
    env = {"STUDYPATH_CACHE": str(tmp_path), "PATH": os.environ.get("PATH", "")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert out.stdout.splitlines()[-1] == "[]", out.stderr
