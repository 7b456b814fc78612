"""Actions that record: done, know, skip, start, undo, sync."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import load
from ..errors import StudypathError
from ..model import Graph, Topic
from ..progress import TopicTally, done_through_resources, tallies
from ._shared import GraphPath, _finder, _store, _title

if TYPE_CHECKING:
    from ..store import Change, ProgressStore


@dataclass(frozen=True)
class Recorded:
    """Items recorded (``done``, ``know``, ``skip``, ``start``, ``sync``): id and title, each
    in its state in ``states`` (done when not there); those already recorded so; those that
    were in another state (with it); how far the topics of the resources among them are now;
    the prerequisites ``know --with-prerequisites`` recorded as known too; the topics that can
    be started now and could not before; and the learner's goals reached."""

    items: tuple[tuple[str, str], ...]
    already: tuple[str, ...]
    topics: tuple[TopicTally, ...]
    states: Mapping[str, str] = field(default_factory=dict)
    changed: tuple[tuple[str, str], ...] = ()
    prerequisites: tuple[tuple[str, str], ...] = ()
    startable: tuple[tuple[str, str], ...] = ()
    reached: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Undone:
    """Records removed (id and title, and in ``was`` the state each was in), and warnings."""

    removed: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    was: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Synced:
    """What a sync recorded and undid; the file's ids the graph lacks; and the unticked boxes
    still recorded as done (without ``--mirror``)."""

    file: Path
    recorded: Recorded
    removed: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]
    graph_title: str
    still_done: tuple[str, ...] = ()


def done(items: list[str], graph: GraphPath = None, cache: bool = True) -> Recorded:
    """Record the items as done (studied); all of them or, when one is refused, none."""
    return _record(items, "done", graph, cache)


def know(
    items: list[str], graph: GraphPath = None, cache: bool = True, prerequisites: bool = False
) -> Recorded:
    """Record the items as known already: they count as done. With ``prerequisites``, every
    topic they need (directly or not) that is not done, known or skipped is known too."""
    return _record(items, "known", graph, cache, prerequisites)


def skip(items: list[str], graph: GraphPath = None, cache: bool = True) -> Recorded:
    """Record the items as skipped: left out of the plan's figures, satisfied for the topics
    that need them."""
    return _record(items, "skipped", graph, cache)


def start(items: list[str], graph: GraphPath = None, cache: bool = True) -> Recorded:
    """Record the items as started: ``next`` lists them first."""
    return _record(items, "started", graph, cache)


def _record(
    names: list[str], state: str, graph: GraphPath, cache: bool, prerequisites: bool = False
) -> Recorded:
    from ..resolve import item_id, resolve_items

    loaded = load(graph, cache)
    ids = list(dict.fromkeys(item_id(i) for i in resolve_items(loaded, names)))
    store = _store()
    extra = _unsatisfied_prerequisites(loaded, ids, store) if prerequisites else []
    extra = [i for i in extra if i not in ids]
    mark = {**dict.fromkeys(extra, "known"), **dict.fromkeys(ids, state)}
    change = store.apply(mark, graph=loaded.title)
    found = _finder(loaded, graph, cache)
    return _recorded(loaded, store, ids, change, dict.fromkeys(ids, state), extra, found)


def _unsatisfied_prerequisites(graph: Graph, ids: list[str], store: ProgressStore) -> list[str]:
    """The topics the items' topics need, directly or not, in plan order, that show neither
    as done, known nor skipped (of a one-of group, the alternative a plan takes)."""
    from ..planner import closure
    from ..progress import standing, taken
    from ..unlocks import touched_topics

    own = touched_topics(graph, ids)
    records = store.load()
    needed = closure(graph, own, *taken(graph, records)).difference(own)
    stages = graph.stages
    ordered = sorted(needed, key=lambda t: (stages[t], graph.position(t)))
    shown = standing([graph.topic(t) for t in ordered], records)
    return [t for t in ordered if not shown.satisfied(t)]


def _recorded(
    graph: Graph,
    store: ProgressStore,
    ids: list[str],
    change: Change,
    states: Mapping[str, str],
    prerequisites: Sequence[str] = (),
    dependents: Callable[[str], tuple[str, ...]] | None = None,
) -> Recorded:
    """What a change recorded, with what it opened up."""
    from ..unlocks import goals_reached, newly_startable

    touched = [*ids, *prerequisites]
    startable = newly_startable(graph, touched, change.before, change.after, dependents)
    reached = goals_reached(graph, store.goals(graph.title), touched, change.before, change.after)
    return Recorded(
        items=tuple((i, _title(graph, i)) for i in ids),
        already=change.already,
        topics=tuple(tallies(graph, ids, change.after)),
        states={i: s for i, s in states.items() if s != "done"},
        changed=tuple((i, was) for i, was in change.changed if i in states),
        prerequisites=tuple((i, _title(graph, i)) for i in prerequisites),
        startable=tuple((i, _title(graph, i)) for i in startable),
        reached=tuple((i, _title(graph, i)) for i in reached),
    )


def undo(items: list[str], graph: GraphPath = None, cache: bool = True) -> Undone:
    """Remove the items' own records, whatever their state; an orphaned record may be named
    by its id."""
    from ..resolve import item_id, resolve_items

    loaded = load(graph, cache)
    store = _store()
    records = store.load()
    # A name that is a record's id is that record, even one the graph no longer has.
    others = [name for name in items if name not in records]
    resolved = dict(zip(others, map(item_id, resolve_items(loaded, others)), strict=True))
    ids = list(dict.fromkeys(name if name in records else resolved[name] for name in items))
    change = store.update(unmark=ids)
    removed = tuple((i, _title(loaded, i, "(orphaned record)")) for i in change.removed)
    warnings = []
    for missing in change.missing:
        item = loaded.item(missing)
        by = done_through_resources(item, records) if isinstance(item, Topic) else []
        if by:
            warnings.append(
                f"{missing} shows as done because its resources are: {', '.join(by)}; "
                "undo one of them"
            )
        else:
            warnings.append(f"{missing} was not marked done")
    was = {i: change.before[i] for i in change.removed if i in change.before}
    return Undone(removed, tuple(warnings), was)


def sync(file: Path, graph: GraphPath = None, cache: bool = True, mirror: bool = False) -> Synced:
    """Record the boxes ticked in an exported file, and the states it marks items with (with
    ``mirror``, undo the unticked)."""
    from ..exports import read_export
    from ..progress import DONE
    from ..syncing import sync_changes

    loaded = load(graph, cache)
    read = read_export(file)
    ticks = read.ticks
    store = _store()
    records = store.load()
    todo = sync_changes(loaded, ticks, records, mirror, read.states)
    if not todo.known:
        shown = ", ".join(list(ticks)[:3])
        raise StudypathError(
            f"nothing in {file} belongs to {loaded.title} ({shown}, ...): was it exported from "
            "another graph? Name that graph with --graph FILE"
        )
    change = store.apply({i: todo.states[i] for i in todo.mark}, todo.unmark, loaded.title)
    written = [*change.added, *(i for i, _ in change.changed)]
    states = {i: todo.states[i] for i in written}
    recorded = _recorded(loaded, store, written, change, states, (), _finder(loaded, graph, cache))
    removed = tuple((i, _title(loaded, i)) for i in change.removed)
    still = () if mirror else tuple(
        i for i in todo.known if not ticks[i] and i in records and records[i].state in DONE
        and i not in written
    )  # fmt: skip
    return Synced(file, recorded, removed, tuple(todo.unknown), loaded.title, still)
