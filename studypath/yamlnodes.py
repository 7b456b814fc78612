"""YAML text -> a light tree of nodes that remember their line and column.

PyYAML's own ``compose`` runs a Python resolver on every scalar and costs most of a full
``yaml.load``. We only need the tree and, for a handful of fields, whether a plain scalar is a
number, a boolean or null: so we build the tree from the C parser's events and resolve a
scalar's type only when it is asked for. Nothing is ever constructed, so no tag a hostile file
carries can run code.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)

#: Tags whose scalars are read as text, as written: `title: 1984` is "1984", not a number.
TEXT_TAGS = frozenset((STR, INT, FLOAT, BOOL, TIMESTAMP))

# YAML 1.1's implicit types, as PyYAML's resolver reads plain scalars.
_BOOLS = frozenset(
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
    ]
)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_INT = re.compile(
    r"[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?")


#: How many nodes the aliases of one file may stand for, in all.
ALIAS_LIMIT = 1_000_000


class Node:
    """A node of the tree: where it starts (0-based line and column) and its value."""

    __slots__ = ("column", "line", "value")
    kind: ClassVar[str]

    def __init__(self, value: object, line: int, column: int) -> None:
        self.value = value
        self.line = line
        self.column = column


class ScalarNode(Node):
    __slots__ = ("_tag", "plain")
    kind = "scalar"
    value: str

    def __init__(self, value: str, line: int, column: int, tag: str | None, plain: bool) -> None:
        self.value = value
        self.line = line
        self.column = column
        self._tag = tag
        self.plain = plain

    def text(self) -> str | None:
        """The scalar as the author wrote it, unless it is null or tagged as something else."""
        tag = self._tag
        if tag is None:
            if self.plain:
                return None if self.value in _NULLS else self.value
            return self.value
        return self.value if tag in TEXT_TAGS else None

    @property
    def tag(self) -> str:
        """The scalar's type, resolved (for plain scalars) only when asked."""
        if self._tag is None:
            self._tag = resolve(self.value) if self.plain else STR
        return self._tag


class SequenceNode(Node):
    __slots__ = ()
    kind = "sequence"
    value: list[Node]


class MappingNode(Node):
    __slots__ = ()
    kind = "mapping"
    value: list[tuple[Node, Node]]


def resolve(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (str, int, float, bool, null or timestamp)."""
    if value in _NULLS:
        return NULL
    first = value[0]
    if first in "0123456789+-.":
        if _INT.fullmatch(value):
            return INT
        if _FLOAT.fullmatch(value):
            return FLOAT
        if _TIMESTAMP.fullmatch(value):
            return TIMESTAMP
    elif value in _BOOLS:
        return BOOL
    return STR


class ComposeError(Exception):
    """A problem in the YAML's structure (not its syntax), with the 0-based position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def compose(text: str) -> Node | None:
    """The tree of the single YAML document in ``text`` (None for an empty file).

    Raises ``yaml.MarkedYAMLError`` for a syntax error and :class:`ComposeError` for a second
    document, an alias to an unknown anchor, or aliases that would stand for more than
    :data:`ALIAS_LIMIT` nodes (anchors of anchors grow exponentially: "billion laughs").
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    anchors: dict[str, Node] = {}
    sizes: dict[str, int] = {}  # nodes an anchored container stands for, aliases expanded
    stack: list[Node] = []
    counts: list[int] = []  # the same, for each open container
    names: list[str | None] = []  # each open container's anchor
    keys: list[Node | None] = []
    expanded = 0
    root: Node | None = None
    documents = 0
    parser = loader(text)
    get_event = parser.get_event
    scalar_event, scalar_node, sequence_node = ScalarEvent, ScalarNode, SequenceNode
    try:
        while True:
            event: Any = get_event()
            kind = type(event)
            node: Node
            if kind is scalar_event:
                mark = event.start_mark
                tag = event.tag
                node = scalar_node(
                    event.value,
                    mark.line,
                    mark.column,
                    STR if tag == "!" else tag,
                    event.implicit[0],
                )
                if event.anchor is not None:
                    anchors[event.anchor] = node
                if counts:
                    counts[-1] += 1
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = event.start_mark
                cls = MappingNode if kind is MappingStartEvent else SequenceNode
                container = cls([], mark.line, mark.column)
                if event.anchor is not None:
                    anchors[event.anchor] = container
                    sizes[event.anchor] = 1  # until it is closed
                stack.append(container)
                counts.append(1)
                names.append(event.anchor)
                keys.append(None)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()
                keys.pop()
                size = counts.pop()
                if counts:
                    counts[-1] += size
                if (name := names.pop()) is not None:
                    sizes[name] = size
            elif kind is AliasEvent:
                found = anchors.get(event.anchor)
                if found is None:
                    raise ComposeError(f"unknown alias `*{event.anchor}`", *_position(event))
                node = found
                size = sizes.get(event.anchor, 1)
                expanded += size
                if expanded > ALIAS_LIMIT:
                    raise ComposeError(
                        f"aliases stand for more than {ALIAS_LIMIT:,} nodes", *_position(event)
                    )
                if counts:
                    counts[-1] += size
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise ComposeError("a graph file holds one YAML document", *_position(event))
                continue
            elif kind is StreamEndEvent:
                return root
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if type(parent) is sequence_node:
                parent.value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                cast(MappingNode, parent).value.append((keys[-1], node))
                keys[-1] = None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _position(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)
