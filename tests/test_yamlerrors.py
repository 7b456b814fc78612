"""YAML syntax errors: where the parser stopped, what it was reading and where that started."""

from __future__ import annotations

import pytest
import yaml
from yaml.error import Mark

from studypath import GraphError, parse_graph
from studypath.yamlerrors import syntax_message


def only(text: str) -> str:
    with pytest.raises(GraphError) as info:
        parse_graph(text, "g.yaml")
    (problem,) = info.value.problems
    return str(problem)


def test_an_unclosed_quote_says_where_it_opened() -> None:
    text = 'title: x\ntopics:\n  a:\n    title: "Linear\n    hours: 3'
    assert only(text) == (
        "g.yaml:5:13: YAML syntax error: found unexpected end of stream (the quoted text that "
        "starts at line 4, column 12 is never closed)"
    )


def test_an_unclosed_list_says_where_it_opened() -> None:
    text = "topics:\n  a:\n    title: A\n    requires: [b, c\n  b: {title: B}\n"
    assert only(text) == (
        "g.yaml:5:4: YAML syntax error: did not find expected ',' or ']' (in the `[` list that "
        "starts at line 4, column 15)"
    )


def test_an_unclosed_mapping_says_where_it_opened() -> None:
    assert only("topics:\n  a: {title: A\n  b: {title: B}\n") == (
        "g.yaml:3:4: YAML syntax error: did not find expected ',' or '}' (in the `{` mapping "
        "that starts at line 2, column 6)"
    )


def test_a_line_indented_wrong_points_at_the_mapping_it_breaks() -> None:
    assert only("topics:\n  a:\n    title: A\n   hours: 2\n") == (
        "g.yaml:4:4: YAML syntax error: did not find expected key (in the mapping that starts "
        "at line 2, column 3; check this line's indentation)"
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("topics:\n\ta:\n\t\ttitle: A\n", "2:1"),
        ("topics:\n  a:\n    title: A\n    requires:\n\t- b\n", "5:1"),
        ("topics:\n  a:\n\ttitle: A\n", "3:1"),
    ],
)
def test_a_tab_is_named_as_a_tab(text: str, where: str) -> None:
    assert only(text) == (
        f"g.yaml:{where}: YAML syntax error: found a tab character (YAML indents with spaces, "
        "not tabs)"
    )


def test_a_tab_is_named_by_the_python_parser_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert only("topics:\n\ta: {title: A}\n") == (
        "g.yaml:2:1: YAML syntax error: found a tab character (YAML indents with spaces, not tabs)"
    )
    assert only("topics:\n  a: {title: @A}\n") == (
        "g.yaml:2:14: YAML syntax error: found `@`, which cannot start a YAML value (put the "
        "text in quotes)"
    )


@pytest.mark.parametrize("character", ["@", "`"])
def test_a_character_that_cannot_start_a_value_is_named(character: str) -> None:
    assert only(f"topics:\n  a:\n    title: {character}home\n") == (
        f"g.yaml:3:12: YAML syntax error: found `{character}`, which cannot start a YAML value "
        "(put the text in quotes)"
    )


def test_text_with_a_colon_is_told_to_use_quotes() -> None:
    assert only("topics:\n  a:\n    title: A: B\n") == (
        "g.yaml:3:13: YAML syntax error: mapping values are not allowed in this context (put "
        "text that holds `: ` in quotes, or check the indentation)"
    )


def test_an_unknown_escape_is_shown() -> None:
    assert only('topics:\n  a:\n    title: "C:\\Documents"\n') == (
        "g.yaml:3:15: YAML syntax error: found unknown escape `\\D` (in the quoted text that "
        "starts at line 3, column 12; write a backslash as `\\\\`)"
    )


def test_a_construct_without_a_description_keeps_the_parsers_words() -> None:
    assert only("topics:\n  a: &\n") == (
        "g.yaml:2:7: YAML syntax error: did not find expected alphabetic or numeric character "
        "(in the anchor that starts at line 2, column 6)"
    )
    assert only("%YAML 1.1\n%YAML 1.1\n---\na: 1\n") == (
        "g.yaml:2:1: YAML syntax error: found duplicate %YAML directive"
    )


@pytest.mark.parametrize("c_parser", [True, False])
def test_a_control_character_is_placed_and_named(
    c_parser: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not c_parser:
        monkeypatch.delattr(yaml, "CSafeLoader")
    # libyaml counts bytes of UTF-8, PyYAML characters: the é before must not shift the column
    assert only("topics:\n  é: {title: x\x07}\n") == (
        "g.yaml:2:15: YAML syntax error: the control character U+0007 is not allowed (remove "
        'it, or write it as "\\x07" inside double quotes)'
    )


def test_a_syntax_error_stands_alone_whatever_came_before() -> None:
    text = "topics:\n  a: {title: A, hours: -1}\n  b: {title: B, requires: [zz]}\n  c: [\n"
    assert only(text) == "g.yaml:5:1: YAML syntax error: did not find expected node content"


@pytest.mark.parametrize(
    ("text", "problem", "construct"),
    [
        (
            "topics:\n  a:\n    title: |\n\t  x\n",
            "found a tab character where an indentation space is expected",
            "the `|` or `>` block of text",
        ),
        (
            "topics:\n  a:\n    title: A\n\t  hours: 2\n",
            "found a tab character that violates indentation",
            "the text",
        ),
    ],
)
def test_the_parsers_own_words_about_a_tab_get_the_advice(
    text: str, problem: str, construct: str
) -> None:
    assert only(text) == (
        f"g.yaml:4:1: YAML syntax error: {problem} (in {construct} that starts at line 3, "
        "column 12; YAML indents with spaces, not tabs)"
    )


def test_unknown_constructs_and_characters_are_still_described() -> None:
    start, stop = Mark("g.yaml", 0, 1, 4, None, 0), Mark("g.yaml", 0, 2, 0, None, 0)
    error = yaml.MarkedYAMLError("while reading a gizmo", start, "found something", stop)
    assert syntax_message(error, "a\nbb\n\u200bc\n") == (
        3,
        1,
        "YAML syntax error: found something (while reading a gizmo, from line 2, column 5)",
    )
    error = yaml.MarkedYAMLError(None, None, "found character that cannot start any token", stop)
    assert syntax_message(error, "a\nbb\n\u200bc\n")[2] == (
        "YAML syntax error: found the character U+200B, which cannot start a YAML value (put "
        "the text in quotes)"
    )
