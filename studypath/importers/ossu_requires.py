"""The prerequisites of the imported OSSU topics, kept free of cycles.

Each topic's ``requires`` is a list of ids and choices of one (``{"one-of": [ids]}``). An entry
that would make a topic need itself, directly or not, is refused: the caller reports it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .ossu_yaml import Flow

Requirement = str | dict[str, list[str]]  # an id, or {"one-of": [ids]}


class Requires:
    """Every topic's requires, and the edges they make (choices' members included)."""

    def __init__(self) -> None:
        self.entries: dict[str, list[Requirement]] = {}
        self.edges: dict[str, set[str]] = {}

    def of(self, topic: str) -> list[Requirement]:
        return self.entries.setdefault(topic, [])

    def add(self, topic: str, entry: Requirement) -> bool:
        """Make ``topic`` require ``entry``; False, and nothing added, when that would close a
        cycle. A choice that lists an id required already is satisfied: it is not added, and
        an id added leaves out the choices that list it."""
        ids = [entry] if isinstance(entry, str) else entry["one-of"]
        if self.closes(topic, ids):
            return False
        entries = self.of(topic)
        if isinstance(entry, str):
            entries[:] = [e for e in entries if isinstance(e, str) or entry not in e["one-of"]]
        elif any(i in entries for i in ids):
            return True
        if entry not in entries:
            entries.append(entry)
        self._relink(topic)
        return True

    def _relink(self, topic: str) -> None:
        """The edges of a topic's entries, after they change."""
        self.edges[topic] = {
            i for e in self.of(topic) for i in ([e] if isinstance(e, str) else e["one-of"])
        }

    def closes(self, topic: str, ids: Iterable[str]) -> bool:
        return any(i == topic or self.reaches(i, topic) for i in ids)

    def reaches(self, start: str, goal: str) -> bool:
        """Whether ``start`` needs ``goal``, directly or not."""
        seen, todo = {start}, [start]
        while todo:
            for following in self.edges.get(todo.pop(), ()):
                if following == goal:
                    return True
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        return False

    def reduce(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Leave out each (topic, required) pair where the topic needs it already through
        another of its entries."""
        for topic, required in pairs:
            entries = self.of(topic)
            others = [e for e in entries if isinstance(e, str) and e != required]
            if required in entries and any(self.reaches(o, required) for o in others):
                entries.remove(required)
                self._relink(topic)  # no choice lists it: see add()

    def flow(self, topic: str) -> Flow:
        """The topic's requires as written in the file: one line, choices as mappings."""
        return Flow(
            e if isinstance(e, str) else {"one-of": Flow(e["one-of"])} for e in self.of(topic)
        )
