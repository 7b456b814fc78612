"""Prerequisite text, split into mentions, each matched to courses or sections of the page.

A Prerequisites cell is a list written for people: "Core Programming and Core Security",
"any programming language, Mathematics for Computer Science", "[Differentiation and
Integration](...)", "C++ or Java". It is split at commas, semicolons, "and", "or" and "&"
(never inside parentheses), and the longest runs of pieces that name something exactly are
taken first, so a title with commas in it ("Secure Software Development: Requirements, Design,
and Reuse") stays whole. A piece names:

- the course a link points to, when the link's address is a course's (or an alternative's);
- a course, by any of its names (:mod:`.ossu_names`), exactly or, for a single piece outside a
  link to another page, by similarity;
- a section or subsection ("core programming", "Core CS") by its heading, exactly;
- nothing: "none", "-" and text without letters are no mention at all, and anything else
  (``high school algebra``, a link to another page) is kept as a mention of nothing.

Two mentions joined by "or" that each name one course are a choice of one. Which of these
matches are used is the importer's decision (:mod:`.ossu`): a course later on the page, the
course itself, or a cycle are refused there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from .ossu_names import FULL, Found, Names, normalise, tokens
from .ossu_page import Inline, Link

#: Where a cell's list splits: commas, semicolons, "and", "or", "plus", "&", a spaced slash.
SEPARATOR = re.compile(
    r"\s*[,;]\s*(?:(?:and|or)\s+)?|\s+(?:and|or|plus|&)\s+|\s+/\s+", re.IGNORECASE
)
#: A word before a colon that says how a mention is needed: "corequisite: Essence of ...".
QUALIFIER = re.compile(
    r"^\s*(co-?requisites?|recommended|suggested|optional|helpful|required)\s*:\s*", re.I
)
#: What a prerequisite is when there is none.
NOTHING = frozenset({"", "none", "no", "nothing", "n a", "na", "tbd", "tba", "not applicable"})
#: Words around a section's name that do not change what it names: "the entirety of Core CS".
_AROUND = re.compile(
    r"^(?:(?:the|all|entire|entirety|whole|of|every|required)\s+)+"
    r"|\s+(?:courses?|section|subjects?|track)$"
)
#: The most pieces one mention may span ("Requirements, Design, and Reuse" is three).
LONGEST = 8

Target = tuple[str, int]  # ("course", index into the courses) or ("section", heading index)


@dataclass(frozen=True)
class Mention:
    """A piece of prerequisite text and what it names (``targets``; none: nothing of the
    page). ``either``: joined to the mention before by "or"; ``qualifier``: a word such as
    "corequisite" written before it."""

    text: str
    targets: tuple[Target, ...]
    how: str = ""
    ambiguous: bool = False
    either: bool = False
    qualifier: str = ""


def url_key(url: str) -> str:
    """A link's address, compared loosely: no scheme, no "www.", no fragment or final slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: ``Core CS`` -> ``core-cs``."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


