"""Turn what a user typed (an id, an alias, a title or part of one) into topics and resources.

Names are compared after Unicode NFC normalisation, so that a title typed on a keyboard that
composes accents differently still matches. A :class:`Resolver` builds its lookup tables once,
so that resolving many names (``done a b c ...``) costs one pass over the graph, not one each.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from .errors import StudypathError, UnknownItemError
from .model import Graph, Resource, Topic
from .words import plural

if TYPE_CHECKING:
    from .suggest import Suggester

Item = Topic | Resource
T = TypeVar("T")


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

    @cached_property
    def _by_resource_id(self) -> dict[str, list[Resource]]:
        out: dict[str, list[Resource]] = {}
        for resource in self._resources:
            out.setdefault(resource.id, []).append(resource)
        return out

    @cached_property
    def _by_title(self) -> tuple[dict[str, list[Item]], dict[str, list[Item]]]:
        """Topics and resources by their folded title."""
        topics: dict[str, list[Item]] = {}
        resources: dict[str, list[Item]] = {}
        for title, topic in self._topic_titles:
            topics.setdefault(title, []).append(topic)
        for title, resource in self._resource_titles:
            resources.setdefault(title, []).append(resource)
        return topics, resources

    @cached_property
    def _all_titles(self) -> tuple[str, str]:
        """Every folded topic title, and every resource title, in one text each: a name in none
        of them is no part of a title, found at C speed (many unknown names stay cheap)."""
        return (
            "\n".join(t for t, _ in self._topic_titles),
            "\n".join(t for t, _ in self._resource_titles),
        )

    def _fragment(self, folded: str, pool: int) -> list[Item]:
        if folded not in self._all_titles[pool]:
            return []
        titles = self._resource_titles if pool else self._topic_titles
        return [item for title, item in titles if folded in title]

    def _canonical(self, name: str) -> str | None:
        name = unicodedata.normalize("NFC", name)
        return self.graph.canonical(name) or self.graph.canonical(name.lower())

    def topic(self, name: str) -> str:
        """The id of the topic named by id or alias (in any case), by title (in any case), or
        by a part of exactly one topic's title."""
        topic_id = self._canonical(name)
        if topic_id is not None:
            return topic_id
        folded = fold(name)
        for rule in (str.__eq__, str.__contains__):
            matches = [t for title, t in self._topic_titles if folded and rule(title, folded)]
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
        rules: list[Sequence[Item]] = [self._by_resource_id.get(name, [])]
        if folded and "\n" not in folded:
            rules += [table.get(folded, []) for table in self._by_title]
            rules += [self._fragment(folded, pool) for pool in (0, 1)]
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


def resolve_items(graph: Graph, names: Sequence[str]) -> list[Item]:
    """Every named item, in order, or one error listing every name refused.

    Words that name one item together but other items one by one (``done python tutorial``,
    meaning the resource "The Python Tutorial", not the topic ``python`` and it) are refused,
    with the quoted form to use.
    """
    resolver = Resolver(graph)
    items, problems = _each(names, resolver.item)
    if problems:
        refused = plural(len(problems), "item")
        lines = [*map(str, problems), f"nothing was recorded ({refused} refused)"]
        raise StudypathError("\n".join(lines))
    _check_joined(resolver, names, items)
    return items


def resolve_goals(graph: Graph, names: Iterable[str]) -> tuple[str, ...]:
    """The topic ids the goal names stand for, without repeats, in the order given; one error
    listing every name refused."""
    ids, problems = _each(list(names), Resolver(graph).topic)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise StudypathError("\n".join(map(str, problems)))
    return tuple(dict.fromkeys(ids))


def _each(
    names: Sequence[str], resolve: Callable[[str], T]
) -> tuple[list[T], list[UnknownItemError]]:
    found: list[T] = []
    problems: list[UnknownItemError] = []
    for name in names:
        try:
            found.append(resolve(name))
        except UnknownItemError as error:
            problems.append(error)
    return found, problems


#: Runs of more words than this are not tried together (a long list is a list).
JOINED_LIMIT = 8


def _check_joined(resolver: Resolver, names: Sequence[str], items: Sequence[Item]) -> None:
    """Refuse names whose run of words, joined, names one item by its title."""
    if not 1 < len(names) <= JOINED_LIMIT or any(" " in name for name in names):
        return
    for length in range(len(names), 1, -1):
        for start in range(len(names) - length + 1):
            words = names[start : start + length]
            try:
                together = resolver.item(" ".join(words))
            except UnknownItemError:
                continue
            alone = {item_id(i) for i in items[start : start + length]}
            if alone != {item_id(together)}:
                joined = " ".join(words)
                raise StudypathError(
                    f"`{joined}` together names `{item_id(together)}` ({together.title}), but "
                    f"word by word {', '.join(f'`{i}`' for i in sorted(alone))}: quote it "
                    f'("{joined}") to mean the one, or name the others by their ids\n'
                    "nothing was recorded"
                )
