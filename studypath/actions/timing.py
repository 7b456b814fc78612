"""The schedule a command is asked for: ``--pace``, ``--deadline``, ``--start`` and
``--default-hours``, or the schedule kept with the learner's goals (``goal add --pace``).

Options win over what the goals keep; ``--pace`` and ``--deadline`` go together (giving either
drops the other kept one). A plan without a pace or a deadline has no schedule, and shows no
dates. What is left is laid out from the start, or from today once the start has passed (done
work takes no time); a deadline sets the pace that finishes the plan on it from the start. A
goal keeps its start (the day it was set, unless ``--start`` said otherwise), so that
``status`` can compare what was planned by today, from that start, with what is done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..forecast import Forecast
    from ..pace import Pace
    from ..planner import Plan
    from ..progress import Standing
    from ..schedule import Schedule
    from ..store import Record


@dataclass(frozen=True)
class Timing:
    """Schedule settings as given (texts, as typed or as kept with a goal)."""

    pace: str | None = None
    deadline: str | None = None
    start: str | None = None
    default_hours: str | None = None

    def __bool__(self) -> bool:
        return self.pace is not None or self.deadline is not None

    def kept(self) -> dict[str, str]:
        """The settings as a goal keeps them."""
        names = ("pace", "deadline", "start", "default_hours")
        return {name: value for name in names if (value := getattr(self, name)) is not None}


NO_TIMING = Timing()


def merged(given: Timing, kept: Mapping[str, str]) -> Timing:
    """The settings to use: those given, else those kept with the goals. ``--start`` and
    ``--default-hours`` alone, with no pace or deadline given or kept, are a UsageError (they
    would change nothing)."""
    if given.pace is not None or given.deadline is not None:
        pace, deadline = given.pace, given.deadline
    else:
        pace, deadline = kept.get("pace"), kept.get("deadline")
    if pace is None and deadline is None and (given.start or given.default_hours) is not None:
        from ..errors import UsageError

        raise UsageError(
            "--start and --default-hours go with --pace or --deadline (or a schedule kept "
            "with goal add)"
        )
    return Timing(
        pace,
        deadline,
        given.start if given.start is not None else kept.get("start"),
        given.default_hours if given.default_hours is not None else kept.get("default_hours"),
    )


def kept_timing(kept: Mapping[str, Mapping[str, str]], goals: Sequence[str]) -> dict[str, str]:
    """The schedule kept with the first of ``goals`` (topic ids) that keeps one (``kept``: by
    goal, as :func:`._shared._progress` reads them)."""
    return next((dict(kept[goal]) for goal in goals if goal in kept), {})


def checked(timing: Timing) -> Timing:
    """``timing`` with every setting read once (a UsageError for one that cannot be), and the
    start made explicit: what a goal keeps."""
    from ..pace import parse_day, parse_hours, parse_pace, today

    if timing.pace is not None and timing.deadline is not None:
        from ..errors import UsageError

        raise UsageError("give --pace or --deadline, not both: a deadline sets the pace")
    if timing.pace is not None:
        parse_pace(timing.pace)
    start = parse_day(timing.start, "--start") if timing.start is not None else today()
    if timing.deadline is not None:
        deadline = parse_day(timing.deadline, "--deadline")
        if deadline < start:
            from ..errors import UsageError

            raise UsageError(
                f"the deadline {deadline.isoformat()} is before the start {start.isoformat()}"
            )
    parse_hours(timing.default_hours)
    return Timing(timing.pace, timing.deadline, start.isoformat(), timing.default_hours)


@dataclass(frozen=True)
class Scheduled:
    """A plan's schedule (what is left, laid out from today or a later start), the day it was
    worked out on, and (for ``status``) its forecast; with a deadline, the deadline and the
    pace it now needs (``needed``; None when it has passed, or no pace can make it)."""

    schedule: Schedule
    today: date
    forecast: Forecast | None = None
    deadline: date | None = None
    start: date | None = None  # as set
    needed: Pace | None = None


def scheduled(
    plan: Plan,
    done: Standing,
    timing: Timing,
    records: Mapping[str, Record] | None = None,
) -> Scheduled | None:
    """The plan's schedule by ``timing`` (None without a pace or a deadline); with
    ``records``, the forecast from them too.

    A deadline sets the pace that finishes the whole plan, as it stood at the start, on the
    deadline: the schedule keeps that pace (so that ``status`` can say how far ahead or behind
    the learner is, and a deadline that has passed still shows the plan), and ``needed`` says
    what it takes from today."""
    if not timing:
        return None
    from ..errors import UsageError
    from ..pace import parse_day, parse_hours, parse_pace, today
    from ..progress import standing
    from ..schedule import pace_for, schedule

    settings = checked(timing)
    now = today()
    start = parse_day(settings.start or now.isoformat(), "--start")
    hours = parse_hours(timing.default_hours)
    deadline = needed = None
    if timing.pace is not None:
        pace = parse_pace(timing.pace)
    else:
        deadline = parse_day(timing.deadline or "", "--deadline")
        pace = pace_for(plan, standing((), {}), start, deadline, hours)  # from nothing done
        if deadline >= max(start, now):
            try:
                needed = pace_for(plan, done, max(start, now), deadline, hours)
            except UsageError:  # more than a week holds
                needed = None
    laid_out = schedule(plan, done, pace, max(start, now), hours)
    ahead = None
    if records is not None:
        from ..forecast import forecast

        ahead = forecast(plan, records, pace, start, now, hours)
    return Scheduled(laid_out, now, ahead, deadline, start, needed)
