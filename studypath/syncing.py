"""What ``sync`` records from an exported file: its boxes, and the states its items are marked
with (known, skipped, started), read by the rules of :func:`studypath.progress.standing`."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import topic_of
from .progress import DONE, standing, states_of

if TYPE_CHECKING:
    from .model import Graph
    from .progress import Standing


@dataclass(frozen=True)
class SyncChanges:
    """What a sync records (``mark``, each in its state in ``states``) and undoes
    (``unmark``); the ids the graph has and not; and ``kept``: topics whose box is unticked
    but whose required resources' boxes are all ticked, which stay done (and keep any record of
    their own)."""

    mark: list[str]
    unmark: list[str]
    known: list[str]
    unknown: list[str]
    kept: list[str] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)


def wanted(ticked: bool, marked: str | None) -> str | None:
    """The state a box asks for: ticked, done (known when marked known); unticked, the state it
    is marked with when that is skipped or started, else none."""
    if ticked:
        return "known" if marked == "known" else "done"
    return marked if marked in ("skipped", "started") else None


def sync_changes(
    graph: Graph,
    ticks: dict[str, bool],
    recorded: Collection[str] | Mapping[str, object],
    mirror: bool,
    marks: Mapping[str, str] | None = None,
) -> SyncChanges:
    """Ticked items not shown as done are marked; with ``mirror``, unticked records undone.

    ``recorded`` holds the records (their states, or the ids of done records); ``marks`` the
    states the file marks items with. A box asks for a state (:func:`wanted`). An item that
    shows in another state gets it when it shows in none, when the box is ticked and it shows
    as skipped or started (progress is never lost), or with ``mirror`` (the file is right).

    A topic's box and its resources' boxes are read together, by the rule of :func:`standing`,
    when they disagree:

    - a ticked topic box records the topic ("I know this"): its resources all show as done,
      whatever their boxes say (with ``mirror``, the unticked ones lose their own records);
    - an unticked topic box under which every required resource is ticked says nothing: the
      topic is done through its resources, and keeps any record of its own. To undo it,
      untick one of the resources, as with ``undo``.

    So a second sync of the same file changes nothing.
    """
    states = states_of(recorded)
    marks = marks or {}
    known = [i for i in ticks if graph.item(i) is not None]
    unknown = [i for i in ticks if graph.item(i) is None]
    want = {i: wanted(ticks[i], marks.get(i)) for i in known}

    def counts(resource: str) -> bool:
        """Whether a required resource counts towards its topic, as the file says."""
        return want.get(resource, states.get(resource)) != "skipped"

    def ticked(resource: str) -> bool:
        return ticks.get(resource, states.get(resource) in DONE)

    kept = [
        i
        for i in known
        if "/" not in i
        and want[i] is None
        and (required := [r for r in graph.topic(i).required_resources if counts(r.full_id)])
        and all(ticked(r.full_id) for r in required)
    ]
    unmark = [i for i in known if mirror and want[i] is None and i in states and i not in kept]
    remaining = {i: s for i, s in states.items() if i not in unmark}
    topics = {graph.topic(topic_of(i)) for i in known}
    shown = standing(topics, remaining)
    chosen: dict[str, str] = {}
    for i in known:  # skipped and started first: what shows as done may depend on them
        state = want[i]
        if state in ("skipped", "started") and _changes(state, i, remaining, shown, mirror):
            chosen[i] = state
    shown = standing(topics, {**remaining, **chosen})
    for i in known:
        state = want[i]
        if state in DONE and _changes(state, i, remaining, shown, mirror):
            chosen[i] = state
    mark = [i for i in known if i in chosen]
    return SyncChanges(mark, unmark, known, unknown, kept, chosen)


def _changes(
    state: str, item: str, records: Mapping[str, str], shown: Standing, mirror: bool
) -> bool:
    """Whether the file's ``state`` for ``item`` is to be recorded (see :func:`sync_changes`)."""
    if records.get(item) == state:
        return False
    now = shown.state(item)
    if now == state:
        return False
    return mirror or now is None or (state in DONE and now not in DONE)
