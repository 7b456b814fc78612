"""Re-forecasts: ahead, behind or on track against the schedule, and the finish at the pace
the records show, checked by hand at 1 h a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, Topic, plan
from studypath.forecast import WINDOW_DAYS, Forecast, forecast
from studypath.pace import Pace
from studypath.progress import standing
from studypath.schedule import schedule
from studypath.storedoc import Record

from .strategies import graphs_and_records

MONDAY = date(2027, 1, 4)
DAILY = Pace(7)  # 1 h a day: hours and days are the same numbers


def small_graph() -> Graph:
    """Linear algebra (10 h), calculus (a 3 h course and a 2 h book, both required), PCA
    (no estimate: 2 h by default). 17 h in all."""
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
                ),
            ),
            Topic("pca", "PCA", requires=("la", "calc")),
        ],
    )


def on(day: int, item: str, state: str = "done") -> tuple[str, Record]:
    """A record of ``item`` made on day ``day`` of the schedule (MONDAY is day 0), at noon."""
    at = datetime.combine(MONDAY + timedelta(days=day), time(12), tzinfo=UTC)
    return item, Record(item, at, "Small", state)


def check(today: int, *records: tuple[str, Record]) -> Forecast:
    return forecast(plan(small_graph()), dict(records), DAILY, MONDAY, MONDAY + timedelta(today))


def test_ahead_behind_and_on_track() -> None:
    # Day 4: 4 h planned by the start of today, 5 h by its end.
    ahead = check(4, on(3, "la"))  # 10 h done: 5 h past the end of today
    assert (ahead.done_hours, ahead.planned_hours_by_today) == (10.0, 5.0)
    assert (ahead.days_ahead, ahead.words) == (5, "5 days ahead")
    behind = check(4)
    assert (behind.days_ahead, behind.words) == (-4, "4 days behind")
    one = check(1)
    assert one.words == "1 day behind"
    assert check(3, on(2, "calc/course")).words == "on track"  # 3 h on day 3: [3, 4]
    assert check(2, on(2, "calc/course")).words == "on track"  # today's hour done
    assert check(0).words == "on track"  # the first day, nothing done yet
    assert check(1, on(0, "calc/course")).words == "1 day ahead"  # 3 h by the end of day 1


def test_only_whole_days_count() -> None:
    two = Pace(14)  # 2 h a day: on day 2, 4 h planned by its start, 6 h by its end
    records = dict([on(0, "calc/course")])  # 3 h: half a day short of the start of today
    today = MONDAY + timedelta(days=2)
    assert forecast(plan(small_graph()), records, two, MONDAY, today).words == "on track"
    records = dict([on(0, "calc/course"), on(0, "calc/book"), on(0, "pca")])  # 7 h
    early = forecast(plan(small_graph()), records, two, MONDAY, MONDAY)
    assert (early.planned_hours_by_today, early.words) == (2.0, "2 days ahead")  # 2.5 days
    assert forecast(plan(small_graph()), records, two, MONDAY, today).words == "on track"


def test_the_finish_at_the_pace_achieved() -> None:
    result = check(27, on(5, "la"), on(20, "calc/course"))
    assert result.total_hours == 17.0
    assert result.planned_finish == MONDAY + timedelta(days=16)  # 17 h at 1 h a day
    assert (result.window_start, result.window_days) == (MONDAY, 28)
    assert result.achieved_hours_per_week == pytest.approx(13 * 7 / 28)
    # 4 h left (the book, PCA by default) at 13/28 h a day: 8.6 days, the last one day 8.
    assert result.hours_left == 4.0
    assert result.forecast_finish == MONDAY + timedelta(days=27 + 8)
    assert result.days_ahead == -4  # 13 h done of the 17 planned by now


def test_the_window_is_the_last_28_days() -> None:
    assert WINDOW_DAYS == 28
    result = check(60, on(10, "la"), on(50, "calc/course"))
    assert (result.window_start, result.window_days) == (MONDAY + timedelta(days=33), 28)
    assert result.achieved_hours_per_week == pytest.approx(3 * 7 / 28)  # the course only
    assert result.done_hours == 13.0
    shorter = forecast(
        plan(small_graph()),
        dict([on(10, "la"), on(50, "calc/course")]),
        DAILY,
        MONDAY,
        MONDAY + timedelta(60),
        window_days=7,
    )
    assert shorter.achieved_hours_per_week == 0.0 and shorter.forecast_finish is None
    with pytest.raises(ValueError, match="at least a day"):
        forecast(plan(small_graph()), {}, DAILY, MONDAY, MONDAY, window_days=0)


def test_work_done_before_the_start_is_not_in_the_plan() -> None:
    result = check(3, on(-5, "la"))
    assert (result.total_hours, result.done_hours, result.hours_left) == (7.0, 0.0, 7.0)
    assert result.planned_finish == MONDAY + timedelta(days=6)
    assert result.words == "3 days behind"
    assert result.achieved_hours_per_week == 0.0 and result.forecast_finish is None


def test_known_and_skipped_are_no_work_and_started_is_not_done() -> None:
    result = check(1, on(0, "la", "known"), on(0, "pca", "skipped"), on(0, "calc", "started"))
    assert (result.total_hours, result.done_hours) == (5.0, 0.0)
    known_topic = check(1, on(0, "calc", "known"), on(0, "calc/course"))
    assert (known_topic.total_hours, known_topic.done_hours) == (12.0, 0.0)
    skipped_topic = check(1, on(0, "calc", "skipped"), on(0, "calc/course"))
    assert (skipped_topic.total_hours, skipped_topic.done_hours) == (12.0, 0.0)
    known_in_done = check(1, on(0, "calc/course", "known"), on(1, "calc"))
    assert (known_in_done.total_hours, known_in_done.done_hours) == (14.0, 2.0)
    known_resource = check(1, on(0, "calc/course", "known"), on(0, "calc/book"))
    assert known_resource.total_hours == 14.0  # 17 h less the course, known
    assert known_resource.done_hours == 2.0  # the book, done


def test_a_done_topic_dates_what_its_resources_did_not() -> None:
    # The course on day 2, then the topic itself (so the book with it) on day 40.
    result = check(45, on(2, "calc/course"), on(40, "calc"))
    assert result.done_hours == 5.0
    window = result.window_start
    assert window == MONDAY + timedelta(days=18)
    assert result.achieved_hours_per_week == pytest.approx(2 * 7 / 28)  # the book's 2 h
    unestimated = check(10, on(9, "pca"))
    assert unestimated.done_hours == 2.0  # the default


def test_before_the_start_and_when_everything_is_done() -> None:
    early = check(-3, on(-4, "calc/course"))
    assert (early.window_days, early.achieved_hours_per_week) == (0, 0.0)
    assert early.forecast_finish is None and early.words == "on track"
    assert early.planned_hours_by_today == 0.0
    done = check(3, on(1, "la"), on(2, "calc"), on(3, "pca"))
    assert done.hours_left == 0.0 and done.forecast_finish is None
    assert done.words == "13 days ahead"  # 17 h done by the end of day 3, 4 h planned
    assert check(20, on(1, "la"), on(2, "calc"), on(3, "pca")).words == "on track"  # as planned
    late = check(40, on(30, "la"), on(31, "calc"), on(32, "pca"))
    assert late.words == "on track"  # finished: never behind once everything is done


@settings(max_examples=100, deadline=None)
@given(graphs_and_records(), st.integers(min_value=-10, max_value=60), st.data())
def test_the_figures_add_up(
    case: tuple[Graph, dict[str, str]], today: int, data: st.DataObject
) -> None:
    graph, states = case
    days = data.draw(st.lists(st.integers(-20, 60), min_size=len(states), max_size=len(states)))
    records = {
        item: Record(item, datetime.combine(MONDAY + timedelta(d), time(), tzinfo=UTC), "r", s)
        for (item, s), d in zip(states.items(), days, strict=True)
    }
    the_plan = plan(graph)
    result = forecast(the_plan, records, Pace(5), MONDAY, MONDAY + timedelta(today))
    left = schedule(the_plan, standing(graph.topics, records), Pace(5), MONDAY).hours
    assert result.hours_left == pytest.approx(left, abs=1e-3)
    assert result.done_hours + result.hours_left == pytest.approx(result.total_hours, abs=1e-3)
    assert 0 <= result.planned_hours_by_today <= result.total_hours + 1e-9
    assert result.window_days <= WINDOW_DAYS
    if result.days_ahead > 0:
        assert result.done_hours > result.planned_hours_by_today
    if result.days_ahead < 0:
        assert result.done_hours < result.planned_hours_by_today
    if result.forecast_finish is not None:
        assert result.forecast_finish >= MONDAY + timedelta(today)
