"""What a plan looks like given the learner's records: done, known, skipped, started, next up,
hours left.

Rules. A record says an item is *done* (studied), *known* (known already), *skipped* (not
studied: left out of the plan's figures, and satisfied for what needs it) or *started*.

- A topic shows in the state of its own record when that is done, known or skipped; else as
  done when it has at least one required (non-optional) resource not skipped and every such
  resource shows as done or known; else as started when it, or one of its resources, is.
- A resource shows as its topic when the topic's own record is done or known ("I know this":
  every resource shows so, unless it is done or known itself) or skipped (unless it has a
  record of its own); else in the state of its own record.
- Done and known both count as done; a topic is *satisfied*, for the topics that need it, when
  it shows as done, known or skipped; it is *next up* when it is not, and every prerequisite
  is (of a one-of group, any one alternative). Started topics come first among those next up.
- Skipped topics and resources count nowhere: not in a plan's totals, percentages or hours.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import topic_of

if TYPE_CHECKING:
    from .model import Graph, Topic
    from .planner import Plan
    from .store import Record

#: The states that count as done.
DONE = ("done", "known")


@dataclass(frozen=True)
class Standing:
    """Which topics and resources of a graph show as done (``topics``, ``resources``: done or
    known), and which items (topics and resources) show as known, skipped or started."""

    topics: frozenset[str]
    resources: frozenset[str]
    known: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()
    started: frozenset[str] = frozenset()

    def satisfied(self, topic_id: str) -> bool:
        """Whether a topic is no longer in the way of the topics that need it."""
        return topic_id in self.topics or topic_id in self.skipped

    def ready(self, topic: Topic, assuming: str | None = None) -> bool:
        """Whether ``topic`` can be started: every hard prerequisite satisfied, and at least
        one alternative of each one-of group (``assuming`` counts as satisfied)."""

        def ok(topic_id: str) -> bool:
            return topic_id == assuming or self.satisfied(topic_id)

        check = self.satisfied if assuming is None else ok
        return all(map(check, topic.requires)) and all(any(map(check, g)) for g in topic.one_of)

    def state(self, item_id: str) -> str | None:
        """How an item shows: ``done``, ``known``, ``skipped``, ``started`` or None."""
        if item_id in self.known:
            return "known"
        if item_id in self.topics or item_id in self.resources:
            return "done"
        if item_id in self.skipped:
            return "skipped"
        return "started" if item_id in self.started else None


def states_of(recorded: Collection[str] | Mapping[str, object]) -> Mapping[str, str]:
    """Item id -> state: from a mapping of states or of records, or ids that are all done."""
    if not isinstance(recorded, Mapping):
        return dict.fromkeys(recorded, "done")
    return {
        i: v if isinstance(v, str) else getattr(v, "state", "done") for i, v in recorded.items()
    }


def standing(
    topics_: Iterable[Topic], recorded: Collection[str] | Mapping[str, object]
) -> Standing:
    """Derive how the items of these topics show from their records: ``recorded`` maps item
    ids to their states or records, or is the ids of done records."""
    states = states_of(recorded)
    shown: dict[str, str] = {}
    # A topic with no record, of its own or of a resource, shows in no state: skip it.
    recorded_topics = set(map(topic_of, states))
    for topic in topics_:
        if topic.id not in recorded_topics:
            continue
        own = states.get(topic.id)
        for resource in topic.resources:
            state = states.get(resource.full_id)
            if (own in DONE and state not in DONE) or (own == "skipped" and state is None):
                state = own
            if state is not None:
                shown[resource.full_id] = state
        required = [r for r in topic.required_resources if shown.get(r.full_id) != "skipped"]
        if own in ("done", "known", "skipped"):
            shown[topic.id] = own
        elif required and all(shown.get(r.full_id) in DONE for r in required):
            shown[topic.id] = "done"
        elif own == "started" or any(shown.get(r.full_id) == "started" for r in topic.resources):
            shown[topic.id] = "started"
    done = {i for i, state in shown.items() if state in DONE}
    return Standing(
        topics=frozenset(i for i in done if "/" not in i),
        resources=frozenset(i for i in done if "/" in i),
        known=frozenset(i for i, state in shown.items() if state == "known"),
        skipped=frozenset(i for i, state in shown.items() if state == "skipped"),
        started=frozenset(i for i, state in shown.items() if state == "started"),
    )


def taken(
    graph: Graph, recorded: Collection[str] | Mapping[str, object]
) -> tuple[frozenset[str], frozenset[str]]:
    """The topics that show as satisfied (done, known or skipped), and those that show as
    started: the one-of alternatives a plan takes first, in this order (``taken`` and
    ``started`` of :func:`.planner.plan`). Only the topics with a record (of their own or of a
    resource) are built."""
    states = states_of(recorded)
    topics = graph.topics_of(t for t in dict.fromkeys(map(topic_of, states)) if t in graph)
    shown = standing(topics, states)
    return shown.topics | shown.skipped, shown.started


def estimate(topic: Topic, done: Standing) -> float | None:
    """Hours to complete the topic (None when nothing is estimated): its required resources'
    estimates, else its own, skipped resources left out."""
    return _hours(topic, done)[0]


def hours_left(topic: Topic, done: Standing) -> float | None:
    """Estimated hours still needed for the topic (None when nothing is estimated): none when
    it is satisfied, else its required resources' not done or skipped, else its own."""
    return _hours(topic, done)[1]


