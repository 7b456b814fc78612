"""What every action needs: the graph argument's type, the store, records read safely."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ProgressError
from ..model import Graph

if TYPE_CHECKING:
    from ..store import ProgressStore, Record


GraphPath = str | Path | None


def _store() -> ProgressStore:
    from ..store import ProgressStore

    return ProgressStore()


def _records(store: ProgressStore) -> tuple[dict[str, Record], tuple[str, ...]]:
    """The records, or none with a warning when the file cannot be used (read-only commands)."""
    records, _, warnings = _progress(store, [], "")
    return records, warnings


def _progress(
    store: ProgressStore, goals: Sequence[str], graph_title: str
) -> tuple[dict[str, Record], tuple[str, ...], tuple[str, ...]]:
    """The records, the goals to use (those named, else the learner's goals set with this
    graph), and warnings; no records, with a warning, when the file cannot be used."""
    try:
        records, stored = store.read()
    except ProgressError as error:
        return {}, tuple(goals), (f"{error} Showing the plan without progress.",)
    if goals:
        return records, tuple(goals), ()
    return records, tuple(g.topic for g in stored if g.graph == graph_title), ()


def _title(graph: Graph, item_id: str, missing: str = "") -> str:
    item = graph.item(item_id)
    return item.title if item is not None else missing
