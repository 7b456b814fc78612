"""A scheduled plan as an iCalendar file (RFC 5545) for a calendar app: one all-day event per
topic left to study, spanning its scheduled days.

Each event has the topic's title as its summary and, in its description, the stage, the hours
scheduled, and the title and link of each of the topic's resources. Its ``UID`` is a hash of the
graph's title and the topic's id, the same in every export, so a calendar that imports a new
export updates each event instead of adding it again. ``DTEND`` is the day after the last one
(all-day events end exclusively). Events are transparent: they do not mark the learner busy.

Text from the graph is untrusted: every value is written by the ``icalendar`` library, which
escapes commas, semicolons, backslashes and line breaks in text, so a title cannot end its line
and start a property of its own; titles are first collapsed to one line and every control or
invisible character shown as an escape (``\\x1b``, see :func:`studypath.words.visible`), which
a calendar file may not hold. The UID is a hash, never text from the file.

The format is write-only: ``sync`` refuses a calendar (it has no boxes to read), and the
overwrite guard replaces a calendar that studypath wrote (its ``PRODID`` says so).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from ..errors import StudypathError, UsageError
from ..words import hours, visible
from . import Snapshot, Ticks

if TYPE_CHECKING:
    from ..model import Topic
    from ..progress import Standing
    from ..schedule import Slot

#: Who wrote the file: how the overwrite guard knows a calendar is studypath's.
PRODID = "-//studypath//study plan//EN"
UID_DOMAIN = "studypath"


class Ics:
    name = "ics"
    write_only = True

    def render(self, snapshot: Snapshot) -> str:
        schedule = snapshot.schedule
        if schedule is None:
            raise UsageError(
                "a calendar export needs a schedule: give a pace (--pace 5h/week) or a "
                "deadline (--deadline 2027-06-30)"
            )
        import icalendar

        plan, done = snapshot.plan, snapshot.progress.done
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        goals = ", ".join(plan.goal_titles) or plan.graph.title  # as the Markdown title
        calendar.add("x-wr-calname", f"Study plan: {line(goals)}")
        stamp = snapshot.generated.astimezone(UTC)
        # A later export is a later revision of each event: calendar apps that keep an event
        # they imported take the one with the higher SEQUENCE (minutes since 1970).
        sequence = max(0, int(stamp.timestamp()) // 60)
        for step in plan.steps:
            slot = schedule.slot(step.topic.id)
            if slot is None or slot.done:
                continue
            event = icalendar.Event()
            event.add("uid", uid(plan.graph.title, step.topic.id))
            event.add("dtstamp", stamp)
            event.add("dtstart", slot.start)
            event.add("dtend", slot.finish + timedelta(days=1))
            event.add("summary", line(step.topic.title))
            event.add("description", description(step.topic, step.stage, slot, done))
            event.add("transp", "TRANSPARENT")
            event.add("sequence", sequence)
            calendar.add_component(event)
        if not calendar.subcomponents:  # RFC 5545: a calendar holds at least one component
            raise StudypathError(
                "nothing left to put in a calendar: every topic of the plan is done, known or "
                "skipped"
            )
        text: str = calendar.to_ical().decode("utf-8")
        return text

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        """No boxes: an empty Ticks for a calendar (``ours`` when studypath wrote it), None for
        any other text."""
        if text.lstrip()[:15].upper() != "BEGIN:VCALENDAR":
            return None
        ours = any(row.rstrip() == f"PRODID:{PRODID}" for row in text.splitlines())
        return Ticks({}, ours=ours)


EXPORTER = Ics()


def uid(graph_title: str, topic_id: str) -> str:
    """The event's UID: the same for the same graph (by title) and topic, in every export."""
    digest = hashlib.sha256(f"{graph_title}\0{topic_id}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def line(text: str) -> str:
    """Text from the graph on one line, every control or invisible character escaped."""
    return visible(" ".join(text.split()))


def description(topic: Topic, stage: int, slot: Slot, done: Standing) -> str:
    """The event's text: the stage and hours, the topic's summary, and its resources, each
    with its link (the lines are joined with line breaks, which the library escapes)."""
    amount = hours(slot.hours) or "0 h"
    when = f"{amount} assumed (no estimate)" if slot.defaulted else amount
    lines = [f"Stage {stage} · {when} · studypath id: {line(topic.id)}"]
    if topic.summary:
        lines.append(line(topic.summary))
    if topic.resources:
        lines.append("")
    for resource in topic.resources:
        words = [line(resource.title), line(resource.kind)]
        if resource.optional:
            words.append("optional")
        if done.state(resource.full_id) in ("done", "known", "skipped"):
            words.append(str(done.state(resource.full_id)))
        entry = "- " + " · ".join(words)
        if resource.url:
            entry += f": {line(resource.url)}"
        lines.append(entry)
    return "\n".join(lines)
