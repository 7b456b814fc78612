"""The graph cache's topic rows: written in the order of the schema's tables, and read back
under the validator's rules (every value's type and rules, resource ids, aliases, prerequisites
and stage), so that a damaged or forged row is refused, never trusted (see :mod:`.cache`).

Rows are read a batch at a time (every topic of the graph, for a plan of all of it, in a few
batches): each field is checked over the batch's column of values (:mod:`.cacherules`), and the
topics and their resources are made from the checked columns.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from itertools import chain, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from .cacherules import BROKEN as _BROKEN
from .cacherules import MAX_HOURS, Damaged, column, only, texts
from .cacherules import checked as _checked
from .errors import StudypathError
from .model import Resource, Topic
from .schema import RESOURCE_FIELDS, TOPIC_FIELDS, Field, data, settings
from .schema import value as field_value

__all__ = [
    "MAX_HOURS",
    "_BROKEN",
    "DamagedCacheError",
    "_Damaged",
    "_RowLoader",
    "_checked",
    "_text",
    "_topic_row",
]  # fmt: skip

_Damaged = Damaged
#: The most rows decoded at once (a bound on the memory their JSON takes while they are read).
BATCH = 8192


class DamagedCacheError(StudypathError):
    """A cache file whose index passed its checks holds a topic that does not."""


def _text(value: Any) -> str:
    """``value`` if it is text the validator takes (:func:`.cacherules.texts`)."""
    text: str = texts([value])[0]
    return text


# -- writing ---------------------------------------------------------------------------------


def _topic_row(topic: Topic) -> list[Any]:
    row = [_encode(field_value(topic, f), f) for f in TOPIC_FIELDS]
    return [*row, topic.line]


def _encode(value: Any, field: Field) -> Any:
    if field.read == "resources":
        return [[getattr(r, f.name) for f in RESOURCE_FIELDS] for r in value]
    return data(value)  # lists as lists, one-of groups as {"one-of": [...]}


# -- reading ----------------------------------------------------------------------------------


class _RowLoader:
    """Builds topics from their lines of the cache file (``body`` of ``data``: the lines after
    the index), checking every value; topic number ``i`` starts at ``offsets[i]`` of it."""

    def __init__(
        self,
        where: Path,
        data: bytes,
        body: int,
        ids: Sequence[str],
        offsets: Sequence[int],
        aliases: Mapping[str, str],
        stages: Mapping[str, int],
    ) -> None:
        self.where, self.data, self.ids = where, data, ids
        self.starts = [body + offset for offset in offsets]
        self.aliases, self.stages = aliases, stages
        self.alias_count: dict[str, int] | None = None

    def __call__(self, position: int) -> Topic:
        return self.many([position])[0]

    def many(self, positions: Sequence[int]) -> list[Topic]:
        """The topics at these positions, in this order (:class:`DamagedCacheError` when one
        breaks a rule)."""
        topics: list[Topic] = []
        try:
            for first in range(0, len(positions), BATCH):
                topics += self._batch(positions[first : first + BATCH])
        except _BROKEN:
            with contextlib.suppress(OSError):  # so that the next run rebuilds it
                self.where.unlink()
            raise DamagedCacheError(
                "the graph cache is damaged; run again with --no-cache or delete "
                f"{self.where.parent}"
            ) from None
        return topics

    def _batch(self, positions: Sequence[int]) -> list[Topic]:
        starts, last, size = self.starts, len(self.starts) - 1, len(self.data)
        spans = [(starts[p], starts[p + 1] if p < last else size) for p in positions]
        rows = _scanned(self.data, spans) if len(spans) > 8 else None
        if rows is None:
            rows = [json.loads(self.data[start:end]) for start, end in spans]
        topics = _topics([self.ids[p] for p in positions], rows)
        self.check_links(topics)
        return topics

    def check_links(self, topics: list[Topic]) -> None:
        """Prerequisites (one-of alternatives included) and aliases as the validator links
        them, and each topic's stage."""
        stages = self.stages
        for topic in topics:
            requires = topic.all_requires
            if topic.id in requires or not all(map(stages.__contains__, requires)):
                raise Damaged("requires")
            if stages[topic.id] != 1 + max(map(stages.__getitem__, requires), default=0):
                raise Damaged("stage")
        if self.alias_count is None:
            self.alias_count = {}
            for target in self.aliases.values():
                self.alias_count[target] = self.alias_count.get(target, 0) + 1
        # Each alias of a topic names it, so each topic has at most the aliases the index gives
        # it: then it has them all exactly when the counts add up.
        named = [(alias, topic.id) for topic in topics for alias in topic.aliases]
        expected = sum(map(self.alias_count.get, [t.id for t in topics], repeat(0)))
        if len(named) != expected or any(self.aliases.get(a) != t for a, t in named):
            raise Damaged("aliases")


