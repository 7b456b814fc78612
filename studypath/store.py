"""The progress store: what a learner has done, knows, skips or has started, their notes and
their goals, kept safe on disk.

The store is one JSON file. Every change is a read-modify-write under a file lock, written to a
temporary file in the same directory, flushed, fsynced and moved into place with
``os.replace``, so concurrent commands never lose each other's records and an interrupted write
leaves the old file or the new one, never a broken one. A file we cannot read is reported and
left exactly as it is (its content is judged by :mod:`.storedoc`). Records for items a graph
no longer has are kept.

The file may be a symbolic link (into a dotfiles or notes repository, say): it is read and
replaced through the link (see :func:`studypath.files.check_target`), the link stays a link and
the lock file sits beside the real file. Anything but a regular file is refused, unopened.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import storedoc, storegoals
from .errors import ProgressError, StudypathError
from .files import (
    HOME_VARIABLE,
    check_target,
    default_progress_path,
    now,
    read_regular,
    reason,
    write_atomically,
)
from .storedoc import FORMAT_VERSION, STATES, Note, Record
from .storegoals import Goal

__all__ = ["FORMAT_VERSION", "STATES", "Change", "Goal", "Note", "ProgressStore", "Record", "Saved"]

LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Change:
    """What one update did: items recorded, already recorded in that state, removed, and not
    recorded; ``changed``, the items whose record was in another state (with that state); and
    every record's state just before and just after (under the lock)."""

    added: tuple[str, ...] = ()
    already: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()
    before: Mapping[str, str] = field(default_factory=dict, compare=False)
    after: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Saved:
    """Everything the file holds, from one read: records by item, goals, notes by item."""

    records: dict[str, Record]
    goals: list[Goal]
    notes: dict[str, tuple[Note, ...]]


