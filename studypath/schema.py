"""The graph file's fields, declared once.

Each table lists the keys a graph file may hold at one level, in the order they are documented.
The tables drive the validator (which keys are allowed or required, and how each value is read:
:mod:`.graphfile`), the cache's row format (:mod:`.cache`), the facts shown next to a resource in
the terminal and in Markdown, and the JSON export. A field's default is the model's
(:mod:`.model`): adding a field means a row here, an attribute there, and a line in the README.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Resource, Topic
from .words import hours

#: What each reader gives, for the cache's checks: ``str``, ``float``, ``bool`` or a list.
VALUE_TYPES: dict[str, type] = {
    "text": str,
    "url": str,
    "kind": str,
    "id": str,
    "hours": float,
    "flag": bool,
    "ids": list,
    "refs": list,
    "resources": list,
    "topics": dict,
    "changes": dict,
}


#: The key of a one-of group in a ``requires`` list: ``requires: [a, {one-of: [b, c]}]``.
ONE_OF = "one-of"


@dataclass(frozen=True)
class Field:
    """One key of a graph file.

    ``read`` names the :class:`~studypath.nodereader.NodeReader` method that reads its value
    (``resources`` and ``topics`` are nested tables, read by :mod:`.graphfile`). ``fact``
    turns a value into the short word shown next to a resource ("3.5 h", "free"), or "".
    ``one_of`` names the model attribute that holds the value's one-of groups, for a list that
    may hold them (``requires``): the model keeps the texts in the attribute of the field's
    name and the groups in that one (see :func:`value` and :func:`settings`).
    """

    name: str
    read: str
    required: bool = False
    doc: str = ""
    fact: Callable[[Any], str] | None = None
    one_of: str | None = None

    @property
    def type(self) -> type:
        return VALUE_TYPES[self.read]


GRAPH_FIELDS: tuple[Field, ...] = (
    Field("title", "text", doc="the graph's name (default: the file name)"),
    Field("summary", "text", doc="what the graph covers"),
    Field("licence", "text", doc="the licence the graph's content is under, shown with it"),
    Field("credit", "text", doc="whom to credit for the content, shown with it and in exports"),
    Field("topics", "topics", doc="a mapping of topic id to topic (required without `extends`)"),
    Field("extends", "text", doc="a bundled graph's name or a graph file this one adds to"),
    Field("hide", "ids", doc="with `extends`: the base graph's topics to leave out"),
    Field("change", "changes", doc="with `extends`: base topic id -> what to change in it"),
)

TOPIC_FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=True, doc="what the learner sees"),
    Field("summary", "text", doc="one or two sentences"),
    Field("aliases", "ids", doc="other ids that name the topic (in `requires` and commands)"),
    Field(
        "requires",
        "refs",
        doc="topic ids or aliases to learn first; `{one-of: [a, b]}` for any one of them",
        one_of="one_of",
    ),
    Field("hours", "hours", doc="estimate when no required resource states one"),
    Field("resources", "resources", doc="a list of resources"),
)

#: With ``extends``: what a ``change`` entry may change in a base topic.
CHANGE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", doc="a new title"),
    Field("summary", "text", doc="a new summary"),
    Field("hours", "hours", doc="a new estimate"),
    Field("requires", "refs", doc="replaces the topic's prerequisites"),
    Field("add-requires", "refs", doc="prerequisites added to the topic's own"),
    Field("resources", "resources", doc="resources added to the topic's own"),
)

RESOURCE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=True, doc="what the learner sees"),
    Field("url", "url", doc="an http:// or https:// link"),
    Field("kind", "kind", doc="course, video, book, article, paper, docs, exercises, ..."),
    Field("hours", "hours", doc="estimated hours", fact=hours),
    Field("free", "flag", doc="true when free to use", fact=lambda v: "free" if v else ""),
    Field(
        "optional",
        "flag",
        doc="not needed to complete the topic",
        fact=lambda v: "optional" if v else "",
    ),
    Field("note", "text", doc="a short remark shown under the resource"),
    Field("id", "id", doc="unique within the topic (default: derived from the title)"),
)


def names(fields: Sequence[Field]) -> tuple[str, ...]:
    return tuple(field.name for field in fields)


def default(model: type, name: str) -> Any:
    """The model's default for a field (None for one without a default)."""
    for field in dataclasses.fields(model):
        if field.name == name:
            return None if field.default is dataclasses.MISSING else field.default
    raise KeyError(name)


def facts(resource: Resource) -> list[str]:
    """The short facts shown next to a resource, in the table's order: "3.5 h", "free"..."""
    words = [fact(getattr(resource, name)) for name, fact in _FACTS]
    return [word for word in words if word]


#: The resource fields that have a fact, with it (:func:`facts` runs for every resource shown).
_FACTS = [(f.name, f.fact) for f in RESOURCE_FIELDS if f.fact is not None]


def value(item: Any, field: Field) -> Any:
    """A field's value as the model holds it: the attribute of its name; for a field with
    one-of groups, that attribute's texts followed by each group (a tuple of texts)."""
    own = getattr(item, field.name)
    return (*own, *getattr(item, field.one_of)) if field.one_of else own


def settings(field: Field, value: Any) -> dict[str, Any]:
    """The model's keyword arguments for a field's value as :func:`value` gives it: a list
    with one-of groups goes to two attributes, its texts and its groups."""
    if not field.one_of:
        return {field.name: value}
    texts = tuple([v for v in value if type(v) is str])
    return {field.name: texts, field.one_of: tuple([v for v in value if type(v) is tuple])}


def data(value: Any) -> Any:
    """A value as plain data (JSON): a tuple as a list, a one-of group in it as the graph
    file writes it, ``{"one-of": [...]}``."""
    if type(value) is not tuple:
        return value
    return [{ONE_OF: list(v)} if type(v) is tuple else v for v in value]


def topic_data(topic: Topic) -> dict[str, Any]:
    """A topic's own fields (not its resources) as plain data, lists as lists and one-of
    groups as ``{"one-of": [...]}`` entries of ``requires``."""
    return {f.name: data(value(topic, f)) for f in TOPIC_FIELDS if f.read != "resources"}


def resource_data(resource: Resource) -> dict[str, Any]:
    """A resource's fields for the JSON export, its id in full (``topic/resource``)."""
    data: dict[str, Any] = {"id": resource.full_id}
    data.update((f.name, getattr(resource, f.name)) for f in RESOURCE_FIELDS if f.name != "id")
    return data


#: The schema as the cache records it: a cache written for other fields is rebuilt.
SIGNATURE = ";".join(
    ",".join(f"{f.name}:{f.read}" for f in table)
    for table in (GRAPH_FIELDS, TOPIC_FIELDS, RESOURCE_FIELDS)
)
