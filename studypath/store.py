"""The progress store: which topics and resources a learner has finished, and their goals,
kept safe on disk.

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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import storedoc
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
from .storedoc import FORMAT_VERSION, Goal, Record

__all__ = ["FORMAT_VERSION", "Change", "Goal", "ProgressStore", "Record"]

LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Change:
    """What one update did: items recorded, already recorded, removed, and not recorded."""

    added: tuple[str, ...] = ()
    already: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


class ProgressStore:
    """The learner's records in one JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_progress_path()

    def load(self) -> dict[str, Record]:
        """Every record, by item id; no file yet means no records."""
        return self._read()[2]

    def update(
        self, mark: Iterable[str] = (), unmark: Iterable[str] = (), graph: str | None = None
    ) -> Change:
        """Record ``mark`` as done and remove the records of ``unmark``, all in one write."""
        mark, unmark = list(dict.fromkeys(mark)), list(dict.fromkeys(unmark))
        # A change that would change nothing needs no lock: files are replaced atomically, so
        # this read sees one whole version of the file.
        _, document, _ = self._read()
        records: dict[str, Any] = document["records"]
        if all(i in records for i in mark) and not any(i in records for i in unmark):
            return Change(already=tuple(mark), missing=tuple(unmark))
        with self._locked() as target:
            # The file may have changed, gone or gone bad since: read it again, under the lock.
            _, document, _ = self._read(target)
            records = document["records"]
            stamp = now().isoformat()
            added = [item for item in mark if item not in records]
            already = [item for item in mark if item in records]
            removed = [item for item in unmark if item in records]
            missing = [item for item in unmark if item not in records]
            for item in added:
                entry: dict[str, Any] = {"done_at": stamp}
                if graph is not None:
                    entry["graph"] = graph
                records[item] = entry
            for item in removed:
                del records[item]
            if added or removed:
                self._write(target, document)
        return Change(tuple(added), tuple(already), tuple(removed), tuple(missing))

    def read(self) -> tuple[dict[str, Record], list[Goal]]:
        """Every record, by item id, and every goal, from one read of the file."""
        _, document, records = self._read()
        return records, self._goals(document)

    def goals(self, graph: str | None = None) -> list[str]:
        """The learner's goals (topic ids, in the order set); those set with the graph of this
        title when one is named."""
        return [g.topic for g in self._goals(self._read()[1]) if graph is None or g.graph == graph]

    def change_goals(
        self, add: Iterable[str] = (), remove: Iterable[str] = (), graph: str | None = None
    ) -> Change:
        """Set ``add`` as goals with ``graph`` and drop the goals ``remove``, in one write."""
        add, remove = list(dict.fromkeys(add)), list(dict.fromkeys(remove))
        with self._locked() as target:
            _, document, _ = self._read(target)
            current = [(g.topic, g.graph) for g in self._goals(document)]
            topics = [topic for topic, owner in current if owner == graph]
            added = [t for t in add if t not in topics]
            removed = [t for t in remove if t in topics]
            kept = [(t, owner) for t, owner in current if owner != graph or t not in removed]
            kept += [(t, graph) for t in added]
            if added or removed:
                document["goals"] = [_goal_entry(t, owner) for t, owner in kept]
                self._write(target, document)
        already = tuple(t for t in add if t in topics)
        missing = tuple(t for t in remove if t not in topics)
        return Change(tuple(added), already, tuple(removed), missing)

    def _goals(self, document: Mapping[str, Any]) -> list[Goal]:
        try:
            return storedoc.goals(document)
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


def _goal_entry(topic: str, graph: str | None) -> dict[str, str]:
    return {"topic": topic} if graph is None else {"topic": topic, "graph": graph}
