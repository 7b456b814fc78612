"""The ``studypath`` command: declare parameters, call one action, render its result.

Every command is registered with :func:`command`, which turns studypath's own errors into one
message on stderr and an exit code (:class:`~studypath.errors.ExitCode`). Heavy libraries
(rich, yaml, networkx) are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, ParamSpec, TypeVar

import typer

from . import __version__, clicheck, clicurricula, cligoals, clistates, typershim
from .busy import slowly
from .errors import GraphError, StudypathError
from .params import (
    EPILOG,
    CompactOption,
    ForceOption,
    FormatOption,
    GoalOption,
    GoalsArgument,
    GraphOption,
    HideDoneOption,
    ItemsArgument,
    JsonOption,
    MirrorOption,
    NoCacheOption,
    NoPagerOption,
    OutputOption,
    SyncFileArgument,
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
    """Options before the command (the app's help text is given above)."""


@command()
def plan(
    goals: GoalsArgument = None,
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    hide_done: HideDoneOption = False,
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
            slowly(actions.export)(_goals(goals, goal), graph, not no_cache, format="json")
        )
    else:
        result = slowly(actions.plan)(_goals(goals, goal), graph, not no_cache)
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

    result = slowly(actions.plan)(_goals(goals, goal), graph, not no_cache)
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

    result = slowly(actions.status)(_goals(goals, goal), graph, not no_cache)
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
    output: OutputOption = None,
    format_: FormatOption = None,
    force: ForceOption = False,
) -> None:
    """Export the plan as Markdown or JSON.

    Markdown is a task-list checklist with a Mermaid diagram of the prerequisites.

    Tick the boxes in any Markdown editor, then bring them back with `studypath sync FILE`.

    Example: studypath export pca -o pca-plan.md
    """
    from . import actions, report

    name = str(format_.value) if isinstance(format_, StrEnum) else format_
    everything = _goals(goals, goal)
    report.exported(slowly(actions.export)(everything, graph, not no_cache, output, name, force))


@command()
def sync(
    file: SyncFileArgument,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    mirror: MirrorOption = False,
) -> None:
    """Record the boxes ticked in an exported plan.

    The file itself is never changed.

    Example: studypath sync pca-plan.md
    """
    from . import actions, report

    report.synced(slowly(actions.sync)(file, graph, not no_cache, mirror))


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
