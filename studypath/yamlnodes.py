"""YAML text -> a light tree of nodes that remember their line and column.

PyYAML's own ``compose`` runs a Python resolver on every scalar and costs most of a full
``yaml.load``. We only need the tree and, for a handful of fields, whether a plain scalar is a
number, a boolean or null: so we build the tree from the C parser's events and resolve a
scalar's type only when it is asked for. Nothing is ever constructed, so no tag a hostile file
carries can run code.

:func:`compose` can also hand over the entries of one mapping (a graph's ``topics``) one by
one, as each is complete, instead of keeping them in the tree: the reader checks each entry and
lets its nodes go, so a large file never sits in memory as a whole tree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, ClassVar

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
    ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
     "on", "On", "ON", "off", "Off", "OFF"]
)  # fmt: skip
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
    """A scalar: its text as written and its tag, None for a plain scalar whose type (number,
    boolean, null...) has not been asked for yet."""

    __slots__ = ("_tag",)
    kind = "scalar"
    value: str

    def __init__(self, value: str, line: int, column: int, tag: str | None) -> None:
        self.value = value
        self.line = line
        self.column = column
        self._tag = tag

    def text(self) -> str | None:
        """The scalar as the author wrote it, unless it is null or tagged as something else."""
        tag = self._tag
        if tag is None:
            return None if self.value in _NULLS else self.value
        return self.value if tag in TEXT_TAGS else None

    @property
    def tag(self) -> str:
        """The scalar's type, resolved (for plain scalars) only when asked."""
        if self._tag is None:
            self._tag = resolve(self.value)
        return self._tag


class SequenceNode(Node):
    __slots__ = ()
    kind = "sequence"
    value: list[Node]


class MappingNode(Node):
    __slots__ = ()
    kind = "mapping"
    value: list[tuple[Node, Node]]


@functools.lru_cache(maxsize=2048)
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


def compose(
    text: str, stream: Callable[[Node, Node], None] | None = None, key: str = "topics"
) -> Node | None:
    """The tree of the single YAML document in ``text`` (None for an empty file).

    With ``stream``, the entries of one mapping are not kept in the tree: the mapping that is
    the value of the root mapping's first ``key`` (unless it carries an anchor, so that no alias
    can stand for it). Each entry is passed to ``stream(key_node, value_node)`` as soon as its
    value is complete, and the tree keeps that mapping empty. A caller that reads and drops each
    entry there never holds more than one entry's nodes, plus those an anchor names (an alias
    may stand for them later in the file).

    Raises ``yaml.MarkedYAMLError`` for a syntax error and :class:`ComposeError` for a second
    document, an alias to an unknown anchor, or aliases that would stand for more than
    :data:`ALIAS_LIMIT` nodes (anchors of anchors grow exponentially: "billion laughs").
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parser = loader(text)
    try:
        return _compose(parser.get_event, stream, key)
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _compose(
    get_event: Callable[[], Any], stream: Callable[[Node, Node], None] | None, key: str
) -> Node | None:
    """:func:`compose` over the parser's events. The open container's state lives in local
    variables (saved on ``frames`` while a nested one is open): this loop runs once per event,
    and a large file has millions."""
    anchors: dict[str, Node] = {}
    sizes: dict[str, int] = {}  # nodes an anchored container stands for, aliases expanded
    sized: list[list[Any]] = []  # each open anchored container: [node, anchor, nodes so far]
    expanded = 0  # nodes the aliases so far stand for
    documents = 0
    root: Node | None = None
    streamed: Node | None = None  # the mapping whose entries go to ``stream``
    stream_key: Node | None = None  # the root's first key ``key``, once seen
    # The open container, the method that adds to it, whether it is a list, the key waiting
    # for its value (in a mapping), and whether its entries go to ``stream``:
    parent: Any = None
    add: Callable[[Any], None] = list().append
    in_list = streaming = False
    pending: Node | None = None
    frames: list[tuple[Any, ...]] = []
    scalar_event, scalar_node = ScalarEvent, ScalarNode
    send: Any = stream
    while True:
        event = get_event()
        kind = type(event)
        node: Node
        if kind is scalar_event:
            mark = event.start_mark
            tag = event.tag
            if tag is None:
                tag = None if event.implicit[0] else STR  # quoted: text
            elif tag == "!":
                tag = STR
            node = scalar_node(event.value, mark.line, mark.column, tag)
            if event.anchor is not None:
                anchors[event.anchor] = node
            if sized:
                sized[-1][2] += 1
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            container = (MappingNode if kind is MappingStartEvent else SequenceNode)(
                [], mark.line, mark.column
            )
            if event.anchor is not None:
                anchors[event.anchor] = container
                sizes[event.anchor] = 1  # until it is closed
                sized.append([container, event.anchor, 1])
            else:
                if sized:
                    sized[-1][2] += 1
                if pending is stream_key is not None and streamed is None and len(frames) == 1:
                    streamed = container if kind is MappingStartEvent else None
            frames.append((parent, add, in_list, pending, streaming))
            parent, add, pending = container, container.value.append, None
            in_list, streaming = kind is SequenceStartEvent, container is streamed
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = parent
            parent, add, in_list, pending, streaming = frames.pop()
            if sized and sized[-1][0] is node:
                _, name, size = sized.pop()
                sizes[name] = size
                if sized:
                    sized[-1][2] += size
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
            if sized:
                sized[-1][2] += size
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise ComposeError("a graph file holds one YAML document", *_position(event))
            continue
        elif kind is StreamEndEvent:
            return root
        else:
            continue
        if in_list:
            add(node)
        elif pending is not None:
            if streaming:
                send(pending, node)
            else:
                add((pending, node))
            pending = None
        elif parent is None:
            root = node
        else:
            pending = node
            if (
                stream_key is None
                and stream is not None
                and len(frames) == 1
                and type(node) is scalar_node
                and node.value == key
            ):
                stream_key = node


def _position(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)
