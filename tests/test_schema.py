"""The graph file's fields, declared once: each names its reader and the model's attribute."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pytest

from studypath import schema
from studypath.model import Resource, Topic
from studypath.nodereader import NodeReader
from studypath.schema import (
    GRAPH_FIELDS,
    RESOURCE_FIELDS,
    SIGNATURE,
    TOPIC_FIELDS,
    VALUE_TYPES,
    Field,
    default,
    facts,
    names,
    resource_data,
    topic_data,
)

NESTED = ("resources", "topics", "changes")
TABLES = {"graph": GRAPH_FIELDS, "topic": TOPIC_FIELDS, "resource": RESOURCE_FIELDS}


def signature(
    topic_fields: Sequence[Field],
    resource_fields: Sequence[Field],
    graph_fields: Sequence[Field] = GRAPH_FIELDS,
) -> str:
    """The signature of the tables, the way the schema's own is made."""
    tables = (graph_fields, topic_fields, resource_fields)
    return ";".join(",".join(f"{f.name}:{f.read}" for f in table) for table in tables)


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_field_is_read_by_a_reader_method_or_is_a_nested_table(
    table: tuple[Field, ...],
) -> None:
    for field in table:
        if field.read in NESTED:
            continue
        method = getattr(NodeReader, field.read, None)
        assert callable(method), f"{field.name}: NodeReader has no method `{field.read}`"


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_field_has_a_value_type(table: tuple[Field, ...]) -> None:
    for field in table:
        assert field.type is VALUE_TYPES[field.read]
    assert set(VALUE_TYPES) >= {f.read for f in table}


def test_value_types_match_what_the_readers_give() -> None:
    assert VALUE_TYPES["text"] is str
    assert VALUE_TYPES["hours"] is float
    assert VALUE_TYPES["flag"] is bool
    assert VALUE_TYPES["refs"] is list
    # Every reader named by a value type exists (or is a nested table).
    for read in VALUE_TYPES:
        assert read in NESTED or callable(getattr(NodeReader, read, None)), read


@pytest.mark.parametrize(("table", "model"), [(TOPIC_FIELDS, Topic), (RESOURCE_FIELDS, Resource)])
def test_every_field_is_an_attribute_of_the_model(
    table: tuple[Field, ...], model: type[Topic] | type[Resource]
) -> None:
    attributes = {f.name for f in dataclasses.fields(model)}
    for field in table:
        assert field.name in attributes, f"{model.__name__} has no field `{field.name}`"


def in_order(names_: Sequence[str], expected: Sequence[str]) -> bool:
    """Whether ``expected`` are all among ``names_``, in this order (others may come between)."""
    found = [n for n in names_ if n in expected]
    return found == list(expected)


def test_the_tables_in_their_documented_order() -> None:
    # The fields there are now, in their order; a field added later may come anywhere.
    assert in_order(names(GRAPH_FIELDS), ("title", "summary", "topics"))
    assert in_order(
        names(TOPIC_FIELDS), ("title", "summary", "aliases", "requires", "hours", "resources")
    )
    assert in_order(
        names(RESOURCE_FIELDS), ("title", "url", "kind", "hours", "free", "optional", "note", "id")
    )
    for table in TABLES.values():
        assert table[0].name == "title"
    required = {(level, f.name) for level, t in TABLES.items() for f in t if f.required}
    # `topics` is required too, unless the graph `extends` another (checked by the reader).
    assert required == {("topic", "title"), ("resource", "title")}


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_no_table_names_a_field_twice_and_every_field_is_documented(
    table: tuple[Field, ...],
) -> None:
    assert len(set(names(table))) == len(table)
    assert all(field.doc for field in table)


# -- defaults ---------------------------------------------------------------------------------


def test_default_is_the_models_default() -> None:
    assert default(Resource, "kind") == "other"
    assert default(Resource, "optional") is False
    assert default(Resource, "free") is None
    assert default(Resource, "url") is None
    assert default(Topic, "aliases") == ()
    assert default(Topic, "summary") is None
    assert default(Topic, "line") == 0


def test_default_of_a_field_without_one_is_none() -> None:
    assert default(Resource, "title") is None
    assert default(Topic, "id") is None


def test_default_of_an_unknown_field_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="nonsense"):
        default(Topic, "nonsense")


@pytest.mark.parametrize(("table", "model"), [(TOPIC_FIELDS, Topic), (RESOURCE_FIELDS, Resource)])
def test_every_optional_field_has_a_default_of_its_type(
    table: tuple[Field, ...], model: type[Topic] | type[Resource]
) -> None:
    for field in table:
        if field.required or field.read in NESTED:
            continue
        value = default(model, field.name)
        assert value is None or isinstance(value, field.type) or field.type is list, field.name


# -- facts ------------------------------------------------------------------------------------


def resource(**settings: Any) -> Resource:
    return Resource(topic_id="pca", id="book", title="A book", **settings)


def test_facts_in_the_tables_order() -> None:
    everything = resource(hours=3.5, free=True, optional=True, kind="book", note="ch. 2")
    assert facts(everything) == ["3.5 h", "free", "optional"]


def test_facts_leave_out_what_is_not_stated() -> None:
    assert facts(resource()) == []
    assert facts(resource(free=True)) == ["free"]
    assert facts(resource(free=False, optional=True)) == ["optional"]
    assert facts(resource(hours=19.0)) == ["19 h"]
    assert facts(resource(hours=0.0)) == ["0 h"]


