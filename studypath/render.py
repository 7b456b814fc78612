"""What the long commands show (``plan``, ``next``, ``topics``), written with rich: links,
widths, and thousands of lines printed fast. The short commands are in :mod:`.report`.

Every function takes a result of :mod:`.actions` and, for tests, the console to print to (by
default stdout's). Warnings in a result go to stderr.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from rich.text import Text

from .progress import hours_left
from .report import bar_width, progress_bar
from .schema import facts
from .style import warnings
from .terminal import Screen, make_console, print_lines, row
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
    goals = ", ".join(plan.goal_titles) or "Everything"
    return f"{goals} · {plan.graph.title}"


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


def plan(result: Planned, hide_done: bool = False, console: Console | None = None) -> None:
    """The plan as a checklist, stage by stage, streamed a few hundred lines at a time."""
    warnings(result.warnings)
    console = console or make_console()
    print_lines(console, _plan_lines(Screen.of(console), result, hide_done))


def _plan_lines(screen: Screen, result: Planned, hide_done: bool) -> Iterator[Text]:
    plan, progress = result.plan, result.progress
    yield Text(safe(plan_heading(plan)), style="bold")
    yield progress_line(screen, progress)
    next_up = set(progress.next_up)
    hidden = 0
    for stage, steps in plan.stages:
        shown = [s for s in steps if not (hide_done and s.topic.id in progress.done.topics)]
        hidden += len(steps) - len(shown)
        if not shown:
            continue
        yield Text()
        yield Text(f"Stage {stage}", style="bold cyan")
        for step in shown:
            yield from topic_lines(screen, step.topic, progress.done, step.topic.id in next_up)
    yield Text()
    footer = summary(plan)
    if hidden:
        footer += f" · {hidden} done not shown"
    yield Text(footer, style="dim")


def progress_line(screen: Screen, progress: PlanProgress) -> Text:
    bar = progress_bar(progress, bar_width(screen.width, progress), screen.fancy)
    line = Text()
    for text, style in bar:
        line.append(text, style=style or None)
    return line


def topic_lines(screen: Screen, topic: Topic, done: Standing, next_up: bool) -> list[Text]:
    is_done = topic.id in done.topics
    box = DONE if is_done else NEXT if next_up else TODO
    style = "dim" if is_done else "bold" if next_up else ""
    left = Text().append(f"{box} ", style="green" if is_done else "yellow" if next_up else "")
    left.append(safe(topic.title), style=style)
    right = Text()
    if next_up:
        right.append("next up  ", style="yellow")
    right.append(topic.id, style="cyan")
    lines = row(screen, left, right, indent=2)
    if not topic.resources and topic.hours is not None and not is_done:
        lines.append(Text(f"      {hours(topic.hours)}", style="dim"))
    lines += [line for r in topic.resources for line in resource_lines(screen, r, done, is_done)]
    return lines


def resource_lines(
    screen: Screen, resource: Resource, done: Standing, dim: bool = False
) -> list[Text]:
    is_done = resource.full_id in done.resources
    box = DONE if is_done else OPTIONAL if resource.optional else TODO
    left = Text().append(f"{box} ", style="green" if is_done else "")
    left.append(f"{resource.kind:<9} ", style="magenta" if not dim else "dim")
    link = resource.url if resource.url and screen.fancy else None
    left.append(safe(resource.title), style=Style(link=link, dim=dim or is_done))
    right = Text().append(resource.full_id, style="cyan dim" if dim else "cyan")
    tags = [safe(fact) for fact in facts(resource)]
    if tags:
        right.append("  " + " · ".join(tags), style="dim")
    lines = row(screen, left, right, indent=6)
    if resource.note:
        lines.append(Text("            " + safe(resource.note), style="dim italic"))
    if resource.url and not screen.fancy:
        lines.append(Text("            " + safe(resource.url)))
    return lines


def next_up(result: Planned, console: Console | None = None) -> None:
    warnings(result.warnings)
    console = console or make_console()
    plan, progress = result.plan, result.progress
    goals = ", ".join(plan.goal_titles) or plan.graph.title
    if not progress.next_up:
        console.print(Text(f"Everything for {safe(goals)} is done. Well done!", style="green"))
        return
    console.print(Text(f"Next up for {safe(goals)}", style="bold"))
    screen = Screen.of(console)
    first_todo: str | None = None
    for topic_id in progress.next_up:
        topic = plan.graph.topic(topic_id)
        line = Text().append(f"  {NEXT} ", style="yellow") + Text(safe(topic.title), style="bold")
        line.append(f"  ({topic.id})", style="cyan")
        left = hours_left(topic, progress.done)
        if left:
            line.append(f"  ~{hours(left)} left", style="dim")
        console.print(line)
        for resource in topic.resources:
            if resource.full_id in progress.done.resources:
                continue
            first_todo = first_todo or (None if resource.optional else resource.full_id)
            for part in resource_lines(screen, resource, progress.done):
                console.print(part)
    hint = first_todo or progress.next_up[0]
    console.print(Text().append("  Mark progress:  ", style="dim") + Text(f"studypath done {hint}"))


# -- the graph --------------------------------------------------------------------------------


def topics(graph: Graph, console: Console | None = None) -> None:
    print_lines(console or make_console(), _topic_list(graph))


def _topic_list(graph: Graph) -> Iterator[Text]:
    yield Text(f"{safe(graph.title)} · {plural(len(graph), 'topic')}", style="bold")
    width = min(max((len(topic_id) for topic_id in graph.ids), default=0), 40)
    for topic in graph.topics:
        line = Text().append(f"{topic.id:<{width}}  ", style="cyan")
        line.append(safe(topic.title))
        if topic.aliases:
            line.append(f"  (also {', '.join(topic.aliases)})", style="dim")
        if topic.requires:
            line.append("  ← " + ", ".join(topic.requires), style="dim")
        yield line
