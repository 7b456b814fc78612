"""A tiny ANSI styler for the commands whose output is a few lines, so that they start without
rich. It writes exactly what rich writes for the same styles: the same colour detection
(``NO_COLOR``, ``FORCE_COLOR``, ``TTY_COMPATIBLE``, ``TERM``, ``COLORTERM``), the same codes,
each line styled on its own, and nothing at all when the stream is not a terminal.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from .words import visible

_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3}
_COLOURS = {
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
#: Colours outside the eight standard ones: (code on 8-colour terminals, on 256-colour ones).
_EXTENDED = {"grey30": ("90", "38;5;239")}


def colour_system(stream: TextIO) -> str | None:
    """``"standard"``, ``"256"``, ``"truecolor"``, or None for no escapes, as rich decides."""
    environ = os.environ
    if environ.get("NO_COLOR"):
        return None
    forced = environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        terminal = forced == "1"
    elif (force_color := environ.get("FORCE_COLOR")) is not None:
        terminal = force_color != ""
    else:
        try:
            terminal = stream.isatty()
        except (ValueError, AttributeError):
            terminal = False
    term = environ.get("TERM", "").strip().lower()
    if not terminal or term in ("dumb", "unknown"):
        return None
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if term.rpartition("-")[2] in ("256color", "kitty") else "standard"


def codes(style: str, system: str) -> str:
    """The SGR parameters for a style such as ``"bold cyan"``: attributes first, as rich."""
    words = style.split()
    out = [
        str(_ATTRIBUTES[w]) for w in sorted(_ATTRIBUTES, key=_ATTRIBUTES.__getitem__) if w in words
    ]
    for word in words:
        if word in _COLOURS:
            out.append(_COLOURS[word])
        elif word in _EXTENDED:
            out.append(_EXTENDED[word][system != "standard"])
    return ";".join(out)


class Painter:
    """Styles text for one stream and writes lines to it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.system = colour_system(self.stream)

    @property
    def fancy(self) -> bool:
        return self.system is not None

    def __call__(self, text: str, style: str = "") -> str:
        """``text`` in ``style`` (each line on its own); as it is without colours."""
        if not style or self.system is None or not text:
            return text
        start = f"\x1b[{codes(style, self.system)}m"
        return "\n".join(f"{start}{line}\x1b[0m" if line else "" for line in text.split("\n"))

    def line(self, *parts: str) -> None:
        self.stream.write("".join(parts) + "\n")


def error(message: str, prefix: str = "error: ") -> None:
    """A message on stderr, its prefix coloured; each of its lines made safe to print."""
    paint = Painter(sys.stderr)
    lines = "\n".join(visible(line) for line in message.splitlines())
    paint.line(paint(prefix, "bold red"), lines)


def warning(message: str) -> None:
    paint = Painter(sys.stderr)
    paint.line(paint("warning: ", "bold yellow"), visible(message))


def warnings(messages: tuple[str, ...] | list[str]) -> None:
    for message in messages:
        warning(message)
