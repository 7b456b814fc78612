"""The OSSU computer science curriculum page as a graph file: the core of ``studypath import
ossu`` and of the bundled ``ossu-cs`` graph (``data/build/ossu.py``).

:mod:`.ossu_page` reads the Markdown, :mod:`.ossu_courses` makes a topic of each course
(:mod:`.ossu_hours`: its hours), :mod:`.ossu_match` and :mod:`.ossu_names` find what each
prerequisite names, :mod:`.ossu_convert` decides which matches become ``requires`` (kept free
of cycles by :mod:`.ossu_requires`) and adds the milestone topics for sections, and
:mod:`.ossu_yaml` writes the YAML, whose header says how the page becomes a graph. Nothing
is guessed: what is not matched is reported (:attr:`OssuImport.unmatched`) and written as a
comment above its topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import StudypathError
from .mdinline import clean
from .ossu_convert import Conversion, Match, Unmatched
from .ossu_courses import BASE_URL, read_courses
from .ossu_page import read_page
from .ossu_yaml import comment, dump, header

TITLE = "OSSU Computer Science"
CREDIT = "Open Source Society University (OSSU) contributors"
__all__ = ["Match", "NotAnOssuPageError", "OssuImport", "Unmatched", "import_ossu"]


class NotAnOssuPageError(StudypathError):
    """A Markdown file with no course table to import."""


@dataclass(frozen=True)
class OssuImport:
    """The page as a graph file: its YAML text; how many courses (and milestone topics) it
    has; how many prerequisite mentions name a course or section of the page (``mentions``) and
    how many of those became prerequisites (``matched``, each in ``matches``); what could not be
    matched (``unmatched``: no course named, a later course, a cycle...); and other things left
    out, such as missing hours (``notices``, in the same form)."""

    yaml_text: str
    courses: int
    milestones: int
    mentions: int
    matched: int
    matches: tuple[Match, ...]
    unmatched: tuple[Unmatched, ...]
    notices: tuple[Unmatched, ...]

    def report(self) -> list[str]:
        """One line per thing to know, for a person: the figures, then what was not used."""
        lines = [
            f"{self.courses} courses, {self.milestones} milestone topics; "
            f"{self.matched} of {self.mentions} prerequisite mentions naming a course or "
            "section matched"
        ]
        for kind, items in (("not matched", self.unmatched), ("note", self.notices)):
            for item in items:
                where = [f"line {item.line}", kind, item.course, item.text and f"`{item.text}`"]
                lines.append(": ".join([*filter(None, where), item.reason]))
        return [comment(line) for line in lines]


def import_ossu(
    text: str,
    source: str,
    *,
    generator: str = "studypath import ossu",
    notice: Sequence[str] = (),
    base: str = BASE_URL,
) -> OssuImport:
    """Convert the OSSU curriculum page (Markdown) to a graph file. ``source`` names the page in
    the header, ``generator`` what made the file, ``notice`` adds lines to the header (the
    licence's copyright line); ``base`` is the address relative links are read against. Raises
    :class:`NotAnOssuPageError` when the page has no course table."""
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    source, generator = clean(source), clean(generator)
    page = read_page(text)
    notes: list[tuple[int, str, str, str]] = [(line, "", "", why) for line, why in page.ignored]
    courses = read_courses(page, base, notes)
    if not courses:
        raise NotAnOssuPageError(
            f"{source}: no course table found (a Markdown table with a Courses column)"
        )
    conversion = Conversion(page, courses)
    topics = conversion.run()
    graph: dict[str, Any] = {
        "title": TITLE,
        "summary": "A complete education in computer science using online materials, from the "
        f"OSSU curriculum: {len(courses)} courses, one topic each.",
        "licence": "MIT",
        "credit": CREDIT,
    }
    lines = header(TITLE, source, generator, [clean(n) for n in notice], conversion.prose_unmatched)
    return OssuImport(
        dump(lines, graph, topics),
        len(courses),
        len(conversion.milestones),
        conversion.mentions,
        len(conversion.matches),
        tuple(conversion.matches),
        tuple(conversion.unmatched),
        tuple(Unmatched(*note) for note in notes),
    )