def _hours(topic: Topic, done: Standing) -> tuple[float | None, float | None]:
    """:func:`estimate` and :func:`hours_left` of a topic, in one pass over its resources."""
    required = [r for r in topic.resources if not r.optional]
    stated = [r.hours for r in required]
    whole: float | None
    if stated.count(None) == len(stated):  # no required resource states its hours
        whole = left = topic.hours
    elif done.skipped or done.resources:
        ids = [r.full_id for r in required]
        whole = sum(h or 0.0 for h, i in zip(stated, ids, strict=True) if i not in done.skipped)
        left = sum(
            h or 0.0
            for h, i in zip(stated, ids, strict=True)
            if i not in done.resources and i not in done.skipped
        )
    else:  # no resource of the graph is done or skipped
        whole = left = sum(h or 0.0 for h in stated)
    if done.satisfied(topic.id):
        left = None if whole is None else 0.0
    return whole, left


@dataclass(frozen=True)
class PlanProgress:
    """A plan's progress in numbers, with the topics to study next (started ones first) and the
    topics started. Skipped topics count in ``topics_skipped`` only: ``topics_total`` and the
    hours leave them out."""

    done: Standing
    next_up: tuple[str, ...]
    topics_done: int
    topics_total: int
    hours_total: float
    hours_left: float
    unestimated: int
    topics_known: int = 0
    topics_skipped: int = 0
    started: tuple[str, ...] = ()

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
    topics_done = known = skipped = unestimated = 0
    total = left = 0.0
    started: list[str] = []
    next_up: list[str] = []
    for step in plan.steps:
        topic = step.topic
        if topic.id in done.skipped:
            skipped += 1
            continue
        hours, still = _hours(topic, done)
        if hours is None:
            unestimated += 1
        else:
            total += hours
            left += still or 0.0
        if topic.id in done.topics:
            topics_done += 1
            known += topic.id in done.known
            continue
        if topic.id in done.started:
            started.append(topic.id)
        if done.ready(topic):
            next_up.append(topic.id)
    first = set(started)
    return PlanProgress(
        done=done,
        next_up=(*(t for t in next_up if t in first), *(t for t in next_up if t not in first)),
        topics_done=topics_done,
        topics_total=len(plan.steps) - skipped,
        hours_total=total,
        hours_left=left,
        unestimated=unestimated,
        topics_known=known,
        topics_skipped=skipped,
        started=tuple(started),
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


def tallies(
    graph: Graph, items: Iterable[str], recorded: Collection[str] | Mapping[str, object]
) -> list[TopicTally]:
    """For each topic that has a resource among ``items``, in order: its required resources
    (not skipped) done, and whether the topic now shows as done."""
    out: list[TopicTally] = []
    for topic_id in dict.fromkeys(topic_of(i) for i in items if "/" in i):
        topic = graph.topic(topic_id)
        done = standing([topic], recorded)
        required = [r for r in topic.required_resources if r.full_id not in done.skipped]
        count = sum(1 for r in required if r.full_id in done.resources)
        complete = topic.id in done.topics
        out.append(TopicTally(topic.id, topic.title, count, len(required), complete))
    return out


def done_through_resources(
    topic: Topic, recorded: Collection[str] | Mapping[str, object]
) -> list[str]:
    """The resources that make a topic show as done without a record of its own (or none)."""
    states = states_of(recorded)
    required = [r.full_id for r in topic.required_resources if states.get(r.full_id) != "skipped"]
    return required if required and all(states.get(r) in DONE for r in required) else []
