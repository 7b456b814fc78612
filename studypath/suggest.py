"""The one "did you mean" engine, for graph checks, item and goal names, and orphaned records.

A name is suggested for what was typed only when it is one typing slip away (a letter added,
dropped, changed, or two swapped), when it extends what was typed, or when difflib rates it
0.75 or more alike. The policy is strict on purpose: on a real graph (Metacademy's) difflib's
default of 0.6 suggests unrelated topics. Candidates are indexed on first use, so that a
thousand unknown names against a large graph cost about as much as checking the graph.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Container, Iterable

CUTOFF = 0.75
#: The longest names indexed for one-slip hints (ids and short titles); a slip in a longer one
#: (a long title) is found by the similarity rule, which it always passes.
SLIP_LENGTH = 24
#: How many names one suggester compares by similarity (difflib's rule, the only one that is
#: not indexed), in all: a graph or a command full of unknown names still gets every one-slip
#: and extension hint, and near-miss hints until this much work is done, then stops asking.
NEAR_WORK = 2_000_000


class Suggester:
    """Suggestions among a fixed set of names; each name may stand for another (its target)."""

    def __init__(self, names: Iterable[str] | Iterable[tuple[str, str]]) -> None:
        self._target: dict[str, str] = {}
        for entry in names:
            name, target = (entry, entry) if isinstance(entry, str) else entry
            self._target.setdefault(name, target)
        self._deletions: dict[str, list[str]] | None = None
        self._sorted: list[str] = []
        self._by_length: dict[int, list[str]] = {}
        self._by_size: list[str] = []  # every name, shortest first
        self._length_ends: dict[int, int] = {}  # length -> end of the names that long or shorter
        self._near_budget = NEAR_WORK
        self._order: dict[str, int] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._target

    def closest(self, name: str, count: int = 1, exclude: Container[str] = ()) -> list[str]:
        """The targets most likely meant by ``name``, best first, at most ``count``."""
        found: dict[str, None] = {}
        for stage in (self._slips, self._extensions, self._near):
            for candidate in stage(name):
                target = self._target[candidate]
                if candidate != name and target not in exclude:
                    found[target] = None
                    if len(found) >= count:
                        return list(found)
        return list(found)

    def _index(self) -> dict[str, list[str]]:
        if self._deletions is None:
            deletions: dict[str, list[str]] = {}
            for position, name in enumerate(self._target):
                self._order[name] = position
                if len(name) <= SLIP_LENGTH:
                    for variant in {name, *_deleted(name)}:
                        deletions.setdefault(variant, []).append(name)
                self._by_length.setdefault(len(name), []).append(name)
            self._deletions = deletions
            longest = max(self._by_length, default=0)
            for length in range(longest + 1):
                self._by_size += self._by_length.get(length, [])
                self._length_ends[length] = len(self._by_size)
            self._sorted = sorted(self._target)
        return self._deletions

    def _slips(self, name: str) -> list[str]:
        index = self._index()
        if len(name) > SLIP_LENGTH + 1:
            return []
        seen = {c for v in {name, *_deleted(name)} for c in index.get(v, ())}
        return sorted((c for c in seen if one_slip(name, c)), key=self._order.__getitem__)

    def _extensions(self, name: str) -> list[str]:
        stem = name.rstrip("s_-. ")
        if len(stem) < 3:
            return []
        self._index()
        start = bisect.bisect_left(self._sorted, stem)
        out = []
        for candidate in self._sorted[start:]:
            if not candidate.startswith(stem):
                break
            out.append(candidate)
        return sorted(out, key=len)

    def _near(self, name: str) -> list[str]:
        self._index()
        size = len(name)
        # difflib's ratio is at most 2*min/(min+max): lengths further apart can never reach it.
        low, high = int(size * CUTOFF / (2 - CUTOFF)), int(size * (2 - CUTOFF) / CUTOFF) + 1
        ends, longest = self._length_ends, len(self._length_ends) - 1
        start = ends[min(low - 1, longest)] if low > 0 and longest >= 0 else 0
        pool = self._by_size[start : ends[min(high, longest)] if longest >= 0 else 0]
        if len(pool) > self._near_budget:  # a graph full of mistakes: slips and extensions only
            return []
        self._near_budget -= len(pool)
        # rapidfuzz's ratio is 2*LCS/(len+len), never below difflib's (whose matching blocks
        # form a common subsequence): in C, it leaves the few candidates difflib must rate.
        from rapidfuzz import fuzz, process

        close = process.extract(
            name, pool, scorer=fuzz.ratio, score_cutoff=CUTOFF * 100 - 1e-6, limit=None
        )
        return difflib.get_close_matches(name, [c for c, _, _ in close], n=3, cutoff=CUTOFF)


def _deleted(name: str) -> list[str]:
    return [name[:i] + name[i + 1 :] for i in range(len(name))]


def one_slip(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with one letter added, dropped, replaced, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def closest(name: str, choices: Iterable[str], count: int = 1) -> list[str]:
    """The choices most likely meant by ``name`` (a one-off :class:`Suggester`)."""
    return Suggester(choices).closest(name, count)
