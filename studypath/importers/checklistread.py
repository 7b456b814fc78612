"""Reading a GitHub-style Markdown checklist: its sections, topics, resources and ticks.

The file is read as GitHub shows it, by the rule ``sync`` reads exports with
(:func:`studypath.exports.mdread.task_box`): a task item is a list item whose first paragraph
starts with ``[ ]``, ``[x]`` or ``[X]`` and a space (in a block quote or an ordered list too),
never a line in a code block, an HTML block or comment. YAML front matter is left out.

- Every heading starts a *section*, named by its path of headings ("Part 1 > Chapter 2");
  items before the first heading make a section too. The first level-1 heading is the title,
  left out of the paths under it.
- A task item that is not inside another one is a topic: titled by its text (links, code
  and emphasis as plain text, images left out), its id derived from the title as resource ids
  are, cut at a word boundary within 40 characters (``-2``, ``-3`` for a repeat). Its http(s)
  links (``[text](url)``, ``<url>`` and bare URLs, which GitHub makes links) are its
  resources, titled by their text, with ids made the same way.
- Every list item inside a topic's item (sub-task or bullet, at any depth) is one resource of
  that topic: titled by its text, with its first link (further links are resources of their
  own); a ticked sub-task is that resource done. A bullet without a link is skipped; a
  sub-task without one is a resource without a URL. Links elsewhere in the item (a paragraph
  under it) are resources too; two links to one URL are one resource.
- Skipped, with the line and the reason: task items without text, bullets without a link under
  a task item, list items with links but no box, and links that are not http(s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..exports.mdread import _parser, task_box
from . import Taken, unique
from .mdinline import Inline, clean, inline

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass
class Draft:
    """A topic as read: its id, title and resources (``title``, ``url``, ``kind``, ``id``)."""

    id: str
    title: str
    resources: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Section:
    """The topics under one heading (``heading`` is "" before the first), where it starts."""

    heading: str
    line: int
    topics: list[Draft] = field(default_factory=list)


@dataclass
class Checklist:
    """A checklist as read: its title (the first level-1 heading), its sections (empty ones
    too), the ids of the items ticked, what was skipped and how many task items it has."""

    title: str | None
    sections: list[Section]
    ticked: list[str]
    skipped: list[str]
    tasks: int


def read_checklist(text: str) -> Checklist:
    """The sections, topics and ticks of a Markdown checklist."""
    text = _without_front_matter(text.removeprefix("\ufeff"))
    reader = _Reader()
    reader.read(_parser().parse(text))
    return Checklist(reader.title, reader.sections, reader.ticked, reader.skipped, reader.tasks)


_FRONT_KEY = re.compile(r"[\w-]+:(\s|$)")
#: Resource kinds told by the link's host (``other`` for the rest).
_HOST_KINDS = {
    "youtube.com": "video", "youtu.be": "video", "vimeo.com": "video",
    "coursera.org": "course", "edx.org": "course", "udemy.com": "course",
    "khanacademy.org": "course", "ocw.mit.edu": "course", "arxiv.org": "paper",
    "readthedocs.io": "docs", "docs.python.org": "docs", "developer.mozilla.org": "docs",
}  # fmt: skip


class _Reader:
    """One walk over the tokens: sections, topics, resources, ticks and what is skipped."""

    def __init__(self) -> None:
        from ..graphreader import slugify  # ids as resource ids are derived (it loads YAML)

        self._slug = slugify
        self.sections = [Section("", 1)]
        self.title: str | None = None
        self.ticked: list[str] = []
        self.skipped: list[str] = []
        self.tasks = 0
        self._ids: set[str] = Taken()
        self._headings: list[tuple[int, str]] = []

    def read(self, tokens: list[Token]) -> None:
        topic: Draft | None = None
        depth = topic_depth = 0  # list items open; how many were when the topic's opened
        heads: set[int] = set()  # the inline tokens read as an item's first paragraph
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "list_item_open":
                depth += 1
                found = task_box(tokens, index)
                first, paragraph = tokens[index + 1], tokens[index + 2]
                if found is None and (first.type != "paragraph_open" or paragraph.type != "inline"):
                    continue
                heads.add(index + 2)
                line = _line(token)
                box = found[2] if found is not None else None
                self.tasks += box is not None
                if topic is None and box is not None:
                    topic = self._topic(inline(paragraph, box), box.group(1) != " ", line)
                    topic_depth = depth if topic is not None else 0
                elif topic is not None:
                    self._item(topic, inline(paragraph, box), box, line)
                elif (loose := inline(paragraph)).links:
                    self._skip(line, "a list item with links but no box", loose.text)
            elif kind == "list_item_close":
                if depth == topic_depth:
                    topic, topic_depth = None, 0
                depth -= 1
            elif kind == "heading_open" and topic is None:
                self._heading(int(token.tag[1:]), tokens[index + 1], _line(token))
                heads.add(index + 1)
            elif kind == "inline" and index not in heads and topic is not None:
                head = inline(token)
                for text, url in head.links:
                    self._resource(topic, text, url)
                self._others(head, _line(token))

    def _heading(self, level: int, content: Token, line: int) -> None:
        text = inline(content).text
        title = level == 1 and self.title is None and bool(text)
        if title:
            self.title = text
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        self._headings.append((level, "" if title else text))  # the title names no section
        path = " > ".join(t for _, t in self._headings if t)
        self.sections.append(Section(path or text, line))

    def _topic(self, head: Inline, ticked: bool, line: int) -> Draft | None:
        title = head.text or (head.links[0][0] if head.links else "")
        if not title:
            self._skip(line, "a task item without text", "")
            return None
        topic = Draft(unique(_cut(self._slug(title)), self._ids), title)
        self.sections[-1].topics.append(topic)
        for text, url in head.links:
            self._resource(topic, text, url)
        self._others(head, line)
        if ticked:
            self.ticked.append(topic.id)
        return topic

    def _item(self, topic: Draft, head: Inline, box: re.Match[str] | None, line: int) -> None:
        """A list item inside a topic's item: a resource, and more for its further links."""
        if not head.links and (box is None or not head.text):
            if box is not None:
                self._skip(line, "a task item without text", "")
            elif head.text:
                self._skip(line, "a list item under a task item, with no link", head.text)
            return
        links = head.links or [(head.text, "")]
        ids = [self._resource(topic, head.text or links[0][0], links[0][1])]
        ids += [self._resource(topic, text, url) for text, url in links[1:]]
        if box is not None and box.group(1) != " ":
            self.ticked += [f"{topic.id}/{i}" for i in dict.fromkeys(ids)]
        self._others(head, line)

    def _resource(self, topic: Draft, title: str, url: str) -> str:
        """The id of the topic's resource with this URL, added when there is none yet."""
        for resource in topic.resources:
            if url and resource.get("url") == url:
                return resource["id"]
        resource = {"title": title or url}
        if url:
            resource["url"] = url
            kind = _kind(url)
            if kind != "other":
                resource["kind"] = kind
        resource["id"] = unique(
            _cut(self._slug(resource["title"])), {r["id"] for r in topic.resources}
        )
        topic.resources.append(resource)
        return resource["id"]

    def _others(self, head: Inline, line: int) -> None:
        for target in head.others:
            self._skip(line, "not an http(s) link", target)

    def _skip(self, line: int, reason: str, text: str) -> None:
        text = clean(text)
        text = text if len(text) <= 60 else text[:59] + "…"
        self.skipped.append(f"line {line}: {reason}" + (f": {text}" if text else ""))


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _kind(url: str) -> str:
    host = url.partition("://")[2].split("/", 1)[0].rpartition("@")[2].split(":")[0].lower()
    for known, kind in _HOST_KINDS.items():
        if host == known or host.endswith("." + known):
            return kind
    return "other"


def _cut(slug: str, most: int = 40) -> str:
    """A long slug cut at its last word boundary within ``most`` characters."""
    if len(slug) <= most:
        return slug
    return slug[: most + 1].rsplit("-", 1)[0] if "-" in slug[: most + 1] else slug[:most]


def _without_front_matter(text: str) -> str:
    """The text with a leading YAML front matter block made blank lines (lines keep their
    numbers)."""
    lines = text.split("\n")
    if lines[0].rstrip("\r") != "---" or len(lines) < 3 or not _FRONT_KEY.match(lines[1]):
        return text
    for number, line in enumerate(lines[1:], 1):
        if line.rstrip("\r") in ("---", "..."):
            return "\n" * (number + 1) + "\n".join(lines[number + 1 :])
    return text
