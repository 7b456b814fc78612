"""The one "did you mean" engine, for graph checks, item and goal names, and orphaned records.

A name is suggested for what was typed only when it is one typing slip away (a letter added,
dropped, changed, or two swapped), when it extends what was typed, or when difflib rates it
0.75 or more alike. The policy is strict on purpose: on a real graph (Metacademy's) difflib's
default of 0.6 suggests unrelated topics. Candidates are sorted on first use, and one-slip
hints are indexed once enough names have asked for them, so that a few unknown names cost
little and thousands against a large graph cost about as much as checking the graph; no stage
compares a name with every candidate.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
from collections.abc import Container, Iterable, Iterator, Sequence

CUTOFF = 0.75
#: The longest names indexed for one-slip hints (ids and short titles); a slip in a longer one
#: (a long title) is found by the similarity rule, which it always passes.
SLIP_LENGTH = 24
#: How many names one suggester compares by similarity (difflib's rule, the only one that is
#: not indexed), in all: a graph or a command full of unknown names still gets every one-slip
#: and extension hint, and near-miss hints until this much work is done, then stops asking.
NEAR_WORK = 2_000_000
#: Edits of typed names tried (in all) for each letter the one-slip index would hold, before it
#: is built: trying an edit costs about a third of indexing a letter, so that a command with a
#: few unknown names never builds the index, and one with many spends at most half as much
#: again as building it at once would have.
EDITS_PER_LETTER = 1.5


class Suggester:
    """Suggestions among a fixed set of names; each name may stand for another (its target)."""

    def __init__(self, names: Iterable[str] | Iterable[tuple[str, str]] = ()) -> None:
        entries = [(entry, entry) if isinstance(entry, str) else entry for entry in names]
        self._load([name for name, _ in entries], [target for _, target in entries])

    @classmethod
    def targeted(cls, names: Sequence[str], targets: Sequence[str]) -> Suggester:
        """Suggestions among ``names``, each standing for the target at its position (a name
        given twice, for its first one): many names given at the cost of two lists."""
        suggester = cls()
        suggester._load(names, targets)
        return suggester

    def _load(self, names: Sequence[str], targets: Sequence[str]) -> None:
        # Each name's first position: a dict built backwards keeps the first of each name (and
        # names and targets of different lengths are a ValueError).
        backwards = range(len(targets) - 1, -1, -1)
        self._position = dict(zip(reversed(names), backwards, strict=True))
        self._targets = targets
        self._sorted = False
        self._by_size: list[str] = []  # every name, by length, then in code point order
        self._lengths: list[int] = []  # the lengths of names, shortest first
        self._length_ends: dict[int, int] = {}  # length -> end of the names that long or shorter
        self._short = 0  # how many names are short enough for one-slip hints
        self._alphabet: str | None = None
        self._edit_budget = 0
        self._deletions: dict[str, str | list[str]] | None = None
        self._near_budget = NEAR_WORK

    def __contains__(self, name: str) -> bool:
        return name in self._position

    def closest(self, name: str, count: int = 1, exclude: Container[str] = ()) -> list[str]:
        """The targets most likely meant by ``name``, best first, at most ``count``."""
        found: dict[str, None] = {}
        for stage in (self._slips, self._extensions, self._near):
            for candidate in stage(name):
                target = self._targets[self._position[candidate]]
                if candidate != name and target not in exclude:
                    found[target] = None
                    if len(found) >= count:
                        return list(found)
        return list(found)

    def _index(self) -> None:
        """Every name by length, then in code point order (on first use)."""
        if self._sorted:
            return
        self._sorted = True
        by_size = self._by_size = sorted(sorted(self._position), key=len)
        sizes = list(map(len, by_size))
        self._lengths = sorted(set(sizes))
        for length in range(self._lengths[-1] + 1 if self._lengths else 0):
            self._length_ends[length] = bisect.bisect_right(sizes, length)
        short = self._short = bisect.bisect_right(sizes, SLIP_LENGTH)
        self._edit_budget = int(EDITS_PER_LETTER * (sum(sizes[:short]) + short))

    def _slips(self, name: str) -> list[str]:
        """The names one slip from ``name``, in the order given: found by trying each edit of
        ``name`` while that costs less than indexing every name's deletions would, and then
        through that index (a few unknown names never pay for it, many pay for it once)."""
        if len(name) > SLIP_LENGTH + 1:
            return []
        self._index()
        if self._deletions is None:
            if self._alphabet is None:  # the letters the names are made of
                self._alphabet = "".join(set("".join(self._by_size[: self._short])))
            work = (2 * len(name) + 1) * len(self._alphabet)
            if work <= self._edit_budget:
                self._edit_budget -= work
                seen = _edits(name, self._alphabet) & self._position.keys()
                return self._in_order(name, (c for c in seen if len(c) <= SLIP_LENGTH))
            self._deletions = self._deletion_index()
        found: set[str] = set()
        for variant in {name, *_deleted(name)}:
            held = self._deletions.get(variant, ())
            found.update((held,) if isinstance(held, str) else held)
        return self._in_order(name, found)

    def _in_order(self, name: str, candidates: Iterable[str]) -> list[str]:
        return sorted((c for c in candidates if one_slip(name, c)), key=self._position.__getitem__)

    def _deletion_index(self) -> dict[str, str | list[str]]:
        """Each name of at most :data:`SLIP_LENGTH` letters, and each with one letter dropped,
        with the names it comes from (one name, as most are, is held as itself)."""
        deletions: dict[str, str | list[str]] = {}
        for name in self._by_size[: self._short]:
            for variant in {name, *_deleted(name)}:
                held = deletions.setdefault(variant, name)
                if held is not name:
                    if isinstance(held, str):
                        deletions[variant] = held = [held]
                    held.append(name)
        return deletions

    def _extensions(self, name: str) -> Iterator[str]:
        """The names that start with ``name``'s stem, shortest first (then in code point
        order): a binary search among the names of each length, as many as are asked for."""
        stem = name.rstrip("s_-. ")
        if len(stem) < 3:
            return
        self._index()
        names, ends = self._by_size, self._length_ends
        for length in self._lengths[bisect.bisect_left(self._lengths, len(stem)) :]:
            end = ends[length]
            at = bisect.bisect_left(names, stem, ends[length - 1], end)
            while at < end and names[at].startswith(stem):
                yield names[at]
                at += 1

    def _near(self, name: str) -> list[str]:
        self._index()
        size = len(name)
        # difflib's ratio is at most 2*min/(min+max): lengths further apart can never reach it.
        low, high = int(size * CUTOFF / (2 - CUTOFF)), int(size * (2 - CUTOFF) / CUTOFF) + 1
        ends, longest = self._length_ends, len(self._length_ends) - 1
        start = ends[min(low - 1, longest)] if low > 0 and longest >= 0 else 0
        end = ends[min(high, longest)] if longest >= 0 else 0
        if end - start > self._near_budget:  # a graph full of mistakes: slips and extensions
            return []
        self._near_budget -= end - start
        # rapidfuzz's ratio is 2*LCS/(len+len), never below difflib's (whose matching blocks
        # form a common subsequence): in C, it leaves the few candidates difflib must rate.
        from rapidfuzz import fuzz, process

        close = process.extract(
            name,
            self._by_size[start:end],
            scorer=fuzz.ratio,
            score_cutoff=CUTOFF * 100 - 1e-6,
            limit=None,
        )
        return _best_rated(name, [(score / 100, c) for c, score, _ in close])


def _best_rated(name: str, bounded: list[tuple[float, str]], count: int = 3) -> list[str]:
    """``difflib.get_close_matches(name, candidates, count, CUTOFF)``, given each candidate with
    a bound of its ratio: rated best bound first, and only while a candidate could still be
    among the best (on names alike, thousands pass the bound, and difflib is slow)."""
    bounded.sort(key=lambda pair: -pair[0])
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(name)
    rated: list[tuple[float, str]] = []
    best: list[tuple[float, str]] = []  # the ``count`` best so far, a heap
    for bound, candidate in bounded:
        if len(best) >= count and bound + 1e-6 < best[0][0]:
            break  # it and every one after it rate below the best (a tie may still count)
        matcher.set_seq1(candidate)
        if (
            matcher.real_quick_ratio() >= CUTOFF
            and matcher.quick_ratio() >= CUTOFF
            and matcher.ratio() >= CUTOFF
        ):
            rated.append((matcher.ratio(), candidate))
            heapq.heappush(best, rated[-1])
            if len(best) > count:
                heapq.heappop(best)
    return [candidate for _, candidate in heapq.nlargest(count, rated)]


def _deleted(name: str) -> list[str]:
    return [name[:i] + name[i + 1 :] for i in range(len(name))]


def _edits(name: str, alphabet: str) -> set[str]:
    """Every text one slip from ``name`` whose new letter, if any, is one of ``alphabet``."""
    out: set[str] = set()
    for i in range(len(name) + 1):
        head, tail = name[:i], name[i:]
        out.update([head + letter + tail for letter in alphabet])
        if tail:
            rest = tail[1:]
            out.add(head + rest)
            out.update([head + letter + rest for letter in alphabet])
            if rest:
                out.add(head + rest[0] + tail[0] + rest[1:])
    return out


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