#: What :func:`json.loads` runs, from a given place in a text (not in the type stubs).
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _scanned(data: bytes, spans: list[tuple[int, int]]) -> list[Any] | None:
    """The JSON value of each span of ``data``, when the spans lie close together in text that
    is all ASCII and each is a value and its line break: what :func:`json.loads` gives each
    (which detects UTF-8 for a span that starts with a value), with one decoding for all of
    them and no call into Python per row. None when that is not so (then each is loaded)."""
    if not spans:
        return []
    first, end = min(s for s, _ in spans), max(e for _, e in spans)
    if end - first > 2 * sum(e - s for s, e in spans):
        return None  # far apart: decoding the text between them would cost more
    chunk = data[first:end]
    if not chunk.isascii():
        return None
    text = chunk.decode("ascii")
    try:  # a span where no value starts ends the map early (StopIteration): the ends differ
        found = list(map(_SCAN, repeat(text), [start - first for start, _ in spans]))
    except _BROKEN:
        return None
    ends = [end for _, end in found]
    if ends != [end - first - 1 for _, end in spans]:
        return None
    if "".join(map(text.__getitem__, ends)) != "\n" * len(ends):
        return None
    return list(map(itemgetter(0), found))


_TOPIC_CHECKS = [(f.name, column(f, Topic)) for f in TOPIC_FIELDS]
_RESOURCE_CHECKS = [(f.name, column(f, Resource)) for f in RESOURCE_FIELDS]
#: The topic fields whose lists may hold one-of groups (``requires``).
_GROUPED = [f for f in TOPIC_FIELDS if f.one_of]
#: The models' fields in the order their classes take them.
_TOPIC_ORDER = [f.name for f in dataclasses.fields(Topic)]
_RESOURCE_ORDER = [f.name for f in dataclasses.fields(Resource)]


def _topics(ids: list[str], rows: list[Any]) -> list[Topic]:
    """The topics with these ids from their rows: each row a list of the topic's fields in the
    schema's order, then its line in the graph file."""
    table = _columns(_TOPIC_CHECKS, rows, 1)
    lines = list(map(itemgetter(-1), rows))
    if not only(lines, int) or min(lines, default=1) < 1:
        raise Damaged("line")
    for field in _GROUPED:  # a list with one-of groups: two attributes of the model
        table.update(_split(field, table.pop(field.name)))
    owned = table["resources"]
    counts = list(map(len, owned))
    resources = _columns(_RESOURCE_CHECKS, list(chain.from_iterable(owned)))
    resources["topic_id"] = list(chain.from_iterable(map(repeat, ids, counts)))
    if len(set(zip(resources["topic_id"], resources["id"], strict=True))) != sum(counts):
        raise Damaged("resource ids")
    made = iter(list(map(Resource, *(resources[name] for name in _RESOURCE_ORDER))))
    table["resources"] = list(map(tuple, map(islice, repeat(made), counts)))
    table["id"], table["line"] = ids, lines
    return list(map(Topic, *(table[name] for name in _TOPIC_ORDER)))


def _columns(checks: list[tuple[str, Any]], rows: list[Any], more: int = 0) -> dict[str, Any]:
    """Each field's checked values, from rows that are lists of the fields in order (and
    ``more`` values after them)."""
    if not only(rows, list) or not set(map(len, rows)) <= {len(checks) + more}:
        raise Damaged("row")
    return {name: check(list(map(itemgetter(i), rows))) for i, (name, check) in enumerate(checks)}


def _split(field: Field, values: list[Any]) -> dict[str, list[Any]]:
    """The model's attributes for a field's values (:func:`.schema.settings`), as columns."""
    if tuple not in set(map(type, chain.from_iterable(values))):  # not one group: all texts
        none = settings(field, ())
        assert field.one_of is not None
        return {field.name: values, field.one_of: [none[field.one_of]] * len(values)}
    each = [settings(field, value) for value in values]
    return {name: [s[name] for s in each] for name in each[0]}
