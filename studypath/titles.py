"""Texts (titles, ids) found by what was typed of them, whole or any part, through an index
instead of a scan of every text: thousands of unknown names against a huge graph cost about one
pass over it, not one each.

A whole text is found by a binary search among the texts' positions, sorted by text. A part of
a text (a *fragment*) may start and end inside words, but each of its runs of non-space
characters lies inside one word of any text it is part of. So only the texts that hold a word
containing one of its runs can hold it, and each of those is then compared whole. Words are
found by any part of them through their suffixes, sorted (a suffix array over the distinct
words), one binary search a run. Texts are indexed as given: the caller folds them (and what is
looked up) as it compares names.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence

#: Characters of each suffix compared while sorting and searching the suffix array: a longer
#: run is looked up by its first this many characters, and the words found are tested whole.
KEPT = 12
#: The runs of a fragment (longest first) whose candidates are counted, to test the fewest.
RUNS_TRIED = 3
#: Fragments looked for by reading every text, before the index is built: building it costs
#: about as much as twenty readings, and most commands look for one or two (``done a b`` tries
#: whether "a b" is part of a title).
SCANS = 3


class Titles:
    """Positions in a fixed sequence of texts, by a whole text or by a part of one."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._order: array[int] | None = None  # positions, sorted by their text
        self._indexed = False
        self._scans = 0
        self._words = ""  # every distinct word, each followed by a newline
        self._starts = array("i")  # where each word starts in ``_words``
        self._suffixes = array("i")  # where each suffix of a word starts, sorted by the suffix
        self._postings = array("i")  # the positions of the texts holding each word, word by word
        self._ends = array("i")  # where each word's positions end in ``_postings``

    def named(self, text: str) -> list[int]:
        """The positions of the texts equal to ``text``, in order."""
        texts = self.texts
        if self._order is None:
            self._order = array("i", sorted(range(len(texts)), key=texts.__getitem__))
        order = self._order
        at = bisect.bisect_left(order, text, key=texts.__getitem__)
        found = []
        while at < len(order) and texts[order[at]] == text:
            found.append(order[at])
            at += 1
        return sorted(found)

    def containing(self, fragment: str) -> list[int]:
        """The positions of the texts ``fragment`` is part of, in order (none for a fragment
        that is empty or only space)."""
        runs = sorted(set(fragment.split()), key=len, reverse=True)[:RUNS_TRIED]
        if not runs:
            return []
        if not self._indexed and self._scans < SCANS:
            self._scans += 1
            return [i for i, text in enumerate(self.texts) if fragment in text]
        self._index()
        fewest: list[int] = []
        least = len(self._postings) + 1  # texts to compare, for the run of the fewest
        for run in runs:
            words = self._words_holding(run, least)
            if words is None:
                continue  # in more words than the fewest so far are in texts
            if not words:
                return []
            count = self._count(words)
            if count < least:
                fewest, least = words, count
        texts, postings, ends = self.texts, self._postings, self._ends
        candidates: set[int] = set()
        for word in fewest:
            candidates.update(postings[ends[word - 1] if word else 0 : ends[word]])
        return sorted(p for p in candidates if fragment in texts[p])

    def _count(self, words: list[int]) -> int:
        ends = self._ends
        return sum(ends[w] - (ends[w - 1] if w else 0) for w in words)

    def _words_holding(self, run: str, limit: int) -> list[int] | None:
        """The numbers of the words ``run`` (text without space) is part of, or None when it
        is part of ``limit`` words or more."""
        key, text, suffixes = run[:KEPT], self._words, self._suffixes
        at = bisect.bisect_left(suffixes, key, key=self._suffix)
        found: set[int] = set()
        # A suffix starts with the key only if the word does from there: the key has no newline.
        while at < len(suffixes) and text.startswith(key, suffixes[at]):
            found.add(bisect.bisect_right(self._starts, suffixes[at]) - 1)
            if len(found) >= limit:
                return None
            at += 1
        if len(run) > KEPT:
            starts = self._starts
            found = {w for w in found if run in text[starts[w] : text.index("\n", starts[w])]}
        return sorted(found)

    def _suffix(self, start: int) -> str:
        return self._words[start : start + KEPT]

    def _index(self) -> None:
        if self._indexed:
            return
        self._indexed = True
        by_word: dict[str, list[int]] = {}
        for position, text in enumerate(self.texts):
            for word in text.split():
                by_word.setdefault(word, []).append(position)
        text = self._words = "".join(f"{word}\n" for word in by_word)
        start = 0
        for word, positions in by_word.items():
            self._starts.append(start)
            self._suffixes.extend(range(start, start + len(word)))
            start += len(word) + 1
            self._postings.extend(positions)
            self._ends.append(len(self._postings))
        del by_word
        keys = [text[i : i + KEPT] for i in self._suffixes]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        del keys
        self._suffixes = array("i", map(self._suffixes.__getitem__, order))
