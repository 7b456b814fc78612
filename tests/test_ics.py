"""The calendar export, read back by two independent parsers (icalendar and vobject): one
all-day event per topic left, stable UIDs, and no way for graph text to add a property."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, Topic, exports, plan
from studypath.errors import StudypathError, UsageError
from studypath.exports import Snapshot, for_path, read_export, read_ticks, write_export
from studypath.exports.ics import PRODID, line, uid
from studypath.pace import Pace
from studypath.progress import Standing, plan_progress, standing
from studypath.schedule import schedule

MONDAY = date(2027, 1, 4)
GENERATED = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
#: Every property an event has: anything else would have come from graph text.
PROPERTIES = {"uid", "dtstamp", "dtstart", "dtend", "summary", "description", "transp", "sequence"}

HOSTILE = [
    "Evil\r\nDTSTART;VALUE=DATE:19990101\r\nBEGIN:VALARM",
    "a;b,c\\d\\;e\\,f\\n",
    "END:VEVENT\nBEGIN:VEVENT\nUID:stolen",
    "tab\there\x00nul\x1besc\u202eright-to-left\u2028line",
    "a very long title " * 12 + "ü" * 40,
]


def small_graph(title: str = "Small", calc_title: str = "Calculus", url: str = "") -> Graph:
    return Graph(
        title,
        [
            Topic("la", "Linear Algebra", hours=10.0),
            Topic(
                "calc",
                calc_title,
                summary="Derivatives; of many variables",
                requires=("la",),
                resources=(
                    Resource("calc", "course", "Course", "course", url or "https://x.org/c"),
                    Resource("calc", "book", "Book, the", "book", "https://x.org/b", 2.0),
                    Resource("calc", "extra", "Extra", "video", None, optional=True),
                ),
            ),
            Topic("pca", "PCA", requires=("la", "calc")),
        ],
    )


def snapshot(
    graph: Graph,
    records: dict[str, str] | None = None,
    pace: float = 5.0,
    when: datetime = GENERATED,
) -> Snapshot:
    the_plan = plan(graph)
    done = standing(graph.topics, records or {})
    laid = schedule(the_plan, done, Pace(pace), MONDAY)
    return Snapshot(the_plan, plan_progress(the_plan, done), when, "g.yaml", {}, laid)


def render(graph: Graph, records: dict[str, str] | None = None, **kwargs: Any) -> str:
    return exports.get("ics").render(snapshot(graph, records, **kwargs))


def events(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return [c for c in calendar.walk("VEVENT") if isinstance(c, icalendar.Event)]


def vevents(text: str) -> list[Any]:
    calendar = vobject.readOne(text)
    return list(getattr(calendar, "vevent_list", []))


def test_one_all_day_event_per_topic_left() -> None:
    text = render(small_graph(), {"la": "done"})
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(row.encode()) <= 75 for row in text.split("\r\n"))  # folded lines
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["x-wr-calname"]) == "Study plan: Small"
    found = events(text)
    # 5/7 h a day. Calculus takes 2 h (its book; the course has no estimate): hours [0, 2),
    # days 0 to 2. PCA, 2 h by default: hours [2, 4), days 2 to 5.
    assert [str(e["summary"]) for e in found] == ["Calculus", "PCA"]
    calc, pca = found
    assert calc.decoded("dtstart") == MONDAY
    assert calc.decoded("dtend") == MONDAY + timedelta(days=3)  # exclusive: the day after
    assert pca.decoded("dtstart") == MONDAY + timedelta(days=2)
    assert pca.decoded("dtend") == MONDAY + timedelta(days=6)
    assert calc["dtstart"].params["VALUE"] == "DATE"  # all-day events
    assert calc.decoded("dtstamp") == GENERATED
    assert str(calc["transp"]) == "TRANSPARENT"
    description = str(calc["description"])
    assert description.splitlines() == [
        "Stage 2 · 2 h · studypath id: calc",
        "Derivatives; of many variables",
        "",
        "- Course · course: https://x.org/c",
        "- Book, the · book: https://x.org/b",
        "- Extra · video · optional",
    ]
    assert "2 h assumed (no estimate)" in str(pca["description"])
    for event in found:
        assert set(map(str.lower, event)) == PROPERTIES


def test_a_second_parser_reads_the_same_calendar() -> None:
    text = render(small_graph())
    found = vevents(text)
    assert [e.summary.value for e in found] == ["Linear Algebra", "Calculus", "PCA"]
    assert [e.dtstart.value for e in found] == [
        MONDAY, MONDAY + timedelta(days=14), MONDAY + timedelta(days=16)
    ]  # fmt: skip
    assert [e.dtend.value for e in found] == [
        MONDAY + timedelta(days=14), MONDAY + timedelta(days=17), MONDAY + timedelta(days=20)
    ]  # fmt: skip
    assert [e.uid.value for e in found] == [uid("Small", t) for t in ("la", "calc", "pca")]
    assert found[1].description.value == str(events(text)[1]["description"])


def test_uids_are_stable_and_belong_to_the_graph_and_the_topic() -> None:
    first = {str(e["summary"]): str(e["uid"]) for e in events(render(small_graph()))}
    later = GENERATED + timedelta(days=30)
    again = render(small_graph(), {"la": "done", "calc/book": "done"}, pace=2.0, when=later)
    assert {str(e["summary"]): str(e["uid"]) for e in events(again)} == {
        "Calculus": first["Calculus"], "PCA": first["PCA"]
    }  # fmt: skip
    assert len(set(first.values())) == 3
    assert uid("Other", "la") != uid("Small", "la") != uid("Small", "pca")
    assert uid("Small", "la").endswith("@studypath")
    assert render(small_graph()) == render(small_graph())  # deterministic


@pytest.mark.parametrize("hostile", HOSTILE)
def test_graph_text_cannot_add_a_property_or_an_event(hostile: str) -> None:
    graph = small_graph(title=hostile, calc_title=hostile, url=f"https://x.org/{hostile}")
    text = render(graph)
    assert all(len(row.encode()) <= 75 for row in text.split("\r\n"))
    assert not any(c in text for c in "\x00\x1b\u202e\u2028")
    for found in (events(text), vevents(text)):
        assert len(found) == 3
    for event in events(text):
        assert set(map(str.lower, event)) == PROPERTIES
    calc = events(text)[1]
    assert str(calc["summary"]) == line(hostile)
    assert "\n" not in str(calc["summary"]) and "\r" not in str(calc["summary"])
    assert f"- Course · course: {line('https://x.org/' + hostile)}" in str(calc["description"])
    second = vevents(text)[1]
    assert second.summary.value == line(hostile)
    assert sorted(second.contents) == sorted(PROPERTIES)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["x-wr-calname"]) == f"Study plan: {line(hostile)}"


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=80), st.text(max_size=40))
def test_any_title_and_url_stay_one_value(title: str, url_tail: str) -> None:
    graph = small_graph(calc_title=title, url="https://x.org/" + url_tail)
    text = render(graph)
    for parsed in (events(text), vevents(text)):
        assert len(parsed) == 3
    calc = events(text)[1]
    assert set(map(str.lower, calc)) == PROPERTIES
    assert str(calc["summary"]) == line(title)
    assert vevents(text)[1].summary.value == line(title)


def test_a_calendar_needs_a_schedule() -> None:
    the_plan = plan(small_graph())
    progress = plan_progress(the_plan, Standing(frozenset(), frozenset()))
    bare = Snapshot(the_plan, progress, GENERATED, "g.yaml")
    with pytest.raises(UsageError, match=r"a calendar export needs a schedule: give a pace"):
        exports.get("ics").render(bare)


def test_everything_done_is_no_calendar() -> None:
    # RFC 5545 wants a component in every calendar, and some apps refuse one without.
    with pytest.raises(StudypathError, match="nothing left to put in a calendar"):
        render(small_graph(), {"la": "done", "calc": "known", "pca": "skipped"})


def test_each_export_is_a_later_revision_of_its_events() -> None:
    first = icalendar.Calendar.from_ical(render(small_graph()))
    sequences = {int(str(e["SEQUENCE"])) for e in first.walk("VEVENT")}
    assert len(sequences) == 1 and sequences.pop() > 0


def test_the_format_is_registered_and_write_only(tmp_path: Path) -> None:
    assert "ics" in exports.names()
    assert for_path(Path("plan.ics")) == "ics" and for_path(Path("PLAN.ICS")) == "ics"
    text = render(small_graph())
    ticks = read_ticks(text, "plan.ics")
    assert ticks.ticks == {} and ticks.ours
    assert exports.get("ics").read_ticks("# Study plan\n- [ ] x `a`\n", "plan.md") is None
    assert exports.get("ics").read_ticks('{"generator": "studypath"}', "plan.json") is None
    assert not read_ticks("BEGIN:VCALENDAR\r\nPRODID:-//other//EN\r\n", "x.ics").ours
    path = tmp_path / "plan.ics"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(StudypathError, match=r"plan.ics is in the ics format, which studypath"):
        read_export(path)


def test_a_calendar_studypath_wrote_is_replaced_and_another_is_not(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    done = Standing(frozenset(), frozenset())
    write_export(path, render(small_graph()), done)
    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    newer = render(small_graph(), {"la": "done"})
    write_export(path, newer, done)  # no --force needed: studypath wrote it
    assert path.read_bytes().decode() == newer
    foreign = tmp_path / "work.ics"
    foreign.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Work//EN\r\nEND:VCALENDAR\r\n")
    with pytest.raises(StudypathError, match="was not written by studypath"):
        write_export(foreign, newer, done)
    write_export(foreign, newer, done, force=True)
