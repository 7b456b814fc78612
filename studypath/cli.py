"""The ``studypath`` command: declare parameters, call one action, render its result.

Every command is registered with :func:`command`, which turns studypath's own errors into one
message on stderr and an exit code (:class:`~studypath.errors.ExitCode`). Heavy libraries
(rich, yaml, networkx) are imported inside the commands that need them.
"""

from __future__ import annotations

import copy
import functools
import gc
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from . import __version__, exports, typershim
from .errors import GraphError, StudypathError

typershim.install()  # plain parameters without pydantic: see the module

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="studypath",
    help="Plan what to study, in order: from a goal to every topic it needs, with resources.",
    epilog="Examples:\n\n\b\n"
    "  studypath plan pca              the way to PCA, stage by stage, with links\n"
    "  studypath next                  what to study today\n"
    "  studypath done linear-algebra   record what you have finished\n"
    "  studypath status                how far you are\n"
    "  studypath export pca -o pca.md  a checklist for your notes (sync reads it back)\n\n"
    "Every command takes --graph FILE (also before the command) or $STUDYPATH_GRAPH.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command(name: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a command whose studypath errors become a message and an exit code."""

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
        app.command(name)(handled)
        return handled

    return register


def _complete(resources: bool) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from .actions import complete

        return complete(ctx.params.get("graph"), incomplete, resources)

    return complete


GraphOption = Annotated[
    Path | None,
    typer.Option(
        "--graph",
        envvar="STUDYPATH_GRAPH",
        metavar="FILE",
        help="Graph file to use (default: the bundled Mathematics for Machine Learning graph).",
        show_default=False,
        dir_okay=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Parse and validate the graph afresh; neither read nor write the graph cache.",
    ),
]
ItemsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Topics or resources: an id, `topic/resource`, an alias or part of a title.",
        metavar="ITEM...",
        autocompletion=_complete(resources=True),
        show_default=False,
    ),
]
GoalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--goal",
        "-g",
        metavar="TOPIC",
        help="A topic to reach, as GOALS are (the same, as an option); repeatable.",
        autocompletion=_complete(resources=False),
        show_default=False,
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal; long output otherwise goes through $PAGER (less).",
    ),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print a JSON document for scripts (see the README)."),
]
CompactOption = Annotated[
    bool,
    typer.Option(
        "--compact",
        help="In a terminal, leave out resource URLs (titles stay links where supported).",
    ),
]
GoalsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Topics to reach: an id, an alias, a title or part of one. None: the whole graph.",
        metavar="GOAL...",
        autocompletion=_complete(resources=False),
        show_default=False,
    ),
]
if TYPE_CHECKING:
    Format = str
else:  # the export formats' names, as typer's choices
    Format = StrEnum("Format", {name: name for name in exports.names()})


def _slow(action: Callable[P, R]) -> Callable[P, R]:
    """``action``, with a transient note on stderr when it takes more than half a second (a
    first read of a large graph): only on a terminal, and gone before anything is printed."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        from .busy import busy

        with busy("Reading and checking the graph"):
            return action(*args, **kwargs)

    return run


def _goals(arguments: list[str] | None, options: list[str] | None) -> list[str]:
    """Goals given as arguments, then as ``--goal`` options."""
    return [*(arguments or ()), *(options or ())]


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
    """Plan what to study, in order: from a goal to every topic it needs, with resources.

    Start with `studypath plan --goal pca`, then record progress with `studypath done ITEM`.
    """


@command()
def plan(
    goals: GoalsArgument = None,
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    hide_done: Annotated[
        bool, typer.Option("--hide-done", help="Leave out topics already done.")
    ] = False,
    compact: CompactOption = False,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Print the study path to the goals as a checklist.

    The plan is shown stage by stage.
    Topics in the same stage can be studied side by side; each needs only earlier stages.

    Example: studypath plan pca
    """
    from . import actions, render

    if json:  # the JSON export's document
        from . import report

        report.exported(
            _slow(actions.export)(_goals(goals, goal), graph, not no_cache, format="json")
        )
    else:
        result = _slow(actions.plan)(_goals(goals, goal), graph, not no_cache)
        render.plan(result, hide_done, compact, not no_pager)


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

    result = _slow(actions.topics)(graph, not no_cache)
    if json:
        from . import jsonout, report

        report.json_document(jsonout.topics(result))
    else:
        render.topics(result, not no_pager)


