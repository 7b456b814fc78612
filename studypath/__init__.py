"""studypath: plan what to study, in order, from a graph of topics, prerequisites and resources.

The library works without the command line, through the same loader and planner it uses::

    import studypath
    graph = studypath.load("my-curriculum.yaml")  # validated, cached; None: the bundled graph
    for step in studypath.plan(graph, ["pca"]).steps:
        print(step.stage, step.topic.id)

``studypath.actions`` has one function per command, returning what the command shows as data.

Names are imported on first use, so that ``import studypath`` (and the CLI's start-up) stays
cheap: YAML and networkx are loaded only by what needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Graph": "model",
    "Resource": "model",
    "Topic": "model",
    "GraphError": "errors",
    "GraphNotFoundError": "errors",
    "Problem": "errors",
    "ProgressError": "errors",
    "StudypathError": "errors",
    "UnknownItemError": "errors",
    "ExitCode": "errors",
    "UsageError": "errors",
    "bundled_graph_path": "bundled",
    "load": "cache",
    "load_graph": "graphfile",
    "parse_graph": "graphfile",
    "Plan": "planner",
    "Step": "planner",
    "layout": "planner",
    "plan": "planner",
    "PlanProgress": "progress",
    "Standing": "progress",
    "ProgressStore": "store",
    "Record": "store",
    "resolve_item": "resolve",
    "resolve_topic": "resolve",
}

__all__ = [
    "ExitCode",
    "Graph",
    "GraphError",
    "GraphNotFoundError",
    "Plan",
    "PlanProgress",
    "Problem",
    "ProgressError",
    "ProgressStore",
    "Record",
    "Resource",
    "Standing",
    "Step",
    "StudypathError",
    "Topic",
    "UnknownItemError",
    "UsageError",
    "__version__",
    "bundled_graph_path",
    "layout",
    "load",
    "load_graph",
    "parse_graph",
    "plan",
    "resolve_item",
    "resolve_topic",
]

if TYPE_CHECKING:
    from .bundled import bundled_graph_path
    from .cache import load
    from .errors import (
        ExitCode,
        GraphError,
        GraphNotFoundError,
        Problem,
        ProgressError,
        StudypathError,
        UnknownItemError,
        UsageError,
    )
    from .graphfile import load_graph, parse_graph
    from .model import Graph, Resource, Topic
    from .planner import Plan, Step, layout, plan
    from .progress import PlanProgress, Standing
    from .resolve import resolve_item, resolve_topic
    from .store import ProgressStore, Record


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'studypath' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
