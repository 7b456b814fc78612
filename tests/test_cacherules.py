"""The cache's value rules, a column at a time: a column passes exactly when each of its values
passes alone, against plain per-value rules written from the validator's (an oracle sharing no
code with studypath.cacherules), and comes back as each value would."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import cacherules
from studypath.cacherules import BROKEN, MAX_HOURS, RULES, checked, column
from studypath.model import ID_PATTERN, KINDS, Resource, Topic
from studypath.schema import RESOURCE_FIELDS, TOPIC_FIELDS, Field
from studypath.words import UNSEEN

# -- the oracle: one value at a time, as the validator reads it ----------------------------------


class Refused(Exception):
    pass


def text(value: Any) -> str:
    if type(value) is not str or not value or value.isspace():
        raise Refused
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise Refused
    return value


def url(value: Any) -> str:
    link = text(value)
    scheme, sep, rest = link.partition("://")
    if UNSEEN.search(link) or not sep or scheme.lower() not in ("http", "https"):
        raise Refused
    if not rest.strip("/"):
        raise Refused
    return link


def kind(value: Any) -> str:
    if type(value) is not str or value not in KINDS:
        raise Refused
    return value


def topic_id(value: Any) -> str:
    if type(value) is not str or not ID_PATTERN.fullmatch(value):
        raise Refused
    return value


def hours(value: Any) -> float:
    if type(value) not in (int, float) or not 0 <= value <= MAX_HOURS:
        raise Refused
    return float(value) + 0.0


def flag(value: Any) -> bool:
    if type(value) is not bool:
        raise Refused
    return value


def ids(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise Refused
    items = tuple(topic_id(v) for v in value)
    if len(set(items)) != len(items):
        raise Refused
    return items


def refs(value: Any) -> tuple[Any, ...]:
    if type(value) is not list:
        raise Refused
    texts = [text(v) for v in value if type(v) is not dict]
    groups = []
    for v in value:
        if type(v) is dict:
            if list(v) != ["one-of"] or type(v["one-of"]) is not list or len(v["one-of"]) < 2:
                raise Refused
            groups.append(tuple(text(t) for t in v["one-of"]))
    if len(set(texts)) != len(texts) or len({frozenset(g) for g in groups}) != len(groups):
        raise Refused
    for group in groups:
        if len(set(group)) != len(group) or set(group) & set(texts):
            raise Refused
    return (*texts, *groups)


def a_list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise Refused
    return value


ORACLE = {
    "text": text,
    "url": url,
    "kind": kind,
    "id": topic_id,
    "hours": hours,
    "flag": flag,
    "ids": ids,
    "refs": refs,
    "resources": a_list,
}


# -- values to try ------------------------------------------------------------------------------

WORDS = st.text(alphabet="ab -\t\n\x1b\u202e\u00a0éあ\ud800", max_size=6)
SCHEMES = st.sampled_from(
    ["http", "https", "HTTPS", "hTtP", "ftp", "http\u017f", "httpss", "", "x"]
)
URLS = st.builds(
    lambda scheme, sep, rest: scheme + sep + rest,
    SCHEMES,
    st.sampled_from(["://", ":/", ":///", "", "//"]),
    st.text(alphabet="/a \x1b\u202e\u00a0", max_size=4),
)
IDS = st.text(alphabet="ab0.-+_/A\n", max_size=4)
NUMBERS = st.one_of(
    st.integers(-3, MAX_HOURS + 3),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-0.0, 0.0, float(MAX_HOURS), MAX_HOURS + 0.5, 10**400]),
)
SCALARS = st.one_of(
    WORDS, URLS, IDS, NUMBERS, st.booleans(), st.none(), st.sampled_from([*KINDS, "Video"])
)
GROUPS = st.one_of(
    st.fixed_dictionaries({"one-of": st.lists(IDS, max_size=3)}),
    st.fixed_dictionaries({"one-of": IDS}),
    st.fixed_dictionaries({"any": st.lists(IDS, max_size=3)}),
)
VALUES = st.one_of(SCALARS, st.lists(st.one_of(IDS, WORDS, st.integers(0, 2), GROUPS), max_size=3))


def by_oracle(read: str, values: list[Any], nullable: bool = False) -> list[Any] | None:
    """Each value as the oracle takes it, or None when it refuses one."""
    try:
        return [None if v is None and nullable else ORACLE[read](v) for v in values]
    except Refused:
        return None


def by_column(rule: cacherules.Column, values: list[Any]) -> list[Any] | None:
    try:
        return rule(list(values))
    except BROKEN:
        return None


def alike(got: list[Any] | None, expected: list[Any] | None) -> bool:
    """Equal, of the same types (3.0 is no 3), and NaN nowhere."""
    if got is None or expected is None:
        return got is expected
    return [(type(v), v) for v in got] == [(type(v), v) for v in expected]


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(sorted(RULES)), st.lists(VALUES, max_size=6))
def test_a_column_passes_exactly_when_each_value_does(read: str, values: list[Any]) -> None:
    assert alike(by_column(RULES[read], values), by_oracle(read, values))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([*TOPIC_FIELDS, *RESOURCE_FIELDS]), st.lists(VALUES, max_size=6))
def test_a_field_takes_none_exactly_when_the_model_defaults_to_it(
    field: Field, values: list[Any]
) -> None:
    model: type = Topic if field in TOPIC_FIELDS else Resource
    defaults = {f.name: f.default for f in dataclasses.fields(model)}
    nullable = not field.required and field.name in defaults and defaults[field.name] is None
    expected = by_oracle(field.read, values, nullable)
    assert alike(by_column(column(field, model), values), expected)
    check = checked(field, model)
    for value in values:  # one value: the column of one
        try:
            one: list[Any] | None = [check(value)]
        except BROKEN:
            one = None
        assert alike(one, by_oracle(field.read, [value], nullable))


@pytest.mark.parametrize(
    ("read", "values"),
    [
        ("id", ["a", "-b"]),  # "a-b" is an id; "-b" is not
        ("id", ["a", "a\nb"]),  # two ids, as the lines of a column read
        ("ids", [["a"], ["a", "-b"]]),
        ("text", ["a", "\ud800"]),
        ("text", ["a", " "]),
        ("url", ["https://y", "http", "s://x"]),  # together "https://x"
        ("url", ["https://x", "http\u017f://x"]),  # a long s: "s" to a case-blind match only
        ("url", ["https://x", "https:///"]),
        ("url", ["https://x", "https://a\x1bb"]),
        ("hours", [1, math.nan]),
        ("hours", [math.nan, 1]),
        ("hours", [1, 10**400]),
        ("hours", [1, True]),
        ("kind", ["video", "Video"]),
        ("refs", [["a"], ["a", "a"]]),
        ("refs", [["a"], ["b", {"one-of": ["a", "b"]}]]),
        ("flag", [True, 1]),
    ],
)
def test_one_bad_value_refuses_the_column(read: str, values: list[Any]) -> None:
    assert by_oracle(read, values) is None
    assert by_column(RULES[read], values) is None
    good = [value for value in values if by_oracle(read, [value]) is not None]
    assert good and by_column(RULES[read], good) is not None


def test_what_each_value_becomes() -> None:
    assert alike(RULES["hours"]([0, 2, -0.0, 1.5]), [0.0, 2.0, 0.0, 1.5])
    assert RULES["ids"]([["a", "b"], []]) == [("a", "b"), ()]
    assert RULES["refs"]([["a", {"one-of": ["b", "c"]}], ["d"]]) == [("a", ("b", "c")), ("d",)]
    assert RULES["url"](["HTTPS://X", "http:///x"]) == ["HTTPS://X", "http:///x"]
    (hours_field,) = [f for f in RESOURCE_FIELDS if f.name == "hours"]
    assert alike(column(hours_field, Resource)([None, 3, None]), [None, 3.0, None])
    for rule in RULES.values():
        assert rule([]) == []
