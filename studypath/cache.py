"""The one way to load a graph: validated, and cached so that a warm command never parses YAML.

Each graph file is cached under the digest of its content, in one data-only file: a first line
of JSON holding the index (ids, aliases, stages, where each topic's line starts, the schema the
rows follow) and then one JSON line per topic, its fields in the order of :mod:`.schema`. A
command reads the index and builds only the topics it needs. A cache file is written
atomically, checked against its own digest and the schema when read, and ignored and rebuilt
when it is corrupt, truncated, stale, or written for other fields or another studypath version.
Deleting the cache directory at any time is safe.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import StudypathError
from .files import bundled_graph_path, cache_dir, decode_graph, read_graph_bytes, write_atomically
from .gcpause import gc_paused
from .model import Graph, Resource, Topic
from .schema import GRAPH_FIELDS, RESOURCE_FIELDS, SIGNATURE, TOPIC_FIELDS, Field

try:  # hashlib's own BLAKE2, without the cost of loading OpenSSL that `import hashlib` pays
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons without the module
    from hashlib import blake2b

FORMAT = 2
KEEP = 16  # cache files kept; older ones are removed when a new one is written
SUFFIX = ".graph"


def graph_location(path: str | Path | None) -> tuple[Path, str]:
    """The graph file to read, and how messages name it: the bundled graph when ``None``."""
    if path is None:
        bundled = bundled_graph_path()
        return bundled, f"{bundled.name} (bundled)"
    return Path(path), str(path)


def load(
    path: str | Path | None = None, cache: bool = True, directory: Path | None = None
) -> Graph:
    """The validated graph at ``path`` (default: the bundled one), with its stages.

    With ``cache``, a graph whose file is unchanged since it was last validated is read from the
    cache in ``directory`` (default: ``$STUDYPATH_CACHE`` or the user cache directory).
    """
    location, display = graph_location(path)
    with gc_paused():
        data = read_graph_bytes(location)
        digest = blake2b(data, digest_size=20).hexdigest()
        where = (directory or cache_dir()) / f"{digest}{SUFFIX}" if cache else None
        if where is not None:
            cached = read(where, digest, display)
            if cached is not None:
                return cached
        from .graphfile import parse_graph

        graph = parse_graph(decode_graph(data, display), display)
        if where is not None:
            with contextlib.suppress(OSError):  # no cache is no error: the next run tries again
                write(where, digest, graph)
        return graph


# -- the file format --------------------------------------------------------------------------


def write(where: Path, digest: str, graph: Graph) -> None:
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
        "schema": SIGNATURE,
        "digest": digest,
        "body": blake2b(body, digest_size=20).hexdigest(),
        "title": graph.title,
        "meta": graph.meta,
        "ids": list(graph.ids),
        "aliases": graph.aliases,
        "stages": [graph.stages[topic_id] for topic_id in graph.ids],
        "offsets": offsets,
    }
    encoded_header = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    where.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(where, encoded_header + b"\n" + body)
    _prune(where.parent)


def read(where: Path, digest: str, display: str) -> Graph | None:
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
            or header.get("schema") != SIGNATURE
            or header.get("digest") != digest
            or header.get("body") != blake2b(body, digest_size=20).hexdigest()
        ):
            return None
        ids, aliases, stages, offsets = (header[k] for k in ("ids", "aliases", "stages", "offsets"))
        known = set(ids) if isinstance(ids, list) else set()
        if not (
            isinstance(header["title"], str)
            and all(isinstance(i, str) for i in known)
            and len(known) == len(ids) == len(stages) == len(offsets)
            and isinstance(aliases, dict)
            and all(k not in known and v in known for k, v in aliases.items())
            and all(type(s) is int and s > 0 for s in stages)
            and all(type(o) is int for o in offsets)
            and offsets == sorted(offsets)
            and (not offsets or (offsets[0] >= 0 and offsets[-1] < len(body)))
        ):
            return None
        loader = _RowLoader(body, ids, offsets)
        stages_of = dict(zip(ids, stages, strict=True))
        meta = dict(_meta(header["meta"]))
        return Graph.from_index(header["title"], ids, aliases, stages_of, loader, display, meta)
    except (ValueError, KeyError, TypeError):
        return None


class _RowLoader:
    """Builds topic number ``i`` from its line of the cache file, checking every value."""

    def __init__(self, body: memoryview, ids: Sequence[str], offsets: Sequence[int]) -> None:
        self.body, self.ids, self.offsets = body, ids, offsets
        self.known = frozenset(ids)

    def __call__(self, position: int) -> Topic:
        start = self.offsets[position]
        end = self.offsets[position + 1] if position + 1 < len(self.offsets) else len(self.body)
        topic_id = self.ids[position]
        try:
            topic = _topic(topic_id, json.loads(bytes(self.body[start:end])))
            if not self.known.issuperset(topic.requires):
                raise ValueError(topic.requires)
            return topic
        except (ValueError, KeyError, TypeError, IndexError):
            raise StudypathError(
                f"the graph cache is damaged; run again with --no-cache, or delete {cache_dir()}"
            ) from None


def _topic_row(topic: Topic) -> list[Any]:
    row = [_encode(getattr(topic, f.name), f) for f in TOPIC_FIELDS]
    return [*row, topic.line]


def _encode(value: Any, field: Field) -> Any:
    if field.read == "resources":
        return [[getattr(r, f.name) for f in RESOURCE_FIELDS] for r in value]
    return list(value) if isinstance(value, tuple) else value


def _topic(topic_id: str, row: list[Any]) -> Topic:
    *values, line = row
    if len(values) != len(TOPIC_FIELDS) or type(line) is not int:
        raise ValueError(row)
    fields = dict(_decoded(TOPIC_FIELDS, values))
    resources = tuple(
        Resource(topic_id=topic_id, **dict(_decoded(RESOURCE_FIELDS, r)))
        for r in fields.pop("resources")
    )
    return Topic(id=topic_id, resources=resources, line=line, **fields)


def _decoded(table: Sequence[Field], values: Any) -> list[tuple[str, Any]]:
    """Each field's value from a row, checked against the schema's type (ValueError if not)."""
    if not isinstance(values, list) or len(values) != len(table):
        raise ValueError(values)
    return [(f.name, _checked(f, value)) for f, value in zip(table, values, strict=True)]


def _meta(meta: Any) -> list[tuple[str, Any]]:
    """The graph's other fields from the header, each checked against the schema."""
    fields = {f.name: f for f in GRAPH_FIELDS if f.read not in ("topics",) and f.name != "title"}
    if not isinstance(meta, dict) or not meta.keys() <= fields.keys():
        raise ValueError(meta)
    return [(name, _checked(fields[name], value)) for name, value in meta.items()]


def _checked(field: Field, value: Any) -> Any:
    expected = field.type
    if value is None and not field.required and expected is not list:
        return None
    if expected is float and type(value) is int:
        return float(value)
    if type(value) is not expected:
        raise ValueError(value)
    checked: Any = value
    if expected is float and not math.isfinite(checked):
        raise ValueError(value)
    if expected is list and field.read != "resources":
        if not all(isinstance(v, str) for v in checked):
            raise ValueError(value)
        return tuple(checked)
    return checked


def _prune(directory: Path) -> None:
    with contextlib.suppress(OSError):
        files = sorted(directory.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink(missing_ok=True)
