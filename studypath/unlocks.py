"""What a change of records opens up: topics that became startable, goals reached.

Both look only at the topics a change touched and, for the topics it satisfied, at their
direct dependents (:meth:`studypath.model.Graph.dependents`): never at the whole graph's
standing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from .model import topic_of
from .progress import standing

if TYPE_CHECKING:
    from .model import Graph


def touched_topics(graph: Graph, items: Iterable[str]) -> list[str]:
    """The topics of ``items`` (a resource stands for its topic) that the graph has."""
    return [t for t in dict.fromkeys(topic_of(i) for i in items) if t in graph]


def newly_startable(
    graph: Graph,
    items: Iterable[str],
    before: Mapping[str, str],
    after: Mapping[str, str],
    dependents: Callable[[str], Iterable[str]] | None = None,
) -> list[str]:
    """The topics, in file order, that can be started after a change of ``items`` (records'
    states ``before`` and ``after`` it) and could not before: not satisfied themselves, and
    every prerequisite satisfied (done, known or skipped) now but not then; of a one-of group,
    any one alternative (:meth:`.Standing.ready`). ``dependents`` finds a topic's dependents
    (default: :meth:`Graph.dependents`, one-of alternatives included); it is asked only about
    the topics the change satisfied."""
    dependents = dependents or graph.dependents
    touched = [graph.topic(t) for t in touched_topics(graph, items)]
    was, now = standing(touched, before), standing(touched, after)
    freed = [t.id for t in touched if now.satisfied(t.id) and not was.satisfied(t.id)]
    candidates = dict.fromkeys(d for t in freed for d in dependents(t))
    out = []
    for candidate in candidates:
        topic = graph.topic(candidate)
        near = [topic, *(graph.topic(r) for r in topic.all_requires)]
        now = standing(near, after)
        if now.satisfied(candidate) or not now.ready(topic):
            continue
        # It needs a topic the change satisfied, so it could not be started before; unless
        # that topic is an alternative of a one-of group that another one satisfied already.
        if not topic.one_of or not standing(near, before).ready(topic):
            out.append(candidate)
    return sorted(out, key=graph.position)


def goals_reached(
    graph: Graph,
    goals: Iterable[str],
    items: Iterable[str],
    before: Mapping[str, str],
    after: Mapping[str, str],
) -> list[str]:
    """The ``goals`` (topic ids) that a change of ``items`` made show as done or known."""
    touched = set(touched_topics(graph, items))
    reached = []
    for goal in goals:
        if goal in touched:
            topic = [graph.topic(goal)]
            if goal in standing(topic, after).topics and goal not in standing(topic, before).topics:
                reached.append(goal)
    return reached
