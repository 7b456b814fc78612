"""What every action needs: the graph argument's type, the store, records read safely."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ProgressError
from ..model import Graph

if TYPE_CHECKING:
    from ..store import Note, ProgressStore, Record


GraphPath = str | Path | None


def _store() -> ProgressStore:
    from ..store import ProgressStore

    return ProgressStore()


def _records(store: ProgressStore) -> tuple[dict[str, Record], tuple[str, ...]]:
    """The records, or none with a warning when the file cannot be used (read-only commands)."""
    records, _, warnings, _, _ = _progress(store, [], "")
    return records, warnings


#: The schedule each goal keeps on a graph: topic id -> setting -> text as given.
Kept = dict[str, dict[str, str]]


def _progress(
    store: ProgressStore, goals: Sequence[str], graph_title: str
) -> tuple[dict[str, Record], tuple[str, ...], tuple[str, ...], dict[str, tuple[Note, ...]], Kept]:
    """The records, the goals to use (those named, else the learner's goals set with this
    graph), warnings, the notes, and the schedules the goals on this graph keep, from one read
    of the file; no records or notes, with a warning, when the file cannot be used."""
    try:
        saved = store.read_all()
    except ProgressError as error:
        return {}, tuple(goals), (f"{error} Showing the plan without progress.",), {}, {}
    records, notes = saved.records, saved.notes
    mine = [g for g in saved.goals if g.graph == graph_title]
    kept = {g.topic: dict(g.schedule) for g in mine if g.schedule}
    chosen = tuple(goals) if goals else tuple(g.topic for g in mine)
    return records, chosen, (), notes, kept


def _title(graph: Graph, item_id: str, missing: str = "") -> str:
    item = graph.item(item_id)
    return item.title if item is not None else missing


def _finder(loaded: Graph, graph: GraphPath, cache: bool) -> Callable[[str], tuple[str, ...]]:
    """The graph's dependents, from the index beside the graph cache unless ``cache`` is off
    (see :mod:`studypath.dependents`)."""
    from ..cache import graph_location
    from ..dependents import finder
    from ..files import cache_dir

    return finder(loaded, graph_location(graph)[0], cache_dir() if cache else None)
