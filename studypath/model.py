"""The resource graph as plain, immutable data: topics, their prerequisites and resources."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Topic and resource ids: lowercase ASCII letters, digits and ``. _ + -``; '/' is reserved.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._+-]*")

#: The kinds a resource may have, in the order they are documented.
KINDS = (
    "course",
    "video",
    "book",
    "article",
    "paper",
    "docs",
    "exercises",
    "podcast",
    "other",
)


@dataclass(frozen=True, slots=True)
class Resource:
    """Something to study for a topic: a course, a video, a book chapter..."""

    topic_id: str
    id: str
    title: str
    kind: str = "other"
    url: str | None = None
    hours: float | None = None
    free: bool | None = None
    optional: bool = False
    note: str | None = None

    @property
    def full_id(self) -> str:
        """The resource's id across the graph: ``topic-id/resource-id``."""
        return f"{self.topic_id}/{self.id}"


@dataclass(frozen=True, slots=True)
class Topic:
    """A thing to learn, with the topics it needs first and what to study for it.

    ``requires`` are its hard prerequisites: every one is needed. ``one_of`` are its one-of
    groups (``requires: [a, {one-of: [b, c]}]`` in a graph file): each is two or more topic ids,
    of which any one will do. Both hold topic ids (aliases resolved), in file order.
    """

    id: str
    title: str
    summary: str | None = None
    aliases: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    hours: float | None = None
    resources: tuple[Resource, ...] = ()
    line: int = 0
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def all_requires(self) -> tuple[str, ...]:
        """Every topic it names as a prerequisite: the hard ones, then every alternative of its
        one-of groups, without repeats. Stages, cycles and dependents follow these."""
        if not self.one_of:
            return self.requires
        return tuple(dict.fromkeys([*self.requires, *(t for g in self.one_of for t in g)]))

    @property
    def required_resources(self) -> tuple[Resource, ...]:
        """The resources that must be studied to complete the topic (not optional ones)."""
        return tuple(r for r in self.resources if not r.optional)

    @property
    def estimated_hours(self) -> float | None:
        """Hours to complete the topic: its required resources' estimates, else its own."""
        stated = [r.hours for r in self.resources if not r.optional and r.hours is not None]
        if stated:
            return sum(stated)
        return self.hours


def topic_of(item_id: str) -> str:
    """The topic id in an item id: ``pca`` for both ``pca`` and ``pca/coursera``."""
    return item_id.partition("/")[0]


