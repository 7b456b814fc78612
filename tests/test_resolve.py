"""Names to items: Unicode-normalised matching, and many names at the cost of one."""

from __future__ import annotations

import time
import unicodedata
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, StudypathError, Topic, UnknownItemError, titles
from studypath.resolve import Item, Resolver, item_id, resolve_item, resolve_items, resolve_topic

CAFE = "Caf\u00e9 culture"  # é as one code point (NFC)
GRAPH = Graph(
    "Unicode",
    [
        Topic("cafe", CAFE, resources=(Resource("cafe", "menu", "Le menu du caf\u00e9"),)),
        Topic("angstrom", "\u00c5ngstr\u00f6m units"),
    ],
)


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD"])
def test_titles_match_whatever_the_normal_form_typed(
    form: Literal["NFC", "NFD", "NFKC", "NFKD"],
) -> None:
    assert resolve_topic(GRAPH, unicodedata.normalize(form, CAFE)) == "cafe"
    assert resolve_topic(GRAPH, unicodedata.normalize(form, "ÅNGSTRÖM UNITS")) == "angstrom"
    menu = resolve_item(GRAPH, unicodedata.normalize(form, "du café"))
    assert isinstance(menu, Resource) and menu.full_id == "cafe/menu"


def test_many_unknown_names_cost_about_one_pass() -> None:
    topics = [Topic(f"topic-{n:05d}", f"Topic number {n}") for n in range(5000)]
    graph = Graph("big", topics)
    names = [f"unknown-name-{n}" for n in range(2000)]
    start = time.perf_counter()
    with pytest.raises(StudypathError) as error:
        resolve_items(graph, names)
    assert time.perf_counter() - start < 20  # one index, not one per name (was minutes)
    assert str(error.value).endswith("nothing was recorded (2000 items refused)")


def test_suggestions_use_the_strict_policy() -> None:
    resolver = Resolver(GRAPH)
    with pytest.raises(UnknownItemError, match="did you mean `cafe`"):
        resolver.item("cafee")
    with pytest.raises(UnknownItemError) as error:
        resolver.topic("zebra")
    assert error.value.suggestions == ()


# -- the rules, against a scan of every topic and resource ------------------------------------


def naive_item(graph: Graph, name: str) -> str | list[str] | None:
    """The id :meth:`Resolver.item` gives, the candidates it refuses, or None: every rule a
    scan of the whole graph."""
    from studypath.resolve import fold

    canonical = graph.canonical(unicodedata.normalize("NFC", name))
    canonical = canonical or graph.canonical(unicodedata.normalize("NFC", name).lower())
    if canonical is not None:
        return canonical
    resources = [r for t in graph.topics for r in t.resources]
    if "/" in name and unicodedata.normalize("NFC", name) in [r.full_id for r in resources]:
        return unicodedata.normalize("NFC", name)
    folded = fold(name)
    topics: list[Item] = list(graph.topics)
    rules: list[list[Item]] = [[r for r in resources if r.id == name]]
    if folded:
        for rule in (str.__eq__, str.__contains__):
            for pool in (topics, list(resources)):
                rules.append([i for i in pool if rule(fold(i.title), folded)])
    for matches in rules:
        if len(matches) == 1:
            return item_id(matches[0])
        if matches:
            return [item_id(i) for i in matches]
    return None


WORD = st.sampled_from(["ab", "Ab", "b", "ba", "abc", "c\u0327", "\u00e7", "a\nb"])
TITLE = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def graphs_and_names(draw: st.DrawFn) -> tuple[Graph, list[str]]:
    topics = []
    names: list[str] = []
    for n in range(draw(st.integers(1, 5))):
        resources = tuple(
            Resource(f"t{n}", draw(st.sampled_from(["r", "s", "ab"])) + str(m), draw(TITLE))
            for m in range(draw(st.integers(0, 2)))
        )
        if len({r.id for r in resources}) < len(resources):
            resources = resources[:1]
        topics.append(Topic(f"t{n}", draw(TITLE), resources=resources))
        names += [f"t{n}", *(r.id for r in resources), *(r.full_id for r in resources)]
    names += [t.title for t in topics] + [r.title for t in topics for r in t.resources]
    typed = st.one_of(st.sampled_from(names), TITLE, WORD, st.text("ab \nc", max_size=5))
    return Graph("random", topics), draw(st.lists(typed, min_size=1, max_size=8))


@settings(max_examples=300, deadline=None)
@given(graphs_and_names(), st.sampled_from([0, titles.SCANS]))
def test_the_indexes_find_what_a_scan_of_the_graph_finds(
    case: tuple[Graph, list[str]], scans: int
) -> None:
    graph, names = case
    resolver = Resolver(graph)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(titles, "SCANS", scans)  # 0: title fragments through the index at once
        for name in names:
            expected = naive_item(graph, name)
            try:
                found: str | list[str] | None = item_id(resolver.item(name))
            except UnknownItemError as error:
                found = [i for i, _ in error.candidates] or None
            assert found == expected, name


def test_a_name_with_a_line_break_is_compared_like_any_other() -> None:
    graph = Graph("lines", [Topic("poem", "First line\nsecond line"), Topic("other", "Other")])
    assert resolve_topic(graph, "line\nsecond") == "poem"
    assert item_id(resolve_item(graph, "first line\nSECOND LINE")) == "poem"


def test_words_tried_together_are_never_given_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Suggestions for `a b` (no item) are thrown away: building them cost seconds on a large
    # graph, for every `done a b`.
    def no_suggestions(*_: object) -> list[str]:
        raise AssertionError("suggestions asked for")

    monkeypatch.setattr(Resolver, "suggest", no_suggestions)
    graph = Graph("two", [Topic("alpha", "Alpha"), Topic("beta", "Beta")])
    assert [item_id(i) for i in resolve_items(graph, ["alpha", "beta"])] == ["alpha", "beta"]


def test_two_thousand_unknown_names_cost_little_more_than_one() -> None:
    # One unknown name builds the indexes; 2,000 add little to that. At 99bfc28 each name was
    # searched for in the text of every title and copied the sorted names from its place on:
    # 2,000 names on this graph took 4 s more than one (here: under 1 s more).
    topics = [
        Topic(
            f"topic-{n:05d}",
            f"Topic number {n} about {('sets', 'maps', 'sums')[n % 3]}",
            resources=tuple(
                Resource(f"topic-{n:05d}", f"r{m}", f"Part {m} of {n}") for m in (1, 2)
            ),
        )
        for n in range(30_000)
    ]
    graph = Graph("big", topics)
    times = []
    for count in (1, 2_000):
        start = time.perf_counter()
        with pytest.raises(StudypathError, match=f"nothing was recorded \\({count} item"):
            resolve_items(graph, [f"unknown-name-{n}" for n in range(count)])
        times.append(time.perf_counter() - start)
    one, many = times
    assert many < one + 2, f"one name {one:.2f} s, 2,000 names {many:.2f} s"


def test_a_name_matching_very_many_items_lists_a_few() -> None:
    from studypath.errors import SHOWN, UnknownItemError

    graph = Graph("G", [Topic(f"t{n}", f"Topic number {n}") for n in range(500)])
    with pytest.raises(UnknownItemError) as info:
        resolve_item(graph, "number")
    lines = str(info.value).splitlines()
    assert lines[0] == "`number` matches 500 items; name one by its id:"
    assert len(lines) == SHOWN + 2
    assert lines[-1] == f"  and {500 - SHOWN} more: name it more fully"
    assert len(info.value.candidates) == 500  # all of them, for a caller that wants them
