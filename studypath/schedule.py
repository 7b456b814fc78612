"""A plan laid out in time: when each topic starts and finishes at a study pace.

One learner studies one topic at a time, in plan order. Each topic takes the hours it still
needs (:func:`studypath.progress.hours_left`: a partly done topic its remaining hours); a topic
that shows as done, known or skipped takes none, and one without an estimate takes
``default_hours`` and is flagged (``Slot.defaulted``).

The date rule, exactly. Study time is counted in whole seconds (hours are rounded to the
second, so sums are exact and a schedule never depends on the order of float additions). At a
pace of ``P`` seconds a week, day ``n`` (``start`` is day 0) holds the study seconds
``[n·P/7, (n+1)·P/7)``: a seventh of a week's time every day, weekends included. A topic
occupies the seconds ``[offset, offset + h)``, where ``offset`` is the sum of the hours of the
topics before it. Its start is day ``floor(7·offset / P)`` and its finish the day on which its
last second falls, day ``ceil(7·(offset + h) / P) - 1``. A topic that takes no time (done, or
estimated at 0 hours) starts and finishes on the day the time before it ends (day 0 when
nothing comes before it). So with 5 h/week from 2027-01-04 (a Monday), a first topic of 10
hours runs 2027-01-04 to 2027-01-17 (14 days of 5/7 h) and a second of 5 hours 2027-01-18 to
2027-01-24. A stage finishes with its last topic that is not done; the schedule's ``finish``
is its last such day (None when nothing is left to study).

Everything is integer arithmetic on day numbers (``date.toordinal``): linear in the plan, and
the same output for the same plan, progress, pace and start.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from .errors import UsageError
from .gcpause import gc_paused
from .pace import WEEK_HOURS, Pace
from .progress import hours_left
from .words import plural

if TYPE_CHECKING:
    from .model import Topic
    from .planner import Plan
    from .progress import Standing

#: The hours a topic without an estimate takes, unless ``--default-hours`` says otherwise.
DEFAULT_HOURS = 2.0
#: The most hours a topic may be given by default (more is surely a mistake).
MOST_DEFAULT_HOURS = 10_000.0
_LAST_DAY = date.max.toordinal()


class Slot(NamedTuple):
    """When one topic of a plan is studied: from ``start`` to ``finish`` (both included), for
    ``hours``; ``defaulted`` when the topic has no estimate and takes the default hours;
    ``done`` when it shows as done, known or skipped (it then takes no time). A named tuple:
    a schedule makes one for every topic of a plan, and a frozen dataclass costs twice as
    much to make."""

    topic_id: str
    start: date
    finish: date
    hours: float
    defaulted: bool = False
    done: bool = False


@dataclass(frozen=True)
class Schedule:
    """A plan laid out at ``pace`` from ``start``: a slot per topic, in plan order, the day each
    stage finishes (stages with something left to study) and the day the last one does
    (``finish``: None when nothing is left)."""

    pace: Pace
    start: date
    finish: date | None
    default_hours: float
    slots: tuple[Slot, ...]
    stage_finish: Mapping[int, date] = field(default_factory=dict)

    @cached_property
    def _index(self) -> dict[str, Slot]:
        return {slot.topic_id: slot for slot in self.slots}

    def slot(self, topic_id: str) -> Slot | None:
        """The topic's slot (None when the topic is not in the plan)."""
        return self._index.get(topic_id)

    @property
    def hours(self) -> float:
        """The hours left to study, defaults included."""
        return sum(slot.hours for slot in self.slots)

    @property
    def defaulted(self) -> tuple[str, ...]:
        """The topics left to study that have no estimate, and take the default hours."""
        return tuple(s.topic_id for s in self.slots if s.defaulted)


def check_default_hours(hours: float) -> float:
    """``hours`` if it can be the hours of a topic without an estimate, else a UsageError."""
    if not (math.isfinite(hours) and 0 <= hours <= MOST_DEFAULT_HOURS):
        raise UsageError(
            f"--default-hours must be a number of hours from 0 to {MOST_DEFAULT_HOURS:,g}, "
            f"not {hours:g}"
        )
    return hours


def seconds(hours: float) -> int:
    """Hours as whole seconds: 0 for anything below a second (or not a number at all)."""
    if not hours > 0:  # no time, or NaN
        return 0
    return round(min(hours, 1e12) * 3600)  # 1e12 h: more than any calendar holds


def work(topic: Topic, done: Standing, default_hours: float) -> tuple[float, bool, bool]:
    """What a topic still takes: its hours, whether they are the default, whether it shows as
    done, known or skipped (and takes no time)."""
    if done.satisfied(topic.id):
        return 0.0, False, True
    left = hours_left(topic, done)
    if left is None:
        return default_hours, True, False
    return left, False, False