class Graph:
    """A validated resource graph. Topics keep the order of the file they came from.

    Every ``requires`` entry and one-of alternative is a topic id of this graph (aliases are
    resolved on load), and every topic has a *stage*: one more than the highest stage among
    its prerequisites, every alternative of a one-of group counted (:func:`.planner.layers`).
    A graph is immutable. It is built from its topics, or (:meth:`from_index`) from an index of
    ids, aliases and stages plus a function that builds a topic when it is first needed, so
    that a plan over a huge cached graph only builds the topics it holds.
    """

    __slots__ = (
        "_aliases", "_dependents", "_index", "_load", "_load_many", "_missing", "_stages",
        "_topics", "meta", "source", "title", "warnings",
    )  # fmt: skip

    def __init__(
        self,
        title: str,
        topics: Sequence[Topic],
        source: str = "<memory>",
        stages: Mapping[str, int] | None = None,
        meta: Mapping[str, Any] | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        self.title = title
        self.source = source
        #: What a graph that extends another names but its base no longer has (file:line).
        self.warnings = tuple(warnings)
        #: The graph file's other top-level fields (``summary``...), by name, when given.
        self.meta: dict[str, Any] = dict(meta or {})
        self._topics: list[Topic | None] = list(topics)
        self._index = {t.id: i for i, t in enumerate(topics)}
        self._aliases = {a: t.id for t in topics for a in t.aliases}
        self._load: Callable[[int], Topic] | None = None
        self._load_many: Callable[[list[int]], Sequence[Topic]] | None = None
        self._missing = 0  # topics not built yet
        self._stages = dict(stages) if stages is not None else None
        self._dependents: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def from_index(
        cls,
        title: str,
        ids: Sequence[str],
        aliases: dict[str, str],
        stages: Mapping[str, int],
        load: Callable[[int], Topic],
        source: str = "<memory>",
        meta: Mapping[str, Any] | None = None,
        build_many: Callable[[list[int]], Sequence[Topic]] | None = None,
    ) -> Graph:
        """A graph whose topic number ``i`` (file order) is ``load(i)``, built on first use;
        ``build_many(positions)``, when given, builds several at once, in the order asked
        (every topic not built yet, when all of them are needed)."""
        graph = cls(title, (), source, stages, meta)
        graph._topics = [None] * len(ids)
        graph._missing = len(ids)
        graph._index = {topic_id: i for i, topic_id in enumerate(ids)}
        graph._aliases = aliases
        graph._load = load
        graph._load_many = build_many
        return graph

    def __repr__(self) -> str:
        return f"Graph({self.title!r}, {len(self)} topics, source={self.source!r})"

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._index

    def __len__(self) -> int:
        return len(self._topics)

    @property
    def ids(self) -> Iterable[str]:
        """Every topic id, in file order."""
        return self._index.keys()

    @property
    def topics(self) -> tuple[Topic, ...]:
        """Every topic, in file order."""
        if self._missing and self._load_many is not None:
            built = self._topics
            missing = [i for i, topic in enumerate(built) if topic is None]
            for position, topic in zip(missing, self._load_many(missing), strict=True):
                built[position] = topic
            self._missing = 0
        if self._missing:
            return tuple(self._topic_at(i) for i in range(len(self._topics)))
        return tuple(self._topics)  # type: ignore[arg-type]  # none is None now

    def _topic_at(self, position: int) -> Topic:
        topic = self._topics[position]
        if topic is None:
            assert self._load is not None
            topic = self._topics[position] = self._load(position)
            self._missing -= 1
        return topic

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (KeyError if there is none)."""
        return self._topic_at(self._index[topic_id])

    def topics_of(self, topic_ids: Iterable[str]) -> list[Topic]:
        """The topics with these ids (KeyError for one there is none), in this order; those not
        built yet are built together, as :attr:`topics` builds them."""
        positions = [self._index[topic_id] for topic_id in topic_ids]
        if self._missing and self._load_many is not None:
            built = self._topics
            missing = sorted({p for p in positions if built[p] is None})
            if missing:
                for position, topic in zip(missing, self._load_many(missing), strict=True):
                    built[position] = topic
                self._missing -= len(missing)
        return [self._topic_at(position) for position in positions]

    def position(self, topic_id: str) -> int:
        """Where the topic stands in the graph file (0 for the first)."""
        return self._index[topic_id]

    @property
    def from_cache(self) -> bool:
        """Whether the topics are built on first use, from the graph cache."""
        return self._load is not None

    @property
    def stages(self) -> Mapping[str, int]:
        """Every topic's stage (computed on first use for a graph built in memory)."""
        if self._stages is None:
            from .planner import layout

            self._stages = layout(self)
        return self._stages

    def dependents(self, topic_id: str) -> tuple[str, ...]:
        """The topics that require ``topic_id`` directly, in file order: as a hard prerequisite
        or as an alternative of a one-of group (one that may be needed, as the stages count it).

        The reverse index is built on first use, from every topic's prerequisites: on a graph
        from the cache, that builds every topic once (see the README's Performance section),
        so call it only when the answer is needed.
        """
        if self._dependents is None:
            found: dict[str, list[str]] = {}
            for topic in self.topics:
                for required in topic.all_requires:
                    found.setdefault(required, []).append(topic.id)
            self._dependents = {t: tuple(d) for t, d in found.items()}
        return self._dependents.get(topic_id, ())

    def canonical(self, name: str) -> str | None:
        """The topic id that ``name`` (an id or an alias) stands for, or None."""
        if name in self._index:
            return name
        return self._aliases.get(name)

    @property
    def aliases(self) -> dict[str, str]:
        """Every alias, with the topic id it stands for."""
        return dict(self._aliases)

    def resource(self, full_id: str) -> Resource | None:
        """The resource with this ``topic-id/resource-id``, or None."""
        topic_id, _, resource_id = full_id.partition("/")
        if topic_id not in self._index:
            return None
        for resource in self.topic(topic_id).resources:
            if resource.id == resource_id:
                return resource
        return None

    def item(self, item_id: str) -> Topic | Resource | None:
        """The topic or resource recorded under ``item_id``, or None."""
        if item_id in self._index:
            return self.topic(item_id)
        return self.resource(item_id) if "/" in item_id else None

    @property
    def resource_count(self) -> int:
        return sum(len(t.resources) for t in self.topics)
