"""studypath: plan what to study, in order, from a graph of topics, prerequisites and resources.

The library works without the command line::

    from studypath import load_graph, plan
    graph = load_graph("my-curriculum.yaml")
    for step in plan(graph, ["pca"]).steps:
        print(step.stage, step.topic.id)
"""

from .errors import (
    GraphError,
    GraphNotFoundError,
    Problem,
    ProgressError,
    StudypathError,
    UnknownItemError,
)
from .graphfile import bundled_graph_path, load_graph, parse_graph
from .model import Graph, Resource, Topic
from .planner import Plan, Step, layout, plan
from .progress import ProgressStore, Record
from .resolve import resolve_item, resolve_topic

__version__ = "0.1.0"

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
