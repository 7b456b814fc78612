"""One conversion of the OSSU page: which prerequisite matches become ``requires``, and the
milestone topics for sections.

A match is refused, and reported, when it names the course itself or a course later on the
page (the page is read top to bottom: "probability" before the Probability course is a subject),
the section a course is in, several courses that are not one series, or would close a cycle.
A milestone topic is made for each section a prerequisite names or that offers a choice of one,
and for every section inside those; it requires what is under it, a choice as ``one-of``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import Taken, unique
from .ossu_courses import Course, slug
from .ossu_match import Catalogue, Mention, Target
from .ossu_page import Page
from .ossu_requires import Requires

NOTHING_NAMED = "names no course or section of the page"


@dataclass(frozen=True)
class Unmatched:
    """Something the importer could not use: where (line, from 1), for which course (or
    section, for the page's prose), the text, and why."""

    line: int
    course: str
    text: str
    reason: str


@dataclass(frozen=True)
class Match:
    """A prerequisite mention and the topic ids it became."""

    line: int
    course: str
    text: str
    targets: tuple[str, ...]


class Conversion:
    """One conversion: the page's courses and sections, and the prerequisites decided so far."""

    def __init__(self, page: Page, courses: list[Course]) -> None:
        self.page = page
        self.courses = courses
        self.holding: dict[int, list[int]] = {}  # heading -> the courses under it, in order
        for course in courses:
            for heading in course.headings:
                self.holding.setdefault(heading, []).append(course.index)
        sections = [(h, page.headings[h].text) for h in sorted(self.holding)]
        links = [c.links for c in courses]
        self.catalogue = Catalogue([c.title for c in courses], links, sections)
        self.milestones: dict[int, str] = {}
        self.requires = Requires()
        self.matches: list[Match] = []
        self.unmatched: list[Unmatched] = []
        self.prose_unmatched: list[str] = []
        self.mentions = 0

    def run(self) -> list[tuple[str, dict[str, Any], list[str]]]:
        """Every topic in page order: (id, fields, comments above it)."""
        cells = [(c, m, *self._decide(c, m)) for c in self.courses for m in self._mentions(c)]
        prose = self._prose()
        wanted = {t[1] for *_, kept, _ in cells for t in kept if t[0] == "section"}
        wanted |= {t for _, targets, _ in prose for t in targets}
        wanted |= {c.headings[-1] for c in self.courses if c.one_of and c.headings}
        self._milestones(wanted)
        assumed = self._assume(prose)
        chains: list[tuple[Course, list[tuple[Mention, list[Target], str]]]] = []
        for course, mention, kept, reason in cells:
            if mention.either and chains and chains[-1][0] is course:
                chains[-1][1].append((mention, kept, reason))
            else:
                chains.append((course, [(mention, kept, reason)]))
        for course, chain in chains:
            self._require(course, chain)
        self.requires.reduce(assumed)
        return self._topics()

    def _mentions(self, course: Course) -> list[Mention]:
        cell = course.prerequisites
        return [] if cell is None else self.catalogue.mentions(cell)

    def _decide(self, course: Course, mention: Mention) -> tuple[list[Target], str]:
        """The targets of a mention the course may require, or why none."""
        if not mention.targets:
            return [], NOTHING_NAMED
        if mention.ambiguous:
            named = ", ".join(self.courses[i].title for _, i in mention.targets)
            return [], f"ambiguous: it could name {named}"
        kept: list[Target] = []
        reasons = []
        for kind, index in mention.targets:
            if kind == "section":
                why = self._refuse_section(index, [course.index])
            elif index == course.index:
                why = "names the course itself"
            elif index > course.index and mention.how != "link":
                title = self.courses[index].title
                why = f"names {title}, later on the page: read as a subject, not that course"
            else:
                why = ""
            if why:
                reasons.append(why)
            else:
                kept.append((kind, index))
        return kept, "" if kept else "; ".join(reasons)

    def _refuse_section(self, section: int, courses: list[int]) -> str:
        inside = self.holding.get(section, [])
        name = self.page.headings[section].text
        if set(courses) & set(inside):
            return f"names {name}, which it is part of"
        if inside and courses and inside[0] > courses[0]:
            return f"names {name}, later on the page"
        return ""

    def _prose(self) -> list[tuple[int, tuple[int, ...], int]]:
        """Each sentence saying a section assumes others: (section, sections assumed, line)."""
        found = []
        names = {h: self.page.headings[h].text.lower().split() for h in self.holding}
        for assumption in self.page.assumptions:
            said = assumption.subject.lower().split()
            subjects = [h for h, words in names.items() if said[-len(words) :] == words]
            if not subjects:
                continue  # not about a section of the page
            subject = max(subjects, key=lambda h: (len(names[h]), -h))
            mentions = self.catalogue.in_prose(assumption.objects)
            targets: list[int] = []
            for mention in mentions:
                sections = [i for kind, i in mention.targets if kind == "section"]
                why = self._refuse_section(sections[0], self.holding[subject]) if sections else ""
                self.mentions += bool(mention.targets)
                if sections and not why:
                    targets.append(sections[0])
                else:
                    reason = why or ("names a course, not a section" if mention.targets else "")
                    self._prose_unmatched(assumption.line, subject, mention.text, reason)
            if not mentions:
                text = assumption.objects.text.strip()
                self._prose_unmatched(assumption.line, subject, text, "")
            found.append((subject, tuple(dict.fromkeys(targets)), assumption.line))
        return found

    def _prose_unmatched(self, line: int, subject: int, text: str, reason: str) -> None:
        item = Unmatched(line, self.page.headings[subject].text, text, reason or NOTHING_NAMED)
        self.unmatched.append(item)
        self.prose_unmatched.append(f"line {line}: {item.course} assumes `{text}`: {item.reason}")

    def _milestones(self, wanted: set[int]) -> None:
        """A milestone topic for each section named, or offering a choice of one, and for every
        section with courses inside those; each requires what is under it."""
        chosen = set(wanted)
        for course in self.courses:
            for position, heading in enumerate(course.headings):
                if heading in wanted:
                    chosen.update(course.headings[position:])
        taken = Taken(c.id for c in self.courses)
        for heading in sorted(chosen):
            self.milestones[heading] = unique(slug(self.page.headings[heading].text), taken)
        for heading, milestone in self.milestones.items():
            tables: set[int] = set()
            for index in self.holding[heading]:
                course = self.courses[index]
                inner = course.headings[course.headings.index(heading) + 1 :]
                below = next((self.milestones[h] for h in inner if h in self.milestones), None)
                if below is not None:
                    self.requires.add(milestone, below)
                elif course.one_of and course.table not in tables:
                    tables.add(course.table)
                    choice = [c.id for c in self.courses if c.table == course.table]
                    self.requires.add(
                        milestone, {"one-of": choice} if len(choice) > 1 else choice[0]
                    )
                elif not course.one_of:
                    self.requires.add(milestone, course.id)

    def _assume(self, prose: list[tuple[int, tuple[int, ...], int]]) -> list[tuple[str, str]]:
        """Each course of a section that assumes another requires the other's milestone;
        returns those (course, milestone) pairs."""
        assumed = []
        for subject, targets, line in prose:
            for target in targets:
                milestone = self.milestones[target]
                where, text = self.page.headings[subject].text, self.page.headings[target].text
                self.matches.append(Match(line, where, text, (milestone,)))
                for index in self.holding[subject]:
                    course = self.courses[index]
                    if self.requires.add(course.id, milestone):
                        assumed.append((course.id, milestone))
        return assumed

    def _require(self, course: Course, chain: list[tuple[Mention, list[Target], str]]) -> None:
        """Mentions of a course's Prerequisites cell joined by "or" (usually just one), made
        requires or reported: a choice of one when each names one course."""
        ids = [[self._id(t) for t in kept] for _, kept, _ in chain]
        choice = len(chain) > 1 and all(len(named) == 1 for named in ids)
        allowed: list[str] = []
        if choice:
            members = dict.fromkeys(named[0] for named in ids)
            allowed = [m for m in members if not self.requires.closes(course.id, [m])]
            if len(allowed) > 1:
                self.requires.add(course.id, {"one-of": allowed})
            elif allowed:
                self.requires.add(course.id, allowed[0])
        for (mention, _, refused), named in zip(chain, ids, strict=True):
            self.mentions += bool(mention.targets)
            added = [i for i in named if choice and i in allowed]
            added += [i for i in named if not choice and self.requires.add(course.id, i)]
            if not added:
                why = "would close a cycle of prerequisites" if named else refused
                self.unmatched.append(Unmatched(course.line, course.title, mention.text, why))
                course.comments.append(f"prerequisite `{mention.text}` not matched: {why}")
                continue
            self.matches.append(Match(course.line, course.title, mention.text, tuple(added)))
            if mention.qualifier:
                course.comments.append(
                    f"`{mention.text}` is marked {mention.qualifier} on the page; required here"
                )

    def _id(self, target: Target) -> str:
        kind, index = target
        return self.courses[index].id if kind == "course" else self.milestones[index]

    def _topics(self) -> list[tuple[str, dict[str, Any], list[str]]]:
        """Every topic in page order, each milestone after the last course it holds."""
        after: dict[int, list[int]] = {}
        for heading in self.milestones:
            after.setdefault(self.holding[heading][-1], []).append(heading)
        topics = []
        for course in self.courses:
            fields: dict[str, Any] = {"title": course.title, "summary": course.summary}
            if self.requires.of(course.id):
                fields["requires"] = self.requires.flow(course.id)
            fields["resources"] = course.resources
            topics.append((course.id, fields, course.comments))
            inner_first = sorted(after.get(course.index, ()), key=lambda h: -h)
            topics += [self._milestone(h) for h in inner_first]
        return topics

    def _milestone(self, heading: int) -> tuple[str, dict[str, Any], list[str]]:
        milestone = self.milestones[heading]
        path = " / ".join(self.page.headings[h].text for h in self._path(heading))
        choice = any(isinstance(e, dict) for e in self.requires.of(milestone))
        fields = {
            "title": self.page.headings[heading].text,
            "summary": f"Milestone: the courses under OSSU {path}"
            + (", one of each choice" if choice else "")
            + ". It has no resources of its own: mark it done once they are.",
            "requires": self.requires.flow(milestone),
        }
        notes = ["the page offers a choice of one: written as one-of"] if choice else []
        return milestone, fields, notes

    def _path(self, heading: int) -> list[int]:
        course = self.courses[self.holding[heading][0]]
        path = course.headings[: course.headings.index(heading) + 1]
        return [h for h in path if self.page.headings[h].level > 1] or [heading]
