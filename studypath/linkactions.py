"""``studypath check --links``: the graph validated as ``check`` does, then every resource URL
asked whether it still answers, each verdict placed at the URL's line and column.

A plain function and a frozen result, as :mod:`.actions` has for the other commands. The
places of the URLs come from a second, light pass over the graph file's YAML events
(:func:`url_places`), so that neither the model nor the graph cache need to carry them.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import linkcache
from .cache import graph_location, load
from .errors import StudypathError, UsageError
from .files import decode_graph, now, read_graph_bytes
from .links import DEAD, KINDS, OK, Verdict, archive_base

DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 600.0
#: (topic id, index of the resource in the topic) -> (its url, line, column), 1-based.
Places = dict[tuple[str, int], tuple[str, int, int]]
#: Called with (URLs with a verdict, URLs in all) as the check goes on.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Place:
    """Where a URL is in the graph file: the resource's full id, the line and column of the
    ``url:`` value (the topic's line, no column, when it cannot be told)."""

    resource: str
    line: int
    column: int | None


@dataclass(frozen=True)
class Link:
    url: str
    verdict: Verdict
    places: tuple[Place, ...]


@dataclass(frozen=True)
class LinkReport:
    """Every URL of a graph (``display`` names its file), in file order, with its verdict."""

    display: str
    title: str
    links: tuple[Link, ...]

    @property
    def broken(self) -> bool:
        return any(link.verdict.broken for link in self.links)

    @property
    def counts(self) -> dict[str, int]:
        """How many URLs got each verdict, worst first (only verdicts that some URL got)."""
        found = [link.verdict.kind for link in self.links]
        return {kind: found.count(kind) for kind in KINDS if kind in found}

    @property
    def cached(self) -> int:
        return sum(1 for link in self.links if link.verdict.cached)

    def problems(self) -> list[tuple[Place, Link]]:
        """Every place of a link that is not fine, in file order."""
        found = [(p, link) for link in self.links if link.verdict.kind != OK for p in link.places]
        return sorted(found, key=lambda item: (item[0].line, item[0].column or 0))


def links(
    graph: str | Path | None = None,
    cache: bool = True,
    *,
    refresh: bool = False,
    timeout: str | float | None = None,
    archive: bool = False,
    archive_url: str | None = None,
    progress: Progress | None = None,
) -> LinkReport:
    """Validate the graph, then check every resource URL (each once, however often it is
    used). Verdicts less than a day old come from the cache unless ``refresh``. ``timeout``
    is per request, in seconds (default: :data:`DEFAULT_TIMEOUT`). With ``archive``, dead
    links get the Internet Archive's closest snapshot (its API at ``archive_url``,
    ``$STUDYPATH_ARCHIVE_URL`` or archive.org)."""
    seconds = _seconds(timeout)
    api = archive_base(archive_url) if archive else None
    loaded = load(graph, cache)
    location, display = graph_location(graph)
    where = url_places(decode_graph(read_graph_bytes(location), display))
    found: dict[str, list[Place]] = {}
    for topic in loaded.topics:
        for index, resource in enumerate(topic.resources):
            if resource.url is not None:
                url, line, column = where.get((topic.id, index), ("", 0, None))
                if url != resource.url:  # behind an alias, or the file changed since
                    line, column = topic.line, None
                here = Place(resource.full_id, line, column)
                found.setdefault(resource.url, []).append(here)
    when = int(now().timestamp())
    path = linkcache.location()
    kept = linkcache.read(path, when)
    verdicts = {} if refresh else {u: kept[u][1] for u in found if u in kept}
    total, done = len(found), [len(verdicts)]

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    if progress is not None:
        progress(done[0], total)
    pending = [url for url in found if url not in verdicts]
    asked = {url: v for url, v in verdicts.items() if api and v.kind == DEAD and not v.archive}
    if pending or asked:
        from .linkcheck import Checker

        verdicts.update(Checker(seconds, tick).run(pending, api, asked))
        new = {u: (kept[u][0] if v.cached else when, v) for u, v in verdicts.items()}
        with contextlib.suppress(OSError, ValueError, StudypathError):
            linkcache.write(path, kept, new, when)  # no cache is no error: asked again next time
    report = tuple(Link(url, verdicts[url], tuple(places)) for url, places in found.items())
    return LinkReport(display, loaded.title, report)


def _seconds(value: str | float | None) -> float:
    if value is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_TIMEOUT:
        raise UsageError(
            f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
            f"not `{value}`"
        )
    return seconds


def url_places(text: str) -> Places:
    """Where each resource's ``url:`` value is in a graph file's ``text``, read from the YAML
    parser's events: only the values at ``topics: ID: resources: [INDEX]: url:``. Resources
    behind an alias or a merge key are not found (their topic's line stands in)."""
    import yaml
    from yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        MappingStartEvent,
        ScalarEvent,
    )

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    # Each open container: [is a mapping, its slot in its parent, awaiting a key, key or index]
    frames: list[list[Any]] = []
    places: Places = {}
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, CollectionEndEvent):
                _, slot, _, _ = frames.pop()
                _filled(frames, slot is _KEY)
                continue
            if not isinstance(event, ScalarEvent | AliasEvent | CollectionStartEvent):
                continue
            is_key = bool(frames) and frames[-1][0] and frames[-1][2]
            slot = _KEY if is_key else frames[-1][3] if frames else None
            if isinstance(event, CollectionStartEvent):
                frames.append([isinstance(event, MappingStartEvent), slot, True, 0])
                continue
            if isinstance(event, ScalarEvent) and not is_key:
                path = [frame[1] for frame in frames[1:]] + [slot]
                mark = event.start_mark
                if _is_url(path) and (path[1], path[3]) not in places and mark is not None:
                    places[(path[1], path[3])] = (event.value, mark.line + 1, mark.column + 1)
            key = event.value if isinstance(event, ScalarEvent) else None
            _filled(frames, is_key, key)
    except yaml.YAMLError:
        pass  # the graph was valid when it was loaded: it changed since; report what was read
    finally:
        parser.dispose()
    return places


_KEY = object()  # the slot of a node that is a mapping's key


def _filled(frames: list[list[Any]], was_key: bool, key: object = None) -> None:
    """A node of the innermost open container is complete: a key (awaiting its value), a
    value (awaiting the next key), or an item of a list."""
    if not frames:
        return
    frame = frames[-1]
    if not frame[0]:
        frame[3] += 1
    elif was_key:
        frame[2], frame[3] = False, key
    else:
        frame[2] = True


def _is_url(path: list[Any]) -> bool:
    return (
        len(path) == 5
        and path[0] == "topics"
        and isinstance(path[1], str)
        and path[2] == "resources"
        and type(path[3]) is int
        and path[4] == "url"
    )
