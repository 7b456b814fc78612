"""Typed readers over YAML nodes: each reads one kind of value or records a problem where it is."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studypath.errors import Problem
from studypath.model import KINDS
from studypath.nodereader import MAX_HOURS, Group, Located, NodeReader, describe, hint
from studypath.words import UNSEEN
from studypath.words import hours as hours_text
from studypath.yamlnodes import STR, MappingNode, Node, ScalarNode, compose

SOURCE = "graph.yaml"


def node(text: str) -> Node:
    """The node of a YAML document holding one value."""
    root = compose(text)
    assert root is not None
    return root


def fields(text: str) -> dict[str, Node]:
    """The value nodes of a YAML mapping, by key."""
    root = node(text)
    assert isinstance(root, MappingNode)
    return {key.value: value for key, value in root.value if isinstance(key, ScalarNode)}


def messages(reader: NodeReader) -> list[str]:
    return [str(problem) for problem in reader.problems]


def read_one(method: str, text: str) -> tuple[object, list[str]]:
    """What ``NodeReader.<method>`` gives for a document holding one value, and its problems."""
    reader = NodeReader(SOURCE)
    value = getattr(reader, method)(node(text), "`x`")
    return value, messages(reader)


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("1984", "1984"),  # a number is kept as written
        ("3.50", "3.50"),
        ("yes", "yes"),
        ("2024-01-01", "2024-01-01"),
        ("'quoted'", "quoted"),
        ("!!str 3", "3"),
        ('"  padded  "', "  padded  "),
    ],
)
def test_text_is_kept_as_written(text: str, expected: str) -> None:
    assert read_one("text", text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("~", "`x` must be text, not an empty value"),
        ("null", "`x` must be text, not an empty value"),
        ("''", "`x` is empty"),
        ("'   '", "`x` is empty"),
        ("[a]", "`x` must be text, not a list"),
        ("{a: b}", "`x` must be text, not a mapping"),
        ("!!binary aGk=", "`x` must be text, not a value tagged `tag:yaml.org,2002:binary`"),
    ],
)
def test_text_refuses_what_is_not_text(text: str, problem: str) -> None:
    assert read_one("text", text) == (None, [f"{SOURCE}:1:1: {problem}"])


# -- hours ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3.0),
        ("2.5", 2.5),
        ("0", 0.0),
        (".5", 0.5),
        ("+2", 2.0),
        ("1_000", 1000.0),
        ("1.0e+3", 1000.0),
        (str(MAX_HOURS), float(MAX_HOURS)),
        (f"{MAX_HOURS}.0", float(MAX_HOURS)),
    ],
)
def test_hours_reads_numbers(text: str, expected: float) -> None:
    value, problems = read_one("hours", text)
    assert problems == []
    assert value == expected
    assert isinstance(value, float)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-1", "`x` must not be negative (got -1)"),
        ("-0.5", "`x` must not be negative (got -0.5)"),
        (f"{MAX_HOURS + 1}", f"`x` must be at most {MAX_HOURS:,} hours (got {MAX_HOURS + 1})"),
        (f"{MAX_HOURS}.5", f"`x` must be at most {MAX_HOURS:,} hours (got {MAX_HOURS}.5)"),
        ("1.0e+6", f"`x` must be at most {MAX_HOURS:,} hours (got 1.0e+6)"),
        (".inf", "`x` must be a number of hours, not `.inf`"),
        ("-.inf", "`x` must be a number of hours, not `-.inf`"),
        (".nan", "`x` must be a number of hours, not `.nan`"),
        ("1" + "0" * 400, "`x` must be a number of hours, not `1" + "0" * 400 + "`"),  # inf
        ("'3'", "`x` must be a number of hours, not `3`"),  # quoted: text
        ("three", "`x` must be a number of hours, not `three`"),
        ("0x10", "`x` must be a number of hours, not `0x10`"),
        ("1:30", "`x` must be a number of hours, not `1:30`"),
        ("true", "`x` must be a number of hours, not `true`"),
        ("~", "`x` must be a number of hours, not an empty value"),
        ("[1]", "`x` must be a number of hours, not a list"),
    ],
)
def test_hours_refuses_what_is_not_a_number_of_hours(text: str, problem: str) -> None:
    assert read_one("hours", text) == (None, [f"{SOURCE}:1:1: {problem}"])


@pytest.mark.parametrize("text", ["-0", "-0.0"])
def test_negative_zero_hours_is_not_negative(text: str) -> None:
    # At b775ba0, `hours: -0` passed the `value < 0` check and was kept as -0.0, shown "-0 h".
    value, problems = read_one("hours", text)
    assert isinstance(value, float) or value is None
    if value is not None:
        assert math.copysign(1.0, value) == 1.0
        assert hours_text(value) == "0 h"
    else:
        assert problems


# -- flag -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("True", True), ("yes", True), ("ON", True), ("false", False), ("No", False)],
)
def test_flag_reads_booleans(text: str, expected: bool) -> None:
    assert read_one("flag", text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "shown"), [("'true'", "`true`"), ("1", "`1`"), ("~", "an empty value"), ("y", "`y`")]
)
def test_flag_refuses_anything_else(text: str, shown: str) -> None:
    assert read_one("flag", text) == (
        None,
        [f"{SOURCE}:1:1: `x` must be true or false, not {shown}"],
    )


# -- refs and ids -----------------------------------------------------------------------------


def values(located: object) -> list[str]:
    assert isinstance(located, list)
    out = []
    for entry in located:
        assert isinstance(entry, Located)
        out.append(entry.value)
    return out


def test_refs_reads_a_list_and_drops_repeats() -> None:
    value, problems = read_one("refs", "[a, b, a, c, b]")
    assert values(value) == ["a", "b", "c"]
    assert problems == []


def test_refs_reads_a_single_text_as_a_list_of_one() -> None:
    value, problems = read_one("refs", "linear-algebra")
    assert values(value) == ["linear-algebra"]
    assert problems == []


def test_refs_of_nothing_is_an_empty_list() -> None:
    assert read_one("refs", "~") == ([], [])
    assert read_one("refs", "[]") == ([], [])


def test_refs_keeps_the_node_of_each_entry() -> None:
    reader = NodeReader(SOURCE)
    refs = reader.refs(fields("requires:\n  - a\n  - b\n  - a\n")["requires"], "`requires`")
    assert [(r[0], r.node.line, r.node.column) for r in refs] == [("a", 1, 4), ("b", 2, 4)]


def test_refs_reports_each_bad_entry_where_it_is() -> None:
    value, problems = read_one("refs", "[a, ~, [b], '', {c: d}]")
    assert values(value) == ["a"]
    assert problems == [
        f"{SOURCE}:1:5: `x` entry must be text, not an empty value",
        f"{SOURCE}:1:8: `x` entry must be text, not a list",
        f"{SOURCE}:1:13: `x` entry is empty",
        f"{SOURCE}:1:18: `x` entry: unknown key `c`: write a one-of group `{{one-of: [a, b]}}`",
    ]


def test_refs_refuses_a_mapping() -> None:
    assert read_one("refs", "{a: 1}") == (
        [],
        [f"{SOURCE}:1:1: `x` must be a list of ids, not a mapping"],
    )


def test_ids_keeps_only_valid_ids() -> None:
    value, problems = read_one("ids", "[la, Linear Algebra, linalg, -x, a/b]")
    assert values(value) == ["la", "linalg"]
    assert len(problems) == 3
    assert problems[0].startswith(f"{SOURCE}:1:6: `x` entry `Linear Algebra` is not a valid id")
    assert problems[1].startswith(f"{SOURCE}:1:30: `x` entry `-x` is not a valid id")
    assert problems[2].startswith(f"{SOURCE}:1:34: `x` entry `a/b` is not a valid id")
    assert "use lowercase letters, digits and . _ + -" in problems[0]


def test_ids_of_a_single_text() -> None:
    value, problems = read_one("ids", "la")
    assert values(value) == ["la"]
    assert problems == []


@pytest.mark.parametrize("text", ["pca", "pca-2", "a.b_c+d", "9lives"])
def test_id_reads_valid_ids(text: str) -> None:
    assert read_one("id", text) == (text, [])


@pytest.mark.parametrize("text", ["PCA", "my id", "_x", "a/b", "é"])
def test_id_refuses_invalid_ids(text: str) -> None:
    value, problems = read_one("id", text)
    assert value is None
    assert len(problems) == 1
    assert problems[0].startswith(f"{SOURCE}:1:1: `x` `{text}` is not a valid id")


def test_id_that_is_not_text_is_one_problem() -> None:
    assert read_one("id", "~") == (None, [f"{SOURCE}:1:1: `x` must be text, not an empty value"])


# -- kind -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_kind_reads_every_kind(kind: str) -> None:
    assert read_one("kind", kind) == (kind, [])


@pytest.mark.parametrize(
    ("typed", "meant"), [("bok", "book"), ("Book", "book"), ("vidoe", "video")]
)
def test_kind_misspelt_comes_with_a_hint(typed: str, meant: str) -> None:
    problem = f"{SOURCE}:1:1: `x` `{typed}` is not a kind — did you mean `{meant}`?"
    assert read_one("kind", typed) == (None, [problem])


def test_kind_far_from_any_lists_them_all() -> None:
    value, problems = read_one("kind", "lecture-notes")
    assert value is None
    assert problems == [
        f"{SOURCE}:1:1: `x` `lecture-notes` is not a kind (expected one of: {', '.join(KINDS)})"
    ]


# -- url --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/a?b=c#d",
        "https://example.org/a b",  # a space is visible
        "https://example.org/\u00a0",  # so is a no-break space
        "https://example.org/\u2010",  # a hyphen, next to the zero-width range
        "https://example.org/\u2065",  # between the invisible operators and the isolates
    ],
)
def test_url_reads_links(url: str) -> None:
    assert read_one("url", f'"{url}"') == (url, [])


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org", "example.org", "https://", "https:///", "https:/example.org", "//x"],
)
def test_url_must_be_an_http_link(url: str) -> None:
    problem = f"{SOURCE}:1:1: `x` must be an http:// or https:// link, not `{url}`"
    assert read_one("url", f'"{url}"') == (None, [problem])


UNSEEN_SAMPLES = [
    0x00,  # C0
    0x09,
    0x0A,
    0x1B,
    0x1F,
    0x7F,  # DEL
    0x80,  # C1
    0x85,
    0x9F,
    0x061C,  # Arabic letter mark
    0x200B,  # zero-width space
    0x200E,  # left-to-right mark
    0x200F,
    0x2028,  # line separator
    0x2029,  # paragraph separator
    0x202A,  # bidi embeddings and overrides
    0x202E,
    0x2060,  # word joiner and invisible operators
    0x2064,
    0x2066,  # bidi isolates
    0x2069,
    0xFEFF,  # byte-order mark
]


@pytest.mark.parametrize("code", UNSEEN_SAMPLES, ids=[f"U+{c:04X}" for c in UNSEEN_SAMPLES])
def test_url_with_an_unseen_character_is_refused(code: int) -> None:
    text = f'"https://example.org/a\\u{code:04x}b"'  # a YAML escape
    assert read_one("url", text) == (None, [f"{SOURCE}:1:1: `x` contains control characters"])


def test_url_that_is_not_text_is_one_problem() -> None:
    assert read_one("url", "~") == (None, [f"{SOURCE}:1:1: `x` must be text, not an empty value"])


# -- where problems are -----------------------------------------------------------------------

DOCUMENT = """\
topic:
  title: ~
  hours: -3
  free: maybe
  kind: bok
  url: "https://x.org/\\u202e"
  requires: [ok, ~]
  id: Bad
