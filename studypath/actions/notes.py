"""The ``note`` action: dated notes on an item, added, listed, or edited in the learner's editor.

Notes are kept with the progress, by item id, and are not records: ``undo`` leaves them, and
they count for nothing in a plan's figures. ``--edit`` writes the item's notes to a temporary
file, one paragraph a note after its date, runs ``$VISUAL`` (else ``$EDITOR``) on it, and makes
what the editor leaves the item's notes, unless they changed meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..cache import load
from ..errors import ProgressError, StudypathError, UsageError
from ..files import now, reason
from ..model import Graph
from ..storedoc import Note
from ..words import visible
from ._shared import GraphPath, _store, _title

#: A paragraph's first line in the file ``--edit`` opens: its date, then the note.
DATED = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ \t]+(.*))?$")


@dataclass(frozen=True)
class Noted:
    """An item's notes: its id and title, every note (oldest first), and what the command did:
    the note it added, or, after ``--edit``, how many notes there were before."""

    item: str
    title: str
    notes: tuple[Note, ...]
    added: Note | None = None
    edited: bool = False
    before: int = 0


def note(name: str, text: str | None = None, graph: GraphPath = None, cache: bool = True) -> Noted:
    """Add ``text`` as a note on the item ``name`` stands for (with no text, list its notes).

    A note's lines keep their order; blank lines and the space around them are left out.
    """
    loaded = load(graph, cache)
    store = _store()
    item = _item(loaded, name, store.notes())
    added = None
    if text is not None:
        cleaned = clean(text)
        if not cleaned:
            raise UsageError('a note needs some text: studypath note ITEM "what to remember"')
        added = store.add_note(item, cleaned)
    notes = store.notes().get(item, ())
    return Noted(item, _title(loaded, item, "(not in this graph)"), notes, added)


def note_edit(name: str, graph: GraphPath = None, cache: bool = True) -> Noted:
    """Open the notes on the item ``name`` stands for in ``$VISUAL`` or ``$EDITOR``; what the
    editor leaves becomes its notes."""
    import subprocess
    import tempfile

    command = _editor()
    loaded = load(graph, cache)
    store = _store()
    notes = store.notes()
    item = _item(loaded, name, notes)
    old = notes.get(item, ())
    title = _title(loaded, item, "(not in this graph)")
    descriptor, name_ = tempfile.mkstemp(prefix="studypath-notes-", suffix=".txt", text=True)
    path = Path(name_)
    keep = False
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(editable(item, title, old))
        try:
            done = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise StudypathError(f"cannot run the editor `{command[0]}`: {reason(error)}") from None
        if done.returncode != 0:
            raise StudypathError(
                f"the editor exited with status {done.returncode}: the notes are unchanged"
            )
        keep = True  # from here on, what the learner wrote is kept if it cannot be saved
        try:
            written = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            why = reason(error) if isinstance(error, OSError) else "it is not UTF-8 text"
            raise StudypathError(f"cannot read what the editor left in {path}: {why}") from None
        new = parse(written, old, now(), path)
        try:
            saved = store.replace_notes(item, new, old)
        except ProgressError as error:  # the file went bad or away meanwhile: say where it is
            raise ProgressError(f"{error} What you wrote is in {path}") from None
        if not saved:
            raise ProgressError(
                f"the notes on {item} changed while you edited them, so nothing was saved; "
                f"what you wrote is in {path}"
            )
        keep = False
    finally:
        if not keep:
            with contextlib.suppress(OSError):
                path.unlink()
    return Noted(item, title, tuple(new), edited=True, before=len(old))


def clean(text: str) -> str:
    """A note as kept: its lines without the space at their ends, blank lines left out."""
    return "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())


def editable(item: str, title: str, notes: tuple[Note, ...]) -> str:
    """The file ``--edit`` opens: a few lines of help, then a paragraph a note."""
    head = [
        f"# Notes on {item}: {visible(title)}",
        "# One note a paragraph, after its date (YYYY-MM-DD); a paragraph without one is dated",
        "# today. These first lines are left out. Save and quit to keep what you write;",
        "# delete every note to remove them all.",
    ]
    body = [f"{n.at.date().isoformat()}  {n.text}" for n in notes]
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + ("\n" if body else "")


def parse(text: str, old: tuple[Note, ...], today: datetime, source: Path) -> list[Note]:
    """The notes in a file :func:`editable` wrote and the learner edited. A note dated as an
    old one was keeps its time (the same text first); another date is that day's start."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
    paragraphs: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip():
            paragraphs[-1].append((number, line.strip()))
        elif paragraphs[-1]:
            paragraphs.append([])
    unused = list(old)
    out = []
    for paragraph in filter(None, paragraphs):
        number, first = paragraph[0]
        dated = DATED.match(first)
        rest = [line for _, line in paragraph[1:]]
        if dated is None:
            out.append(Note(today, "\n".join([first, *rest])))
            continue
        try:
            day = date.fromisoformat(dated.group(1))
        except ValueError:
            raise StudypathError(
                f"{source}:{number}: {dated.group(1)} is not a date, so nothing was saved; "
                f"what you wrote is in {source}"
            ) from None
        body = "\n".join(filter(None, [dated.group(2) or "", *rest]))
        if not body:
            continue
        same = [n for n in unused if n.at.date() == day]
        match = next((n for n in same if n.text == body), same[0] if same else None)
        if match is not None:
            unused.remove(match)
        at = match.at if match else datetime(day.year, day.month, day.day, tzinfo=UTC)
        out.append(Note(at, body))
    return out


def _editor() -> list[str]:
    import shlex

    command = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip()
    if not command:
        raise UsageError("set $VISUAL or $EDITOR to the editor to write notes in (EDITOR=nano)")
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise UsageError(f"cannot read the editor command `{command}`: {error}") from None
    if not words:
        raise UsageError("set $VISUAL or $EDITOR to the editor to write notes in (EDITOR=nano)")
    return words


def _item(graph: Graph, name: str, notes: dict[str, tuple[Note, ...]]) -> str:
    """The item ``name`` stands for; an id that has notes is that item, even one the graph no
    longer has."""
    from ..resolve import item_id, resolve_items

    if name in notes:
        return name
    (found,) = resolve_items(graph, [name])
    return item_id(found)
