"""The progress file's document: parsed, upgraded to the current format version, and every
value checked, so that a hand-edited file gives a clear error naming what is wrong, never a
traceback. :mod:`.store` reads and writes the file; this module only judges its content.

Format versions: a document states its ``version``; :data:`FORMAT_VERSION` is the one written.
A document from a newer studypath is refused (and its file never rewritten). :func:`upgrade`
turns an older document into the current one step by step (1 → 2 → ...) through
:data:`MIGRATIONS`, and the next change writes it in the new version. To add format version 3:
set ``FORMAT_VERSION = 3``, write a function that turns a version 2 document into a version 3
one, register it as ``MIGRATIONS[2]``, and check version 3 here.

- Version 1: ``records`` maps an item id to ``{"done_at": TIME, "graph": TITLE}``: done.
- Version 2: a record is ``{"state": STATE, "at": TIME, "graph": TITLE}``, its state one of
  :data:`STATES`, and ``notes`` maps an item id to its notes, ``[{"at": TIME, "text": TEXT}]``.
  A version 1 record becomes a ``done`` one; any other field it has is kept. A goal may
  keep a ``schedule`` (added within version 2: an older reader ignores it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

FORMAT_VERSION = 2

#: What a record says of its item: studied and finished, known already ("I know this"), left
#: out of the plan ("I am not studying this"), or being studied now.
STATES = ("done", "known", "skipped", "started")

#: The timestamps accepted: a day inside what ``datetime`` holds, so that one can be shown in
#: any time zone.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)
#: The longest timestamp read (``2025-05-05T18:30:00.123456+05:30`` has 32 characters).
MAX_STAMP = 64


class Invalid(ValueError):
    """What is wrong with a document, in words (the store names the file)."""


class Newer(ValueError):
    """A document written by a newer studypath, in a format version this one does not know."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


@dataclass(frozen=True)
class Record:
    """One item the learner recorded, when, with which graph (by its title), and its state
    (one of :data:`STATES`)."""

    item: str
    at: datetime
    graph: str | None = None
    state: str = "done"

    @property
    def done_at(self) -> datetime:
        """When it was recorded (the name of version 1, kept for library users)."""
        return self.at


@dataclass(frozen=True)
class Note:
    """A note the learner wrote on an item, and when."""

    at: datetime
    text: str


def empty() -> dict[str, Any]:
    """The document of a file that does not exist yet."""
    return {"version": FORMAT_VERSION, "records": {}}


