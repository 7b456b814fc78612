"""Schedules on the command line: ``--pace``, ``--deadline``, ``--start`` and
``--default-hours`` on plan, next, status and export, and kept with ``goal add``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from .conftest import Run


def at(day: str, hour: int = 12) -> dict[str, str]:
    """The environment that makes studypath's clock say ``day`` at ``hour`` UTC."""
    moment = datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)
    return {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


#: The PCA plan's hours on the bundled graph, in plan order, worked out by hand from
#: data/math-for-ml.yaml: each module's stated hours, and 2 h (the default) for the two topics
#: without an estimate (python-numpy, linear-algebra); the courses' own topics take 0 h.
PCA_HOURS = {
    "la-introduction": 2, "calc-derivatives": 4, "python-numpy": 2, "la-vectors": 2,
    "la-matrices": 3, "la-linear-mappings": 7, "calc-multivariate": 3, "pca-statistics": 5,
    "la-eigenvalues": 8, "calc-chain-rule": 2, "pca-inner-products": 4, "linear-algebra": 2,
    "calc-taylor-series": 4, "pca-projections": 4, "calc-optimisation": 4, "calc-regression": 4,
    "pca-derivation": 7, "multivariate-calculus": 0, "pca": 0,
}  # fmt: skip


def test_a_pca_plan_at_5_hours_a_week_finishes_on_the_day_worked_out_by_hand(run: Run) -> None:
    assert sum(PCA_HOURS.values()) == 67
    # 67 h at 5 h a week is 67 / 5 * 7 = 93.8 days: the last hour falls on day 93 after the
    # start (day 0), 2027-01-04 + 93 days = 2027-04-07.
    assert date(2027, 1, 4) + timedelta(days=93) == date(2027, 4, 7)
    result = run("plan", "pca", "--pace", "5h/week", "--start", "2027-01-04", env=at("2026-12-01"))
    assert result.exit_code == 0, result.output
    assert "5 h/week from 2027-01-04 · finish 2027-04-07" in result.stdout
    assert "2 topics without an estimate, at 2 h each" in " ".join(result.stdout.split())
    # The first topic: 2 h at 5/7 h a day is 2.8 days, Monday to Wednesday.
    assert "2027-01-04 → 2027-01-06" in result.stdout
    document = json.loads(
        run("plan", "pca", "--json", "--pace", "5h/week", "--start", "2027-01-04").stdout
    )
    assert document["schedule"] == {
        "pace_hours_per_week": 5.0, "start": "2027-01-04", "finish": "2027-04-07",
        "default_hours": 2.0,
    }  # fmt: skip
    topics = document["topics"]
    assert [t["id"] for t in topics] == list(PCA_HOURS)
    assert topics[0]["start"] == "2027-01-04"
    assert topics[-1]["finish"] == "2027-04-07"
    # The same hours, day by day: each topic starts on the day the hours before it end.
    offset = 0
    for topic in topics:
        first = date(2027, 1, 4) + timedelta(days=offset * 7 // 5)
        assert topic["start"] == first.isoformat(), topic["id"]
        offset += PCA_HOURS[topic["id"]]


def test_without_a_pace_a_plan_shows_no_dates(run: Run) -> None:
    result = run("plan", "pca")
    assert "→" not in result.stdout
    assert "h/week" not in result.stdout
    assert "schedule" not in json.loads(run("plan", "pca", "--json").stdout)


def test_a_deadline_works_out_the_pace_and_finishes_on_time(run: Run) -> None:
    env = at("2027-01-04")
    result = run("plan", "pca", "--deadline", "2027-03-31", env=env)
    assert result.exit_code == 0, result.output
    assert "to finish by 2027-03-31:" in result.stdout
    document = json.loads(run("plan", "pca", "--json", "--deadline", "2027-03-31", env=env).stdout)
    assert document["schedule"]["finish"] <= "2027-03-31"
    # 67 h over the 87 days to the deadline (both included) is 5.39 h a week: no slower pace.
    assert document["schedule"]["pace_hours_per_week"] == pytest.approx(67 * 7 / 87, abs=0.02)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--pace", "5 hours"], "--pace takes hours or minutes per day or per week"),
        (["--pace", "5h/week", "--deadline", "2027-05-01"], "not both"),
        (["--deadline", "2027-02-30"], "not a day of the calendar"),
        (["--pace", "1h/day", "--start", "tomorrow"], "--start takes a day as YYYY-MM-DD"),
        (["--pace", "1h/day", "--default-hours", "lots"], "--default-hours takes a number"),
        (["--deadline", "2020-01-01", "--start", "2020-01-02"], "is before the start"),
        (["--start", "2027-01-04"], "--start and --default-hours go with --pace or --deadline"),
    ],
)
def test_a_bad_schedule_is_a_usage_error(run: Run, options: list[str], message: str) -> None:
    for command in ("plan", "next", "status", "export"):
        result = run(command, "pca", *options)
        assert result.exit_code == 2, (command, result.output)
        assert message in result.stderr
        assert "Traceback" not in result.output


