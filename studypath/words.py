"""Small wording helpers shared by the terminal and file outputs."""

from __future__ import annotations

import re

# C0 and C1 controls, and the marks that reorder text on screen (bidi overrides and isolates).
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Text from a data file with every control character shown as an escape (``\\x1b``)."""
    return _UNSEEN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def hours(value: float | None) -> str:
    """``3.5 h``, ``19 h``; empty when there is no estimate."""
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".") + " h"


def plural(count: int, word: str) -> str:
    """``1 topic``, ``2 topics``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
