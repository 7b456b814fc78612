"""The checks across topics, once every topic is read: aliases, prerequisites (one-of groups
included), cycles, stages.

They work on :class:`~.graphreader.TopicLinks`, which keep the positions of keys, aliases and
``requires`` entries, not the YAML nodes. Every topic of the file takes part, including one
with a problem of its own: it is a known id (and its aliases known names), so that a
``requires`` entry naming it is not reported as an unknown topic, and its prerequisites count
for cycles. Stages are laid out by :func:`.planner.layers`; networkx is imported only to name
the topics of a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from .errors import Problem
from .graphreader import Ref, TopicLinks
from .model import ID_PATTERN, Topic
from .nodereader import NodeReader
from .planner import CycleError, layers

if TYPE_CHECKING:
    from .suggest import Suggester


def link(
    read: NodeReader, links: Iterable[TopicLinks], unknown: list[Problem] | None = None
) -> tuple[list[Topic], dict[str, int]]:
    """Every topic with its ``requires`` and one-of groups resolved to topic ids, and every
    topic's stage; each problem is recorded with ``read`` (and then the topics are not all real
    ones). With ``unknown`` (a graph that extends another), a prerequisite naming no topic is
    left out and a warning added there instead."""
    links = list(links)
    ids = {t.id for t in links}
    alias_of = _aliases(read, links, ids)
    loose: dict[str, str] = {}  # alias entries that are not ids (reported): still names
    for t in links:
        for name in t.loose:
            if name not in ids:
                loose.setdefault(name, t.id)
    suggest: Suggester | None = None

    def target(t: TopicLinks, name: str, line: int, column: int, where: str = "") -> str | None:
        """The topic id ``name`` stands for, unless it names no topic or ``t`` itself."""
        nonlocal suggest
        found = name if name in ids else alias_of.get(name) or loose.get(name)
        if found is None:
            if suggest is None:  # valid names only: an invalid id is reported already
                from .suggest import Suggester

                valid = [o.id for o in links if ID_PATTERN.fullmatch(o.id)]
                suggest = Suggester([*valid, *alias_of])
            near = suggest.closest(name, exclude={t.id})
            hint = f" — did you mean `{near[0]}`?" if near else ""
            message = f"topic `{t.id}` requires unknown topic `{name}`{hint}"
            if unknown is None:
                read.error_at(line, column, message)
            else:
                unknown.append(Problem(read.source, line + 1, column + 1, f"{message}: left out"))
        elif found == t.id:
            read.error_at(line, column, f"topic `{t.id}` requires itself{where}")
            return None
        return found

    topics: list[Topic] = []
    for t in links:
        requires: list[str] = []
        for name, line, column in t.requires:
            found = target(t, name, line, column)
            if found is not None and found not in requires:
                requires.append(found)
        groups: dict[frozenset[str], tuple[str, ...]] = {}  # the same group twice counts once
        for entries in t.one_of:
            group = _group(read, t, entries, requires, target)
            if group is not None:
                groups.setdefault(frozenset(group), group)
        topics.append(_with_requires(t, tuple(requires), tuple(groups.values())))
    return topics, _stages(read, links, topics)


def _group(
    read: NodeReader,
    t: TopicLinks,
    entries: tuple[Ref, ...],
    requires: list[str],
    target: Callable[[TopicLinks, str, int, int, str], str | None],
) -> tuple[str, ...] | None:
    """A one-of group's topic ids, those of its entries that are no problem (each problem is
    reported, and then the graph is not built: what is left counts for cycles)."""
    group: list[str] = []
    for name, line, column in entries:
        found = target(t, name, line, column, " (in a one-of group)")
        if found is None:
            continue  # a problem: reported
        if found in group:
            read.error_at(line, column, f"topic `{t.id}`: a one-of group names `{found}` twice")
        elif found in requires:
            read.error_at(
                line, column, f"topic `{t.id}` requires `{found}` already: a one-of group that "
                "lists it is always satisfied"
            )  # fmt: skip
        else:
            group.append(found)
    return tuple(group) if group else None


def _aliases(read: NodeReader, links: list[TopicLinks], ids: Container[str]) -> dict[str, str]:
    """Every alias with its topic; an alias that is a topic id or another topic's alias is a
    problem."""
    alias_of: dict[str, str] = {}
    for t in links:
        for alias, line, column in t.aliases:
            what = f"topic `{t.id}`: alias `{alias}` is already"
            if alias in ids:
                read.error_at(line, column, f"{what} a topic id")
            elif alias in alias_of:
                read.error_at(line, column, f"{what} an alias of `{alias_of[alias]}`")
            else:
                alias_of[alias] = t.id
    return alias_of


def _with_requires(
    t: TopicLinks, requires: tuple[str, ...], one_of: tuple[tuple[str, ...], ...]
) -> Topic:
    """The topic with its prerequisites resolved to ids; a stand-in for a topic with a problem
    of its own, so that it takes part in the layout (and the graph is not built)."""
    if t.topic is None:
        return Topic(id=t.id, title=t.id, requires=requires, line=t.line + 1, one_of=one_of)
    if t.topic.requires == requires and t.topic.one_of == one_of:
        return t.topic
    return replace(t.topic, requires=requires, one_of=one_of)


def _stages(read: NodeReader, links: list[TopicLinks], topics: list[Topic]) -> dict[str, int]:
    """Every topic's stage; each cycle (which leaves no stages) is a problem at its first
    topic's key."""
    try:
        return layers(topics)
    except CycleError as error:
        where = {t.id: t for t in links}
        for cycle in error.cycles:
            lines = ", ".join(str(where[t].line + 1) for t in cycle[:-1])
            first = where[cycle[0]]
            read.error_at(first.line, first.column, f"cycle: {' → '.join(cycle)} (lines {lines})")
        return {}
