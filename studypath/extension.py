"""A graph file that extends another: your own curriculum on top of a bundled one.

``extends: ossu-cs`` (a bundled graph's name, or a graph file's path, relative to this file)
takes every topic of that *base* graph; then this file

- adds its own ``topics`` (which may require the base's topics, and be required by them
  through ``change``),
- changes base topics under ``change:`` (``title``, ``summary``, ``hours``; ``requires``
  replaces the topic's prerequisites, ``add-requires`` adds to them, ``resources`` adds to its
  resources),
- and leaves base topics out with ``hide: [id, ...]`` (a base topic that required a hidden one
  no longer does; a one-of group left with one alternative requires it outright).

Everything else comes from the base, including its licence and credit (this file may give its
own). The base is read as it is now, every time, so that a new studypath release (or an edited
base file) is taken up at once. A base may drop or rename topics this file names: ``change``
and ``hide`` entries and prerequisites that name a topic the graph no longer has are then left
out and reported as warnings (``check`` fails on them), not errors, so that the learner's plans
and progress keep working; records of vanished topics show as orphaned, as for any graph.
Problems in this file are reported at its own lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GraphError, Problem, StudypathError
from .fieldtable import FieldTable
from .graphreader import Ref, TopicLinks, _requirements, _split
from .schema import CHANGE_FIELDS
from .yamlnodes import Node

if TYPE_CHECKING:
    from .graphreader import GraphReader
    from .model import Graph, Resource, Topic
    from .nodereader import Located

#: The base graphs being read (their real paths): a base that extends, in turn, the file that
#: extends it would never end.
_READING: set[Path] = set()


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Mark ``path`` as being read while a graph that extends it is read."""
    real = path.resolve()
    _READING.add(real)
    try:
        yield
    finally:
        _READING.discard(real)


def extend(reader: GraphReader) -> tuple[list[TopicLinks], dict[str, Any], list[Problem]]:
    """The topics of the base graph (changed, without those hidden) and then this file's own,
    for linking; the base's fields under this file's; and the warnings for names of topics the
    base does not have (any more). Problems are recorded with ``reader.read``."""
    read = reader.read
    key, node = reader.entries["extends"]
    own = list(reader.links.values())
    given = reader.values.get("extends")
    base = _base(reader, given, node) if given is not None else None
    if base is None:
        return own, {}, []
    warnings: list[Problem] = []

    def vanished(line: int, column: int, what: str, name: str) -> None:
        hint = base_names.closest(name)
        also = f" — now `{hint[0]}`?" if hint else ""
        message = f"{what} `{name}`, which the base graph `{given}` does not have{also}: left out"
        warnings.append(Problem(read.source, line + 1, column + 1, message))

    from .suggest import Suggester

    base_names = Suggester([*base.ids, *_aliases(base)])
    hidden = set()
    for entry in reader.values.get("hide") or ():
        found = base.canonical(entry.value)
        if found is None:
            vanished(entry.node.line, entry.node.column, "`hide` names", entry.value)
        else:
            hidden.add(found)
    changes = _changes(reader, base, hidden, vanished)
    for t in own:
        if t.id in base and t.id not in hidden:
            read.error_at(
                t.line, t.column, f"topic `{t.id}` is in the base graph `{given}` already: "
                "change it under `change:`, or hide it and add your own",
            )  # fmt: skip
    where = (key.line, key.column)
    links = [
        changes.get(topic.id) or _as_links(topic, hidden, where)
        for topic in base.topics
        if topic.id not in hidden
    ]
    return [*links, *own], dict(base.meta), warnings


