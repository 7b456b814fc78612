"""Text from graph files is untrusted: it can never restyle output or reach the terminal raw."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC8 = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\")

HOSTILE = r"""
title: "[bold red]Owned[/bold red] \e]0;pwned\a"
topics:
  evil:
    title: "[link=https://evil.example]click[/link] \e[31mred\e[0m"
    resources:
      - title: "[/] [blink]x \e]8;;https://evil.example\e\\y\e]8;;\e\\ \u202eabc"
        url: "https://example.org/ok"
        note: "\e[2J cleared? [i]"
"""


@pytest.fixture
def hostile(write_graph: Callable[..., Path]) -> Path:
    return write_graph(HOSTILE)


@pytest.mark.parametrize(
    ("command", "env"),
    [
        (["plan"], {}),
        (["plan"], {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}),
        (["next"], {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}),
        (["topics"], {}),
        (["status"], {}),
    ],
)
def test_markup_and_escapes_print_literally(
    run: Run, hostile: Path, command: list[str], env: dict[str, str]
) -> None:
    result = run(*command, "--graph", str(hostile), env=env)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "[bold red]Owned[/bold red]" in out or command == ["next"]
    if command[0] in ("plan", "next"):
        assert "[link=https://evil.example]click[/link]" in out
    # The only escape sequences are rich's own colours and its links to the resource's URL.
    links = OSC8.findall(out)
    assert set(links) <= {"", "https://example.org/ok"}
    assert "\x1b" not in SGR.sub("", OSC8.sub("", out))
    assert "\x07" not in out
    assert "\u202e" not in out
    if command[0] in ("plan", "topics"):
        assert "\\x1b" in out  # made visible


def test_error_messages_are_escaped_too(run: Run, write_graph: Callable[..., Path]) -> None:
    path = write_graph('topics:\n  a:\n    title: A\n    requires: ["\\e[31mx"]\n')
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "\\x1b[31mx" in result.stderr
