"""A plan as Markdown (a GitHub-flavoured checklist with a Mermaid diagram) or JSON, and back.

Every task item of the Markdown ends with its item id in a code span, so ticks made in another
tool can be read back (:func:`read_ticks`). All text from the graph is escaped: a title renders
literally whatever it holds, never as a link, HTML, emphasis or a broken diagram.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .errors import StudypathError
from .files import write_atomically
from .model import ID_PATTERN, Graph, Resource, Topic
from .planner import Plan
from .standing import PlanProgress, Standing, standing
from .words import hours, plural, visible

FORMAT_VERSION = 1
MARKER = "<!-- studypath export"
MERMAID_LIMIT = 200

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$!#{}])")
_TASK = re.compile(r"^\s*[-*+] \[([ xX])\] (.*?)\s*$")
_ID_AT_END = re.compile(r"`([^`\s]+)`$")


def export_time() -> datetime:
    """Now, or ``$SOURCE_DATE_EPOCH`` when set, so that an export can be reproduced exactly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(microsecond=0)


# -- Markdown ---------------------------------------------------------------------------------


def md_text(text: str) -> str:
    """Inline Markdown that renders as exactly ``text``: no emphasis, link, HTML or autolink."""
    text = visible(" ".join(text.split()))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Break what GFM would turn into links by itself: URLs, www. names and e-mail addresses.
    text = re.sub(r"(?i)(\w)://", r"\1\\://", text)
    text = re.sub(r"(?i)\b(www)\.", r"\1\\.", text)
    return text.replace("@", "\\@")


def md_url(url: str) -> str:
    """A link destination that stays one link, spaces and parentheses included."""
    encoded = "".join(
        f"%{ord(c):02X}" if c in ' <>\\"' or ord(c) < 0x20 or ord(c) == 0x7F else c for c in url
    )
    # Pointy brackets keep parentheses inside one destination; plain URLs read better without.
    return f"<{encoded}>" if "(" in encoded or ")" in encoded else encoded


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label: anything outside a plain set becomes an entity code."""
    text = " ".join(text.split())  # controls left over become entity codes below
    safe = set(" -_.,:;?/'()+=*")
    body = "".join(c if c.isalnum() or c in safe else f"#{ord(c)};" for c in text)
    return f'"{body}"'


def to_markdown(plan: Plan, progress: PlanProgress, generated: datetime) -> str:
    return "".join(_markdown_lines(plan, progress, generated))


def _markdown_lines(plan: Plan, progress: PlanProgress, generated: datetime) -> Iterator[str]:
    done = progress.done
    next_up = set(progress.next_up)
    goals = ", ".join(plan.goal_titles) or plan.graph.title
    yield f"{MARKER} format {FORMAT_VERSION}: tick boxes, then run `studypath sync FILE` -->\n"
    yield f"# Study plan: {md_text(goals)}\n\n"
    yield md_text(plan.graph.title) + f" · exported {generated.date().isoformat()} · "
    yield summary_text(plan, progress) + "\n"
    for stage, steps in plan.stages:
        yield f"\n## Stage {stage}\n\n"
        for step in steps:
            topic = step.topic
            box = "x" if topic.id in done.topics else " "
            extra = " — next up" if topic.id in next_up else ""
            estimate = hours(topic.estimated_hours)
            extra += f" · {estimate}" if estimate and not topic.resources else ""
            yield f"- [{box}] **{md_text(topic.title)}**{extra} `{topic.id}`\n"
            for resource in topic.resources:
                yield "  " + _resource_item(resource, resource.full_id in done.resources) + "\n"
    yield "\n## Prerequisites\n\n"
    yield from _mermaid(plan, progress)


def _resource_item(resource: Resource, is_done: bool) -> str:
    title = md_text(resource.title)
    if resource.url:
        title = f"[{title}]({md_url(resource.url)})"
    facts = [resource.kind]
    facts += [f for f in (hours(resource.hours), "free" if resource.free else "") if f]
    if resource.optional:
        facts.append("optional")
    if resource.note:
        facts.append(md_text(resource.note))
    return f"- [{'x' if is_done else ' '}] {title} — {' · '.join(facts)} `{resource.full_id}`"


def _mermaid(plan: Plan, progress: PlanProgress) -> Iterator[str]:
    if len(plan.steps) > MERMAID_LIMIT:
        yield (
            f"The plan has {len(plan.steps)} topics: too many for a readable diagram "
            f"(the limit here is {MERMAID_LIMIT}). The stages above follow every prerequisite.\n"
        )
        return
    node = {step.topic.id: f"n{i}" for i, step in enumerate(plan.steps, start=1)}
    yield "```mermaid\nflowchart LR\n"
    for step in plan.steps:
        yield f"  {node[step.topic.id]}[{mermaid_label(step.topic.title)}]\n"
    for step in plan.steps:
        for req in step.topic.requires:
            yield f"  {node[req]} --> {node[step.topic.id]}\n"
    done = [node[t] for t in node if t in progress.done.topics]
    upcoming = [node[t] for t in progress.next_up]
    yield "  classDef done fill:#d4f7d4,stroke:#2e7d32,color:#1b5e20\n"
    yield "  classDef next fill:#fff8e1,stroke:#f9a825,stroke-width:2px\n"
    if done:
        yield f"  class {','.join(done)} done\n"
    if upcoming:
        yield f"  class {','.join(upcoming)} next\n"
    yield "```\n"


def summary_text(plan: Plan, progress: PlanProgress) -> str:
    parts = [
        plural(len(plan.steps), "topic"),
        plural(plan.resource_count, "resource"),
    ]
    if progress.hours_total:
        parts.append(f"~{hours(progress.hours_total)}")
    parts.append(f"{progress.fraction:.0%} done")
    return " · ".join(parts)


# -- JSON -------------------------------------------------------------------------------------


def to_data(
    plan: Plan, progress: PlanProgress, generated: datetime, graph_path: str
) -> dict[str, Any]:
    """The documented JSON structure (format version 1)."""
    done, next_up = progress.done, set(progress.next_up)
    resources = [r for s in plan.steps for r in s.topic.resources]
    return {
        "version": FORMAT_VERSION,
        "generator": "studypath",
        "graph": {"title": plan.graph.title, "path": graph_path},
        "goals": list(plan.goals),
        "generated": generated.isoformat(),
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
    return {
        "id": topic.id,
        "title": topic.title,
        "stage": stage,
        "requires": list(topic.requires),
        "done": is_done,
        "next": nxt,
        "hours": topic.estimated_hours,
        "resources": [
            {
                "id": r.full_id,
                "title": r.title,
                "url": r.url,
                "kind": r.kind,
                "hours": r.hours,
                "free": r.free,
                "optional": r.optional,
                "done": r.full_id in done.resources,
            }
            for r in topic.resources
        ],
    }


def to_json(plan: Plan, progress: PlanProgress, generated: datetime, graph_path: str) -> str:
    data = to_data(plan, progress, generated, graph_path)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- reading an export back -------------------------------------------------------------------


@dataclass(frozen=True)
class Ticks:
    """The boxes of an exported file: item id -> ticked, in file order."""

    ticks: dict[str, bool]
    ours: bool


def read_ticks(text: str) -> Ticks:
    """The task items of an exported Markdown (or JSON) file, by the ids they carry."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return Ticks({}, ours=False)
        if not isinstance(data, dict) or data.get("generator") != "studypath":
            return Ticks({}, ours=False)
        ticks: dict[str, bool] = {}
        for topic in data.get("topics", []):
            ticks[topic["id"]] = bool(topic.get("done"))
            for resource in topic.get("resources", []):
                ticks[resource["id"]] = bool(resource.get("done"))
        return Ticks(ticks, ours=True)
    ticks = {}
    for line in text.splitlines():
        match = _TASK.match(line)
        if match is None:
            continue
        found = _ID_AT_END.search(match.group(2))
        if found is None:
            continue
        item = found.group(1)
        topic_id, _, resource_id = item.partition("/")
        if ID_PATTERN.fullmatch(topic_id) and (
            not resource_id or ID_PATTERN.fullmatch(resource_id)
        ):
            ticks[item] = match.group(1) != " "
    return Ticks(ticks, ours=stripped.startswith(MARKER))


