"""Everything studypath prints to a terminal, and the only module that uses rich.

Text from graph files is never parsed as markup: it goes into :class:`rich.text.Text` pieces,
and control characters are shown as visible escapes first, so a title can neither restyle the
output nor send escape sequences to the terminal. When stdout is not a terminal, or NO_COLOR is
set, nothing is coloured, no hyperlink escapes are written, and every URL is printed in full.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from rich.text import Text

from .standing import hours_left
from .words import hours, plural
from .words import visible as safe

if TYPE_CHECKING:  # types only: importing these here would slow every command's start
    from datetime import datetime

    from .model import Graph, Resource, Topic
    from .planner import Plan
    from .progress import Record
    from .standing import PlanProgress, Standing

DONE, TODO, NEXT, OPTIONAL = "✔", "☐", "▶", "·"


def make_console(stderr: bool = False) -> Console:
    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        color_system=None if no_color else "auto",
    )


def fancy(console: Console) -> bool:
    """Colours and clickable links only on a real terminal that allows colour."""
    return console.is_terminal and console.color_system is not None


def error(message: str, prefix: str = "error: ") -> None:
    """A message on stderr; each of its lines made safe to print."""
    console = make_console(stderr=True)
    lines = [safe(line) for line in message.splitlines()]
    console.print(Text(prefix, style="bold red") + Text("\n".join(lines)))


def warning(message: str) -> None:
    console = make_console(stderr=True)
    console.print(Text("warning: ", style="bold yellow") + Text(safe(message)))


@dataclass(frozen=True)
class Screen:
    """What the output can show, asked of the console once (asking costs a system call)."""

    width: int
    fancy: bool

    @classmethod
    def of(cls, console: Console) -> Screen:
        return cls(console.width, fancy(console))


def _row(screen: Screen, left: Text, right: Text, indent: int = 0) -> list[Text]:
    """``left``, then ``right`` flush with the screen's right edge: on one line if they fit,
    else ``right`` on a line of its own, so that nothing wraps in the middle of an id."""
    gap = screen.width - indent - left.cell_len - right.cell_len
    if gap >= 2:
        return [Text(" " * indent) + left + Text(" " * gap) + right]
    pad = max(indent + 4, screen.width - right.cell_len)
    return [Text(" " * indent) + left, Text(" " * pad) + right]


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


def print_plan(
    console: Console, plan: Plan, progress: PlanProgress, hide_done: bool = False
) -> None:
    """The plan as a checklist, stage by stage, streamed a few hundred lines at a time."""
    print_lines(console, _plan_lines(Screen.of(console), plan, progress, hide_done))


def print_lines(console: Console, lines: Iterable[Text], chunk: int = 400) -> None:
    """Print lines in chunks: one rich print per line costs more than building the line.

    Without colours (piped, NO_COLOR) a line is its plain text, written straight out.
    """
    if not fancy(console):
        write = console.file.write
        for line in lines:
            write(line.plain + "\n")
        return
    batch: list[Text] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= chunk:
            console.print(Text("\n").join(batch))
            batch = []
    if batch:
        console.print(Text("\n").join(batch))


def _plan_lines(
    screen: Screen, plan: Plan, progress: PlanProgress, hide_done: bool
) -> Iterator[Text]:
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


def progress_line(screen: Screen, progress: PlanProgress, width: int = 0) -> Text:
    fraction = progress.fraction
    words = f" {progress.topics_done} of {plural(progress.topics_total, 'topic')} · "
    words += f"{fraction:.0%}"
    if progress.hours_total:
        words += f" · ~{hours(progress.hours_left)} left"
    width = width or max(10, min(screen.width, 100) - len(words))
    filled = round(width * fraction)
    bar = Text("━" * filled, style="green") + Text("━" * (width - filled), style="grey30")
    if not screen.fancy:
        bar = Text("#" * filled + "-" * (width - filled))
    return bar + Text(words)


def topic_lines(screen: Screen, topic: Topic, done: Standing, next_up: bool) -> list[Text]:
    is_done = topic.id in done.topics
    box = DONE if is_done else NEXT if next_up else TODO
    style = "dim" if is_done else "bold" if next_up else ""
    left = Text(f"{box} ", style="green" if is_done else "yellow" if next_up else "")
    left.append(safe(topic.title), style=style)
    right = Text()
    if next_up:
        right.append("next up  ", style="yellow")
    right.append(topic.id, style="cyan")
    lines = _row(screen, left, right, indent=2)
    if not topic.resources and topic.hours is not None and not is_done:
        lines.append(Text(f"      {hours(topic.hours)}", style="dim"))
    lines += [line for r in topic.resources for line in resource_lines(screen, r, done, is_done)]
    return lines


def resource_lines(
    screen: Screen, resource: Resource, done: Standing, dim: bool = False
) -> list[Text]:
    is_done = resource.full_id in done.resources
    box = DONE if is_done else OPTIONAL if resource.optional else TODO
    left = Text(f"{box} ", style="green" if is_done else "")
    left.append(f"{resource.kind:<9} ", style="magenta" if not dim else "dim")
    link = resource.url if resource.url and screen.fancy else None
    left.append(safe(resource.title), style=Style(link=link, dim=dim or is_done))
    right = Text(resource.full_id, style="cyan dim" if dim else "cyan")
    tags = [t for t in (hours(resource.hours), "optional" if resource.optional else "") if t]
    if resource.free:
        tags.append("free")
    if tags:
        right.append("  " + " · ".join(tags), style="dim")
    lines = _row(screen, left, right, indent=6)
    if resource.note:
        lines.append(Text("            " + safe(resource.note), style="dim italic"))
    if resource.url and not screen.fancy:
        lines.append(Text("            " + safe(resource.url)))
    return lines


# -- other commands ---------------------------------------------------------------------------


def print_topics(console: Console, graph: Graph) -> None:
    print_lines(console, _topic_list(graph))


def _topic_list(graph: Graph) -> Iterator[Text]:
    yield Text(f"{safe(graph.title)} · {plural(len(graph), 'topic')}", style="bold")
    width = min(max((len(topic_id) for topic_id in graph.ids), default=0), 40)
    for topic in graph.topics:
        line = Text(f"{topic.id:<{width}}  ", style="cyan")
        line.append(safe(topic.title))
        if topic.aliases:
            line.append(f"  (also {', '.join(topic.aliases)})", style="dim")
        if topic.requires:
            line.append("  ← " + ", ".join(topic.requires), style="dim")
        yield line


def print_check(console: Console, graph: Graph, path: str) -> None:
    estimate = sum(t.estimated_hours or 0.0 for t in graph.topics)
    text = f"{safe(path)}: valid · {plural(len(graph), 'topic')} · "
    text += f"{plural(graph.resource_count, 'resource')} · "
    text += f"~{hours(estimate)} estimated" if estimate else "no hour estimates"
    console.print(Text("✔ ", style="green") + Text(text))


def print_next(console: Console, plan: Plan, progress: PlanProgress) -> None:
    goals = ", ".join(plan.goal_titles) or plan.graph.title
    if not progress.next_up:
        console.print(Text(f"Everything for {safe(goals)} is done. Well done!", style="green"))
        return
    console.print(Text(f"Next up for {safe(goals)}", style="bold"))
    screen = Screen.of(console)
    first_todo: str | None = None
    for topic_id in progress.next_up:
        topic = plan.graph.topic(topic_id)
        line = Text(f"  {NEXT} ", style="yellow") + Text(safe(topic.title), style="bold")
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
    console.print(Text("  Mark progress:  ", style="dim") + Text(f"studypath done {hint}"))


def print_recorded(
    console: Console,
    graph: Graph,
    items: Sequence[tuple[str, str]],
    already: Iterable[str],
    done: Standing,
) -> None:
    already = set(already)
    touched: list[str] = []
    for item, title in items:
        mark = Text(f"{DONE} ", style="green")
        line = mark + Text(item, style="cyan") + Text("  " + safe(title))
        if item in already:
            line.append("  (already done)", style="dim")
        console.print(line)
        topic_id = item.partition("/")[0]
        if "/" in item and topic_id not in touched:
            touched.append(topic_id)
    for topic_id in touched:
        topic = graph.topic(topic_id)
        required = topic.required_resources
        count = sum(1 for r in required if r.full_id in done.resources)
        text = f"  {safe(topic.title)}: {count} of {len(required)} required resources done"
        if topic.id in done.topics:
            text += " — topic complete."
        console.print(Text(text, style="dim"))


def print_undone(console: Console, items: Sequence[tuple[str, str]]) -> None:
    for item, title in items:
        console.print(
            Text(f"{TODO} ", style="yellow")
            + Text(item, style="cyan")
            + Text("  " + safe(title) + "  (no longer done)")
        )


def print_status(
    console: Console,
    graph: Graph,
    plans: Sequence[tuple[Plan, PlanProgress]],
    last: datetime | None,
    orphans: Sequence[tuple[Record, str | None]],
) -> None:
    console.print(Text(f"Progress · {safe(graph.title)}", style="bold"))
    for plan, progress in plans:
        console.print()
        heading = ", ".join(plan.goal_titles) or "Whole graph"
        console.print(Text(safe(heading), style="bold cyan"))
        console.print(Text("  ") + progress_line(Screen.of(console), progress, width=30))
        text = f"  topics {progress.topics_done}/{progress.topics_total}"
        if progress.hours_total:
            text += f" · hours {hours(progress.hours_done) or '0 h'} done, "
            text += f"{hours(progress.hours_left) or '0 h'} left"
        if progress.unestimated and progress.hours_total:
            text += f" · {plural(progress.unestimated, 'topic')} without an estimate"
        console.print(Text(text))
        if progress.next_up:
            console.print(Text("  next up: " + ", ".join(progress.next_up), style="yellow"))
    console.print()
    when = last.astimezone().strftime("%Y-%m-%d %H:%M") if last else "never"
    console.print(Text(f"Last progress recorded: {when}", style="dim"))
    if orphans:
        console.print()
        console.print(
            Text(
                f"{plural(len(orphans), 'record')} made with this graph name items "
                "it no longer has:",
                style="yellow",
            )
        )
        for record, hint in orphans:
            line = Text(f"  {safe(record.item)}", style="cyan")
            if hint:
                line.append(f"  — now `{hint}`?", style="dim")
            console.print(line)
        console.print(Text("  Remove one with: studypath undo <id>", style="dim"))


def print_where(console: Console, rows: Sequence[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        console.print(Text(f"{name:<{width}}  ", style="bold") + Text(safe(value)))
