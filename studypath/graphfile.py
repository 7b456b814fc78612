"""Read a YAML graph file into a :class:`Graph`, reporting every problem with file:line:column.

The file is read in one pass over the YAML parser's events (:mod:`.yamlnodes`), never
constructed into Python objects by PyYAML. Each topic is checked against the schema as soon as
its mapping closes (:mod:`.graphreader`) and its nodes are dropped, so a large file never
exists as a whole tree in memory; then the graph's own fields are read, and the rules that span
topics are applied (:mod:`.graphlinks`): aliases, prerequisites, cycles and stages.

Reading nodes rather than constructed values gives each problem a line and column, catches
duplicate keys (which PyYAML's constructor silently drops), keeps text as the author wrote it
(``title: 1984`` is the text "1984"), and cannot run any constructor a hostile file asks for.
A YAML syntax error (or a structural one: a second document, an unknown alias, aliases that
expand too far) stands alone: it is the one problem reported, at the place it was found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import GraphError, Problem
from .files import decode_graph, read_graph_bytes
from .gcpause import gc_paused
from .graphlinks import link
from .graphreader import GraphReader, slugify
from .model import Graph
from .yamlerrors import reader_message, syntax_message
from .yamlnodes import ComposeError, compose

__all__ = ["load_graph", "parse_graph", "slugify"]

MARKDOWN_EXPORT = "<!-- studypath export"


def load_graph(path: str | Path, display: str | None = None) -> Graph:
    """Load and validate the graph file at ``path`` (no cache); ``display`` names it."""
    path = Path(path)
    display = display or str(path)
    return parse_graph(decode_graph(read_graph_bytes(path), display), display)


def parse_graph(text: str, source: str = "<string>", *, stream: bool = True) -> Graph:
    """Validate graph YAML ``text`` into a graph with its stages; :class:`GraphError` lists
    every problem, in file order.

    ``stream=False`` builds the whole tree of nodes before reading it: the same checks and
    the same problems, at the cost of time and memory (a reference for tests).
    """
    export = _export_problem(text, source)
    if export is not None:
        raise GraphError(source, [export])
    reader = GraphReader(source)
    with gc_paused():
        try:
            root = compose(text, reader.topic_entry if stream else None)
        except (ComposeError, yaml.YAMLError) as error:
            raise GraphError(source, [_yaml_problem(error, text, source)]) from None
        fields = reader.graph_fields(root)
        warnings: list[Problem] | None = None
        if fields is not None:
            links, base = list(reader.links.values()), dict[str, Any]()
            if "extends" in reader.entries:  # another graph, with this file's changes
                from .extension import extend

                links, base, warnings = extend(reader)
            topics, stages = link(reader.read, links, warnings)
        problems = reader.problems()
        if problems or fields is None:
            raise GraphError(source, problems)
        title, meta = fields
        meta = {**base, **meta}
        warned = sorted(warnings or (), key=lambda p: (p.line or 0, p.column or 0))
        return Graph(title, topics, source, stages, meta, tuple(map(str, warned)))


def _yaml_problem(error: Exception, text: str, source: str) -> Problem:
    """The one problem a YAML error stands for."""
    if isinstance(error, ComposeError):
        return Problem(source, error.line + 1, error.column + 1, str(error))
    if isinstance(error, yaml.MarkedYAMLError):
        return Problem(source, *syntax_message(error, text))
    if isinstance(error, yaml.reader.ReaderError):
        from_c = hasattr(yaml, "CSafeLoader")
        return Problem(source, *reader_message(error, text, from_c))
    return Problem(source, None, None, f"YAML error: {error}")  # pragma: no cover


def _export_problem(text: str, source: str) -> Problem | None:
    """A plan that studypath exported (Markdown or JSON), given where a graph file belongs.
    Both say so at the start: only a JSON file that does is parsed here."""
    head = text[:1000].lstrip()
    if head.startswith(MARKDOWN_EXPORT):
        kind, origin = "Markdown", ""
    elif head.startswith("{") and '"generator"' in head:
        import json

        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("generator") != "studypath":
            return None
        graph = data.get("graph")
        path = graph.get("path") if isinstance(graph, dict) else None
        kind, origin = "JSON", f" (it was exported from `{path}`)" if isinstance(path, str) else ""
    else:
        return None
    message = (
        f"this is a study plan exported by studypath ({kind}), not a graph file: pass the "
        f"graph's YAML file instead{origin}; to record the boxes ticked in this plan, run "
        f"`studypath sync {source}`"
    )
    return Problem(source, None, None, message)
