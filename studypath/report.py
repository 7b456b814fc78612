"""What the short commands show (``done``, ``know``, ``skip``, ``start``, ``undo``, ``sync``,
``status``, ``check``, ``where``, ``export``): a few lines each, written with :mod:`.style` so
that they start without rich.

Every function takes a result of :mod:`.actions`; warnings in a result go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .style import Painter, warning, warnings
from .words import hours, plural
from .words import visible as safe

if TYPE_CHECKING:
    from .actions import (
        Checked,
        Exported,
        Goals,
        Noted,
        Recorded,
        Status,
        Synced,
        Undone,
        Where,
    )
    from .progress import PlanProgress

DONE, TODO = "✔", "☐"
#: How each state shows, in every terminal output: its mark, and the mark's colour.
MARKS = {"done": DONE, "known": DONE, "skipped": "–", "started": "◐"}
COLOURS = {"done": "green", "known": "blue", "skipped": "dim", "started": "yellow"}
#: The most topics a line of ``done`` names before "and N more".
FEW = 8


def progress_bar(progress: PlanProgress, width: int, fancy: bool) -> list[tuple[str, str]]:
    """A bar of ``width`` cells and the figures after it, as (text, style) pieces."""
    fraction = progress.fraction
    words = f" {progress.topics_done} of {plural(progress.topics_total, 'topic')} · "
    words += f"{fraction:.0%}"
    if progress.hours_total:
        words += f" · ~{hours(progress.hours_left)} left"
    if progress.topics_skipped:
        words += f" · {progress.topics_skipped} skipped"
    width = width or max(10, 100 - len(words))
    filled = round(width * fraction)
    if not fancy:
        return [("#" * filled + "-" * (width - filled), ""), (words, "")]
    return [("━" * filled, "green"), ("━" * (width - filled), "grey30"), (words, "")]


def bar_width(screen_width: int, progress: PlanProgress) -> int:
    """The width of a plan's bar: the screen's (at most 100) less the figures after it, and
    never under 3 cells (only a terminal narrower than the figures and 3 cells wraps it)."""
    return max(3, min(screen_width, 100) - len(progress_bar(progress, 10, False)[1][0]))


def recorded(result: Recorded, paint: Painter | None = None) -> None:
    """Each item in its state; then how far its topic is, the prerequisites known with it,
    the topics now startable, and the goals reached."""
    paint = paint or Painter()
    already, was = set(result.already), dict(result.changed)
    for item, title in result.items:
        state = result.states.get(item, "done")
        words = [f"already {state}"] if item in already else [] if state == "done" else [state]
        words += [f"was {was[item]}"] if item in was else []
        extra = paint(f"  ({'; '.join(words)})", "dim") if words else ""
        mark = paint(f"{MARKS[state]} ", COLOURS[state])
        paint.line(mark, paint(item, "cyan"), "  " + safe(title), extra)
    for tally in result.topics:
        text = f"  {safe(tally.title)}: {tally.done} of {tally.required} required resources done"
        if tally.complete:
            text += " — topic complete."
        paint.line(paint(text, "dim"))
    if result.prerequisites:
        count = plural(len(result.prerequisites), "prerequisite")
        paint.line(paint(f"  Known too, {count}: {_few(result.prerequisites)}", "dim"))
    if result.startable:
        paint.line("  Now you can start:")
        for item, title in result.startable[:FEW]:
            paint.line(paint("    ▶ ", "yellow"), paint(item, "cyan"), "  " + safe(title))
        if len(result.startable) > FEW:
            paint.line(paint(f"    ... and {len(result.startable) - FEW} more", "dim"))
    for goal, title in result.reached:
        paint.line(paint(f"★ Goal reached: {safe(title)} ({goal})", "bold green"))


def _few(items: tuple[tuple[str, str], ...]) -> str:
    shown = ", ".join(item for item, _ in items[:FEW])
    return shown + (f" and {len(items) - FEW} more" if len(items) > FEW else "")


def undone(result: Undone, paint: Painter | None = None) -> None:
    _undone_lines(result.removed, paint or Painter(), result.was)
    warnings(result.warnings)


def _undone_lines(
    items: tuple[tuple[str, str], ...], paint: Painter, was: Mapping[str, str] | None = None
) -> None:
    for item, title in items:
        words = f"  {safe(title)}  (no longer {(was or {}).get(item, 'done')})"
        paint.line(paint(f"{TODO} ", "yellow"), paint(item, "cyan"), words)


def synced(result: Synced, paint: Painter | None = None) -> None:
    paint = paint or Painter()
    if result.recorded.items:
        recorded(result.recorded, paint)
    _undone_lines(result.removed, paint)
    if not result.recorded.items and not result.removed:
        paint.line(
            f"{safe(str(result.file))}: nothing to change; progress already matches its ticks"
        )
    for item in result.unknown:
        warning(f"{result.file}: `{item}` is not in {result.graph_title}; left alone")
    if result.still_done:
        shown = ", ".join(result.still_done[:5]) + (", ..." if len(result.still_done) > 5 else "")
        warning(
            f"{plural(len(result.still_done), 'box', 'boxes')} unticked in {result.file} "
            f"still recorded as done ({shown}); `studypath sync --mirror` undoes them"
        )


def status(result: Status, paint: Painter | None = None) -> None:
    warnings(result.warnings)
    paint = paint or Painter()
    paint.line(paint(f"Progress · {safe(result.graph.title)}", "bold"))
    for goal in result.goals:
        plan, progress = goal.plan, goal.progress
        paint.line()
        name = safe(plan.name + (" (your goals)" if result.stored_goals else ""))
        paint.line(paint(name[:1].upper() + name[1:], "bold cyan"))
        bar = progress_bar(progress, 30, paint.fancy)
        paint.line("  ", *(paint(text, style) for text, style in bar))
        if progress.topics_known or progress.topics_skipped or progress.started:
            studied = progress.topics_done - progress.topics_known
            counts = [f"{studied} studied", f"{progress.topics_known} known"]
            counts += [f"{progress.topics_skipped} skipped"] if progress.topics_skipped else []
            counts += [f"{len(progress.started)} started"] if progress.started else []
            paint.line(f"  topics: {' · '.join(counts)}")
        counted = goal.resources_total - goal.resources_skipped
        text = f"  resources {goal.resources_done} of {counted} done"
        if progress.hours_total:
            text += f" · hours {hours(progress.hours_done) or '0 h'} done, "
            text += f"{hours(progress.hours_left) or '0 h'} left"
        if progress.unestimated and progress.hours_total:
            text += f" · {plural(progress.unestimated, 'topic')} without an estimate"
        paint.line(text)
        if progress.started:
            paint.line(paint("  started: " + ", ".join(progress.started), "yellow"))
        if progress.next_up:
            paint.line(paint("  next up: " + ", ".join(progress.next_up), "yellow"))
        if goal.scheduled is not None:
            from .reportmore import forecast_lines

            for text in forecast_lines(goal.scheduled):
                paint.line(f"  {text}")
    paint.line()
    last = result.last
    if last is None:
        goals = " ".join(result.goals[0].plan.goals) if result.goals else ""
        start = f"studypath next {goals}".rstrip()
        paint.line(paint("Nothing recorded yet. See where to start with: ", "dim"), start)
    else:
        when = last.astimezone().strftime("%Y-%m-%d %H:%M")
        paint.line(paint(f"Last progress recorded: {when}", "dim"))
    if result.orphans:
        paint.line()
        count = plural(len(result.orphans), "record")
        paint.line(paint(f"{count} made with this graph name items it no longer has:", "yellow"))
        for record, hint in result.orphans:
            extra = paint(f"  — now `{hint}`?", "dim") if hint else ""
            paint.line(paint(f"  {safe(record.item)}", "cyan"), extra)
        paint.line(paint("  Remove one with: studypath undo <id>", "dim"))


def check(result: Checked, paint: Painter | None = None) -> None:
    graph = result.graph
    warnings(graph.warnings)
    estimate = sum(t.estimated_hours or 0.0 for t in graph.topics)
    valid = f"valid but for {plural(len(graph.warnings), 'warning')}" if result.failed else "valid"
    text = f"{safe(result.display)}: {valid} · {plural(len(graph), 'topic')} · "
    text += f"{plural(graph.resource_count, 'resource')} · "
    text += f"~{hours(estimate)} estimated" if estimate else "no hour estimates"
    paint = paint or Painter()
    paint.line(paint("! ", "yellow") if result.failed else paint("✔ ", "green"), text)


def exported(result: Exported, paint: Painter | None = None) -> None:
    if result.output is None:
        sys.stdout.write(result.text)
        return
    paint = paint or Painter()
    paint.line(safe(f"wrote {result.output} ({plural(result.topics, 'topic')}, {result.format})"))
    if result.format == "md":
        paint.line(
            paint("  tick boxes there, then record them with ", "dim"),
            safe(f"studypath sync {result.output}"),
        )


def where(result: Where, paint: Painter | None = None) -> None:
    paint = paint or Painter()
    width = max(len(name) for name, _, _ in result.rows)
    for name, value, notes in result.rows:
        extra = paint(f"  ({notes})", "dim") if notes else ""
        paint.line(paint(f"{name:<{width}}  ", "bold"), safe(value), extra)


def json_document(data: dict[str, Any]) -> None:
    """A ``--json`` document on stdout."""
    from .exports.json import dump

    sys.stdout.write(dump(data))


def goals(result: Goals, paint: Painter | None = None) -> None:
    """What a goal command did, then the goals now set with the graph."""
    paint = paint or Painter()
    titles = dict(result.goals)
    for goal in result.added:
        paint.line(paint(f"{DONE} ", "green"), paint(goal, "cyan"), f"  {safe(titles[goal])}")
    for goal in result.already:
        paint.line(
            paint(f"{DONE} ", "green"), paint(goal, "cyan"), paint("  (a goal already)", "dim")
        )
    for goal in result.removed:
        paint.line(paint(f"{TODO} ", "yellow"), paint(safe(goal), "cyan"), "  (no longer a goal)")
    for goal in result.missing:
        warning(f"{goal} is not one of your goals")
    if result.added or result.removed or result.already or result.missing:
        paint.line()
    if not result.goals:
        paint.line(
            "No goals set with ",
            safe(result.graph_title),
            ": plan, next, status and export "
            "show the whole graph. Set one with: studypath goal add TOPIC",
        )
        return
    paint.line(paint(f"Your goals · {safe(result.graph_title)}", "bold"))
    width = max(len(goal) for goal, _ in result.goals)
    for goal, title in result.goals:
        kept = result.schedules.get(goal, ())
        words = " ".join(f"--{key.replace('_', '-')} {value}" for key, value in kept)
        extra = paint(f"  ({safe(words)})", "dim") if words else ""
        paint.line("  ", paint(f"{safe(goal):<{width}}", "cyan"), f"  {safe(title)}", extra)
    paint.line(paint("plan, next, status and export use them when given no goals.", "dim"))


def noted(result: Noted, paint: Painter | None = None) -> None:
    """A note added, notes edited, or an item's notes, each under its date."""
    paint = paint or Painter()
    head = (paint("✎ ", "green"), paint(safe(result.item), "cyan"), f"  {safe(result.title)}")
    count = plural(len(result.notes), "note")
    if result.added is not None:
        paint.line(*head, paint(f"  (note added; {count})", "dim"))
        return
    if result.edited:
        paint.line(*head, paint(f"  ({count}; {result.before} before)", "dim"))
        return
    if not result.notes:
        paint.line(f"No notes on {safe(result.item)} yet. Add one with: ",
                   f'studypath note {safe(result.item)} "..."')  # fmt: skip
        return
    paint.line(
        paint(f"Notes on {safe(result.title)}", "bold"), paint(f"  {safe(result.item)}", "cyan")
    )
    for note in result.notes:
        first, *rest = note.text.split("\n")
        paint.line(paint(f"  {note.at.date().isoformat()}  ", "dim"), safe(first))
        for line in rest:
            paint.line(" " * 14, safe(line))
