"""Turn what a user typed (an id, an alias, a title or part of one) into topics and resources.

Names are compared after Unicode NFC normalisation, so that a title typed on a keyboard that
composes accents differently still matches. A :class:`Resolver` builds its lookup tables once,
so that resolving many names (``done a b c ...``) costs one pass over the graph, not one each.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from .errors import StudypathError, UnknownItemError
from .model import Graph, Resource, Topic
from .titles import Titles
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
    """Names to topics and resources of one graph.

    Ids and aliases are looked up in the graph's index, without building a topic. The other
    tables (resource ids, titles whole and in part, suggestions) are built on first use, once
    for every name resolved, and each name is then found through them, never by a scan of the
    graph: a command full of unknown names costs about one pass over it.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @cached_property
    def _topics(self) -> tuple[Topic, ...]:
        return self.graph.topics

    @cached_property
    def _resources(self) -> list[Resource]:
        return [r for t in self._topics for r in t.resources]

    @cached_property
    def _titles(self) -> Titles:
        """Every topic's folded title, then every resource's: one index for both."""
        topics = (fold(t.title) for t in self._topics)
        return Titles([*topics, *(fold(r.title) for r in self._resources)])

    @cached_property
    def _resource_ids(self) -> Titles:
        return Titles([r.id for r in self._resources])

    def _titled(self, folded: str, whole: bool) -> tuple[list[Topic], list[Resource]]:
        """The topics and the resources whose folded title is ``folded`` (whole) or holds it."""
        if not folded:
            return [], []
        found = self._titles.named(folded) if whole else self._titles.containing(folded)
        split = bisect.bisect_left(found, len(self._topics))
        resources = [self._resources[i - len(self._topics)] for i in found[split:]]
        return [self._topics[i] for i in found[:split]], resources

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
        for whole in (True, False):
            matches = self._titled(folded, whole)[0]
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
        return self._item(name, suggest=True)

    def _item(self, name: str, suggest: bool) -> Item:
        topic_id = self._canonical(name)
        if topic_id is not None:
            return self.graph.topic(topic_id)
        if "/" in name:
            resource = self.graph.resource(unicodedata.normalize("NFC", name))
            if resource is not None:
                return resource
        for matches in self._rules(name):
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise UnknownItemError(name, candidates=[(item_id(i), i.title) for i in matches])
        raise UnknownItemError(name, suggestions=self.suggest(name, True) if suggest else ())

    def _rules(self, name: str) -> Iterator[Sequence[Item]]:
        """What each rule after the first of :meth:`item` finds, one rule at a time."""
        yield [self._resources[i] for i in self._resource_ids.named(name)]
        folded = fold(name)
        for whole in (True, False):
            yield from self._titled(folded, whole)

    @cached_property
    def _topic_suggester(self) -> Suggester:
        return self._suggester(with_resources=False)

    @cached_property
    def _item_suggester(self) -> Suggester:
        return self._suggester(with_resources=True)

    def _suggester(self, with_resources: bool) -> Suggester:
        """The suggestions for topic names: ids, aliases and folded titles; for item names,
        each resource's full id, id and folded title as well."""
        from .suggest import Suggester

        names: list[str] = []
        targets: list[str] = []
        titles = self._titles.texts
        resource_titles = iter(titles[len(self._topics) :] if with_resources else ())
        for topic, title in zip(self._topics, titles, strict=False):  # the topics' titles
            names += (topic.id, *topic.aliases, title)
            targets += [topic.id] * (len(topic.aliases) + 2)
            if with_resources:
                for resource in topic.resources:
                    full = resource.full_id
                    names += (full, resource.id, next(resource_titles))
                    targets += (full, full, full)
        return Suggester.targeted(names, targets)

    def suggest(self, name: str, with_resources: bool) -> list[str]:
        """Up to three ids for an unknown name, by the one suggestion engine's strict policy."""
        suggester = self._item_suggester if with_resources else self._topic_suggester
        return suggester.closest(fold(name), count=3)


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
                together = resolver._item(" ".join(words), suggest=False)
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
