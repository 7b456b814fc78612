"""Actions that record: done, undo, sync."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cache import load
from ..errors import StudypathError
from ..model import Topic
from ..progress import TopicTally, done_through_resources, tallies
from ._shared import GraphPath, _store, _title


@dataclass(frozen=True)
class Recorded:
    """Items recorded as done (``done``, ``sync``): id and title, those already recorded, and
    how far the topics of the resources among them are now."""

    items: tuple[tuple[str, str], ...]
    already: tuple[str, ...]
    topics: tuple[TopicTally, ...]


@dataclass(frozen=True)
class Undone:
    removed: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


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
    """Record the items; all of them or, when one is refused, none."""
    from ..resolve import item_id, resolve_items

    loaded = load(graph, cache)
    resolved = resolve_items(loaded, items)
    ids = list(dict.fromkeys(item_id(i) for i in resolved))
    store = _store()
    change = store.update(mark=ids, graph=loaded.title)
    titles = tuple((i, _title(loaded, i)) for i in ids)
    return Recorded(titles, change.already, tuple(tallies(loaded, ids, store.load().keys())))


def undo(items: list[str], graph: GraphPath = None, cache: bool = True) -> Undone:
    """Remove the items' own records; an orphaned record may be named by its id."""
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
        by = done_through_resources(item, records.keys()) if isinstance(item, Topic) else []
        if by:
            warnings.append(
                f"{missing} shows as done because its resources are: {', '.join(by)}; "
                "undo one of them"
            )
        else:
            warnings.append(f"{missing} was not marked done")
    return Undone(removed, tuple(warnings))


def sync(file: Path, graph: GraphPath = None, cache: bool = True, mirror: bool = False) -> Synced:
    """Record the boxes ticked in an exported file (with ``mirror``, undo the unticked)."""
    from ..exports import read_export
    from ..progress import sync_changes

    loaded = load(graph, cache)
    ticks = read_export(file)
    store = _store()
    records = store.load()
    todo = sync_changes(loaded, ticks, records.keys(), mirror)
    if not todo.known:
        shown = ", ".join(list(ticks)[:3])
        raise StudypathError(
            f"nothing in {file} belongs to {loaded.title} ({shown}, ...): was it exported from "
            "another graph? Name that graph with --graph FILE"
        )
    change = store.update(mark=todo.mark, unmark=todo.unmark, graph=loaded.title)
    recorded = Recorded(
        tuple((i, _title(loaded, i)) for i in change.added),
        (),
        tuple(tallies(loaded, change.added, store.load().keys())),
    )
    removed = tuple((i, _title(loaded, i)) for i in change.removed)
    still = () if mirror else tuple(i for i in todo.known if not ticks[i] and i in records)
    return Synced(file, recorded, removed, tuple(todo.unknown), loaded.title, still)
