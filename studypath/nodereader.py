"""Typed readers over YAML nodes: each reads one kind of value or records a problem at its node.

The readers know nothing of graphs: :mod:`.fieldtable` and :mod:`.graphreader` apply the schema
with them. Every problem carries the node's line and column, and a misspelt key or kind comes
with a hint. The common case is made cheap (a large graph has hundreds of thousands of values):
a value that is right costs few steps, and the few values that come back again and again
(``hours: 2``, ``free: true``) are resolved once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache, partial
from typing import NamedTuple

from .errors import Problem
from .model import ID_PATTERN, KINDS
from .schema import ONE_OF
from .words import UNSEEN
from .yamlnodes import BOOL, FLOAT, INT, NULL, TAG, MappingNode, Node, ScalarNode, SequenceNode

_NUMBER = re.compile(r"[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?")

_KINDS = {kind: kind for kind in KINDS}

#: Whether the unseen characters among ASCII are exactly those str.isprintable refuses (the
#: controls): then a printable ASCII URL needs no search for them.
_PRINTABLE_ASCII_IS_SEEN = all(
    bool(UNSEEN.match(c)) != c.isprintable() for c in map(chr, range(128))
)

#: The largest number of hours one field may state: no course is longer, and sums of any
#: graph's estimates stay exact and finite.
MAX_HOURS = 100_000


class Entry(NamedTuple):
    """A key of a mapping with its value, both as nodes."""

    key: ScalarNode
    value: Node


class Located(NamedTuple):
    """A text value and the node it came from, for problems found later (when linking)."""

    value: str
    node: Node


class Group(NamedTuple):
    """A one-of group of a ``requires`` list: its texts, each with its node, and its node."""

    entries: list[Located]
    node: Node


# The records, built without the Python-level ``__new__`` of a named tuple: a large graph has
# hundreds of thousands of prerequisites.
_entry = partial(tuple.__new__, Entry)
_located = partial(tuple.__new__, Located)


class NodeReader:
    """Reads nodes into values, collecting every problem instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.source, node.line + 1, node.column + 1, message))

    def error_at(self, line: int, column: int, message: str) -> None:
        """A problem at a position kept from a node (0-based, as in nodes)."""
        self.problems.append(Problem(self.source, line + 1, column + 1, message))

    def mapping(self, node: Node, what: str) -> dict[str, Entry] | None:
        """A mapping's entries by key; duplicate and non-text keys are problems."""
        if type(node) is not MappingNode:
            self.error(node, f"{what} must be a mapping, not {describe(node)}")
            return None
        entries: dict[str, Entry] = {}
        for key, value in node.value:
            if type(key) is not ScalarNode:
                self.bad_key(key, what)
            elif key.value in entries:
                self.duplicate_key(key, entries[key.value].key.line + 1, what)
            else:
                entries[key.value] = _entry((key, value))
        return entries

    def bad_key(self, key: Node, what: str) -> None:
        """A key that is not text (a list, a mapping)."""
        self.error(key, f"{what}: keys must be plain text, not {describe(key)}")

    def duplicate_key(self, key: ScalarNode, first: int, what: str) -> None:
        """A key seen before, first at line ``first`` (1-based)."""
        self.error(key, f"{what}: duplicate key `{key.value}` (first at line {first})")

    def check_keys(
        self,
        entries: Mapping[str, tuple[ScalarNode, Node]],
        node: Node,
        what: str,
        allowed: Collection[str],
        required: Sequence[str],
    ) -> None:
        """Unknown keys (with a hint) and missing required ones are problems. ``allowed`` is
        best a dict or a set (its order, if any, is the one hints list)."""
        for name, (key, _) in entries.items():
            if name not in allowed:
                self.error(key, f"{what}: unknown key `{name}`{hint(name, allowed)}")
        for name in required:
            if name not in entries:
                self.error(node, f"{what}: missing required key `{name}`")

    def text(self, node: Node, what: str) -> str | None:
        value = node.text() if type(node) is ScalarNode else None
        if value is None:
            self.error(node, f"{what} must be text, not {describe(node)}")
            return None
        if not value or value.isspace():
            self.error(node, f"{what} is empty")
            return None
        return value

    def hours(self, node: Node, what: str) -> float | None:
        value = None
        if type(node) is ScalarNode and node.tag in (INT, FLOAT):
            value = _number(node.value)
        if value is None or not math.isfinite(value):
            self.error(node, f"{what} must be a number of hours, not {describe(node)}")
            return None
        if value < 0:
            self.error(node, f"{what} must not be negative (got {node.value})")
            return None
        if value > MAX_HOURS:
            self.error(node, f"{what} must be at most {MAX_HOURS:,} hours (got {node.value})")
            return None
        return value + 0.0  # -0 is 0

    def flag(self, node: Node, what: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.error(node, f"{what} must be true or false, not {describe(node)}")
            return None
        return node.value.lower() in ("true", "yes", "on", "y")

    def refs(self, node: Node, what: str) -> Sequence[Located | Group]:
        """A list of texts, each with its node, and of one-of groups (:meth:`group`): the texts
        first, then the groups, each in file order; a single text counts as a list of one."""
        if type(node) is MappingNode and any(k.value == ONE_OF for k, _ in node.value):
            self.error(node, f"{what} must be a list, not a mapping: write `[{{{ONE_OF}: [...]}}]`")
            return []
        groups: list[Group] = []
        texts = self.texts(node, what, groups)
        return [*texts, *groups] if groups else texts

    def group(self, node: MappingNode, what: str) -> Group | None:
        """A one-of group of a ``requires`` list, ``{one-of: [a, b]}``: two texts or more, none
        twice, each with its node. None when it is not one (the problems are recorded)."""
        entries = self.mapping(node, f"{what} entry")
        written = f"`{{{ONE_OF}: [a, b]}}`"
        for name, (key, _) in (entries or {}).items():
            if name != ONE_OF:
                also = hint(name, [ONE_OF])  # " — did you mean ...?" for a near miss
                also = also if also.startswith(" —") else f": write a one-of group {written}"
                self.error(key, f"{what} entry: unknown key `{name}`{also}")
        if not node.value:
            self.error(node, f"{what} entry is an empty mapping: write a one-of group {written}")
        if not entries or ONE_OF not in entries:
            return None
        items, label = entries[ONE_OF].value, f"{what}: `{ONE_OF}`"
        if type(items) is not SequenceNode:
            self.error(items, f"{label} must be a list of topic ids, not {describe(items)}")
            return None
        if len(items.value) < 2:
            alone = "has one topic: " if items.value else "is empty: "
            also = "; write the id alone" if items.value else ""
            self.error(node, f"{label} {alone}a one-of group needs at least two topics{also}")
            return None
        located: list[Located] = []
        for item in items.value:
            value = self.text(item, f"{label} entry")
            if value is not None and any(value == other.value for other in located):
                self.error(item, f"{label} names `{value}` twice")
            elif value is not None:
                located.append(_located((value, item)))
        return Group(located, node)

    def texts(self, node: Node, what: str, groups: list[Group] | None = None) -> list[Located]:
        """A list of texts, each with its node, repeats left out; a single text counts as a
        list of one. With ``groups``, a mapping entry is a one-of group, added there."""
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        if not isinstance(node, SequenceNode | ScalarNode):
            self.error(node, f"{what} must be a list of ids, not {describe(node)}")
            return []
        out: list[Located] = []
        seen = set()
        for item in node.value if isinstance(node, SequenceNode) else [node]:
            if groups is not None and type(item) is MappingNode:
                group = self.group(item, what)
                if group is not None:
                    groups.append(group)
                continue
            value = self.text(item, f"{what} entry")
            if value is not None and value not in seen:
                seen.add(value)
                out.append(_located((value, item)))
        return out

    def ids(self, node: Node, what: str, rejected: list[Located] | None = None) -> list[Located]:
        """Like :meth:`texts`, each entry a valid id; ``rejected`` (when given) collects the
        text entries that are not."""
        entry = f"{what} entry"
        out = []
        for ref in self.texts(node, what):
            if self.valid_id(ref.value, ref.node, entry):
                out.append(ref)
            elif rejected is not None:
                rejected.append(ref)
        return out

    def id(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        return value if value is not None and self.valid_id(value, node, what) else None

    def valid_id(self, value: str, node: Node, what: str) -> bool:
        if ID_PATTERN.fullmatch(value):
            return True
        self.error(
            node,
            f"{what} `{value}` is not a valid id: use lowercase letters, digits and . _ + -, "
            "starting with a letter or digit",
        )
        return False

    def kind(self, node: Node, what: str) -> str | None:
        if type(node) is ScalarNode and node.text() in _KINDS:
            return _KINDS[node.value]  # the model's own string: one copy for every resource
        value = self.text(node, what)
        if value is not None:
            self.error(node, f"{what} `{value}` is not a kind{hint(value, KINDS)}")
        return None

    def url(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not (value.isascii() and value.isprintable() and _PRINTABLE_ASCII_IS_SEEN) and (
            UNSEEN.search(value)
        ):
            self.error(node, f"{what} contains control characters")
            return None
        scheme, sep, rest = value.partition("://")
        if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/"):
            self.error(node, f"{what} must be an http:// or https:// link, not `{value}`")
            return None
        return value


@lru_cache(maxsize=1024)
def _number(text: str) -> float | None:
    """The number an int or float scalar writes (None for 0x10, 1:30, .inf...); remembered,
    since the same few values of ``hours`` come back again and again."""
    raw = text.replace("_", "")
    if not _NUMBER.fullmatch(raw):
        return None
    try:
        return float(raw)
    except ValueError:
        return None


def hint(name: str, known: Collection[str]) -> str:
    """ " — did you mean `x`?" for a near miss, else the list of what is allowed."""
    from .suggest import closest  # only for a mistake: difflib is not needed otherwise

    near = closest(name, known)
    return f" — did you mean `{near[0]}`?" if near else f" (expected one of: {', '.join(known)})"


def describe(node: Node) -> str:
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
