"""A plan as a GitHub-flavoured Markdown checklist with a Mermaid diagram, and its ticks back.

Every task item ends with its item id in a code span, so ticks made in another tool can be read
back (by :mod:`.mdread`, which also tells what a new export would lose of a file the learner
edited). All text from the graph and the learner's notes is escaped: a title renders literally
whatever it holds, never as a link, HTML, emphasis, an invisible control or a broken diagram.
An item's state (known, skipped, started) follows its text in emphasis, ``— *known*``, and its
notes are list items under it, ``- ✎ 2026-11-24: text``, which ``sync`` does not read. With a
schedule, the summary line gives the pace and the finish, each stage heading the day the stage
finishes (``## Stage 2 · finishes 2027-01-24``) and each topic left to study its days, before
its id (`` · 2027-01-18 → 2027-01-24``): ``sync`` reads none of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Resource
from ..schema import facts
from ..words import UNSEEN, hours, plural, visible
from . import Snapshot, Ticks
from .mdread import MARKER, NOTE, Block, Document, Task, lost, read

if TYPE_CHECKING:
    from ..schedule import Schedule
    from ..storedoc import Note

__all__ = ["MARKER", "NOTE", "Block", "Document", "Markdown", "Task", "lost", "md_text", "read"]

FORMAT_VERSION = 1
MERMAID_LIMIT = 200

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$!#{}])")
#: What GFM's extended autolinks would turn into an e-mail link (``mailto:`` and ``xmpp:``
#: links need one too). An escaped ``\@`` does not stop GitHub: its renderer joins the text
#: before looking, so the address goes into a code span, which it never links.
_EMAIL_LIKE = re.compile(r"[\w.+-]+@(?:[\w+-]|[.@](?=[\w+-]))+")


def md_text(text: str) -> str:
    """Inline Markdown that renders as exactly ``text``: no emphasis, link, HTML or autolink.

    Unseen characters (controls, bidi marks) are shown as escapes (``\\u202e``), as everywhere
    else; an e-mail-like word is shown in a code span, so that no renderer makes it a link.
    """
    text = visible(" ".join(text.split()))
    out, start = [], 0
    for found in _EMAIL_LIKE.finditer(text):
        out += [_escaped(text[start : found.start()]), f"`{found.group()}`"]
        start = found.end()
    out.append(_escaped(text[start:]))
    return "".join(out)


def _escaped(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Break what GFM would turn into links by itself: URLs and www. names.
    text = re.sub(r"(?i)(\w)://", r"\1\\://", text)
    return re.sub(r"(?i)\b(www)\.", r"\1\\.", text)


def _line_start(text: str) -> str:
    """Inline Markdown from :func:`md_text` made safe to start a line: a title such as
    ``1. Basics`` or ``- draft`` would start a list there."""
    opens = re.match(r"\d{1,9}[.)]|[-+=]", text)
    if opens is None:
        return text
    return text[: opens.end() - 1] + "\\" + text[opens.end() - 1 :]


def md_url(url: str) -> str:
    """A link destination that stays one link, spaces and parentheses included.

    Spaces, quotes, backticks, pointy and square brackets, backslashes, controls and unseen
    characters (bidi marks and the like) are percent-encoded: a cmark-gfm renderer reads ``[x]``
    anywhere on a task item's line as a tick, and GitHub percent-encodes them in a link anyway.
    """
    encoded = "".join(
        "".join(f"%{b:02X}" for b in c.encode()) if c in ' <>[]`\\"' or UNSEEN.match(c) else c
        for c in url
    )
    # Pointy brackets keep parentheses inside one destination; plain URLs read better without.
    return f"<{encoded}>" if "(" in encoded or ")" in encoded else encoded


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label: anything outside a plain set becomes an entity code, and an
    unseen character is first shown as an escape (an entity code would bring it back)."""
    text = visible(" ".join(text.split()))
    safe = set(" -_.,:;?/'()+=*")
    body = "".join(c if c.isalnum() or c in safe else f"#{ord(c)};" for c in text)
    return f'"{body}"'


def _code(item_id: str) -> str:
    """An item id as a code span (ids from a graph file need no escaping; any id is safe)."""
    item_id = visible(item_id)
    if "`" not in item_id:
        return f"`{item_id}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", item_id)) + 1)
    return f"{fence} {item_id} {fence}"


class Markdown:
    name = "md"

    def render(self, snapshot: Snapshot) -> str:
        return "".join(_lines(snapshot))

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        document = read(text)
        ticks = {t.item: t.ticked for t in document.tasks if t.item is not None}
        optional = frozenset(t.item for t in document.tasks if t.item and t.optional)
        states = {t.item: t.state for t in document.tasks if t.item and t.state}
        return Ticks(ticks, ours=document.ours, optional=optional, states=states)

    def lost(self, old: str, new: str) -> list[str]:
        return [f"line {line}: {_short(what)}" for line, what in lost(old, new)]


def _short(text: str, width: int = 60) -> str:
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


EXPORTER = Markdown()


# -- writing ------------------------------------------------------------------------------------


def _marker(state: str | None) -> str:
    """What an item's line says of its state: `` — *known*`` (see :data:`_STATE`)."""
    return f" — *{state}*" if state in ("known", "skipped", "started") else ""


def _notes(notes: tuple[Note, ...], indent: str) -> Iterator[str]:
    """An item's notes, each a list item under it (never read back by ``sync``)."""
    for note in notes:
        yield f"{indent}- {NOTE} {note.at.date().isoformat()}: {md_text(note.text)}\n"


