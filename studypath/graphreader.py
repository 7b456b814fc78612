"""The schema applied to a graph file, one topic at a time, as the YAML is read.

:func:`.yamlnodes.compose` hands each entry of ``topics:`` to :meth:`GraphReader.topic_entry`
as soon as its mapping closes. The reader checks it against the schema (:mod:`.schema`) with
a :class:`~.nodereader.NodeReader`, keeps the :class:`~.model.Topic` and what the checks across
topics need (:class:`TopicLinks`: positions, not nodes), and lets the nodes go. The graph's own
fields are read last, from the root mapping (:meth:`GraphReader.graph_fields`), so they may come
before or after ``topics:``.

Every topic named in ``topics:`` is kept for linking, even one with a problem of its own (no
title, an invalid id, a value that is not a mapping): its problem is reported where it is, and
a ``requires`` entry that names it is not reported again as an unknown topic.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, cast

from .errors import Problem
from .fieldtable import FieldTable
from .model import Resource, Topic
from .nodereader import Group, Located, NodeReader, describe
from .schema import GRAPH_FIELDS, RESOURCE_FIELDS, TOPIC_FIELDS
from .yamlnodes import NULL, MappingNode, Node, ScalarNode, SequenceNode

#: A text entry of a list (an alias, a prerequisite) and where it is: value, line, column
#: (0-based, as in nodes).
Ref = tuple[str, int, int]

_SLUG_KEEP = b"abcdefghijklmnopqrstuvwxyz0123456789"
_SLUG_SPACES = bytes(c if c in _SLUG_KEEP else 32 for c in range(256))  # the rest: spaces


class TopicLinks(NamedTuple):
    """What the checks across topics need of one topic: its key's position, its aliases and
    prerequisites as written (``one_of``: its one-of groups), with theirs, and the topic itself
    (None when it has a problem of its own, already reported). ``loose`` holds alias entries
    that are text but not valid ids: they name the topic for linking, so that a ``requires``
    entry using one is not reported."""

    id: str
    line: int
    column: int
    topic: Topic | None
    aliases: tuple[Ref, ...] = ()
    loose: tuple[str, ...] = ()
    requires: tuple[Ref, ...] = ()
    one_of: tuple[tuple[Ref, ...], ...] = ()


# A named tuple without its Python-level ``__new__``: one is made for every topic.
_links = partial(tuple.__new__, TopicLinks)


class GraphReader:
    """Reads a graph file's topics as they come, then its own fields; collects every problem."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.read = NodeReader(source)
        # Problems by the step that finds them. Reading the whole tree first, the steps came
        # one after the other: the graph's own keys, the keys of `topics`, each topic, then
        # the links between topics. Streamed, they interleave; keeping them apart lets two
        # problems at one place (one node behind aliases) come out in that same order.
        self.graph_problems = self.read.problems
        self.key_problems: list[Problem] = []
        self.topic_problems: list[Problem] = []
        self.link_problems: list[Problem] = []
        self.links: dict[str, TopicLinks] = {}  # every topic id, in file order
        self._graph = FieldTable(GRAPH_FIELDS, self.read)
        self._topic = FieldTable(TOPIC_FIELDS, self.read, readers={"aliases": self._aliases})
        self._resource = FieldTable(RESOURCE_FIELDS, self.read, skip=("title",))
        self._loose: list[Located] = []  # the current topic's alias entries that are not ids
        self.entries: dict[str, tuple[ScalarNode, Node]] = {}  # the graph's own keys
        self.values: dict[str, Any] = {}  # the graph's own fields, as read

    # -- topics, as the YAML parser completes each one --------------------------------------

    def topic_entry(self, key: Node, value: Node) -> None:
        """One entry of ``topics:``: duplicate and non-text keys are problems, as in a mapping."""
        read = self.read
        if type(key) is not ScalarNode or key.value in self.links:
            read.problems = self.key_problems
            if type(key) is not ScalarNode:
                read.bad_key(key, "`topics`")
            else:
                read.duplicate_key(key, self.links[key.value].line + 1, "`topics`")
            return
        read.problems = self.topic_problems
        topic_id = key.value
        valid = read.valid_id(topic_id, key, "topic id")
        self.links[topic_id] = self.topic(topic_id, key, value, valid)

    def topic(self, topic_id: str, key: ScalarNode, node: Node, valid: bool) -> TopicLinks:
        what = f"topic `{topic_id}`"
        table = self._topic
        entries = table.entries(node, what)
        if entries is None:
            return TopicLinks(topic_id, key.line, key.column, None)
        self._loose = []
        values = table.values(entries, node, what, missing_at=key)
        aliases: list[Located] = values.pop("aliases", [])
        requires, groups = _requirements(values.pop("requires", []))
        resources: tuple[Resource, ...] = ()
        if "resources" in entries:
            resources = self.resources(topic_id, entries["resources"][1], what)
        settings = _settings(values) if valid and "title" in values else None
        alias_names, alias_refs = _split(aliases)
        require_names, require_refs = _split(requires)
        topic = None
        if settings is not None:
            topic = Topic(
                id=topic_id,
                aliases=alias_names,
                requires=require_names,
                resources=resources,
                line=key.line + 1,
                one_of=tuple(tuple(name for name, _, _ in g) for g in groups),
                **settings,
            )
        loose = tuple([a.value for a in self._loose]) if self._loose else ()
        where = (topic_id, key.line, key.column)
        return _links((*where, topic, alias_refs, loose, require_refs, groups))

    def _aliases(self, node: Node, what: str) -> list[Located]:
        """The topic's aliases; those that are text but not ids go to ``self._loose``."""
        self._loose = []
        return self.read.ids(node, what, rejected=self._loose)

    def resources(self, topic_id: str, node: Node, what: str) -> tuple[Resource, ...]:
        if type(node) is ScalarNode and node.tag == NULL:
            return ()
        if type(node) is not SequenceNode:
            self.read.error(node, f"{what}: `resources` must be a list, not {describe(node)}")
            return ()
        out: list[Resource] = []
        first_line: dict[str, int] = {}
        for index, item in enumerate(node.value, start=1):
            resource_id, resource = self.resource(topic_id, item, f"{what}, resource {index}")
            if resource_id is None:
                continue
            if resource_id in first_line:
                self.read.error(
                    item,
                    f"{what}: two resources have the id `{resource_id}` (first at line "
                    f"{first_line[resource_id]}); give one of them its own `id:`",
                )
                continue
            first_line[resource_id] = item.line + 1
            if resource is not None:
                out.append(resource)
        return tuple(out)

    def resource(self, topic_id: str, node: Node, what: str) -> tuple[str | None, Resource | None]:
        """The resource's id (when it has one, even if another field is wrong: ids must be
        unique either way) and the resource (when every field is right)."""
        table = self._resource
        entries = table.entries(node, what)
        if entries is None:
            return None, None
        title = None
        if "title" in entries:  # named in every other problem of the resource
            title = self.read.text(entries["title"][1], f"{what}: `title`")
            what = f"{what} ({title[:40]})" if title is not None else what
        values = table.values(entries, node, what)
        if "id" in entries:
            resource_id = values["id"]
        else:
            resource_id = slugify(title) if title is not None else None
        if title is None or resource_id is None:
            return resource_id, None
        settings = _settings(values)
        if settings is None:
            return resource_id, None
        settings["id"] = resource_id
        return resource_id, Resource(topic_id=topic_id, title=title, **settings)

    def problems(self) -> list[Problem]:
        """Every problem so far, sorted by place; at one place, in the order of the steps."""
        found = self.graph_problems + self.key_problems + self.topic_problems
        return sorted(found + self.link_problems, key=lambda p: (p.line or 0, p.column or 0))

    # -- the graph's own fields, at the end -------------------------------------------------

    def graph_fields(self, root: Node | None) -> tuple[str, dict[str, Any]] | None:
        """The graph's title and other fields, and every problem of the root mapping (topics
        that were not streamed, as behind an alias, are read here). None: no graph at all."""
        if root is None:
            self.graph_problems.append(Problem(self.source, None, None, "the file is empty"))
            return None
        read = self.read
        read.problems = self.graph_problems
        entries = self._graph.entries(root, "graph")
        if entries is None:
            return None
        values = self._graph.values(entries, root, "graph")
        self.entries, self.values = entries, dict(values)  # for `extends` (:mod:`.extension`)
        if "topics" not in entries:  # required, but for a graph that extends another
            if "extends" not in entries:
                read.error(root, "graph: missing required key `topics`")
                return None
        else:
            topics = entries["topics"][1]
            if not isinstance(topics, MappingNode):
                read.mapping(topics, "`topics`")  # the problem
                return None
            for key, value in topics.value:  # empty when the topics were streamed
                self.topic_entry(key, value)
            read.problems = self.link_problems
            if not self.links and not self.problems() and "extends" not in entries:
                read.error(topics, "`topics` is empty: a graph needs at least one")
        read.problems = self.link_problems
        values.pop("hide", None)
        title = values.pop("title", None) or Path(self.source).stem
        return title, _settings({k: v for k, v in values.items() if v is not None}) or {}


