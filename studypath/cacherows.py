"""The graph cache's topic rows: written in the order of the schema's tables, and read back
under the validator's rules (every value's type and rules, resource ids, aliases, prerequisites
and stage), so that a damaged or forged row is refused, never trusted (see :mod:`.cache`)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import StudypathError
from .model import ID_PATTERN, KINDS, Resource, Topic
from .schema import ONE_OF, RESOURCE_FIELDS, TOPIC_FIELDS, Field, data, settings
from .schema import value as field_value
from .words import UNSEEN

#: :data:`studypath.nodereader.MAX_HOURS` (not imported: that module loads PyYAML).
MAX_HOURS = 100_000


class DamagedCacheError(StudypathError):
    """A cache file whose index passed its checks holds a topic that does not."""


class _Damaged(ValueError):
    """A value read from the cache breaks a rule."""


#: Text that no YAML file can hold (UTF-8 cannot encode it, so no output could show it).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Whatever a damaged file can make the JSON decoder or the checks raise.
_BROKEN = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    OverflowError,
)


# -- writing ---------------------------------------------------------------------------------


def _topic_row(topic: Topic) -> list[Any]:
    row = [_encode(field_value(topic, f), f) for f in TOPIC_FIELDS]
    return [*row, topic.line]


def _encode(value: Any, field: Field) -> Any:
    if field.read == "resources":
        return [[getattr(r, f.name) for f in RESOURCE_FIELDS] for r in value]
    return data(value)  # lists as lists, one-of groups as {"one-of": [...]}


# -- reading: one topic -----------------------------------------------------------------------


class _RowLoader:
    """Builds topic number ``i`` from its line of the cache file, checking every value."""

    def __init__(
        self,
        where: Path,
        body: memoryview,
        ids: Sequence[str],
        offsets: Sequence[int],
        aliases: Mapping[str, str],
        stages: Mapping[str, int],
    ) -> None:
        self.where, self.body, self.ids, self.offsets = where, body, ids, offsets
        self.aliases, self.stages = aliases, stages
        self.alias_count: Counter[str] | None = None

    def __call__(self, position: int) -> Topic:
        start = self.offsets[position]
        end = self.offsets[position + 1] if position + 1 < len(self.offsets) else len(self.body)
        topic_id = self.ids[position]
        try:
            topic = _topic(topic_id, json.loads(bytes(self.body[start:end])))
            self.check_links(topic)
            return topic
        except _BROKEN:
            with contextlib.suppress(OSError):  # so that the next run rebuilds it
                self.where.unlink()
            raise DamagedCacheError(
                "the graph cache is damaged; run again with --no-cache or delete "
                f"{self.where.parent}"
            ) from None

    def check_links(self, topic: Topic) -> None:
        """Prerequisites (one-of alternatives included) and aliases as the validator links
        them, and the topic's stage."""
        requires = topic.all_requires
        if topic.id in requires or not all(map(self.stages.__contains__, requires)):
            raise _Damaged("requires")
        stage = 1 + max((self.stages[r] for r in requires), default=0)
        if self.stages[topic.id] != stage:
            raise _Damaged("stage")
        if self.alias_count is None:
            self.alias_count = Counter(self.aliases.values())
        if self.alias_count[topic.id] != len(topic.aliases) or any(
            self.aliases.get(alias) != topic.id for alias in topic.aliases
        ):
            raise _Damaged("aliases")


def _topic(topic_id: str, row: Any) -> Topic:
    if type(row) is not list or len(row) != len(TOPIC_FIELDS) + 1:
        raise _Damaged("row")
    *values, line = row
    if type(line) is not int or line < 1:
        raise _Damaged(line)
    fields = _decoded(_TOPIC_CHECKS, values)
    for field in _GROUPED:  # a list with one-of groups: two attributes of the model
        fields.update(settings(field, fields.pop(field.name)))
    resources = tuple(
        Resource(topic_id=topic_id, **_decoded(_RESOURCE_CHECKS, r))
        for r in fields.pop("resources")
    )
    if len({r.id for r in resources}) != len(resources):
        raise _Damaged("resource ids")
    return Topic(id=topic_id, resources=resources, line=line, **fields)


def _decoded(checks: Sequence[tuple[str, Check]], values: Any) -> dict[str, Any]:
    """Each field's value from a row, checked as the validator checks it (ValueError if not)."""
    if type(values) is not list or len(values) != len(checks):
        raise _Damaged(values)
    return {name: check(value) for (name, check), value in zip(checks, values, strict=True)}