def _lines(snapshot: Snapshot) -> Iterator[str]:
    plan, progress = snapshot.plan, snapshot.progress
    done = progress.done
    next_up = set(progress.next_up)
    notes = snapshot.notes
    goals = ", ".join(plan.goal_titles) or plan.graph.title
    yield f"{MARKER} format {FORMAT_VERSION}: tick boxes, then run `studypath sync FILE` -->\n"
    yield f"# Study plan: {md_text(goals)}\n\n"
    yield _line_start(md_text(plan.graph.title))
    yield f" · exported {snapshot.generated.date().isoformat()} · "
    yield summary_text(snapshot) + schedule_text(snapshot.schedule) + "\n"
    terms = [plan.graph.meta.get(key) for key in ("licence", "credit")]
    shown = [md_text(term) for term in terms if isinstance(term, str) and term]
    if shown:  # the graph's licence and credit travel with what is made from it
        yield f"\nGraph content: {' · '.join(shown)}\n"
    schedule = snapshot.schedule
    for stage, steps in plan.stages:
        finish = schedule.stage_finish.get(stage) if schedule else None
        yield f"\n## Stage {stage}{f' · finishes {finish.isoformat()}' if finish else ''}\n\n"
        for step in steps:
            topic = step.topic
            box = "x" if topic.id in done.topics else " "
            state = done.state(topic.id)
            extra = _marker(state) or (" — next up" if topic.id in next_up else "")
            estimate = hours(topic.estimated_hours)
            extra += f" · {estimate}" if estimate and not topic.resources else ""
            extra += _dates(schedule, topic.id)
            for choice in plan.choices.get(topic.id, ()):
                taken = ", ".join([f"{choice.chosen} (taken)", *choice.others])
                extra += f" · one of: {md_text(taken)}"
            yield f"- [{box}] **{md_text(topic.title)}**{extra} {_code(topic.id)}\n"
            yield from _notes(notes.get(topic.id, ()), "  ")
            for resource in topic.resources:
                item = resource.full_id
                yield f"  {_resource_item(resource, item in done.resources, done.state(item))}\n"
                yield from _notes(notes.get(item, ()), "    ")
    yield "\n## Prerequisites\n\n"
    yield from _mermaid(snapshot)


def _dates(schedule: Schedule | None, topic_id: str) -> str:
    """A topic's scheduled days, `` · 2027-01-04 → 2027-01-10`` (one day once), with the
    hours assumed for a topic without an estimate; nothing for a topic done (or without a
    schedule). ``sync`` reads none of it, and a new export may change it."""
    slot = schedule.slot(topic_id) if schedule else None
    if slot is None or slot.done:
        return ""
    days = slot.start.isoformat()
    if slot.finish != slot.start:
        days += f" → {slot.finish.isoformat()}"
    return f" · {days}" + (f" ({hours(slot.hours) or '0 h'} assumed)" if slot.defaulted else "")


def _resource_item(resource: Resource, is_done: bool, state: str | None = None) -> str:
    title = md_text(resource.title)
    if resource.url:
        # cmark-gfm ticks an item whose line holds `[x]` anywhere: with the link's brackets,
        # a title `x` or one ending `[x` would write one, so that x becomes a character code.
        if re.search(r"(^|\\\[)[xX]$", title):
            title = f"{title[:-1]}&#{ord(title[-1])};"
        title = f"[{title}]({md_url(resource.url)})"
    words = [md_text(resource.kind), *map(md_text, facts(resource))]
    if resource.note:
        words.append(md_text(resource.note))
    box = "x" if is_done else " "
    return f"- [{box}] {title} — {' · '.join(words)}{_marker(state)} {_code(resource.full_id)}"


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
        for choice in plan.choices.get(step.topic.id, ()):  # the one taken; others dotted
            yield f"  {node[choice.chosen]} --> {node[step.topic.id]}\n"
            for other in choice.others:
                if other in node:
                    yield f"  {node[other]} -.-> {node[step.topic.id]}\n"
    done = [node[t] for t in node if t in progress.done.topics]
    upcoming = [node[t] for t in progress.next_up]
    skipped = [node[t] for t in node if t in progress.done.skipped]
    yield "  classDef done fill:#d4f7d4,stroke:#2e7d32,color:#1b5e20\n"
    yield "  classDef next fill:#fff8e1,stroke:#f9a825,stroke-width:2px\n"
    if skipped:
        yield "  classDef skipped fill:#eeeeee,stroke:#9e9e9e,color:#757575\n"
    if done:
        yield f"  class {','.join(done)} done\n"
    if upcoming:
        yield f"  class {','.join(upcoming)} next\n"
    if skipped:
        yield f"  class {','.join(skipped)} skipped\n"
    yield "```\n"


def schedule_text(schedule: Schedule | None) -> str:
    """The schedule, for the summary line: `` · 5 h/week from 2027-01-04, finish
    2027-02-14 · 2 h for each of 3 topics without an estimate`` (nothing without one)."""
    if schedule is None:
        return ""
    finish = schedule.finish.isoformat() if schedule.finish else "nothing left to study"
    text = f" · {schedule.pace.describe()} from {schedule.start.isoformat()}, finish {finish}"
    count = len(schedule.defaulted)
    if count:
        each = hours(schedule.default_hours) or "0 h"
        text += f" · {each} for {'each of ' if count > 1 else ''}{plural(count, 'topic')} "
        text += "without an estimate"
    return text


def summary_text(snapshot: Snapshot) -> str:
    plan, progress = snapshot.plan, snapshot.progress
    parts = [plural(len(plan.steps), "topic"), plural(plan.resource_count, "resource")]
    if progress.topics_skipped:
        parts.append(f"{progress.topics_skipped} skipped")
    if progress.hours_total:
        parts.append(f"~{hours(progress.hours_total)}")
    parts.append(f"{progress.fraction:.0%} done")
    return " · ".join(parts)
