"""The event-based YAML reader agrees with PyYAML's own resolver and composer."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from studypath.yamlnodes import (
    ComposeError,
    MappingNode,
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
