"""The ``show`` action: one topic, with what it needs, what it unlocks, its resources and notes."""

from __future__ import annotations

from dataclasses import dataclass

from ..cache import load
from ..model import Graph, Resource, Topic
from ._shared import GraphPath, _finder, _progress, _store

#: An item named in what ``show`` shows: its id, title and state (or None).
Named = tuple[str, str, str | None]


@dataclass(frozen=True)
class Shown:
    """A topic as ``show`` shows it.

    ``state`` is how it shows (done, known, skipped, started or None) and ``startable``
    whether every prerequisite is satisfied (of a one-of group, any one). ``prerequisites`` are
    its direct hard ones, each with its state, and ``one_of`` its one-of groups, each
    alternative with its state; ``missing`` counts the topics it needs, directly or not, that
    are not satisfied yet (of a group, the alternative a plan takes: :func:`.planner.choose`),
    and ``next`` names those of them that can be started now. ``dependents`` are the topics
    that need it directly (or name it in a one-of group), ``downstream`` counts every topic
    that needs it, directly or not, and ``unlocks`` names the dependents that can be started
    once it is done (now, when it is). ``resources`` are its own, each with its state;
    ``notes`` are the learner's, on it and on its resources, as (item, date, text).
    """

    graph: Graph
    topic: Topic
    state: str | None
    startable: bool
    prerequisites: tuple[Named, ...]
    missing: int
    next: tuple[Named, ...]
    dependents: tuple[Named, ...]
    downstream: int
    unlocks: tuple[Named, ...]
    resources: tuple[tuple[Resource, str | None], ...]
    notes: tuple[tuple[str, str, str], ...]
    warnings: tuple[str, ...] = ()
    one_of: tuple[tuple[Named, ...], ...] = ()


def show(name: str, graph: GraphPath = None, cache: bool = True) -> Shown:
    """The topic ``name`` stands for (an id, an alias, a title or part of one)."""
    from ..planner import closure
    from ..progress import standing, taken
    from ..resolve import resolve_topic

    loaded = load(graph, cache)
    topic = loaded.topic(resolve_topic(loaded, name))
    records, _, warnings, notes, _ = _progress(_store(), (), loaded.title)
    needed = closure(loaded, [topic.id], *taken(loaded, records))
    found = _finder(loaded, graph, cache)
    dependents = [loaded.topic(d) for d in found(topic.id)]
    near = {loaded.topic(t) for t in needed}
    near.update(dependents)
    near.update(loaded.topic(r) for d in (*near,) for r in d.all_requires)
    done = standing(near, records)

    def named(t: Topic) -> Named:
        return (t.id, t.title, done.state(t.id))

    before = [loaded.topic(t) for t in needed if t != topic.id]
    missing = [t for t in before if not done.satisfied(t.id)]
    ready = [t for t in missing if done.ready(t)]
    # Once it is done: a dependent startable then, and not before (by another alternative).
    unlocks = [
        d
        for d in dependents
        if not done.satisfied(d.id)
        and done.ready(d, topic.id)
        and (done.satisfied(topic.id) or not done.ready(d))
    ]
    own = [topic.id, *(r.full_id for r in topic.resources)]
    return Shown(
        graph=loaded,
        topic=topic,
        state=done.state(topic.id),
        startable=done.ready(topic),
        prerequisites=tuple(named(loaded.topic(r)) for r in topic.requires),
        one_of=tuple(tuple(named(loaded.topic(r)) for r in g) for g in topic.one_of),
        missing=len(missing),
        next=tuple(named(t) for t in _ordered(loaded, ready)),
        dependents=tuple(named(d) for d in dependents),
        downstream=len(_downstream(loaded, graph, cache, topic.id)),
        unlocks=tuple(named(d) for d in unlocks),
        resources=tuple((r, done.state(r.full_id)) for r in topic.resources),
        notes=tuple(
            (item, note.at.date().isoformat(), note.text)
            for item in own
            for note in notes.get(item, ())
        ),
        warnings=warnings,
    )


def _ordered(graph: Graph, topics: list[Topic]) -> list[Topic]:
    """Topics in plan order: by stage, then by their place in the file."""
    stages = graph.stages
    return sorted(topics, key=lambda t: (stages[t.id], graph.position(t.id)))


def _downstream(loaded: Graph, graph: GraphPath, cache: bool, topic_id: str) -> set[str]:
    """Every topic that needs ``topic_id``, directly or not: from the index beside the graph
    cache when there is one (see :mod:`studypath.dependents`), else from the graph."""
    from ..cache import graph_location
    from ..dependents import table
    from ..files import cache_dir

    index = table(cache_dir(), graph_location(graph)[0]) if cache else None
    dependents = loaded.dependents if index is None else lambda t: index.get(t, ())
    found: set[str] = set()
    stack = [topic_id]
    while stack:
        for dependent in dependents(stack.pop()):
            if dependent in loaded and dependent not in found:
                found.add(dependent)
                stack.append(dependent)
    return found
