"""Texts by a whole text or a part of one: what a scan finds, found through an index."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import overload

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import titles
from studypath.titles import Titles


def naive_containing(texts: Sequence[str], fragment: str) -> list[int]:
    return [i for i, text in enumerate(texts) if fragment.strip() and fragment in text]


def test_a_whole_text_is_found_at_every_position_it_holds() -> None:
    index = Titles(["linear algebra", "calculus", "linear algebra", "pca"])
    assert index.named("linear algebra") == [0, 2]
    assert index.named("pca") == [3]
    assert index.named("linear") == []
    assert Titles([]).named("x") == []


@pytest.mark.parametrize(
    ("fragment", "found"),
    [
        ("algebra", [0, 2]),  # a whole word
        ("lgeb", [0, 2]),  # inside a word
        ("ear alg", [0, 2]),  # across words, starting and ending inside them
        ("linear algebra ii", [2]),
        ("calculus", [1]),
        ("s", [1]),
        ("algebra  ii", []),  # the spaces count as typed
        ("zebra", []),
        ("algebra calculus", []),  # every word is in some text, but not together
        ("", []),
        ("   ", []),
    ],
)
def test_a_fragment_is_found_in_every_text_it_is_part_of(fragment: str, found: list[int]) -> None:
    texts = ["linear algebra", "calculus", "linear algebra ii", "pca"]
    assert Titles(texts).containing(fragment) == found
    assert found == naive_containing(texts, fragment)


def test_runs_longer_than_the_sorted_suffixes_are_tested_whole() -> None:
    long_word = "a" * titles.KEPT + "bc"
    texts = [long_word, "a" * titles.KEPT + "bd", f"x {long_word} y"]
    index = Titles(texts)
    assert index.containing("a" * titles.KEPT + "b") == [0, 1, 2]
    assert index.containing(long_word) == [0, 2]
    assert index.containing("a" + long_word) == []


TEXT = st.text(alphabet="ab c\n\t", max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=8), st.lists(TEXT, max_size=6), st.integers(1, 4))
def test_the_index_finds_what_a_scan_finds(
    texts: list[str], fragments: list[str], kept: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(titles, "KEPT", kept)  # short, so that runs longer than kept are common
        patch.setattr(titles, "SCANS", 0)  # the index from the first fragment
        index = Titles(texts)
        for fragment in [*fragments, *texts]:
            assert index.containing(fragment) == naive_containing(texts, fragment)
            assert index.named(fragment) == [i for i, text in enumerate(texts) if text == fragment]


class Counted(Sequence[str]):
    """Texts that count how often one is read."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.reads = 0

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        self.reads += 1
        return self.texts[index]

    def __iter__(self) -> Iterator[str]:
        self.reads += len(self.texts)
        return iter(self.texts)


def test_a_few_lookups_read_every_text_then_the_index_only_what_can_match() -> None:
    texts = Counted([f"topic number {n} about {('sets', 'maps')[n % 2]}" for n in range(20_000)])
    index = Titles(texts)
    for _ in range(titles.SCANS):  # cheaper than building the index, for a few
        assert index.containing("number 12345 about") == [12_345]
    assert texts.reads == titles.SCANS * len(texts)
    index.containing("warm up the index")  # built (reading every text once)
    texts.reads = 0
    for n in range(10_000, 12_000, 2):
        assert index.containing(f"nosuch{n}") == []  # in no word: no text is read
        assert index.containing(f"{n} about maps") == []  # the one text with word n is read
        assert index.containing(f"{n + 1} about maps") == [n + 1]
    assert texts.reads == 2_000
    assert index.containing("number 12345 about") == [12_345]
    assert index.containing("about sets") == list(range(0, 20_000, 2))


def test_a_run_in_many_words_is_not_walked_past_the_fewest_candidates() -> None:
    # "1" is part of thousands of words: once "12345" (one word, in one text) is found, no
    # more words are looked at than it has texts.
    index = Titles([f"topic number {n} about {('sets', 'maps')[n % 2]}" for n in range(20_000)])
    for _ in range(titles.SCANS + 1):
        index.containing("warm up the index")
    start = time.perf_counter()
    for n in range(10_000, 10_400):
        assert index.containing(f"{n} 1") == []
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"{elapsed:.1f} s"  # 0.01 s; 4 s with every word of "1" looked at
