"""``--json`` for ``plan``, ``next``, ``status``, ``topics`` and ``show``: what they show, for
scripts.

Every document has ``"generator": "studypath"``, a ``"kind"`` and a ``"version"`` (1): a field
may be added within a version, never removed or changed in meaning. ``plan --json`` is the JSON
export (``export --format json``), the same document whichever way it is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .progress import hours_left
from .schema import resource_data, topic_data

if TYPE_CHECKING:
    from datetime import date

    from .actions import Catalogue, Planned, Shown, Status
    from .actions.showing import Named
    from .actions.timing import Scheduled
    from .model import Graph

VERSION = 1


def _document(kind: str, graph: Graph) -> dict[str, Any]:
    return {
        "version": VERSION,
        "generator": "studypath",
        "kind": kind,
        "graph": {"title": graph.title, "source": graph.source, **graph.meta},
    }


def next_up(result: Planned) -> dict[str, Any]:
    """The topics to study next (started ones first), each with its hours left, whether it is
    started, and the resources neither done nor skipped."""
    plan, progress = result.plan, result.progress
    done = progress.done
    topics = []
    for topic_id in progress.next_up:
        topic = plan.graph.topic(topic_id)
        todo = [r for r in topic.resources if r.full_id not in done.resources | done.skipped]
        topics.append(
            {
                "id": topic.id,
                **topic_data(topic),
                "hours_left": hours_left(topic, done),
                "started": topic_id in done.started,
                "resources": [{**resource_data(r), "state": done.state(r.full_id)} for r in todo],
            }
        )
    return {**_document("next", plan.graph), "goals": list(plan.goals), "next": topics}


def status(result: Status) -> dict[str, Any]:
    """Progress per goal (``goals`` empty: the whole graph), the last record, and orphans."""
    goals = []
    for goal in result.goals:
        progress = goal.progress
        goals.append(
            {
                "goals": list(goal.plan.goals),
                "topics": progress.topics_total + progress.topics_skipped,
                "topics_done": progress.topics_done,
                "topics_known": progress.topics_known,
                "topics_skipped": progress.topics_skipped,
                "resources": goal.resources_total,
                "resources_done": goal.resources_done,
                "resources_skipped": goal.resources_skipped,
                "hours": progress.hours_total,
                "hours_left": progress.hours_left,
                "fraction_done": round(progress.fraction, 4),
                "started": list(progress.started),
                "next": list(progress.next_up),
                **_forecast(goal.scheduled),
            }
        )
    return {
        **_document("status", result.graph),
        "goals": goals,
        "last_recorded": result.last.isoformat() if result.last else None,
        "orphans": [{"item": r.item, "closest": hint} for r, hint in result.orphans],
    }


def _forecast(scheduled: Scheduled | None) -> dict[str, Any]:
    """With a schedule, ``schedule`` as the export has it and ``forecast``: ahead or behind
    (``days_ahead`` negative when behind) and the finishes, planned and at the pace achieved."""
    if scheduled is None or scheduled.forecast is None:
        return {}
    from .exports.json import schedule_data

    ahead = scheduled.forecast

    def day(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        **schedule_data(scheduled.schedule),
        "forecast": {
            "start": day(scheduled.start),
            "days_ahead": ahead.days_ahead,
            "words": ahead.words,
            "hours_done": round(ahead.done_hours, 2),
            "hours_planned_by_today": round(ahead.planned_hours_by_today, 2),
            "planned_finish": day(ahead.planned_finish),
            "achieved_hours_per_week": round(ahead.achieved_hours_per_week, 2),
            "window_days": ahead.window_days,
            "forecast_finish": day(ahead.forecast_finish),
        },
    }


def topics(graph: Graph) -> dict[str, Any]:
    """Every topic with its fields and stage, in file order."""
    stages = graph.stages
    return {
        **_document("topics", graph),
        "topics": [
            {"id": t.id, **topic_data(t), "stage": stages[t.id],
             "resources": [resource_data(r) for r in t.resources]}
            for t in graph.topics
        ],
    }  # fmt: skip


def show(result: Shown) -> dict[str, Any]:
    """One topic: its fields and state, what it needs, what it unlocks, resources, notes."""
    topic = result.topic
    estimate = topic.estimated_hours
    return {
        **_document("show", result.graph),
        "topic": {
            "id": topic.id,
            **topic_data(topic),
            "state": result.state,
            "startable": result.startable,
            "hours": None if estimate is None else round(estimate, 6),
        },
        "prerequisites": _named(result.prerequisites),
        "one_of": [_named(group) for group in result.one_of],
        "needs": {"missing": result.missing, "next": _named(result.next)},
        "unlocks": {
            "dependents": _named(result.dependents),
            "downstream": result.downstream,
            "startable_once_done": _named(result.unlocks),
        },
        "resources": [{**resource_data(r), "state": state} for r, state in result.resources],
        "notes": [{"item": item, "date": day, "text": text} for item, day, text in result.notes],
    }


def _named(items: tuple[Named, ...]) -> list[dict[str, Any]]:
    return [{"id": item, "title": title, "state": state} for item, title, state in items]


def catalogue(result: Catalogue) -> dict[str, Any]:
    """The bundled graphs (``graphs --json``): name, title, topics, hours, licence, credit."""
    return {
        "version": VERSION,
        "generator": "studypath",
        "kind": "graphs",
        "graphs": [
            {
                "name": entry.name,
                "title": entry.title,
                "topics": entry.topics,
                "hours": entry.hours,
                "estimated_topics": entry.estimated,
                "licence": entry.licence,
                "credit": entry.credit,
                "default": entry.default,
            }
            for entry in result.graphs
        ],
    }