@command()
def check(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Graph file to check (default: --graph, $STUDYPATH_GRAPH or the bundled one).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Validate a graph file and report every problem.

    Problems are printed one per line as file:line:column: message.

    Example: studypath check my-curriculum.yaml
    """
    from . import actions, report

    report.check(_slow(actions.check)(path or graph, not no_cache))


@command()
def done(items: ItemsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False) -> None:
    """Record topics or resources as done.

    With several items, all are recorded or none is.

    Example: studypath done linear-algebra/essence python-numpy
    """
    from . import actions, report

    report.recorded(_slow(actions.done)(items, graph, not no_cache))


@command()
def undo(items: ItemsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False) -> None:
    """Mark topics or resources as not done again.

    This removes the items' own records; an orphaned record is named by its id.
    Undoing a topic leaves its resources' own records as they are.

    Example: studypath undo python-numpy
    """
    from . import actions, report

    report.undone(_slow(actions.undo)(items, graph, not no_cache))


@command("next")
def next_(
    goals: GoalsArgument = None,
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    compact: CompactOption = False,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """What to study today, with links.

    Lists the topics not done whose prerequisites are all done.

    Example: studypath next pca
    """
    from . import actions, render

    result = _slow(actions.plan)(_goals(goals, goal), graph, not no_cache)
    if json:
        from . import jsonout, report

        report.json_document(jsonout.next_up(result))
    else:
        render.next_up(result, compact, not no_pager)


@command()
def status(
    goals: GoalsArgument = None,
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    json: JsonOption = False,
) -> None:
    """Show progress per goal, and orphaned records.

    Also shows when progress was last recorded.

    Example: studypath status pca decision-trees
    """
    from . import actions, report

    result = _slow(actions.status)(_goals(goals, goal), graph, not no_cache)
    if json:
        from . import jsonout

        report.json_document(jsonout.status(result))
    else:
        report.status(result)


@command()
def export(
    goals: GoalsArgument = None,
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{' or '.join(exports.names())} (default: from the output's suffix, "
            f"else {exports.names()[0]}).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite the output even if studypath did not write it "
            "or it holds ticks not yet synced.",
        ),
    ] = False,
) -> None:
    """Export the plan as Markdown or JSON.

    Markdown is a task-list checklist with a Mermaid diagram of the prerequisites.

    Tick the boxes in any Markdown editor, then bring them back with `studypath sync FILE`.

    Example: studypath export pca -o pca-plan.md
    """
    from . import actions, report

    name = str(format_.value) if isinstance(format_, StrEnum) else format_
    everything = _goals(goals, goal)
    report.exported(_slow(actions.export)(everything, graph, not no_cache, output, name, force))


@command()
def sync(
    file: Annotated[
        Path,
        typer.Argument(
            help="A Markdown (or JSON) file written by `studypath export`.",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ],
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    mirror: Annotated[
        bool,
        typer.Option("--mirror", help="Also undo items whose boxes are unticked in the file."),
    ] = False,
) -> None:
    """Record the boxes ticked in an exported plan.

    The file itself is never changed.

    Example: studypath sync pca-plan.md
    """
    from . import actions, report

    report.synced(_slow(actions.sync)(file, graph, not no_cache, mirror))


@command()
def where(ctx: typer.Context, graph: GraphOption = None) -> None:
    """Print the graph, progress and cache files in use, and where their paths come from.

    Example: studypath where
    """
    from . import actions, report

    from_env = str(ctx.get_parameter_source("graph")).endswith("ENVIRONMENT")
    report.where(actions.where(graph, "STUDYPATH_GRAPH" if from_env else None))


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
    saves a tenth of the start-up. Help, completion and anything unusual get the whole app.
    """
    if not args or os.environ.get("_STUDYPATH_COMPLETE"):
        return app
    for info in app.registered_commands:
        if info.callback is not None and (info.name or info.callback.__name__) == args[0]:
            only = copy.copy(app)
            only.registered_commands = [info]
            return only
    return app
