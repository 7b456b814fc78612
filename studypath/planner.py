"""Goals -> a study plan: the goals and everything they need, in an order that can be followed.

A topic's *stage* is one more than the highest stage among its prerequisites (stage 1 needs
nothing). A plan holds exactly the goals and their transitive prerequisites, ordered by stage
and, within a stage, by the topic's position in the graph file. Stages depend only on the whole
graph: they are laid out once, when the graph is validated (:func:`layers`), and kept with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Graph, Topic

if TYPE_CHECKING:
    import networkx as nx


#: What a plan without goals is for, in every output.
WHOLE_GRAPH = "the whole graph"


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

    @property
    def name(self) -> str:
        """What the plan is for, in words: its goals' titles, or :data:`WHOLE_GRAPH`."""
        return ", ".join(self.goal_titles) or WHOLE_GRAPH


class CycleError(ValueError):
    """The graph has cycles, so no order can satisfy every prerequisite."""

    def __init__(self, cycles: list[list[str]]) -> None:
        super().__init__("; ".join(" → ".join(c) for c in cycles))
        self.cycles = cycles


def layers(topics: Sequence[Topic]) -> dict[str, int]:
    """Every topic's stage, by Kahn's algorithm; :class:`CycleError` naming the cycles if the
    prerequisites leave no order (every ``requires`` entry must be one of ``topics``)."""
    waiting = {t.id: len(t.requires) for t in topics}
    dependents: dict[str, list[str]] = {}
    for topic in topics:
        for req in topic.requires:
            dependents.setdefault(req, []).append(topic.id)
    stages: dict[str, int] = {}
    current = [t.id for t in topics if not t.requires]
    depth = 1
    while current:
        following = []
        for topic_id in current:
            stages[topic_id] = depth
            for dependent in dependents.get(topic_id, ()):
                waiting[dependent] -= 1
                if not waiting[dependent]:
                    following.append(dependent)
        current, depth = following, depth + 1
    if len(stages) < len(topics):
        raise CycleError(find_cycles(topics))
    return stages


def layout(graph: Graph) -> dict[str, int]:
    """Every topic's stage in ``graph`` (see :func:`layers`)."""
    return layers(graph.topics)


def to_digraph(topics: Iterable[Topic]) -> nx.DiGraph[str]:
    """The topics for networkx: a node per topic, an edge from each prerequisite to its topic."""
    import networkx as nx

    digraph: nx.DiGraph[str] = nx.DiGraph()
    for topic in topics:
        digraph.add_node(topic.id)
        digraph.add_edges_from((req, topic.id) for req in topic.requires)
    return digraph


def find_cycles(topics: Sequence[Topic]) -> list[list[str]]:
    """One cycle per group of topics that need each other, each prerequisite first.

    Each cycle starts and ends with the topic that comes first in ``topics``.
    """
    import networkx as nx

    position = {t.id: i for i, t in enumerate(topics)}
    digraph = to_digraph(topics)
    cycles = []
    for component in nx.strongly_connected_components(digraph):
        if len(component) < 2:
            continue
        start = min(component, key=position.__getitem__)
        edges = nx.find_cycle(digraph.subgraph(component), source=start)
        cycle = [edge[0] for edge in edges]
        pivot = cycle.index(min(cycle, key=position.__getitem__))
        cycle = cycle[pivot:] + cycle[:pivot]
        cycles.append([*cycle, cycle[0]])
    cycles.sort(key=lambda c: position[c[0]])
    return cycles


def resolve_goals(graph: Graph, names: Iterable[str]) -> tuple[str, ...]:
    """The topic ids the goal names stand for, without repeats, in the order given."""
    from .resolve import resolve_goals as resolve

    return resolve(graph, names)


def closure(graph: Graph, goals: Iterable[str]) -> set[str]:
    """The goals (topic ids) and every topic they need, directly or not."""
    needed = set(goals)
    stack = list(needed)
    while stack:
        for req in graph.topic(stack.pop()).requires:
            if req not in needed:
                needed.add(req)
                stack.append(req)
    return needed


def plan(graph: Graph, goals: Sequence[str] = ()) -> Plan:
    """The plan for ``goals`` (ids, aliases or titles; none means the whole graph)."""
    goal_ids = resolve_goals(graph, goals)
    stages = graph.stages
    if goal_ids:
        needed: Iterable[str] = sorted(
            closure(graph, goal_ids), key=lambda t: (stages[t], graph.position(t))
        )
    else:
        needed = sorted(graph.ids, key=lambda t: (stages[t], graph.position(t)))
    steps = tuple(Step(graph.topic(t), stages[t]) for t in needed)
    return Plan(graph=graph, goals=goal_ids, steps=steps)
