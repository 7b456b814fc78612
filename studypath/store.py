"""The progress store: which topics and resources a learner has finished, kept safe on disk.

The store is one JSON file. Every change is a read-modify-write under a file lock, written to a
temporary file in the same directory, flushed, fsynced and moved into place with
``os.replace``, so concurrent commands never lose each other's records and an interrupted write
leaves the old file or the new one, never a broken one. A file we cannot read is reported and
left exactly as it is. Records for items a graph no longer has are kept.

The file may be a symbolic link (into a dotfiles or notes repository, say): it is read and
replaced through the link (see :func:`studypath.files.check_target`), the link stays a link and
the lock file sits beside the real file. Anything but a regular file is refused, unopened.

Every value read is checked, so a hand-edited file gives a :class:`ProgressError` naming it,
never a traceback. A timestamp without a zone is read as UTC.

Format versions: the file states its ``version``; :data:`FORMAT_VERSION` is the one written. A
file from a newer studypath (a higher version) is refused and never rewritten. To add format
version 2: set ``FORMAT_VERSION = 2``, write a function that turns a version 1 document (the
parsed JSON object) into a version 2 one, register it as ``MIGRATIONS[1]``, and make
:meth:`ProgressStore._records` check version 2. :meth:`ProgressStore._read` upgrades an older
document step by step (1 → 2 → ...), and the next change writes it in the new version.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import ProgressError, StudypathError
from .files import (
    HOME_VARIABLE,
    check_target,
    default_progress_path,
    now,
    read_regular,
    write_atomically,
)

FORMAT_VERSION = 1
LOCK_TIMEOUT = 30.0

#: Upgrades of older documents: ``MIGRATIONS[n]`` turns a version ``n`` document into a version
#: ``n + 1`` one (raising ``ValueError`` with a reason when it cannot). Empty while there is one
#: version.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

#: The timestamps accepted: a day inside what ``datetime`` holds, so that one can be shown in
#: any time zone.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)
#: The longest timestamp read (``2025-05-05T18:30:00.123456+05:30`` has 32 characters).
MAX_STAMP = 64


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
            return False, {"version": FORMAT_VERSION, "records": {}}, {}
        except OSError as error:
            raise ProgressError(
                f"cannot read the progress file {self.path}: {error.strerror or error}"
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self._corrupt(f"it is not UTF-8 text (byte {error.start})") from None
        document = self._upgrade(self._parse(text))
        return True, document, self._records(document)

    def _parse(self, text: str) -> dict[str, Any]:
        try:
            document = json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as error:
            raise self._corrupt(f"it is not valid JSON ({error})") from None
        except _DuplicateKey as error:
            raise self._corrupt(
                f"the key `{_name(error.key)}` appears twice in one object"
            ) from None
        except RecursionError:
            raise self._corrupt("it is nested too deeply") from None
        except ValueError as error:  # a number too long to read, say
            raise self._corrupt(f"it is not valid JSON ({error})") from None
        if not isinstance(document, dict):
            raise self._corrupt(f"its top level is {_kind(document)}, not an object")
        return document

    def _upgrade(self, document: dict[str, Any]) -> dict[str, Any]:
        """The document in :data:`FORMAT_VERSION`, through :data:`MIGRATIONS`; an error for a
        version this studypath does not know."""
        if "version" not in document:
            raise self._corrupt("it has no `version`")
        version = document["version"]
        if type(version) is not int:
            raise self._corrupt(f"its `version` is {_kind(version)}, not a whole number")
        if version > FORMAT_VERSION:
            raise ProgressError(
                f"the progress file {self.path} was written by a newer studypath (format "
                f"version {version}; this one reads version {FORMAT_VERSION} and older). It has "
                "been left untouched; upgrade studypath to use it."
            )
        while version < FORMAT_VERSION:
            migrate = MIGRATIONS.get(version)
            if migrate is None:
                raise self._corrupt(f"its version {version} is unknown")
            try:
                document = migrate(document)
            except (ValueError, TypeError, KeyError) as error:
                raise self._corrupt(f"it cannot be read as version {version} ({error})") from None
            version += 1
            document["version"] = version
        return document

    def _records(self, document: Mapping[str, Any]) -> dict[str, Record]:
        """The records of a current-version document, every value checked."""
        records = document.get("records")
        if not isinstance(records, dict):
            what = "no `records`" if records is None else f"`records` as {_kind(records)}"
            raise self._corrupt(f"it has {what}, not an object of records")
        return {item: self._record(item, entry) for item, entry in records.items()}

    def _record(self, item: str, entry: Any) -> Record:
        def bad(why: str) -> ProgressError:
            return self._corrupt(f"the record for `{_name(item)}` {why}")

        if not isinstance(entry, dict):
            raise bad(f"is {_kind(entry)}, not an object with `done_at`")
        if "done_at" not in entry:
            raise bad("has no `done_at`")
        stamp = entry["done_at"]
        if not isinstance(stamp, str):
            raise bad(f"has `done_at` as {_kind(stamp)}, not a timestamp in quotes")
        try:
            if len(stamp) > MAX_STAMP:  # Python reads "1111...1" (any length) as a date
                raise ValueError(stamp)
            done_at = datetime.fromisoformat(stamp)
        except ValueError:
            raise bad(
                f"has `done_at` {_shown(stamp)}, not a timestamp like 2025-05-05T18:30:00+00:00"
            ) from None
        if done_at.tzinfo is None:
            done_at = done_at.replace(tzinfo=UTC)  # no zone given: studypath writes UTC
        try:
            in_range = EARLIEST <= done_at.astimezone(UTC) <= LATEST
        except OverflowError:
            in_range = False
        if not in_range:
            raise bad(f"has `done_at` {_shown(stamp)}, out of the range of dates studypath reads")
        graph = entry.get("graph")
        if graph is not None and not isinstance(graph, str):
            raise bad(f"has `graph` as {_kind(graph)}, not text")
        return Record(item, done_at, graph)

    def _corrupt(self, why: str) -> ProgressError:
        return ProgressError(
            f"the progress file {self.path} cannot be used: {why}. It has been left untouched; "
            "fix it by hand, or move it aside to start afresh."
        )

    @contextlib.contextmanager
    def _locked(self) -> Iterator[Path]:
        """Hold the store's lock (a file beside the real progress file); yields that file."""
        import filelock

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            target = self._target()
            lock = filelock.FileLock(str(target) + ".lock", timeout=LOCK_TIMEOUT)
            with lock:
                yield target
        except filelock.Timeout:
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
            raise ProgressError(f"cannot write progress to {self.path}: {error}") from None

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


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice (which would lose one value)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _kind(value: object) -> str:
    """What a JSON value is, in words, for an error message."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return f"the number {_shown(value)}"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value: str | float) -> str:
    """A value as it is written in JSON, shortened and with nothing unseen."""
    from .words import visible

    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
    return visible(text if len(text) <= 60 else text[:57] + "...")


def _name(item: str) -> str:
    from .words import visible

    return visible(item if len(item) <= 60 else item[:57] + "...")
