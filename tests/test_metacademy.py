"""A real 392-concept prerequisite graph (Metacademy's), converted into the graph format."""

from __future__ import annotations

import networkx as nx
import pytest
import yaml

from studypath import GraphError, load_graph, parse_graph, plan

from .conftest import DATA

FIXTURE = DATA / "metacademy.yaml"
DANGLING = {
    "chi_squared_distribution", "confidence_intervals", "convex_duality", "convolution",
    "coordinate_descent", "exchangeability", "expectimax", "feed_forward_neural_networks",
    "generalized_eigenvalue_problems", "jacobian", "kruskals_algorithm", "mathematical_induction",
    "newton_rhapson", "random variables", "random_measures", "sharp_p_completeness", "variance",
    "well_ordering",
}  # fmt: skip


def cleaned() -> str:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    for topic in data["topics"].values():
        if "requires" in topic:
            topic["requires"] = [r for r in topic["requires"] if r not in DANGLING]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_every_dangling_prerequisite_is_reported() -> None:
    with pytest.raises(GraphError) as info:
        load_graph(FIXTURE)
    problems = info.value.problems
    assert len(problems) == 21
    named = {p.message.split("requires unknown topic `")[1].split("`")[0] for p in problems}
    assert named == DANGLING
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    for problem in problems:  # each line number points at the entry itself
        assert problem.line is not None
        name = problem.message.split("`")[3]
        assert name in lines[problem.line - 1]


def test_pca_plans_to_its_35_ancestors() -> None:
    graph = parse_graph(cleaned(), "metacademy.yaml")
    assert len(graph.topics) == 392
    result = plan(graph, ["principal_component_analysis"])
    assert len(result.steps) == 36
    assert result.steps[-1].topic.id == "principal_component_analysis"
    digraph: nx.DiGraph[str] = nx.DiGraph([(r, t.id) for t in graph.topics for r in t.requires])
    expected = nx.ancestors(digraph, "principal_component_analysis")
    assert set(result.topic_ids) - {"principal_component_analysis"} == expected


def test_whole_graph_plan_respects_every_edge() -> None:
    graph = parse_graph(cleaned(), "metacademy.yaml")
    result = plan(graph)
    where = {t: i for i, t in enumerate(result.topic_ids)}
    assert all(where[r] < where[t.id] for t in graph.topics for r in t.requires)
    assert max(s.stage for s in result.steps) == 18  # longest chain: 17 edges
