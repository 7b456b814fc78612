"""The event-based YAML reader agrees with PyYAML's own resolver and composer."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from studypath.yamlnodes import (
    ComposeError,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose,
    resolve,
)

SAMPLES = [
    "", "~", "null", "Null", "NULL", "yes", "No", "ON", "off", "true", "False", "y", "n",
    "0", "12", "-3", "+4", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "190:20:30",
    "1.5", "-.5", ".5", "1e3", "1.0e+3", "6.8523015e+5", ".inf", "-.Inf", ".NaN", "1.", "1.2.3",
    "2019-09-11", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "1984",
    "linear-algebra", "a: b", "-", "--", "+", ".", "..", "0.1.2", "1.10", "v1.0", "=", "<<",
]  # fmt: skip


def pyyaml_tag(value: str) -> str:
    tag = yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, value, (True, False))  # type: ignore[arg-type,no-untyped-call]
    return str(tag)


@pytest.mark.parametrize("value", SAMPLES)
def test_resolve_matches_pyyaml_on_samples(value: str) -> None:
    expected = pyyaml_tag(value)
    if expected.endswith((":merge", ":value")):
        expected = "tag:yaml.org,2002:str"  # keys we never give a meaning to
    assert resolve(value) == expected


@given(st.text(alphabet="0123456789+-._:eExXobyYnNtTrRuUfFaAlLsSiIoO~ ", max_size=12))
def test_resolve_matches_pyyaml_on_random_scalars(value: str) -> None:
    value = value.strip()
    expected = pyyaml_tag(value)
    if expected.endswith((":merge", ":value")):
        expected = "tag:yaml.org,2002:str"
    assert resolve(value) == expected


def shape(node: object) -> object:
    if isinstance(node, ScalarNode):
        return (node.value, node.line, node.column)
    if isinstance(node, SequenceNode):
        return [shape(n) for n in node.value]
    assert isinstance(node, MappingNode)
    return [(shape(k), shape(v)) for k, v in node.value]


def pyyaml_shape(node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return (node.value, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.SequenceNode):
        return [pyyaml_shape(n) for n in node.value]
    return [(pyyaml_shape(k), pyyaml_shape(v)) for k, v in node.value]


DOCUMENT = """
title: "quoted: yes"
topics:
  a: &shared
    title: A
    resources: [{title: x, hours: 1.5}, {title: 'y', free: on}]
  b: *shared
  c:
    - 1
    - [2, {three: 3}]
    - |
      block
      text
