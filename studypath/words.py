"""Small wording helpers shared by the terminal and file outputs, and the one set of characters
that must never reach a screen or a file as they are."""

from __future__ import annotations

import math
import re

#: C0 and C1 controls, and the invisible marks that reorder or hide text on screen (bidi
#: marks, overrides and isolates, the Arabic letter mark, the soft hyphen, the Mongolian vowel
#: separator, zero-width and line separators, the byte-order mark, interlinear annotation
#: marks, and tag characters). The validator refuses them in URLs; every output shows them as
#: escapes.
UNSEEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def visible(text: str) -> str:
    """Text from a data file with every unseen character shown as an escape (``\\x1b``)."""
    return UNSEEN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def hours(value: float | None) -> str:
    """``3.5 h``, ``19 h``, ``12,345.5 h``; empty when there is no estimate.

    One decimal at most, thousands separated, never an exponent: ``1e+20 h`` is written out
    in full. A value below zero (what rounding leaves of ``total - left``) is ``0 h``, and one
    that is not a number at all (infinite or NaN, which validated graphs never give) is
    ``? h``, never ``inf`` or ``nan``.
    """
    if value is None:
        return ""
    if not math.isfinite(value):
        return "? h"
    text = f"{value if value > 0 else 0.0:,.1f}"
    return text.removesuffix(".0") + " h"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 topic``, ``2 topics`` (``words`` for an irregular plural: ``2 boxes``)."""
    return f"{count} {word if count == 1 else words or word + 's'}"
