"""Reference text generated from the code, for cog: docs/cli.md and the README's field table.

``reference()`` is every command's ``--help``, taken from the Typer app itself, so a new command
appears in docs/cli.md when cog runs (``python -m cogapp -r docs/cli.md``); the tests in
tests/test_reference.py check that the file is current. ``field_table()`` lists the keys a graph
file may hold, from :mod:`studypath.schema`, for a cog block in the README.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from typer.main import get_command_name
from typer.testing import CliRunner

from studypath.cli import app
from studypath.schema import CHANGE_FIELDS, GRAPH_FIELDS, RESOURCE_FIELDS, TOPIC_FIELDS, Field

PROG = "studypath"
#: A fixed width and no colour: the help reads the same on every machine. FORCE_COLOR and
#: TTY_COMPATIBLE are unset so that a developer's shell cannot bring escape codes in.
ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
}


def command_names() -> list[str]:
    """Every visible command of the app, in the order registered, named as typer names them."""
    return [
        info.name or get_command_name(info.callback.__name__)
        for info in app.registered_commands
        if info.callback is not None and not info.hidden
    ]


def help_text(*command: str) -> str:
    """What ``studypath [COMMAND] --help`` prints."""
    result = CliRunner().invoke(app, [*command, "--help"], prog_name=PROG, env=ENV)
    if result.exit_code != 0:
        raise RuntimeError(f"{PROG} {' '.join(command)} --help failed:\n{result.output}")
    return result.stdout.rstrip()


def reference() -> str:
    """The help of ``studypath`` and of every command, each under a ``## studypath NAME``."""
    return "".join(_section(command) for command in [(), *((n,) for n in command_names())])


def _section(command: tuple[str, ...]) -> str:
    title = " ".join((PROG, *command))
    return f"\n## {title}\n\n```\n{help_text(*command)}\n```\n"


# -- the graph file's fields ------------------------------------------------------------------

LEVELS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    ("graph", GRAPH_FIELDS),
    ("topic", TOPIC_FIELDS),
    ("resource", RESOURCE_FIELDS),
    ("change", CHANGE_FIELDS),
)


def field_table() -> str:
    """Every key a graph file may hold, as a Markdown table: level, key, required, meaning."""
    lines = ["| level | key | required | what it holds |", "|---|---|---|---|"]
    lines += _rows(LEVELS)
    return "\n".join(lines) + "\n"


def _rows(levels: Iterable[tuple[str, Iterable[Field]]]) -> Iterator[str]:
    for level, fields in levels:
        for field in fields:
            required = "yes" if field.required else "no"
            yield f"| {level} | `{field.name}` | {required} | {_cell(field.doc)} |"


def _cell(text: str) -> str:
    """Text that stays in one table cell."""
    return " ".join(text.split()).replace("|", "\\|")
