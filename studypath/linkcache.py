"""Link verdicts kept for a day, so that checking a graph again asks only about what is new.

One JSON file, ``links.json``, in studypath's cache directory beside the graph caches (which
never touch it): ``{"format": 1, "studypath": VERSION, "links": {URL: ENTRY}}``, an entry being
when the URL was checked (seconds since 1970, from :func:`studypath.files.now`) and its verdict.
Only lasting verdicts are kept (:data:`~studypath.links.LASTING`): a link that could not be
reached or was rate-limited is asked again on the next run.

The file is untrusted, as every cache is: an entry is used only when every value keeps the
rules a fresh verdict keeps (a known kind, an HTTP status, web URLs without control or
invisible characters, text of a sensible length), and it is at most a day old. An entry that
breaks one is ignored; a file that is not such a document at all is ignored whole. Writes are
atomic (:func:`studypath.files.write_atomically`); deleting the file at any time is safe.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import __version__
from .files import cache_dir, read_regular, write_atomically
from .links import FOUND, LASTING, MOVED, NONE, Verdict, web_url
from .words import UNSEEN

NAME = "links.json"
FORMAT = 1
#: How long a verdict is kept, in seconds.
DAY = 86_400
#: A larger file is not read (it is no file studypath wrote).
MAX_BYTES = 64 << 20
#: The most entries kept: the most recently checked.
MAX_ENTRIES = 100_000
MAX_DETAIL = 500

Entry = tuple[int, Verdict]


def location(directory: Path | None = None) -> Path:
    """The cache file: in ``directory``, else studypath's cache directory."""
    return (directory or cache_dir()) / NAME


def read(path: Path, now: int) -> dict[str, Entry]:
    """The verdicts in the file that are less than a day old at ``now``, each with the time it
    was checked; none when there is no file or it is not one studypath wrote."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = read_regular(path)
        document = json.loads(data)
    except (OSError, ValueError, RecursionError):
        return {}
    if type(document) is not dict or document.get("format") != FORMAT:
        return {}
    links = document.get("links")
    if type(links) is not dict:
        return {}
    out: dict[str, Entry] = {}
    for url, entry in links.items():
        kept = _entry(url, entry, now)
        if kept is not None:
            out[url] = kept
    return out


def _entry(url: str, entry: Any, now: int) -> Entry | None:
    if not web_url(url) or type(entry) is not dict:
        return None
    checked, kind, status = entry.get("checked"), entry.get("kind"), entry.get("status")
    detail, target = entry.get("detail", ""), entry.get("target")
    snapshot, archive = entry.get("snapshot"), entry.get("archive")
    rules = (
        type(checked) is int and 0 <= now - checked < DAY,
        type(kind) is str and kind in LASTING,
        status is None or (type(status) is int and 100 <= status <= 599),
        type(detail) is str and len(detail) <= MAX_DETAIL and not UNSEEN.search(detail),
        web_url(target) if target is not None or kind == MOVED else True,
        archive in (None, FOUND, NONE),
        web_url(snapshot) if snapshot is not None or archive == FOUND else True,
    )
    if not all(rules):
        return None
    assert isinstance(kind, str) and isinstance(checked, int)
    verdict = Verdict(kind, status, detail, target, snapshot, archive, cached=True)
    return checked, verdict


def write(path: Path, kept: Mapping[str, Entry], new: Mapping[str, Entry], now: int) -> None:
    """Write the ``kept`` entries still fresh at ``now``, with ``new`` ones over them (a verdict
    that does not last removes the URL's entry), atomically."""
    entries = {url: entry for url, entry in kept.items() if 0 <= now - entry[0] < DAY}
    for url, (checked, verdict) in new.items():
        if verdict.kind in LASTING:
            entries[url] = (checked, verdict)
        else:
            entries.pop(url, None)
    newest = sorted(entries.items(), key=lambda item: item[1][0], reverse=True)[:MAX_ENTRIES]
    document = {
        "format": FORMAT,
        "studypath": __version__,
        "links": {url: _encoded(checked, verdict) for url, (checked, verdict) in newest},
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text + "\n")


def _encoded(checked: int, verdict: Verdict) -> dict[str, Any]:
    archived = verdict.archive in (FOUND, NONE)  # a failed look-up is asked again
    return {
        "checked": checked,
        "kind": verdict.kind,
        "status": verdict.status,
        "detail": verdict.detail,
        "target": verdict.target,
        "snapshot": verdict.snapshot if archived else None,
        "archive": verdict.archive if archived else None,
    }
