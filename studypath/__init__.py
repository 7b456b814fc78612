"""studypath: plan what to study, in order, from a graph of topics, prerequisites and resources.

The library works without the command line::

    from studypath import load_graph, plan
    graph = load_graph("my-curriculum.yaml")
    for step in plan(graph, ["pca"]).steps:
        print(step.stage, step.topic.id)

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
    "bundled_graph_path": "files",
    "load_graph": "graphfile",
    "parse_graph": "graphfile",
    "Plan": "planner",
    "Step": "planner",
    "layout": "planner",
    "plan": "planner",
    "ProgressStore": "progress",
    "Record": "progress",
    "resolve_item": "resolve",
    "resolve_topic": "resolve",
}

__all__ = [
    "Graph",
    "GraphError",
    "GraphNotFoundError",
    "Plan",
    "Problem",
    "ProgressError",
    "ProgressStore",
    "Record",
    "Resource",
    "Step",
    "StudypathError",
    "Topic",
    "UnknownItemError",
    "__version__",
    "bundled_graph_path",
    "layout",
    "load_graph",
    "parse_graph",
    "plan",
    "resolve_item",
    "resolve_topic",
]

if TYPE_CHECKING:
    from .errors import (
        GraphError,
        GraphNotFoundError,
        Problem,
        ProgressError,
        StudypathError,
        UnknownItemError,
    )
    from .files import bundled_graph_path
    from .graphfile import load_graph, parse_graph
    from .model import Graph, Resource, Topic
    from .planner import Plan, Step, layout, plan
    from .progress import ProgressStore, Record
    from .resolve import resolve_item, resolve_topic


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'studypath' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
