"""What studypath writes to a real terminal (a pseudo-terminal): colours, hyperlinks, NO_COLOR."""

from __future__ import annotations

import re

import pytest

from .helpers import run_in_terminal

OSC8 = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\")
SGR = re.compile(r"\x1b\[[0-9;]*m")
ESSENCE = "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab"


def test_a_terminal_gets_colours_and_resource_titles_as_links() -> None:
    code, out = run_in_terminal(["plan", "--goal", "pca"], {})
    assert code == 0, out
    assert SGR.search(out)
    links = OSC8.findall(out)
    assert ESSENCE in links  # the title of a resource of the plan links to its URL
    essence = out.index(ESSENCE)
    assert "Essence of linear algebra" in out[essence : essence + 200]


@pytest.mark.parametrize("command", ["plan", "next", "status", "topics"])
def test_no_color_in_a_terminal_means_no_escapes_and_full_urls(command: str) -> None:
    args = [command] if command == "topics" else [command, "--goal", "pca"]
    code, out = run_in_terminal(args, {"NO_COLOR": "1"})
    assert code == 0, out
    assert "\x1b" not in out
    if command in ("plan", "next"):
        assert "https://numpy.org/doc/stable/user/absolute_beginners.html" in out


def test_errors_in_a_terminal_colour_only_the_prefix() -> None:
    code, out = run_in_terminal(["plan", "--goal", "nope"], {})
    assert code == 1
    assert styled_text(out) == "error: "


def styled_text(out: str) -> str:
    """The characters of ``out`` printed while some colour or attribute was on."""
    styled, on, position = [], False, 0
    for match in SGR.finditer(out + "\x1b[0m"):
        if on:
            styled.append(out[position : match.start()])
        on = match.group() not in ("\x1b[0m", "\x1b[m")
        position = match.end()
    return "".join(styled)
