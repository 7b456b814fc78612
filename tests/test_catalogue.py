"""``studypath graphs`` and ``--graph NAME``: the bundled graphs by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from studypath import actions
from studypath.bundled import BUNDLED_NAME, bundled_dir, bundled_name, bundled_names
from studypath.cache import graph_location, load
from studypath.errors import GraphNotFoundError

from .conftest import Run


def test_every_yaml_file_in_the_data_folder_is_a_bundled_graph_the_default_first() -> None:
    names = bundled_names()
    assert names[0] == BUNDLED_NAME
    assert sorted(names[1:]) == names[1:]
    assert set(names) == {p.stem for p in bundled_dir().glob("*.yaml")}


def test_graphs_lists_each_bundled_graph_with_its_size_hours_and_terms(run: Run) -> None:
    result = run("graphs")
    assert result.exit_code == 0, result.output
    for entry in actions.graphs().graphs:
        graph = load(entry.name)
        assert entry.title == graph.title
        assert entry.topics == len(graph)
        assert entry.hours == sum(t.estimated_hours or 0 for t in graph.topics)
        assert entry.name in result.stdout
        assert entry.title in result.stdout
        for term in (entry.licence, entry.credit):
            assert term is None or term in result.stdout
    assert "(default)" in result.stdout


def test_graphs_as_json(run: Run) -> None:
    result = run("graphs", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["kind"] == "graphs"
    listed = [entry["name"] for entry in document["graphs"]]
    assert listed == bundled_names()
    assert [entry["default"] for entry in document["graphs"]].count(True) == 1


@pytest.mark.parametrize("name", bundled_names())
def test_a_bundled_graph_is_selected_by_name(run: Run, name: str) -> None:
    location, display = graph_location(name)
    assert location == bundled_dir() / f"{name}.yaml"
    assert display == f"{name}.yaml (bundled)"
    result = run("topics", "--graph", name)
    assert result.exit_code == 0, result.output
    assert load(name).title in result.stdout


def test_the_variable_names_a_bundled_graph_too(run: Run) -> None:
    result = run("where", env={"STUDYPATH_GRAPH": BUNDLED_NAME})
    assert result.exit_code == 0, result.output
    assert f"{bundled_dir() / BUNDLED_NAME}.yaml  (bundled; from $STUDYPATH_GRAPH)" in result.stdout


def test_a_file_of_that_name_wins_over_the_bundled_graph(
    write_graph: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_graph(
        "title: Mine\ntopics:\n  a:\n    title: A\n", name=BUNDLED_NAME
    )  # no suffix: the same spelling as the bundled name
    monkeypatch.chdir(path.parent)
    assert bundled_name(BUNDLED_NAME) is None
    assert load(BUNDLED_NAME).title == "Mine"


@pytest.mark.parametrize("given", ["./math-for-ml", "math-for-ml.yaml", "", "dir/math-for-ml"])
def test_only_a_bare_name_can_name_a_bundled_graph(given: str) -> None:
    assert bundled_name(given) is None


def test_a_misspelt_name_suggests_the_bundled_graph(run: Run) -> None:
    result = run("topics", "--graph", "math-for-mll")
    assert result.exit_code == 1
    assert "did you mean the bundled graph `math-for-ml`?" in result.stderr
    with pytest.raises(GraphNotFoundError, match="`studypath graphs` lists them"):
        load("zzzzzzzz")
    with pytest.raises(GraphNotFoundError) as info:
        load("nowhere/zzzz.yaml")
    assert "bundled" not in str(info.value)


def test_a_folder_named_like_a_bundled_graph_changes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "metacademy").mkdir()
    monkeypatch.chdir(tmp_path)
    assert bundled_name("metacademy") == "metacademy"
    result = run("graphs")
    assert result.exit_code == 0, result.output
    assert "Metacademy" in result.stdout