def test_default_hours_change_what_a_topic_without_an_estimate_takes(run: Run) -> None:
    options = ["--pace", "1h/day", "--start", "2027-01-04"]
    two = json.loads(run("plan", "python-numpy", "--json", *options).stdout)
    five = json.loads(
        run("plan", "python-numpy", "--json", *options, "--default-hours", "5").stdout
    )
    assert (two["schedule"]["finish"], five["schedule"]["finish"]) == ("2027-01-05", "2027-01-08")


def test_a_goal_keeps_its_schedule_and_status_says_how_far_behind_or_ahead(run: Run) -> None:
    # 7 h a week is an hour a day from Monday 2027-01-04.
    result = run("goal", "add", "pca", "--pace", "7h/week", "--start", "2027-01-04")
    assert result.exit_code == 0, result.output
    assert "pca  Principal Component Analysis  (--pace 7h/week --start 2027-01-04)" in result.stdout
    run("done", "la-introduction", env=at("2027-01-05"))  # 2 h
    run("done", "la-vectors", env=at("2027-01-06"))  # 2 h
    # On Sunday 2027-01-10 (day 6), 6 to 7 h were planned: 4 h done is 2 days behind.
    status = run("status", env=at("2027-01-10"))
    assert status.exit_code == 0, status.output
    assert "schedule: 7 h/week from 2027-01-04 · planned finish" in status.stdout
    assert "2 days behind: 4 h done since the start, 7 h planned by today" in status.stdout
    assert "at your pace (" in status.stdout
    run("done", "la-matrices", "calc-derivatives", env=at("2027-01-09"))  # 3 h + 4 h
    status = run("status", env=at("2027-01-10"))
    assert "4 days ahead: 11 h done since the start" in status.stdout
    document = json.loads(run("status", "--json", env=at("2027-01-10")).stdout)
    assert document["goals"][0]["forecast"]["days_ahead"] == 4
    # Every later command uses the kept schedule; options still win.
    assert "7 h/week from" in run("plan", env=at("2027-01-10")).stdout
    assert "14 h/week from" in run("plan", "--pace", "2h/day", env=at("2027-01-10")).stdout


def test_next_says_what_is_due_this_week(run: Run) -> None:
    result = run("next", "pca", "--pace", "7h/week", "--start", "2027-01-04", env=at("2027-01-04"))
    assert result.exit_code == 0, result.output
    due = result.stdout.split("Due this week (2027-01-04 to 2027-01-10)")[1]
    # An hour a day: la-introduction (2 h), calc-derivatives (4 h), then python-numpy from day 6.
    assert "la-introduction" in due
    assert "calc-derivatives" in due
    assert "python-numpy" in due
    assert "la-vectors" not in due


