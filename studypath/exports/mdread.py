"""Reading an exported Markdown file back, as GitHub shows it: its task items with their boxes,
ids and states, and the other blocks, for ``sync`` and for what a new export would lose.

It uses a CommonMark parser (markdown-it-py, which rich brings), so ``sync`` sees exactly the
task items GitHub shows: every list item whose first paragraph starts with ``[ ]``, ``[x]`` or
``[X]`` and a space (in a block quote too, as github.com shows it), and never a line inside a
code block, an HTML block or comment, a table or a paragraph. See :mod:`.markdown` for writing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from . import valid_item_id

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MARKER = "<!-- studypath export"
#: A task item's box, at the start of its first paragraph, followed by a space or a tab.
_BOX = re.compile(r"\[([ xX])\][ \t]")
#: The fact an optional resource's item shows: ``— book · free · optional · its note``.
_OPTIONAL = re.compile(r" — .* · optional( · |$)")
#: The state an item is marked with, in emphasis that escaped text from a graph cannot make:
#: ``**Linear Algebra** — *known*``, ``[Book](https://...) — book · free — *skipped*``.
_STATE = re.compile(r" — \*(known|skipped|started)\*(?= · |$)")
#: A note under its item: ``- ✎ 2026-11-24: text``.
NOTE = "✎"


@dataclass(frozen=True)
class Task:
    """A task item as GitHub shows it: its box, and the studypath id its first line ends with.

    ``before`` and ``after`` are the text of the item's first paragraph before and after the
    id's code span (whitespace collapsed); ``line`` counts from 1.
    """

    item: str | None
    ticked: bool
    line: int
    before: str
    after: str
    source: str

    @property
    def optional(self) -> bool:
        """A resource item that says it is optional, as the export writes it."""
        return "/" in (self.item or "") and _OPTIONAL.search(self.before) is not None

    @property
    def state(self) -> str | None:
        """The state the item is marked with (known, skipped, started), as the export writes
        it, or None."""
        found = list(_STATE.finditer(self.before))
        return found[-1].group(1) if found else None


@dataclass(frozen=True)
class Block:
    """Any other leaf block: a paragraph, heading, code block, HTML block, table or rule."""

    kind: str
    text: str
    line: int
    source: str


@dataclass(frozen=True)
class Document:
    ours: bool
    tasks: tuple[Task, ...]
    blocks: tuple[Block, ...]


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # CommonMark with raw HTML and GFM's tables: the block structure GitHub sees. (Task items,
    # autolinks and strikethrough do not change which lines are list items.)
    return MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=4)  # the overwrite guard reads the old file and the new export twice
def read(text: str) -> Document:
    """The task items and other blocks of a Markdown file, as a GFM renderer sees them."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    tokens = _parser().parse(text)
    tasks: list[Task] = []
    blocks: list[Block] = []

    def block(kind: str, body: str, token: Token) -> None:
        start = token.map[0] if token.map else 0
        blocks.append(Block(kind, body, start + 1, lines[start] if start < len(lines) else ""))

    taken: set[int] = set()  # the inline tokens that are the first paragraph of a task item
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "list_item_open":
            task = _task(tokens, index, lines)
            if task is not None:
                tasks.append(task)
                taken.add(index + 2)
        elif token.type == "inline" and index not in taken:
            parent = tokens[index - 1]
            block(parent.tag, _words(token.content), parent)
        elif token.type == "table_open":
            end = next(i for i in range(index, len(tokens)) if tokens[i].type == "table_close")
            cells = [_words(t.content) for t in tokens[index:end] if t.type == "inline"]
            block("table", " | ".join(cells), token)
            index = end
        elif token.type in ("fence", "code_block", "html_block"):
            block(f"{token.type} {token.info.strip()}".strip(), token.content, token)
        elif token.type == "hr":
            block("hr", "", token)
        index += 1
    ours = text.lstrip().startswith(MARKER)
    return Document(ours, tuple(tasks), tuple(blocks))


def task_box(tokens: list[Token], index: int) -> tuple[Token, Token, re.Match[str]] | None:
    """The first block, its inline token and the box of the task item that opens at
    ``tokens[index]`` (a ``list_item_open``), or None when the item is no task item: its first
    block must be a paragraph (or a setext heading, which GFM renderers also give a box)
    starting with a box. (The checklist importer reads task items by this rule too.)"""
    first, inline = tokens[index + 1], tokens[index + 2]  # an item is closed after them
    heading = first.type == "heading_open" and first.markup in ("=", "-")
    if not (first.type == "paragraph_open" or heading) or inline.type != "inline":
        return None
    box = _BOX.match(inline.content)
    return None if box is None else (first, inline, box)


