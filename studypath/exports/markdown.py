"""A plan as a GitHub-flavoured Markdown checklist with a Mermaid diagram, and its ticks back.

Every task item ends with its item id in a code span, so ticks made in another tool can be read
back. All text from the graph is escaped: a title renders literally whatever it holds, never as
a link, HTML, emphasis or a broken diagram.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Resource
from ..schema import facts
from ..words import hours, plural, visible
from . import Snapshot, Ticks, valid_item_id

FORMAT_VERSION = 1
MARKER = "<!-- studypath export"
MERMAID_LIMIT = 200

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$!#{}])")
_TASK = re.compile(r"^\s*[-*+] \[([ xX])\] (.*?)\s*$")
_ID_AT_END = re.compile(r"`([^`\s]+)`$")


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


class Markdown:
    name = "md"

    def render(self, snapshot: Snapshot) -> str:
        return "".join(_lines(snapshot))

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        ticks: dict[str, bool] = {}
        for line in text.splitlines():
            match = _TASK.match(line)
            if match is None:
                continue
            found = _ID_AT_END.search(match.group(2))
            if found is not None and valid_item_id(found.group(1)):
                ticks[found.group(1)] = match.group(1) != " "
        return Ticks(ticks, ours=text.lstrip().startswith(MARKER))


EXPORTER = Markdown()


def _lines(snapshot: Snapshot) -> Iterator[str]:
    plan, progress = snapshot.plan, snapshot.progress
    done = progress.done
    next_up = set(progress.next_up)
    goals = ", ".join(plan.goal_titles) or plan.graph.title
    yield f"{MARKER} format {FORMAT_VERSION}: tick boxes, then run `studypath sync FILE` -->\n"
    yield f"# Study plan: {md_text(goals)}\n\n"
    yield md_text(plan.graph.title) + f" · exported {snapshot.generated.date().isoformat()} · "
    yield summary_text(snapshot) + "\n"
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
    yield from _mermaid(snapshot)


def _resource_item(resource: Resource, is_done: bool) -> str:
    title = md_text(resource.title)
    if resource.url:
        title = f"[{title}]({md_url(resource.url)})"
    words = [resource.kind, *map(md_text, facts(resource))]
    if resource.note:
        words.append(md_text(resource.note))
    return f"- [{'x' if is_done else ' '}] {title} — {' · '.join(words)} `{resource.full_id}`"


def _mermaid(snapshot: Snapshot) -> Iterator[str]:
    plan, progress = snapshot.plan, snapshot.progress
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


def summary_text(snapshot: Snapshot) -> str:
    plan, progress = snapshot.plan, snapshot.progress
    parts = [plural(len(plan.steps), "topic"), plural(plan.resource_count, "resource")]
    if progress.hours_total:
        parts.append(f"~{hours(progress.hours_total)}")
    parts.append(f"{progress.fraction:.0%} done")
    return " · ".join(parts)
