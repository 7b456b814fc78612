"""The one "did you mean" engine: a strict policy, its stages in order, and an index that scales."""

from __future__ import annotations

import difflib
import random
import time
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import suggest
from studypath.suggest import CUTOFF, Suggester, closest, one_slip

# -- a naive reimplementation of the policy, brute force over every choice ---------------------


def naive_one_slip(a: str, b: str) -> bool:
    """``b`` is ``a`` with one letter added, dropped, changed, or two neighbours swapped."""
    if a == b:
        return False
    dropped = any(a[:i] + a[i + 1 :] == b for i in range(len(a)))
    added = any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
    same_length = len(a) == len(b)
    changed = same_length and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    swapped = same_length and any(
        a[:i] + a[i + 1] + a[i] + a[i + 2 :] == b for i in range(len(a) - 1)
    )
    return dropped or added or changed or swapped


def naive_slips(name: str, choices: Sequence[str]) -> list[str]:
    """Every choice one slip away, in the order the choices were given."""
    return [c for c in dict.fromkeys(choices) if naive_one_slip(name, c)]


def naive_extensions(name: str, choices: Sequence[str]) -> list[str]:
    """Every choice that starts with the typed stem (3 or more letters), shortest first."""
    stem = name.rstrip("s_-. ")
    if len(stem) < 3:
        return []
    return sorted(sorted(c for c in set(choices) if c.startswith(stem)), key=len)


def naive_near(name: str, choices: Sequence[str]) -> list[str]:
    """difflib over every choice, no length prefilter."""
    return difflib.get_close_matches(name, list(dict.fromkeys(choices)), n=3, cutoff=CUTOFF)


def naive_closest(name: str, choices: Sequence[str]) -> list[str]:
    """Everything the policy suggests, best first, without a limit."""
    stages = (naive_slips, naive_extensions, naive_near)
    found = [c for stage in stages for c in stage(name, choices) if c != name]
    return list(dict.fromkeys(found))


# -- one slip ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pca", "pcaa"),  # a letter added
        ("linear-algebra", "linearalgebra"),  # a letter dropped
        ("calculus", "calculas"),  # a letter changed
        ("calculus", "calcluus"),  # two neighbours swapped
        ("ab", "ba"),  # swapped, shortest case
        ("", "a"),  # added to nothing
        ("x", "xy"),  # added at the end
        ("xy", "y"),  # dropped at the start
    ],
)
def test_one_slip_accepts_every_kind_of_slip(typed: str, meant: str) -> None:
    assert one_slip(typed, meant)
    assert one_slip(meant, typed)  # the relation is symmetric


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        ("pca", "pca"),  # the same name is no slip
        ("pca", "pcaaa"),  # two letters added
        ("abcd", "badc"),  # two separate swaps
        ("abc", "cba"),  # a swap of letters that are not neighbours
        ("abcd", "axcy"),  # two letters changed
        ("abc", "xbcd"),  # one changed and one added
    ],
)
def test_one_slip_refuses_more_than_one(typed: str, other: str) -> None:
    assert not one_slip(typed, other)
    assert not one_slip(other, typed)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc", max_size=6), st.text(alphabet="abc", max_size=6))
def test_one_slip_agrees_with_the_definition(a: str, b: str) -> None:
    assert one_slip(a, b) == naive_one_slip(a, b)


# -- the stages, in order ---------------------------------------------------------------------


def test_a_slip_comes_before_an_extension_and_a_near_name() -> None:
    choices = ["graphics-pipeline", "graph-theory", "grapj"]
    # "grapj" is one slip from "graph", "graph-theory" extends it.
    assert closest("graph", choices, count=3)[:2] == ["grapj", "graph-theory"]
    assert closest("graph", choices) == ["grapj"]


def test_slips_keep_the_order_the_choices_were_given() -> None:
    assert closest("cat", ["cart", "bat", "cab", "at"], count=4) == ["cart", "bat", "cab", "at"]
    assert closest("cat", ["at", "cab", "bat", "cart"], count=4) == ["at", "cab", "bat", "cart"]


def test_extensions_come_shortest_first() -> None:
    choices = ["regression-trees", "regression", "regression-linear"]
    assert closest("regress", choices, count=3) == [
        "regression",
        "regression-trees",
        "regression-linear",
    ]


