"""Read a YAML graph file into a :class:`Graph`, reporting every problem with file:line:column.

The file is parsed into a tree of nodes that keep their positions (:mod:`.yamlnodes`), never
constructed into Python objects by PyYAML. The schema (:mod:`.schema`) says which keys each
level may hold and which :class:`~.nodereader.NodeReader` reads each value; this module adds the
rules that span fields and topics: resource ids, aliases, prerequisites, cycles and stages.
That gives each problem a line and column, catches duplicate keys (which PyYAML's constructor
silently drops), keeps text as the author wrote it (``title: 1984`` is the text "1984"), and
cannot run any constructor a hostile file asks for.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import GraphError, Problem
from .files import decode_graph, read_graph_bytes
from .gcpause import gc_paused
from .model import Graph, Resource, Topic
from .nodereader import Entry, Located, NodeReader, describe
from .schema import GRAPH_FIELDS, RESOURCE_FIELDS, TOPIC_FIELDS, Field, default, names
from .suggest import Suggester
from .yamlnodes import NULL, ComposeError, Node, ScalarNode, SequenceNode, compose


def load_graph(path: str | Path, display: str | None = None) -> Graph:
    """Load and validate the graph file at ``path`` (no cache); ``display`` names it."""
    path = Path(path)
    display = display or str(path)
    return parse_graph(decode_graph(read_graph_bytes(path), display), display)


def parse_graph(text: str, source: str = "<string>") -> Graph:
    """Validate graph YAML ``text`` into a graph with its stages; :class:`GraphError` lists
    every problem, in file order."""
    with gc_paused():
        root = _compose(text, source)
        reader = _GraphReader(source)
        graph = reader.graph(root)
    if reader.problems or graph is None:
        problems = sorted(reader.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise GraphError(source, problems)
    return graph


def _compose(text: str, source: str) -> Node | None:
    try:
        return compose(text)
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


def slugify(title: str) -> str:
    """A resource id derived from its title; titles with no ASCII letters still get one."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug[:60].rstrip("-")
    return "r-" + hashlib.sha256(title.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class _Parsed:
    """A topic as read, with the nodes its cross-topic checks report problems at."""

    topic: Topic
    key: Node
    aliases: list[Located]
    requires: list[Located]


class _GraphReader:
    """Applies the schema to the composed nodes, then links topics into a graph."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.read = NodeReader(source)
        self.problems = self.read.problems

    def values(
        self, entries: dict[str, Entry], table: Sequence[Field], what: str
    ) -> dict[str, Any]:
        """The values of a mapping's plain fields, each read as the schema says."""
        values: dict[str, Any] = {}
        for field in table:
            entry = entries.get(field.name)
            if entry is not None and field.read not in ("resources", "topics"):
                read = getattr(self.read, field.read)
                values[field.name] = read(entry.value, f"{what}: `{field.name}`")
        return values

    def fields(
        self, node: Node, table: Sequence[Field], what: str
    ) -> tuple[dict[str, Entry], dict[str, Any]] | None:
        """The entries of a mapping, its keys checked, and its plain fields' values."""
        entries = self.read.mapping(node, what)
        if entries is None:
            return None
        required = [f.name for f in table if f.required]
        self.read.check_keys(entries, node, what, names(table), required)
        return entries, self.values(entries, table, what)

    def graph(self, root: Node | None) -> Graph | None:
        if root is None:
            self.problems.append(Problem(self.source, None, None, "the file is empty"))
            return None
        read = self.fields(root, GRAPH_FIELDS, "graph")
        if read is None or "topics" not in read[0]:
            return None
        entries, values = read
        title = values.pop("title", None) or Path(self.source).stem
        meta = {k: v for k, v in _settings(Graph, values).items() if v is not None}
        topic_entries = self.read.mapping(entries["topics"].value, "`topics`")
        if topic_entries is None:
            return None
        parsed: list[_Parsed] = []
        for topic_id, entry in topic_entries.items():
            valid = self.read.valid_id(topic_id, entry.key, "topic id")
            topic = self.topic(topic_id, entry)  # its own problems are worth reporting too
            if topic is not None and valid:
                parsed.append(topic)
        if not parsed and not self.problems:
            self.read.error(
                entries["topics"].value, "`topics` is empty: a graph needs at least one"
            )
        return self.link(title, parsed, meta)

    def topic(self, topic_id: str, entry: Entry) -> _Parsed | None:
        what = f"topic `{topic_id}`"
        read = self.fields(entry.value, TOPIC_FIELDS, what)
        if read is None:
            return None
        entries, values = read
        aliases: list[Located] = values.pop("aliases", [])
        requires: list[Located] = values.pop("requires", [])
        resources: list[Resource] = []
        if "resources" in entries:
            resources = self.resources(topic_id, entries["resources"].value, what)
        if values.get("title") is None:
            return None
        settings = _settings(Topic, values)
        topic = Topic(
            id=topic_id,
            aliases=tuple(a.value for a in aliases),
            requires=tuple(r.value for r in requires),
            resources=tuple(resources),
            line=entry.key.line + 1,
            **settings,
        )
        return _Parsed(topic, entry.key, aliases, requires)

    def resources(self, topic_id: str, node: Node, what: str) -> list[Resource]:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        if not isinstance(node, SequenceNode):
            self.read.error(node, f"{what}: `resources` must be a list, not {describe(node)}")
            return []
        out: list[Resource] = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(node.value, start=1):
            resource = self.resource(topic_id, item, f"{what}, resource {index}")
            if resource is None:
                continue
            if resource.id in first_line:
                self.read.error(
                    item,
                    f"{what}: two resources have the id `{resource.id}` (first at line "
                    f"{first_line[resource.id]}); give one of them its own `id:`",
                )
                continue
            first_line[resource.id] = item.line + 1
            out.append(resource)
        return out

    def resource(self, topic_id: str, node: Node, what: str) -> Resource | None:
        entries = self.read.mapping(node, what)
        if entries is None:
            return None
        title = None
        if "title" in entries:  # named in every other problem of the resource
            title = self.read.text(entries["title"].value, f"{what}: `title`")
            what = f"{what} ({title[:40]})" if title is not None else what
        self.read.check_keys(entries, node, what, names(RESOURCE_FIELDS), ("title",))
        values = self.values(entries, [f for f in RESOURCE_FIELDS if f.name != "title"], what)
        if title is None or ("id" in entries and values["id"] is None):
            return None
        settings = _settings(Resource, values)
        settings["id"] = values.get("id") or slugify(title)
        return Resource(topic_id=topic_id, title=title, **settings)

    # -- across topics ----------------------------------------------------------------------

    def link(self, title: str, parsed: list[_Parsed], meta: dict[str, Any]) -> Graph:
        """Resolve aliases in ``requires``, check aliases and prerequisites, lay out stages."""
        keys = {p.topic.id: p.key for p in parsed}
        alias_of: dict[str, str] = {}
        for p in parsed:
            for alias, node in p.aliases:
                what = f"topic `{p.topic.id}`: alias `{alias}` is already"
                if alias in keys:
                    self.read.error(node, f"{what} a topic id")
                elif alias in alias_of:
                    self.read.error(node, f"{what} an alias of `{alias_of[alias]}`")
                else:
                    alias_of[alias] = p.topic.id
        names_ = Suggester([*keys, *alias_of])
        topics: list[Topic] = []
        for p in parsed:
            topic, requires = p.topic, []
            for name, node in p.requires:
                target = name if name in keys else alias_of.get(name)
                if target is None:
                    near = names_.closest(name, exclude={topic.id})
                    suffix = f" — did you mean `{near[0]}`?" if near else ""
                    self.read.error(
                        node, f"topic `{topic.id}` requires unknown topic `{name}`{suffix}"
                    )
                elif target == topic.id:
                    self.read.error(node, f"topic `{topic.id}` requires itself")
                elif target not in requires:
                    requires.append(target)
            resolved = tuple(requires)
            topics.append(
                topic if resolved == topic.requires else replace(topic, requires=resolved)
            )
        return Graph(title, topics, self.source, self.stages(topics, keys), meta)

    def stages(self, topics: list[Topic], keys: dict[str, Node]) -> dict[str, int]:
        """Every topic's stage; each cycle (which leaves no stages) is a problem."""
        from .planner import CycleError, layers

        try:
            return layers(topics)
        except CycleError as error:
            lines = {t.id: t.line for t in topics}
            for cycle in error.cycles:
                where = ", ".join(str(lines[t]) for t in cycle[:-1])
                self.read.error(keys[cycle[0]], f"cycle: {' → '.join(cycle)} (lines {where})")
            return {}


def _settings(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """Field values for the model: the model's default for a value that was not valid, and a
    list read with its nodes as a tuple of plain values."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if value is None and model is not Graph:
            out[name] = default(model, name)
        elif isinstance(value, list):
            out[name] = tuple(v.value if isinstance(v, Located) else v for v in value)
        else:
            out[name] = value
    return out
