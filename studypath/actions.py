"""One function per command: plain arguments in, a frozen result out, nothing printed.

The CLI calls one of these and hands its result to one render function. Library users can call
them too: ``actions.plan(goals=["pca"])`` is what ``studypath plan pca`` shows, as data.
Every function takes the graph to use (a path, or None for the bundled graph) and ``cache``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import graph_location, load
from .errors import ProgressError, StudypathError
from .files import CACHE_VARIABLE, HOME_VARIABLE, cache_dir, default_progress_path
from .model import Graph, Topic
from .progress import TopicTally, done_through_resources, tallies

if TYPE_CHECKING:
    from .planner import Plan
    from .progress import PlanProgress
    from .store import ProgressStore, Record

GraphPath = str | Path | None


@dataclass(frozen=True)
class Planned:
    """A plan with the learner's progress in it (``plan``, ``next``)."""

    plan: Plan
    progress: PlanProgress
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checked:
    graph: Graph
    display: str


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
class GoalStatus:
    """One goal's plan and progress, with its resources done (of all its resources)."""

    plan: Plan
    progress: PlanProgress
    resources_done: int
    resources_total: int


@dataclass(frozen=True)
class Status:
    graph: Graph
    goals: tuple[GoalStatus, ...]
    last: datetime | None
    orphans: tuple[tuple[Record, str | None], ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Exported:
    text: str
    output: Path | None
    format: str
    topics: int


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


@dataclass(frozen=True)
class Where:
    """Each file in use: what it is, its path, and notes (where the path came from...)."""

    rows: tuple[tuple[str, str, str], ...]


def _store() -> ProgressStore:
    from .store import ProgressStore

    return ProgressStore()


def _records(store: ProgressStore) -> tuple[dict[str, Record], tuple[str, ...]]:
    """The records, or none with a warning when the file cannot be used (read-only commands)."""
    try:
        return store.load(), ()
    except ProgressError as error:
        return {}, (f"{error} Showing the plan without progress.",)


def plan(
    goals: list[str] | tuple[str, ...] = (), graph: GraphPath = None, cache: bool = True
) -> Planned:
    """The plan for the goals (none: the whole graph), with the learner's progress in it."""
    from . import planner
    from .progress import plan_progress, standing

    result = planner.plan(load(graph, cache), goals)
    records, warnings = _records(_store())
    done = standing(result.topics, records.keys())
    return Planned(result, plan_progress(result, done), warnings)


def topics(graph: GraphPath = None, cache: bool = True) -> Graph:
    return load(graph, cache)


def check(graph: GraphPath = None, cache: bool = True) -> Checked:
    return Checked(load(graph, cache), graph_location(graph)[1])


def done(items: list[str], graph: GraphPath = None, cache: bool = True) -> Recorded:
    """Record the items; all of them or, when one is refused, none."""
    from .resolve import item_id, resolve_items

    loaded = load(graph, cache)
    resolved = resolve_items(loaded, items)
    ids = list(dict.fromkeys(item_id(i) for i in resolved))
    store = _store()
    change = store.update(mark=ids, graph=loaded.title)
    titles = tuple((i, _title(loaded, i)) for i in ids)
    return Recorded(titles, change.already, tuple(tallies(loaded, ids, store.load().keys())))


def undo(items: list[str], graph: GraphPath = None, cache: bool = True) -> Undone:
    """Remove the items' own records; an orphaned record may be named by its id."""
    from .resolve import item_id, resolve_items

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


def status(
    goals: list[str] | tuple[str, ...] = (), graph: GraphPath = None, cache: bool = True
) -> Status:
    """Progress per goal (or over the whole graph), the last record, and orphaned records."""
    from . import planner
    from .progress import orphans, plan_progress, standing

    loaded = load(graph, cache)
    records, warnings = _records(_store())
    goal_ids = planner.resolve_goals(loaded, goals)
    plans = [planner.plan(loaded, [g]) for g in goal_ids] or [planner.plan(loaded)]
    done_ = standing({t for p in plans for t in p.topics}, records.keys())
    statuses = []
    for p in plans:
        resources = [r.full_id for t in p.topics for r in t.resources]
        done_resources = sum(1 for r in resources if r in done_.resources)
        statuses.append(GoalStatus(p, plan_progress(p, done_), done_resources, len(resources)))
    return Status(
        graph=loaded,
        goals=tuple(statuses),
        last=max((r.done_at for r in records.values()), default=None),
        orphans=tuple(orphans(loaded, records.values())),
        warnings=warnings,
    )


def export(
    goals: list[str] | tuple[str, ...] = (),
    graph: GraphPath = None,
    cache: bool = True,
    output: Path | None = None,
    format: str | None = None,
    force: bool = False,
) -> Exported:
    """The plan in an export format; written atomically to ``output`` when one is given."""
    from . import exports
    from .files import now

    planned = plan(goals, graph, cache)
    name = format or exports.for_path(output)
    path = str(graph) if graph is not None else graph_location(None)[0].stem
    snapshot = exports.Snapshot(planned.plan, planned.progress, now(), path)
    text = exports.get(name).render(snapshot)
    if output is not None:
        exports.write_export(output, text, planned.progress.done, force)
    return Exported(text, output, name, len(planned.plan.steps))


def sync(file: Path, graph: GraphPath = None, cache: bool = True, mirror: bool = False) -> Synced:
    """Record the boxes ticked in an exported file (with ``mirror``, undo the unticked)."""
    from .exports import read_export
    from .progress import sync_changes

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


def where(graph: GraphPath = None, graph_from: str | None = None) -> Where:
    """The graph, progress and cache files in use: where each path came from (``graph_from``
    names the variable the graph came from, when it did), and whether the files exist."""
    location, _ = graph_location(graph)
    progress, cache_path = default_progress_path(), cache_dir()
    graph_notes = ["bundled" if graph is None else f"from ${graph_from}" if graph_from else ""]
    graph_notes.append("" if location.is_file() else "not found")
    rows = [
        ("graph", str(location), _notes(*graph_notes)),
        ("progress", str(progress), _notes(_from(HOME_VARIABLE), _made(progress))),
        ("cache", str(cache_path), _notes(_from(CACHE_VARIABLE), _made(cache_path))),
    ]
    return Where(tuple(rows))


def _from(variable: str) -> str:
    return f"from ${variable}" if os.environ.get(variable) else ""


def _made(path: Path) -> str:
    return "" if path.exists() else "not created yet"


def _notes(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def complete(graph: GraphPath, incomplete: str, resources: bool) -> list[str]:
    """Ids for shell completion: topic ids and aliases, or topic and resource ids."""
    try:
        loaded = load(graph)
    except StudypathError:
        return []
    names = [
        name
        for t in loaded.topics
        for name in (t.id, *((r.full_id for r in t.resources) if resources else t.aliases))
    ]
    return [name for name in names if name.startswith(incomplete)]


def _title(graph: Graph, item_id: str, missing: str = "") -> str:
    item = graph.item(item_id)
    return item.title if item is not None else missing
