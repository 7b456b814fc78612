"""One table of the schema, ready to read YAML mappings with: keys checked, values read.

A :class:`FieldTable` reports the problems a :class:`~.nodereader.NodeReader` finds reading a
mapping step by step (:meth:`~.nodereader.NodeReader.mapping`, then
:meth:`~.nodereader.NodeReader.check_keys`, then each field's value with the reader the
schema names, in the table's order), in that same order. It gets there faster for a mapping
whose keys are right, which is most of them: one pass over the keys that are present, in the
file's order. A mapping with a wrong key, or two problems that could come out in another order,
is read again step by step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .nodereader import NodeReader
from .schema import Field, names
from .yamlnodes import MappingNode, Node, ScalarNode

#: Fields whose values are tables of their own, read by the caller.
NESTED = ("resources", "topics", "changes")

Reader = Callable[[Node, str], Any]
#: A mapping's key and value.
Pair = tuple[ScalarNode, Node]


class FieldTable:
    """The keys a mapping may hold, the required ones, and the reader of each plain field.

    ``skip`` leaves fields out of :meth:`values` (the caller reads them itself), and
    ``readers`` replaces the :class:`NodeReader` method a field names.
    """

    def __init__(
        self,
        fields: Sequence[Field],
        read: NodeReader,
        skip: Sequence[str] = (),
        readers: dict[str, Reader] | None = None,
    ) -> None:
        readers = readers or {}
        self.read = read
        self.keys = dict.fromkeys(names(fields))  # in order, for hints; hashed, for lookups
        self.required = tuple(f.name for f in fields if f.required)  # in order, for problems
        self._required = frozenset(self.required)
        #: name -> (position in the table, label in messages, reader)
        self.plain: dict[str, tuple[int, str, Reader]] = {
            f.name: (index, f": `{f.name}`", readers.get(f.name) or getattr(read, f.read))
            for index, f in enumerate(fields)
            if f.read not in NESTED and f.name not in skip
        }

    def entries(self, node: Node, what: str) -> dict[str, Pair] | None:
        """The mapping's (key, value) pairs by key; None, and a problem, if it is no mapping.
        Keys that are not text, or come twice, are problems (:meth:`NodeReader.mapping`)."""
        if type(node) is MappingNode:
            pairs: list[Pair] = node.value  # type: ignore[assignment]
            try:  # all keys text (a list or a mapping is no dict key), none twice?
                entries = {pair[0].value: pair for pair in pairs}
                if len(entries) == len(pairs):
                    return entries
            except TypeError:
                pass
        return self.read.mapping(node, what)  # type: ignore[return-value]

    def values(
        self, entries: dict[str, Pair], node: Node, what: str, missing_at: Node | None = None
    ) -> dict[str, Any]:
        """Unknown and missing keys as problems (a missing one at ``missing_at``, else at the
        mapping), then the value of each plain field present (None when it is not valid)."""
        problems = self.read.problems
        start = len(problems)
        keys, plain = self.keys, self.plain
        values: dict[str, Any] = {}
        known = in_order = True  # every key in the table; the fields in the table's order
        last = -1
        for name, (_, value) in entries.items():
            field = plain.get(name)
            if field is None:
                known = known and name in keys  # a nested table, read by the caller
                continue
            index, label, reader = field
            in_order, last = in_order and index > last, index
            values[name] = reader(value, what + label)
        check = not known or not entries.keys() >= self._required
        found = len(problems) - start  # the values' problems
        if (check and found) or (not in_order and found > 1):
            # Report as reading step by step does: the keys' problems first, then the values'
            # in the table's order (one node behind two aliases has two problems at one place).
            del problems[start:]
            self.read.check_keys(entries, missing_at or node, what, keys, self.required)
            return {
                name: reader(entries[name][1], what + label)
                for name, (_, label, reader) in plain.items()
                if name in entries
            }
        if check:  # the values had no problem to come after these
            self.read.check_keys(entries, missing_at or node, what, keys, self.required)
        return values