def test_facts_follow_the_table() -> None:
    with_fact = [f.name for f in RESOURCE_FIELDS if f.fact is not None]
    assert in_order(with_fact, ["hours", "free", "optional"])


# -- the JSON export's data -------------------------------------------------------------------


def test_resource_data_carries_every_field_and_the_full_id() -> None:
    item = Resource(
        topic_id="pca",
        id="coursera",
        title="PCA",
        kind="course",
        url="https://example.org/",
        hours=2.5,
        free=False,
        optional=True,
        note="intermediate",
    )
    data = resource_data(item)
    assert set(data) == set(names(RESOURCE_FIELDS))
    known = ("id", "title", "url", "kind", "hours", "free", "optional", "note")
    assert {key: data[key] for key in known} == {
        "id": "pca/coursera",
        "title": "PCA",
        "url": "https://example.org/",
        "kind": "course",
        "hours": 2.5,
        "free": False,
        "optional": True,
        "note": "intermediate",
    }
    assert list(data) == ["id", *(n for n in names(RESOURCE_FIELDS) if n != "id")]


def test_resource_data_keeps_defaults_as_they_are() -> None:
    data = resource_data(resource())
    assert data["id"] == "pca/book"
    assert set(data) == set(names(RESOURCE_FIELDS))
    assert data["kind"] == "other"
    assert data["url"] is None
    assert data["optional"] is False


def test_topic_data_carries_every_topic_field_but_resources() -> None:
    topic = Topic(
        id="pca",
        title="PCA",
        summary="Compressing data",
        aliases=("principal-component-analysis",),
        requires=("linear-algebra", "calculus"),
        hours=4.0,
        resources=(resource(),),
        line=12,
    )
    data = topic_data(topic)
    assert set(data) == {f.name for f in TOPIC_FIELDS if f.read != "resources"}
    assert {key: data[key] for key in ("title", "summary", "aliases", "requires", "hours")} == {
        "title": "PCA",
        "summary": "Compressing data",
        "aliases": ["principal-component-analysis"],
        "requires": ["linear-algebra", "calculus"],
        "hours": 4.0,
    }
    assert topic_data(Topic(id="x", title="X"))["aliases"] == []


# -- the cache's signature --------------------------------------------------------------------


def test_signature_names_every_field_and_its_reader() -> None:
    assert signature(TOPIC_FIELDS, RESOURCE_FIELDS) == SIGNATURE
    assert SIGNATURE.startswith(
        "title:text,summary:text,licence:text,credit:text,topics:topics,extends:text,hide:ids,"
        "change:changes;title:text,summary:text,"
    )
    assert ";title:text,url:url," in SIGNATURE
    assert SIGNATURE == schema.SIGNATURE


def test_signature_changes_when_a_field_is_added_removed_or_read_otherwise() -> None:
    added = (*RESOURCE_FIELDS, Field("level", "text"))
    assert signature(TOPIC_FIELDS, added) != SIGNATURE
    assert signature((*TOPIC_FIELDS, Field("level", "text")), RESOURCE_FIELDS) != SIGNATURE
    assert signature(TOPIC_FIELDS, RESOURCE_FIELDS[:-1]) != SIGNATURE
    graph_added = (*GRAPH_FIELDS, Field("licence", "text"))
    assert signature(TOPIC_FIELDS, RESOURCE_FIELDS, graph_added) != SIGNATURE
    reread = tuple(
        dataclasses.replace(f, read="text") if f.name == "kind" else f for f in RESOURCE_FIELDS
    )
    assert signature(TOPIC_FIELDS, reread) != SIGNATURE
    # A field moved from one table to the other changes it too.
    moved = signature((*TOPIC_FIELDS, RESOURCE_FIELDS[-1]), RESOURCE_FIELDS[:-1])
    assert moved != SIGNATURE
    # Only the name and the reader count: documentation does not.
    redocumented = tuple(dataclasses.replace(f, doc="changed") for f in RESOURCE_FIELDS)
    assert signature(TOPIC_FIELDS, redocumented) == SIGNATURE


# -- one-of groups ------------------------------------------------------------------------------


def test_requires_holds_one_of_groups_in_a_second_attribute() -> None:
    (field,) = [f for f in TOPIC_FIELDS if f.name == "requires"]
    assert field.one_of == "one_of"
    assert [f.name for f in (*TOPIC_FIELDS, *RESOURCE_FIELDS, *GRAPH_FIELDS) if f.one_of] == [
        "requires"
    ]
    topic = Topic(id="d", title="D", requires=("a",), one_of=(("b", "c"), ("c", "e")))
    value = schema.value(topic, field)
    assert value == ("a", ("b", "c"), ("c", "e"))
    assert schema.settings(field, value) == {"requires": ("a",), "one_of": topic.one_of}
    assert schema.data(value) == ["a", {"one-of": ["b", "c"]}, {"one-of": ["c", "e"]}]
    title = TOPIC_FIELDS[0]
    assert schema.value(topic, title) == "D" and schema.settings(title, "D") == {"title": "D"}


def test_topic_data_writes_one_of_groups_as_the_graph_file_does() -> None:
    topic = Topic(id="d", title="D", requires=("a",), one_of=(("b", "c"),))
    assert topic_data(topic)["requires"] == ["a", {"one-of": ["b", "c"]}]
    assert "one_of" not in topic_data(topic)  # the table's keys, and no other