def _base(reader: GraphReader, given: str, node: Node) -> Graph | None:
    """The base graph ``given`` names, or None (and a problem) when it cannot be read."""
    from .bundled import bundled_graph_path, bundled_name, bundled_names
    from .cache import load

    read = reader.read
    beside = Path(reader.source).parent / given
    if beside.is_file():
        location: Path = beside
    elif bundled_name(given) is not None:
        location = bundled_graph_path(given)
    else:
        names = ", ".join(bundled_names())
        read.error(
            node, f"`extends`: no graph file `{given}` beside this one, and no bundled graph of "
            f"that name (bundled graphs: {names})",
        )  # fmt: skip
        return None
    if location.resolve() in _READING or location.resolve() == Path(reader.source).resolve():
        read.error(node, f"`extends`: `{given}` extends this file in turn: a loop")
        return None
    try:
        with reading(Path(reader.source)):
            return load(location if beside.is_file() else given)
    except GraphError as error:
        count = len(error.problems)
        read.error(
            node, f"`extends`: the base graph `{given}` has {count} problem"
            f"{'s' if count != 1 else ''}; see `studypath check {location}`",
        )  # fmt: skip
    except StudypathError as error:
        read.error(node, f"`extends`: {error}")
    return None


def _aliases(base: Graph) -> list[str]:
    return [alias for topic in base.topics for alias in topic.aliases]


def _changes(
    reader: GraphReader, base: Graph, hidden: set[str], vanished: Any
) -> dict[str, TopicLinks]:
    """The base topics changed under ``change:``, as links, by id."""
    read = reader.read
    if "change" not in reader.entries:
        return {}
    entries = read.mapping(reader.entries["change"][1], "`change`")
    table = FieldTable(CHANGE_FIELDS, read, skip=("resources",))
    out: dict[str, TopicLinks] = {}
    for name, (key, node) in (entries or {}).items():
        found = base.canonical(name)
        if found is None or found in hidden:
            what = "`change` names" if found is None else "`change` names the hidden topic"
            if found is None:
                vanished(key.line, key.column, what, name)
            else:
                read.error(key, f"{what} `{name}`: change it or hide it, not both")
            continue
        what = f"change `{name}`"
        fields = table.entries(node, what)
        if fields is None:
            continue
        values = table.values(fields, node, what)
        topic = base.topic(found)
        added: tuple[Resource, ...] = ()
        if "resources" in fields:
            added = reader.resources(found, fields["resources"][1], what)
            taken = {r.id for r in topic.resources}
            for resource in added:
                if resource.id in taken:
                    read.error(
                        fields["resources"][1], f"{what}: the base topic has a resource "
                        f"`{resource.id}` already; give yours another `id:`",
                    )  # fmt: skip
        plain = {k: v for k, v in values.items() if k in ("title", "summary", "hours")}
        if any(value is None for value in plain.values()):
            continue  # a problem, recorded
        changed = replace(topic, resources=(*topic.resources, *added), **plain)
        where = (key.line, key.column)
        if "requires" in values:
            requires, groups = _refs(values["requires"])
        else:
            base_links = _as_links(topic, hidden, where)
            requires, groups = base_links.requires, base_links.one_of
        more, more_groups = _refs(values.get("add-requires") or [])
        out[found] = _links_of(changed, (*requires, *more), (*groups, *more_groups), where)
    return out


def _refs(located: list[Located] | None) -> tuple[tuple[Ref, ...], tuple[tuple[Ref, ...], ...]]:
    texts, groups = _requirements(located or [])
    return _split(texts)[1], groups


def _as_links(topic: Topic, hidden: set[str], where: tuple[int, int]) -> TopicLinks:
    """A base topic as links, placed at ``where``; prerequisites that are hidden left out."""
    requires = [r for r in topic.requires if r not in hidden]
    groups: list[tuple[str, ...]] = []
    for group in topic.one_of:
        left = tuple(t for t in group if t not in hidden)
        if len(left) == 1:
            requires.append(left[0])  # one alternative left: required outright
        elif left:
            groups.append(left)
    refs = tuple((r, *where) for r in dict.fromkeys(requires))
    one_of = tuple(tuple((t, *where) for t in g) for g in groups)
    return _links_of(topic, refs, one_of, where)


def _links_of(
    topic: Topic,
    requires: tuple[Ref, ...],
    one_of: tuple[tuple[Ref, ...], ...],
    where: tuple[int, int],
) -> TopicLinks:
    aliases = tuple((alias, *where) for alias in topic.aliases)
    return TopicLinks(topic.id, *where, topic, aliases, (), requires, one_of)
