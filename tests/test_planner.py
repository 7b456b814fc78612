"""The planner, against an independent oracle: exactly the goals and their ancestors, ordered by
stage and file position, whichever way the graph was loaded (file, cache or memory)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import studypath
from studypath import GraphError, UnknownItemError, bundled_graph_path, load_graph, plan

from .strategies import Spec, dag_specs, graph_of, specs_and_goals, yaml_of


def oracle(spec: Spec, goals: list[str]) -> list[tuple[int, str]]:
    """(stage, id) of the plan, by naive fixpoints over ``requires``: no graph library, no
    traversal order, nothing shared with the planner."""
    requires = dict(spec)
    needed = set(goals) or set(requires)
    while True:
        grown = needed | {r for t in needed for r in requires[t]}
        if grown == needed:
            break
        needed = grown
    stage = dict.fromkeys(requires, 1)
    for _ in requires:  # a longest path has fewer edges than there are topics
        stage = {t: 1 + max((stage[r] for r in reqs), default=0) for t, reqs in requires.items()}
    position = {t: i for i, (t, _) in enumerate(spec)}
    return [(stage[t], t) for t in sorted(needed, key=lambda t: (stage[t], position[t]))]


def steps(result: studypath.Plan) -> list[tuple[int, str]]:
    return [(s.stage, s.topic.id) for s in result.steps]


FIXTURES = [HealthCheck.function_scoped_fixture]


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES)
@given(specs_and_goals())
def test_the_plan_from_a_file_cold_and_warm_is_the_oracles(
    tmp_path: Path, case: tuple[Spec, list[str]]
) -> None:
    """The path the CLI takes: a file, validated (stages laid out), then from the cache."""
    spec, goals = case
    path = tmp_path / "random.yaml"
    path.write_text(yaml_of(spec), encoding="utf-8")
    cache = tmp_path / "cache"
    shutil.rmtree(cache, ignore_errors=True)  # tmp_path is shared by every example
    cold = studypath.load(path, directory=cache)
    warm = studypath.load(path, directory=cache)
    assert not cold.from_cache and warm.from_cache
    expected = oracle(spec, goals)
    assert steps(plan(cold, goals)) == expected
    assert steps(plan(warm, goals)) == expected


@settings(max_examples=150, deadline=None)
@given(specs_and_goals())
def test_the_plan_of_a_graph_built_in_memory_is_the_oracles(case: tuple[Spec, list[str]]) -> None:
    spec, goals = case
    graph = graph_of(spec)
    result = plan(graph, goals)
    assert steps(result) == oracle(spec, goals)
    assert plan(graph, goals) == result  # deterministic


@settings(max_examples=100, deadline=None)
@given(dag_specs(max_topics=12))
def test_a_back_edge_is_reported_as_a_cycle(spec: Spec) -> None:
    """Closing any path of prerequisites into a loop is refused, naming the loop."""
    requires = dict(spec)
    deep = next((t for t, reqs in spec if reqs), None)
    if deep is None:
        return
    root = requires[deep][0]
    looped = [(t, [*reqs, deep] if t == root else reqs) for t, reqs in spec]
    with pytest.raises(GraphError, match=r"cycle: .*" + root):
        studypath.parse_graph(yaml_of(looped))


def test_bundled_pca_plan() -> None:
    graph = load_graph(bundled_graph_path())
    result = plan(graph, ["pca"])
    assert result.goals == ("pca",)
    assert steps(result) == [
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
