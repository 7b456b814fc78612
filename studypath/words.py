"""Small wording helpers shared by the terminal and file outputs."""

from __future__ import annotations


def hours(value: float | None) -> str:
    """``3.5 h``, ``19 h``; empty when there is no estimate."""
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".") + " h"


def plural(count: int, word: str) -> str:
    """``1 topic``, ``2 topics``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
