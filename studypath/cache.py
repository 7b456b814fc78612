"""A cache of validated graphs, so that a warm command never parses YAML or imports networkx.

Each graph file is cached under the digest of its content, in one data-only file: a first line
of JSON holding the index (ids, aliases, stages, where each topic's line starts) and then one
JSON line per topic. A command reads the index and builds only the topics it needs. A cache
file is written atomically, checked against its own digest when read, and ignored and rebuilt
when it is corrupt, truncated, stale or from another studypath version. Deleting the cache
directory at any time is safe.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import StudypathError
from .files import decode_graph, read_graph_bytes, write_atomically
from .gcpause import gc_paused
from .model import Graph, Resource, Topic

try:  # hashlib's own BLAKE2, without the cost of loading OpenSSL that `import hashlib` pays
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons without the module
    from hashlib import blake2b

CACHE_VARIABLE = "STUDYPATH_CACHE"
FORMAT = 1
KEEP = 16  # cache files kept; older ones are removed when a new one is written


@dataclass(frozen=True)
class Loaded:
    """A validated graph with every topic's stage, and whether it came from the cache."""

    graph: Graph
    stages: Mapping[str, int]
    from_cache: bool


def cache_dir() -> Path:
    """``$STUDYPATH_CACHE``, or the platform's user cache directory."""
    override = os.environ.get(CACHE_VARIABLE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("studypath", appauthor=False))


def load(
    path: Path, display: str | None = None, use_cache: bool = True, directory: Path | None = None
) -> Loaded:
    """The validated graph at ``path``, from the cache when its content is unchanged."""
    display = display or str(path)
    with gc_paused():
        return _load(path, display, (directory or cache_dir()) if use_cache else None)


def _load(path: Path, display: str, directory: Path | None) -> Loaded:
    """``directory`` None: neither read nor write the cache."""
    data = read_graph_bytes(path)
    digest = blake2b(data, digest_size=20).hexdigest()
    where = directory / f"{digest}.graph" if directory is not None else None
    if where is not None:
        cached = read(where, digest, display)
        if cached is not None:
            return cached
    from .graphfile import parse_graph_with_stages

    graph, stages = parse_graph_with_stages(decode_graph(data, display), display)
    if where is not None:
        with contextlib.suppress(OSError):  # no cache is no error: the next run tries again
            write(where, digest, graph, stages)
    return Loaded(graph, stages, from_cache=False)


# -- the file format --------------------------------------------------------------------------


def write(where: Path, digest: str, graph: Graph, stages: Mapping[str, int]) -> None:
    rows: list[bytes] = []
    offsets: list[int] = []
    size = 0
    for topic in graph.topics:
        row = json.dumps(_topic_row(topic), ensure_ascii=False, separators=(",", ":"))
        encoded = row.encode() + b"\n"
        offsets.append(size)
        size += len(encoded)
        rows.append(encoded)
    body = b"".join(rows)
    header = {
        "format": FORMAT,
        "studypath": __version__,
        "digest": digest,
        "body": blake2b(body, digest_size=20).hexdigest(),
        "title": graph.title,
        "ids": list(graph.ids),
        "aliases": graph.aliases,
        "stages": [stages[topic_id] for topic_id in graph.ids],
        "offsets": offsets,
    }
    encoded_header = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    where.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(where, encoded_header + b"\n" + body)
    _prune(where.parent)


def read(where: Path, digest: str, display: str) -> Loaded | None:
    """The cached graph, or None when there is none or it cannot be trusted."""
    try:
        data = where.read_bytes()
    except OSError:
        return None
    try:
        newline = data.index(b"\n")
        header = json.loads(data[:newline])
        body = memoryview(data)[newline + 1 :]
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("studypath") != __version__
            or header.get("digest") != digest
            or header.get("body") != blake2b(body, digest_size=20).hexdigest()
        ):
            return None
        ids: list[str] = header["ids"]
        offsets: list[int] = header["offsets"]
        stages = dict(zip(ids, header["stages"], strict=True))
        if len(offsets) != len(ids):
            return None
        loader = _RowLoader(body, ids, offsets)
        graph = Graph.from_index(header["title"], ids, header["aliases"], loader, display)
        return Loaded(graph, stages, from_cache=True)
    except (ValueError, KeyError, TypeError):
        return None


class _RowLoader:
    """Builds topic number ``i`` from its line of the cache file."""

    def __init__(self, body: memoryview, ids: Sequence[str], offsets: Sequence[int]) -> None:
        self.body, self.ids, self.offsets = body, ids, offsets

    def __call__(self, position: int) -> Topic:
        start = self.offsets[position]
        end = self.offsets[position + 1] if position + 1 < len(self.offsets) else len(self.body)
        topic_id = self.ids[position]
        try:
            return _topic(topic_id, json.loads(bytes(self.body[start:end])))
        except (ValueError, KeyError, TypeError, IndexError):
            raise StudypathError(
                f"the graph cache is damaged; run again with --no-cache, or delete {cache_dir()}"
            ) from None


def _topic_row(topic: Topic) -> list[Any]:
    return [
        topic.title,
        topic.summary,
        list(topic.aliases),
        list(topic.requires),
        topic.hours,
        topic.line,
        [
            [r.id, r.title, r.kind, r.url, r.hours, r.free, r.optional, r.note]
            for r in topic.resources
        ],
    ]


def _topic(topic_id: str, row: list[Any]) -> Topic:
    title, summary, aliases, requires, hours, line, resources = row
    return Topic(
        topic_id,
        title,
        summary,
        tuple(aliases),
        tuple(requires),
        hours,
        tuple(Resource(topic_id, *r) for r in resources),
        line,
    )


def _prune(directory: Path) -> None:
    with contextlib.suppress(OSError):
        files = sorted(directory.glob("*.graph"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
