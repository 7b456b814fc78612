"""The resource graph as plain, immutable data: topics, their prerequisites and resources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    """A thing to learn, with the topics it needs first and what to study for it."""

    id: str
    title: str
    summary: str | None = None
    aliases: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    hours: float | None = None
    resources: tuple[Resource, ...] = ()
    line: int = 0

    @property
    def required_resources(self) -> tuple[Resource, ...]:
        """The resources that must be studied to complete the topic (not optional ones)."""
        return tuple(r for r in self.resources if not r.optional)

    @property
    def estimated_hours(self) -> float | None:
        """Hours to complete the topic: its required resources' estimates, else its own."""
        stated = [r.hours for r in self.required_resources if r.hours is not None]
        if stated:
            return sum(stated)
        return self.hours


@dataclass(frozen=True)
class Graph:
    """A validated resource graph. Topics keep the order of the file they came from.

    Every ``requires`` entry is a topic id of this graph (aliases are resolved on load).
    """

    title: str
    topics: tuple[Topic, ...]
    source: str = "<memory>"
    _by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)
    _aliases: dict[str, str] = field(init=False, repr=False, compare=False)
    _position: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {t.id: t for t in self.topics}
        aliases = {a: t.id for t in self.topics for a in t.aliases}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_aliases", aliases)
        object.__setattr__(self, "_position", {t.id: i for i, t in enumerate(self.topics)})

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._by_id

    def __len__(self) -> int:
        return len(self.topics)

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (KeyError if there is none)."""
        return self._by_id[topic_id]

    def position(self, topic_id: str) -> int:
        """Where the topic stands in the graph file (0 for the first)."""
        return self._position[topic_id]

    def canonical(self, name: str) -> str | None:
        """The topic id that ``name`` (an id or an alias) stands for, or None."""
        if name in self._by_id:
            return name
        return self._aliases.get(name)

    def resource(self, full_id: str) -> Resource | None:
        """The resource with this ``topic-id/resource-id``, or None."""
        topic_id, _, resource_id = full_id.partition("/")
        topic = self._by_id.get(topic_id)
        if topic is None:
            return None
        for resource in topic.resources:
            if resource.id == resource_id:
                return resource
        return None

    @property
    def resource_count(self) -> int:
        return sum(len(t.resources) for t in self.topics)
