"""A plan as JSON (the documented format, version 1), and its ``done`` values read back.

A file read back is checked like any input: its structure, the type of every value read and
every id, so that a hand-edited file gives a clear error naming it, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import StudypathError
from ..model import Topic
from ..progress import Standing
from ..schema import resource_data, topic_data
from . import Snapshot, Ticks, valid_item_id

FORMAT_VERSION = 1


class Json:
    name = "json"

    def render(self, snapshot: Snapshot) -> str:
        return json.dumps(to_data(snapshot), indent=2, ensure_ascii=False) + "\n"

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        if not text.lstrip().startswith("{"):
            return None
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return None  # not JSON after all: perhaps Markdown that starts with a brace
        if not isinstance(data, dict) or data.get("generator") != "studypath":
            return Ticks({}, ours=False)
        version = data.get("version")
        if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
            raise _bad(source, f"its version is {version!r}; this studypath reads version 1")
        ticks: dict[str, bool] = {}
        topics = data.get("topics")
        if not isinstance(topics, list):
            raise _bad(source, "`topics` is not a list")
        for number, topic in enumerate(topics, start=1):
            where = f"topic {number}"
            _tick(ticks, topic, where, source)
            resources = topic.get("resources", [])
            if not isinstance(resources, list):
                raise _bad(source, f"{where}: `resources` is not a list")
            for index, resource in enumerate(resources, start=1):
                _tick(ticks, resource, f"{where}, resource {index}", source)
        return Ticks(ticks, ours=True)


EXPORTER = Json()


def _tick(ticks: dict[str, bool], entry: Any, where: str, source: str) -> None:
    if not isinstance(entry, dict):
        raise _bad(source, f"{where} is not an object")
    item, done = entry.get("id"), entry.get("done", False)
    if not isinstance(item, str) or not valid_item_id(item):
        raise _bad(source, f"{where}: `id` {json.dumps(item)} is not a studypath id")
    if type(done) is not bool:
        raise _bad(source, f"{where} (`{item}`): `done` must be true or false")
    ticks[item] = done


def _bad(source: str, why: str) -> StudypathError:
    return StudypathError(f"{source} cannot be read as a studypath JSON export: {why}")


def to_data(snapshot: Snapshot) -> dict[str, Any]:
    """The documented JSON structure (format version 1)."""
    plan, progress = snapshot.plan, snapshot.progress
    done, next_up = progress.done, set(progress.next_up)
    resources = [r for s in plan.steps for r in s.topic.resources]
    return {
        "version": FORMAT_VERSION,
        "generator": "studypath",
        "graph": {"title": plan.graph.title, "path": snapshot.graph_path, **plan.graph.meta},
        "goals": list(plan.goals),
        "generated": snapshot.generated.isoformat(),
        "summary": {
            "topics": len(plan.steps),
            "topics_done": progress.topics_done,
            "resources": len(resources),
            "resources_done": sum(1 for r in resources if r.full_id in done.resources),
            "hours": progress.hours_total,
            "hours_left": progress.hours_left,
            "topics_without_estimate": progress.unestimated,
            "fraction_done": round(progress.fraction, 4),
        },
        "topics": [
            _topic_data(s.topic, s.stage, s.topic.id in done.topics, s.topic.id in next_up, done)
            for s in plan.steps
        ],
    }


def _topic_data(
    topic: Topic, stage: int, is_done: bool, nxt: bool, done: Standing
) -> dict[str, Any]:
    """A topic's fields (``hours`` is its estimate, resources included), stage and state."""
    return {
        "id": topic.id,
        **topic_data(topic),
        "stage": stage,
        "done": is_done,
        "next": nxt,
        "hours": topic.estimated_hours,
        "resources": [
            {**resource_data(r), "done": r.full_id in done.resources} for r in topic.resources
        ],
    }
