"""The ``studypath`` console script: the process around the command line (argument order,
the garbage collector, output channels, exit codes) and the fast path that builds only the
command about to run."""

from __future__ import annotations

import copy
import gc
import os
import sys
from typing import Any

import typer

from .cli import app


def main() -> None:
    """The console-script entry point.

    A command is short-lived and makes next to no cyclic garbage: the cyclic collector is off
    while it runs (reference counting frees everything as usual), and what is left is frozen
    at the end, so that the interpreter's shutdown does not walk every object once more.
    """
    from . import channels

    gc.disable()
    channels.prepare()
    code: int | str | None = 0
    try:
        # Not standalone: click returns a command's exit code instead of exiting with it.
        args = _graph_after_command(sys.argv[1:])
        result = _app_for(args)(args, prog_name="studypath", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except typer.Exit as done:
        code = done.exit_code
    except Exception as error:  # the framework's usage errors, and output that cannot be written
        code = _exit_code(error, channels)
    finally:
        gc.freeze()
    after = channels.finish()
    sys.exit(after if after is not None else code)


def _exit_code(error: Exception, channels: Any) -> int:
    output = channels.broken(error)
    if output is not None:
        return int(output)
    show = getattr(error, "show", None)
    if show is None:  # not a usage error: let it be seen
        raise error
    show()
    return int(getattr(error, "exit_code", 2))


def _graph_after_command(args: list[str]) -> list[str]:
    """``--graph FILE`` given before the command moves after it, where every command takes it:
    ``studypath --graph g.yaml plan`` is ``studypath plan --graph g.yaml``."""
    if args[:1] == ["--graph"] and len(args) >= 3:
        return [args[2], *args[:2], *args[3:]]
    if args and args[0].startswith("--graph=") and len(args) >= 2:
        return [args[1], args[0], *args[2:]]
    return args


def _app_for(args: list[str]) -> typer.Typer:
    """The app, holding only the command about to run when that is all it needs.

    typer builds every command's parameters before running one; building just the one called
    saves a tenth of the start-up; so does completing a command's arguments. The top-level help,
    completing a command's name and anything unusual get the whole app.
    """
    if os.environ.get("_STUDYPATH_COMPLETE"):
        # Completing a command's arguments: that command alone (bash passes the words typed
        # so far and the index of the one completed; the other shells, the line so far).
        line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words, index = line.split(), os.environ.get("COMP_CWORD", "")
        if index.isdigit():
            naming = int(index) <= 1  # the word completed is the command's name
        else:  # zsh, fish, PowerShell: the line so far
            naming = len(words) < 2 or (len(words) == 2 and not line.endswith(" "))
        if naming:
            return app
        args = words[1:2]
    if not args or args in (["--help"], ["-h"]):
        return _listing() if args else app
    for info in app.registered_commands:
        if info.callback is not None and (info.name or info.callback.__name__) == args[0]:
            only = copy.copy(app)
            only.registered_commands = [info]
            return only
    return app


def _listing() -> typer.Typer:
    """The app for its own help, which lists each command by its name and the first line of
    its help: each command stands in as a function without parameters, with the same name and
    help (and each group's commands likewise), so that typer builds no parameter to list
    them. tests/test_cli.py checks that the help reads exactly as the whole app's."""

    def bare(typer_app: typer.Typer) -> typer.Typer:
        listed = copy.copy(typer_app)
        listed.registered_commands = []
        for info in typer_app.registered_commands:
            stand_in = copy.copy(info)
            if info.callback is not None:
                stand_in.callback = _stand_in(info.callback)
            listed.registered_commands.append(stand_in)
        listed.registered_groups = []
        for group in typer_app.registered_groups:
            listed_group = copy.copy(group)
            if group.typer_instance is not None:
                listed_group.typer_instance = bare(group.typer_instance)
            listed.registered_groups.append(listed_group)
        return listed

    return bare(app)


def _stand_in(callback: Any) -> Any:
    def stand_in() -> None:  # pragma: no cover - never run: only listed
        raise NotImplementedError

    stand_in.__name__ = callback.__name__
    stand_in.__doc__ = callback.__doc__
    return stand_in
