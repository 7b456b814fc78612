"""Which topics need a topic, from a small sorted index beside the graph cache, so that ``done``
on a graph of 100,000 topics finds what it unlocks without building every topic.

:meth:`studypath.model.Graph.dependents` answers from the topics' ``requires``, which on a graph
read from the cache means building every topic (about two seconds at 100,000 topics). The index
is made that way once, the first time it is needed after the graph file changed, and then read
with a binary search: one line per prerequisite, ``required<TAB>dependent``, sorted, after a
first line that records the graph file's size and modification time (as the completion index
does, :mod:`.completion`). A topic's dependents are those that require it or name it in a
one-of group, as :meth:`~studypath.model.Graph.dependents` counts them. The index is checked
like any input: anything odd in it, or a file changed since, means it is not used; and every
dependent it names is checked against the graph (it must require the topic) before it is
believed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from .completion import index_path, stamp
from .files import write_atomically
from .model import Graph

MAGIC = "studypath-dependents 1"


def path_of(directory: Path, graph_file: Path) -> Path:
    """Where the index of ``graph_file`` lives in the cache ``directory``."""
    return index_path(directory, graph_file).with_suffix(".dependents")


def write(directory: Path, graph_file: Path, graph: Graph) -> None:
    """Write the index of ``graph`` (read from ``graph_file``); nothing when it cannot be."""
    lines = sorted(f"{r}\t{t.id}" for t in graph.topics for r in t.all_requires)
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        header = f"{MAGIC}\t{stamp(graph_file)}\n"
        body = "".join(f"{line}\n" for line in lines)
        write_atomically(path_of(directory, graph_file), header + body)


def lookup(directory: Path, graph_file: Path, topic_id: str) -> list[str] | None:
    """The dependents the index names for ``topic_id``, or None when there is no index for
    the file as it is now."""
    try:
        with path_of(directory, graph_file).open("rb") as stream:
            header = stream.readline().decode("utf-8", "replace").rstrip("\n")
            if header != f"{MAGIC}\t{stamp(graph_file)}":
                return None
            start, size = stream.tell(), os.fstat(stream.fileno()).st_size
            key = topic_id.encode() + b"\t"
            low, high = start, size
            while low < high:  # the first line not before ``key``
                middle = (low + high) // 2
                stream.seek(max(middle - 1, start))
                if middle > start:
                    stream.readline()
                where, line = stream.tell(), stream.readline()
                if line and line < key:
                    low = where + len(line)
                else:
                    high = middle
            stream.seek(max(low - 1, start))
            if low > start:
                stream.readline()
            found = []
            for line in stream:
                if not line.startswith(key):
                    break
                found.append(line[len(key) :].rstrip(b"\n").decode("utf-8"))
            return found
    except (OSError, ValueError):
        return None


def table(directory: Path, graph_file: Path) -> dict[str, list[str]] | None:
    """The whole index, every topic's dependents by its id (not checked against the graph: for
    counting what lies downstream), or None when there is no index for the file as it is now."""
    try:
        with path_of(directory, graph_file).open("rb") as stream:
            header = stream.readline().decode("utf-8", "replace").rstrip("\n")
            if header != f"{MAGIC}\t{stamp(graph_file)}":
                return None
            out: dict[str, list[str]] = {}
            for line in stream.read().decode("utf-8").splitlines():
                required, _, dependent = line.partition("\t")
                out.setdefault(required, []).append(dependent)
            return out
    except (OSError, ValueError):
        return None


def finder(
    graph: Graph, graph_file: Path | None, directory: Path | None
) -> Callable[[str], tuple[str, ...]]:
    """``graph.dependents``, answered from the index in ``directory`` when there is one (the
    first question after a change writes it); the graph's own answer without a directory."""
    if graph_file is None or directory is None:
        return graph.dependents

    def dependents(topic_id: str) -> tuple[str, ...]:
        assert graph_file is not None and directory is not None
        found = lookup(directory, graph_file, topic_id)
        if found is None:
            write(directory, graph_file, graph)
            return graph.dependents(topic_id)
        named = [
            d
            for d in dict.fromkeys(found)
            if d in graph and topic_id in graph.topic(d).all_requires
        ]
        return tuple(sorted(named, key=graph.position))

    return dependents
