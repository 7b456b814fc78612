"""Names to items: Unicode-normalised matching, and many names at the cost of one."""

from __future__ import annotations

import time
import unicodedata
from typing import Literal

import pytest

from studypath import Graph, Resource, StudypathError, Topic, UnknownItemError
from studypath.resolve import Resolver, resolve_item, resolve_items, resolve_topic

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
