"""The progress store: which topics and resources a learner has finished, kept safe on disk.

The store is one JSON file. Every change is a read-modify-write under a file lock, written to a
temporary file in the same directory, flushed, fsynced and moved into place with
``os.replace``, so concurrent commands never lose each other's records and an interrupted write
leaves the old file or the new one, never a broken one. A file we cannot read is reported and
left exactly as it is. Records for items a graph no longer has are kept.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import ProgressError
from .files import HOME_VARIABLE, default_progress_path, now, write_atomically

FORMAT_VERSION = 1
LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Record:
    """One item the learner marked done, when, and with which graph (by its title)."""

    item: str
    done_at: datetime
    graph: str | None = None


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
        exists, document, _ = self._read()
        records: dict[str, Any] = document["records"]
        if exists and all(i in records for i in mark) and not any(i in records for i in unmark):
            return Change(already=tuple(mark), missing=tuple(unmark))
        with self._locked():
            _, document, _ = self._read()
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
                self._write(document)
        return Change(tuple(added), tuple(already), tuple(removed), tuple(missing))

    # -- file handling --------------------------------------------------------------------

    def _read(self) -> tuple[bool, dict[str, Any], dict[str, Record]]:
        """Whether the file exists, its whole document, and its records, checked."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return False, {"version": FORMAT_VERSION, "records": {}}, {}
        except (OSError, UnicodeDecodeError) as error:
            raise ProgressError(f"cannot read the progress file {self.path}: {error}") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise self._corrupt(f"it is not valid JSON ({error})") from None
        if not isinstance(document, dict) or not isinstance(document.get("records"), dict):
            raise self._corrupt("it has no `records` mapping")
        if document.get("version") != FORMAT_VERSION:
            raise self._corrupt(f"its version is {document.get('version')!r}, not 1")
        return True, document, self._records(document)

    def _records(self, document: Mapping[str, Any]) -> dict[str, Record]:
        out: dict[str, Record] = {}
        for item, entry in document["records"].items():
            try:
                done_at = datetime.fromisoformat(entry["done_at"])
                graph = entry.get("graph")
                if graph is not None and not isinstance(graph, str):
                    raise TypeError(graph)
            except (TypeError, KeyError, ValueError, AttributeError):
                raise self._corrupt(f"the record for `{item}` is malformed") from None
            out[item] = Record(item, done_at, graph)
        return out

    def _corrupt(self, why: str) -> ProgressError:
        return ProgressError(
            f"the progress file {self.path} cannot be used: {why}. It has been left untouched; "
            "fix it by hand, or move it aside to start afresh."
        )

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        import filelock

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)
            with lock:
                yield
        except filelock.Timeout:
            raise ProgressError(
                f"another studypath is still writing {self.path}; try again in a moment"
            ) from None
        except PermissionError as error:
            raise ProgressError(
                f"cannot write progress in {self.path.parent}: {error.strerror}. "
                f"Set {HOME_VARIABLE} to a directory you can write to."
            ) from None
        except OSError as error:
            raise ProgressError(f"cannot write progress to {self.path}: {error}") from None

    def _write(self, document: Mapping[str, Any]) -> None:
        data = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        write_atomically(self.path, data)
