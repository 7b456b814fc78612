"""The terminal through rich: consoles, rows that fit, and printing many lines fast.

Text from graph files is never parsed as markup: it goes into :class:`rich.text.Text` pieces,
and unseen characters are shown as visible escapes first, so a title can neither restyle the
output nor send escape sequences to the terminal. When stdout is not a terminal, or NO_COLOR is
set, nothing is coloured, no hyperlink escapes are written, and every URL is printed in full.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

#: The widest a line of content is laid out.
CONTENT_WIDTH = 100
#: The widths studypath lays text out for: a ``COLUMNS`` outside them is taken as the nearest.
WIDTHS = range(20, 1001)


def make_console(stderr: bool = False, file: TextIO | None = None) -> Console:
    no_color = bool(os.environ.get("NO_COLOR"))
    columns = os.environ.get("COLUMNS", "").strip()
    width = None
    if columns.lstrip("-").isdigit():
        width = min(max(int(columns), WIDTHS.start), WIDTHS.stop - 1)
    return Console(
        file=file,
        width=width,
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


@dataclass(frozen=True)
class Screen:
    """What the output can show, asked of the console once (asking costs a system call)."""

    width: int
    fancy: bool

    @classmethod
    def of(cls, console: Console) -> Screen:
        """The console's width, capped so that ids stay near what they name on wide screens."""
        return cls(min(console.width, CONTENT_WIDTH), fancy(console))


#: A line to print as (text, style) pieces: cheap to build, and made into rich's Text only when
#: it is printed with colours. A style is a rich style name, a rich Style, or "" for none.
Piece = tuple[str, "str | Style"]
Line = list[Piece]


def width(line: Line) -> int:
    """The cells the line takes on screen (wide characters count twice)."""
    return sum(len(text) if text.isascii() else cell_len(text) for text, _ in line)


def row(screen: Screen, left: Line, right: Line, indent: int = 0) -> list[Line]:
    """``left``, then ``right`` flush with the screen's right edge: on one line if they fit,
    else ``right`` on a line of its own, so that nothing wraps in the middle of an id."""
    right_width = width(right)
    gap = screen.width - indent - width(left) - right_width
    if gap >= 2:
        return [[(" " * indent, ""), *left, (" " * gap, ""), *right]]
    pad = max(indent + 4, screen.width - right_width)
    return [[(" " * indent, ""), *left], [(" " * pad, ""), *right]]


def print_lines(console: Console, lines: Iterable[Line], chunk: int = 400) -> None:
    """Print lines in chunks: one rich print per line costs more than building the line.

    Without colours (piped, NO_COLOR) a line is its plain text, written straight out.
    """
    if not fancy(console):
        write = console.file.write
        for line in lines:
            write("".join(text for text, _ in line) + "\n")
        return
    batch: list[Text] = []
    for line in lines:
        batch.append(Text.assemble(*line))
        if len(batch) >= chunk:
            console.print(Text("\n").join(batch))
            batch = []
    if batch:
        console.print(Text("\n").join(batch))