def parse(text: str) -> dict[str, Any]:
    """The JSON object of a progress file's text; :class:`Invalid` for anything else."""
    try:
        document = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as error:
        raise Invalid(f"the key `{_name(error.key)}` appears twice in one object") from None
    except RecursionError:
        raise Invalid("it is nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, or a number too long to read, say
        raise Invalid(f"it is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise Invalid(f"its top level is {_kind(document)}, not an object")
    return document


def _from_1(document: dict[str, Any]) -> dict[str, Any]:
    """A version 1 document as version 2: every record (checked by the rules of version 1, so
    that a message names what the file holds) becomes a ``done`` record."""
    old = _records_object(document)
    records = {}
    for item, entry in old.items():
        _record(item, entry, "done_at")
        rest = {k: v for k, v in entry.items() if k not in ("done_at", "state", "at")}
        records[item] = {"state": "done", "at": entry["done_at"], **rest}
    return {**document, "records": records}


#: Upgrades of older documents: ``MIGRATIONS[n]`` turns a version ``n`` document into a version
#: ``n + 1`` one (raising :class:`Invalid`, or ``ValueError`` with a reason, when it cannot).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_1}


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """The document in :data:`FORMAT_VERSION`, through :data:`MIGRATIONS`."""
    if "version" not in document:
        raise Invalid("it has no `version`")
    version = document["version"]
    if type(version) is not int:
        raise Invalid(f"its `version` is {_kind(version)}, not a whole number")
    if version > FORMAT_VERSION:
        raise Newer(version)
    while version < FORMAT_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise Invalid(f"its version {version} is unknown")
        try:
            document = migrate(document)
        except Invalid:
            raise
        except (ValueError, TypeError, KeyError) as error:
            raise Invalid(f"it cannot be read as version {version} ({error})") from None
        version += 1
        document["version"] = version
    return document


def records(document: Mapping[str, Any]) -> dict[str, Record]:
    """The records of a current-version document, every value checked."""
    entries = _records_object(document)
    return {item: _record(item, entry) for item, entry in entries.items()}


def _records_object(document: Mapping[str, Any]) -> dict[str, Any]:
    entries = document.get("records")
    if not isinstance(entries, dict):
        what = "no `records`" if entries is None else f"`records` as {_kind(entries)}"
        raise Invalid(f"it has {what}, not an object of records")
    return entries


def notes(document: Mapping[str, Any]) -> dict[str, tuple[Note, ...]]:
    """The learner's notes by item id (none when the document has no ``notes``), every value
    checked."""
    entries = document.get("notes", {})
    if not isinstance(entries, dict):
        raise Invalid(f"it has `notes` as {_kind(entries)}, not an object of notes by item")
    out = {}
    for item, listed in entries.items():
        if not isinstance(listed, list):
            raise Invalid(f"the notes on `{_name(item)}` are {_kind(listed)}, not a list")
        out[item] = tuple(_note(item, number, n) for number, n in enumerate(listed, start=1))
    return out


def _note(item: str, number: int, entry: Any) -> Note:
    def bad(why: str) -> Invalid:
        return Invalid(f"note {number} on `{_name(item)}` {why}")

    if not isinstance(entry, dict):
        raise bad(f"is {_kind(entry)}, not an object with `at` and `text`")
    text = entry.get("text")
    if not isinstance(text, str):
        what = "no `text`" if "text" not in entry else f"`text` as {_kind(text)}"
        raise bad(f"has {what}, not text")
    return Note(_stamp(bad, entry, "at"), text)


def _record(item: str, entry: Any, stamp_key: str = "at") -> Record:
    """A record checked: by the rules of version 1 when ``stamp_key`` is ``done_at`` (it has
    no state then: it is done), else of version 2."""

    def bad(why: str) -> Invalid:
        return Invalid(f"the record for `{_name(item)}` {why}")

    needs = "`done_at`" if stamp_key == "done_at" else "`state` and `at`"
    if not isinstance(entry, dict):
        raise bad(f"is {_kind(entry)}, not an object with {needs}")
    state = "done"
    if stamp_key != "done_at":
        if "state" not in entry:
            raise bad("has no `state`")
        state = entry["state"]
        if state not in STATES:
            shown = _kind(state) if not isinstance(state, str) else _shown(state)
            raise bad(f"has `state` {shown}, not one of {', '.join(STATES)}")
    at = _stamp(bad, entry, stamp_key)
    graph = entry.get("graph")
    if graph is not None and not isinstance(graph, str):
        raise bad(f"has `graph` as {_kind(graph)}, not text")
    return Record(item, at, graph, state)


def _stamp(bad: Callable[[str], Invalid], entry: dict[str, Any], key: str) -> datetime:
    """The timestamp ``entry[key]``, checked."""
    if key not in entry:
        raise bad(f"has no `{key}`")
    stamp = entry[key]
    if not isinstance(stamp, str):
        raise bad(f"has `{key}` as {_kind(stamp)}, not a timestamp in quotes")
    try:
        if len(stamp) > MAX_STAMP:  # Python reads "1111...1" (any length) as a date
            raise ValueError(stamp)
        at = datetime.fromisoformat(stamp)
    except ValueError:
        raise bad(
            f"has `{key}` {_shown(stamp)}, not a timestamp like 2025-05-05T18:30:00+00:00"
        ) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # no zone given: studypath writes UTC
    try:
        in_range = EARLIEST <= at.astimezone(UTC) <= LATEST
    except OverflowError:
        in_range = False
    if not in_range:
        raise bad(f"has `{key}` {_shown(stamp)}, out of the range of dates studypath reads")
    return at


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
