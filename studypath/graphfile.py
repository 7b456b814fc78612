"""Read a YAML graph file into a :class:`Graph`, reporting every problem with file:line:column.

The file is parsed into a tree of nodes that keep their positions (:mod:`.yamlnodes`), never
constructed into Python objects by PyYAML: we read the nodes ourselves. That gives each problem
a line and column, catches duplicate keys (which PyYAML's constructor silently drops), keeps
text as the author wrote it (``title: 1984`` is the text "1984", ``aliases: [on]`` is "on", not
True), and cannot run any constructor a hostile file asks for.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import yaml

from .errors import GraphError, Problem
from .files import decode_graph, read_graph_bytes
from .gcpause import gc_paused
from .model import ID_PATTERN, KINDS, Graph, Resource, Topic
from .yamlnodes import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    TAG,
    ComposeError,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose,
)

_NUMBER = re.compile(r"[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

GRAPH_KEYS = ("title", "summary", "topics")
TOPIC_KEYS = ("title", "summary", "aliases", "requires", "hours", "resources")
RESOURCE_KEYS = ("title", "url", "kind", "hours", "free", "optional", "note", "id")


def load_graph(path: str | Path, display: str | None = None) -> Graph:
    """Load and validate the graph file at ``path``; ``display`` names it in messages."""
    path = Path(path)
    display = display or str(path)
    return parse_graph(decode_graph(read_graph_bytes(path), display), display)


def parse_graph(text: str, source: str = "<string>") -> Graph:
    """Validate graph YAML ``text``; raise :class:`GraphError` listing every problem."""
    return parse_graph_with_stages(text, source)[0]


def parse_graph_with_stages(text: str, source: str = "<string>") -> tuple[Graph, dict[str, int]]:
    """The validated graph and every topic's stage, computed with networkx on the way."""
    with gc_paused():
        return _parse(text, source)


