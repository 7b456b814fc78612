"""Shell completion from a small sorted index kept beside the graph cache, so that one TAB on a
100,000-topic graph costs about what it costs on the bundled one.

The index of a graph file is a text file named after the file's path, one line a name, sorted:
``name<TAB>kind<TAB>item<TAB>title``. ``kind`` is ``t`` (a topic id), ``a`` (an alias), ``r``
(a resource's full id) or ``s`` (a resource id unique in the graph). Its first line records the
graph file's size and modification time: a changed file makes the index stale, and it is made
again on the next load. A lookup reads only a few blocks: a binary search over the file's
bytes, then the lines that start with what was typed. The index is checked like any input:
anything odd in it means no completions, never an error.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .files import write_atomically
from .model import Graph
from .words import visible

MAGIC = "studypath-completion 1"
#: The most completions offered for one TAB.
LIMIT = 500


@dataclass(frozen=True)
class Entry:
    """One name a shell may complete: what it is, the item it stands for, and its title."""

    name: str
    kind: str
    item: str
    title: str


def index_path(directory: Path, graph_file: Path) -> Path:
    """Where the index of ``graph_file`` lives in the cache ``directory``."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - Pythons without the module
        from hashlib import blake2b
    key = blake2b(str(graph_file.resolve()).encode(), digest_size=12).hexdigest()
    return directory / f"{key}.complete"


def stamp(graph_file: Path) -> str:
    """What the index records of the graph file, to tell when it changed: size and time."""
    status = graph_file.stat()
    return f"{status.st_size} {status.st_mtime_ns}"


def write(directory: Path, graph_file: Path, graph: Graph) -> None:
    """Write the index of ``graph`` (read from ``graph_file``); nothing when it cannot be."""
    short: dict[str, list[str]] = {}
    lines: list[str] = []
    for topic in graph.topics:
        title = _clean(topic.title)
        lines.append(f"{topic.id}\tt\t{topic.id}\t{title}")
        lines += [f"{alias}\ta\t{topic.id}\t{title}" for alias in topic.aliases]
        for resource in topic.resources:
            lines.append(f"{resource.full_id}\tr\t{resource.full_id}\t{_clean(resource.title)}")
            short.setdefault(resource.id, []).append(resource.full_id)
    for name, items in short.items():
        if len(items) == 1 and name not in graph:
            found = graph.resource(items[0])
            title = _clean(found.title) if found is not None else ""
            lines.append(f"{name}\ts\t{items[0]}\t{title}")
    lines.sort()
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        header = f"{MAGIC}\t{stamp(graph_file)}\n"
        write_atomically(index_path(directory, graph_file), header + "\n".join(lines) + "\n")


def _clean(title: str) -> str:
    return visible(" ".join(title.split()))


def lookup(directory: Path, graph_file: Path, prefix: str) -> list[Entry] | None:
    """The index's entries whose name starts with ``prefix`` (at most :data:`LIMIT`), or None
    when there is no index for the file as it is now."""
    path = index_path(directory, graph_file)
    try:
        with path.open("rb") as stream:
            header = stream.readline().decode("utf-8", "replace").rstrip("\n")
            if header != f"{MAGIC}\t{stamp(graph_file)}":
                return None
            start = stream.tell()
            size = os.fstat(stream.fileno()).st_size
            return list(_matching(stream, start, size, prefix.encode()))
    except (OSError, ValueError):
        return None


def _matching(stream: IO[bytes], start: int, size: int, prefix: bytes) -> Iterator[Entry]:
    """Binary search for the first line whose name is not before ``prefix``, then every line
    from there that starts with it."""

    def line_at(position: int) -> tuple[int, bytes]:
        """The first line that starts at ``position`` or after it."""
        if position <= start:
            stream.seek(start)
        else:
            stream.seek(position - 1)
            stream.readline()  # the rest of the line ``position - 1`` is in
        return stream.tell(), stream.readline()

    low, high = start, size
    while low < high:
        middle = (low + high) // 2
        where, line = line_at(middle)
        if line and line.split(b"\t", 1)[0] < prefix:
            low = where + len(line)
        else:
            high = middle
    where, line = line_at(low)
    count = 0
    while line and count < LIMIT:
        name, _, rest = line.rstrip(b"\n").partition(b"\t")
        if not name.startswith(prefix):
            break
        fields = rest.decode("utf-8", "replace").split("\t")
        if len(fields) == 3 and fields[0] in ("t", "a", "r", "s"):
            count += 1
            yield Entry(name.decode("utf-8", "replace"), *fields)
        line = stream.readline()
