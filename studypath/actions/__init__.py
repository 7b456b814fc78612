"""One function per command: plain arguments in, a frozen result out, nothing printed.

The CLI calls one of these and hands its result to one render function. Library users can call
them too: ``actions.plan(goals=["pca"])`` is what ``studypath plan pca`` shows, as data.
Every function takes the graph to use (a path, or None for the bundled graph) and ``cache``.
The actions live in modules by what they do (:mod:`.viewing`, :mod:`.recording`,
:mod:`.exporting`); every name is importable from here.
"""

from __future__ import annotations

from ._shared import GraphPath
from .exporting import Exported, export
from .goals import Goals, goal_add, goal_list, goal_remove
from .recording import Recorded, Synced, Undone, done, sync, undo
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

__all__ = [
    "Checked",
    "Exported",
    "GoalStatus",
    "Goals",
    "GraphPath",
    "Planned",
    "Recorded",
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
    "plan",
    "status",
    "sync",
    "topics",
    "undo",
    "where",
]
