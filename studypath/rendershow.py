"""What ``show`` prints: one topic, with what it needs, what it unlocks, its resources (links,
as :mod:`.render` prints them) and the learner's notes. Long output, so it is laid out as
(text, style) pieces and printed through :mod:`.terminal`, as ``plan`` is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .render import LABELLED, NOTED, TODO, resource_lines
from .report import COLOURS, MARKS
from .style import warnings
from .terminal import Line, Screen, block, print_lines, row, wrap
from .words import hours, plural
from .words import visible as safe

if TYPE_CHECKING:
    from .actions import Shown
    from .actions.showing import Named
    from .progress import Standing

#: The most topics a list of ``show`` names before "and N more".
SHOWN = 12


def show(result: Shown, page: bool = True, screen: Screen | None = None) -> None:
    warnings(result.warnings)
    screen = screen or Screen.detect(page=page)
    print_lines(screen, _lines(screen, result))


def _lines(screen: Screen, result: Shown) -> Iterator[Line]:
    topic = result.topic
    title: Line = [(safe(topic.title), "bold")]
    if result.notes:
        title.append((NOTED, "dim"))
    yield from row(screen, title, [(topic.id, "cyan")])
    if topic.summary:
        yield from block(safe(topic.summary), "italic", 0, screen)
    if topic.aliases:
        yield from block(f"also: {', '.join(topic.aliases)}", "dim", 0, screen)
    yield from block(_status(result), COLOURS.get(result.state or "", "yellow"), 0, screen)
    yield []
    yield [("Prerequisites", "bold cyan")]
    if not result.prerequisites and not result.one_of:
        yield [("  none: it can be started at any time", "dim")]
    yield from _named(screen, result.prerequisites)
    for group in result.one_of:
        yield [("  one of: ", "dim"), (", ".join(item for item, _, _ in group), "cyan")]
        yield from _named(screen, group, indent=4)
    if result.missing:
        needed = plural(result.missing, "topic")
        starts = ", ".join(item for item, _, _ in result.next[:SHOWN])
        yield from block(
            f"Still needed: {needed}, directly or not; start with {starts}", "", 2, screen
        )
    yield []
    yield [("Unlocks", "bold cyan")]
    if not result.dependents:
        yield [("  nothing needs it", "dim")]
    yield from _named(screen, result.dependents)
    if result.dependents:
        needs = "needs" if result.downstream == 1 else "need"
        words = f"{plural(result.downstream, 'topic')} {needs} it, directly or not"
        if result.unlocks:
            when = (
                "can be started now"
                if result.state in ("done", "known", "skipped")
                else ("can be started once it is done")
            )
            names = ", ".join(item for item, _, _ in result.unlocks[:SHOWN])
            words += f"; {names} {when}"
        yield from block(words, "", 2, screen)
    if topic.resources:
        yield []
        estimate = hours(topic.estimated_hours)
        yield [("Resources", "bold cyan"), (f" · ~{estimate}" if estimate else "", "dim")]
        done = _standing(result)
        for resource, _ in result.resources:
            yield from resource_lines(screen, resource, done, noted={i for i, _, _ in result.notes})
    if result.notes:
        yield []
        yield [("Notes", "bold cyan")]
        for item, day, text in result.notes:
            head: Line = [(f"  {day}  ", "dim")]
            if item != topic.id:
                head.append((f"{item.partition('/')[2]}: ", "cyan"))
            first, *rest = text.split("\n")
            yield from wrap([*head, (safe(first), "")], screen.width, 14)
            for line in rest:
                yield from block(safe(line), "", 14, screen)


def _status(result: Shown) -> str:
    """The topic's state in words."""
    state = result.state
    if state == "done":
        return "Done."
    if state == "known":
        return "Known: counts as done."
    if state == "skipped":
        return "Skipped: left out of your plans, satisfied for the topics that need it."
    ready = (
        "every prerequisite is satisfied"
        if result.startable
        else (f"{plural(result.missing, 'topic')} still needed first")
    )
    return f"Started; {ready}." if state == "started" else f"Not started; {ready}."


def _named(screen: Screen, items: tuple[Named, ...], indent: int = 2) -> Iterator[Line]:
    for item, title, state in items[:SHOWN]:
        box = MARKS[state] if state else TODO
        colour = COLOURS[state] if state else ""
        label: Line = [(f"{state}  ", colour)] if state in LABELLED else []
        left: Line = [(f"{box} ", colour), (safe(title), "dim" if state in MARKS else "")]
        yield from row(screen, left, [*label, (item, "cyan")], indent=indent, hang=2)
    if len(items) > SHOWN:
        yield [(f"{' ' * indent}... and {len(items) - SHOWN} more", "dim")]


def _standing(result: Shown) -> Standing:
    """The standing of the topic's resources, as :func:`.render.resource_lines` takes it."""
    from .progress import Standing

    states = {r.full_id: state for r, state in result.resources if state}

    def having(*wanted: str) -> frozenset[str]:
        return frozenset(i for i, s in states.items() if s in wanted)

    return Standing(
        frozenset(), having("done", "known"), having("known"), having("skipped"), having("started")
    )
