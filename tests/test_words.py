"""Wording helpers, and the one set of characters that never reaches a screen or a file raw."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath.words import UNSEEN, hours, plural, visible

#: Every character UNSEEN must match, class by class, written out independently of its regex.
CLASSES: dict[str, list[int]] = {
    "C0 controls": list(range(0x00, 0x20)),
    "DEL and C1 controls": list(range(0x7F, 0xA0)),
    "soft hyphen": [0x00AD],
    "Arabic letter mark": [0x061C],
    "Mongolian vowel separator": [0x180E],
    "zero-width and directional marks": list(range(0x200B, 0x2010)),
    "line and paragraph separators": [0x2028, 0x2029],
    "bidi embeddings and overrides": list(range(0x202A, 0x202F)),
    "word joiner and invisible operators": list(range(0x2060, 0x2065)),
    "bidi isolates": list(range(0x2066, 0x206A)),
    "byte-order mark": [0xFEFF],
    "interlinear annotation marks": [0xFFF9, 0xFFFA, 0xFFFB],
    "tag characters": list(range(0xE0000, 0xE0080)),
}
EVERY_UNSEEN = frozenset(code for codes in CLASSES.values() for code in codes)


def escape(code: int) -> str:
    if code < 256:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@pytest.mark.parametrize("name", CLASSES)
def test_visible_escapes_every_character_of_each_class(name: str) -> None:
    for code in CLASSES[name]:
        char = chr(code)
        assert UNSEEN.fullmatch(char), f"U+{code:04X} ({name})"
        assert visible(f"a{char}b") == f"a{escape(code)}b"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("tab\there", "tab\\x09here"),
        ("line\nbreak\r\n", "line\\x0abreak\\x0d\\x0a"),
        ("\x00", "\\x00"),
        ("\x7f\x85\x9f", "\\x7f\\x85\\x9f"),
        ("abc\u202edef", "abc\\u202edef"),
        ("\ufeffBOM", "\\ufeffBOM"),
        ("\u2066isolate\u2069", "\\u2066isolate\\u2069"),
        ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("\u061c", "\\u061c"),
    ],
)
def test_visible_examples(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_nothing_else_is_unseen() -> None:
    # Every character of the Basic Multilingual Plane, and the edges of the planes above.
    codes = [*range(0x10000), 0x10000, 0x1F600, *range(0xDFFF0, 0xE0100), 0x10FFFF]
    extra = [c for c in codes if c not in EVERY_UNSEEN and UNSEEN.match(chr(c))]
    assert extra == []
    missing = [c for c in EVERY_UNSEEN if not UNSEEN.match(chr(c))]
    assert missing == []


@pytest.mark.parametrize(
    "text",
    [
        "Linear Algebra",
        "Ünïcödé — “quotes” … 数学 🙂",
        "\u00a0no-break space",  # visible enough, and common in titles
        "\u2010 hyphen, \u2030 per mille, \u2065",
        "\u202f narrow no-break space",
        "\\x1b is already an escape",
        "",
    ],
)
def test_visible_leaves_other_text_alone(text: str) -> None:
    assert visible(text) == text


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_visible_output_never_holds_an_unseen_character(text: str) -> None:
    shown = visible(text)
    assert not UNSEEN.search(shown)
    assert not any(ord(c) in EVERY_UNSEEN for c in shown)
    # Escaping only adds: what was not unseen is kept, and nothing is lost.
    assert len(shown) >= len(text)
    assert (shown == text) == (not any(ord(c) in EVERY_UNSEEN for c in text))


@settings(max_examples=150, deadline=None)
@given(st.text().map(lambda t: "".join(c for c in t if ord(c) not in EVERY_UNSEEN)))
def test_visible_changes_nothing_without_unseen_characters(text: str) -> None:
    assert visible(text) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(EVERY_UNSEEN)).map(chr) | st.text(max_size=3)))
def test_visible_escapes_each_unseen_character_once(parts: list[str]) -> None:
    text = "".join(parts)
    expected = "".join(escape(ord(c)) if ord(c) in EVERY_UNSEEN else c for c in text)
    assert visible(text) == expected


def test_the_classes_are_what_unicode_says() -> None:
    # Every C0/C1 control is category Cc; the rest are formatting marks or separators.
    for code in EVERY_UNSEEN:
        category = unicodedata.category(chr(code))
        tags = 0xE0000 <= code <= 0xE007F  # a block of tags, some of it not assigned yet
        assert category in ("Cc", "Cf", "Zl", "Zp") or tags, (hex(code), category)


# -- hours and plural -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (0.0, "0 h"),
        (1.0, "1 h"),
        (19.0, "19 h"),
        (3.5, "3.5 h"),
        (2.25, "2.2 h"),  # one decimal, rounded half to even
        (2.26, "2.3 h"),
        (0.04, "0 h"),
        (0.05, "0.1 h"),
        (10.0, "10 h"),  # the zero of ten is kept
        (100.0, "100 h"),
        (100_000.0, "100,000 h"),
        (12.96, "13 h"),
    ],
)
def test_hours(value: float | None, text: str) -> None:
    assert hours(value) == text


@pytest.mark.parametrize(
    ("count", "word", "text"),
    [
        (0, "topic", "0 topics"),
        (1, "topic", "1 topic"),
        (2, "topic", "2 topics"),
        (1, "item", "1 item"),
        (21, "resource", "21 resources"),
        (-1, "hour", "-1 hours"),
    ],
)
def test_plural(count: int, word: str, text: str) -> None:
    assert plural(count, word) == text
