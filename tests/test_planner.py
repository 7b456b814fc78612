"""The planner: exactly the goals and their ancestors, every edge respected, stages right."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Topic, UnknownItemError, bundled_graph_path, layout, load_graph, plan


@st.composite
def dags(draw: st.DrawFn) -> Graph:
    """Random acyclic graphs: a topic may require only topics drawn before it in a shuffle."""
    count = draw(st.integers(min_value=1, max_value=25))
    order = draw(st.permutations(range(count)))
    topics = []
    for index in range(count):
        earlier = [order[i] for i in range(index)]
        requires = (
            draw(st.lists(st.sampled_from(earlier), max_size=4, unique=True)) if earlier else []
        )
        topics.append((order[index], requires))
    # Shuffle the file order so that it differs from the dependency order.
    file_order = draw(st.permutations(topics))
    return Graph(
        title="random",
        topics=tuple(
            Topic(id=f"t{n}", title=f"Topic {n}", requires=tuple(f"t{r}" for r in reqs))
            for n, reqs in file_order
        ),
    )


@st.composite
def graphs_and_goals(draw: st.DrawFn) -> tuple[Graph, list[str]]:
    graph = draw(dags())
    ids = [t.id for t in graph.topics]
    goals = draw(st.lists(st.sampled_from(ids), max_size=3))
    return graph, goals


def reference_digraph(graph: Graph) -> nx.DiGraph[str]:
    digraph: nx.DiGraph[str] = nx.DiGraph()
    digraph.add_nodes_from(t.id for t in graph.topics)
    digraph.add_edges_from((r, t.id) for t in graph.topics for r in t.requires)
    return digraph


@settings(max_examples=200, deadline=None)
@given(graphs_and_goals())
def test_plan_is_exactly_goals_and_ancestors(case: tuple[Graph, list[str]]) -> None:
    graph, goals = case
    digraph = reference_digraph(graph)
    expected = set(goals) | {a for g in goals for a in nx.ancestors(digraph, g)}
    if not goals:
        expected = set(digraph)
    result = plan(graph, goals)
    assert set(result.topic_ids) == expected
    assert len(result.topic_ids) == len(expected)


@settings(max_examples=200, deadline=None)
@given(graphs_and_goals())
def test_plan_respects_every_edge_and_stages_are_right(case: tuple[Graph, list[str]]) -> None:
    graph, goals = case
    result = plan(graph, goals)
    where = {topic_id: i for i, topic_id in enumerate(result.topic_ids)}
    stage = {s.topic.id: s.stage for s in result.steps}
    for step in result.steps:
        for req in step.topic.requires:
            assert where[req] < where[step.topic.id]
        expected = 1 + max((stage[r] for r in step.topic.requires), default=0)
        assert step.stage == expected
    # By stage, then by position in the file.
    keys = [(s.stage, graph.position(s.topic.id)) for s in result.steps]
    assert keys == sorted(keys)


@settings(max_examples=100, deadline=None)
@given(graphs_and_goals())
def test_plan_is_deterministic_and_the_cached_path_agrees(case: tuple[Graph, list[str]]) -> None:
    graph, goals = case
    first = plan(graph, goals)
    assert plan(graph, goals) == first
    assert plan(graph, goals, stages=layout(graph)) == first


def test_bundled_pca_plan() -> None:
    graph = load_graph(bundled_graph_path())
    result = plan(graph, ["pca"])
    assert result.goals == ("pca",)
    assert [(s.stage, s.topic.id) for s in result.steps] == [
        (1, "linear-algebra"),
        (1, "python-numpy"),
        (2, "multivariate-calculus"),
        (3, "pca"),
    ]
    assert plan(graph, ["Principal component analysis"]).topic_ids == result.topic_ids


def test_goals_by_alias_title_and_several() -> None:
    graph = load_graph(bundled_graph_path())
    both = plan(graph, ["decision-tree", "PCA", "pca"])
    assert both.goals == ("decision-trees", "pca")
    assert {"probability", "decision-trees", "pca"} <= set(both.topic_ids)
    assert len(plan(graph).steps) == len(graph.topics)


def test_unknown_goal_suggests() -> None:
    graph = load_graph(bundled_graph_path())
    with pytest.raises(UnknownItemError, match="did you mean `decision-trees`"):
        plan(graph, ["decision-tres"])
