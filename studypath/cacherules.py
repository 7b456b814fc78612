"""The rules a value read from the graph cache must follow: the validator's (:mod:`.nodereader`),
applied to a whole *column* of values at once (every topic's title, every resource's URL...).

A rule takes a list of values and returns them as the model holds them (``hours`` as floats,
lists as tuples), or raises :class:`Damaged` (or another of :data:`BROKEN`) when any one of
them breaks it. A column passes exactly when each of its values would pass alone (the tests
hold every rule to that), so a rule checks one value as a column of one (:func:`checked`):
each rule is written once. Most checks run over the whole column in C (types by ``set(map(type,
...))``, texts joined), which is what makes reading a 100,000-topic graph's rows cheap. The
index's ids, aliases and graph fields (the file's first line) are checked here too.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from itertools import chain
from typing import Any

from .model import ID_PATTERN, KINDS, Graph
from .schema import GRAPH_FIELDS, ONE_OF, Field
from .words import UNSEEN

#: :data:`studypath.nodereader.MAX_HOURS` (not imported: that module loads PyYAML).
MAX_HOURS = 100_000

#: A rule over a column of values (see the module's docstring), and one over a single value.
Column = Callable[[list[Any]], list[Any]]
Check = Callable[[Any], Any]


class Damaged(ValueError):
    """A value read from the cache breaks a rule."""


#: Whatever a damaged file can make the JSON decoder or the checks raise.
BROKEN = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError,
          OverflowError)  # fmt: skip
#: Any number of ids, one per line: a whole column of ids is checked with one match.
_IDS = re.compile(f"(?:{ID_PATTERN.pattern}\n)*{ID_PATTERN.pattern}")
#: Text that no YAML file can hold (UTF-8 cannot encode it, so no output could show it).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The start of a link the validator takes: ``http://`` or ``https://`` in any case, then
#: something other than slashes. (No character outside ASCII lowercases to these letters.)
_WEB = re.compile("[hH][tT][tT][pP][sS]?://+[^/]")
_KINDS = frozenset(KINDS)


def only(values: list[Any], kind: type) -> bool:
    """Whether every value is of exactly this type (``True`` is no ``int``)."""
    return set(map(type, values)) <= {kind}


def texts(values: list[Any]) -> list[Any]:
    """Text: not empty or only white space, and without lone surrogates."""
    if not only(values, str) or not all(values) or any(map(str.isspace, values)):
        raise Damaged("text")
    joined = "".join(values)
    if not joined.isascii() and _SURROGATE.search(joined):
        raise Damaged("text")
    return values


def urls(values: list[Any]) -> list[Any]:
    """An ``http://`` or ``https://`` link to somewhere, with no character that cannot be
    seen."""
    texts(values)
    if UNSEEN.search("".join(values)) or not all(map(_WEB.match, values)):
        raise Damaged("url")
    return values


def kinds(values: list[Any]) -> list[Any]:
    if not only(values, str) or not _KINDS.issuperset(values):
        raise Damaged("kind")
    return values


def ids(values: list[Any]) -> list[Any]:
    if not only(values, str):
        raise Damaged("id")
    if values:
        joined = "\n".join(values)
        if not _IDS.fullmatch(joined) or joined.count("\n") != len(values) - 1:
            raise Damaged("id")
    return values


def hours(values: list[Any]) -> list[Any]:
    """A number from 0 to :data:`MAX_HOURS` (NaN is not one), as a float (``-0`` as 0)."""
    if not set(map(type, values)) <= {int, float} or not all(
        0 <= value <= MAX_HOURS for value in values
    ):
        raise Damaged("hours")
    return [float(value) + 0.0 for value in values]


def flags(values: list[Any]) -> list[Any]:
    if not only(values, bool):
        raise Damaged("flag")
    return values


def lists(values: list[Any]) -> list[Any]:
    if not only(values, list):
        raise Damaged("list")
    return values


def id_lists(values: list[Any]) -> list[Any]:
    """Lists of ids, none twice in a list, as tuples."""
    ids(list(chain.from_iterable(lists(values))))
    _distinct(values)
    return list(map(tuple, values))


def refs(values: list[Any]) -> list[Any]:
    """Lists of texts, none twice, and one-of groups, ``{"one-of": [...]}``: two texts or more,
    none twice or among the list's texts, no group twice in any order (as the validator links
    them); as tuples of the texts, then the groups (a tuple each)."""
    every = list(chain.from_iterable(lists(values)))
    if only(every, str):  # no group anywhere, as in most graphs: all checked at once
        texts(every)
        _distinct(values)
        return list(map(tuple, values))
    return list(map(_refs, values))


def _refs(value: list[Any]) -> tuple[str | tuple[str, ...], ...]:
    own = texts([v for v in value if type(v) is not dict])
    groups = [_group(v) for v in value if type(v) is dict]
    sets = [frozenset(g) for g in groups]
    if len(set(own)) != len(own) or len(set(sets)) != len(sets):  # nothing twice
        raise Damaged(value)
    if any(len(s) != len(g) or not s.isdisjoint(own) for s, g in zip(sets, groups, strict=True)):
        raise Damaged(value)
    return (*own, *groups)


def _group(value: dict[Any, Any]) -> tuple[str, ...]:
    if value.keys() != {ONE_OF} or type(value[ONE_OF]) is not list or len(value[ONE_OF]) < 2:
        raise Damaged(value)
    return tuple(texts(value[ONE_OF]))


def _distinct(values: list[list[Any]]) -> None:
    if any(len(set(value)) != len(value) for value in values if len(value) > 1):
        raise Damaged("a value twice")


#: The rules of each kind of value (:attr:`Field.read`), as :mod:`.nodereader` applies them.
RULES: dict[str, Column] = {
    "text": texts,
    "url": urls,
    "kind": kinds,
    "id": ids,
    "hours": hours,
    "flag": flags,
    "ids": id_lists,
    "refs": refs,
    "resources": lists,
}


def column(field: Field, model: type) -> Column:
    """The rule of ``field``'s values: each as the model holds it, if the validator could have
    read it (or left it out, for a field whose default is None)."""
    rule = RULES.get(field.read)
    if rule is None:  # a kind of value with no rules here: its type at least
        rule = functools.partial(_typed, field.type)
    nullable = (
        not field.required
        and dataclasses.is_dataclass(model)
        and any(f.name == field.name and f.default is None for f in dataclasses.fields(model))
    )
    return functools.partial(_or_none, rule) if nullable else rule


def checked(field: Field, model: type) -> Check:
    """:func:`column`'s rule for one value."""
    rule = column(field, model)
    return lambda value: rule([value])[0]


