"""The export action: a plan in an export format, to a file or as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cache import graph_location
from ._shared import GraphPath
from .timing import NO_TIMING, Timing
from .viewing import plan


@dataclass(frozen=True)
class Exported:
    text: str
    output: Path | None
    format: str
    topics: int


def export(
    goals: list[str] | tuple[str, ...] = (),
    graph: GraphPath = None,
    cache: bool = True,
    output: Path | None = None,
    format: str | None = None,
    force: bool = False,
    timing: Timing = NO_TIMING,
) -> Exported:
    """The plan in an export format; written atomically to ``output`` when one is given
    (``-`` is standard output)."""
    from .. import exports
    from ..files import now

    if output is not None and str(output) == "-":
        output = None
    planned = plan(goals, graph, cache, timing)
    name = format or exports.for_path(output)
    path = str(graph) if graph is not None else graph_location(None)[0].stem
    laid_out = planned.scheduled.schedule if planned.scheduled is not None else None
    snapshot = exports.Snapshot(
        planned.plan, planned.progress, now(), path, planned.notes, laid_out
    )
    text = exports.get(name).render(snapshot)
    if output is not None:
        exports.write_export(output, text, planned.progress.done, force)
    return Exported(text, output, name, len(planned.plan.steps))
