"""A study pace and a day, as the command line gives them: ``--pace 6h/week``, ``--start
2027-01-04``.

A pace is an amount of time per day or per week. The amount is a number (``6``, ``1.5``,
``.5``) with a unit: ``h``, ``hr``, ``hrs``, ``hour``, ``hours``, or ``m``, ``min``, ``mins``,
``minute``, ``minutes``; the period is ``day`` (``d``) or ``week`` (``wk``, ``w``), after a
slash or the word ``per``. Spaces between the parts and upper case are fine: ``6h/week``, ``6
h/week``, ``1.5h/day``, ``45m/day``, ``90 min/week``, ``10h/wk``, ``2 hours per day``. Every
pace is kept as hours per week (a day is a seventh of a week), from one minute a week to the
168 hours a week holds.

A day is written ``YYYY-MM-DD`` and nothing else (no week dates, no times). Today is the day
in UTC, as records are stamped (:func:`today`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from .errors import UsageError
from .files import now
from .words import visible

#: The hours a week holds: no pace can be faster.
WEEK_HOURS = 168.0
#: The slowest pace: one minute a week.
SLOWEST = 1 / 60

_PACE = re.compile(
    r"(?P<amount>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*"
    r"(?P<unit>h|hrs?|hours?|m|mins?|minutes?)\s*"
    r"(?:/|per\b)\s*"
    r"(?P<period>d|days?|w|wk|weeks?)",
    re.IGNORECASE,
)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: What an error message shows of the text given, at most.
_SHOWN = 40


@dataclass(frozen=True)
class Pace:
    """How much time a week goes to study, in hours (a :class:`UsageError` unless it is from
    one minute to 168 hours)."""

    hours_per_week: float

    def __post_init__(self) -> None:
        hours = self.hours_per_week
        if not (math.isfinite(hours) and SLOWEST - 1e-9 <= hours <= WEEK_HOURS):
            raise UsageError(
                f"a pace must be from 1 minute to {WEEK_HOURS:g} hours a week, "
                f"not {_number(hours)} h/week"
            )

    @property
    def hours_per_day(self) -> float:
        return self.hours_per_week / 7

    @property
    def seconds_per_week(self) -> int:
        """The pace in whole seconds a week: what schedules count with, exactly."""
        return max(1, round(self.hours_per_week * 3600))

    def describe(self) -> str:
        """``6 h/week``, ``5.25 h/week``, ``2.33 h/week``: at most two decimals; under an hour a
        week, in minutes (``45 min/week``)."""
        if self.hours_per_week < 1:
            return f"{_number(self.hours_per_week * 60)} min/week"
        return f"{_number(self.hours_per_week)} h/week"


def parse_pace(text: str, what: str = "--pace") -> Pace:
    """The pace ``text`` gives (see the module's docstring), or a :class:`UsageError` saying
    what ``what`` (the option) takes."""
    found = _PACE.fullmatch(text.strip())
    if found is None:
        raise UsageError(
            f"{what} takes hours or minutes per day or per week, such as 6h/week, 1h/day, "
            f"45m/day or 1.5 hours per day; not {_shown(text)}"
        )
    amount = float(found["amount"])
    if found["unit"].lower().startswith("m"):
        amount /= 60
    if found["period"].lower().startswith("d"):
        amount *= 7
    if amount == 0:
        raise UsageError(f"{what} must be more than nothing: {_shown(text)} studies nothing")
    if amount > WEEK_HOURS + 1e-9:
        raise UsageError(
            f"{what} {_shown(text)} is more time than there is: a week holds 168 hours, a day 24"
        )
    if amount < SLOWEST - 1e-9:
        raise UsageError(f"{what} {_shown(text)} is too slow: the slowest pace is 1m/week")
    return Pace(amount)


def parse_day(text: str, what: str) -> date:
    """The day ``text`` names, as ``YYYY-MM-DD``; a :class:`UsageError` naming ``what`` (the
    option, such as ``--start``) otherwise."""
    text = text.strip()
    if _DAY.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{what}: {_shown(text)} is not a day of the calendar") from None
    raise UsageError(f"{what} takes a day as YYYY-MM-DD, such as 2027-01-04; not {_shown(text)}")


#: ``--default-hours``: a plain decimal number.
_HOURS = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?")


def parse_hours(text: str | None) -> float:
    """The hours a topic without an estimate takes in a schedule (``--default-hours``; the
    default when None), or a :class:`UsageError`."""
    from .schedule import DEFAULT_HOURS, check_default_hours

    if text is None:
        return DEFAULT_HOURS
    if not _HOURS.fullmatch(text.strip()):
        raise UsageError(
            f"--default-hours takes a number of hours, such as 2 or 1.5; not {_shown(text)}"
        )
    return check_default_hours(float(text))


def today() -> date:
    """The day it is where the learner is (``$SOURCE_DATE_EPOCH`` fixes the moment: see
    :func:`studypath.files.now`): the default ``--start``, and ``today`` for a forecast."""
    return now().astimezone().date()


def _number(value: float) -> str:
    """``6``, ``5.25``, ``2.33``: a number with at most two decimals, none trailing."""
    if not math.isfinite(value):
        return str(value)
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _shown(text: str) -> str:
    """What the user gave, for a message: quoted, unseen characters escaped, cut short."""
    text = visible(text)
    return f"`{text}`" if len(text) <= _SHOWN else f"`{text[: _SHOWN - 1]}…`"