"""


def test_every_problem_has_the_line_and_column_of_its_value() -> None:
    topic = fields(DOCUMENT)["topic"]
    assert isinstance(topic, MappingNode)
    reader = NodeReader(SOURCE)
    entries = reader.mapping(topic, "topic")
    assert entries is not None
    assert reader.text(entries["title"].value, "title") is None
    assert reader.hours(entries["hours"].value, "hours") is None
    assert reader.flag(entries["free"].value, "free") is None
    assert reader.kind(entries["kind"].value, "kind") is None
    assert reader.url(entries["url"].value, "url") is None
    assert values(reader.refs(entries["requires"].value, "requires")) == ["ok"]
    assert reader.id(entries["id"].value, "id") is None
    where = [(p.path, p.line, p.column) for p in reader.problems]
    assert where == [
        (SOURCE, 2, 10),
        (SOURCE, 3, 10),
        (SOURCE, 4, 9),
        (SOURCE, 5, 9),
        (SOURCE, 6, 8),
        (SOURCE, 7, 18),
        (SOURCE, 8, 7),
    ]
    assert all(isinstance(p, Problem) for p in reader.problems)


def test_readers_collect_every_problem_instead_of_stopping() -> None:
    reader = NodeReader(SOURCE)
    for text in ("~", "[]", "{}"):
        reader.text(node(text), "t")
        reader.hours(node(text), "h")
    assert len(reader.problems) == 6


# -- mappings and keys ------------------------------------------------------------------------


def test_mapping_reports_duplicate_and_non_text_keys() -> None:
    reader = NodeReader(SOURCE)
    entries = reader.mapping(node("a: 1\nb: 2\na: 3\n[x]: 4\n"), "topic")
    assert entries is not None
    assert list(entries) == ["a", "b"]
    assert entries["a"].value.value == "1"  # the first one is kept
    assert messages(reader) == [
        f"{SOURCE}:3:1: topic: duplicate key `a` (first at line 1)",
        f"{SOURCE}:4:1: topic: keys must be plain text, not a list",
    ]


def test_mapping_refuses_what_is_not_a_mapping() -> None:
    reader = NodeReader(SOURCE)
    assert reader.mapping(node("[a]"), "topic") is None
    assert messages(reader) == [f"{SOURCE}:1:1: topic must be a mapping, not a list"]


def test_check_keys_hints_at_misspelt_keys_and_names_missing_ones() -> None:
    reader = NodeReader(SOURCE)
    root = node("require: [a]\nzzz: 1\n")
    entries = reader.mapping(root, "topic `pca`")
    assert entries is not None
    allowed = ("title", "requires", "hours")
    reader.check_keys(entries, root, "topic `pca`", allowed, ("title",))
    assert messages(reader) == [
        f"{SOURCE}:1:1: topic `pca`: unknown key `require` — did you mean `requires`?",
        f"{SOURCE}:2:1: topic `pca`: unknown key `zzz` (expected one of: title, requires, hours)",
        f"{SOURCE}:1:1: topic `pca`: missing required key `title`",
    ]


def test_hint_and_describe() -> None:
    assert hint("titel", ["title", "summary"]) == " — did you mean `title`?"
    assert hint("q", ["title", "summary"]) == " (expected one of: title, summary)"
    assert describe(node("{a: 1}")) == "a mapping"
    assert describe(node("[1]")) == "a list"
    assert describe(node("~")) == "an empty value"
    assert describe(node("12")) == "`12`"
    assert describe(node("!custom x")) == "a value tagged `!custom`"


# -- added with the streaming reader ----------------------------------------------------------


def test_ids_can_hand_back_the_entries_that_are_not_ids() -> None:
    reader = NodeReader(SOURCE)
    rejected: list[Located] = []
    good = reader.ids(node("[la, Linear Algebra, ~, la-2]"), "`x`", rejected)
    assert values(good) == ["la", "la-2"]
    assert values(rejected) == ["Linear Algebra"]  # text, but no id; `~` is no text at all
    assert len(reader.problems) == 2


def test_a_kind_is_the_models_own_string() -> None:
    value, problems = read_one("kind", "'book'")
    assert problems == [] and value is KINDS[KINDS.index("book")]


def test_problems_at_kept_positions_and_about_keys() -> None:
    reader = NodeReader(SOURCE)
    reader.error_at(4, 0, "somewhere")
    key = node("'k'")
    assert isinstance(key, ScalarNode)
    reader.duplicate_key(key, 3, "topic")
    reader.bad_key(node("[k]"), "topic")
    assert messages(reader) == [
        f"{SOURCE}:5:1: somewhere",
        f"{SOURCE}:1:1: topic: duplicate key `k` (first at line 3)",
        f"{SOURCE}:1:1: topic: keys must be plain text, not a list",
    ]


def test_check_keys_takes_plain_pairs() -> None:
    root = node("a: 1\nzz: 2\n")
    assert isinstance(root, MappingNode)
    reader = NodeReader(SOURCE)
    pairs = {key.value: (key, value) for key, value in root.value if isinstance(key, ScalarNode)}
    reader.check_keys(pairs, root, "m", {"a": None, "b": None}, ["b"])
    assert messages(reader) == [
        f"{SOURCE}:2:1: m: unknown key `zz` (expected one of: a, b)",
        f"{SOURCE}:1:1: m: missing required key `b`",
    ]


@given(st.text(alphabet=st.characters(max_codepoint=0x2100), max_size=30))
def test_url_finds_every_unseen_character_the_slow_way_would(rest: str) -> None:
    url = "https://example.org/" + rest
    reader = NodeReader(SOURCE)
    found = reader.url(ScalarNode(url, 0, 0, STR), "`x`")
    if UNSEEN.search(url):
        assert found is None
        assert messages(reader) == [f"{SOURCE}:1:1: `x` contains control characters"]
    else:
        assert found == url


def test_a_kind_that_is_not_text_is_one_problem() -> None:
    assert read_one("kind", "[book]") == (None, [f"{SOURCE}:1:1: `x` must be text, not a list"])


# -- one-of groups in `requires` ------------------------------------------------------------


def test_refs_reads_one_of_groups_after_the_texts_each_entry_with_its_node() -> None:
    reader = NodeReader(SOURCE)
    text = "requires:\n  - {one-of: [b, c]}\n  - a\n  - one-of: [d, e, f]\n"
    found = reader.refs(fields(text)["requires"], "`requires`")
    assert reader.problems == []
    assert [type(entry) for entry in found] == [Located, Group, Group]
    first, second = found[1], found[2]
    assert isinstance(first, Group) and isinstance(second, Group)
    assert [(e.value, e.node.line, e.node.column) for e in first.entries] == [
        ("b", 1, 14),
        ("c", 1, 17),
    ]
    assert (first.node.line, first.node.column) == (1, 4)
    assert values(second.entries) == ["d", "e", "f"]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("[{one-of: [b]}]", ["1:2: `x`: `one-of` has one topic: a one-of group needs at least "
                             "two topics; write the id alone"]),
        ("[{one-of: []}]", ["1:2: `x`: `one-of` is empty: a one-of group needs at least two "
                            "topics"]),
        ("[{one-of: b}]", ["1:11: `x`: `one-of` must be a list of topic ids, not `b`"]),
        ("[{one-of: ~}]", ["1:11: `x`: `one-of` must be a list of topic ids, not an empty value"]),
        ("[{one-of: {b: c}}]", ["1:11: `x`: `one-of` must be a list of topic ids, not a mapping"]),
        ("[{one-of: [b, c, b]}]", ["1:18: `x`: `one-of` names `b` twice"]),
        ("[{one-of: [b, [c], '']}]", ["1:15: `x`: `one-of` entry must be text, not a list",
                                      "1:20: `x`: `one-of` entry is empty"]),
        ("[{one_of: [b, c]}]", ["1:3: `x` entry: unknown key `one_of` — did you mean `one-of`?"]),
        ("[{any: [b, c]}]", ["1:3: `x` entry: unknown key `any`: write a one-of group "
                             "`{one-of: [a, b]}`"]),
        ("[{one-of: [b, c], also: d}]", ["1:19: `x` entry: unknown key `also`: write a one-of "
                                         "group `{one-of: [a, b]}`"]),
        ("[{}]", ["1:2: `x` entry is an empty mapping: write a one-of group `{one-of: [a, b]}`"]),
        ("[{one-of: [b, c], one-of: [d, e]}]", ["1:19: `x` entry: duplicate key `one-of` (first "
                                                "at line 1)"]),
        ("{one-of: [b, c]}", ["1:1: `x` must be a list, not a mapping: write `[{one-of: [...]}]`"]),
    ],
)  # fmt: skip
def test_a_one_of_group_of_the_wrong_shape_is_a_problem_where_it_is(
    text: str, problems: list[str]
) -> None:
    _, found = read_one("refs", text)
    assert found == [f"{SOURCE}:{p}" for p in problems]


def test_aliases_take_no_groups() -> None:
    value, problems = read_one("ids", "[a, {one-of: [b, c]}]")
    assert values(value) == ["a"]
    assert problems == [f"{SOURCE}:1:5: `x` entry must be text, not a mapping"]


def test_a_group_has_no_repeats_but_the_same_id_may_be_in_a_group_and_alone() -> None:
    value, problems = read_one("refs", "[b, {one-of: [b, c]}, {one-of: [b, c]}]")
    assert problems == []  # what that means is for linking (graphlinks) to say
    assert isinstance(value, list) and len(value) == 3
