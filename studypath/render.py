"""What the long commands show (``plan``, ``next``, ``topics``): links, widths, and thousands
of lines printed fast (through rich only in colour; see :mod:`.terminal`). The short commands
are in :mod:`.report`.

Every function takes a result of :mod:`.actions` and, for tests, the screen to print to (by
default stdout's). Warnings in a result go to stderr.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .report import COLOURS, MARKS, bar_width, progress_bar
from .schema import facts
from .style import warnings
from .terminal import Line, Screen, block, print_lines, row, wrap
from .words import hours, plural
from .words import visible as safe

if TYPE_CHECKING:  # types only: importing these here would slow every command's start
    from collections.abc import Container

    from .actions import Planned
    from .model import Graph, Resource, Topic
    from .planner import Plan
    from .progress import PlanProgress, Standing
    from .schedule import Slot

DONE, TODO, NEXT, OPTIONAL = "✔", "☐", "▶", "·"
#: After an item that has notes (``studypath note ITEM``).
NOTED = " ✎"
#: The states an item is labelled with, beside its id.
LABELLED = ("known", "skipped", "started")
#: After the goals' names when they are the learner's own (set with ``goal add``).
YOURS = " (your goals)"


# -- plan -------------------------------------------------------------------------------------


def plan_heading(plan: Plan, stored_goals: bool = False) -> str:
    name = plan.name + (YOURS if stored_goals else "")
    return f"{name[:1].upper()}{name[1:]} · {plan.graph.title}"


def summary(plan: Plan) -> str:
    count = len(plan.steps)
    parts = [plural(count, "topic"), plural(plan.resource_count, "resource")]
    estimates = [s.topic.estimated_hours for s in plan.steps]
    estimate = sum(e or 0.0 for e in estimates)
    missing = estimates.count(None)
    if estimate:
        parts.append(f"~{hours(estimate)} in all")
        if missing:
            parts.append(f"{plural(missing, 'topic')} without an estimate")
    else:
        parts.append("no hour estimates")
    return " · ".join(parts)


def plan(
    result: Planned,
    hide_done: bool = False,
    compact: bool = False,
    page: bool = True,
    screen: Screen | None = None,
) -> None:
    """The plan as a checklist, stage by stage, streamed a few hundred lines at a time."""
    warnings(result.warnings)
    screen = screen or Screen.detect(compact=compact, page=page)
    print_lines(screen, _plan_lines(screen, result, hide_done))


def _plan_lines(screen: Screen, result: Planned, hide_done: bool) -> Iterator[Line]:
    plan, progress = result.plan, result.progress
    yield from block(safe(plan_heading(plan, result.stored_goals)), "bold", 0, screen)
    yield progress_line(screen, progress)
    laid_out = result.scheduled.schedule if result.scheduled is not None else None
    if result.scheduled is not None:
        from .reportmore import schedule_summary

        yield from block(schedule_summary(result.scheduled), "dim", 0, screen)
    next_up = set(progress.next_up)
    done = progress.done
    hidden = skipped = 0
    for stage, steps in plan.stages:
        shown = [s for s in steps if not (hide_done and done.satisfied(s.topic.id))]
        hidden += len(steps) - len(shown)
        skipped += sum(1 for s in steps if hide_done and s.topic.id in done.skipped)
        if not shown:
            continue
        yield []
        heading: Line = [(f"Stage {stage}", "bold cyan")]
        if laid_out is not None and stage in laid_out.stage_finish:
            heading.append((f" · finishes {laid_out.stage_finish[stage].isoformat()}", "dim"))
        yield heading
        for step in shown:
            topic = step.topic
            slot = laid_out.slot(topic.id) if laid_out is not None else None
            lines = topic_lines(screen, topic, done, topic.id in next_up, result.notes, slot)
            for choice in plan.choices.get(topic.id, ()):
                text = f"one of: {choice.chosen} (taken)" + "".join(
                    f", {other}" for other in choice.others
                )
                lines[1:1] = block(text, "dim", 4, screen)
            yield from lines
    yield []
    footer = summary(plan)
    if hidden:
        counts = [f"{hidden - skipped} done"] if hidden > skipped else []
        counts += [f"{skipped} skipped"] if skipped else []
        footer += f" · {' and '.join(counts)} not shown"
    yield from block(footer, "dim", 0, screen)


def progress_line(screen: Screen, progress: PlanProgress) -> Line:
    bar: Line = [*progress_bar(progress, bar_width(screen.width, progress), screen.fancy)]
    return bar


def topic_lines(
    screen: Screen,
    topic: Topic,
    done: Standing,
    next_up: bool,
    noted: Container[str] = (),
    slot: Slot | None = None,
) -> list[Line]:
    """A topic: its box (or its state's mark), title, a mark when it has notes, its dates when
    it has a ``slot`` in a schedule, and its state and id flush right; then its resources."""
    state = done.state(topic.id)
    is_done = state in ("done", "known")
    dim = is_done or state == "skipped"
    label = state if state in LABELLED else "next up" if next_up and not is_done else ""
    box = MARKS[state] if state else NEXT if next_up else TODO
    colour = COLOURS[state] if state else "yellow" if next_up else ""
    left: Line = [(f"{box} ", colour)]
    left.append((safe(topic.title), "dim" if dim else "bold" if label else ""))
    if topic.id in noted:
        left.append((NOTED, "dim"))
    right: Line = [(f"{label}  ", colour or "yellow")] if label else []
    right.append((topic.id, "cyan"))
    if not topic.resources and topic.hours is not None and not dim:
        left.append((f" · {hours(topic.hours)}", "dim"))
    if slot is not None and not slot.done:
        left += date_pieces(slot)
    lines = row(screen, left, right, indent=2, hang=2)
    for resource in topic.resources:
        lines += resource_lines(screen, resource, done, dim, noted, state)
    return lines


def date_pieces(slot: Slot) -> Line:
    """:func:`dates` after `` · ``, in pieces: the arrows and dots are the same every time (their
    widths are measured once), the days plain ASCII, so a plan of 100,000 dated topics measures
    no new text."""
    pieces: Line = [(" · ", "dim"), (slot.start.isoformat(), "dim")]
    if slot.finish != slot.start:
        pieces += [(" → ", "dim"), (slot.finish.isoformat(), "dim")]
    if slot.defaulted:
        pieces.append((f" ({hours(slot.hours)} assumed)", "dim"))
    return pieces


def dates(slot: Slot) -> str:
    """``2027-01-04 → 2027-01-17``, and the hours assumed for a topic without an estimate."""
    text = slot.start.isoformat()
    text += f" → {slot.finish.isoformat()}" if slot.finish != slot.start else ""
    return text + (f" ({hours(slot.hours)} assumed)" if slot.defaulted else "")


def resource_lines(
    screen: Screen,
    resource: Resource,
    done: Standing,
    dim: bool = False,
    noted: Container[str] = (),
    topic_state: str | None = None,
) -> list[Line]:
    """A resource: box, kind and title (a link in colour), its facts, a mark when it has
    notes, its state (unless it is its topic's, ``topic_state``) and id flush right; then its
    note and, unless the screen is compact, its URL, so that every terminal can reach it."""
    full_id = resource.full_id
    state = done.state(full_id)
    is_done = full_id in done.resources
    box = MARKS[state] if state else OPTIONAL if resource.optional else TODO
    left: Line = [(f"{box} ", COLOURS[state] if state else "")]
    left.append((f"{resource.kind:<9} ", "magenta" if not dim else "dim"))
    title = safe(resource.title)
    if screen.fancy:
        from rich.style import Style

        link = resource.url if resource.url else None
        left.append((title, Style(link=link, dim=dim or is_done)))
    else:
        left.append((title, ""))
    tags = facts(resource)
    if tags:  # escaped together: the separators have nothing to escape
        left.append((" · " + safe(" · ".join(tags)), "dim"))
    if full_id in noted:
        left.append((NOTED, "dim"))
    labelled = state in LABELLED and state != topic_state
    right: Line = [(f"{state}  ", COLOURS[state])] if labelled and state else []
    right.append((full_id, "cyan dim" if dim else "cyan"))
    lines = row(screen, left, right, indent=6, hang=12)
    if resource.note:
        lines += block(safe(resource.note), "dim italic", 18, screen)
    if resource.url and not (screen.compact and screen.fancy):
        url = safe(resource.url)  # moved left as far as it must to fit: a wrapped URL breaks
        indent = max(0, min(18, screen.width - len(url)))  # copy and paste in many terminals
        lines.append([(" " * indent, ""), (url, "dim" if screen.fancy else "")])
    return lines


# -- the graph --------------------------------------------------------------------------------


def topics(graph: Graph, page: bool = True, screen: Screen | None = None) -> None:
    screen = screen or Screen.detect(page=page)
    print_lines(screen, _topic_list(graph, screen))


def _topic_list(graph: Graph, screen: Screen) -> Iterator[Line]:
    """One topic a line: its id in a column of its own, then its title, aliases and
    prerequisites, wrapped under the title; an id too long for the column has a line to
    itself."""
    yield from block(f"{safe(graph.title)} · {plural(len(graph), 'topic')}", "bold", 0, screen)
    column = min(max((len(topic_id) for topic_id in graph.ids), default=0), 30) + 2
    if screen.width - column < 20:  # too narrow for a column: the id above its text
        column = 2
    for topic in graph.topics:
        text: Line = [(safe(topic.title), "")]
        if topic.aliases:
            text.append((f"  (also {', '.join(topic.aliases)})", "dim"))
        needs = [*topic.requires, *(f"one of ({' | '.join(g)})" for g in topic.one_of)]
        if needs:
            text.append(("  ← " + ", ".join(needs), "dim"))
        lines = wrap(text, screen.width - column, 0)
        if len(topic.id) + 2 > column:
            yield [(topic.id, "cyan")]
            lines = [[(" " * column, ""), *line] for line in lines]
        else:
            lines[0] = [(f"{topic.id:<{column}}", "cyan"), *lines[0]]
            lines[1:] = [[(" " * column, ""), *line] for line in lines[1:]]
        yield from lines
