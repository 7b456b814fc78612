"""The terminal: how wide it is, whether it takes colours, and printing many lines fast.

Lines are lists of (text, style) pieces. Without colours (piped, ``NO_COLOR``, a dumb terminal)
they are written as plain text and rich is never imported; with colours, rich prints them in
batches. Width and colour detection follow rich's own rules (see :mod:`.style`), so both paths
lay out the same text.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TextIO

from .style import colour_system

if TYPE_CHECKING:
    from rich.console import Console

#: The widest a line of content is laid out.
CONTENT_WIDTH = 100
#: The widths studypath lays text out for: a ``COLUMNS`` outside them is taken as the nearest.
WIDTHS = range(20, 1001)

#: A piece of a line: its text, and a rich style name, a rich ``Style`` (for hyperlinks), or "".
Piece = tuple[str, Any]
Line = list[Piece]


def columns() -> int:
    """The terminal's width as rich finds it (``COLUMNS``, else the first standard stream that
    is a terminal, else 80), within :data:`WIDTHS`."""
    text = os.environ.get("COLUMNS", "").strip()
    width = 0
    if text.lstrip("-").isdigit():
        width = int(text)
    else:
        for descriptor in (0, 1, 2):
            try:
                width = os.get_terminal_size(descriptor).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
    return min(max(width or 80, WIDTHS.start), WIDTHS.stop - 1)


def make_console(
    stderr: bool = False, file: IO[str] | None = None, terminal: bool | None = None
) -> Console:
    """A rich console that prints text as given: no markup, emoji, highlighting or wrapping."""
    from rich.console import Console

    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=file,
        force_terminal=terminal,
        width=columns(),
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        color_system=None if no_color else "auto",
    )


@dataclass(frozen=True)
class Screen:
    """Where lines go: the stream, the width to lay them out in, and whether colours are on."""

    width: int
    fancy: bool
    stream: TextIO
    #: Leave out what a terminal can reach otherwise (URLs behind linked titles).
    compact: bool = False
    #: Output longer than the terminal goes through a pager (only ever on a terminal).
    page: bool = False

    @classmethod
    def detect(
        cls, stream: TextIO | None = None, compact: bool = False, page: bool = True
    ) -> Screen:
        """The screen of ``stream`` (stdout by default), its width capped so that ids stay near
        what they name on wide terminals."""
        stream = stream or sys.stdout
        fancy = colour_system(stream) is not None
        page = page and fancy and _isatty(stream)
        return cls(min(columns(), CONTENT_WIDTH), fancy, stream, compact, page)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, AttributeError):
        return False


def cells(text: str) -> int:
    """The cells ``text`` takes on screen (wide characters count twice)."""
    return len(text) if text.isascii() else _wide(text)


@functools.lru_cache(maxsize=4096)
def _wide(text: str) -> int:
    """Cells of text that is not ASCII (boxes, separators, titles in other scripts): the
    same few pieces come back on every line of a plan."""
    from rich.cells import cell_len

    return cell_len(text)


def width(line: Line) -> int:
    """The cells the line takes on screen (:func:`cells` of each piece, inlined: this runs for
    every line of a plan)."""
    total = 0
    for text, _ in line:
        total += len(text) if text.isascii() else _wide(text)
    return total


def wrap(line: Line, room: int, hang: int) -> list[Line]:
    """``line`` broken at spaces into lines of at most ``room`` cells, each after the first
    indented by ``hang`` spaces. A word longer than ``room`` (a URL, an id) is never broken: it
    gets a line of its own."""
    lines: list[Line] = [[]]
    used = 0
    for text, style in line:
        size = cells(text)
        fresh = used == hang and len(lines) > 1  # at the start of a continuation line
        if used + size <= room and not (fresh and text.startswith(" ")):
            lines[-1].append((text, style))  # the whole piece fits: no need to split it
            used += size
            continue
        for word in _words(text):
            size = cells(word)
            if used + size > room and used > 0 and not word.isspace():
                lines.append([(" " * hang, "")])
                used = hang
            if word.isspace() and used == hang and len(lines) > 1:
                continue  # no leading space on a continuation line
            lines[-1].append((word, style))
            used += size
    return [_joined(_rstrip(each)) for each in lines]


def _joined(line: Line) -> Line:
    """Neighbouring pieces of one style as one piece (one escape sequence, not one a word)."""
    out: Line = []
    for text, style in line:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text, style)
        else:
            out.append((text, style))
    return out


def _words(text: str) -> list[str]:
    """The words and runs of spaces of ``text``, in order; a number and the hours after it
    (``2 h``, ``1.5 h)``) are one word, so that a line never ends between them."""
    out: list[str] = []
    for number, part in enumerate(text.split(" ")):
        if number:
            out.append(" ")
        if part:
            after_number = len(out) > 1 and out[-1] == " " and out[-2][-1:].isdigit()
            if after_number and part[0] == "h" and _UNIT.match(part):
                out.pop()
                out[-1] += " " + part
            else:
                out.append(part)
    return out


#: The word after a number that belongs with it: ``h``, and ``h)``, ``h,``...
_UNIT = re.compile(r"h(?![\w])")


def _rstrip(line: Line) -> Line:
    while line and line[-1][0].isspace():
        line = line[:-1]
    return line


def row(screen: Screen, left: Line, right: Line, indent: int = 0, hang: int = 0) -> list[Line]:
    """``left`` wrapped at word boundaries (continuation lines ``hang`` cells further in), and
    ``right`` (an id) flush with the right edge of its first line. When too little room would
    be left for ``left`` beside it, ``right`` goes on a line of its own, still flush right, so
    that ids line up and are never broken."""
    right_width = width(right)
    room = screen.width - indent
    pad = [(" " * indent, "")]
    left_width = width(left)
    if left_width + 2 + right_width <= room:
        gap = room - left_width - right_width
        return [[*pad, *left, (" " * gap, ""), *right]]
    beside = room - right_width - 2
    if beside >= max(24, hang + 20):
        first, *rest = wrap(left, beside, hang)
        gap = room - width(first) - right_width
        return [[*pad, *first, (" " * gap, ""), *right], *([*pad, *line] for line in rest)]
    lines = [[*pad, *line] for line in wrap(left, room, hang)]
    return [*lines, [(" " * max(screen.width - right_width, 0), ""), *right]]


def block(text: str, style: str, indent: int, screen: Screen) -> list[Line]:
    """A paragraph of text, wrapped at word boundaries, every line ``indent`` cells in."""
    pad = " " * indent
    return [[(pad, ""), *line] for line in wrap([(text, style)], screen.width - indent, 0)]


def print_lines(screen: Screen, lines: Iterable[Line], chunk: int = 400) -> None:
    """Print lines: as plain text without colours; with them, through rich in chunks (one
    rich print per line costs more than building the line), and through the pager when they
    are more than the terminal shows at once."""
    if not screen.fancy:  # plain text, written ``chunk`` lines at a time
        write = screen.stream.write
        batch: list[str] = []
        for line in lines:
            batch.append("".join([text for text, _ in line]))
            if len(batch) >= chunk:
                write("\n".join(batch) + "\n")
                batch = []
        if batch:
            write("\n".join(batch) + "\n")
        return
    lines = iter(lines)
    if screen.page:
        from itertools import chain, islice

        rows = _rows()
        first = list(islice(lines, rows))
        lines = chain(first, lines)
        if len(first) >= rows and _paged(screen, lines, chunk):
            return
    _print_rich(make_console(file=screen.stream), lines, chunk)


def _print_rich(console: Console, lines: Iterable[Line], chunk: int) -> None:
    from rich.text import Text

    batch: list[Text] = []
    for line in lines:
        batch.append(Text.assemble(*line))
        if len(batch) >= chunk:
            console.print(Text("\n").join(batch))
            batch = []
    if batch:
        console.print(Text("\n").join(batch))


def _rows() -> int:
    text = os.environ.get("LINES", "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines or 24
    except (OSError, ValueError):
        return 24


def pager_command() -> str | None:
    """The pager, as git chooses it: ``$STUDYPATH_PAGER``, then ``$PAGER``, then ``less``; none
    when it is empty or ``cat``."""
    for variable in ("STUDYPATH_PAGER", "PAGER"):
        if variable in os.environ:
            command = os.environ[variable].strip()
            return None if command in ("", "cat") else command
    return "less"


def _paged(screen: Screen, lines: Iterable[Line], chunk: int) -> bool:
    """Print through the pager; False when there is none to run (the caller prints)."""
    import subprocess

    command = pager_command()
    if command is None:
        return False
    environment = {**os.environ}
    environment.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the screen
    environment.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(
            command, shell=True, stdin=subprocess.PIPE, env=environment, text=True,
            encoding="utf-8", errors="backslashreplace",
        )  # fmt: skip
    except OSError:
        return False
    assert pager.stdin is not None
    console = make_console(file=pager.stdin, terminal=True)  # what the terminal would show
    try:
        _print_rich(console, lines, chunk)
        pager.stdin.close()
    except (BrokenPipeError, OSError):  # the reader quit the pager early
        pass
    while True:
        try:
            pager.wait()
            break
        except KeyboardInterrupt:  # as git: Ctrl-C is the pager's to handle
            continue
    return True
