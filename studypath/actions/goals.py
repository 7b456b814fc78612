"""Goals set once: ``goal add``, ``goal list``, ``goal remove``. They are kept with the progress
(per graph, by its title), and every command that takes goals uses them when given none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..cache import load
from ._shared import GraphPath, _store, _title
from .timing import NO_TIMING, Timing, checked, kept_timing


@dataclass(frozen=True)
class Goals:
    """The learner's goals with this graph (id and title), and what a change did to them."""

    graph_title: str
    goals: tuple[tuple[str, str], ...]
    added: tuple[str, ...] = ()
    already: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    schedules: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def goal_add(
    names: list[str], graph: GraphPath = None, cache: bool = True, timing: Timing = NO_TIMING
) -> Goals:
    """Set the topics named (as goals are named: ids, aliases, titles) as goals; with a pace
    or a deadline, keep that schedule with them (its start: ``--start``, else the start they
    kept already, else today)."""
    from ..resolve import resolve_goals

    loaded = load(graph, cache)
    ids = resolve_goals(loaded, names)
    schedule = None
    if timing:  # a goal set again keeps its start, so that status keeps its baseline
        saved = _store().read_all().goals
        kept = {g.topic: dict(g.schedule) for g in saved if g.graph == loaded.title}
        start = timing.start or kept_timing(kept, ids).get("start")
        schedule = checked(Timing(timing.pace, timing.deadline, start, timing.default_hours)).kept()
    change = _store().change_goals(add=ids, graph=loaded.title, schedule=schedule)
    return _listed(loaded.title, graph, cache, added=change.added, already=change.already)


def goal_remove(names: list[str], graph: GraphPath = None, cache: bool = True) -> Goals:
    """Drop goals, named by id (even one the graph no longer has) or as goals are named."""
    from ..errors import UnknownItemError
    from ..resolve import Resolver

    loaded = load(graph, cache)
    set_goals = _store().goals(loaded.title)
    resolver = Resolver(loaded)
    ids = []
    for name in names:
        if name in set_goals:
            ids.append(name)
            continue
        try:
            ids.append(resolver.topic(name))
        except UnknownItemError:
            ids.append(name)  # reported as not a goal
    change = _store().change_goals(remove=ids, graph=loaded.title)
    return _listed(loaded.title, graph, cache, removed=change.removed, missing=change.missing)


def goal_list(graph: GraphPath = None, cache: bool = True) -> Goals:
    """The learner's goals set with this graph."""
    return _listed(load(graph, cache).title, graph, cache)


def _listed(title: str, graph: GraphPath, cache: bool, **change: tuple[str, ...]) -> Goals:
    loaded = load(graph, cache)
    saved = [g for g in _store().read_all().goals if g.graph == title]
    named = tuple((g.topic, _title(loaded, g.topic, "(not in this graph)")) for g in saved)
    schedules = {g.topic: g.schedule for g in saved if g.schedule}
    return Goals(title, named, **change, schedules=schedules)
