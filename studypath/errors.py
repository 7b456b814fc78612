"""The errors studypath raises for a user's mistakes: each becomes a message, not a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """What the ``studypath`` command's exit status means."""

    OK = 0
    BAD_DATA = 1  # invalid graph or progress data, unknown goal or item, unreadable file
    USAGE = 2  # the command line itself is wrong


class StudypathError(Exception):
    """Base class: a problem with the user's data, files or request."""

    exit_code = ExitCode.BAD_DATA


class UsageError(StudypathError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a graph file, where it is."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class GraphError(StudypathError):
    """A graph file that cannot be used: every problem found, in file order."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in {path}"
        super().__init__("\n".join([*map(str, self.problems), summary]))


class GraphNotFoundError(StudypathError):
    """The graph file named does not exist or cannot be read."""


#: The most candidates a message lists for a name that matches several items.
SHOWN = 20


class UnknownItemError(StudypathError):
    """A name that matches no topic or resource, or matches several."""

    def __init__(
        self,
        name: str,
        suggestions: Sequence[str] = (),
        candidates: Sequence[tuple[str, str]] = (),
        what: str = "item",
    ) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        self.candidates = tuple(candidates)
        if candidates:
            lines = [f"`{name}` matches {len(candidates)} {what}s; name one by its id:"]
            lines += [f"  {item_id}  {title}" for item_id, title in candidates[:SHOWN]]
            if len(candidates) > SHOWN:
                lines.append(f"  and {len(candidates) - SHOWN} more: name it more fully")
            message = "\n".join(lines)
        else:
            message = f"unknown {what} `{name}`"
            if suggestions:
                message += " — did you mean " + " or ".join(f"`{s}`" for s in suggestions) + "?"
        super().__init__(message)


class ProgressError(StudypathError):
    """The progress file cannot be read or written; it is left as it is."""
