"""Actions that read: plan, next (a plan), topics, check, status, where, completion."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import graph_location, load
from ..errors import StudypathError
from ..files import CACHE_VARIABLE, HOME_VARIABLE, cache_dir, default_progress_path
from ..model import Graph
from ._shared import GraphPath, _progress, _records, _store
from .timing import NO_TIMING, Scheduled, Timing, kept_timing, merged, scheduled

if TYPE_CHECKING:
    from ..planner import Plan
    from ..progress import PlanProgress
    from ..store import Note, Record


@dataclass(frozen=True)
class Planned:
    """A plan with the learner's progress in it (``plan``, ``next``); ``stored_goals`` when
    its goals are the learner's own, set with ``goal add``; the learner's notes, by item."""

    plan: Plan
    progress: PlanProgress
    warnings: tuple[str, ...] = ()
    stored_goals: bool = False
    notes: Mapping[str, tuple[Note, ...]] = field(default_factory=dict)
    scheduled: Scheduled | None = None


@dataclass(frozen=True)
class Checked:
    """A graph that passed validation; ``failed`` when it extends another and names topics
    that base no longer has (its :attr:`~.model.Graph.warnings`): ``check`` fails on them."""

    graph: Graph
    display: str

    @property
    def failed(self) -> bool:
        return bool(self.graph.warnings)


@dataclass(frozen=True)
class GoalStatus:
    """One goal's plan and progress, with its resources done and skipped (of all its
    resources)."""

    plan: Plan
    progress: PlanProgress
    resources_done: int
    resources_total: int
    resources_skipped: int = 0
    scheduled: Scheduled | None = None


@dataclass(frozen=True)
class Status:
    """Progress per goal (the learner's own, set with ``goal add``, when ``stored_goals``)."""

    graph: Graph
    goals: tuple[GoalStatus, ...]
    last: datetime | None
    orphans: tuple[tuple[Record, str | None], ...]
    warnings: tuple[str, ...]
    stored_goals: bool = False


@dataclass(frozen=True)
class Where:
    """Each file in use: what it is, its path, and notes (where the path came from...)."""

    rows: tuple[tuple[str, str, str], ...]


def plan(
    goals: list[str] | tuple[str, ...] = (),
    graph: GraphPath = None,
    cache: bool = True,
    timing: Timing = NO_TIMING,
) -> Planned:
    """The plan for the goals (none: the learner's goals set with this graph, else the whole
    graph), with the learner's progress in it, and its schedule by ``timing`` or by what the
    goals keep (:mod:`.timing`)."""
    from .. import planner
    from ..progress import plan_progress, standing, taken

    loaded = load(graph, cache)
    store = _store()
    records, chosen, warnings, notes, kept = _progress(store, goals, loaded.title)
    warnings = (*loaded.warnings, *warnings)
    result = planner.plan(loaded, chosen, *taken(loaded, records))
    done = standing(result.topics, records)
    stored = bool(chosen) and not goals
    timing = merged(timing, kept_timing(kept, result.goals))
    laid_out = scheduled(result, done, timing)
    return Planned(result, plan_progress(result, done), warnings, stored, notes, laid_out)


def topics(graph: GraphPath = None, cache: bool = True) -> Graph:
    return load(graph, cache)


def check(graph: GraphPath = None, cache: bool = True) -> Checked:
    return Checked(load(graph, cache), graph_location(graph)[1])


def status(
    goals: list[str] | tuple[str, ...] = (),
    graph: GraphPath = None,
    cache: bool = True,
    timing: Timing = NO_TIMING,
) -> Status:
    """Progress per goal (or over the whole graph), the last record, and orphaned records;
    with a schedule (``timing``, or kept with a goal), how far ahead or behind each goal is."""
    from .. import planner
    from ..progress import orphans, plan_progress, standing, taken

    loaded = load(graph, cache)
    store = _store()
    records, chosen, warnings, _, kept = _progress(store, goals, loaded.title)
    warnings = (*loaded.warnings, *warnings)
    goal_ids = planner.resolve_goals(loaded, chosen)
    prefer = taken(loaded, records)
    plans = [planner.plan(loaded, [g], *prefer) for g in goal_ids] or [
        planner.plan(loaded, (), *prefer)
    ]
    done_ = standing({t for p in plans for t in p.topics}, records)
    statuses = []
    for p in plans:
        resources = [r.full_id for t in p.topics for r in t.resources]
        done_resources = sum(1 for r in resources if r in done_.resources)
        skipped = sum(1 for r in resources if r in done_.skipped)
        progress = plan_progress(p, done_)
        wanted = merged(timing, kept_timing(kept, p.goals))
        laid_out = scheduled(p, done_, wanted, records)
        statuses.append(GoalStatus(p, progress, done_resources, len(resources), skipped, laid_out))
    return Status(
        graph=loaded,
        goals=tuple(statuses),
        last=max((r.at for r in records.values()), default=None),
        orphans=tuple(orphans(loaded, records.values())),
        warnings=warnings,
        stored_goals=bool(chosen) and not goals,
    )


def where(graph: GraphPath = None, graph_from: str | None = None) -> Where:
    """The graph, progress and cache files in use: where each path came from (``graph_from``
    names the variable the graph came from, when it did), and whether the files exist."""
    location, display = graph_location(graph)
    progress, cache_path = default_progress_path(), cache_dir()
    graph_notes = ["bundled" if display.endswith("(bundled)") else ""]
    graph_notes.append(f"from ${graph_from}" if graph_from else "")
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


#: What each kind of completion offers: topic ids (t), aliases (a), resources' full ids (r)
#: and resource ids unique in the graph (s).
OFFERS = {
    "goal": "ta",
    "show": "ta",
    "item": "tars",
    "note": "tars",
    "done": "tars",
    "know": "tars",
    "skip": "tars",
    "start": "tars",
    "undo": "tars",
}
#: The commands that record a state, with that state: they offer what is not in it yet.
RECORDS = {"done": "done", "know": "known", "skip": "skipped", "start": "started"}


def complete(graph: GraphPath, incomplete: str, which: str = "item") -> list[tuple[str, str]]:
    """Names for shell completion, each with its title: topics for a goal or ``show``
    (``which`` is the command), topics and resources for an item; for ``done``, ``know``,
    ``skip`` and ``start`` only what is not recorded in that state yet, for ``undo`` only what
    has a record. Answered from the completion index beside the graph cache, which the first
    completion after a change writes."""
    from .. import completion

    location, _ = graph_location(graph)
    directory = cache_dir()
    entries = completion.lookup(directory, location, incomplete)
    if entries is None:
        try:
            completion.write(directory, location, load(graph))  # builds every topic
        except StudypathError:  # a broken graph, or a damaged cache: nothing to offer
            return []
        entries = completion.lookup(directory, location, incomplete) or []
    kinds = OFFERS.get(which, OFFERS["item"])
    entries = [e for e in entries if e.kind in kinds]
    if which == "undo":
        records, _ = _records(_store())
        entries = [e for e in entries if e.item in records]
    elif which in RECORDS:
        records, _ = _records(_store())
        state = RECORDS[which]
        entries = [e for e in entries if e.item not in records or records[e.item].state != state]
    return [(e.name, e.title) for e in entries]
