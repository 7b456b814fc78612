"""A plan as JSON (the documented format, version 1), and its ``done`` and ``state`` values
read back.

A file read back is checked like any input: its structure, the type of every value read and
every id, so that a hand-edited file gives a clear error naming it, never a traceback.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import StudypathError
from ..model import Topic
from ..progress import Standing
from ..schema import resource_data, topic_data
from ..storedoc import STATES, Note
from . import Snapshot, Ticks, valid_item_id

if TYPE_CHECKING:
    from ..schedule import Schedule

FORMAT_VERSION = 1


class Json:
    name = "json"

    def render(self, snapshot: Snapshot) -> str:
        data = to_data(snapshot)
        try:
            return dump(data)
        except ValueError:  # an infinite or NaN number, from a graph built without validation
            return dump(_finite(data))

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        if not text.lstrip().startswith("{"):
            return None
        duplicates: list[str] = []
        try:
            data = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, duplicates))
        except json.JSONDecodeError:
            return None  # not JSON after all: perhaps Markdown that starts with a brace
        except RecursionError:
            raise _bad(source, "it is nested too deeply") from None
        except ValueError as error:  # JSON, but a value Python refuses (a 5000-digit number)
            raise _bad(source, f"it holds a value that cannot be read ({error})") from None
        if not isinstance(data, dict) or data.get("generator") != "studypath":
            return Ticks({}, ours=False)
        version = data.get("version")
        if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
            raise _bad(source, f"its version is {_shown(version)}; this studypath reads version 1")
        if duplicates:
            raise _bad(source, f"the key {_shown(duplicates[0])} appears twice in one object")
        ticks: dict[str, bool] = {}
        seen: dict[str, str] = {}
        states: dict[str, str] = {}
        topics = data.get("topics")
        if not isinstance(topics, list):
            raise _bad(source, "`topics` is not a list")
        for number, topic in enumerate(topics, start=1):
            where = f"topic {number}"
            _tick(ticks, seen, states, topic, where, source)
            resources = topic.get("resources", [])
            if not isinstance(resources, list):
                raise _bad(source, f"{where}: `resources` is not a list")
            for index, resource in enumerate(resources, start=1):
                _tick(ticks, seen, states, resource, f"{where}, resource {index}", source)
        return Ticks(ticks, ours=True, states=states)


EXPORTER = Json()


def _object(pairs: list[tuple[str, Any]], duplicates: list[str]) -> dict[str, Any]:
    """A JSON object as a dict, noting a key given twice (one of its values would be lost)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            duplicates.append(key)
        out[key] = value
    return out


def _tick(
    ticks: dict[str, bool],
    seen: dict[str, str],
    states: dict[str, str],
    entry: Any,
    where: str,
    source: str,
) -> None:
    if not isinstance(entry, dict):
        raise _bad(source, f"{where} is {_shown(entry)}, not an object")
    item, done, state = entry.get("id"), entry.get("done", False), entry.get("state")
    if not isinstance(item, str) or not valid_item_id(item):
        raise _bad(source, f"{where}: `id` {_shown(item)} is not a studypath id")
    if type(done) is not bool:  # never "false", 0 or "yes": only JSON's true and false
        raise _bad(source, f"{where} (`{item}`): `done` is {_shown(done)}, not true or false")
    if state is not None and (not isinstance(state, str) or state not in STATES):
        raise _bad(
            source, f"{where} (`{item}`): `state` is {_shown(state)}, not null or one of "
            f"{', '.join(map(json.dumps, STATES))}",
        )  # fmt: skip
    if item in seen:
        raise _bad(source, f"{where}: `id` `{item}` is also the id of {seen[item]}")
    seen[item] = where
    ticks[item] = done
    if state in ("known", "skipped", "started"):
        states[item] = state


