"""Turn what a user typed (an id, an alias, a title or part of one) into topics and resources."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from .errors import StudypathError, UnknownItemError
from .model import Graph, Resource, Topic
from .words import plural

Item = Topic | Resource


def item_id(item: Item) -> str:
    """The id progress is recorded under: ``topic-id`` or ``topic-id/resource-id``."""
    return item.full_id if isinstance(item, Resource) else item.id


def resolve_topic(graph: Graph, name: str) -> str:
    """The id of the topic named by id or alias (in any case), or by title (in any case)."""
    topic_id = graph.canonical(name) or graph.canonical(name.lower())
    if topic_id is not None:
        return topic_id
    folded = name.casefold()
    matches = [t for t in graph.topics if t.title.casefold() == folded]
    if len(matches) == 1:
        return matches[0].id
    if matches:
        raise UnknownItemError(name, candidates=[(t.id, t.title) for t in matches], what="topic")
    raise UnknownItemError(name, suggestions=_suggest(graph, name, False), what="topic")


def resolve_item(graph: Graph, name: str) -> Item:
    """The topic or resource ``name`` stands for; the first rule that matches wins.

    1. a topic id or alias (in any case), a full resource id, or a resource id unique in the
       graph;
    2. a topic title, then a resource title, compared case-insensitively;
    3. a fragment of exactly one topic title, then of exactly one resource title.
    A name that matches several items at one rule is refused with the candidates.
    """
    topic_id = graph.canonical(name) or graph.canonical(name.lower())
    if topic_id is not None:
        return graph.topic(topic_id)
    if "/" in name:
        resource = graph.resource(name)
        if resource is not None:
            return resource
    resources = [r for t in graph.topics for r in t.resources]
    folded = name.strip().casefold()
    rules: list[list[Item]] = [[r for r in resources if r.id == name]]
    if folded:
        pools: tuple[Sequence[Item], ...] = (graph.topics, resources)
        rules += [[i for i in pool if i.title.casefold() == folded] for pool in pools]
        rules += [[i for i in pool if folded in i.title.casefold()] for pool in pools]
    for matches in rules:
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownItemError(name, candidates=[(item_id(i), i.title) for i in matches])
    raise UnknownItemError(name, suggestions=_suggest(graph, name, True))


def resolve_items(graph: Graph, names: Iterable[str], recorded: Collection[str] = ()) -> list[Item]:
    """Every named item, or one error listing every name refused. A name that is the id of a
    record (``recorded``) is passed over rather than refused: it may be an orphaned record."""
    items: list[Item] = []
    problems: list[str] = []
    for name in names:
        try:
            items.append(resolve_item(graph, name))
        except UnknownItemError as error:
            if name not in recorded:
                problems.append(str(error))
    if problems:
        refused = plural(len(problems), "item")
        raise StudypathError("\n".join([*problems, f"nothing was recorded ({refused} refused)"]))
    return items


def _suggest(graph: Graph, name: str, with_resources: bool) -> list[str]:
    """Up to three ids for an unknown name, by the one suggestion engine's strict policy."""
    from .suggest import Suggester

    names: list[tuple[str, str]] = []
    for topic in graph.topics:
        names += [(topic.id, topic.id), *((alias, topic.id) for alias in topic.aliases)]
        names.append((topic.title.casefold(), topic.id))
        if with_resources:
            for resource in topic.resources:
                full = resource.full_id
                names += [(full, full), (resource.id, full), (resource.title.casefold(), full)]
    return Suggester(names).closest(name.casefold(), count=3)
