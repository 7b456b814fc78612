"""Export formats: a plan written out as a file the learner keeps, and its ticks read back.

Every format is an :class:`Exporter`, registered in :data:`FORMATS` by name with the file
suffixes it owns; its module is imported only when it is used. The CLI's ``--format`` choices,
the format inferred from ``-o FILE``, ``sync`` and the overwrite guard all come from here, so a
new format is one new module and one line in :data:`FORMATS` (see docs/extending.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import StudypathError
from ..files import write_atomically
from ..model import ID_PATTERN

if TYPE_CHECKING:
    from ..planner import Plan
    from ..progress import PlanProgress, Standing

#: Every format: name -> (module in this package, file suffixes). The first is the default.
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "md": ("markdown", (".md", ".markdown")),
    "json": ("json", (".json",)),
}


@dataclass(frozen=True)
class Snapshot:
    """Everything an export shows: the plan, the learner's progress in it, and when."""

    plan: Plan
    progress: PlanProgress
    generated: datetime
    graph_path: str


@dataclass(frozen=True)
class Ticks:
    """The boxes of an exported file: item id -> ticked, in file order; ``ours`` when the file
    says studypath wrote it."""

    ticks: dict[str, bool]
    ours: bool


class Exporter(Protocol):
    """One export format."""

    name: str

    def render(self, snapshot: Snapshot) -> str:
        """The whole file."""
        ...

    def read_ticks(self, text: str, source: str) -> Ticks | None:
        """The ticks of a file in this format, None when ``text`` is not in this format, or a
        :class:`StudypathError` naming ``source`` when it is but cannot be read."""
        ...


def names() -> list[str]:
    return list(FORMATS)


def get(name: str) -> Exporter:
    module, _ = FORMATS[name]
    exporter: Exporter = importlib.import_module(f".{module}", __name__).EXPORTER
    return exporter


def for_path(path: Path | None) -> str:
    """The format a file name asks for by its suffix; the default one otherwise."""
    suffix = path.suffix.lower() if path is not None else ""
    return next((n for n, (_, suffixes) in FORMATS.items() if suffix in suffixes), names()[0])


def valid_item_id(item: str) -> bool:
    """``topic`` or ``topic/resource``, each part a valid id."""
    topic_id, slash, resource_id = item.partition("/")
    return bool(ID_PATTERN.fullmatch(topic_id)) and (
        not slash or bool(ID_PATTERN.fullmatch(resource_id))
    )


def read_ticks(text: str, source: str = "<text>") -> Ticks:
    """The ticks of an exported file in any format: the one its suffix names is tried first,
    the default format (which reads any text) last."""
    first = for_path(Path(source))
    order: Iterable[str] = [first, *(n for n in FORMATS if n != first)]
    default = names()[0]
    for name in sorted(order, key=lambda n: n == default):
        ticks = get(name).read_ticks(text, source)
        if ticks is not None:
            return ticks
    return Ticks({}, ours=False)  # pragma: no cover - the default format reads any text


def read_export(path: Path) -> dict[str, bool]:
    """The boxes of an exported file, by item id; an error if it has none."""
    ticks = read_ticks(_read_text(path, "file not found: {path}"), str(path)).ticks
    if not ticks:
        raise StudypathError(f"{path} has no studypath task items (`- [ ] ... `id``) to sync")
    return ticks


def _read_text(path: Path, missing: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StudypathError(missing.format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise StudypathError(f"cannot read {path}: {error}") from None


def write_export(path: Path, text: str, done: Standing, force: bool = False) -> None:
    """Write an export atomically, unless that would lose something and ``force`` is not set.

    Refused: replacing a file studypath did not write, and replacing an export whose ticked
    boxes are not recorded as progress (the learner ticked them and has not synced).
    """
    if not force:
        check_overwrite(path, done)
    try:
        write_atomically(path, text)
    except OSError as error:
        raise StudypathError(f"cannot write {path}: {error.strerror or error}") from None


def check_overwrite(path: Path, done: Standing) -> None:
    """Raise when replacing ``path`` would lose what the learner wrote or ticked."""
    try:
        existing = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise StudypathError(
            f"{path} exists and cannot be read ({error}); pass --force to replace it"
        ) from None
    ticks = read_ticks(existing, str(path))
    if not ticks.ours:
        raise StudypathError(
            f"{path} exists and was not written by studypath; pass --force to replace it"
        )
    unsynced = [
        item
        for item, ticked in ticks.ticks.items()
        if ticked and item not in done.topics and item not in done.resources
    ]
    if unsynced:
        shown = ", ".join(unsynced[:5]) + (", ..." if len(unsynced) > 5 else "")
        raise StudypathError(
            f"{path} has ticked boxes not recorded as progress ({shown}); "
            f"run `studypath sync {path}` first, or pass --force to replace it"
        )
