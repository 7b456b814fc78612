"""The goals part of the progress document: each goal's topic, graph and kept schedule, read
with every value checked (see :mod:`.storedoc` for the rest of the document)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .storedoc import Invalid, _kind


@dataclass(frozen=True)
class Goal:
    """A topic the learner set as a goal, with the graph (by its title) it belongs to, and the
    schedule set with it (``--pace``, ``--deadline``, ``--start``, ``--default-hours``: see
    :data:`SCHEDULE_KEYS`), as given, by option name."""

    topic: str
    graph: str | None = None
    schedule: tuple[tuple[str, str], ...] = ()


#: The schedule settings a goal may keep, each as the text given on the command line.
SCHEDULE_KEYS = ("pace", "deadline", "start", "default_hours")


def goals(document: Mapping[str, Any]) -> list[Goal]:
    """The learner's goals (none when the document has no ``goals``), every value checked."""
    entries = document.get("goals", [])
    if not isinstance(entries, list):
        raise Invalid(f"it has `goals` as {_kind(entries)}, not a list")
    out = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("topic"), str):
            raise Invalid(f"goal {number} is {_kind(entry)}, not an object with a `topic`")
        graph = entry.get("graph")
        if graph is not None and not isinstance(graph, str):
            raise Invalid(f"goal {number} has `graph` as {_kind(graph)}, not text")
        schedule = entry.get("schedule", {})
        if not isinstance(schedule, dict) or not set(schedule) <= set(SCHEDULE_KEYS):
            raise Invalid(f"goal {number} has a `schedule` not of {', '.join(SCHEDULE_KEYS)}")
        if not all(isinstance(value, str) for value in schedule.values()):
            raise Invalid(f"goal {number} has a `schedule` whose values are not all text")
        _check_schedule(number, schedule)
        out.append(Goal(entry["topic"], graph, tuple(schedule.items())))
    return out


def _check_schedule(number: int, schedule: Mapping[str, str]) -> None:
    """Each kept setting as its option reads it (the option's words in the message)."""
    from .errors import UsageError
    from .pace import parse_day, parse_hours, parse_pace

    try:
        for key, value in schedule.items():
            if key == "pace":
                parse_pace(value)
            elif key == "default_hours":
                parse_hours(value)
            else:
                parse_day(value, f"--{key}")
    except UsageError as error:
        raise Invalid(f"goal {number} keeps a schedule that cannot be used: {error}") from None


def entry(goal: Goal) -> dict[str, Any]:
    """A goal as the document holds it."""
    fields = {"topic": goal.topic, "graph": goal.graph, "schedule": dict(goal.schedule)}
    return {key: value for key, value in fields.items() if value is not None and value != {}}