def test_an_extension_needs_a_stem_of_three_letters() -> None:
    assert closest("pc", ["pca-whitening"]) == []
    assert closest("pca", ["pca-whitening"]) == ["pca-whitening"]
    # A plural or a trailing separator is dropped from the stem.
    assert closest("matrices-", ["matrice-inverse"]) == ["matrice-inverse"]
    assert closest("trees", ["tree-pruning"]) == ["tree-pruning"]
    assert closest("s__", ["s__x"]) == ["s__x"]  # one slip: found by the first stage
    assert closest("ab.s", ["abxxxxxxxxxx"]) == []  # stem "ab" is too short


def test_near_names_need_a_ratio_of_three_quarters() -> None:
    # ratio("abcdefgh", "abcdefxy") = 12/16 = 0.75: suggested; one letter more apart is not.
    assert difflib.SequenceMatcher(None, "abcdefxy", "abcdefgh").ratio() == 0.75
    assert closest("abcdefgh", ["abcdefxy"]) == ["abcdefxy"]
    assert closest("abcdefgh", ["abcdexyz"]) == []
    # difflib's own default cutoff (0.6) would suggest this unrelated name.
    assert difflib.get_close_matches("variance", ["covariance-matrix"], cutoff=0.6)
    assert closest("variance", ["covariance-matrix"]) == []


def test_near_names_come_best_first_and_at_most_three() -> None:
    choices = ["abcdefxy", "abcdefgx", "abcdxfgh", "abcdefqq"]
    assert closest("abcdefgh", choices, count=10) == ["abcdefgx", "abcdxfgh", "abcdefxy"]


def test_the_length_prefilter_keeps_every_possible_match() -> None:
    # 2*6/(6+10) = 0.75 exactly: a choice 10 long can still match a name 6 long, and back.
    assert closest("abcdef", ["abcdefghij"]) == ["abcdefghij"]  # (an extension too)
    assert closest("xbcdef", ["abcdefghij"]) == []  # ratio 10/16
    assert closest("bcdefghijq", ["abcdef"]) == []
    assert closest("abcdefghij", ["abcdef"]) == ["abcdef"]
    assert closest("abcdefghij"[::-1], ["abcdef"[::-1]]) == ["fedcba"]


def test_nothing_close_is_nothing() -> None:
    assert closest("zebra", ["linear-algebra", "pca"]) == []
    assert closest("anything", []) == []


# -- count, exclude, targets ------------------------------------------------------------------


def test_count_limits_and_orders_across_stages() -> None:
    choices = ["pca", "pcaa", "pca-whitening", "pcb"]
    suggester = Suggester(choices)
    assert suggester.closest("pcx", count=1) == ["pca"]
    assert suggester.closest("pcx", count=2) == ["pca", "pcb"]
    assert suggester.closest("pcas", count=5) == ["pca", "pcaa", "pca-whitening"]
    assert suggester.closest("pcx", count=0) == ["pca"]  # at least the best one


def test_the_name_itself_is_never_suggested() -> None:
    suggester = Suggester(["pca", "pcb"])
    assert suggester.closest("pca", count=5) == ["pcb"]


def test_exclude_skips_targets_and_goes_on_to_the_next() -> None:
    suggester = Suggester(["linear-algebra", "linear-algebro"])
    assert suggester.closest("linear-algebrx") == ["linear-algebra"]
    assert suggester.closest("linear-algebrx", exclude={"linear-algebra"}) == ["linear-algebro"]
    assert suggester.closest("linear-algebrx", exclude={"linear-algebra", "linear-algebro"}) == []


def test_targets_stand_in_for_their_names_once_each() -> None:
    suggester = Suggester([("la", "linear-algebra"), ("linalg", "linear-algebra"), ("pca", "pca")])
    assert "la" in suggester
    assert "linear-algebra" not in suggester
    assert suggester.closest("lx") == ["linear-algebra"]
    # Both aliases are near "linalh": the topic they stand for is suggested once.
    assert suggester.closest("linalh", count=3) == ["linear-algebra"]
    assert suggester.closest("pcaa", count=3) == ["pca"]
    assert suggester.closest("linalh", exclude={"linear-algebra"}) == []


def test_the_first_target_of_a_name_wins() -> None:
    suggester = Suggester([("essence", "linear-algebra/essence"), ("essence", "other/essence")])
    assert suggester.closest("essense") == ["linear-algebra/essence"]


def test_a_name_whose_target_is_itself_is_skipped_by_its_target_too() -> None:
    suggester = Suggester([("pca", "pca"), ("pcaa", "pca-alias-target")])
    assert suggester.closest("pca", count=3) == ["pca-alias-target"]


def test_suggestions_are_computed_on_first_use_and_reused() -> None:
    suggester = Suggester(["alpha", "beta"])
    assert suggester.closest("alpja") == ["alpha"]
    assert suggester.closest("betx") == ["beta"]
    assert "alpha" in suggester
    assert "gamma" not in suggester


