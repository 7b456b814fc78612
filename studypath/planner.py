"""Goals -> a study plan: the goals and everything they need, in an order that can be followed.

A topic's *stage* is one more than the highest stage among its prerequisites (stage 1 needs
nothing). A plan holds exactly the goals and their transitive prerequisites, ordered by stage
and, within a stage, by the topic's position in the graph file. Stages depend only on the whole
graph: they are laid out once, when the graph is validated (:func:`layers`), and kept with it.

One-of groups (``requires: [a, {one-of: [b, c]}]``): for stages and cycles, *every*
alternative of a group counts as a prerequisite, so that whichever one a plan takes comes
before the topic, whatever the learner has done, and a loop through any alternative is a
cycle. For the plan, each group of a planned topic has one *chosen* alternative
(:func:`choose`): the first listed that the learner has *taken* (the caller says which: the
actions pass the topics done, known or skipped, which satisfy the group), else the first
listed that is *started*, else the first listed. Then a group is satisfied exactly when its
chosen alternative is. A plan holds the goals, their hard prerequisites and their chosen
alternatives, transitively; an alternative not chosen is in it only when something else needs
it. :attr:`Plan.choices` holds every choice made, for the output.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
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


_STAGE = attrgetter("stage")


@dataclass(frozen=True, slots=True)
class Choice:
    """A one-of group of a topic and the alternative a plan takes for it."""

    group: tuple[str, ...]
    chosen: str

    @property
    def others(self) -> tuple[str, ...]:
        """The alternatives not taken, in the group's order."""
        return tuple(t for t in self.group if t != self.chosen)


@dataclass(frozen=True)
class Plan:
    """What to study for some goals, in order. ``goals`` is empty for the whole graph.

    ``choices`` has, for each planned topic with one-of groups, the choice made for each of its
    groups, in the order of :attr:`Topic.one_of`.
    """

    graph: Graph
    goals: tuple[str, ...]
    steps: tuple[Step, ...]
    choices: Mapping[str, tuple[Choice, ...]] = field(default_factory=dict, hash=False)

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(step.topic for step in self.steps)

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return tuple(step.topic.id for step in self.steps)

    @property
    def stages(self) -> list[tuple[int, list[Step]]]:
        """The steps grouped by stage, in order."""
        return [(stage, list(steps)) for stage, steps in groupby(self.steps, _STAGE)]

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
    prerequisites leave no order (every ``requires`` entry and one-of alternative must be one
    of ``topics``). Every alternative of a one-of group counts, as a ``requires`` entry does."""
    waiting: dict[str, int] = {}
    dependents: dict[str, list[str]] = {}
    for topic in topics:
        requires = topic.all_requires
        waiting[topic.id] = len(requires)
        for req in requires:
            dependents.setdefault(req, []).append(topic.id)
    stages: dict[str, int] = {}
    current = [t.id for t in topics if not waiting[t.id]]
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
    """The topics for networkx: a node per topic, an edge from each prerequisite (every one-of
    alternative included) to its topic."""
    import networkx as nx

    digraph: nx.DiGraph[str] = nx.DiGraph()
    for topic in topics:
        digraph.add_node(topic.id)
        digraph.add_edges_from((req, topic.id) for req in topic.all_requires)
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


def choose(
    topic: Topic, taken: Collection[str] = (), started: Collection[str] = ()
) -> tuple[Choice, ...]:
    """The choice for each one-of group of ``topic``: the first alternative listed that is in
    ``taken`` (topic ids), else the first in ``started``, else the first listed."""
    return tuple(Choice(g, _chosen(g, taken, started)) for g in topic.one_of)


def _chosen(group: tuple[str, ...], taken: Collection[str], started: Collection[str]) -> str:
    for preferred in (taken, started):
        for topic_id in group:
            if topic_id in preferred:
                return topic_id
    return group[0]


def needs(
    topic: Topic, taken: Collection[str] = (), started: Collection[str] = ()
) -> tuple[str, ...]:
    """What a plan for ``topic`` takes first: its hard prerequisites, then the alternative
    chosen for each one-of group (:func:`choose`)."""
    if not topic.one_of:
        return topic.requires
    return (*topic.requires, *(c.chosen for c in choose(topic, taken, started)))


def closure(
    graph: Graph,
    goals: Iterable[str],
    taken: Collection[str] = (),
    started: Collection[str] = (),
) -> set[str]:
    """The goals (topic ids) and every topic they need, directly or not: hard prerequisites and
    the alternative chosen for each one-of group (``taken``, ``started``: see :func:`choose`)."""
    needed = set(goals)
    reached = list(needed)
    while reached:  # the topics reached last, built together
        topics, reached = graph.topics_of(reached), []
        for topic in topics:
            for req in needs(topic, taken, started):
                if req not in needed:
                    needed.add(req)
                    reached.append(req)
    return needed


def plan(
    graph: Graph,
    goals: Sequence[str] = (),
    taken: Collection[str] = (),
    started: Collection[str] = (),
) -> Plan:
    """The plan for ``goals`` (ids, aliases or titles; none means the whole graph). For each
    one-of group, the plan takes the first alternative listed that is in ``taken`` (topic ids:
    the actions pass those done, known or skipped), else the first in ``started``, else the
    first listed."""
    goal_ids = resolve_goals(graph, goals)
    stages = graph.stages
    if goal_ids:
        needed = sorted(
            closure(graph, goal_ids, taken, started), key=lambda t: (stages[t], graph.position(t))
        )
        steps = tuple(map(Step, graph.topics_of(needed), map(stages.__getitem__, needed)))
    else:
        steps = _every_step(graph)
    choices = {s.topic.id: choose(s.topic, taken, started) for s in steps if s.topic.one_of}
    return Plan(graph=graph, goals=goal_ids, steps=steps, choices=choices)


def _every_step(graph: Graph) -> tuple[Step, ...]:
    """Every topic of the graph as a step, by stage and then by position in the file: the
    topics in file order, sorted by stage (a stable sort keeps the file order within one)."""
    topics = graph.topics  # every topic built at once, not one by one
    stage_of = list(map(graph.stages.__getitem__, graph.ids))
    order = sorted(range(len(topics)), key=stage_of.__getitem__)
    return tuple(map(Step, map(topics.__getitem__, order), map(stage_of.__getitem__, order)))