def test_a_calendar_export_holds_a_stable_event_per_topic_left(run: Run, tmp_path: Path) -> None:
    from icalendar import Calendar

    out = tmp_path / "pca.ics"
    options = ["--pace", "5h/week", "--start", "2027-01-04", "-o", str(out)]
    assert run("export", "pca", *options).exit_code == 0
    first = Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]): str(e["SUMMARY"]) for e in first.walk("VEVENT")}
    assert len(events) == len(PCA_HOURS)
    run("done", "la-introduction", "calc-derivatives")
    result = run("export", "pca", *options)
    assert result.exit_code == 0, result.output
    again = Calendar.from_ical(out.read_bytes())
    second = {str(e["UID"]): str(e["SUMMARY"]) for e in again.walk("VEVENT")}
    assert len(second) == len(PCA_HOURS) - 2
    assert set(second) < set(events)  # the same UIDs: a calendar app updates its events
    no_pace = run("export", "pca", "-o", str(tmp_path / "x.ics"))
    assert no_pace.exit_code == 2
    assert "pace" in no_pace.stderr


def test_a_kept_deadline_keeps_its_pace_and_outlives_itself(run: Run) -> None:
    # 67 h over the 57 days from 2027-01-04 to 2027-03-01 (both in): 8.23 h a week.
    run("goal", "add", "pca", "--deadline", "2027-03-01", env=at("2027-01-04"))
    status = run("status", env=at("2027-02-03"))  # 30 days in, nothing done
    assert "schedule: 8.23 h/week from 2027-01-04 · planned finish 2027-03-01" in status.stdout
    assert "30 days behind: 0 h done since the start" in status.stdout
    late = run("plan", env=at("2027-02-03"))
    assert "to finish by 2027-03-01: 8.23 h/week from 2027-02-03" in late.stdout
    assert "from today makes the deadline" in " ".join(late.stdout.split())
    passed = run("plan", env=at("2027-03-15"))
    assert passed.exit_code == 0, passed.output
    assert "the deadline has passed" in " ".join(passed.stdout.split())


def test_a_deadline_on_the_start_day_is_one_study_day(run: Run) -> None:
    result = run("plan", "python-numpy", "--deadline", "2027-01-04", env=at("2027-01-04"))
    assert result.exit_code == 0, result.output
    assert "finish 2027-01-04" in result.stdout


def test_a_hand_edited_kept_schedule_names_the_progress_file(
    run: Run, isolated_state: Path
) -> None:
    run("goal", "add", "pca", "--pace", "5h/week")
    path = isolated_state / "progress.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["goals"][0]["schedule"]["pace"] = "banana"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("goal", "list")
    assert result.exit_code == 1
    assert "goal 1 keeps a schedule that cannot be used: --pace takes" in result.stderr
    assert str(path) in result.stderr


def test_next_says_when_a_schedule_in_the_future_starts(run: Run) -> None:
    result = run("next", "pca", "--pace", "1h/day", "--start", "2027-03-01", env=at("2027-01-04"))
    assert "Your schedule starts 2027-03-01: nothing is due this week." in result.stdout


def test_each_goal_keeps_its_own_schedule_and_its_start_when_set_again(run: Run) -> None:
    run("goal", "add", "pca", "--pace", "6h/week", "--start", "2027-01-04")
    run("goal", "add", "decision-trees", "--pace", "2h/week", env=at("2027-01-10"))
    run("goal", "add", "pca", "--pace", "8h/week", env=at("2027-02-01"))  # the start stays
    listed = run("goal", "list").stdout
    assert "(--pace 8h/week --start 2027-01-04)" in listed
    assert "(--pace 2h/week --start 2027-01-10)" in listed


def test_a_scheduled_plan_or_status_reads_the_progress_file_once(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studypath import actions
    from studypath.store import ProgressStore

    run("goal", "add", "pca", "decision-trees", "--pace", "5h/week")
    reads: list[int] = []
    read_all = ProgressStore.read_all

    def counted(self: ProgressStore) -> object:
        reads.append(1)
        return read_all(self)

    monkeypatch.setattr(ProgressStore, "read_all", counted)
    assert actions.plan().scheduled is not None
    assert all(goal.scheduled is not None for goal in actions.status().goals)
    assert len(reads) == 2  # one each
