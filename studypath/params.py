"""The command line's shared parameters, declared once: options and arguments that several
commands take, with their help, metavars and shell completion (see :mod:`.cli`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import exports

if TYPE_CHECKING:
    from .actions.timing import Timing

#: The end of the top-level help.
EPILOG = (
    "Examples:\n\n\b\n"
    "  studypath plan pca              the way to PCA, stage by stage, with links\n"
    "  studypath next                  what to study today\n"
    "  studypath done linear-algebra   record what you have finished\n"
    "  studypath status                how far you are\n"
    "  studypath export pca -o pca.md  a checklist for your notes (sync reads it back)\n\n"
    "Every command takes --graph NAME or FILE (also before the command) or $STUDYPATH_GRAPH;\n"
    "studypath graphs lists the bundled graphs."
)


def complete_topics(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Topic ids and aliases, with their titles (shown by zsh and fish)."""
    from .actions import complete

    return complete(ctx.params.get("graph"), incomplete, "goal")


def complete_items(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Topics and resources: for ``done``, ``know``, ``skip`` and ``start`` those not in that
    state yet, for ``undo`` those with a record."""
    from .actions import complete

    return complete(ctx.params.get("graph"), incomplete, ctx.command.name or "item")


def _graph_source(ctx: typer.Context, param: typer.CallbackParam, value: Path | None) -> object:
    """A graph named by ``$STUDYPATH_GRAPH`` says so in messages about it."""
    from .files import FromVariable

    source = ctx.get_parameter_source(param.name or "graph")
    if value is not None and str(source).endswith("ENVIRONMENT"):
        return FromVariable(str(value), "STUDYPATH_GRAPH")
    return value


GraphOption = Annotated[
    Path | None,
    typer.Option(
        "--graph",
        envvar="STUDYPATH_GRAPH",
        callback=_graph_source,
        metavar="GRAPH",
        help="A bundled graph's name (see `studypath graphs`) or a graph file "
        "(default: the bundled math-for-ml, Mathematics for Machine Learning).",
        show_default=False,
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
        autocompletion=complete_items,
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
        autocompletion=complete_topics,
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
        autocompletion=complete_topics,
        show_default=False,
    ),
]
if TYPE_CHECKING:
    Format = str
else:  # the export formats' names, as typer's choices
    Format = StrEnum("Format", {name: name for name in exports.names()})
HideDoneOption = Annotated[
    bool, typer.Option("--hide-done", help="Leave out topics already done, known or skipped.")
]
CheckPathArgument = Annotated[
    Path | None,
    typer.Argument(
        help="Graph file to check (default: --graph, $STUDYPATH_GRAPH or the bundled one).",
        metavar="FILE",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically, through a symlink to its target); - for stdout.",
        dir_okay=False,
        show_default=False,
    ),
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help=f"{' or '.join(exports.names())} (default: from the output's suffix, "
        f"else {exports.names()[0]}).",
        show_default=False,
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Overwrite the output even if studypath did not write it "
        "or it holds ticks not yet synced.",
    ),
]
MirrorOption = Annotated[
    bool,
    typer.Option("--mirror", help="Also undo items whose boxes are unticked in the file."),
]
SyncFileArgument = Annotated[
    Path,
    typer.Argument(
        help="A Markdown (or JSON) file written by `studypath export`.",
        metavar="FILE",
        dir_okay=False,
        show_default=False,
    ),
]
LinksOption = Annotated[
    bool,
    typer.Option(
        "--links",
        help="Then check that every resource URL still answers (dead, moved, unreachable...).",
    ),
]
RefreshOption = Annotated[
    bool,
    typer.Option("--refresh", help="With --links: ask again about links checked in the last day."),
]
TimeoutOption = Annotated[
    str | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="With --links: how long to wait for each answer (default: 10).",
        show_default=False,
    ),
]
ArchiveOption = Annotated[
    bool,
    typer.Option(
        "--archive",
        help="With --links: suggest the Internet Archive's closest copy of each dead link.",
    ),
]
ArchiveUrlOption = Annotated[
    str | None,
    typer.Option(
        "--archive-url",
        metavar="URL",
        help="The Internet Archive for --archive "
        "(default: $STUDYPATH_ARCHIVE_URL, else https://archive.org).",
        show_default=False,
    ),
]


# -- a schedule: --pace, --deadline, --start, --default-hours ----------------------------------

PaceOption = Annotated[
    str | None,
    typer.Option(
        "--pace",
        metavar="PACE",
        help="Study time per week or day (6h/week, 1h/day, 45m/day): the plan gets dates.",
        show_default=False,
    ),
]
DeadlineOption = Annotated[
    str | None,
    typer.Option(
        "--deadline",
        metavar="YYYY-MM-DD",
        help="Finish by this day: works out the pace needed (instead of --pace).",
        show_default=False,
    ),
]
StartOption = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="YYYY-MM-DD",
        help="The day the schedule starts (default: today, or the day it was kept with a goal).",
        show_default=False,
    ),
]
DefaultHoursOption = Annotated[
    str | None,
    typer.Option(
        "--default-hours",
        metavar="HOURS",
        help="Hours for a topic without an estimate, in a schedule (default: 2).",
        show_default=False,
    ),
]


def timing(
    pace: str | None, deadline: str | None, start: str | None, default_hours: str | None
) -> Timing:
    """The schedule options as the actions take them."""
    from .actions.timing import Timing

    return Timing(pace, deadline, start, default_hours)