"""


def test_compose_matches_pyyaml_positions_and_values() -> None:
    ours = compose(DOCUMENT)
    theirs = yaml.compose(DOCUMENT, Loader=yaml.SafeLoader)
    assert theirs is not None
    assert shape(ours) == pyyaml_shape(theirs)


def test_explicit_tags_and_quotes() -> None:
    root = compose('a: "1984"\nb: 1984\nc: !!str 12\nd: !custom x\ne: ! 5\n')
    assert isinstance(root, MappingNode)
    tags = {k.value: v.tag for k, v in root.value}  # type: ignore[attr-defined]
    assert tags == {
        "a": "tag:yaml.org,2002:str",
        "b": "tag:yaml.org,2002:int",
        "c": "tag:yaml.org,2002:str",
        "d": "!custom",
        "e": "tag:yaml.org,2002:str",
    }


def test_empty_documents_and_errors() -> None:
    assert compose("") is None
    assert compose("# nothing\n") is None
    with pytest.raises(ComposeError, match="one YAML document"):
        compose("a: 1\n---\nb: 2\n")
    with pytest.raises(ComposeError, match=r"unknown alias `\*nope`"):
        compose("a: *nope\n")
    with pytest.raises(yaml.MarkedYAMLError):
        compose("a: [\n")


def test_aliases_that_expand_exponentially_are_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(ComposeError, match="aliases stand for more than 1,000,000 nodes"):
        compose("\n".join(lines) + "\n")


def test_ordinary_aliases_are_fine() -> None:
    shared = "book: &book {title: Shared book, url: 'https://example.org'}\n"
    uses = "".join(f"t{i}: [*book, *book]\n" for i in range(1000))
    root = compose(shared + uses)
    assert isinstance(root, MappingNode) and len(root.value) == 1001


# -- streaming: one mapping's entries handed over as they close -------------------------------


def streamed(text: str) -> tuple[Node | None, list[tuple[object, object]]]:
    """The tree and the (key, value) shapes handed to ``stream``, in order."""
    seen: list[tuple[object, object]] = []
    root = compose(text, lambda key, value: seen.append((shape(key), shape(value))))
    return root, seen


def test_the_entries_of_topics_are_handed_over_and_not_kept() -> None:
    text = "title: T\ntopics:\n  a: {title: A}\n  b:\n    title: B\nsummary: S\n"
    root, seen = streamed(text)
    assert seen == [
        (("a", 2, 2), [(("title", 2, 6), ("A", 2, 13))]),
        (("b", 3, 2), [(("title", 4, 4), ("B", 4, 11))]),
    ]
    assert isinstance(root, MappingNode)
    assert shape(root) == [
        (("title", 0, 0), ("T", 0, 7)),
        (("topics", 1, 0), []),  # kept empty, where it is
        (("summary", 5, 0), ("S", 5, 9)),
    ]
    assert shape(root) != shape(compose(text))


def test_each_entry_is_handed_over_before_the_rest_is_parsed() -> None:
    seen: list[str] = []
    with pytest.raises(yaml.MarkedYAMLError):
        compose("topics:\n  a: {title: A}\n  b: [\n", lambda k, v: seen.append(str(k.value)))
    assert seen == ["a"]


@pytest.mark.parametrize(
    "text",
    [
        "topics: &t\n  a: {title: A}\n",  # an alias may stand for it: kept whole
        "topics: [a]\n",  # not a mapping
        "x:\n  topics:\n    a: 1\n",  # not at the root
        "- topics:\n    a: 1\n",  # the root is no mapping
        "topics: ~\ntopics:\n  a: 1\n",  # a second `topics` is a duplicate, read whole
        "&k topics: ~\nx: {*k : {a: 1}}\n",  # the same key, deeper
    ],
)
def test_only_the_roots_first_topics_mapping_is_streamed(text: str) -> None:
    root, seen = streamed(text)
    assert seen == []
    assert shape(root) == shape(compose(text))


def test_aliases_reach_into_topics_already_handed_over() -> None:
    text = "topics:\n  a: {title: &t A, list: &l [1, 2]}\n  b: {title: *t, list: *l}\n  c: *l\n"
    _, seen = streamed(text)
    assert seen[1] == (
        ("b", 2, 2),
        [(("title", 2, 6), ("A", 1, 13)), (("list", 2, 17), [("1", 1, 29), ("2", 1, 32)])],
    )
    assert seen[2] == (("c", 3, 2), [("1", 1, 29), ("2", 1, 32)])


def test_the_alias_limit_counts_nested_anchors_once() -> None:
    # &a stands for 1,000 nodes: itself, &b (999: itself and 998 scalars)
    inner = ", ".join(["x"] * 998)
    head = f"s: &a [&b [{inner}]]\n"
    thousand = "topics:\n" + "".join(f"  t{i}: [{', '.join(['*a'] * 10)}]\n" for i in range(100))
    compose(head + thousand, lambda k, v: None)  # exactly 1,000,000
    with pytest.raises(ComposeError, match="more than 1,000,000") as info:
        compose(head + thousand + "  u: [*b]\n", lambda k, v: None)
    assert (info.value.line, info.value.column) == (102, 6)
    with pytest.raises(ComposeError, match="more than 1,000,000"):
        compose(head + "c: &c [*a]\n" + thousand.replace("*a", "*c", 1))


def test_plain_and_quoted_scalars() -> None:
    root = compose("a: 12\nb: '12'\nc: ~\nd: !!str ~\n")
    assert isinstance(root, MappingNode)
    values = [v for _, v in root.value]
    assert all(isinstance(v, ScalarNode) for v in values)
    texts = [v.text() for v in values if isinstance(v, ScalarNode)]
    assert texts == ["12", "12", None, "~"]
