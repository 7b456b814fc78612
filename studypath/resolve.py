"""Turn what a user typed (an id, an alias, a title or part of one) into topics and resources.

Names are compared after Unicode NFC normalisation, so that a title typed on a keyboard that
composes accents differently still matches. A :class:`Resolver` builds its lookup tables once,
so that resolving many names (``done a b c ...``) costs one pass over the graph, not one each.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import StudypathError, UnknownItemError
from .model import Graph, Resource, Topic
from .words import plural

if TYPE_CHECKING:
    from .suggest import Suggester

Item = Topic | Resource


def item_id(item: Item) -> str:
    """The id progress is recorded under: ``topic-id`` or ``topic-id/resource-id``."""
    return item.full_id if isinstance(item, Resource) else item.id


def fold(text: str) -> str:
    """Text as names are compared: NFC-normalised, case-folded, surrounding space removed."""
    return unicodedata.normalize("NFC", text).strip().casefold()


class Resolver:
    """Names to topics and resources of one graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @cached_property
    def _resources(self) -> list[Resource]:
        return [r for t in self.graph.topics for r in t.resources]

    @cached_property
    def _topic_titles(self) -> list[tuple[str, Topic]]:
        return [(fold(t.title), t) for t in self.graph.topics]

    @cached_property
    def _resource_titles(self) -> list[tuple[str, Resource]]:
        return [(fold(r.title), r) for r in self._resources]

    def _canonical(self, name: str) -> str | None:
        name = unicodedata.normalize("NFC", name)
        return self.graph.canonical(name) or self.graph.canonical(name.lower())

    def topic(self, name: str) -> str:
        """The id of the topic named by id or alias (in any case), or by title (in any case)."""
        topic_id = self._canonical(name)
        if topic_id is not None:
            return topic_id
        folded = fold(name)
        matches = [t for title, t in self._topic_titles if title == folded]
        if len(matches) == 1:
            return matches[0].id
        if matches:
            candidates = [(t.id, t.title) for t in matches]
            raise UnknownItemError(name, candidates=candidates, what="topic")
        raise UnknownItemError(name, suggestions=self.suggest(name, False), what="topic")

    def item(self, name: str) -> Item:
        """The topic or resource ``name`` stands for; the first rule that matches wins.

        1. a topic id or alias (in any case), a full resource id, or a resource id unique in
           the graph;
        2. a topic title, then a resource title, compared case-insensitively;
        3. a fragment of exactly one topic title, then of exactly one resource title.
        A name that matches several items at one rule is refused with the candidates.
        """
        topic_id = self._canonical(name)
        if topic_id is not None:
            return self.graph.topic(topic_id)
        if "/" in name:
            resource = self.graph.resource(unicodedata.normalize("NFC", name))
            if resource is not None:
                return resource
        folded = fold(name)
        rules: list[Sequence[Item]] = [[r for r in self._resources if r.id == name]]
        if folded:
            pools: tuple[Sequence[tuple[str, Item]], ...] = (
                self._topic_titles,
                self._resource_titles,
            )
            rules += [[i for title, i in pool if title == folded] for pool in pools]
            rules += [[i for title, i in pool if folded in title] for pool in pools]
        for matches in rules:
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise UnknownItemError(name, candidates=[(item_id(i), i.title) for i in matches])
        raise UnknownItemError(name, suggestions=self.suggest(name, True))

    @cached_property
    def _suggesters(self) -> tuple[Suggester, Suggester]:
        from .suggest import Suggester

        topics: list[tuple[str, str]] = []
        items: list[tuple[str, str]] = []
        for topic in self.graph.topics:
            names = [(topic.id, topic.id), *((alias, topic.id) for alias in topic.aliases)]
            names.append((fold(topic.title), topic.id))
            topics += names
            items += names
            for resource in topic.resources:
                full = resource.full_id
                items += [(full, full), (resource.id, full), (fold(resource.title), full)]
        return Suggester(topics), Suggester(items)

    def suggest(self, name: str, with_resources: bool) -> list[str]:
        """Up to three ids for an unknown name, by the one suggestion engine's strict policy."""
        return self._suggesters[with_resources].closest(fold(name), count=3)


def resolve_topic(graph: Graph, name: str) -> str:
    """The id of the topic ``name`` stands for (see :meth:`Resolver.topic`)."""
    return Resolver(graph).topic(name)


def resolve_item(graph: Graph, name: str) -> Item:
    """The topic or resource ``name`` stands for (see :meth:`Resolver.item`)."""
    return Resolver(graph).item(name)


def resolve_items(graph: Graph, names: Iterable[str]) -> list[Item]:
    """Every named item, in order, or one error listing every name refused."""
    resolver = Resolver(graph)
    items: list[Item] = []
    problems: list[str] = []
    for name in names:
        try:
            items.append(resolver.item(name))
        except UnknownItemError as error:
            problems.append(str(error))
    if problems:
        refused = plural(len(problems), "item")
        raise StudypathError("\n".join([*problems, f"nothing was recorded ({refused} refused)"]))
    return items
