"""What the long commands show (``plan``, ``next``, ``topics``): links, widths, and thousands
of lines printed fast (through rich only in colour; see :mod:`.terminal`). The short commands
are in :mod:`.report`.

Every function takes a result of :mod:`.actions` and, for tests, the screen to print to (by
default stdout's). Warnings in a result go to stderr.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .progress import hours_left
from .report import bar_width, progress_bar
from .schema import facts
from .style import warnings
from .terminal import Line, Screen, print_lines, row
from .words import hours, plural
from .words import visible as safe

if TYPE_CHECKING:  # types only: importing these here would slow every command's start
    from .actions import Planned
    from .model import Graph, Resource, Topic
    from .planner import Plan
    from .progress import PlanProgress, Standing

DONE, TODO, NEXT, OPTIONAL = "✔", "☐", "▶", "·"


# -- plan -------------------------------------------------------------------------------------


def plan_heading(plan: Plan) -> str:
    name = plan.name
    return f"{name[:1].upper()}{name[1:]} · {plan.graph.title}"


def summary(plan: Plan) -> str:
    count = len(plan.steps)
    parts = [plural(count, "topic"), plural(plan.resource_count, "resource")]
    estimate = sum(s.topic.estimated_hours or 0.0 for s in plan.steps)
    missing = sum(1 for s in plan.steps if s.topic.estimated_hours is None)
    if estimate:
        parts.append(f"~{hours(estimate)} in all")
        if missing:
            parts.append(f"{plural(missing, 'topic')} without an estimate")
    else:
        parts.append("no hour estimates")
    return " · ".join(parts)


def plan(result: Planned, hide_done: bool = False, screen: Screen | None = None) -> None:
    """The plan as a checklist, stage by stage, streamed a few hundred lines at a time."""
    warnings(result.warnings)
    screen = screen or Screen.detect()
    print_lines(screen, _plan_lines(screen, result, hide_done))


def _plan_lines(screen: Screen, result: Planned, hide_done: bool) -> Iterator[Line]:
    plan, progress = result.plan, result.progress
    yield [(safe(plan_heading(plan)), "bold")]
    yield progress_line(screen, progress)
    next_up = set(progress.next_up)
    hidden = 0
    for stage, steps in plan.stages:
        shown = [s for s in steps if not (hide_done and s.topic.id in progress.done.topics)]
        hidden += len(steps) - len(shown)
        if not shown:
            continue
        yield []
        yield [(f"Stage {stage}", "bold cyan")]
        for step in shown:
            yield from topic_lines(screen, step.topic, progress.done, step.topic.id in next_up)
    yield []
    footer = summary(plan)
    if hidden:
        footer += f" · {hidden} done not shown"
    yield [(footer, "dim")]


def progress_line(screen: Screen, progress: PlanProgress) -> Line:
    bar: Line = [*progress_bar(progress, bar_width(screen.width, progress), screen.fancy)]
    return bar


def topic_lines(screen: Screen, topic: Topic, done: Standing, next_up: bool) -> list[Line]:
    is_done = topic.id in done.topics
    box = DONE if is_done else NEXT if next_up else TODO
    style = "dim" if is_done else "bold" if next_up else ""
    left: Line = [(f"{box} ", "green" if is_done else "yellow" if next_up else "")]
    left.append((safe(topic.title), style))
    right: Line = [("next up  ", "yellow")] if next_up else []
    right.append((topic.id, "cyan"))
    lines = row(screen, left, right, indent=2)
    if not topic.resources and topic.hours is not None and not is_done:
        lines.append([(f"      {hours(topic.hours)}", "dim")])
    lines += [line for r in topic.resources for line in resource_lines(screen, r, done, is_done)]
    return lines


def resource_lines(
    screen: Screen, resource: Resource, done: Standing, dim: bool = False
) -> list[Line]:
    is_done = resource.full_id in done.resources
    box = DONE if is_done else OPTIONAL if resource.optional else TODO
    left: Line = [(f"{box} ", "green" if is_done else "")]
    left.append((f"{resource.kind:<9} ", "magenta" if not dim else "dim"))
    title = safe(resource.title)
    if screen.fancy:
        from rich.style import Style

        link = resource.url if resource.url else None
        left.append((title, Style(link=link, dim=dim or is_done)))
    else:
        left.append((title, ""))
    right: Line = [(resource.full_id, "cyan dim" if dim else "cyan")]
    tags = [safe(fact) for fact in facts(resource)]
    if tags:
        right.append(("  " + " · ".join(tags), "dim"))
    lines = row(screen, left, right, indent=6)
    if resource.note:
        lines.append([("            " + safe(resource.note), "dim italic")])
    if resource.url and not screen.fancy:
        lines.append([("            " + safe(resource.url), "")])
    return lines


def next_up(result: Planned, screen: Screen | None = None) -> None:
    warnings(result.warnings)
    screen = screen or Screen.detect()
    print_lines(screen, _next_lines(screen, result))


def _next_lines(screen: Screen, result: Planned) -> Iterator[Line]:
    plan, progress = result.plan, result.progress
    goals = safe(plan.name)
    if not progress.next_up:
        yield [(f"Everything for {goals} is done. Well done!", "green")]
        return
    yield [(f"Next up for {goals}", "bold")]
    first_todo: str | None = None
    for topic_id in progress.next_up:
        topic = plan.graph.topic(topic_id)
        line: Line = [(f"  {NEXT} ", "yellow"), (safe(topic.title), "bold")]
        line.append((f"  ({topic.id})", "cyan"))
        left = hours_left(topic, progress.done)
        if left:
            line.append((f"  ~{hours(left)} left", "dim"))
        yield line
        for resource in topic.resources:
            if resource.full_id in progress.done.resources:
                continue
            first_todo = first_todo or (None if resource.optional else resource.full_id)
            yield from resource_lines(screen, resource, progress.done)
    hint = first_todo or progress.next_up[0]
    yield [("  Mark progress:  ", "dim"), (f"studypath done {hint}", "")]


# -- the graph --------------------------------------------------------------------------------


def topics(graph: Graph, screen: Screen | None = None) -> None:
    print_lines(screen or Screen.detect(), _topic_list(graph))


def _topic_list(graph: Graph) -> Iterator[Line]:
    yield [(f"{safe(graph.title)} · {plural(len(graph), 'topic')}", "bold")]
    width = min(max((len(topic_id) for topic_id in graph.ids), default=0), 40)
    for topic in graph.topics:
        line: Line = [(f"{topic.id:<{width}}  ", "cyan"), (safe(topic.title), "")]
        if topic.aliases:
            line.append((f"  (also {', '.join(topic.aliases)})", "dim"))
        if topic.requires:
            line.append(("  ← " + ", ".join(topic.requires), "dim"))
        yield line
