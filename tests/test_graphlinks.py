"""Checks across topics: one mistake is reported once, where it is, and never as a second,
false problem elsewhere (issue 9)."""

from __future__ import annotations

import textwrap

import pytest

from studypath import GraphError, parse_graph


def problems(text: str) -> list[str]:
    with pytest.raises(GraphError) as info:
        parse_graph(textwrap.dedent(text).lstrip("\n"), "g.yaml")
    return [str(p) for p in info.value.problems]


NOT_AN_ID = "is not a valid id: use lowercase letters, digits and . _ + -, starting with a letter"


def test_a_topic_without_a_title_is_reported_at_its_key_and_nowhere_else() -> None:
    assert problems("""
        topics:
          a:
            summary: no title
            aliases: [aa]
          b: {title: B, requires: [a]}
          c: {title: C, requires: [aa]}
        """) == ["g.yaml:2:3: topic `a`: missing required key `title`"]


def test_a_topic_with_a_flow_mapping_and_no_title_is_reported_at_its_key() -> None:
    assert problems("topics:\n  a: {summary: x}\n") == [
        "g.yaml:2:3: topic `a`: missing required key `title`"
    ]


@pytest.mark.parametrize(
    ("topic", "problem"),
    [
        ("a: {title: [not, text]}", "2:14: topic `a`: `title` must be text, not a list"),
        ("a: {title: ''}", "2:14: topic `a`: `title` is empty"),
        ("a: just text", "2:6: topic `a` must be a mapping, not `just text`"),
        ("a: {title: A, hours: -1}", "2:24: topic `a`: `hours` must not be negative (got -1)"),
        (
            "a: {title: A, resources: [{url: 'https://x.org'}]}",
            "2:29: topic `a`, resource 1: missing required key `title`",
        ),
    ],
)
def test_a_topic_with_a_problem_of_its_own_is_still_a_topic(topic: str, problem: str) -> None:
    found = problems(f"topics:\n  {topic}\n  b: {{title: B, requires: [a]}}\n")
    assert found == [f"g.yaml:{problem}"]


def test_a_topic_with_an_invalid_id_is_still_a_topic() -> None:
    found = problems("topics:\n  Bad Id: {title: X}\n  b: {title: B, requires: [Bad Id]}\n")
    assert len(found) == 1
    assert found[0].startswith(f"g.yaml:2:3: topic id `Bad Id` {NOT_AN_ID}")


def test_an_alias_that_is_not_an_id_still_names_its_topic() -> None:
    found = problems("topics:\n  a: {title: A, aliases: [Al]}\n  b: {title: B, requires: [Al]}\n")
    assert len(found) == 1
    assert found[0].startswith(f"g.yaml:2:27: topic `a`: `aliases` entry `Al` {NOT_AN_ID}")


def test_a_name_that_is_not_an_id_never_hides_a_topic_or_an_alias() -> None:
    found = problems("""
        topics:
          a: {title: A, aliases: [B, x]}
          b: {title: B, aliases: [X]}
          c: {title: C, requires: [B, X, b]}
        """)
    assert len(found) == 2  # the two aliases; `B` and `X` still name a and b
    found = problems("""
        topics:
          Al: {title: A}
          b: {title: B, aliases: [Al]}
          c: {title: C, requires: [Al]}
        """)
    assert len(found) == 2  # the id and the alias; `Al` names the topic, not b's alias
    graph_text = "topics:\n  a: {title: A}\n  b: {title: B}\n  c: {title: C, requires: [a, b]}\n"
    assert parse_graph(graph_text).topic("c").requires == ("a", "b")


def test_the_prerequisites_of_a_topic_with_a_problem_still_count() -> None:
    assert problems("""
        topics:
          a: {title: [x], requires: [b, zz]}
          b: {title: B, requires: [a]}
        """) == [
        "g.yaml:2:3: cycle: a → b → a (lines 2, 3)",
        "g.yaml:2:14: topic `a`: `title` must be text, not a list",
        "g.yaml:2:33: topic `a` requires unknown topic `zz`",
    ]


def test_a_topic_without_a_title_is_a_topic_id_for_aliases_too() -> None:
    assert problems("topics:\n  a: {title: A, aliases: [b]}\n  b: {summary: B}\n") == [
        "g.yaml:2:27: topic `a`: alias `b` is already a topic id",
        "g.yaml:3:3: topic `b`: missing required key `title`",
    ]


def test_resource_ids_clash_even_when_one_resource_has_another_problem() -> None:
    found = problems("""
        topics:
          a:
            title: A
            resources:
              - {title: [x], id: intro}
              - {title: Intro}
        """)
    assert found == [
        "g.yaml:5:17: topic `a`, resource 1: `title` must be text, not a list",
        "g.yaml:6:9: topic `a`: two resources have the id `intro` (first at line 5); give one "
        "of them its own `id:`",
    ]


