"""Schedules: the date rule checked by hand, progress taking no time, deadlines, the week's
due topics, and properties over random graphs and progress."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, Topic, plan
from studypath.errors import UsageError
from studypath.pace import Pace, parse_pace
from studypath.progress import Standing, standing
from studypath.schedule import (
    DEFAULT_HOURS,
    Schedule,
    Slot,
    due_in_week,
    pace_for,
    schedule,
    week_of,
    work,
)

from .strategies import graphs_and_records

MONDAY = date(2027, 1, 4)
NOTHING = Standing(frozenset(), frozenset())


def small_graph() -> Graph:
    """Three stages: linear algebra (10 h of its own), calculus (3 + 2 h of required
    resources, and an optional one of 4 h), PCA (no estimate)."""
    return Graph(
        "Small",
        [
            Topic("la", "Linear Algebra", hours=10.0),
            Topic(
                "calc",
                "Calculus",
                requires=("la",),
                resources=(
                    Resource("calc", "course", "Course", hours=3.0),
                    Resource("calc", "book", "Book", hours=2.0),
                    Resource("calc", "extra", "Extra", hours=4.0, optional=True),
                ),
            ),
            Topic("pca", "PCA", requires=("la", "calc")),
        ],
    )


def days(*pairs: tuple[str, str]) -> list[tuple[date, date]]:
    return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in pairs]


def spans(result: Schedule) -> list[tuple[date, date]]:
    return [(s.start, s.finish) for s in result.slots]


def test_a_plan_at_5_hours_a_week_checked_by_hand() -> None:
    # 5 h/week is 5/7 h a day. Linear algebra: hours [0, 10), 14 days (Jan 4-17). Calculus:
    # [10, 15), days 14 to ceil(15*7/5)-1 = 20 (Jan 18-24). PCA, by default 2 h: [15, 17),
    # days 21 to ceil(17*7/5)-1 = 23 (Jan 25-27). 17 h / 5 h a week = 23.8 days: day 23.
    result = schedule(plan(small_graph(), ["pca"]), NOTHING, parse_pace("5h/week"), MONDAY)
    assert [s.topic_id for s in result.slots] == ["la", "calc", "pca"]
    assert spans(result) == days(
        ("2027-01-04", "2027-01-17"), ("2027-01-18", "2027-01-24"), ("2027-01-25", "2027-01-27")
    )
    assert [s.hours for s in result.slots] == [10.0, 5.0, DEFAULT_HOURS]
    assert [s.defaulted for s in result.slots] == [False, False, True]
    assert result.finish == date(2027, 1, 27)
    assert result.stage_finish == {
        1: date(2027, 1, 17), 2: date(2027, 1, 24), 3: date(2027, 1, 27)
    }  # fmt: skip
    assert result.hours == 17.0
    assert result.defaulted == ("pca",)
    assert result.default_hours == DEFAULT_HOURS
    assert result.start == MONDAY and result.pace == Pace(5.0)
    assert result.slot("calc") == result.slots[1]
    assert result.slot("nope") is None


def test_the_default_hours_are_the_callers() -> None:
    result = schedule(plan(small_graph()), NOTHING, Pace(7), MONDAY, default_hours=7.0)
    # 1 h a day: 10 days, 5 days, 7 days.
    assert spans(result)[2] == days(("2027-01-19", "2027-01-25"))[0]
    assert result.finish == date(2027, 1, 25)
    for bad in (-1.0, math.nan, math.inf, 1e6):
        with pytest.raises(UsageError, match="--default-hours must be a number of hours"):
            schedule(plan(small_graph()), NOTHING, Pace(7), MONDAY, default_hours=bad)


def test_done_known_and_skipped_work_takes_no_time() -> None:
    graph = small_graph()
    the_plan = plan(graph)
    records = {"la": "known", "calc/course": "done", "pca": "skipped"}
    result = schedule(the_plan, standing(graph.topics, records), Pace(7), MONDAY)
    la, calc, pca = result.slots
    assert (la.hours, la.done, la.start, la.finish) == (0.0, True, MONDAY, MONDAY)
    # Calculus has 2 h left (its book): two days at 1 h a day, from the start.
    assert (calc.hours, calc.done) == (2.0, False)
    assert (calc.start, calc.finish) == (MONDAY, MONDAY + timedelta(days=1))
    assert pca.done and pca.hours == 0.0 and not pca.defaulted
    assert result.finish == calc.finish
    assert result.stage_finish == {2: calc.finish}  # stages 1 and 3 have nothing left
    every = {"la": "done", "calc": "done", "pca": "done"}
    empty = schedule(the_plan, standing(graph.topics, every), Pace(7), MONDAY)
    assert empty.finish is None and empty.stage_finish == {} and empty.hours == 0


def test_topics_that_take_no_time_sit_on_the_day_the_time_before_them_ends() -> None:
    graph = Graph(
        "Zero",
        [
            Topic("a", "A", hours=0.0),
            Topic("b", "B", hours=1.0),  # exactly one day at 7 h/week
            Topic("c", "C", hours=0.0),
            Topic("d", "D", hours=0.5),
            Topic("e", "E", hours=0.0),
        ],
    )
    result = schedule(plan(graph), NOTHING, Pace(7), MONDAY)
    starts = [(s.start - MONDAY).days for s in result.slots]
    finishes = [(s.finish - MONDAY).days for s in result.slots]
    assert starts == [0, 0, 0, 1, 1]
    assert finishes == [0, 0, 0, 1, 1]
    assert not any(s.done for s in result.slots)  # no time, but still to do
    assert result.finish == MONDAY + timedelta(days=1)


def test_the_same_input_gives_the_same_schedule() -> None:
    graph = small_graph()
    first = schedule(plan(graph), NOTHING, Pace(5), MONDAY)
    assert schedule(plan(graph), NOTHING, Pace(5), MONDAY) == first


def test_fractions_of_hours_never_drift() -> None:
    # 30 topics of 0.1 h at 3 h/week = 3/7 h a day: 3 h in exactly 7 days, never 8.
    graph = Graph("Tenths", [Topic(f"t{i}", f"T{i}", hours=0.1) for i in range(30)])
    result = schedule(plan(graph), NOTHING, Pace(3), MONDAY)
    assert result.finish == MONDAY + timedelta(days=6)
    # 45 minutes a day: a 5.25 h topic takes exactly a week.
    one = Graph("One", [Topic("a", "A", hours=5.25), Topic("b", "B", hours=0.75)])
    week = schedule(plan(one), NOTHING, parse_pace("45m/day"), MONDAY)
    assert spans(week) == [(MONDAY, MONDAY + timedelta(days=6))] * 1 + [
        (MONDAY + timedelta(days=7), MONDAY + timedelta(days=7))
    ]


def test_a_schedule_past_the_calendar_is_a_usage_error() -> None:
    graph = Graph("Huge", [Topic("a", "A", hours=1e9)])
    with pytest.raises(UsageError, match="run past the year 9999: choose a faster pace"):
        schedule(plan(graph), NOTHING, Pace(1), MONDAY)
    broken = Graph("Broken", [Topic("a", "A", hours=math.inf), Topic("b", "B", hours=math.nan)])
    with pytest.raises(UsageError, match="past the year 9999"):
        schedule(plan(broken), NOTHING, Pace(1), MONDAY)
    nan_only = Graph("NaN", [Topic("b", "B", hours=math.nan)])
    assert schedule(plan(nan_only), NOTHING, Pace(1), MONDAY).slots[0].start == MONDAY


# -- deadlines ----------------------------------------------------------------------------------


def test_a_deadline_gives_the_slowest_pace_that_meets_it() -> None:
    the_plan = plan(small_graph())  # 17 h with the default
    deadline = MONDAY + timedelta(days=16)  # 17 days, deadline included
    pace = pace_for(the_plan, NOTHING, MONDAY, deadline)
    assert pace.seconds_per_week == math.ceil(17 * 7 / 17 * 60) * 60  # 7 h/week, to the minute
    assert schedule(the_plan, NOTHING, pace, MONDAY).finish == deadline
    slower = Pace(pace.hours_per_week - 1 / 60)
    assert schedule(the_plan, NOTHING, slower, MONDAY).finish == deadline + timedelta(days=1)


def test_deadline_errors() -> None:
    the_plan = plan(small_graph())
    one_day = pace_for(the_plan, NOTHING, MONDAY, MONDAY)  # the deadline is a study day
    assert schedule(the_plan, NOTHING, one_day, MONDAY).finish == MONDAY
    with pytest.raises(UsageError, match="the deadline 2027-01-01 is before the start 2027-01-04"):
        pace_for(the_plan, NOTHING, MONDAY, MONDAY - timedelta(days=3))
    huge = Graph("Huge", [Topic("a", "A", hours=500.0)])
    with pytest.raises(UsageError, match="more than the 168 hours of a week"):
        pace_for(plan(huge), NOTHING, MONDAY, MONDAY + timedelta(days=6))
    three_weeks = pace_for(plan(huge), NOTHING, MONDAY, MONDAY + timedelta(days=20))
    assert three_weeks.seconds_per_week == 500 * 3600 // 3


def test_nothing_left_needs_the_slowest_pace() -> None:
    graph = small_graph()
    done = standing(graph.topics, ["la", "calc", "pca"])
    assert pace_for(plan(graph), done, MONDAY, MONDAY + timedelta(days=1)) == Pace(1 / 60)


@given(
    st.lists(st.integers(min_value=0, max_value=40 * 4), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=400),
)
def test_the_deadline_pace_always_meets_the_deadline(quarters: list[int], span: int) -> None:
    graph = Graph("Q", [Topic(f"t{i}", f"T{i}", hours=q / 4) for i, q in enumerate(quarters)])
    deadline = MONDAY + timedelta(days=span)
    try:
        pace = pace_for(plan(graph), NOTHING, MONDAY, deadline)
    except UsageError:
        assert sum(quarters) / 4 * 7 / (span + 1) > 168
        return
    finish = schedule(plan(graph), NOTHING, pace, MONDAY).finish
    assert finish is None or finish <= deadline
    if pace.seconds_per_week > 60:  # a minute a week slower misses it (unless at the slowest)
        slower = Pace((pace.seconds_per_week - 60) / 3600)
        late = schedule(plan(graph), NOTHING, slower, MONDAY).finish
        assert late is not None and late > deadline


# -- the week's topics --------------------------------------------------------------------------


def test_what_is_due_in_a_week() -> None:
    result = schedule(plan(small_graph()), NOTHING, Pace(5), MONDAY)  # Jan 4-17, 18-24, 25-27
    assert week_of(date(2027, 1, 6)) == (MONDAY, date(2027, 1, 10))
    assert week_of(date(2027, 1, 10)) == (MONDAY, date(2027, 1, 10))
    assert [s.topic_id for s in due_in_week(result, date(2027, 1, 6))] == ["la"]
    assert [s.topic_id for s in due_in_week(result, date(2027, 1, 17))] == ["la"]
    assert [s.topic_id for s in due_in_week(result, date(2027, 1, 18))] == ["la", "calc"]
    assert [s.topic_id for s in due_in_week(result, date(2027, 2, 1))] == ["la", "calc", "pca"]
    assert due_in_week(result, date(2026, 12, 31)) == ()


def test_done_topics_are_never_due() -> None:
    graph = small_graph()
    done = standing(graph.topics, {"la": "done"})
    result = schedule(plan(graph), done, Pace(5), MONDAY)
    assert [s.topic_id for s in due_in_week(result, MONDAY)] == ["calc"]


# -- properties ---------------------------------------------------------------------------------


def _check(result: Schedule, the_plan_ids: tuple[str, ...], per_week: int) -> None:
    slots = result.slots
    assert tuple(s.topic_id for s in slots) == the_plan_ids
    lengths = [round(s.hours * 3600) if s.hours > 0 else 0 for s in slots]
    offset = 0
    for slot, length in zip(slots, lengths, strict=True):
        assert slot.finish >= slot.start
        first = (slot.start - result.start).days
        last = (slot.finish - result.start).days
        if length:  # its seconds [offset, offset + length) fall on exactly these days
            assert first * per_week <= offset * 7 < (first + 1) * per_week
            assert last * per_week < (offset + length) * 7 <= (last + 1) * per_week
        offset += length
    timed = [s for s, length in zip(slots, lengths, strict=True) if length]
    for before, after in itertools.pairwise(timed):  # contiguous, never overlapping days
        assert after.start - before.finish in (timedelta(0), timedelta(days=1))
    for before, after in itertools.pairwise(slots):
        assert after.start >= before.start
    if any(not s.done for s in slots):
        days_needed = -(-offset * 7 // per_week)  # total / pace, in days, rounded up
        assert result.finish == result.start + timedelta(days=max(0, days_needed - 1))
    else:
        assert result.finish is None


@settings(max_examples=150, deadline=None)
@given(graphs_and_records(), st.integers(min_value=1, max_value=168 * 60), st.booleans())
def test_slots_follow_the_plan_and_the_date_rule(
    case: tuple[Graph, dict[str, str]], minutes: int, partial: bool
) -> None:
    graph, records = case
    the_plan = plan(graph)
    done = standing(graph.topics, records if partial else {})
    pace = Pace(minutes / 60)
    result = schedule(the_plan, done, pace, MONDAY)
    _check(result, the_plan.topic_ids, pace.seconds_per_week)
    expected = sum(work(t, done, DEFAULT_HOURS)[0] for t in the_plan.topics)
    assert result.hours == pytest.approx(expected)


@settings(max_examples=150, deadline=None)
@given(graphs_and_records(states=("done", "known", "skipped", "started")), st.data())
def test_more_progress_never_moves_the_finish_later(
    case: tuple[Graph, dict[str, str]], data: st.DataObject
) -> None:
    graph, records = case
    the_plan = plan(graph)
    kept = data.draw(st.sets(st.sampled_from(sorted(records)))) if records else set()
    fewer = {item: state for item, state in records.items() if item not in kept}
    # Progress added: the records in ``kept``, each done, known or skipped (never "started",
    # which is no progress, and never taking a done record back).
    more = {**fewer, **{i: s for i, s in records.items() if i in kept and s != "started"}}
    pace = Pace(3)
    before = schedule(the_plan, standing(graph.topics, fewer), pace, MONDAY)
    after = schedule(the_plan, standing(graph.topics, more), pace, MONDAY)
    if after.finish is not None:
        assert before.finish is not None and after.finish <= before.finish
    assert after.hours <= before.hours + 1e-9


def test_slot_is_plain_frozen_data() -> None:
    slot = Slot("a", MONDAY, MONDAY, 1.0)
    with pytest.raises(AttributeError):
        slot.hours = 2.0  # type: ignore[misc]
    assert slot == Slot("a", MONDAY, MONDAY, 1.0, defaulted=False, done=False)
