"""Re-forecast a schedule: how far ahead or behind the learner is, and when the plan will be
finished at the pace actually achieved.

Work is counted in hours, with the estimates the schedule uses (:mod:`studypath.schedule`:
hours left, a default for a topic without an estimate). Known and skipped topics (and known
resources) are no work at all. Each hour of done work is dated by the record that did it: a
required resource's hours by the resource's own ``done`` record; what else a done topic holds
(its own estimate, the default, resources done only through the topic) by the topic's own
``done`` record.

- *Planned by today*: the work of the plan as it stood at ``start`` (what is left now, plus
  what was done since ``start``), laid out at ``pace`` from ``start``: the hours that fall by
  the end of ``today``.
- *Done*: the hours done since ``start`` (records dated before it were done before the plan).
- *On track* while the done hours lie between what was planned by the start of today and by
  its end; else ``N days ahead`` (whole days of study at the pace beyond the end of today) or
  ``N days behind`` (whole days short of the start of today).
- *Achieved pace*: the hours done over the last :data:`WINDOW_DAYS` days up to ``today``
  (or since ``start``, when that is later), per week. The forecast finish lays what is left
  out at that pace from ``today`` (None when nothing is left, no work was done in the window,
  or the finish would be past year 9999).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .progress import estimate, standing
from .schedule import DEFAULT_HOURS, check_default_hours, last_day, seconds, work
from .words import plural

if TYPE_CHECKING:
    from .model import Topic
    from .pace import Pace
    from .planner import Plan
    from .progress import Standing
    from .storedoc import Record

#: The days over which the achieved pace is measured, up to today.
WINDOW_DAYS = 28


@dataclass(frozen=True)
class Forecast:
    """A schedule against the learner's progress (see the module's docstring).

    ``days_ahead`` is negative when behind, and ``words`` says it: ``on track``, ``3 days
    ahead``, ``1 day behind``. ``planned_finish`` is the finish of the plan as it stood at the
    start; ``forecast_finish`` the finish at ``achieved_hours_per_week`` from today. The pace
    was measured over ``window_days`` days from ``window_start`` (0 days when today is before
    the start)."""

    planned_hours_by_today: float
    done_hours: float
    total_hours: float
    hours_left: float
    days_ahead: int
    words: str
    planned_finish: date | None
    achieved_hours_per_week: float
    forecast_finish: date | None
    window_start: date
    window_days: int


def forecast(
    plan: Plan,
    records: Mapping[str, Record],
    pace: Pace,
    start: date,
    today: date,
    default_hours: float = DEFAULT_HOURS,
    window_days: int = WINDOW_DAYS,
) -> Forecast:
    """Compare the schedule of ``plan`` at ``pace`` from ``start`` with the learner's
    ``records`` (item id -> record, as the store loads them) on ``today``."""
    check_default_hours(default_hours)
    if window_days < 1:
        raise ValueError("the window holds at least a day")
    done = standing(plan.topics, records)
    first = max(start, today - timedelta(days=window_days - 1))
    window = max(0, (today - first).days + 1)
    left = since = before = in_window = 0
    for step in plan.steps:
        topic = step.topic
        if topic.id in done.known or topic.id in done.skipped:
            continue
        left += seconds(work(topic, done, default_hours)[0])
        for day, length in _done_work(topic, done, records, default_hours):
            if day < start:
                before += length
                continue
            since += length
            in_window += length if day >= first else 0
    total = left + since  # what the plan held at the start
    per_week = pace.seconds_per_week
    elapsed = (today - start).days
    low = min(total, max(0, elapsed) * per_week / 7)
    high = min(total, max(0, elapsed + 1) * per_week / 7)
    per_day = per_week / 7
    if since > high:
        ahead = math.floor((since - high) / per_day + 1e-9)
    elif since < low:
        ahead = -math.floor((low - since) / per_day + 1e-9)
    else:
        ahead = 0
    return Forecast(
        planned_hours_by_today=high / 3600,
        done_hours=since / 3600,
        total_hours=total / 3600,
        hours_left=left / 3600,
        days_ahead=ahead,
        words=_words(ahead),
        planned_finish=_finish(start, total, per_week),
        achieved_hours_per_week=in_window * 7 / window / 3600 if window else 0.0,
        forecast_finish=_finish(today, left * window, in_window * 7) if in_window else None,
        window_start=first,
        window_days=window,
    )


def _words(ahead: int) -> str:
    if ahead == 0:
        return "on track"
    return f"{plural(abs(ahead), 'day')} {'ahead' if ahead > 0 else 'behind'}"


def _finish(start: date, length: int, per_week: int) -> date | None:
    """The day the last of ``length`` seconds falls on, from ``start`` at ``per_week`` (the
    units cancel out: any two amounts in the same ratio give the same day)."""
    if not length:
        return None
    _, end = last_day(start.toordinal(), 0, length, per_week)
    return date.fromordinal(end) if end <= date.max.toordinal() else None


def _done_work(
    topic: Topic, done: Standing, records: Mapping[str, Record], default_hours: float
) -> list[tuple[date, int]]:
    """The done work of a topic (neither known nor skipped), in seconds, each with the day of
    the record that did it: resources' hours on their own records' days, the rest of a done
    topic on its own record's day (when it has one)."""
    out: list[tuple[date, int]] = []
    counted = 0
    for resource in topic.required_resources:
        record = records.get(resource.full_id)
        if record is None or record.state != "done" or resource.full_id not in done.resources:
            continue
        length = seconds(resource.hours or 0.0)
        if length:
            out.append((record.at.date(), length))
            counted += length
    own = records.get(topic.id)
    if own is not None and own.state == "done" and topic.id in done.topics:
        whole = estimate(topic, done)
        length = seconds(default_hours if whole is None else whole) - _known_seconds(topic, done)
        if length > counted:
            out.append((own.at.date(), length - counted))
    return out


def _known_seconds(topic: Topic, done: Standing) -> int:
    """The estimated hours of a topic's required resources that show as known (not work)."""
    return sum(seconds(r.hours or 0.0) for r in topic.required_resources if r.full_id in done.known)
