"""What a plan looks like given the learner's records: done, next up, hours left.

Rules: a topic is done when it has its own record, or when it has at least one required
(non-optional) resource and every required resource has a record. A resource is done when it has
its own record or its topic has one ("I know this"). A topic is *next up* when it is not done
and every prerequisite is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import topic_of

if TYPE_CHECKING:
    from .model import Graph, Topic
    from .planner import Plan
    from .store import Record


@dataclass(frozen=True)
class Standing:
    """Which topics and resources of a graph show as done."""

    topics: frozenset[str]
    resources: frozenset[str]


def standing(topics_: Iterable[Topic], recorded: Collection[str]) -> Standing:
    """Derive what shows as done, among these topics, from the ids that have records."""
    topics: set[str] = set()
    resources: set[str] = set()
    for topic in topics_:
        own = topic.id in recorded
        for resource in topic.resources:
            if own or resource.full_id in recorded:
                resources.add(resource.full_id)
        required = topic.required_resources
        if own or (required and all(r.full_id in resources for r in required)):
            topics.add(topic.id)
    return Standing(frozenset(topics), frozenset(resources))


def hours_left(topic: Topic, done: Standing) -> float | None:
    """Estimated hours still needed for the topic (None when nothing is estimated)."""
    if topic.id in done.topics:
        return 0.0 if topic.estimated_hours is not None else None
    stated = [r for r in topic.required_resources if r.hours is not None]
    if stated:
        return sum(r.hours or 0.0 for r in stated if r.full_id not in done.resources)
    return topic.hours


@dataclass(frozen=True)
class PlanProgress:
    """A plan's progress in numbers, with the topics to study next."""

    done: Standing
    next_up: tuple[str, ...]
    topics_done: int
    topics_total: int
    hours_total: float
    hours_left: float
    unestimated: int

    @property
    def hours_done(self) -> float:
        return self.hours_total - self.hours_left

    @property
    def fraction(self) -> float:
        """Share done: by estimated hours when every topic has one, else by topics."""
        if self.unestimated == 0 and self.hours_total > 0:
            return self.hours_done / self.hours_total
        return self.topics_done / self.topics_total if self.topics_total else 1.0


def plan_progress(plan: Plan, done: Standing) -> PlanProgress:
    topics_done = 0
    total = left = 0.0
    unestimated = 0
    next_up: list[str] = []
    for step in plan.steps:
        topic = step.topic
        estimate = topic.estimated_hours
        if estimate is None:
            unestimated += 1
        else:
            total += estimate
            left += hours_left(topic, done) or 0.0
        if topic.id in done.topics:
            topics_done += 1
        elif all(req in done.topics for req in topic.requires):
            next_up.append(topic.id)
    return PlanProgress(
        done=done,
        next_up=tuple(next_up),
        topics_done=topics_done,
        topics_total=len(plan.steps),
        hours_total=total,
        hours_left=left,
        unestimated=unestimated,
    )


def orphans(graph: Graph, records: Iterable[Record]) -> list[tuple[Record, str | None]]:
    """Records made with this graph (by its title) whose item it no longer has.

    Each comes with the closest id the graph has now, if any is close.
    """
    gone = [r for r in records if r.graph == graph.title and graph.item(r.item) is None]
    if not gone:
        return []
    from .suggest import Suggester

    known = Suggester(n for t in graph.topics for n in (t.id, *(r.full_id for r in t.resources)))
    return [(record, next(iter(known.closest(record.item)), None)) for record in gone]


@dataclass(frozen=True)
class TopicTally:
    """How far a topic's required resources are done (after recording some of them)."""

    topic_id: str
    title: str
    done: int
    required: int
    complete: bool


def tallies(graph: Graph, items: Iterable[str], recorded: Collection[str]) -> list[TopicTally]:
    """For each topic that has a resource among ``items``, in order: its required resources
    done, and whether the topic now shows as done."""
    out: list[TopicTally] = []
    for topic_id in dict.fromkeys(topic_of(i) for i in items if "/" in i):
        topic = graph.topic(topic_id)
        done = standing([topic], recorded)
        required = topic.required_resources
        count = sum(1 for r in required if r.full_id in done.resources)
        complete = topic.id in done.topics
        out.append(TopicTally(topic.id, topic.title, count, len(required), complete))
    return out


def done_through_resources(topic: Topic, recorded: Collection[str]) -> list[str]:
    """The resources that make a topic show as done without a record of its own (or none)."""
    required = [r.full_id for r in topic.required_resources]
    return required if required and all(r in recorded for r in required) else []


@dataclass(frozen=True)
class SyncChanges:
    """What a sync records (``mark``) and undoes (``unmark``); the ids the graph has and not;
    and ``kept``: topics whose box is unticked but whose required resources' boxes are all
    ticked, which stay done (and keep any record of their own)."""

    mark: list[str]
    unmark: list[str]
    known: list[str]
    unknown: list[str]
    kept: list[str] = field(default_factory=list)


def sync_changes(
    graph: Graph, ticks: dict[str, bool], recorded: Collection[str], mirror: bool
) -> SyncChanges:
    """Ticked items not shown as done are marked; with ``mirror``, unticked records undone.

    A topic's box and its resources' boxes are read together, by the rule of :func:`standing`,
    when they disagree:

    - a ticked topic box records the topic ("I know this"): its resources all show as done,
      whatever their boxes say (with ``mirror``, the unticked ones lose their own records);
    - an unticked topic box under which every required resource is ticked says nothing: the
      topic is done through its resources, and keeps any record of its own. To undo it,
      untick one of the resources, as with ``undo``.

    So a second sync of the same file changes nothing.
    """
    known = [i for i in ticks if graph.item(i) is not None]
    unknown = [i for i in ticks if graph.item(i) is None]

    def ticked(resource: str) -> bool:
        return ticks.get(resource, resource in recorded)

    kept = [
        i
        for i in known
        if "/" not in i
        and not ticks[i]
        and (required := graph.topic(i).required_resources)
        and all(ticked(r.full_id) for r in required)
    ]
    unmark = [i for i in known if mirror and not ticks[i] and i in recorded and i not in kept]
    remaining = set(recorded).difference(unmark)
    shown = standing({graph.topic(topic_of(i)) for i in known}, remaining)
    mark = [i for i in known if ticks[i] and i not in shown.topics and i not in shown.resources]
    return SyncChanges(mark, unmark, known, unknown, kept)
