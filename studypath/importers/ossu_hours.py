"""Hours from the OSSU page's Duration and Effort columns, written as free text.

``13 weeks``, ``10-12 weeks``, ``6 months``; ``6-10 hours/week``, ``4\u201312 hours/week``
(an en dash), ``5 hours per week``; ``-`` for unknown. A range counts as its mean, so a course's
estimate is the mean duration in weeks times the mean weekly effort. An effort in hours with no
"per week" is the course's total. Anything else gives no estimate, and says why.
"""

from __future__ import annotations

import math
import re

from ..nodereader import MAX_HOURS

_RANGE = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?")
#: Weeks in one unit of duration.
WEEKS = {"week": 1.0, "wk": 1.0, "month": 52 / 12, "mo": 52 / 12, "day": 1 / 7, "year": 52.0}
_UNIT = re.compile(r"\s*(week|wk|month|mo|day|year)s?\b", re.IGNORECASE)
_PER_WEEK = re.compile(r"(/|\bper\b|\ba\b|\beach\b)\s*(week|wk|w)\b|\bweekly\b", re.IGNORECASE)
_PER_DAY = re.compile(r"(/|\bper\b|\ba\b|\beach\b)\s*day\b|\bdaily\b", re.IGNORECASE)
_HOURS = re.compile(r"\s*(hours?|hrs?|h)\b", re.IGNORECASE)


def mean(text: str) -> tuple[float, int] | None:
    """The mean of the first number or range in a text, and where it ends."""
    found = _RANGE.search(text)
    if found is None:
        return None
    low = float(found.group(1))
    high = float(found.group(2)) if found.group(2) else low
    value = (low + high) / 2
    return (value, found.end()) if math.isfinite(value) else None


def weeks(duration: str) -> float | None:
    """How many weeks a Duration cell says (None: not given, or not in a known unit)."""
    found = mean(duration)
    if found is None:
        return None
    unit = _UNIT.match(duration, found[1])
    return found[0] * WEEKS[unit.group(1).lower()] if unit else None


def effort(text: str) -> tuple[float | None, float | None]:
    """An Effort cell as (hours per week, hours in all); at most one is given."""
    found = mean(text)
    if found is None or not _HOURS.match(text, found[1]):
        return None, None
    if _PER_WEEK.search(text):
        return found[0], None
    if _PER_DAY.search(text):
        return found[0] * 7, None
    return None, found[0]


def hours(duration: str, work: str) -> tuple[float | None, str]:
    """A course's estimate in hours from its Duration and Effort cells, and, when there is
    none, why (else "")."""
    per_week, total = effort(work)
    if total is None:
        length = weeks(duration)
        if per_week is None or length is None:
            what = "duration" if length is None else "weekly effort"
            if length is None and per_week is None:
                what = "duration or weekly effort"
            shown = f"duration `{duration.strip() or '-'}`, effort `{work.strip() or '-'}`"
            return None, f"no hour estimate: no {what} in {shown}"
        total = length * per_week
    value = round(total, 1)
    if not math.isfinite(value) or value > MAX_HOURS:
        return None, f"no hour estimate: {value:g} hours is more than a course takes"
    return value, ""
