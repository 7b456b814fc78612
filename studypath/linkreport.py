"""What ``studypath check --links`` shows: every link that is not fine, as
``file:line:column: message`` at the URL's place in the graph file, then a summary line; or one
JSON document (``--json``); and, while the links are checked, a progress bar on stderr, only
on a terminal (rich, imported only then).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .links import BROKEN, OK
from .style import Painter
from .words import plural
from .words import visible as safe

if TYPE_CHECKING:
    from .linkactions import LinkReport, Progress

#: The words before a verdict's details, as :meth:`studypath.links.Verdict.message` has them.
_LABEL_END = " ("


def links(result: LinkReport, json: bool = False, paint: Painter | None = None) -> None:
    """The report on stdout: the problems and a summary, or the JSON document."""
    if json:
        from .report import json_document

        json_document(document(result))
        return
    paint = paint or Painter()
    for place, link in result.problems():
        where = f"{result.display}:{place.line}"
        where += f":{place.column}" if place.column is not None else ""
        label, _, rest = link.verdict.message(link.url).partition(_LABEL_END)
        style = "bold red" if link.verdict.broken else "yellow"
        paint.line(safe(where) + ": ", paint(label, style), safe(_LABEL_END + rest))
    paint.line(summary(result, paint))


def summary(result: LinkReport, paint: Painter) -> str:
    """``graph.yaml: 12 links · 1 dead · 2 moved``, or ``✔ graph.yaml: 12 links, all fine``."""
    counts = result.counts
    text = f"{safe(result.display)}: {plural(len(result.links), 'link')}"
    problems = [f"{count} {kind}" for kind, count in counts.items() if kind != OK]
    cached = result.cached
    earlier = f" ({cached} checked earlier today; --refresh asks again)" if cached else ""
    if not problems:
        return paint("✔ ", "green") + text + ", all fine" + paint(earlier, "dim")
    worst = "bold red" if any(kind in BROKEN for kind in counts) else "yellow"
    return text + " · " + paint(" · ".join(problems), worst) + paint(earlier, "dim")


def document(result: LinkReport) -> dict[str, Any]:
    """The ``--json`` document (kind ``links``, version 1)."""
    return {
        "generator": "studypath",
        "kind": "links",
        "version": 1,
        "graph": {"title": result.title, "source": result.display},
        "summary": {
            "links": len(result.links),
            "broken": result.broken,
            "cached": result.cached,
            "verdicts": result.counts,
        },
        "links": [
            {
                "url": link.url,
                "verdict": link.verdict.kind,
                "broken": link.verdict.broken,
                "status": link.verdict.status,
                "detail": link.verdict.detail,
                "target": link.verdict.target,
                "archive": link.verdict.archive,
                "snapshot": link.verdict.snapshot,
                "cached": link.verdict.cached,
                "message": link.verdict.message(link.url),
                "places": [
                    {"resource": p.resource, "line": p.line, "column": p.column}
                    for p in link.places
                ],
            }
            for link in result.links
        ],
    }


@contextlib.contextmanager
def progress() -> Iterator[Progress | None]:
    """A progress bar on stderr while the links are checked, when stderr is a terminal: the
    function to call with (done, total); None elsewhere. The bar is gone once it ends."""
    if not _terminal():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .terminal import make_console

    bar = Progress(
        TextColumn("Checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=make_console(stderr=True),
        transient=True,
    )
    task = bar.add_task("links", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


def _terminal() -> bool:
    if os.environ.get("TERM", "").strip().lower() in ("dumb", "unknown"):
        return False
    try:
        return sys.stderr.isatty()
    except (ValueError, AttributeError):
        return False