Check = Callable[[Any], Any]


def _checked(field: Field, model: type) -> Check:
    """The check of ``field``'s values: a value as the model holds it, if the validator could
    have read it (or left it out, for a field whose default is None); ValueError if not."""
    rule = _RULES.get(field.read)
    if rule is None:  # a kind of value with no rules here: its type at least
        rule = functools.partial(_typed, field.type)
    nullable = (
        not field.required
        and dataclasses.is_dataclass(model)
        and any(f.name == field.name and f.default is None for f in dataclasses.fields(model))
    )
    return functools.partial(_or_none, rule) if nullable else rule


def _typed(expected: type, value: Any) -> Any:
    if type(value) is not expected:
        raise _Damaged(value)
    return value


def _or_none(rule: Check, value: Any) -> Any:
    return None if value is None else rule(value)


def _text(value: Any) -> str:
    if type(value) is not str or not value or value.isspace():
        raise _Damaged(value)
    if not value.isascii() and _SURROGATE.search(value):
        raise _Damaged(value)
    return value


def _url(value: Any) -> str:
    text = _text(value)
    scheme, sep, rest = text.partition("://")
    if UNSEEN.search(text) or not sep or scheme.lower() not in ("http", "https"):
        raise _Damaged(value)
    if not rest.strip("/"):
        raise _Damaged(value)
    return text


def _kind(value: Any) -> str:
    if type(value) is not str or value not in KINDS:
        raise _Damaged(value)
    return value


def _id(value: Any) -> str:
    if type(value) is not str or not ID_PATTERN.fullmatch(value):
        raise _Damaged(value)
    return value


def _hours(value: Any) -> float:
    if type(value) not in (int, float) or not 0 <= value <= MAX_HOURS:  # NaN is not either
        raise _Damaged(value)
    hours = float(value) + 0.0  # -0 is 0
    if not math.isfinite(hours):  # pragma: no cover - the bounds already exclude it
        raise _Damaged(value)
    return hours


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise _Damaged(value)
    return value


def _list_of(item: Callable[[Any], str]) -> Callable[[Any], tuple[str, ...]]:
    def checked(value: Any) -> tuple[str, ...]:
        if type(value) is not list:
            raise _Damaged(value)
        items = tuple(map(item, value))
        if len(set(items)) != len(items):
            raise _Damaged(value)
        return items

    return checked


def _refs(value: Any) -> tuple[str | tuple[str, ...], ...]:
    """Texts, none twice, and one-of groups, ``{"one-of": [...]}``: two texts or more, none
    twice or among the texts, no group twice in any order (as the validator links them)."""
    if type(value) is not list:
        raise _Damaged(value)
    texts = tuple([_text(v) for v in value if type(v) is not dict])
    groups = tuple([_group(v) for v in value if type(v) is dict])
    sets = [frozenset(g) for g in groups]
    if len(set(texts)) != len(texts) or len(set(sets)) != len(sets):  # nothing twice
        raise _Damaged(value)
    if any(len(s) != len(g) or not s.isdisjoint(texts) for s, g in zip(sets, groups, strict=True)):
        raise _Damaged(value)
    return (*texts, *groups)


def _group(value: dict[Any, Any]) -> tuple[str, ...]:
    if value.keys() != {ONE_OF} or type(value[ONE_OF]) is not list or len(value[ONE_OF]) < 2:
        raise _Damaged(value)
    return tuple(map(_text, value[ONE_OF]))


def _resources(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _Damaged(value)
    return value


#: The rules of each kind of value (:attr:`Field.read`), as :mod:`.nodereader` applies them.
_RULES: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "url": _url,
    "kind": _kind,
    "id": _id,
    "hours": _hours,
    "flag": _flag,
    "ids": _list_of(_id),
    "refs": _refs,
    "resources": _resources,
}
_TOPIC_CHECKS = [(f.name, _checked(f, Topic)) for f in TOPIC_FIELDS]
_RESOURCE_CHECKS = [(f.name, _checked(f, Resource)) for f in RESOURCE_FIELDS]
#: The topic fields whose lists may hold one-of groups (``requires``).
_GROUPED = [f for f in TOPIC_FIELDS if f.one_of]