def slugify(title: str) -> str:
    """A resource id derived from its title; titles with no ASCII letters still get one."""
    ascii_text = title
    if not title.isascii():
        ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    # Every run of characters other than a-z and 0-9 becomes one "-", none at either end.
    slug = "-".join(ascii_text.lower().encode().translate(_SLUG_SPACES).decode().split())
    if slug:
        return slug[:60].rstrip("-")
    import hashlib  # rare: loading OpenSSL costs more than most graphs take to read

    return "r-" + hashlib.sha256(title.encode()).hexdigest()[:8]


def _split(located: list[Located]) -> tuple[tuple[str, ...], tuple[Ref, ...]]:
    """The texts of a list read with its nodes, and the same with their positions."""
    if not located:
        return (), ()
    texts = tuple([x.value for x in located])
    return texts, tuple([(x.value, x.node.line, x.node.column) for x in located])


def _requirements(
    entries: Sequence[Located | Group],
) -> tuple[list[Located], tuple[tuple[Ref, ...], ...]]:
    """A ``requires`` list's texts, and its one-of groups with their entries' positions."""
    if not entries or type(entries[-1]) is not Group:  # the groups come last, if any
        return cast("list[Located]", entries), ()
    texts = [e for e in entries if isinstance(e, Located)]
    return texts, tuple([_split(g.entries)[1] for g in entries if isinstance(g, Group)])


def _settings(values: dict[str, Any]) -> dict[str, Any] | None:
    """Field values for the model, a list read with its nodes as a tuple of plain values; None
    when a value was not valid (its problem is recorded, and no graph will be built)."""
    for name, value in values.items():
        if value is None:
            return None
        if type(value) is list:
            values[name] = tuple(v.value if isinstance(v, Located) else v for v in value)
    return values
