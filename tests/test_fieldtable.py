"""A mapping read against a table of fields: the problems, in the order, of reading it step by
step with NodeReader (mapping, check_keys, then each field in the table's order)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from studypath.fieldtable import FieldTable
from studypath.nodereader import Located, NodeReader
from studypath.schema import RESOURCE_FIELDS, TOPIC_FIELDS, Field, names
from studypath.yamlnodes import MappingNode, Node, compose

VALUES = [
    "x", "''", "~", "[a, B]", "{a: 1}", "-1", "2.5", "lots", "true", "maybe", "book", "bok",
    '"https://example.org"', "ftp://x", "Bad Id", "ok-id", "!!binary aGk=",
]  # fmt: skip
KEYS = [*names(RESOURCE_FIELDS), *names(TOPIC_FIELDS), "urll", "colour", "[k]"]


def document(data: st.DataObject) -> str:
    """Anchored values first, then one mapping whose keys and values may be aliases of them or
    of each other, repeat, or be no text at all."""
    draw = data.draw
    anchors = [f"&v{i} {draw(st.sampled_from([*VALUES, 'title', 'urll']))}" for i in range(3)]
    entries, named = [], False
    for _ in range(draw(st.integers(0, 7))):
        key = draw(st.sampled_from([*KEYS, "*v0", "*v1"]))
        value = draw(st.sampled_from([*VALUES, "*v0", "*v1", "*v2", "&w [1]", "*w"]))
        if value == "*w" and not named:
            value = "&w [1]"
        named = named or value.startswith("&w")
        entries.append(f"{key}: {value}")
    return f"s: [{', '.join(anchors)}]\nm: {{{', '.join(entries)}}}\n"


def step_by_step(read: NodeReader, node: Node, table: tuple[Field, ...]) -> Any:
    entries = read.mapping(node, "m")
    if entries is None:
        return None
    read.check_keys(entries, node, "m", names(table), [f.name for f in table if f.required])
    return {
        f.name: getattr(read, f.read)(entries[f.name].value, f"m: `{f.name}`")
        for f in table
        if f.name in entries and f.read not in ("resources", "topics")
    }


def plain(values: Any) -> Any:
    """Values with each Located as its text and where its node is."""
    if not isinstance(values, dict):
        return values
    return {
        k: [(v.value, v.node.line, v.node.column) for v in x] if isinstance(x, list) else x
        for k, x in values.items()
        if not (isinstance(x, list) and x and not isinstance(x[0], Located))
    }


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from([RESOURCE_FIELDS, TOPIC_FIELDS]))
def test_a_table_reports_what_reading_step_by_step_does(
    data: st.DataObject, table: tuple[Field, ...]
) -> None:
    root = compose(document(data))
    assert isinstance(root, MappingNode)
    node = root.value[1][1]
    reference = NodeReader("g.yaml")
    expected = step_by_step(reference, node, table)
    read = NodeReader("g.yaml")
    fields = FieldTable(table, read)
    entries = fields.entries(node, "m")
    found = None if entries is None else fields.values(entries, node, "m")
    assert [str(p) for p in read.problems] == [str(p) for p in reference.problems]
    assert plain(found) == plain(expected)


def read(text: str, table: tuple[Field, ...] = RESOURCE_FIELDS) -> list[str]:
    root = compose(text)
    assert isinstance(root, MappingNode)
    reader = NodeReader("g.yaml")
    fields = FieldTable(table, reader)
    node = root.value[-1][1]
    entries = fields.entries(node, "m")
    assert entries is not None
    fields.values(entries, node, "m")
    return [str(p) for p in reader.problems]


def test_two_problems_at_one_place_come_in_the_tables_order() -> None:
    # `hours` comes before `free` in the file, after it in the table
    assert read("m: {free: &x [1], hours: *x, title: T}\n") == [
        "g.yaml:1:11: m: `hours` must be a number of hours, not a list",
        "g.yaml:1:11: m: `free` must be true or false, not a list",
    ]


def test_a_wrong_key_comes_before_the_values_problems() -> None:
    # the unknown key `zz` is also, through an alias, the value of `hours`
    assert read("m: {&k zz: 1, hours: *k, title: T}\n") == [
        "g.yaml:1:5: m: unknown key `zz` (expected one of: title, url, kind, hours, free, "
        "optional, note, id)",
        "g.yaml:1:5: m: `hours` must be a number of hours, not `zz`",
    ]


def test_a_missing_key_is_reported_where_the_caller_says() -> None:
    root = compose("a:\n  summary: x\n")
    assert isinstance(root, MappingNode)
    key, node = root.value[0]
    reader = NodeReader("g.yaml")
    fields = FieldTable(TOPIC_FIELDS, reader)
    entries = fields.entries(node, "topic `a`")
    assert entries is not None
    assert fields.values(entries, node, "topic `a`", missing_at=key) == {"summary": "x"}
    assert [str(p) for p in reader.problems] == [
        "g.yaml:1:1: topic `a`: missing required key `title`"
    ]


def test_skipped_and_replaced_readers() -> None:
    root = compose("m: {title: T, note: N}\n")
    assert isinstance(root, MappingNode)
    node = root.value[0][1]
    reader = NodeReader("g.yaml")
    fields = FieldTable(
        RESOURCE_FIELDS, reader, skip=("title",), readers={"note": lambda n, w: f"<{w}>"}
    )
    entries = fields.entries(node, "m")
    assert entries is not None
    assert fields.values(entries, node, "m") == {"note": "<m: `note`>"}
