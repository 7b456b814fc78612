"""Goals -> a study plan: the goals and everything they need, in an order that can be followed.

A topic's *stage* is one more than the highest stage among its prerequisites (stage 1 needs
nothing). A plan holds exactly the goals and their transitive prerequisites, ordered by stage
and, within a stage, by the topic's position in the graph file. Stages and positions depend only
on the whole graph, so they can be computed once (:func:`layout`) and reused for every plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Graph, Topic
from .resolve import resolve_topic

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True, slots=True)
class Step:
    """One topic of a plan, with its stage."""

    topic: Topic
    stage: int


@dataclass(frozen=True)
class Plan:
    """What to study for some goals, in order. ``goals`` is empty for the whole graph."""

    graph: Graph
    goals: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(step.topic for step in self.steps)

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(step.topic.id for step in self.steps)

    @property
    def stages(self) -> list[tuple[int, list[Step]]]:
        """The steps grouped by stage, in order."""
        groups: list[tuple[int, list[Step]]] = []
        for step in self.steps:
            if not groups or groups[-1][0] != step.stage:
                groups.append((step.stage, []))
            groups[-1][1].append(step)
        return groups

    @property
    def resource_count(self) -> int:
        return sum(len(step.topic.resources) for step in self.steps)

    @property
    def goal_titles(self) -> list[str]:
        return [self.graph.topic(goal).title for goal in self.goals]


def to_digraph(graph: Graph) -> nx.DiGraph[str]:
    """The graph for networkx: a node per topic, an edge from each prerequisite to its topic."""
    import networkx as nx

    digraph: nx.DiGraph[str] = nx.DiGraph()
    digraph.add_nodes_from(t.id for t in graph.topics)
    digraph.add_edges_from((req, t.id) for t in graph.topics for req in t.requires)
    return digraph


class CycleError(ValueError):
    """The graph has cycles, so no order can satisfy every prerequisite."""

    def __init__(self, cycles: list[list[str]]) -> None:
        super().__init__("; ".join(" → ".join(c) for c in cycles))
        self.cycles = cycles


def layout(graph: Graph) -> dict[str, int]:
    """Every topic's stage, computed with networkx; :class:`CycleError` if there is none."""
    import networkx as nx

    digraph = to_digraph(graph)
    stages: dict[str, int] = {}
    try:
        for depth, generation in enumerate(nx.topological_generations(digraph), start=1):
            for topic_id in generation:
                stages[topic_id] = depth
    except nx.NetworkXUnfeasible:
        raise CycleError(find_cycles(graph, digraph)) from None
    return stages


def find_cycles(graph: Graph, digraph: nx.DiGraph[str]) -> list[list[str]]:
    """One cycle per group of topics that need each other, each prerequisite first.

    Each cycle starts and ends with the topic that comes first in the file.
    """
    import networkx as nx

    cycles = []
    for component in nx.strongly_connected_components(digraph):
        if len(component) < 2:
            continue
        start = min(component, key=graph.position)
        edges = nx.find_cycle(digraph.subgraph(component), source=start)
        cycle = [edge[0] for edge in edges]
        pivot = cycle.index(min(cycle, key=graph.position))
        cycle = cycle[pivot:] + cycle[:pivot]
        cycles.append([*cycle, cycle[0]])
    cycles.sort(key=lambda c: graph.position(c[0]))
    return cycles


def resolve_goals(graph: Graph, names: Iterable[str]) -> tuple[str, ...]:
    """The topic ids the goal names stand for, without repeats, in the order given."""
    goals: list[str] = []
    for name in names:
        topic_id = resolve_topic(graph, name)
        if topic_id not in goals:
            goals.append(topic_id)
    return tuple(goals)


def plan(graph: Graph, goals: Sequence[str] = (), stages: Mapping[str, int] | None = None) -> Plan:
    """The plan for ``goals`` (ids, aliases or titles; none means the whole graph).

    Without ``stages`` the planner works with networkx. With the stages :func:`layout` gave for
    this graph (from a cache, say), it needs nothing but the graph, and gives the same plan.
    """
    goal_ids = resolve_goals(graph, goals)
    if stages is None:
        stages = layout(graph)
        needed = _closure_networkx(graph, goal_ids)
    else:
        needed = _closure(graph, goal_ids)
    ordered = sorted(needed, key=lambda t: (stages[t], graph.position(t)))
    steps = tuple(Step(graph.topic(t), stages[t]) for t in ordered)
    return Plan(graph=graph, goals=goal_ids, steps=steps)


def _closure_networkx(graph: Graph, goals: tuple[str, ...]) -> set[str]:
    if not goals:
        return set(graph.ids)
    import networkx as nx

    digraph = to_digraph(graph)
    needed = set(goals)
    for goal in goals:
        needed |= nx.ancestors(digraph, goal)
    return needed


def _closure(graph: Graph, goals: tuple[str, ...]) -> set[str]:
    if not goals:
        return set(graph.ids)
    needed = set(goals)
    stack = list(goals)
    while stack:
        for req in graph.topic(stack.pop()).requires:
            if req not in needed:
                needed.add(req)
                stack.append(req)
    return needed
