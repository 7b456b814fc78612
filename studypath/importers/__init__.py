"""Importers: resource lists written for people (a Markdown checklist, the OSSU curriculum)
turned into studypath graph files."""

from __future__ import annotations

from collections.abc import Iterable


class Taken(set[str]):
    """Ids in use, with the next number to try for each base (see :func:`unique`)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__(ids)
        self.numbers: dict[str, int] = {}


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``taken`` (then added to it). With
    a :class:`Taken`, each base remembers where it got to: n repeats of a title cost n steps,
    not n squared."""
    numbers = taken.numbers if isinstance(taken, Taken) else {}
    number = numbers.get(base, 1)
    candidate = base if number == 1 else f"{base}-{number}"
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    numbers[base] = number
    taken.add(candidate)
    return candidate
