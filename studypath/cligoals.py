"""``studypath goal add|list|remove``: the learner's goals, set once and used by every command
that takes goals when it is given none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from .params import (
    DeadlineOption,
    DefaultHoursOption,
    GraphOption,
    NoCacheOption,
    PaceOption,
    StartOption,
    complete_topics,
    timing,
)

goal_app = typer.Typer(
    name="goal",
    help="Set the goals that plan, next, status and export use when given none.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

TopicsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Topics: an id, an alias, a title or part of one.",
        metavar="GOAL...",
        autocompletion=complete_topics,
        show_default=False,
    ),
]


Register = Callable[[str], Callable[[Callable[..., None]], Callable[..., None]]]


def commands(command: Register) -> None:
    """Declare the goal commands with ``command`` (cli.command bound to :data:`goal_app`)."""

    @command("add")
    def add(
        goals: TopicsArgument,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        pace: PaceOption = None,
        deadline: DeadlineOption = None,
        start: StartOption = None,
        default_hours: DefaultHoursOption = None,
    ) -> None:
        """Set topics as your goals, with a schedule when given --pace or --deadline.

        plan, next, status and export then show dates, and status how far ahead or behind
        you are: the schedule starts today unless --start says otherwise.

        Example: studypath goal add pca --pace 6h/week
        """
        from . import actions, report

        when = timing(pace, deadline, start, default_hours)
        report.goals(actions.goal_add(goals, graph, not no_cache, when))

    @command("list")
    def list_(graph: GraphOption = None, no_cache: NoCacheOption = False) -> None:
        """List your goals.

        Example: studypath goal list
        """
        from . import actions, report

        report.goals(actions.goal_list(graph, not no_cache))

    @command("remove")
    def remove(
        goals: TopicsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False
    ) -> None:
        """Stop using topics as goals (by id, even one the graph no longer has).

        Example: studypath goal remove pca
        """
        from . import actions, report

        report.goals(actions.goal_remove(goals, graph, not no_cache))
