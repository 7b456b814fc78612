"""The courses of the OSSU page as topics: ids, titles, resources and hours, one per table row.

A course's cell holds its link (the resource) and, after it, ``([alternative](...))`` links
(optional resources). Links in a notes column (``Notes``, ``Additional Text / Assignments``)
are optional resources too, and its other words a note. Relative links are read against the
page's own address; a link that is not http(s) is kept as text only, and said so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from ..graphreader import slugify
from . import Taken, unique
from .mdinline import clean, web_url
from .ossu_hours import hours
from .ossu_names import STOPWORDS
from .ossu_page import Inline, Page, Row, Table, role

#: Where the page's relative links ("coursepages/spd/README.md") point.
BASE_URL = "https://github.com/ossu/computer-science/blob/master/"
LONGEST_ID = 60
_VIDEO_HOSTS = re.compile(r"^https?://([a-z0-9-]+\.)*(youtube\.com|youtu\.be)(/|$)", re.I)


@dataclass
class Course:
    """One course: its place on the page and what its topic will hold."""

    index: int
    id: str
    title: str
    line: int
    table: int
    headings: tuple[int, ...]
    one_of: bool
    prerequisites: Inline | None
    resources: list[dict[str, Any]]
    summary: str
    links: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def slug(text: str, longest: int = LONGEST_ID) -> str:
    """An id from a title: its words, lowercase, joined by "-"; a long title loses its small
    words, then its last words, never half a word."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    if len("-".join(words)) > longest:
        words = [w for w in words if w not in STOPWORDS] or words
    out = ""
    for word in words:
        longer = f"{out}-{word}" if out else word
        if len(longer) > longest:
            break
        out = longer
    return out or slugify(text)[:longest].rstrip("-") or "course"


def address(href: str, base: str) -> str | None:
    """A link's http(s) address, relative ones read against ``base``; None when it has none."""
    if href.startswith("#"):
        return None
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return None
    return url if web_url(url) else None


def read_courses(page: Page, base: str, notices: list[tuple[int, str, str, str]]) -> list[Course]:
    """Every course row of the page, in order; ``notices`` gets (line, course, text, reason)
    for what could not be used."""
    courses: list[Course] = []
    taken: set[str] = Taken()
    for number, table in enumerate(page.tables):
        shown = [page.headings[h] for h in table.headings]
        path = " / ".join(h.text for h in shown if h.level > 1) or " / ".join(h.text for h in shown)
        for row in table.rows:
            course = _course(row, table, number, path, base, notices)
            if course is not None:
                course.index = len(courses)
                course.id = unique(slug(course.title), taken)
                courses.append(course)
    return courses


def _course(
    row: Row, table: Table, number: int, path: str, base: str, notices: list[Any]
) -> Course | None:
    cell = row.cells.get("course", Inline(""))
    links = [(clean(cell.text[x.start : x.end]), x.href) for x in cell.links]
    title = clean(links[0][0] if links and links[0][0] else cell.text).strip("* ")
    if not re.search(r"[^\W_]", title):
        notices.append((row.line, "", cell.text, "a row without a course title is left out"))
        return None
    resources: list[dict[str, Any]] = []
    hrefs: list[str] = []
    ids: set[str] = Taken()
    for position, (text, href) in enumerate(links or [(title, "")]):
        url = address(href, base) if href else None
        if href and url is None:
            notices.append((row.line, title, href, "not an http(s) link: left out"))
        main = position == 0
        resource: dict[str, Any] = {
            "id": unique("course" if main else slug(text or "alternative", 40), ids),
            "title": title if main else f"{title} ({text or 'alternative'})",
        }
        if url:
            hrefs.append(url)
            resource["url"] = url
            resource["kind"] = "video" if _VIDEO_HOSTS.match(url) else "course"
        if not main:
            resource["optional"] = True
        resources.append(resource)
    duration = row.cells.get("duration", Inline("")).text
    effort = row.cells.get("effort", Inline("")).text
    estimate, why = hours(duration, effort)
    if not {"duration", "effort"} & {role(column) for column in table.columns}:
        why = "no hour estimate: its table has no duration or effort column"
    if estimate is not None:
        resources[0]["hours"] = int(estimate) if estimate.is_integer() else estimate
    else:
        shown = " | ".join(x.strip() for x in (duration, effort) if x.strip())
        notices.append((row.line, title, shown, why))
    _notes(row.cells.get("notes"), resources, ids, base)
    facts = [" ".join(x.split()) for x in (duration, effort) if x.strip(" -–—")]
    where = f"OSSU {path}".strip() + (", a choice of one" if table.one_of else "")
    summary = " · ".join([where, *facts])
    course = Course(
        0, "", title, row.line, number, table.headings, table.one_of,
        row.cells.get("prerequisites"), resources, summary, hrefs,
    )  # fmt: skip
    if why:
        course.comments.append(why)
    return course


def _notes(cell: Inline | None, resources: list[dict[str, Any]], ids: set[str], base: str) -> None:
    """A notes cell: its links as optional resources, its other words as the course's note."""
    if cell is None:
        return
    text = cell.text
    for link in cell.links:
        url = address(link.href, base)
        name = clean(text[link.start : link.end])
        if url and name:
            resources.append(
                {"id": unique(slug(name, 40), ids), "title": name, "url": url, "optional": True}
            )
    words = "".join(
        " " if any(x.start <= i < x.end for x in cell.links) else c for i, c in enumerate(text)
    )
    words = clean(words).strip(" .,;-–—")
    if len(re.findall(r"[^\W\d_]", words)) >= 3:
        resources[0]["note"] = words