def read_export(path: Path) -> dict[str, bool]:
    """The boxes of an exported file, by item id; an error if it has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StudypathError(f"file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise StudypathError(f"cannot read {path}: {error}") from None
    ticks = read_ticks(text).ticks
    if not ticks:
        raise StudypathError(f"{path} has no studypath task items (`- [ ] ... `id``) to sync")
    return ticks


@dataclass(frozen=True)
class SyncPlan:
    """What a sync records (``mark``) and undoes (``unmark``); ids the graph does not have."""

    mark: list[str]
    unmark: list[str]
    known: list[str]
    unknown: list[str]


def plan_sync(
    graph: Graph, ticks: dict[str, bool], recorded: Collection[str], mirror: bool
) -> SyncPlan:
    """Ticked items not yet shown done are marked; with ``mirror``, unticked records undone."""
    known = [i for i in ticks if i in graph or graph.resource(i) is not None]
    unknown = [i for i in ticks if i not in graph and graph.resource(i) is None]
    shown = standing({graph.topic(i.partition("/")[0]) for i in known}, recorded)
    mark = [i for i in known if ticks[i] and i not in shown.topics and i not in shown.resources]
    unmark = [i for i in known if mirror and not ticks[i] and i in recorded]
    return SyncPlan(mark, unmark, known, unknown)


def write_export(path: Path, text: str, done: Standing, force: bool = False) -> None:
    """Write an export atomically, unless that would lose something and ``force`` is not set.

    Refused: replacing a file studypath did not write, and replacing an export whose ticked
    boxes are not recorded as progress (the learner ticked them and has not synced).
    """
    if not force:
        _check_overwrite(path, done)
    try:
        write_atomically(path, text)
    except OSError as error:
        raise StudypathError(f"cannot write {path}: {error.strerror or error}") from None


def _check_overwrite(path: Path, done: Standing) -> None:
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise StudypathError(
            f"{path} exists and cannot be read ({error}); pass --force to replace it"
        ) from None
    ticks = read_ticks(existing)
    if not ticks.ours:
        raise StudypathError(
            f"{path} exists and was not written by studypath; pass --force to replace it"
        )
    unsynced = [
        item
        for item, ticked in ticks.ticks.items()
        if ticked and item not in done.topics and item not in done.resources
    ]
    if unsynced:
        shown = ", ".join(unsynced[:5]) + (", ..." if len(unsynced) > 5 else "")
        raise StudypathError(
            f"{path} has ticked boxes not recorded as progress ({shown}); "
            f"run `studypath sync {path}` first, or pass --force to replace it"
        )