def test_suggestions_are_valid_names_only() -> None:
    found = problems("""
        topics:
          Linear-algebra: {title: LA}
          pca: {title: PCA, requires: [linear-algebra]}
        """)
    assert found[-1] == "g.yaml:3:32: topic `pca` requires unknown topic `linear-algebra`"
    found = problems("""
        topics:
          linear-algebra2: {summary: no title, but a valid id}
          pca: {title: PCA, requires: [linear-algebra]}
        """)
    assert found[-1] == (
        "g.yaml:3:32: topic `pca` requires unknown topic `linear-algebra` — did you mean "
        "`linear-algebra2`?"
    )


def test_a_duplicate_topic_is_not_linked_again() -> None:
    assert problems("""
        topics:
          a: {title: A}
          a: {title: [x], requires: [zz]}
          b: {title: B, requires: [a]}
        """) == ["g.yaml:3:3: `topics`: duplicate key `a` (first at line 2)"]


# -- one-of groups ----------------------------------------------------------------------------


def test_one_of_groups_are_linked_with_aliases_resolved_in_file_order() -> None:
    graph = parse_graph(
        textwrap.dedent("""
        topics:
          a: {title: A}
          b: {title: B, aliases: [bee]}
          c: {title: C}
          d:
            title: D
            requires: [{one-of: [c, bee]}, a, {one-of: [a2, c]}]
          a2: {title: A2}
        """).lstrip("\n")
    )
    d = graph.topic("d")
    assert d.requires == ("a",)
    assert d.one_of == (("c", "b"), ("a2", "c"))
    assert d.all_requires == ("a", "c", "b", "a2")
    assert dict(graph.stages) == {"a": 1, "b": 1, "c": 1, "d": 2, "a2": 1}


def test_the_same_group_twice_counts_once() -> None:
    graph = parse_graph(
        "topics:\n  a: {title: A}\n  b: {title: B, aliases: [bee]}\n"
        "  c: {title: C, requires: [{one-of: [a, b]}, {one-of: [bee, a]}]}\n"
    )
    assert graph.topic("c").one_of == (("a", "b"),)


def test_unknown_ids_in_a_group_are_reported_where_they_are_with_a_hint() -> None:
    assert problems("""
        topics:
          linear-algebra: {title: LA}
          calculus: {title: C}
          pca:
            title: PCA
            requires:
              - one-of: [linear-algebr, calculus, quantum-gravity]
        """) == [
        "g.yaml:7:18: topic `pca` requires unknown topic `linear-algebr` — did you mean "
        "`linear-algebra`?",
        "g.yaml:7:43: topic `pca` requires unknown topic `quantum-gravity`",
    ]


@pytest.mark.parametrize(
    ("requires", "problem"),
    [
        ("[{one-of: [a, c]}]", "3:41: topic `c` requires itself (in a one-of group)"),
        ("[{one-of: [a, aa, b]}]", "3:41: topic `c`: a one-of group names `a` twice"),
        ("[a, {one-of: [b, a]}]", "3:44: topic `c` requires `a` already: a one-of group that "
                                  "lists it is always satisfied"),
        ("[{one-of: [b, aa]}, a]", "3:41: topic `c` requires `a` already: a one-of group that "
                                   "lists it is always satisfied"),
    ],
)  # fmt: skip
def test_a_group_that_names_its_topic_or_one_topic_twice_is_a_problem(
    requires: str, problem: str
) -> None:
    text = f"topics:\n  a: {{title: A, aliases: [aa]}}\n  c: {{title: C, requires: {requires}}}\n"
    text += "  b: {title: B}\n"
    assert problems(text) == [f"g.yaml:{problem}"]


def test_a_cycle_through_any_alternative_is_a_cycle() -> None:
    assert problems("""
        topics:
          a: {title: A, requires: [{one-of: [b, c]}]}
          b: {title: B}
          c: {title: C, requires: [a]}
        """) == ["g.yaml:2:3: cycle: a → c → a (lines 2, 4)"]


def test_the_groups_of_a_topic_with_a_problem_still_count() -> None:
    assert problems("""
        topics:
          a: {title: [x], requires: [{one-of: [b, zz]}]}
          b: {title: B, requires: [{one-of: [a, c]}]}
          c: {title: C}
        """) == [
        "g.yaml:2:3: cycle: a → b → a (lines 2, 3)",
        "g.yaml:2:14: topic `a`: `title` must be text, not a list",
        "g.yaml:2:43: topic `a` requires unknown topic `zz`",
    ]
