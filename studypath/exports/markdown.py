"""A plan as a GitHub-flavoured Markdown checklist with a Mermaid diagram, and its ticks back.

Every task item ends with its item id in a code span, so ticks made in another tool can be read
back. All text from the graph is escaped: a title renders literally whatever it holds, never as
a link, HTML, emphasis, an invisible control or a broken diagram.

Reading back uses a CommonMark parser (markdown-it-py, which rich brings), so ``sync`` sees
exactly the task items GitHub shows: every list item whose first paragraph starts with ``[ ]``,
``[x]`` or ``[X]`` and a space (in a block quote too, as github.com shows it), and never a line
inside a code block, an HTML block or comment, a table or a paragraph. The same reading tells
what a new export would lose of a file the learner edited (:func:`lost`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..model import Resource
from ..schema import facts
from ..words import UNSEEN, hours, plural, visible
from . import Snapshot, Ticks, valid_item_id

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

FORMAT_VERSION = 1
MARKER = "<!-- studypath export"
MERMAID_LIMIT = 200

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$!#{}])")
#: What GFM's extended autolinks would turn into an e-mail link (``mailto:`` and ``xmpp:``
#: links need one too). An escaped ``\@`` does not stop GitHub: its renderer joins the text
#: before looking, so the address goes into a code span, which it never links.
_EMAIL_LIKE = re.compile(r"[\w.+-]+@(?:[\w+-]|[.@](?=[\w+-]))+")
#: A task item's box, at the start of its first paragraph, followed by a space or a tab.
_BOX = re.compile(r"\[([ xX])\][ \t]")
#: The fact an optional resource's item shows: ``— book · free · optional · its note``.
_OPTIONAL = re.compile(r" — .* · optional( · |$)")


def md_text(text: str) -> str:
    """Inline Markdown that renders as exactly ``text``: no emphasis, link, HTML or autolink.

    Unseen characters (controls, bidi marks) are shown as escapes (``\\u202e``), as everywhere
    else; an e-mail-like word is shown in a code span, so that no renderer makes it a link.
    """
    text = visible(" ".join(text.split()))
    out, start = [], 0
    for found in _EMAIL_LIKE.finditer(text):
        out += [_escaped(text[start : found.start()]), f"`{found.group()}`"]
        start = found.end()
    out.append(_escaped(text[start:]))
    return "".join(out)


def _escaped(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # Break what GFM would turn into links by itself: URLs and www. names.
    text = re.sub(r"(?i)(\w)://", r"\1\\://", text)
    return re.sub(r"(?i)\b(www)\.", r"\1\\.", text)


def _line_start(text: str) -> str:
    """Inline Markdown from :func:`md_text` made safe to start a line: a title such as
    ``1. Basics`` or ``- draft`` would start a list there."""
    opens = re.match(r"\d{1,9}[.)]|[-+=]", text)
    if opens is None:
        return text
    return text[: opens.end() - 1] + "\\" + text[opens.end() - 1 :]


def md_url(url: str) -> str:
    """A link destination that stays one link, spaces and parentheses included.

    Spaces, quotes, backticks, pointy and square brackets, backslashes, controls and unseen
    characters (bidi marks and the like) are percent-encoded: a cmark-gfm renderer reads ``[x]``
    anywhere on a task item's line as a tick, and GitHub percent-encodes them in a link anyway.
    """
    encoded = "".join(
        "".join(f"%{b:02X}" for b in c.encode()) if c in ' <>[]`\\"' or UNSEEN.match(c) else c
        for c in url
    )
    # Pointy brackets keep parentheses inside one destination; plain URLs read better without.
    return f"<{encoded}>" if "(" in encoded or ")" in encoded else encoded


def mermaid_label(text: str) -> str:
    """A quoted Mermaid label: anything outside a plain set becomes an entity code, and an
    unseen character is first shown as an escape (an entity code would bring it back)."""
    text = visible(" ".join(text.split()))
    safe = set(" -_.,:;?/'()+=*")
    body = "".join(c if c.isalnum() or c in safe else f"#{ord(c)};" for c in text)
    return f'"{body}"'


def _code(item_id: str) -> str:
    """An item id as a code span (ids from a graph file need no escaping; any id is safe)."""
    item_id = visible(item_id)
    if "`" not in item_id:
        return f"`{item_id}`"
    fence = "`" * (max(len(run) for run in re.findall("`+", item_id)) + 1)
    return f"{fence} {item_id} {fence}"


class Markdown:
    name = "md"

    def render(self, snapshot: Snapshot) -> str:
        return "".join(_lines(snapshot))

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        document = read(text)
        ticks = {t.item: t.ticked for t in document.tasks if t.item is not None}
        optional = frozenset(t.item for t in document.tasks if t.item and t.optional)
        return Ticks(ticks, ours=document.ours, optional=optional)

    def lost(self, old: str, new: str) -> list[str]:
        return [f"line {line}: {_short(what)}" for line, what in lost(old, new)]


EXPORTER = Markdown()


# -- reading a file back ------------------------------------------------------------------------


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


def _task(tokens: list[Token], index: int, lines: list[str]) -> Task | None:
    """The task item that opens at ``tokens[index]``, or None when the item is no task item.

    Its first block must be a paragraph (or a setext heading, which GFM renderers also give a
    box) starting with a box; the id is the last code span on the paragraph's first line that
    is a valid item id, so editors may add text after it (Obsidian's ``✅ 2026-11-25``).
    """
    first, inline = tokens[index + 1], tokens[index + 2]  # an item is closed after them
    heading = first.type == "heading_open" and first.markup in ("=", "-")
    if not (first.type == "paragraph_open" or heading) or inline.type != "inline":
        return None
    box = _BOX.match(inline.content)
    if box is None:
        return None
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


def _short(text: str, width: int = 60) -> str:
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


# -- what a new export would lose ---------------------------------------------------------------

#: Blocks studypath writes and changes between exports: they are never the learner's.
_OWN_BLOCKS = re.compile(
    r"html_block <!-- studypath export .*"
    r"|h1 Study plan: .*"
    r"|p .* · exported \d{4}-\d{2}-\d{2} · .*"
    r"|h2 Stage \d+|h2 Prerequisites"
    r"|p The plan has \d+ topics: too many for a readable diagram .*",
    re.S,
)
_MERMAID_LINE = re.compile(
    r'  n\d+\[".*"\]|  n\d+ --> n\d+|  classDef (done|next) .*|  class n\d+(,n\d+)* (done|next)'
)
#: The shape of a topic or resource item studypath writes, before the id.
_OWN_ITEM = re.compile(r"\*\*.+\*\*( — next up)?( · .+ h)?|.+ — [a-z]+( · .+)?")


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


# -- writing ------------------------------------------------------------------------------------


def _lines(snapshot: Snapshot) -> Iterator[str]:
    plan, progress = snapshot.plan, snapshot.progress
    done = progress.done
    next_up = set(progress.next_up)
    goals = ", ".join(plan.goal_titles) or plan.graph.title
    yield f"{MARKER} format {FORMAT_VERSION}: tick boxes, then run `studypath sync FILE` -->\n"
    yield f"# Study plan: {md_text(goals)}\n\n"
    yield _line_start(md_text(plan.graph.title))
    yield f" · exported {snapshot.generated.date().isoformat()} · "
    yield summary_text(snapshot) + "\n"
    for stage, steps in plan.stages:
        yield f"\n## Stage {stage}\n\n"
        for step in steps:
            topic = step.topic
            box = "x" if topic.id in done.topics else " "
            extra = " — next up" if topic.id in next_up else ""
            estimate = hours(topic.estimated_hours)
            extra += f" · {estimate}" if estimate and not topic.resources else ""
            yield f"- [{box}] **{md_text(topic.title)}**{extra} {_code(topic.id)}\n"
            for resource in topic.resources:
                yield "  " + _resource_item(resource, resource.full_id in done.resources) + "\n"
    yield "\n## Prerequisites\n\n"
    yield from _mermaid(snapshot)


def _resource_item(resource: Resource, is_done: bool) -> str:
    title = md_text(resource.title)
    if resource.url:
        # cmark-gfm ticks an item whose line holds `[x]` anywhere: with the link's brackets,
        # a title `x` or one ending `[x` would write one, so that x becomes a character code.
        if re.search(r"(^|\\\[)[xX]$", title):
            title = f"{title[:-1]}&#{ord(title[-1])};"
        title = f"[{title}]({md_url(resource.url)})"
    words = [md_text(resource.kind), *map(md_text, facts(resource))]
    if resource.note:
        words.append(md_text(resource.note))
    box = "x" if is_done else " "
    return f"- [{box}] {title} — {' · '.join(words)} {_code(resource.full_id)}"


def _mermaid(snapshot: Snapshot) -> Iterator[str]:
    plan, progress = snapshot.plan, snapshot.progress
    if len(plan.steps) > MERMAID_LIMIT:
        yield (
            f"The plan has {len(plan.steps)} topics: too many for a readable diagram "
            f"(the limit here is {MERMAID_LIMIT}). The stages above follow every prerequisite.\n"
        )
        return
    node = {step.topic.id: f"n{i}" for i, step in enumerate(plan.steps, start=1)}
    yield "```mermaid\nflowchart LR\n"
    for step in plan.steps:
        yield f"  {node[step.topic.id]}[{mermaid_label(step.topic.title)}]\n"
    for step in plan.steps:
        for req in step.topic.requires:
            yield f"  {node[req]} --> {node[step.topic.id]}\n"
    done = [node[t] for t in node if t in progress.done.topics]
    upcoming = [node[t] for t in progress.next_up]
    yield "  classDef done fill:#d4f7d4,stroke:#2e7d32,color:#1b5e20\n"
    yield "  classDef next fill:#fff8e1,stroke:#f9a825,stroke-width:2px\n"
    if done:
        yield f"  class {','.join(done)} done\n"
    if upcoming:
        yield f"  class {','.join(upcoming)} next\n"
    yield "```\n"


def summary_text(snapshot: Snapshot) -> str:
    plan, progress = snapshot.plan, snapshot.progress
    parts = [plural(len(plan.steps), "topic"), plural(plan.resource_count, "resource")]
    if progress.hours_total:
        parts.append(f"~{hours(progress.hours_total)}")
    parts.append(f"{progress.fraction:.0%} done")
    return " · ".join(parts)
