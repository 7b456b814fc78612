"""The ``studypath`` command: declare parameters, call one action, render its result.

Every command is registered with :func:`command`, which turns studypath's own errors into one
message on stderr and an exit code (:class:`~studypath.errors.ExitCode`). Heavy libraries
(rich, yaml, networkx) are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer

from . import __version__, clicheck, clicurricula, cligoals, cliplans, clistates, typershim
from .busy import slowly
from .errors import GraphError, StudypathError
from .params import (
    EPILOG,
    GraphOption,
    ItemsArgument,
    JsonOption,
    NoCacheOption,
    NoPagerOption,
)

typershim.install()  # plain parameters without pydantic: see the module

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="studypath",
    help="Plan what to study, in order: from a goal to every topic it needs, with resources.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command(
    name: str | None = None, on: typer.Typer | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command (on ``app``, or the group ``on``) whose studypath errors become a
    message and an exit code."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def handled(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return function(*args, **kwargs)
            except StudypathError as error:
                from .style import error as show

                # A graph's problems are file:line:column lines, as editors and CI expect them.
                show(str(error), prefix="" if isinstance(error, GraphError) else "error: ")
                raise typer.Exit(error.exit_code) from None

        handled.handles_errors = True  # type: ignore[attr-defined]
        (on or app).command(name)(handled)
        return handled

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"studypath {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Options before the command (the app's help text is given above)."""


cliplans.commands(command)  # plan, next, status, export, sync: first in the help


@command()
def topics(
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """List every topic with its id, title and prerequisites.

    Example: studypath topics --graph my-curriculum.yaml
    """
    from . import actions, render

    result = slowly(actions.topics)(graph, not no_cache)
    if json:
        from . import jsonout, report

        report.json_document(jsonout.topics(result))
    else:
        render.topics(result, not no_pager)


@command()
def done(items: ItemsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False) -> None:
    """Record topics or resources as done.

    With several items, all are recorded or none is; then come the topics now startable.

    Example: studypath done linear-algebra/essence python-numpy
    """
    from . import actions, report

    report.recorded(slowly(actions.done)(items, graph, not no_cache))


@command()
def undo(items: ItemsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False) -> None:
    """Take back records: done, known, skipped or started.

    This removes the items' own records; an orphaned record is named by its id.
    Undoing a topic leaves its resources' own records as they are.

    Example: studypath undo python-numpy
    """
    from . import actions, report

    report.undone(slowly(actions.undo)(items, graph, not no_cache))


@command()
def where(ctx: typer.Context, graph: GraphOption = None) -> None:
    """Print the graph, progress and cache files in use, and where their paths come from.

    Example: studypath where
    """
    from . import actions, report

    from_env = str(ctx.get_parameter_source("graph")).endswith("ENVIRONMENT")
    report.where(actions.where(graph, "STUDYPATH_GRAPH" if from_env else None))


cligoals.commands(functools.partial(command, on=cligoals.goal_app))
app.add_typer(cligoals.goal_app)
clistates.commands(command)
clicheck.commands(command)
clicurricula.commands(command)
app.add_typer(clicurricula.import_app)
