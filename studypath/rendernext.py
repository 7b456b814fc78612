"""What ``next`` shows: the topics to study now, with links, and with a schedule what is due
this week (long output, like :mod:`.render`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .progress import hours_left
from .render import NEXT, NOTED, YOURS, dates, resource_lines
from .report import COLOURS, MARKS
from .style import warnings
from .terminal import Line, Screen, block, print_lines, row
from .words import hours
from .words import visible as safe

if TYPE_CHECKING:
    from .actions import Planned


def next_up(
    result: Planned, compact: bool = False, page: bool = True, screen: Screen | None = None
) -> None:
    warnings(result.warnings)
    screen = screen or Screen.detect(compact=compact, page=page)
    print_lines(screen, _next_lines(screen, result))


def _next_lines(screen: Screen, result: Planned) -> Iterator[Line]:
    plan, progress = result.plan, result.progress
    goals = safe(plan.name + (YOURS if result.stored_goals else ""))
    if not progress.next_up:
        yield from block(f"Everything for {goals} is done. Well done!", "green", 0, screen)
        return
    yield from block(f"Next up for {goals}", "bold", 0, screen)
    first_todo: str | None = None
    done = progress.done
    for topic_id in progress.next_up:
        topic = plan.graph.topic(topic_id)
        started = topic_id in done.started
        mark = (MARKS["started"], COLOURS["started"]) if started else (NEXT, "yellow")
        line: Line = [(f"{mark[0]} ", mark[1]), (safe(topic.title), "bold")]
        if topic_id in result.notes:
            line.append((NOTED, "dim"))
        left = hours_left(topic, done)
        if left:
            line.append((f" · ~{hours(left)} left", "dim"))
        right: Line = [("started  ", mark[1])] if started else []
        yield from row(screen, line, [*right, (topic.id, "cyan")], indent=2, hang=2)
        for resource in topic.resources:
            if resource.full_id in done.resources or resource.full_id in done.skipped:
                continue
            first_todo = first_todo or (None if resource.optional else resource.full_id)
            yield from resource_lines(screen, resource, done, noted=result.notes)
    if result.scheduled is not None:
        yield from _due_lines(screen, result)
    command = f"studypath done {first_todo or progress.next_up[0]}"
    if len(command) + 18 <= screen.width:
        yield [("  Mark progress:  ", "dim"), (command, "")]
    else:  # the command whole, on a line of its own, to copy and paste
        yield from ([[("  Mark progress:", "dim")], [("  ", ""), (command, "")]])


def _due_lines(screen: Screen, result: Planned) -> Iterator[Line]:
    """What the schedule has due this week: what is left is laid out from today (or a later
    start), so nothing is overdue; ``status`` says how far behind the learner is."""
    from .reportmore import schedule_summary
    from .schedule import due_in_week, week_of

    assert result.scheduled is not None
    today, laid_out = result.scheduled.today, result.scheduled.schedule
    monday, sunday = week_of(today)
    yield []
    yield [(f"Due this week ({monday.isoformat()} to {sunday.isoformat()})", "bold")]
    yield from block(schedule_summary(result.scheduled), "dim", 2, screen)
    due = due_in_week(laid_out, today)
    if laid_out.start > sunday:
        text = f"  Your schedule starts {laid_out.start.isoformat()}: nothing is due this week."
        yield [(text, "dim")]
    elif not due:
        yield [("  Nothing due this week: you are ahead of the schedule.", "green")]
    for slot in due:
        title = safe(result.plan.graph.topic(slot.topic_id).title)
        line: Line = [("☐ ", ""), (title, ""), (f" · {dates(slot)}", "dim")]
        yield from row(screen, line, [(slot.topic_id, "cyan")], indent=2, hang=2)