def _shown(value: Any) -> str:
    """A value read, for a message: short, escaped, and a list or an object by its kind."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    text = json.dumps(value)  # escapes every control and non-ASCII character
    return text if len(text) <= 60 else text[:56] + '..."'


def _bad(source: str, why: str) -> StudypathError:
    return StudypathError(f"{source} cannot be read as a studypath JSON export: {why}")


def to_data(snapshot: Snapshot) -> dict[str, Any]:
    """The documented JSON structure (format version 1): with a schedule, ``schedule`` and
    each topic's ``start`` and ``finish`` too (see :func:`schedule_data`)."""
    plan, progress = snapshot.plan, snapshot.progress
    done, next_up = progress.done, set(progress.next_up)
    resources = [r for s in plan.steps for r in s.topic.resources]
    notes = snapshot.notes
    schedule = snapshot.schedule
    return {
        "version": FORMAT_VERSION,
        "generator": "studypath",
        "graph": {"title": plan.graph.title, "path": snapshot.graph_path, **plan.graph.meta},
        "goals": list(plan.goals),
        "generated": snapshot.generated.isoformat(),
        "summary": {
            "topics": len(plan.steps),
            "topics_done": progress.topics_done,
            "topics_known": progress.topics_known,
            "topics_skipped": progress.topics_skipped,
            "resources": len(resources),
            "resources_done": sum(1 for r in resources if r.full_id in done.resources),
            "resources_skipped": sum(1 for r in resources if r.full_id in done.skipped),
            "hours": _sum(progress.hours_total),
            "hours_left": _sum(progress.hours_left),
            "topics_without_estimate": progress.unestimated,
            "fraction_done": _number(round(progress.fraction, 4)),
        },
        **schedule_data(schedule),
        "topics": [
            _topic_data(
                s.topic, s.stage, s.topic.id in next_up, done, notes, _dates(schedule, s.topic.id)
            )
            for s in plan.steps
        ],
    }


def schedule_data(schedule: Schedule | None) -> dict[str, Any]:
    """``schedule`` (nothing without one): the pace, the start, the finish (null when nothing
    is left to study) and the hours a topic without an estimate is given."""
    if schedule is None:
        return {}
    return {
        "schedule": {
            "pace_hours_per_week": _number(float(schedule.pace.hours_per_week)),
            "start": schedule.start.isoformat(),
            "finish": schedule.finish.isoformat() if schedule.finish else None,
            "default_hours": _number(float(schedule.default_hours)),
        }
    }


def _dates(schedule: Schedule | None, topic_id: str) -> dict[str, str | None]:
    """A topic's ``start`` and ``finish`` in a schedule (nothing without one; null for a topic
    done, known or skipped, which takes no time)."""
    if schedule is None:
        return {}
    slot = schedule.slot(topic_id)
    if slot is None or slot.done:
        return {"start": None, "finish": None}
    return {"start": slot.start.isoformat(), "finish": slot.finish.isoformat()}


def _topic_data(
    topic: Topic,
    stage: int,
    nxt: bool,
    done: Standing,
    notes: Mapping[str, tuple[Note, ...]],
    dates: Mapping[str, str | None],
) -> dict[str, Any]:
    """A topic's fields (``hours`` is its estimate, resources included), stage, state, its
    scheduled dates (when there is a schedule) and notes."""
    return {
        "id": topic.id,
        **topic_data(topic),
        "stage": stage,
        "done": topic.id in done.topics,
        "state": done.state(topic.id),
        "next": nxt,
        "hours": _sum(topic.estimated_hours),
        **dates,
        "notes": notes_data(notes.get(topic.id, ())),
        "resources": [
            {
                **resource_data(r),
                "done": r.full_id in done.resources,
                "state": done.state(r.full_id),
                "notes": notes_data(notes.get(r.full_id, ())),
            }
            for r in topic.resources
        ],
    }


def notes_data(notes: tuple[Note, ...]) -> list[dict[str, str]]:
    """An item's notes as JSON: each its ``at`` (ISO time) and ``text``."""
    return [{"at": note.at.isoformat(), "text": note.text} for note in notes]


def _number(value: float) -> float | None:
    """A number JSON can hold: null for an infinite or NaN one (never ``NaN`` or
    ``Infinity``, which are not JSON)."""
    return value if math.isfinite(value) else None


def _sum(value: float | None) -> float | None:
    """A sum of estimates, without the noise of binary fractions (``0.30000000000000004``)."""
    return None if value is None else _number(round(value, 6))


def dump(data: dict[str, Any]) -> str:
    """The document, indented at the top level and with one topic a line.

    ``json.dumps`` with ``indent`` runs Python's own encoder, several times slower than its C
    one; indenting only the top level, and writing each topic on a line of its own with the C
    encoder, keeps the file readable (and diffs line by line) at the C encoder's speed.
    """

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    fields = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            text = "[\n" + ",\n".join(f"    {one(item)}" for item in value) + "\n  ]"
        else:
            text = one(value)
        fields.append(f"  {one(key)}: {text}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _finite(data: Any) -> Any:
    """``data`` with every infinite or NaN number replaced by null."""
    if isinstance(data, float):
        return _number(data)
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_finite(value) for value in data]
    return data