def _typed(expected: type, values: list[Any]) -> list[Any]:
    if not only(values, expected):
        raise Damaged(expected)
    return values


def _or_none(rule: Column, values: list[Any]) -> list[Any]:
    present = [value for value in values if value is not None]
    if len(present) == len(values):
        return rule(values)
    if not present:
        return values
    made = iter(rule(present))
    return [None if value is None else next(made) for value in values]


# -- the index: what the cache file's first line says of the whole graph ------------------------


def index_ids(value: Any) -> list[str]:
    """Valid, unique topic ids (at least one)."""
    if type(value) is not list or not value or len(set(ids(value))) != len(value):
        raise Damaged("ids")
    return value


def index_aliases(value: Any) -> dict[str, str]:
    """Alias -> topic id, every alias a valid id (the targets are checked by the caller)."""
    if type(value) is not dict:
        raise Damaged("aliases")
    ids(list(value))
    return value


def index_meta(value: Any) -> list[tuple[str, Any]]:
    """The graph's other fields, each checked against the schema."""
    fields = {f.name: f for f in GRAPH_FIELDS if f.read not in ("topics",) and f.name != "title"}
    if type(value) is not dict or not value.keys() <= fields.keys():
        raise Damaged(value)
    # Only the values a file gives are kept: None is never one.
    return [(name, checked(fields[name], Graph)(item)) for name, item in value.items()]
