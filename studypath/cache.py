"""The one way to load a graph: validated, and cached so that a warm command never parses YAML.

Each graph file is cached under the digest of its content, in one data-only file: a first line
of JSON holding the index (ids, aliases, stages, where each topic's line starts, the schema the
rows follow) and then one JSON line per topic, its fields in the order of :mod:`.schema`. A
command reads the index and builds only the topics it needs.

The cache is untrusted: anything read from it is held to the rules the YAML validator applies.
The index is checked whole when it is read (digests, schema, ids, aliases, stages, offsets);
a cache that fails is ignored and rebuilt. A topic's row is checked when the topic is built
(every value's type and rules, its resource ids, aliases and prerequisites, and its stage
against theirs): a row that fails raises :class:`DamagedCacheError`, and the file is removed
so that the next run rebuilds it. Checking every row on read would cost more than a warm
command over a large graph takes in all (one that needs every topic builds them in batches:
:mod:`.cacherows`). Deleting the cache directory at any time is safe.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import re
import stat
from pathlib import Path

from . import __version__
from .bundled import BUNDLED_NAME, bundled_graph_path, bundled_name
from .cacherows import (
    _BROKEN,
    MAX_HOURS,
    DamagedCacheError,
    _Damaged,
    _RowLoader,
    _text,
    _topic_row,
)
from .cacherules import index_aliases, index_ids, index_meta
from .errors import StudypathError
from .files import (
    cache_dir,
    decode_graph,
    read_graph_bytes,
    write_atomically,
)
from .gcpause import gc_paused
from .model import Graph
from .schema import SIGNATURE

__all__ = ["MAX_HOURS", "DamagedCacheError", "graph_location", "load", "read", "write"]

try:  # hashlib's own BLAKE2, without the cost of loading OpenSSL that `import hashlib` pays
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons without the module
    from hashlib import blake2b

FORMAT = 3
KEEP = 16  # cache files kept; older ones are removed when a new one is written
SUFFIX = ".graph"
#: The name of every file studypath writes in the cache directory (and the only ones it removes).
NAME = re.compile(r"[0-9a-f]{40}\.graph")
#: The longest header line :func:`_ours` reads when deciding whether a file may be removed.
MAX_HEADER = 1 << 28


def graph_location(path: str | Path | None) -> tuple[Path, str]:
    """The graph file to read, and how messages name it: the default bundled graph when
    ``None``, a bundled graph when ``path`` is its name (:func:`.files.bundled_name`)."""
    if path is not None and bundled_name(path) is None:
        return Path(path), str(path)
    bundled = bundled_graph_path(BUNDLED_NAME if path is None else str(path))
    return bundled, f"{bundled.name} (bundled)"


def default_title(display: str) -> str:
    """The title of a graph file without ``title:``: its name (as :mod:`.graphfile` gives it)."""
    return Path(display).stem


def load(
    path: str | Path | None = None, cache: bool = True, directory: Path | None = None
) -> Graph:
    """The validated graph at ``path`` (default: the bundled one), with its stages.

    With ``cache``, a graph whose file is unchanged since it was last validated is read from the
    cache in ``directory`` (default: ``$STUDYPATH_CACHE`` or the user cache directory).
    """
    location, display = graph_location(path)
    with gc_paused():
        data = read_graph_bytes(location, path)
        digest = blake2b(data, digest_size=20).hexdigest()
        # A graph that extends another is read afresh each time (its base may have changed);
        # its base comes from the cache.
        cache = cache and not _extends(data)
        where = (directory or cache_dir()) / f"{digest}{SUFFIX}" if cache else None
        if where is not None:
            cached = read(where, digest, display)
            if cached is not None:
                return cached
        from .graphfile import parse_graph

        graph = parse_graph(decode_graph(data, display), display)
        if where is not None:
            # No cache is no error: the next run tries again.
            with contextlib.suppress(OSError, ValueError, StudypathError):
                write(where, digest, graph)
        return graph


def _extends(data: bytes) -> bool:
    """Whether a graph file may have an ``extends:`` key (a line that starts with one)."""
    if b"extends" not in data:
        return False
    import re

    return re.search(rb'(?m)^[ \t]*["\']?extends["\']?[ \t]*:', data) is not None


# -- writing ----------------------------------------------------------------------------------


def write(where: Path, digest: str, graph: Graph) -> None:
    """Write ``graph`` (read from a file whose content has ``digest``) to the cache file
    ``where``, atomically, then prune the directory. Nothing is written through a symbolic
    link or over anything but a regular file."""
    rows: list[bytes] = []
    offsets: list[int] = []
    size = 0
    for topic in graph.topics:
        row = json.dumps(
            _topic_row(topic), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
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
        # The title may be the file's name rather than stated in the file: then the cache
        # serves only a file of that name (another file with the same content gets its own).
        "named": graph.title == default_title(graph.source),
        "meta": graph.meta,
        "ids": list(graph.ids),
        "aliases": graph.aliases,
        "stages": [graph.stages[topic_id] for topic_id in graph.ids],
        "offsets": offsets,
    }
    encoded_header = json.dumps(
        header, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()
    where.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = where.lstat().st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode):
        return  # a link, a directory, a pipe: not ours to replace
    write_atomically(where, encoded_header + b"\n" + body)
    _prune(where.parent)


def _prune(directory: Path) -> None:
    """Remove the oldest cache files beyond :data:`KEEP`: only files studypath wrote (named
    like one and starting with a header of ours), never anything else in the directory."""
    try:
        entries = [(e.stat(follow_symlinks=False), e) for e in os.scandir(directory)]
    except OSError:
        return
    ours = [(s.st_mtime, Path(e.path)) for s, e in entries if NAME.fullmatch(e.name)]
    ours = [(when, path) for when, path in ours if path.is_file() and not path.is_symlink()]
    ours.sort(key=operator.itemgetter(0), reverse=True)
    for _, old in ours[KEEP:]:
        if _ours(old):
            with contextlib.suppress(OSError):
                old.unlink()


def _ours(path: Path) -> bool:
    """Whether ``path`` is a cache file of any format studypath has written: named like one,
    and starting with a JSON object with an integer ``format``, a ``studypath`` version and
    the digest the file is named after."""
    if not NAME.fullmatch(path.name):
        return False
    try:
        line = _read_regular(path, first_line=True)
        header = json.loads(line[: line.index(b"\n")])
    except (OSError, ValueError, RecursionError):
        return False
    return (
        type(header) is dict
        and type(header.get("format")) is int
        and type(header.get("studypath")) is str
        and header.get("digest") == path.name.removesuffix(SUFFIX)
    )


def _read_regular(path: Path, first_line: bool = False) -> bytes:
    """The bytes of a regular file (or its first line, up to :data:`MAX_HEADER` bytes), read
    without ever blocking on a named pipe or a device."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        return stream.readline(MAX_HEADER) if first_line else stream.read()


