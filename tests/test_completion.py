"""The completion index: a lookup by prefix equals a filter over every name, and goes stale
with the graph file."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, Topic
from studypath.completion import LIMIT, index_path, lookup, write

NAMES = st.text(alphabet="abcx-/é", min_size=1, max_size=6)


def graph_of(ids: list[str]) -> Graph:
    topics = [
        Topic(f"t{n}-{name}", f"Title {name}", aliases=(f"a{n}-{name}",),
              resources=(Resource(f"t{n}-{name}", f"r{n}", f"R {name}"),))
        for n, name in enumerate(ids)
    ]  # fmt: skip
    return Graph("g", topics)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(NAMES, min_size=1, max_size=40), st.text(alphabet="abtr0123-/", max_size=4))
def test_a_lookup_is_a_filter_over_every_name(tmp_path: Path, ids: list[str], prefix: str) -> None:
    graph = graph_of(ids)
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    write(tmp_path / "c", graph_file, graph)
    every = sorted(
        {t.id for t in graph.topics}
        | {a for t in graph.topics for a in t.aliases}
        | {r.full_id for t in graph.topics for r in t.resources}
        | {r.id for t in graph.topics for r in t.resources}
    )
    found = lookup(tmp_path / "c", graph_file, prefix)
    assert found is not None
    assert [e.name for e in found] == [n for n in every if n.startswith(prefix)][:LIMIT]


def test_an_index_goes_stale_with_its_graph_file(tmp_path: Path) -> None:
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    write(tmp_path / "c", graph_file, graph_of(["one"]))
    assert lookup(tmp_path / "c", graph_file, "t0") is not None
    os.utime(graph_file, ns=(1, 1))
    assert lookup(tmp_path / "c", graph_file, "t0") is None
    index_path(tmp_path / "c", graph_file).write_bytes(b"garbage\n\x00\xff")
    assert lookup(tmp_path / "c", graph_file, "t0") is None
    assert lookup(tmp_path / "missing", graph_file, "t0") is None


def test_a_whole_name_typed_is_offered_first(tmp_path: Path) -> None:
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    write(tmp_path / "c", graph_file, graph_of(["one", "on", "other"]))
    found = lookup(tmp_path / "c", graph_file, "t1-on")
    assert found is not None
    assert [(e.name, e.kind, e.title) for e in found] == [
        ("t1-on", "t", "Title on"), ("t1-on/r1", "r", "R on")
    ]  # fmt: skip
    resources = lookup(tmp_path / "c", graph_file, "r2")
    assert resources is not None and [(e.item, e.kind) for e in resources] == [("t2-other/r2", "s")]
