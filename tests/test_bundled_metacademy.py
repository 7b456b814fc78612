"""The bundled Metacademy graph (data/metacademy.yaml): made by data/build/metacademy.py from the
shared dataset, valid, plannable to every topic, and shipped with its credit and licence."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from studypath import Graph, load_graph, plan
from studypath.graphfile import slugify
from studypath.model import ID_PATTERN, KINDS

from .conftest import ROOT, Run
from .test_metacademy import DANGLING

GRAPH = ROOT / "data" / "metacademy.yaml"
SCRIPT = ROOT / "data" / "build" / "metacademy.py"
NOTICE = ROOT / "data" / "licences" / "metacademy-CC-BY-SA-3.0.txt"
#: The shared datasets, read-only beside the repository (CI checks ../shared out next to it).
SOURCE = ROOT.parent / "shared" / "datasets" / "metacademy.json"
PCA = "principal_component_analysis"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/3.0/"

needs_dataset = pytest.mark.skipif(
    not SOURCE.is_file(),
    reason=f"Metacademy's dataset is not at {SOURCE} (../shared/datasets beside the repository)",
)


@cache
def bundled() -> Graph:
    return load_graph(GRAPH)


@cache
def script() -> ModuleType:
    """data/build/metacademy.py, imported (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("metacademy_build", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SOURCE.read_text(encoding="utf-8"))
    return data


def digraph(edges: list[tuple[str, str]], nodes: list[str]) -> nx.DiGraph[str]:
    result: nx.DiGraph[str] = nx.DiGraph()
    result.add_nodes_from(nodes)
    result.add_edges_from(edges)
    return result


def graph_digraph(graph: Graph) -> nx.DiGraph[str]:
    edges = [(r, t.id) for t in graph.topics for r in t.requires]
    return digraph(edges, list(graph.ids))


@needs_dataset
def test_the_shipped_file_is_the_scripts_output(tmp_path: Path) -> None:
    output = tmp_path / "metacademy.yaml"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(SOURCE), str(output)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == GRAPH.read_bytes(), (
        "data/metacademy.yaml differs from what data/build/metacademy.py makes: run "
        "`python data/build/metacademy.py ../shared/datasets/metacademy.json "
        "data/metacademy.yaml`"
    )


def test_the_script_refuses_bad_arguments_without_a_traceback(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT), *args], check=False, capture_output=True, text=True
        )

    assert run().returncode == 2
    missing = run(str(tmp_path / "none.json"), str(tmp_path / "out.yaml"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    (tmp_path / "bad.json").write_text('{"concepts": [{"id": "Bad Id"}]}', encoding="utf-8")
    bad = run(str(tmp_path / "bad.json"), str(tmp_path / "out.yaml"))
    assert bad.returncode == 1 and "'Bad Id' is not a valid studypath id" in bad.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_the_scripts_rules_are_studypaths() -> None:
    """The script needs no studypath, so it restates the id rule and kinds: they must agree."""
    assert script().ID_PATTERN.pattern == ID_PATTERN.pattern
    assert set(script().KINDS.values()) <= set(KINDS)


@given(st.text(max_size=80))
def test_resource_ids_are_the_ids_studypath_derives(title: str) -> None:
    expected = slugify(title)
    try:
        derived = script().resource_id(title)
    except script().ConversionError:  # no letter or digit: studypath hashes, the script refuses
        assert re.fullmatch(r"r-[0-9a-f]{8}", expected)
    else:
        assert derived == expected


def test_the_graph_validates_with_its_title_licence_and_credit(run: Run) -> None:
    graph = bundled()
    assert len(graph) == 392
    assert sum(len(t.resources) for t in graph.topics) == 1084
    assert graph.title == "Metacademy: machine learning concepts"
    assert graph.meta["licence"] == "CC BY-SA 3.0"
    assert graph.meta["credit"] == "Metacademy contributors"
    result = run("check", str(GRAPH))
    assert result.exit_code == 0, result.output
    assert "392 topics" in result.stdout


def test_pca_plans_its_35_ancestors_and_itself() -> None:
    result = plan(bundled(), [PCA])
    assert len(result.steps) == 36
    assert result.steps[-1].topic.id == PCA
    expected = nx.ancestors(graph_digraph(bundled()), PCA)
    assert set(result.topic_ids) == {*expected, PCA}


def test_the_bundled_graph_is_named_metacademy(run: Run) -> None:
    result = run("plan", "--graph", "metacademy", PCA, "--no-pager")
    assert result.exit_code == 0, result.output
    assert "36 topics" in result.stdout


@needs_dataset
def test_pcas_ancestors_are_those_of_the_source() -> None:
    concepts = source()["concepts"]
    ids = [c["id"] for c in concepts]
    edges = [(r, c["id"]) for c in concepts for r in c["requires"] if r in set(ids)]
    expected = nx.ancestors(digraph(edges, ids), PCA)
    assert len(expected) == 35
    assert set(plan(bundled(), [PCA]).topic_ids) == {*expected, PCA}


def test_every_topic_plans_to_exactly_what_it_needs() -> None:
    graph = bundled()
    needs = graph_digraph(graph)
    for topic_id in graph.ids:
        result = plan(graph, [topic_id])
        assert set(result.topic_ids) == {*nx.ancestors(needs, topic_id), topic_id}
        assert result.steps[-1].topic.id == topic_id


def test_the_whole_graph_plan_respects_every_edge() -> None:
    graph = bundled()
    result = plan(graph)
    assert len(result.steps) == 392
    where = {t: i for i, t in enumerate(result.topic_ids)}
    assert all(where[r] < where[t.id] for t in graph.topics for r in t.requires)
    assert max(s.stage for s in result.steps) == 18  # the longest chain: 17 edges


@needs_dataset
def test_topics_and_resources_are_the_sources_facts() -> None:
    data = source()
    assert set(data["dangling_requires"]) == DANGLING
    graph = bundled()
    assert list(graph.ids) == [c["id"] for c in data["concepts"]]
    for concept in data["concepts"]:
        topic = graph.topic(concept["id"])
        assert topic.title == concept["title"]
        assert topic.hours == concept["hours"]
        assert list(topic.requires) == [r for r in concept["requires"] if r not in DANGLING]
        assert len(topic.resources) == len(concept["resources"])
        for resource, given_ in zip(topic.resources, concept["resources"], strict=True):
            assert (resource.title, resource.url) == (given_["title"], given_["url"])
            assert (resource.kind, resource.free) == (given_["kind"], given_["free"])
            assert resource.optional is not given_["core"]
            assert resource.note == (given_["location"] or None)


def test_resource_ids_are_titles_numbered_when_repeated() -> None:
    topic = bundled().topic("backpropagation")
    ids = [r.id for r in topic.resources if r.title == "Coursera: Machine Learning"]
    assert ids == ["coursera-machine-learning", "coursera-machine-learning-2"]
    for topic in bundled().topics:
        seen: dict[str, int] = {}
        for resource in topic.resources:
            base = slugify(resource.title)
            seen[base] = seen.get(base, 0) + 1
            assert resource.id == (base if seen[base] == 1 else f"{base}-{seen[base]}")


def test_the_header_credits_licenses_and_lists_what_was_dropped() -> None:
    comments = [
        line.removeprefix("#").strip()
        for line in GRAPH.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    header = "\n".join(comments)
    assert "Credit: Metacademy contributors" in header
    assert f"Licence: CC BY-SA 3.0, {LICENCE_URL}" in header
    assert "Generated by data/build/metacademy.py" in header
    assert "do not edit by hand" in header
    listed = {line.split("'")[1] for line in comments if line.startswith("'")}
    assert listed == DANGLING
    assert "Dropped: the 18 prerequisite names" in header


def test_the_licence_notice_ships_beside_the_graph_and_is_referenced() -> None:
    notice = NOTICE.read_text(encoding="utf-8")
    for words in ("Metacademy contributors", "CC BY-SA 3.0", LICENCE_URL, "Changes made"):
        assert words in notice
    reference = NOTICE.relative_to(GRAPH.parent).as_posix()
    assert reference in GRAPH.read_text(encoding="utf-8")