class Catalogue:
    """What prerequisites may name: the courses (by name and by link) and the sections."""

    def __init__(
        self,
        titles: Sequence[str],
        links: Sequence[Sequence[str]],
        sections: Sequence[tuple[int, str]],
    ) -> None:
        self.names = Names(titles)
        self.urls: dict[str, int] = {}
        for index, hrefs in enumerate(links):
            for href in hrefs:
                self.urls.setdefault(url_key(href), index)
        self.sections: dict[str, int] = {}
        self.anchors: dict[str, int] = {}
        self.headings = dict(sections)
        for heading, text in sections:
            self.sections.setdefault(normalise(text), heading)
            self.anchors.setdefault("#" + anchor(text), heading)

    def section(self, text: str) -> int | None:
        name = _AROUND.sub("", normalise(text))
        return self.sections.get(name)

    def mentions(self, cell: Inline) -> list[Mention]:
        """The mentions of a Prerequisites cell, in order."""
        pieces = list(_pieces(cell.text))
        found: list[Mention] = []
        start = 0
        while start < len(pieces):
            for end in range(min(len(pieces), start + LONGEST), start, -1):
                first, last = pieces[start], pieces[end - 1]
                mention = self.mention(cell.slice(first[0], last[1]), single=end == start + 1)
                if mention is not None or end == start + 1:
                    if mention is not None and mention.text:
                        either = bool(found) and first[2] == "or"
                        found.append(replace(mention, either=either))
                    start = end
                    break
        return found

    def mention(self, span: Inline, single: bool) -> Mention | None:
        """What a span of text names; None when a longer span names nothing exactly (a single
        piece always gives a mention, with no text when it is no mention at all)."""
        qualifier = ""
        matched = QUALIFIER.match(span.text)
        if matched:
            qualifier = matched.group(1).lower()
            span = span.slice(matched.end(), len(span.text))
        text = " ".join(span.text.split()).strip(" .:*")
        if normalise(text) in NOTHING or not re.search(r"[^\W_]", text):
            return Mention("", ()) if single else None
        whole = [x for x in span.links if _covers(x, span.text)]
        for link in whole:
            if link.href.startswith("#") and link.href.lower() in self.anchors:
                target = ("section", self.anchors[link.href.lower()])
                return Mention(text, (target,), "link", qualifier=qualifier)
            if url_key(link.href) in self.urls:
                target = ("course", self.urls[url_key(link.href)])
                return Mention(text, (target,), "link", qualifier=qualifier)
        elsewhere = any(not x.href.startswith("#") for x in span.links)
        exact = self.names.exact(text)
        section = self.section(text)
        found: Found | None = exact
        if section is not None and (exact is None or exact.how != FULL):
            return Mention(text, (("section", section),), "section", qualifier=qualifier)
        if found is None and single and not elsewhere:
            found = self.names.similar(text)
        if found is not None:
            targets = tuple(("course", c) for c in found.courses)
            return Mention(text, targets, found.how, found.ambiguous, qualifier=qualifier)
        return Mention(text, (), qualifier=qualifier) if single else None

    def in_prose(self, objects: Inline) -> list[Mention]:
        """What a sentence of prose names after its verb: its links, then the sections named
        in its other words."""
        found = [self.mention(objects.slice(x.start, x.end), single=True) for x in objects.links]
        linked = {i for x in objects.links for i in range(x.start, x.end)}
        outside = "".join(" " if i in linked else c for i, c in enumerate(objects.text))
        words = tokens(outside)
        for name, heading in self.sections.items():
            if _contains(words, name.split()):
                found.append(Mention(self.headings[heading], (("section", heading),), "section"))
        return [m for m in found if m is not None and m.text]


def _covers(link: Link, text: str) -> bool:
    """Whether a link holds all the words of the text it is in."""
    return not re.search(r"[^\W_]", text[: link.start] + text[link.end :])


def _pieces(text: str) -> Iterator[tuple[int, int, str]]:
    """The pieces of a list written as text: (start, end, the separator before it)."""
    depth = [0] * (len(text) + 1)
    level = 0
    for index, char in enumerate(text):
        if char in "([":
            level += 1
        elif char in ")]" and level:
            level -= 1
        depth[index + 1] = level
    start, before = 0, ""
    for separator in SEPARATOR.finditer(text):
        if depth[separator.start()] or depth[separator.end()]:
            continue  # inside parentheses: part of the piece
        yield from _piece(text, start, separator.start(), before)
        before = "or" if re.search(r"\bor\b", separator.group(), re.I) else "and"
        start = separator.end()
    yield from _piece(text, start, len(text), before)


def _piece(text: str, start: int, end: int, before: str) -> Iterator[tuple[int, int, str]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end, before


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return size > 0 and any(
        list(words[i : i + size]) == list(phrase) for i in range(len(words) - size + 1)
    )
