"""What ``graphs`` and ``import`` show, and the schedule lines of ``plan``, ``next`` and
``status`` (short output, through :mod:`.style`, like :mod:`.report`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .style import Painter
from .words import hours, plural
from .words import visible as safe

if TYPE_CHECKING:
    from .actions import Catalogue, Imported
    from .actions.timing import Scheduled


def catalogue(result: Catalogue, paint: Painter | None = None) -> None:
    """The bundled graphs, one paragraph each: name, title, size; licence and credit."""
    paint = paint or Painter()
    paint.line(paint("Bundled graphs", "bold"), paint("  · use one with --graph NAME", "dim"))
    width = max((len(entry.name) for entry in result.graphs), default=0)
    for entry in result.graphs:
        size = f"{plural(entry.topics, 'topic')}, " + (
            f"{hours(entry.hours)}" if entry.estimated else "no hour estimates"
        )
        if 0 < entry.estimated < entry.topics:
            size += f" ({entry.estimated} of them estimated)"
        paint.line()
        paint.line(
            "  ",
            paint(f"{safe(entry.name):<{width}}", "cyan"),
            "  ",
            paint(safe(entry.title), "bold"),
            paint("  (default)", "dim") if entry.default else "",
        )
        indent = " " * (width + 4)
        paint.line(indent, size)
        terms = [safe(text) for text in (entry.licence, entry.credit) if text]
        if terms:
            paint.line(indent, paint(" · ".join(terms), "dim"))


def imported(result: Imported, paint: Painter | None = None) -> None:
    """The graph file's text on stdout (without ``-o``), or what was written; then figures,
    what the importer could not use, and what was recorded (on stderr when stdout has the
    graph)."""
    import sys

    if result.output is None:
        sys.stdout.write(result.text)
        paint = paint or Painter(sys.stderr)
    paint = paint or Painter()
    where = f"wrote {result.output}" if result.output is not None else "the graph is above"
    paint.line(paint("✔ ", "green"), f"{safe(result.title)}: {where}")
    for line in result.summary:
        paint.line(f"  {safe(line)}")
    if result.report:
        count = plural(len(result.report), "thing")
        paint.line(paint(f"  {count} not used or not matched (comments in the graph):", "yellow"))
        for line in result.report:
            paint.line(paint(f"    {safe(line)}", "dim"))
    if result.recorded is not None:
        from .report import recorded

        recorded(result.recorded, paint)
    if result.output is not None:
        paint.line(paint(f"  Plan with: studypath plan --graph {safe(str(result.output))}", "dim"))


#: Fewer days of a schedule than this are too few to measure a pace on.
EARLY = 7

# -- schedules --------------------------------------------------------------------------------


def schedule_summary(scheduled: Scheduled) -> str:
    """``5 h/week from 2027-01-04 · finish 2027-03-14 · 2 topics without an estimate, at 2 h
    each``; with a deadline, the pace it set and the pace it needs from today."""
    laid_out = scheduled.schedule
    text = f"{laid_out.pace.describe()} from {laid_out.start.isoformat()}"
    if scheduled.deadline is not None:
        text = f"to finish by {scheduled.deadline.isoformat()}: {text}"
    if laid_out.finish is None:
        text += " · nothing left to study"
    else:
        text += f" · finish {laid_out.finish.isoformat()}"
    deadline = scheduled.deadline
    if deadline is not None and laid_out.finish is not None and laid_out.finish > deadline:
        if scheduled.needed is not None:
            text += f" · {scheduled.needed.describe()} from today makes the deadline"
        elif deadline < scheduled.today:
            text += " · the deadline has passed: set another with goal add --deadline"
        else:
            text += " · no pace makes the deadline now"
    if laid_out.defaulted:
        count = len(laid_out.defaulted)
        each = " each" if count > 1 else ""
        text += (
            f" · {plural(count, 'topic')} without an estimate, at "
            f"{hours(laid_out.default_hours) or '0 h'}{each}"
        )
    return text


def forecast_lines(scheduled: Scheduled) -> list[str]:
    """How a goal stands against its schedule, for ``status``: the schedule as set, ahead or
    behind, and the finish at the pace achieved."""
    ahead = scheduled.forecast
    if ahead is None:
        return []
    start = scheduled.start or scheduled.schedule.start
    planned = ahead.planned_finish.isoformat() if ahead.planned_finish else "nothing left"
    lines = [
        f"schedule: {scheduled.schedule.pace.describe()} from {start.isoformat()} · "
        f"planned finish {planned}",
        f"{ahead.words}: {hours(ahead.done_hours) or '0 h'} done since the start, "
        f"{hours(ahead.planned_hours_by_today) or '0 h'} planned by today",
    ]
    if 0 < ahead.window_days < EARLY:
        lines.append(f"at your pace: too early to tell ({plural(ahead.window_days, 'day')} in)")
    elif ahead.window_days:
        pace = f"{ahead.achieved_hours_per_week:.1f} h/week over the last " + plural(
            ahead.window_days, "day"
        )
        if ahead.forecast_finish is not None:
            lines.append(f"at your pace ({pace}): finish {ahead.forecast_finish.isoformat()}")
        elif ahead.hours_left:
            lines.append(f"at your pace ({pace}): no finish in sight yet")
    return lines
