"""Pace and day parsing: every form the docstring promises, a clear error for anything else."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studypath.errors import UsageError
from studypath.pace import Pace, parse_day, parse_pace, today


@pytest.mark.parametrize(
    ("text", "hours_per_week"),
    [
        ("6h/week", 6.0),
        ("6 h/week", 6.0),
        ("6 H / Week", 6.0),
        ("1h/day", 7.0),
        ("45m/day", 5.25),
        ("1.5h/day", 10.5),
        ("90m/week", 1.5),
        ("90 min/week", 1.5),
        ("10h/wk", 10.0),
        ("10hrs/w", 10.0),
        (".5 hours/d", 3.5),
        ("2 hours per day", 14.0),
        ("30 minutes per week", 0.5),
        ("  6h/week  ", 6.0),
        ("24h/day", 168.0),
        ("1m/week", 1 / 60),
    ],
)
def test_paces_read(text: str, hours_per_week: float) -> None:
    assert parse_pace(text).hours_per_week == pytest.approx(hours_per_week)


@pytest.mark.parametrize(
    "text",
    ["", "6", "6h", "6/week", "h/week", "6h/month", "6 months/week", "6h/week!", "-1h/day",
     "1e3h/week", "6,5h/week", "6h perweek", "\u0666h/week", "6h//week"],
)  # fmt: skip
def test_other_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(UsageError, match=r"--pace takes hours or minutes per day or per week"):
        parse_pace(text)


def test_impossible_paces_say_why() -> None:
    with pytest.raises(UsageError, match="more than nothing"):
        parse_pace("0h/week")
    with pytest.raises(UsageError, match="a week holds 168 hours, a day 24"):
        parse_pace("25h/day")
    with pytest.raises(UsageError, match="too slow"):
        parse_pace("0.5m/week")
    with pytest.raises(UsageError, match="from 1 minute to 168 hours a week"):
        Pace(float("nan"))
    with pytest.raises(UsageError, match="not -1 h/week"):
        Pace(-1.0)


def test_the_message_names_the_option_and_escapes_the_text() -> None:
    with pytest.raises(UsageError) as info:
        parse_pace("six\x1b[31m hours", what="--speed")
    assert str(info.value).startswith("--speed takes")
    assert "\x1b" not in str(info.value) and "\\x1b" in str(info.value)
    with pytest.raises(UsageError) as info:
        parse_pace("x" * 500)
    assert len(str(info.value)) < 200


@pytest.mark.parametrize(
    ("hours", "words"),
    [(6.0, "6 h/week"), (5.25, "5.25 h/week"), (7 / 3, "2.33 h/week"), (1 / 60, "1 min/week")],
)
def test_describe(hours: float, words: str) -> None:
    assert Pace(hours).describe() == words


def test_seconds_are_exact_for_minute_paces() -> None:
    assert parse_pace("20m/day").seconds_per_week == 20 * 60 * 7
    assert parse_pace("45m/day").seconds_per_week == 45 * 60 * 7
    assert Pace(6).hours_per_day == pytest.approx(6 / 7)


@given(st.integers(min_value=1, max_value=24 * 60), st.sampled_from(["day", "week"]))
def test_any_whole_minutes_read_back(minutes: int, period: str) -> None:
    pace = parse_pace(f"{minutes}m/{period}")
    assert pace.seconds_per_week == minutes * 60 * (7 if period == "day" else 1)
    assert parse_pace(pace.describe()).hours_per_week == pytest.approx(
        pace.hours_per_week, abs=0.005
    )


def test_days() -> None:
    assert parse_day("2027-01-04", "--start") == date(2027, 1, 4)
    assert parse_day(" 2024-02-29 ", "--start") == date(2024, 2, 29)
    for text in ("2027-1-4", "20270104", "2027-W01-1", "2027-01-04T10:00", "tomorrow", ""):
        with pytest.raises(UsageError, match=r"--deadline takes a day as YYYY-MM-DD"):
            parse_day(text, "--deadline")
    with pytest.raises(UsageError, match="not a day of the calendar"):
        parse_day("2027-02-29", "--start")


def test_today_is_the_utc_day_of_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_799_020_799))  # 2027-01-03 23:59:59 UTC
    assert today() == date(2027, 1, 3)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_799_020_800))
    assert today() == date(2027, 1, 4)


def test_a_pace_under_an_hour_a_week_is_described_in_minutes() -> None:
    assert parse_pace("1m/week").describe() == "1 min/week"
    assert parse_pace("45m/week").describe() == "45 min/week"
    assert parse_pace("1h/week").describe() == "1 h/week"
