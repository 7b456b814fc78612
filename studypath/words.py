"""Small wording helpers shared by the terminal and file outputs, and the one set of characters
that must never reach a screen or a file as they are."""

from __future__ import annotations

import re

#: C0 and C1 controls, and the invisible marks that reorder or hide text on screen (bidi
#: marks, overrides and isolates, the Arabic letter mark, zero-width and line separators, the
#: byte-order mark). The validator refuses them in URLs; every output shows them as escapes.
UNSEEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def visible(text: str) -> str:
    """Text from a data file with every unseen character shown as an escape (``\\x1b``)."""
    return UNSEEN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def hours(value: float | None) -> str:
    """``3.5 h``, ``19 h``; empty when there is no estimate."""
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".") + " h"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 topic``, ``2 topics`` (``words`` for an irregular plural: ``2 boxes``)."""
    return f"{count} {word if count == 1 else words or word + 's'}"