def _task(tokens: list[Token], index: int, lines: list[str]) -> Task | None:
    """The task item that opens at ``tokens[index]``, or None when the item is no task item
    (:func:`task_box`). The id is the last code span on the paragraph's first line that is a
    valid item id, so editors may add text after it (Obsidian's ``✅ 2026-11-25``).
    """
    found = task_box(tokens, index)
    if found is None:
        return None
    first, inline, box = found
    item = None
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            break
        if child.type == "code_inline" and valid_item_id(child.content):
            item = child.content
    head, _, rest = inline.content[box.end() :].partition("\n")
    before, after = head, ""
    if item is not None:
        spans = list(re.finditer(r"(?<!`)(`+) ?" + re.escape(item) + r" ?\1(?!`)", head))
        if spans:
            before, after = head[: spans[-1].start()], head[spans[-1].end() :]
    start = first.map[0] if first.map else 0
    source = lines[start] if start < len(lines) else ""
    after = _words(f"{after}\n{rest}")
    return Task(item, box.group(1) != " ", start + 1, _words(before), after, source)


def _words(text: str) -> str:
    return " ".join(text.split())


# -- what a new export would lose ---------------------------------------------------------------

#: Blocks studypath writes and changes between exports: they are never the learner's.
_OWN_BLOCKS = re.compile(
    r"html_block <!-- studypath export .*"
    r"|h1 Study plan: .*"
    r"|p .* · exported \d{4}-\d{2}-\d{2} · .*"
    r"|h2 Stage \d+( · finishes \d{4}-\d{2}-\d{2})?|h2 Prerequisites"
    r"|p The plan has \d+ topics: too many for a readable diagram .*"
    rf"|p {NOTE} \d{{4}}-\d{{2}}-\d{{2}}: .*",
    re.S,
)
_MERMAID_LINE = re.compile(
    r'  n\d+\[".*"\]|  n\d+ --> n\d+|  classDef (done|next|skipped) .*'
    r"|  class n\d+(,n\d+)* (done|next|skipped)"
)
#: The shape of a topic or resource item studypath writes, before the id.
_OWN_ITEM = re.compile(
    r"\*\*.+\*\*( — next up| — \*[a-z]+\*)?( · .+ h)?"
    r"( · \d{4}-\d{2}-\d{2}( → \d{4}-\d{2}-\d{2})?( \(.+ h assumed\))?)?"  # scheduled days
    r"|.+ — [a-z]+( · .+)?( — \*[a-z]+\*)?"
)


def _own_block(block: Block) -> bool:
    if block.kind == "fence mermaid":
        lines = block.text.splitlines()
        return lines[:1] == ["flowchart LR"] and all(map(_MERMAID_LINE.fullmatch, lines[1:]))
    return bool(_OWN_BLOCKS.fullmatch(f"{block.kind} {_words(block.text)}"))


def lost(old: str, new: str) -> list[tuple[int, str]]:
    """What replacing the Markdown ``old`` with ``new`` would lose, as (line, source text).

    Allowed to go: what studypath itself changes between exports (the date and summary line,
    headings, ticks, next-up markers, the diagram) and the items of topics the new plan no
    longer has. Lost: any other block or list item that ``new`` does not reproduce, and any
    text after an item's id.
    """
    before, after = read(old), read(new)
    reproduced = Counter(f"{b.kind} {_words(b.text)}" for b in after.blocks)
    items = Counter(t.item for t in after.tasks if t.item is not None)
    out: list[tuple[int, str]] = []
    for block in before.blocks:
        key = f"{block.kind} {_words(block.text)}"
        if reproduced[key] > 0:
            reproduced[key] -= 1
        elif not _own_block(block):
            out.append((block.line, block.source.strip()))
    for task in before.tasks:
        # The text before an item's id is studypath's, made from the graph, which may change.
        if task.item is not None and items[task.item] > 0:
            items[task.item] -= 1
        elif task.item is None or not _OWN_ITEM.fullmatch(task.before):
            out.append((task.line, task.source.strip()))
            continue
        if task.after:
            out.append((task.line, f"{task.after} (after `{task.item}`)"))
    return sorted(out)
