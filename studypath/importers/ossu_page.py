"""Reading the OSSU curriculum page (a Markdown file) into plain data: its headings, its course
tables with each column's role read from its header, and the prose that says a section assumes
another ("Advanced CS assumes ... Core CS").

It uses a CommonMark parser with GitHub's tables (markdown-it-py), never patterns over lines:
a table is what GitHub shows as one. A column's role comes from its header's words, so tables
that order, name or leave out columns differently (``Courses``/``Course``, ``Prerequisites``/
``Prereqs``, with or without ``Notes``) read alike; a table with no course column is ignored,
and said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .mdinline import clean

if TYPE_CHECKING:
    from markdown_it.token import Token

#: A column's role, from the words of its header; the first rule that matches wins, so
#: "Course prerequisites" is a prerequisites column and "Additional Text" a notes column.
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("prerequisites", re.compile(r"pre-?req|requirement|\brequire")),
    ("discussion", re.compile(r"discuss|chat|forum|communit")),
    ("duration", re.compile(r"duration|length|\bweeks?\b|how long")),
    ("effort", re.compile(r"effort|workload|hours|commitment|\btime\b")),
    ("notes", re.compile(r"note|additional|assignment|\btext|remark|comment|extra|material")),
    ("course", re.compile(r"course|title|\bname\b|\bclass|mooc")),
)
#: The paragraph before a table that makes its courses a choice of one.
ONE_OF = re.compile(r"\b(choose|pick|select|take)\s+(only\s+|just\s+)?one\b|\bone of the follow")
#: "X assumes Y", "X requires Y": a whole section's prerequisites, in the page's prose.
ASSUMES = re.compile(r"\b(assumes?|requires?|presupposes?)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[])")
#: Abbreviations whose full stop ends no sentence: "(e.g. AP Physics)".
_ABBREVIATION = re.compile(r"\b(e\.g|i\.e|etc|vs|cf|incl|approx|ca)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A link inside a piece of inline text: its characters ``start:end`` and its target."""

    start: int
    end: int
    href: str


@dataclass(frozen=True)
class Inline:
    """Inline Markdown as plain text (emphasis and code marks dropped), with its links."""

    text: str
    links: tuple[Link, ...] = ()

    def links_in(self, start: int, end: int) -> tuple[Link, ...]:
        """The links that overlap the characters ``start:end``."""
        return tuple(x for x in self.links if x.start < end and start < x.end)

    def slice(self, start: int, end: int) -> Inline:
        links = tuple(
            Link(max(x.start, start) - start, min(x.end, end) - start, x.href)
            for x in self.links_in(start, end)
        )
        return Inline(self.text[start:end], links)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Row:
    """A table row: its line (from 1) and its cells by role (a role's first column)."""

    line: int
    cells: dict[str, Inline]


@dataclass(frozen=True)
class Table:
    """A course table: where it is, the headings it sits under (outermost first, as indexes
    into :attr:`Page.headings`), whether it offers a choice of one, and its rows."""

    line: int
    headings: tuple[int, ...]
    one_of: bool
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Assumption:
    """A sentence of prose saying that ``subject`` assumes what ``objects`` names."""

    line: int
    subject: str
    objects: Inline


@dataclass(frozen=True)
class Page:
    headings: tuple[Heading, ...]
    tables: tuple[Table, ...]
    assumptions: tuple[Assumption, ...]
    ignored: tuple[tuple[int, str], ...]  # (line, what was left out and why)


def role(header: str) -> str | None:
    """What a column holds, from its header (None: a column the importer does not use)."""
    words = " ".join(header.lower().split())
    return next((name for name, pattern in ROLES if pattern.search(words)), None)


