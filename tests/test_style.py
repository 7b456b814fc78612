"""The tiny styler writes exactly what rich writes, in every colour set-up studypath meets."""

from __future__ import annotations

import io

import pytest
from rich.style import Style
from rich.text import Text

from studypath.style import Painter
from studypath.terminal import make_console


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


PIECES = [
    [("✔ ", "green"), ("linear-algebra/essence", "cyan"), ("  Essence", ""), ("  (x)", "dim")],
    [("error: ", "bold red"), ("line one\nline two\n\nline four", "")],
    [("warning: ", "bold yellow"), ("careful", "")],
    [("Progress · x", "bold")],
    [("Whole graph", "bold cyan")],
    [("━━━", "green"), ("━━━━━━", "grey30"), (" 1 of 6 topics", "")],
    [("  dim\nand italic", "dim italic"), ("id", "cyan dim"), ("", "green")],
]
ENVIRONMENTS = [
    {},
    {"NO_COLOR": "1"},
    {"TERM": "xterm"},
    {"TERM": "xterm-256color"},
    {"TERM": "xterm-kitty"},
    {"COLORTERM": "truecolor"},
    {"TERM": "dumb"},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"TTY_COMPATIBLE": "0"},
    {"TTY_COMPATIBLE": "1"},
]


@pytest.mark.parametrize("stream_type", [Terminal, Pipe])
@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("pieces", PIECES)
def test_the_same_bytes_as_rich(
    pieces: list[tuple[str, str]],
    environment: dict[str, str],
    stream_type: type[io.StringIO],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    # rich caches styles, and a style keeps the codes of the first colour system it met.
    for cached in vars(Style).values():
        getattr(getattr(cached, "__func__", cached), "cache_clear", lambda: None)()
    theirs = stream_type()
    console = make_console(file=theirs)
    line = Text()
    for text, style in pieces:
        line.append(text, style=style or None)
    console.print(line)
    ours = stream_type()
    paint = Painter(ours)
    paint.line(*(paint(text, style) for text, style in pieces))
    assert ours.getvalue() == theirs.getvalue()
