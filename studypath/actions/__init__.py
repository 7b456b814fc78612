"""One function per command: plain arguments in, a frozen result out, nothing printed.

The CLI calls one of these and hands its result to one render function. Library users can call
them too: ``actions.plan(goals=["pca"])`` is what ``studypath plan pca`` shows, as data.
Every function takes the graph to use (a path, or None for the bundled graph) and ``cache``.
The actions live in modules by what they do (:mod:`.viewing`, :mod:`.showing`,
:mod:`.recording`, :mod:`.notes`, :mod:`.exporting`, :mod:`.goals`, :mod:`.catalogue`);
every name is importable from here, its module imported on first use (so that a command
imports only the actions it runs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Every name, and the module that has it.
_NAMES = {
    "Bundled": "catalogue",
    "Catalogue": "catalogue",
    "Checked": "viewing",
    "Exported": "exporting",
    "GoalStatus": "viewing",
    "Goals": "goals",
    "GraphPath": "_shared",
    "Imported": "importing",
    "Noted": "notes",
    "Planned": "viewing",
    "Recorded": "recording",
    "Shown": "showing",
    "Status": "viewing",
    "Synced": "recording",
    "Undone": "recording",
    "Where": "viewing",
    "check": "viewing",
    "complete": "viewing",
    "done": "recording",
    "export": "exporting",
    "goal_add": "goals",
    "goal_list": "goals",
    "goal_remove": "goals",
    "graphs": "catalogue",
    "import_curriculum": "importing",
    "know": "recording",
    "note": "notes",
    "note_edit": "notes",
    "plan": "viewing",
    "show": "showing",
    "skip": "recording",
    "start": "recording",
    "status": "viewing",
    "sync": "recording",
    "topics": "viewing",
    "undo": "recording",
    "where": "viewing",
}

__all__ = [
    "Bundled",
    "Catalogue",
    "Checked",
    "Exported",
    "GoalStatus",
    "Goals",
    "GraphPath",
    "Imported",
    "Noted",
    "Planned",
    "Recorded",
    "Shown",
    "Status",
    "Synced",
    "Undone",
    "Where",
    "check",
    "complete",
    "done",
    "export",
    "goal_add",
    "goal_list",
    "goal_remove",
    "graphs",
    "import_curriculum",
    "know",
    "note",
    "note_edit",
    "plan",
    "show",
    "skip",
    "start",
    "status",
    "sync",
    "topics",
    "undo",
    "where",
]

if TYPE_CHECKING:
    from ._shared import GraphPath
    from .catalogue import Bundled, Catalogue, graphs
    from .exporting import Exported, export
    from .goals import Goals, goal_add, goal_list, goal_remove
    from .importing import Imported, import_curriculum
    from .notes import Noted, note, note_edit
    from .recording import Recorded, Synced, Undone, done, know, skip, start, sync, undo
    from .showing import Shown, show
    from .viewing import (
        Checked,
        GoalStatus,
        Planned,
        Status,
        Where,
        check,
        complete,
        plan,
        status,
        topics,
        where,
    )


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
