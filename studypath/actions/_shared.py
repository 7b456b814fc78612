"""What every action needs: the graph argument's type, the store, records read safely."""

from __future__ import annotations

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
    try:
        return store.load(), ()
    except ProgressError as error:
        return {}, (f"{error} Showing the plan without progress.",)


def _title(graph: Graph, item_id: str, missing: str = "") -> str:
    item = graph.item(item_id)
    return item.title if item is not None else missing
