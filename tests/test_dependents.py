"""The dependents index beside the graph cache: the same answers as the graph, stale with the
graph file, and never believed when it names what the graph does not say."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from studypath.dependents import finder, lookup, path_of, table, write

from .strategies import GroupSpec, Spec, dag_specs, graph_of, group_specs, grouped_graph_of

SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SLOW
@given(dag_specs())
def test_a_lookup_gives_what_the_graph_says(tmp_path: Path, spec: Spec) -> None:
    graph = graph_of(spec)
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    directory = tmp_path / "c"
    write(directory, graph_file, graph)
    whole = table(directory, graph_file)
    assert whole is not None
    for topic_id in graph.ids:
        expected = list(graph.dependents(topic_id))
        assert sorted(lookup(directory, graph_file, topic_id) or []) == sorted(expected)
        assert sorted(whole.get(topic_id, [])) == sorted(expected)
        assert list(finder(graph, graph_file, directory)(topic_id)) == expected
    assert lookup(directory, graph_file, "t") == []  # a prefix of ids is no id


def test_the_index_is_written_on_first_use_and_goes_stale_with_the_graph(tmp_path: Path) -> None:
    graph = graph_of([("a", []), ("b", ["a"]), ("ab", ["a", "b"]), ("c", ["ab"])])
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    directory = tmp_path / "c"
    assert lookup(directory, graph_file, "a") is None
    assert finder(graph, graph_file, directory)("a") == ("b", "ab")
    assert path_of(directory, graph_file).is_file()
    assert lookup(directory, graph_file, "a") == ["ab", "b"]
    assert lookup(directory, graph_file, "ab") == ["c"]
    graph_file.write_text("changed", encoding="utf-8")
    os.utime(graph_file, ns=(1, 1))
    assert lookup(directory, graph_file, "a") is None and table(directory, graph_file) is None
    assert finder(graph, None, None)("a") == ("b", "ab")  # no cache: the graph's own answer


def test_what_the_index_says_is_checked_against_the_graph(tmp_path: Path) -> None:
    graph = graph_of([("a", []), ("b", ["a"]), ("c", [])])
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    directory = tmp_path / "c"
    write(directory, graph_file, graph)
    index = path_of(directory, graph_file)
    header = index.read_text(encoding="utf-8").splitlines()[0]
    index.write_text(f"{header}\na\tb\na\tc\na\tgone\nb\ta\n", encoding="utf-8")
    assert lookup(directory, graph_file, "a") == ["b", "c", "gone"]
    assert finder(graph, graph_file, directory)("a") == ("b",)  # c and gone do not need a
    index.write_bytes(header.encode() + b"\n\xff\xfe\n")
    assert lookup(directory, graph_file, "a") == []
    assert table(directory, graph_file) is None  # not UTF-8: not used
    index.write_text("something else\n", encoding="utf-8")
    assert lookup(directory, graph_file, "a") is None


@SLOW
@given(group_specs())
def test_a_topic_in_a_one_of_group_is_a_dependent_there_too(
    tmp_path: Path, spec: GroupSpec
) -> None:
    graph = grouped_graph_of(spec)
    graph_file = tmp_path / "g.yaml"
    graph_file.write_text("x", encoding="utf-8")
    directory = tmp_path / "c"
    write(directory, graph_file, graph)
    find = finder(graph, graph_file, directory)
    for topic_id in graph.ids:
        expected = [
            t for t, r, groups in spec if topic_id in r or any(topic_id in g for g in groups)
        ]
        expected.sort(key=graph.position)
        assert list(graph.dependents(topic_id)) == expected
        assert sorted(lookup(directory, graph_file, topic_id) or []) == sorted(expected)
        assert list(find(topic_id)) == expected
