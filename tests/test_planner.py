"""The planner, against an independent oracle: exactly the goals and their ancestors, ordered by
stage and file position, whichever way the graph was loaded (file, cache or memory)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import studypath
from studypath import GraphError, UnknownItemError, bundled_graph_path, load_graph, plan

from .strategies import (
    GroupSpec,
    Spec,
    dag_specs,
    graph_of,
    group_specs,
    grouped_graph_of,
    grouped_yaml_of,
    specs_and_goals,
    yaml_of,
)


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
        (1, "la-introduction"), (1, "calc-derivatives"), (1, "python-numpy"),
        (2, "la-vectors"),
        (3, "la-matrices"),
        (4, "la-linear-mappings"), (4, "calc-multivariate"), (4, "pca-statistics"),
        (5, "la-eigenvalues"), (5, "calc-chain-rule"), (5, "pca-inner-products"),
        (6, "linear-algebra"), (6, "calc-taylor-series"), (6, "pca-projections"),
        (7, "calc-optimisation"),
        (8, "calc-regression"), (8, "pca-derivation"),
        (9, "multivariate-calculus"),
        (10, "pca"),
    ]  # fmt: skip
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


# -- one-of groups ------------------------------------------------------------------------


def grouped_oracle(
    spec: GroupSpec, goals: list[str], taken: set[str], started: set[str]
) -> tuple[list[tuple[int, str]], dict[str, list[tuple[tuple[str, ...], str]]]]:
    """(stage, id) of the plan and its choices, by naive fixpoints: an alternative chosen is
    the first listed that is taken, else started, else the first listed; stages count every
    alternative."""
    requires = {t: r for t, r, _ in spec}
    groups = {t: g for t, _, g in spec}

    def chosen(group: list[str]) -> str:
        return next((t for t in group if t in taken), None) or next(
            (t for t in group if t in started), group[0]
        )

    needed = set(goals) or set(requires)
    while True:
        grown = needed | {r for t in needed for r in requires[t]}
        grown |= {chosen(g) for t in needed for g in groups[t]}
        if grown == needed:
            break
        needed = grown
    edges = {t: requires[t] + [a for g in groups[t] for a in g] for t in requires}
    stage = dict.fromkeys(requires, 1)
    for _ in requires:
        stage = {t: 1 + max((stage[r] for r in reqs), default=0) for t, reqs in edges.items()}
    position = {t: i for i, (t, _, _) in enumerate(spec)}
    order = sorted(needed, key=lambda t: (stage[t], position[t]))
    choices = {t: [(tuple(g), chosen(g)) for g in groups[t]] for t in order if groups[t]}
    return [(stage[t], t) for t in order], choices


def choices(result: studypath.Plan) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    return {t: [(c.group, c.chosen) for c in cs] for t, cs in result.choices.items()}


@st.composite
def grouped_cases(draw: st.DrawFn) -> tuple[GroupSpec, list[str], set[str], set[str]]:
    spec = draw(group_specs())
    ids = [t for t, _, _ in spec]
    goals = draw(st.lists(st.sampled_from(ids), max_size=3))
    taken = draw(st.sets(st.sampled_from(ids), max_size=4))
    started = draw(st.sets(st.sampled_from(ids), max_size=4))
    return spec, goals, taken, started


@settings(max_examples=150, deadline=None)
@given(grouped_cases())
def test_a_plan_with_one_of_groups_is_the_oracles(
    case: tuple[GroupSpec, list[str], set[str], set[str]],
) -> None:
    spec, goals, taken, started = case
    graph = grouped_graph_of(spec)
    result = plan(graph, goals, taken, started)
    expected_steps, expected_choices = grouped_oracle(spec, goals, taken, started)
    assert steps(result) == expected_steps
    assert choices(result) == expected_choices
    assert plan(graph, goals, taken, started) == result  # deterministic


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(grouped_cases())
def test_a_plan_with_one_of_groups_from_a_file_cold_and_warm_is_the_oracles(
    tmp_path: Path, case: tuple[GroupSpec, list[str], set[str], set[str]]
) -> None:
    spec, goals, taken, started = case
    path = tmp_path / "random.yaml"
    path.write_text(grouped_yaml_of(spec), encoding="utf-8")
    cache = tmp_path / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cold = studypath.load(path, directory=cache)
    warm = studypath.load(path, directory=cache)
    assert warm.from_cache and warm.topics == cold.topics
    written = [(t.id, list(t.requires), [list(g) for g in t.one_of]) for t in warm.topics]
    assert written == spec
    expected = grouped_oracle(spec, goals, taken, started)
    for graph in (cold, warm):
        result = plan(graph, goals, taken, started)
        assert (steps(result), choices(result)) == expected


@settings(max_examples=150, deadline=None)
@given(grouped_cases())
def test_what_a_plan_takes_comes_first_and_nothing_else_is_in_it(
    case: tuple[GroupSpec, list[str], set[str], set[str]],
) -> None:
    spec, goals, taken, started = case
    result = plan(grouped_graph_of(spec), goals, taken, started)
    at = {step.topic.id: i for i, step in enumerate(result.steps)}
    stage = {step.topic.id: step.stage for step in result.steps}
    wanted: set[str] = set(result.goals) or set(at)
    for step in result.steps:
        topic = step.topic
        chosen = [c.chosen for c in result.choices.get(topic.id, ())]
        assert len(chosen) == len(topic.one_of)
        for needed in (*topic.requires, *chosen):
            assert at[needed] < at[topic.id] and stage[needed] < step.stage
            wanted.add(needed)
        for choice, group in zip(result.choices.get(topic.id, ()), topic.one_of, strict=True):
            assert choice.group == group and choice.chosen in group
            assert choice.others == tuple(t for t in group if t != choice.chosen)
            # A taken alternative wins, then a started one: the first listed of them.
            first_taken = [t for t in group if t in taken]
            first_started = [t for t in group if t in started]
            assert choice.chosen == (first_taken or first_started or [group[0]])[0]
    # An alternative not chosen is there only when it is a goal or needed otherwise.
    assert set(at) == wanted


@settings(max_examples=100, deadline=None)
@given(group_specs(max_topics=10))
def test_a_back_edge_through_any_alternative_is_a_cycle(spec: GroupSpec) -> None:
    deep = next((t for t, _, groups in spec if groups), None)
    if deep is None:
        return
    groups = {t: g for t, _, g in spec}
    alternative = groups[deep][0][-1]  # the last listed: not one a plan would take
    looped = [(t, [*r, deep] if t == alternative else r, g) for t, r, g in spec]
    looped = [(t, r, [x for x in g if deep not in x]) for t, r, g in looped]
    with pytest.raises(GraphError, match=r"cycle: .*" + alternative):
        studypath.parse_graph(grouped_yaml_of(looped))
