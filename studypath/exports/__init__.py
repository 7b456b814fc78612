"""Export formats: a plan written out as a file the learner keeps, and its ticks read back.

Every format is an :class:`Exporter`, registered in :data:`FORMATS` by name with the file
suffixes it owns; its module is imported only when it is used. The CLI's ``--format`` choices,
the format inferred from ``-o FILE``, ``sync`` and the overwrite guard all come from here, so a
new format is one new module and one line in :data:`FORMATS` (see docs/extending.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import StudypathError
from ..files import check_target, read_regular, reason, write_atomically
from ..model import ID_PATTERN

if TYPE_CHECKING:
    from ..planner import Plan
    from ..progress import PlanProgress, Standing
    from ..schedule import Schedule
    from ..storedoc import Note

#: Every format: name -> (module in this package, file suffixes). The first is the default.
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "md": ("markdown", (".md", ".markdown")),
    "json": ("json", (".json",)),
    "ics": ("ics", (".ics",)),
}


@dataclass(frozen=True)
class Snapshot:
    """Everything an export shows: the plan, the learner's progress in it, when, the
    learner's notes on its items (by item id), and the plan laid out in time when a pace is
    set (``schedule``: formats show its dates; the calendar format needs it)."""

    plan: Plan
    progress: PlanProgress
    generated: datetime
    graph_path: str
    notes: Mapping[str, tuple[Note, ...]] = field(default_factory=dict)
    schedule: Schedule | None = None


@dataclass(frozen=True)
class Ticks:
    """The boxes of an exported file: item id -> ticked, in file order; ``ours`` when the file
    says studypath wrote it; ``optional``, the resources it shows as optional, when it says;
    ``states``, the items it marks as known, skipped or started."""

    ticks: dict[str, bool]
    ours: bool
    optional: frozenset[str] = frozenset()
    states: Mapping[str, str] = field(default_factory=dict)


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


@runtime_checkable
class KeepsText(Protocol):
    """A format that can hold the learner's own text, which a new export would lose."""

    def lost(self, old: str, new: str) -> list[str]:
        """What replacing ``old`` with ``new`` would lose that studypath did not write, one
        short line each (``line 12: ## My notes``)."""
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
    return _read(text, source)[1]


def _read(text: str, source: str) -> tuple[Exporter, Ticks]:
    """The format that reads ``text``, and what it read."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors write
    first = for_path(Path(source))
    order: Iterable[str] = [first, *(n for n in FORMATS if n != first)]
    default = names()[0]
    for name in sorted(order, key=lambda n: n == default):
        exporter = get(name)
        ticks = exporter.read_ticks(text, source)
        if ticks is not None:
            return exporter, ticks
    return get(default), Ticks({}, ours=False)  # pragma: no cover - the default reads any text


def read_export(path: Path) -> Ticks:
    """The boxes (and states) of an exported file; an error if it has none, or if its format
    only writes (a calendar)."""
    exporter, ticks = _read(_read_text(path, "file not found: {path}"), str(path))
    if getattr(exporter, "write_only", False):
        raise StudypathError(
            f"{path} is in the {exporter.name} format, which studypath only writes: it has no "
            "boxes to sync (sync a Markdown or JSON export instead)"
        )
    if not ticks.ticks:
        raise StudypathError(f"{path} has no studypath task items (`- [ ] ... `id``) to sync")
    return ticks


def _read_text(path: Path, missing: str) -> str:
    """A file's text, checked first to be a regular file (a FIFO, device or directory is
    refused at once, never read: it could block forever)."""
    try:
        return read_regular(check_target(path)).decode("utf-8-sig")
    except FileNotFoundError:
        raise StudypathError(missing.format(path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise StudypathError(
            f"cannot read {path}: {reason(error) if isinstance(error, OSError) else error}"
        ) from None


def write_export(path: Path, text: str, done: Standing, force: bool = False) -> None:
    """Write an export atomically, unless that would lose something and ``force`` is not set.

    Refused (see :func:`check_overwrite`): replacing a file studypath did not write, and
    replacing an export with ticks not recorded as progress or text the learner added.
    """
    if not force:
        check_overwrite(path, done, text)
    try:
        write_atomically(path, text)
    except OSError as error:
        raise StudypathError(f"cannot write {path}: {reason(error)}") from None


#: How many lost pieces of text an error message shows.
SHOWN = 5


def check_overwrite(path: Path, done: Standing, new: str = "") -> None:
    """Raise when replacing ``path`` with the export ``new`` would lose what the learner wrote
    or ticked: a file studypath did not write, ticked boxes that are not recorded as progress
    (``done`` shows what is, for the new export's items), or text the new export would not keep.
    """
    try:
        existing = read_regular(check_target(path)).decode("utf-8")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise StudypathError(
            f"{path} exists and cannot be read ({error}); pass --force to replace it"
        ) from None
    exporter, ticks = _read(existing, str(path))
    if not ticks.ours:
        raise StudypathError(
            f"{path} exists and was not written by studypath; pass --force to replace it"
        )
    unsynced = _unsynced(ticks, done, read_ticks(new).ticks if new else {})
    lost = exporter.lost(existing, new) if new and isinstance(exporter, KeepsText) else []
    if lost:
        shown = [f"  {line}" for line in lost[:SHOWN]]
        if len(lost) > SHOWN:
            shown.append(f"  ... and {len(lost) - SHOWN} more")
        also = (
            f"It also has ticked boxes not recorded as progress ({_few(unsynced)}): "
            f"`studypath sync {path}` records them.\n"
            if unsynced
            else ""
        )
        raise StudypathError(
            f"{path} holds text a new export would not keep:\n" + "\n".join(shown) + "\n"
            f"{also}Copy what you want to keep elsewhere; --force replaces the file."
        )
    if unsynced:
        raise StudypathError(
            f"{path} has ticked boxes not recorded as progress ({_few(unsynced)}); "
            f"run `studypath sync {path}` first, or pass --force to replace it"
        )


def _few(items: list[str]) -> str:
    return ", ".join(items[:SHOWN]) + (", ..." if len(items) > SHOWN else "")


def _unsynced(file: Ticks, done: Standing, new: dict[str, bool]) -> list[str]:
    """The ticked items of ``file`` that are not recorded as progress.

    ``done`` says it for the items of the new export. An item the new export does not have (an
    earlier export of another goal) is recorded when it, or its topic, has a record of its own,
    or, for a topic, when every required resource the file lists under it has one: the rule of
    :func:`studypath.progress.standing`, with the file saying which resources are optional.
    """
    pending = [i for i, ticked in file.ticks.items() if ticked]
    pending = [i for i in pending if i not in done.topics and i not in done.resources]
    if all(i in new for i in pending):
        return pending
    recorded = _recorded()

    def shown(item: str) -> bool:
        topic, slash, _ = item.partition("/")
        if item in recorded or topic in recorded:
            return True
        required = [r for r in file.ticks if r.startswith(f"{topic}/") and r not in file.optional]
        return not slash and bool(required) and all(r in recorded for r in required)

    return [i for i in pending if i in new or not shown(i)]


def _recorded() -> set[str]:
    """The ids recorded as done or known (none when the progress file cannot be read)."""
    from ..store import ProgressStore

    try:
        records = ProgressStore().load()
    except StudypathError:
        return set()
    return {item for item, record in records.items() if record.state in ("done", "known")}