# -- reading: the index -----------------------------------------------------------------------


def read(where: Path, digest: str, display: str) -> Graph | None:
    """The cached graph, or None when there is none or it cannot be trusted."""
    try:
        data = _read_regular(where)
    except OSError:
        return None
    try:
        return _index(where, data, digest, display)
    except _BROKEN:
        return None


def _index(where: Path, data: bytes, digest: str, display: str) -> Graph | None:
    newline = data.find(b"\n")
    if newline < 0:
        return None
    header = json.loads(data[:newline])
    body = memoryview(data)[newline + 1 :]
    if (
        type(header) is not dict
        or header.get("format") != FORMAT
        or header.get("studypath") != __version__
        or header.get("schema") != SIGNATURE
        or header.get("digest") != digest
        or header.get("body") != blake2b(body, digest_size=20).hexdigest()
    ):
        return None
    title, named = header["title"], header["named"]
    if type(named) is not bool or (named and title != default_title(display)):
        return None  # the title is another file's name: parse this one for its own
    _text(title)
    meta = dict(index_meta(header["meta"]))
    ids, aliases = index_ids(header["ids"]), index_aliases(header["aliases"])
    known = frozenset(ids)
    if not known.isdisjoint(aliases) or not known.issuperset(aliases.values()):
        raise _Damaged("aliases")
    stages, offsets = header["stages"], header["offsets"]
    count = len(ids)
    if not (
        type(stages) is list
        and type(offsets) is list
        and len(stages) == len(offsets) == count
        and set(map(type, stages)) == {int}
        and min(stages) >= 1
        and max(stages) <= count
        and set(map(type, offsets)) == {int}
        and offsets[0] == 0
        and all(map(operator.lt, offsets, offsets[1:]))
        and offsets[-1] < len(body)
        and body[-1] == ord("\n")
    ):
        raise _Damaged("stages or offsets")
    stages_of = dict(zip(ids, stages, strict=True))
    loader = _RowLoader(where, data, newline + 1, ids, offsets, aliases, stages_of)
    return Graph.from_index(
        title, ids, aliases, stages_of, loader, display, meta, build_many=loader.many
    )
