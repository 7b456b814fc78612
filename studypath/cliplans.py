"""``studypath plan|next|status|export|sync``: a plan, what to study next, progress, and the
plan as a file (and its ticks read back). With ``--pace`` or ``--deadline`` (or a schedule kept
with the goals), each shows dates. Registered on the app by :mod:`.cli`."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from .busy import slowly
from .params import (
    CompactOption,
    DeadlineOption,
    DefaultHoursOption,
    ForceOption,
    FormatOption,
    GoalOption,
    GoalsArgument,
    GraphOption,
    HideDoneOption,
    JsonOption,
    MirrorOption,
    NoCacheOption,
    NoPagerOption,
    OutputOption,
    PaceOption,
    StartOption,
    SyncFileArgument,
    timing,
)

Register = Callable[..., Callable[[Callable[..., None]], Callable[..., None]]]


def _goals(arguments: list[str] | None, options: list[str] | None) -> list[str]:
    """Goals given as arguments, then as ``--goal`` options."""
    return [*(arguments or ()), *(options or ())]


def commands(command: Register) -> None:
    """Declare the commands with ``command`` (see :func:`studypath.cli.command`)."""

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
        pace: PaceOption = None,
        deadline: DeadlineOption = None,
        start: StartOption = None,
        default_hours: DefaultHoursOption = None,
    ) -> None:
        """Print the study path to the goals as a checklist.

        The plan is shown stage by stage.
        Topics in the same stage can be studied side by side; each needs only earlier stages.
        With --pace or --deadline, each stage and topic shows its dates.

        Example: studypath plan pca --pace 5h/week
        """
        from . import actions, render

        when = timing(pace, deadline, start, default_hours)
        if json:  # the JSON export's document
            from . import report

            report.exported(
                slowly(actions.export)(
                    _goals(goals, goal), graph, not no_cache, format="json", timing=when
                )
            )
        else:
            result = slowly(actions.plan)(_goals(goals, goal), graph, not no_cache, when)
            render.plan(result, hide_done, compact, not no_pager)

    @command("next")
    def next_(
        goals: GoalsArgument = None,
        goal: GoalOption = None,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        compact: CompactOption = False,
        json: JsonOption = False,
        no_pager: NoPagerOption = False,
        pace: PaceOption = None,
        deadline: DeadlineOption = None,
        start: StartOption = None,
        default_hours: DefaultHoursOption = None,
    ) -> None:
        """What to study today, with links.

        Lists the topics not done whose prerequisites are all done.
        With a schedule (--pace, --deadline, or kept with your goals), also what is due this
        week.

        Example: studypath next pca
        """
        from . import actions

        when = timing(pace, deadline, start, default_hours)
        result = slowly(actions.plan)(_goals(goals, goal), graph, not no_cache, when)
        if json:
            from . import jsonout, report

            report.json_document(jsonout.next_up(result))
        else:
            from . import rendernext

            rendernext.next_up(result, compact, not no_pager)

    @command()
    def status(
        goals: GoalsArgument = None,
        goal: GoalOption = None,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        json: JsonOption = False,
        pace: PaceOption = None,
        deadline: DeadlineOption = None,
        start: StartOption = None,
        default_hours: DefaultHoursOption = None,
    ) -> None:
        """Show progress per goal, and orphaned records.

        Also shows when progress was last recorded, and with a schedule (--pace, --deadline,
        or kept with your goals) how far ahead or behind you are, and when you will finish.

        Example: studypath status pca decision-trees
        """
        from . import actions, report

        when = timing(pace, deadline, start, default_hours)
        result = slowly(actions.status)(_goals(goals, goal), graph, not no_cache, when)
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
        pace: PaceOption = None,
        deadline: DeadlineOption = None,
        start: StartOption = None,
        default_hours: DefaultHoursOption = None,
    ) -> None:
        """Export the plan as Markdown, JSON or an iCalendar file.

        Markdown is a task-list checklist with a Mermaid diagram of the prerequisites.
        Tick the boxes in any Markdown editor, then bring them back with `studypath sync FILE`.
        With a schedule, Markdown and JSON carry the dates; the calendar (ics) needs one: an
        event per topic not done, which a calendar app updates when you import it again.

        Example: studypath export pca -o pca-plan.md
        """
        from . import actions, report

        name = str(format_.value) if isinstance(format_, StrEnum) else format_
        everything = _goals(goals, goal)
        when = timing(pace, deadline, start, default_hours)
        report.exported(
            slowly(actions.export)(
                everything, graph, not no_cache, output, name, force, timing=when
            )
        )

    @command()
    def sync(
        file: SyncFileArgument,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        mirror: MirrorOption = False,
    ) -> None:
        """Record the boxes ticked in an exported plan (Markdown or JSON).

        The file itself is never changed.

        Example: studypath sync pca-plan.md
        """
        from . import actions, report

        report.synced(slowly(actions.sync)(file, graph, not no_cache, mirror))