def inline(token: Token) -> Inline:
    """An inline token's text and links; nested links keep the outer one's target."""
    parts: list[str] = []
    links: list[Link] = []
    size = 0
    opened: list[tuple[int, str]] = []
    for child in token.children or ():
        if child.type == "link_open":
            opened.append((size, str(child.attrs.get("href", ""))))
            continue
        if child.type == "link_close" and opened:
            start, href = opened.pop()
            if not opened:
                links.append(Link(start, size, href))
            continue
        if child.type in ("text", "code_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = " "
        elif child.type == "image":
            piece = child.content
        else:
            continue
        parts.append(piece)
        size += len(piece)
    return Inline("".join(parts), tuple(links))


def _line(token: Token, fallback: int) -> int:
    return token.map[0] + 1 if token.map else fallback


def read_page(text: str) -> Page:
    """The headings, course tables and section-wide prerequisites of a curriculum page."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings: list[Heading] = []
    stack: list[int] = []
    tables: list[Table] = []
    assumptions: list[Assumption] = []
    ignored: list[tuple[int, str]] = []
    before = ""  # the last paragraph since the last heading or table
    index, line = 0, 1
    while index < len(tokens):
        token = tokens[index]
        line = _line(token, line)
        if token.type == "heading_open":
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 6
            title = clean(inline(tokens[index + 1]).text)
            while stack and headings[stack[-1]].level >= level:
                stack.pop()
            stack.append(len(headings))
            headings.append(Heading(level, title, line))
            before = ""
            index += 3
            continue
        if token.type == "table_open":
            end = _close(tokens, index, "table_close")
            named = tuple(h for h in stack if re.search(r"[^\W_]", headings[h].text))
            table = _table(tokens[index:end], line, named, bool(ONE_OF.search(before)))
            if isinstance(table, Table):
                tables.append(table)
            else:
                ignored.append((line, table))
            before = ""
            index = end + 1
            continue
        if token.type == "inline" and index and tokens[index - 1].type == "paragraph_open":
            read = inline(token)
            before = read.text.lower()
            assumptions += _assumptions(read, line)
        index += 1
    return Page(tuple(headings), tuple(tables), tuple(assumptions), tuple(ignored))


def _close(tokens: list[Token], start: int, kind: str) -> int:
    for index in range(start, len(tokens)):
        if tokens[index].type == kind:
            return index
    return len(tokens) - 1


def _table(tokens: list[Token], line: int, headings: tuple[int, ...], one_of: bool) -> Table | str:
    """A course table, or why the table is not one."""
    header: list[str] = []
    rows: list[Row] = []
    cells: list[Inline] = []
    row_line = line
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            cells = []
            row_line = _line(token, row_line)
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            cells.append(inline(token))
        elif token.type == "tr_close":
            if not header:
                header = [" ".join(cell.text.split()) for cell in cells]
            else:
                rows.append(Row(row_line, _by_role(header, cells)))
    roles = [role(name) for name in header]
    if "course" not in roles:
        shown = " | ".join(header)
        return f"a table without a course column is not read (columns: {shown})"
    return Table(line, headings, one_of, tuple(header), tuple(rows))


def _by_role(header: list[str], cells: list[Inline]) -> dict[str, Inline]:
    found: dict[str, Inline] = {}
    for name, cell in zip(header, cells, strict=False):
        kind = role(name)
        if kind is not None and kind not in found:
            found[kind] = cell
    return found


def _assumptions(paragraph: Inline, line: int) -> list[Assumption]:
    """The sentences of a paragraph that say a section assumes something."""
    found = []
    start = 0
    text = paragraph.text
    ends = [
        m.start() for m in _SENTENCE.finditer(text) if not _ABBREVIATION.search(text[: m.start()])
    ]
    ends.append(len(text))
    for end in ends:
        sentence = paragraph.slice(start, end)
        verb = ASSUMES.search(sentence.text)
        if verb is not None:
            subject = sentence.text[: verb.start()].strip()
            objects = sentence.slice(verb.end(), len(sentence.text))
            if subject:
                found.append(Assumption(line, subject, objects))
        start = end
    return found