def last_day(start: int, offset: int, length: int, per_week: int) -> tuple[int, int]:
    """The first and last day (ordinals) of ``length`` study seconds after ``offset``, from the
    day ``start``, at ``per_week`` seconds a week (see the module's docstring)."""
    if length:
        return start + offset * 7 // per_week, start + ((offset + length) * 7 - 1) // per_week
    day = start + max(0, (offset * 7 - 1) // per_week)
    return day, day


def schedule(
    plan: Plan,
    done: Standing,
    pace: Pace,
    start: date,
    default_hours: float = DEFAULT_HOURS,
) -> Schedule:
    """The plan laid out at ``pace`` from ``start``, with the learner's progress ``done``.

    A :class:`UsageError` when the schedule would run past the last day a calendar holds
    (year 9999), or ``default_hours`` is not a number of hours.
    """
    check_default_hours(default_hours)
    per_week = pace.seconds_per_week
    first_day = start.toordinal()
    slots: list[Slot] = []
    stage_ends: dict[int, int] = {}
    days: dict[int, date] = {}  # neighbouring topics share their days: build each date once
    offset = 0
    with gc_paused():  # many small objects, no cycles: see studypath.gcpause
        fresh = not (done.topics or done.resources or done.skipped)  # nothing recorded
        for step in plan.steps:
            topic = step.topic
            if fresh:  # what work() gives when nothing is recorded, without asking progress
                estimated = topic.estimated_hours
                hours, defaulted, is_done = (
                    (default_hours, True, False) if estimated is None else (estimated, False, False)
                )
            else:
                hours, defaulted, is_done = work(topic, done, default_hours)
            length = seconds(hours)
            begin, end = last_day(first_day, offset, length, per_week)
            if end > _LAST_DAY:
                raise _too_far(pace, offset + length)
            begin_date = days.get(begin) or days.setdefault(begin, date.fromordinal(begin))
            end_date = days.get(end) or days.setdefault(end, date.fromordinal(end))
            slots.append(Slot(topic.id, begin_date, end_date, hours, defaulted, is_done))
            if not is_done:
                stage_ends[step.stage] = end
            offset += length
    stage_finish = {stage: days[end] for stage, end in stage_ends.items()}
    finish = max(stage_finish.values()) if stage_finish else None
    return Schedule(pace, start, finish, default_hours, tuple(slots), stage_finish)


def _too_far(pace: Pace, total: int) -> UsageError:
    return UsageError(
        f"at {pace.describe()}, {total / 3600:,.0f} hours of study run past the year 9999: "
        "choose a faster pace"
    )


def total_seconds(plan: Plan, done: Standing, default_hours: float) -> int:
    """The study time the plan still needs, in seconds (defaults included)."""
    return sum(seconds(work(step.topic, done, default_hours)[0]) for step in plan.steps)


def pace_for(
    plan: Plan,
    done: Standing,
    start: date,
    deadline: date,
    default_hours: float = DEFAULT_HOURS,
) -> Pace:
    """The slowest pace, in whole minutes a week, that finishes what the plan still needs on
    or before ``deadline`` (the deadline is a study day). One minute a week when nothing is
    left. A :class:`UsageError` when the deadline is before the start, or no pace can make
    it (more than the 168 hours of a week)."""
    check_default_hours(default_hours)
    if deadline < start:
        raise UsageError(
            f"the deadline {deadline.isoformat()} is before the start {start.isoformat()}"
        )
    days = (deadline - start).days + 1
    needed = total_seconds(plan, done, default_hours)
    minutes = max(1, -(-needed * 7 // (days * 60)))  # ceil(needed * 7 / days), in minutes
    if minutes > WEEK_HOURS * 60:
        raise UsageError(
            f"{needed / 3600:,.1f} hours of study by {deadline.isoformat()} "
            f"({plural(days, 'day')} from {start.isoformat()}) need more than the 168 hours of "
            "a week: choose a later deadline"
        )
    return Pace(minutes / 60)


def week_of(day: date) -> tuple[date, date]:
    """The Monday and the Sunday of the week that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def due_in_week(plan_schedule: Schedule, day: date) -> tuple[Slot, ...]:
    """The topics due in the week (Monday to Sunday) that holds ``day``, in plan order: every
    topic not done whose slot starts by the week's Sunday, so those that run into the week and
    any overdue from before it (in a schedule that started in the past)."""
    _, sunday = week_of(day)
    return tuple(_until(plan_schedule.slots, sunday))


def _until(slots: tuple[Slot, ...], last: date) -> Iterator[Slot]:
    for slot in slots:
        if slot.start > last:
            return  # slots start in order: none after this one is due
        if not slot.done:
            yield slot
