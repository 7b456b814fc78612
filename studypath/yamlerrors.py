"""YAML syntax errors as one clear message each, at the line and column where the parser stopped.

PyYAML (with libyaml) says what it found and, separately, what it was reading and where that
started ("while scanning a quoted scalar" at line 2). The message keeps both: the problem, then
the construct in words, such as "the quoted text that starts at line 2, column 8 is never
closed". A tab gets its own message, since YAML indents with spaces only, and a character that
cannot start a value is named.
"""

from __future__ import annotations

from typing import Any

import yaml

TABS = "YAML indents with spaces, not tabs"

#: What the parser was reading (its "while ..." context), in words, and a hint to add.
_CONSTRUCTS = (
    ("quoted scalar", "the quoted text", ""),
    ("block scalar", "the `|` or `>` block of text", ""),
    ("plain scalar", "the text", ""),
    ("flow sequence", "the `[` list", ""),
    ("flow mapping", "the `{` mapping", ""),
    ("block mapping", "the mapping", "check this line's indentation"),
    ("block collection", "the list", "check this line's indentation"),
    ("simple key", "the key", ""),
    ("anchor", "the anchor", ""),
    ("alias", "the alias", ""),
    ("tag", "the tag", ""),
    ("directive", "the directive", ""),
    ("node", "the value", ""),
)

_NOT_CLOSED = ("found unexpected end of stream",)


def syntax_message(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, int | None, str]:
    """The 1-based line and column of a syntax error, and its message."""
    mark = error.problem_mark or error.context_mark
    if mark is None:  # pragma: no cover - PyYAML always marks syntax errors
        return None, None, f"YAML syntax error: {error.problem or error.context}"
    problem = str(error.problem or error.context)
    found = _character(text, mark.line, mark.column)
    advice = ""
    if found == "\t" or "tab character" in problem:
        if "tab character" not in problem:
            problem = "found a tab character"
        advice = TABS
    elif "unknown escape character" in problem and found == "\\":
        problem = f"found unknown escape `\\{_character(text, mark.line, mark.column + 1)}`"
        advice = "write a backslash as `\\\\`"
    elif "cannot start any token" in problem and found:
        problem = f"found {_shown(found)}, which cannot start a YAML value"
        advice = "put the text in quotes"
    elif "mapping values are not allowed" in problem:
        advice = "put text that holds `: ` in quotes, or check the indentation"
    where = _construct(error, mark, problem, advice)
    return mark.line + 1, mark.column + 1, f"YAML syntax error: {problem}{where}"


def reader_message(error: yaml.reader.ReaderError, text: str, from_c: bool) -> tuple[int, int, str]:
    """The position and message of a character YAML does not allow (a control character).
    libyaml counts the position in bytes of UTF-8, PyYAML's own reader in characters."""
    offset = error.position
    before = text.encode()[:offset].decode(errors="ignore") if from_c else text[:offset]
    line = before.count("\n")
    column = len(before) - (before.rfind("\n") + 1)
    code = error.character if isinstance(error.character, int) else ord(str(error.character))
    message = (
        f"YAML syntax error: the control character U+{code:04X} is not allowed "
        f'(remove it, or write it as "\\x{code:02x}" inside double quotes)'
    )
    return line + 1, column + 1, message


def _construct(error: yaml.MarkedYAMLError, mark: Any, problem: str, advice: str) -> str:
    """ " (the X that starts at line L, column C ...; advice)" for the construct the parser
    was in, when it started elsewhere."""
    context, start = error.context, error.context_mark
    if not context or start is None or (start.line, start.column) == (mark.line, mark.column):
        return f" ({advice})" if advice else ""
    where = f"line {start.line + 1}, column {start.column + 1}"
    found = next((c for c in _CONSTRUCTS if context.endswith(c[0])), None)
    if found is None:
        said = f"{context}, from {where}"
    elif problem in _NOT_CLOSED:
        said = f"{found[1]} that starts at {where} is never closed"
    else:
        said = f"in {found[1]} that starts at {where}"
        advice = advice or found[2]
    return f" ({said}; {advice})" if advice else f" ({said})"


def _character(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or "" past the end."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    row = text[start:] if end < 0 else text[start:end]
    return row[column] if column < len(row) else ""


def _shown(character: str) -> str:
    if character.isprintable() and not character.isspace():
        return f"`{character}`"
    return f"the character U+{ord(character):04X}"
