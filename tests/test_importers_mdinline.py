"""The plain text and links of a Markdown inline token, as importers read them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studypath.exports.mdread import _parser
from studypath.importers.mdinline import Inline, clean, inline, web_url
from studypath.words import UNSEEN


def first_inline(text: str) -> Inline:
    token = next(t for t in _parser().parse(text) if t.type == "inline")
    return inline(token)


def test_links_of_every_form_with_their_text() -> None:
    found = first_inline(
        "[Text](https://a.org/x) [ref][r] <https://auto.org/> https://bare.org/p_(x). "
        "[![alt only](https://img.png)](https://img-link.org) [](https://no-text.org) "
        "HTTPS://UPPER.ORG\n\n[r]: https://ref.org"
    )
    assert found.links == (
        ("Text", "https://a.org/x"),
        ("ref", "https://ref.org"),
        ("https://auto.org/", "https://auto.org/"),
        ("https://bare.org/p_(x)", "https://bare.org/p_(x)"),
        ("alt only", "https://img-link.org"),
        ("https://no-text.org", "https://no-text.org"),
        ("HTTPS://UPPER.ORG", "HTTPS://UPPER.ORG"),
    )
    assert found.others == ()


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("see https://x.org/a.", "https://x.org/a"),
        ("(https://x.org/a)", "https://x.org/a"),
        ("https://x.org/a?b=1,", "https://x.org/a?b=1"),
        ("**https://x.org/a**", "https://x.org/a"),
        ("https://x.org/wiki/C_(language)!", "https://x.org/wiki/C_(language)"),
    ],
)
def test_a_bare_url_ends_where_github_ends_it(text: str, url: str) -> None:
    assert first_inline(text).links == ((url, url),)


def test_links_that_are_not_http_come_apart_and_code_holds_none() -> None:
    found = first_inline(
        "[a](mailto:me@x.org) [b](./notes.md) [c](#top) [d](ftp://x.org) [e](https://) "
        "`https://in-code.org` <span>https://in-html.org</span> xhttps://glued.org [f]() "
        "https://unseen.org/\u200b"
    )
    assert found.links == (("https://in-html.org", "https://in-html.org"),)
    assert found.others == ("mailto:me@x.org", "./notes.md", "#top", "ftp://x.org", "https://")


def test_the_text_is_plain_and_leaves_out_urls_written_out_when_there_is_more() -> None:
    assert first_inline("*SICP* (<https://sicp.org>)").text == "SICP"
    assert first_inline("Read https://x.org/ — free").text == "Read — free"
    assert first_inline("Missing Semester: https://missing.csail.mit.edu/.").text == (
        "Missing Semester"
    )
    assert first_inline("[https://same.org](https://same.org) the same").text == "the same"
    assert first_inline("https://only.org").text == "https://only.org"
    assert first_inline("[Named](https://x.org) `code` <b>bold</b> ![img](i.png)").text == (
        "Named code bold"
    )


def test_a_box_at_the_start_is_left_out() -> None:
    tokens = _parser().parse("- [x] Done https://x.org\n")
    token = next(t for t in tokens if t.type == "inline")
    box = re.match(r"\[([ xX])\][ \t]", token.content)
    assert inline(token, box).text == "Done"
    assert inline(token).text == "[x] Done"


def test_clean_keeps_one_line_of_visible_text() -> None:
    assert clean(" a\tb\nc\r\nd\u2028e\x85f ") == "a b c d e f"
    assert clean("zero\u200bwidth\u202e\x1b[31m \ufeff\ud800\ufffe") == "zerowidth[31m"
    assert clean("日本語 🎉") == "日本語 🎉"


@given(st.text())
def test_clean_leaves_nothing_unseen_and_nothing_yaml_cannot_hold(text: str) -> None:
    cleaned = clean(text)
    assert not UNSEEN.search(cleaned)
    assert cleaned == " ".join(cleaned.split())
    assert not any(0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff" for c in cleaned)
    cleaned.encode("utf-8")


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://x.org", True),
        ("HTTP://x.org/a b", True),
        ("https://", False),
        ("https:///", False),
        ("ftp://x.org", False),
        ("https//x.org", False),
        ("https://x.org/\u200b", False),
        ("https://x.org/\x00", False),
    ],
)
def test_web_url_takes_what_the_validator_takes(url: str, web: bool) -> None:
    assert web_url(url) is web