def _parse(text: str, source: str) -> tuple[Graph, dict[str, int]]:
    try:
        root = compose(text)
    except ComposeError as error:
        problem = Problem(source, error.line + 1, error.column + 1, str(error))
        raise GraphError(source, [problem]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise GraphError(source, [Problem(source, line, column, message)]) from None
    except yaml.YAMLError as error:
        raise GraphError(source, [Problem(source, None, None, f"YAML error: {error}")]) from None
    reader = _Reader(source)
    graph = reader.graph(root)
    stages = reader.stages(graph) if graph is not None else {}
    if reader.problems or graph is None:
        problems = sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise GraphError(source, problems)
    return graph, stages


def slugify(title: str) -> str:
    """A resource id derived from its title; titles with no ASCII letters still get one."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug[:60].rstrip("-")
    return "r-" + hashlib.sha256(title.encode()).hexdigest()[:8]


def closest(name: str, choices: Iterable[str], count: int = 1) -> list[str]:
    """The choices most likely meant by ``name``, for "did you mean" hints.

    First a choice one typing slip away (a letter added, dropped, changed or swapped), then one
    that extends ``name``, then near spellings. The cut-off is strict on purpose: on a real graph
    (Metacademy's) a looser one suggests unrelated topics.
    """
    choices = list(choices)
    slips = [c for c in choices if _one_slip(name, c)]
    stem = name.rstrip("s_-.")
    extended = [c for c in choices if len(stem) >= 3 and c != name and c.startswith(stem)]
    near = difflib.get_close_matches(name, choices, n=count, cutoff=0.75)
    return list(dict.fromkeys([*slips, *sorted(extended, key=len), *near]))[:count]


def _one_slip(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter added, dropped, replaced, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


class _Entry(NamedTuple):
    key: ScalarNode
    value: Node


class _Reader:
    """Walks the composed YAML nodes, building topics and collecting problems."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.keys: dict[str, Node] = {}

    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.source, node.line + 1, node.column + 1, message))

    # -- node readers ---------------------------------------------------------------------

    def mapping(self, node: Node, what: str) -> dict[str, _Entry] | None:
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping, not {_describe(node)}")
            return None
        entries: dict[str, _Entry] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.error(key, f"{what}: keys must be plain text, not {_describe(key)}")
                continue
            if key.value in entries:
                first = entries[key.value].key.line + 1
                self.error(key, f"{what}: duplicate key `{key.value}` (first at line {first})")
                continue
            entries[key.value] = _Entry(key, value)
        return entries

    def fields(
        self, node: Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
    ) -> dict[str, _Entry] | None:
        entries = self.mapping(node, what)
        if entries is not None:
            self.check_keys(entries, node, what, allowed, required)
        return entries

    def check_keys(
        self,
        entries: dict[str, _Entry],
        node: Node,
        what: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
    ) -> None:
        for name, entry in entries.items():
            if name not in allowed:
                self.error(entry.key, f"{what}: unknown key `{name}`{_hint(name, allowed)}")
        for name in required:
            if name not in entries:
                self.error(node, f"{what}: missing required key `{name}`")

    def text(self, node: Node, what: str) -> str | None:
        value = node.text() if type(node) is ScalarNode else None
        if value is None:
            self.error(node, f"{what} must be text, not {_describe(node)}")
            return None
        if not value or value.isspace():
            self.error(node, f"{what} is empty")
            return None
        return value

    def number(self, node: Node, what: str) -> float | None:
        value = None
        if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT):
            raw = node.value.replace("_", "")
            if _NUMBER.fullmatch(raw):
                try:
                    value = float(raw)
                except ValueError:
                    value = None
        if value is None or not math.isfinite(value):
            self.error(node, f"{what} must be a number of hours, not {_describe(node)}")
            return None
        if value < 0:
            self.error(node, f"{what} must not be negative (got {node.value})")
            return None
        return value

    def boolean(self, node: Node, what: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.error(node, f"{what} must be true or false, not {_describe(node)}")
            return None
        return node.value.lower() in ("true", "yes", "on", "y")

    def text_list(self, node: Node, what: str) -> list[tuple[str, Node]]:
        """A list of texts; a single text counts as a list of one."""
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        items = node.value if isinstance(node, SequenceNode) else [node]
        if not isinstance(node, SequenceNode | ScalarNode):
            self.error(node, f"{what} must be a list of ids, not {_describe(node)}")
            return []
        out = []
        for item in items:
            value = self.text(item, f"{what} entry")
            if value is not None:
                out.append((value, item))
        return out

    def valid_id(self, value: str, node: Node, what: str) -> bool:
        if ID_PATTERN.fullmatch(value):
            return True
        self.error(
            node,
            f"{what} `{value}` is not a valid id: use lowercase letters, digits and . _ + -, "
            "starting with a letter or digit",
        )
        return False

    # -- the graph ------------------------------------------------------------------------

    def graph(self, root: Node | None) -> Graph | None:
        if root is None:
            self.problems.append(Problem(self.source, None, None, "the file is empty"))
            return None
        entries = self.fields(root, "graph", GRAPH_KEYS, required=("topics",))
        if entries is None:
            return None
        title = Path(self.source).stem
        if "title" in entries:
            title = self.text(entries["title"].value, "graph `title`") or title
        if "summary" in entries:
            self.text(entries["summary"].value, "graph `summary`")
        if "topics" not in entries:
            return None
        topic_entries = self.mapping(entries["topics"].value, "`topics`")
        if topic_entries is None:
            return None
        topics: list[tuple[Topic, dict[str, Node]]] = []
        for topic_id, entry in topic_entries.items():
            valid = self.valid_id(topic_id, entry.key, "topic id")
            parsed = self.topic(topic_id, entry)  # its own problems are worth reporting too
            if parsed is not None and valid:
                topics.append(parsed)
        if not topics and not self.problems:
            self.error(entries["topics"].value, "`topics` is empty: a graph needs at least one")
        return self.link(title, topics)

    def topic(self, topic_id: str, entry: _Entry) -> tuple[Topic, dict[str, Node]] | None:
        what = f"topic `{topic_id}`"
        fields = self.fields(entry.value, what, TOPIC_KEYS, required=("title",))
        if fields is None:
            return None
        nodes: dict[str, Node] = {}
        title = self.text(fields["title"].value, f"{what}: `title`") if "title" in fields else None
        summary = None
        if "summary" in fields:
            summary = self.text(fields["summary"].value, f"{what}: `summary`")
        hours = None
        if "hours" in fields:
            hours = self.number(fields["hours"].value, f"{what}: `hours`")
        aliases: list[str] = []
        if "aliases" in fields:
            for alias, node in self.text_list(fields["aliases"].value, f"{what}: `aliases`"):
                if self.valid_id(alias, node, f"{what}: alias"):
                    if alias in nodes:
                        continue
                    aliases.append(alias)
                    nodes[alias] = node
        requires: list[str] = []
        if "requires" in fields:
            for name, node in self.text_list(fields["requires"].value, f"{what}: `requires`"):
                if name not in requires:
                    requires.append(name)
                    nodes["\0requires:" + name] = node
        resources: list[Resource] = []
        if "resources" in fields:
            resources = self.resources(topic_id, fields["resources"].value, what)
        if title is None:
            return None
        topic = Topic(
            id=topic_id,
            title=title,
            summary=summary,
            aliases=tuple(aliases),
            requires=tuple(requires),
            hours=hours,
            resources=tuple(resources),
            line=entry.key.line + 1,
        )
        nodes["\0key"] = entry.key
        return topic, nodes

    def resources(self, topic_id: str, node: Node, what: str) -> list[Resource]:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what}: `resources` must be a list, not {_describe(node)}")
            return []
        out: list[Resource] = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(node.value, start=1):
            resource = self.resource(topic_id, item, f"{what}, resource {index}")
            if resource is None:
                continue
            line = item.line + 1
            if resource.id in first_line:
                self.error(
                    item,
                    f"{what}: two resources have the id `{resource.id}` (first at line "
                    f"{first_line[resource.id]}); give one of them its own `id:`",
                )
                continue
            first_line[resource.id] = line
            out.append(resource)
        return out

    def resource(self, topic_id: str, node: Node, what: str) -> Resource | None:
        fields = self.mapping(node, what)
        if fields is None:
            return None
        get = fields.get
        title = self.text(fields["title"].value, f"{what}: `title`") if "title" in fields else None
        if title is not None:
            what = f"{what} ({title[:40]})"
        self.check_keys(fields, node, what, RESOURCE_KEYS, ("title",))
        url = None
        if (entry := get("url")) is not None:
            url = self.url(entry.value, f"{what}: `url`")
        kind = "other"
        if (entry := get("kind")) is not None:
            kind = self.text(entry.value, f"{what}: `kind`") or "other"
            if kind not in KINDS:
                self.error(entry.value, f"{what}: unknown kind `{kind}`{_hint(kind, KINDS)}")
                kind = "other"
        hours = None
        if (entry := get("hours")) is not None:
            hours = self.number(entry.value, f"{what}: `hours`")
        free = None
        if (entry := get("free")) is not None:
            free = self.boolean(entry.value, f"{what}: `free`")
        optional = False
        if (entry := get("optional")) is not None:
            optional = bool(self.boolean(entry.value, f"{what}: `optional`"))
        note = None
        if (entry := get("note")) is not None:
            note = self.text(entry.value, f"{what}: `note`")
        resource_id = None
        if (entry := get("id")) is not None:
            resource_id = self.text(entry.value, f"{what}: `id`")
            if resource_id is not None and not self.valid_id(
                resource_id, entry.value, f"{what}: `id`"
            ):
                return None
        if title is None:
            return None
        return Resource(
            topic_id=topic_id,
            id=resource_id or slugify(title),
            title=title,
            kind=kind,
            url=url,
            hours=hours,
            free=free,
            optional=optional,
            note=note,
        )

    def url(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if _CONTROL.search(value):
            self.error(node, f"{what} contains control characters")
            return None
        scheme, sep, rest = value.partition("://")
        if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/"):
            self.error(node, f"{what} must be an http:// or https:// link, not `{value}`")
            return None
        return value

    # -- cross-topic checks ---------------------------------------------------------------

    def link(self, title: str, parsed: list[tuple[Topic, dict[str, Node]]]) -> Graph:
        """Resolve aliases in ``requires``; check aliases, self-requirements and cycles."""
        ids = self.keys = {topic.id: nodes["\0key"] for topic, nodes in parsed}
        alias_of: dict[str, str] = {}
        for topic, nodes in parsed:
            for alias in topic.aliases:
                node = nodes[alias]
                if alias in ids:
                    self.error(node, f"topic `{topic.id}`: alias `{alias}` is already a topic id")
                elif alias in alias_of:
                    other = alias_of[alias]
                    self.error(
                        node,
                        f"topic `{topic.id}`: alias `{alias}` is already an alias of `{other}`",
                    )
                else:
                    alias_of[alias] = topic.id
        names = [*ids, *alias_of]
        topics: list[Topic] = []
        for topic, nodes in parsed:
            requires: list[str] = []
            for name in topic.requires:
                node = nodes["\0requires:" + name]
                target = name if name in ids else alias_of.get(name)
                if target is None:
                    hint = closest(name, (n for n in names if n != topic.id))
                    suffix = f" — did you mean `{hint[0]}`?" if hint else ""
                    self.error(node, f"topic `{topic.id}` requires unknown topic `{name}`{suffix}")
                elif target == topic.id:
                    self.error(node, f"topic `{topic.id}` requires itself")
                elif target not in requires:
                    requires.append(target)
            resolved = tuple(requires)
            topics.append(
                topic if resolved == topic.requires else replace(topic, requires=resolved)
            )
        return Graph(title=title, topics=tuple(topics), source=self.source)

    def stages(self, graph: Graph) -> dict[str, int]:
        """Every topic's stage; each cycle (which leaves no stages) is a problem."""
        from .planner import CycleError, layout

        try:
            return layout(graph)
        except CycleError as error:
            for cycle in error.cycles:
                lines = ", ".join(str(graph.topic(t).line) for t in cycle[:-1])
                self.error(self.keys[cycle[0]], f"cycle: {' → '.join(cycle)} (lines {lines})")
            return {}


def _hint(name: str, known: tuple[str, ...]) -> str:
    """ " — did you mean `x`?" for a near miss, else the list of what is allowed."""
    near = closest(name, list(known))
    return f" — did you mean `{near[0]}`?" if near else f" (expected one of: {', '.join(known)})"


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        tag = node.tag.removeprefix(TAG)
        if tag == "null":
            return "an empty value"
        if tag in ("str", "int", "float", "bool", "timestamp"):
            return f"`{node.value}`"
        return f"a value tagged `{node.tag}`"
    return "something else"