class ProgressStore:
    """The learner's records in one JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_progress_path()

    def load(self) -> dict[str, Record]:
        """Every record, by item id; no file yet means no records."""
        return self._read()[2]

    def update(
        self,
        mark: Iterable[str] = (),
        unmark: Iterable[str] = (),
        graph: str | None = None,
        state: str = "done",
    ) -> Change:
        """Record ``mark`` in ``state`` (done by default) and remove the records of ``unmark``,
        all in one write."""
        return self.apply(dict.fromkeys(mark, state), unmark, graph)

    def apply(
        self, mark: Mapping[str, str], unmark: Iterable[str] = (), graph: str | None = None
    ) -> Change:
        """Record each item of ``mark`` in its state (one of :data:`STATES`), replacing a
        record in another state, and remove the records of ``unmark``: all in one write."""
        if any(state not in STATES for state in mark.values()):
            raise ValueError(f"states are {', '.join(STATES)}")
        unmark = list(dict.fromkeys(unmark))
        # A change that would change nothing needs no lock: files are replaced atomically, so
        # this read sees one whole version of the file.
        _, _, records = self._read()
        if all(i in records and records[i].state == s for i, s in mark.items()) and not any(
            i in records for i in unmark
        ):
            states = _states(records)
            return Change(already=tuple(mark), missing=tuple(unmark), before=states, after=states)
        with self._locked() as target:
            # The file may have changed, gone or gone bad since: read it again, under the lock.
            _, document, records = self._read(target)
            entries: dict[str, Any] = document["records"]
            before = _states(records)
            stamp = now().isoformat()
            added = [i for i in mark if i not in records]
            already = [i for i in mark if i in records and records[i].state == mark[i]]
            changed = [(i, records[i].state) for i in mark if i in records and i not in already]
            removed = [item for item in unmark if item in records]
            missing = [item for item in unmark if item not in records]
            for item in [*added, *(i for i, _ in changed)]:
                kept = {k: v for k, v in entries.get(item, {}).items() if k not in ("state", "at")}
                entries[item] = {"state": mark[item], "at": stamp, **kept}
                if graph is not None:
                    entries[item]["graph"] = graph
            for item in removed:
                del entries[item]
            if added or changed or removed:
                self._write(target, document)
        after = {i: s for i, s in {**before, **mark}.items() if i not in removed}
        return Change(
            tuple(added), tuple(already), tuple(removed), tuple(missing), tuple(changed),
            before, after,
        )  # fmt: skip

    def read(self) -> tuple[dict[str, Record], list[Goal]]:
        """Every record, by item id, and every goal, from one read of the file."""
        _, document, records = self._read()
        return records, self._goals(document)

    def read_all(self) -> Saved:
        """Every record, goal and note, from one read of the file."""
        _, document, records = self._read()
        return Saved(records, self._goals(document), storedoc.notes(document))

    def notes(self) -> dict[str, tuple[Note, ...]]:
        """Every note, by item id, oldest first."""
        return storedoc.notes(self._read()[1])

    def add_note(self, item: str, text: str) -> Note:
        """Append a note to ``item``'s, dated now."""
        note = Note(now(), text)
        with self._locked() as target:
            _, document, _ = self._read(target)
            document.setdefault("notes", {}).setdefault(item, []).append(_note_entry(note))
            self._write(target, document)
        return note

    def replace_notes(self, item: str, notes: Sequence[Note], expected: Sequence[Note]) -> bool:
        """Make ``notes`` the notes of ``item``, if they are still ``expected`` (what was read
        before the learner edited them); False, changing nothing, when they are not."""
        with self._locked() as target:
            _, document, _ = self._read(target)
            if storedoc.notes(document).get(item, ()) != tuple(expected):
                return False
            if tuple(notes) == tuple(expected):
                return True
            entries = document.setdefault("notes", {})
            if notes:
                entries[item] = [_note_entry(n) for n in notes]
            else:
                entries.pop(item, None)
                if not entries:
                    del document["notes"]
            self._write(target, document)
        return True

    def goals(self, graph: str | None = None) -> list[str]:
        """The learner's goals (topic ids, in the order set); those set with the graph of this
        title when one is named."""
        return [g.topic for g in self._goals(self._read()[1]) if graph is None or g.graph == graph]

    def change_goals(
        self,
        add: Iterable[str] = (),
        remove: Iterable[str] = (),
        graph: str | None = None,
        schedule: Mapping[str, str] | None = None,
    ) -> Change:
        """Set ``add`` as goals with ``graph`` (with ``schedule``, when given) and drop the goals
        ``remove``, in one write."""
        add, remove = list(dict.fromkeys(add)), list(dict.fromkeys(remove))
        with self._locked() as target:
            _, document, _ = self._read(target)
            current = self._goals(document)
            topics = [g.topic for g in current if g.graph == graph]
            added = [t for t in add if t not in topics]
            removed = [t for t in remove if t in topics]
            kept = [g for g in current if g.graph != graph or g.topic not in removed]
            kept += [Goal(t, graph) for t in added]
            renewed = kept
            if schedule is not None:  # replaces the schedule of every goal in `add`
                mine = {t: Goal(t, graph, tuple(schedule.items())) for t in add}
                renewed = [mine.get(g.topic, g) if g.graph == graph else g for g in kept]
            changed, kept = renewed != kept, renewed
            if added or removed or changed:
                document["goals"] = [storegoals.entry(g) for g in kept]
                self._write(target, document)
        already = tuple(t for t in add if t in topics)
        missing = tuple(t for t in remove if t not in topics)
        return Change(tuple(added), already, tuple(removed), missing)

    def _goals(self, document: Mapping[str, Any]) -> list[Goal]:
        try:
            return storegoals.goals(document)
        except storedoc.Invalid as why:
            raise self._corrupt(str(why)) from None

    # -- file handling --------------------------------------------------------------------

    def _target(self) -> Path:
        """The real file behind :attr:`path` (through symbolic links), checked to be a regular
        file or none yet."""
        return check_target(self.path, ProgressError)

    def _read(self, target: Path | None = None) -> tuple[bool, dict[str, Any], dict[str, Record]]:
        """Whether the file exists, its whole document (upgraded to :data:`FORMAT_VERSION`),
        and its records, checked."""
        try:
            data = read_regular(target or self._target())
        except (FileNotFoundError, NotADirectoryError):
            return False, storedoc.empty(), {}
        except OSError as error:
            raise ProgressError(
                f"cannot read the progress file {self.path}: {reason(error)}"
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self._corrupt(f"it is not UTF-8 text (byte {error.start})") from None
        try:
            document = storedoc.upgrade(storedoc.parse(text))
            storedoc.notes(document)  # checked on every read, as the records are
            return True, document, storedoc.records(document)
        except storedoc.Newer as newer:
            raise ProgressError(
                f"the progress file {self.path} was written by a newer studypath (format "
                f"version {newer.version}; this one reads version {storedoc.FORMAT_VERSION} and "
                "older). It has been left untouched; upgrade studypath to use it."
            ) from None
        except storedoc.Invalid as why:
            raise self._corrupt(str(why)) from None

    def _corrupt(self, why: str) -> ProgressError:
        return ProgressError(
            f"the progress file {self.path} cannot be used: {why}. It has been left untouched; "
            "fix it by hand, or move it aside to start afresh."
        )

    @contextlib.contextmanager
    def _locked(self) -> Iterator[Path]:
        """Hold the store's lock (a file beside the real progress file); yields that file."""
        from .locking import LockTimeout, locked

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            target = self._target()
            with locked(target.with_name(target.name + ".lock"), LOCK_TIMEOUT):
                yield target
        except LockTimeout:
            raise ProgressError(
                f"another studypath is still writing {self.path}; try again in a moment"
            ) from None
        except PermissionError as error:
            # The directory refused: the home, or the one the progress file links into.
            where = Path(error.filename).parent if error.filename else self.path.parent
            raise ProgressError(
                f"cannot write progress in {where}: {error.strerror}. "
                f"Set {HOME_VARIABLE} to a directory you can write to."
            ) from None
        except OSError as error:
            raise ProgressError(f"cannot write progress to {self.path}: {reason(error)}") from None

    def _write(self, target: Path, document: Mapping[str, Any]) -> None:
        try:
            data = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        except (RecursionError, ValueError):
            raise self._corrupt("it holds values nested too deeply to write back") from None
        try:
            write_atomically(target, data)
        except ProgressError:
            raise
        except StudypathError as error:  # the file was swapped for something else meanwhile
            raise ProgressError(str(error)) from None


def _states(records: Mapping[str, Record]) -> dict[str, str]:
    return {item: record.state for item, record in records.items()}


def _note_entry(note: Note) -> dict[str, str]:
    return {"at": note.at.isoformat(), "text": note.text}