# -- the property: the index changes nothing --------------------------------------------------

ALPHABET = "abcs-_"


@st.composite
def names_and_choices(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A name, and choices many of which are a slip or an extension of it."""
    name = draw(st.text(alphabet=ALPHABET, max_size=8))
    letter = st.sampled_from(ALPHABET)
    near: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(name)))
        edit = draw(st.sampled_from(["add", "drop", "change", "swap", "extend"]))
        if edit == "add":
            near.append(name[:i] + draw(letter) + name[i:])
        elif edit == "drop":
            near.append(name[:i] + name[i + 1 :])
        elif edit == "change":
            near.append(name[:i] + draw(letter) + name[i + 1 :])
        elif edit == "swap":
            near.append(name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :])
        else:
            near.append(name + draw(st.text(alphabet=ALPHABET, max_size=8)))
    other = draw(st.lists(st.text(alphabet=ALPHABET, max_size=12), max_size=12))
    return name, draw(st.permutations(near + other))


@settings(max_examples=200, deadline=None)
@given(names_and_choices(), st.sampled_from([0, 10**9]))
def test_the_index_finds_what_brute_force_finds(
    case: tuple[str, list[str]], edits_per_letter: int
) -> None:
    name, choices = case
    # Slips found through the deletion index (0), or by trying every edit of the name.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(suggest, "EDITS_PER_LETTER", edits_per_letter)
        suggester = Suggester(choices)
        suggester.closest("")
    expected = naive_closest(name, choices)
    everything = suggester.closest(name, count=len(choices) + 10)
    assert everything == expected
    # Stage by stage, as sets: the index neither loses nor invents a slip or an extension.
    slips = set(naive_slips(name, choices))
    extensions = set(naive_extensions(name, choices)) - {name}
    assert slips | extensions <= set(everything)
    assert set(everything) <= slips | extensions | set(naive_near(name, choices))
    # Any count gives the first suggestions of the whole list.
    for count in range(1, len(expected) + 1):
        assert suggester.closest(name, count=count) == expected[:count]


@settings(max_examples=100, deadline=None)
@given(names_and_choices(), st.data())
def test_exclude_is_the_same_as_leaving_the_choices_out(
    case: tuple[str, list[str]], data: st.DataObject
) -> None:
    name, choices = case
    excluded = set(data.draw(st.lists(st.sampled_from(choices), max_size=3))) if choices else set()
    # Slips and extensions are those of the choices left; difflib's three best are chosen
    # among all the choices, and the excluded ones then dropped.
    stages = (naive_slips, naive_extensions, naive_near)
    found = [c for stage in stages for c in stage(name, choices)]
    expected = list(dict.fromkeys(c for c in found if c != name and c not in excluded))
    assert Suggester(choices).closest(name, count=100, exclude=excluded) == expected


# -- scale ------------------------------------------------------------------------------------

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gri", "str", "on", "al")


def synthetic_names(count: int, rng: random.Random) -> list[str]:
    """Distinct Metacademy-like ids: one to three made-up words joined by underscores."""

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))

    names: dict[str, None] = {}
    while len(names) < count:
        names["_".join(word() for _ in range(rng.randint(1, 3)))] = None
    return list(names)


def typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(len(name))
    return rng.choice(
        [
            name[:i] + "q" + name[i:],
            name[:i] + name[i + 1 :],
            name[:i] + "z" + name[i + 1 :],
            name[:i] + name[i + 1 : i + 2] + name[i] + name[i + 2 :],
        ]
    )


def test_two_thousand_misspelt_names_against_twenty_thousand_choices_are_fast() -> None:
    rng = random.Random(7)
    choices = synthetic_names(20_000, rng)
    known = set(choices)
    unknown: list[str] = []
    while len(unknown) < 2_000:
        source = rng.choice(choices)
        # Half are typos, half a cut-off name (found as an extension).
        name = typo(source, rng) if len(unknown) % 2 else source[: max(3, len(source) - 3)]
        if name not in known:
            unknown.append(name)
    start = time.perf_counter()
    suggester = Suggester(choices)
    found = [suggester.closest(name) for name in unknown]
    elapsed = time.perf_counter() - start
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert all(found)  # every one of them has a suggestion


def test_two_thousand_unrelated_names_against_twenty_thousand_choices_are_fast() -> None:
    # Names with nothing near, like Metacademy's dangling prerequisites, and names that only
    # difflib finds: each goes through every stage. At b775ba0 difflib rated every choice of a
    # similar length, ~30 ms a name here (a minute for 2,000). Timed on a sample so that the
    # slow case fails in about a second, and scaled to 2,000.
    rng = random.Random(11)
    choices = synthetic_names(20_000, rng)
    known = set(choices)
    unrelated = [f"xyzzy_{n:04d}_{rng.choice(SYLLABLES)}" for n in range(20)]
    others = [n for n in synthetic_names(40, random.Random(99)) if n not in known][:20]
    suggester = Suggester(choices)
    suggester.closest("warm-up the index")
    start = time.perf_counter()
    found = [suggester.closest(name) for name in unrelated + others]
    elapsed = (time.perf_counter() - start) * 2_000 / len(found)
    assert not any(found[: len(unrelated)])
    assert any(found[len(unrelated) :])  # some are near enough for difflib
    assert elapsed < 10, f"{elapsed:.1f} s for 2,000 names"


def test_extensions_cost_a_binary_search_not_a_walk_of_every_later_name() -> None:
    # Names that sort before every choice: at 99bfc28 each lookup copied the sorted list from
    # there on (400,000 names), 2,000 lookups took seconds. Long choices: no slip index, and
    # no choice near in length, so that only the extension stage does any work.
    choices = [f"choice-number-{n:06d}-of-very-many" for n in range(400_000)]
    suggester = Suggester(choices)
    assert suggester.closest("choice-number-000123", count=2) == [choices[123]]
    start = time.perf_counter()
    found = [suggester.closest(f"aaa-{n}") for n in range(2_000)]
    elapsed = time.perf_counter() - start
    assert not any(found)
    assert elapsed < 1, f"{elapsed:.1f} s"  # 0.02 s, and 6 s at 99bfc28


def test_targeted_names_keep_the_first_target_and_need_one_each() -> None:
    suggester = Suggester.targeted(["la", "pca", "la"], ["linear-algebra", "pca", "other"])
    assert suggester.closest("lx") == ["linear-algebra"]
    assert suggester.closest("pcx", count=3) == ["pca"]
    with pytest.raises(ValueError):
        Suggester.targeted(["la", "pca"], ["linear-algebra"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcd", min_size=3, max_size=9), max_size=60), st.data())
def test_near_names_are_difflibs_best_three_among_names_alike(
    choices: list[str], data: st.DataObject
) -> None:
    # Many choices alike: difflib rates only those whose bound can still reach the best three.
    name = data.draw(st.text(alphabet="abcd", min_size=3, max_size=9))
    unique = list(dict.fromkeys(choices))
    assert Suggester(unique)._near(name) == naive_near(name, unique)


def test_thousands_of_names_alike_are_rated_only_as_far_as_needed() -> None:
    # Every title of a synthetic graph is 0.75 alike to the next: at 99bfc28 difflib rated all
    # of them (seconds a name on 100,000 topics).
    choices = [f"topic number {n:05d} about {('sets', 'maps')[n % 2]}" for n in range(30_000)]
    suggester = Suggester(choices)
    typed = ["topic number 12345 about mapz", "topic numbr 00042 about sets"]
    suggester.closest("warm-up the index")
    start = time.perf_counter()
    found = [suggester._near(name) for name in typed]
    elapsed = time.perf_counter() - start
    assert found == [naive_near(name, choices) for name in typed]
    assert [near[0] for near in found] == [choices[12_345], choices[42]]
    assert elapsed < 0.5, f"{elapsed:.1f} s"  # 0.03 s, and 1.3 s at 99bfc28


def test_a_few_names_try_their_edits_and_many_build_the_slip_index_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choices = synthetic_names(20_000, random.Random(3))
    typed = [typo(name, random.Random(n)) for n, name in enumerate(choices[:3_000])]
    suggester = Suggester(choices)
    builds = []
    build = Suggester._deletion_index

    def counted(self: Suggester) -> dict[str, str | list[str]]:
        builds.append(self)
        return build(self)

    monkeypatch.setattr(Suggester, "_deletion_index", counted)
    found = [suggester.closest(name, count=3) for name in typed[:10]]
    assert not builds  # ten names: each edit of them tried, cheaper than an index
    found += [suggester.closest(name, count=3) for name in typed[10:]]
    assert builds == [suggester]  # thousands: the index, built once
    monkeypatch.setattr(suggest, "EDITS_PER_LETTER", 0)
    indexed = Suggester(choices)
    assert found == [indexed.closest(name, count=3) for name in typed]
    assert builds[1:] == [indexed]
