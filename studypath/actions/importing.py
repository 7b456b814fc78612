"""``studypath import ossu|checklist``: a curriculum written elsewhere, made a graph file
(checked by the validator before it is written), and with ``--record`` the boxes a checklist
has ticked recorded as progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import GraphError, StudypathError, UsageError
from ..model import Graph
from ._shared import GraphPath, _finder, _store
from .recording import Recorded, _recorded

#: The importers, by the name the command takes.
KINDS = ("ossu", "checklist")


@dataclass(frozen=True)
class Imported:
    """What an import made: the graph file's text, where it went (None: standard output), its
    title and size, figures in words (``summary``), and what the importer could not use
    (``report``, one line each). ``recorded``: the ticked boxes recorded, with ``--record``."""

    kind: str
    source: Path
    output: Path | None
    text: str
    title: str
    topics: int
    summary: tuple[str, ...]
    report: tuple[str, ...]
    recorded: Recorded | None = None


def import_curriculum(
    kind: str,
    source: Path,
    output: Path | None = None,
    force: bool = False,
    record: bool = False,
    cache: bool = True,
) -> Imported:
    """Convert ``source`` with the importer ``kind`` (one of :data:`KINDS`); write the graph to
    ``output`` (atomically; an existing file only with ``force``; ``-`` or None: nothing is
    written, the text is the result)."""
    from ..files import check_target, decode_graph, read_regular, reason, write_atomically
    from ..graphfile import parse_graph

    if kind not in KINDS:
        raise UsageError(f"unknown importer `{kind}`: {' or '.join(KINDS)}")
    if record and kind != "checklist":
        raise UsageError("--record is for a checklist: the OSSU page has no ticked boxes")
    if output is not None and str(output) == "-":
        output = None
    try:
        text = decode_graph(read_regular(check_target(source)), str(source))
    except FileNotFoundError:
        raise StudypathError(f"file not found: {source}") from None
    except OSError as error:
        raise StudypathError(f"cannot read {source}: {reason(error)}") from None
    except GraphError as error:
        raise StudypathError(f"{source} is not UTF-8 text") from error
    title, topics, summary, report, ticked, written = _convert(kind, text, source)
    where = str(output) if output is not None else f"<{kind} import>"
    graph = parse_graph(written, where)  # what we write, a graph studypath reads
    if output is not None:
        if not force and check_target(output).exists():
            raise StudypathError(f"{output} exists; add --force to replace it")
        write_atomically(output, written)
    recorded = None
    if record:
        recorded = record_ticks(ticked, graph if output is None else output, cache)
    return Imported(kind, source, output, written, title, topics, summary, report, recorded)


def _convert(
    kind: str, text: str, source: Path
) -> tuple[str, int, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]:
    """Title, topics, summary, report, ticked ids and the graph's text, by importer."""
    from ..words import plural

    if kind == "checklist":
        from ..importers.checklist import import_checklist

        done = import_checklist(text, source.name)
        summary = (
            f"{plural(done.topics, 'topic')} in {plural(done.stages, 'stage')}, one per heading",
            f"{plural(len(done.ticked), 'box', 'boxes')} ticked",
        )
        return done.title, done.topics, summary, done.skipped, done.ticked, done.yaml_text
    from ..importers.ossu import import_ossu
    from ..words import plural

    made = import_ossu(text, source.name)
    share = f" ({made.matched / made.mentions:.0%})" if made.mentions else ""
    summary = (
        f"{plural(made.courses, 'course')}, one topic each",
        f"prerequisites: {made.matched} of {made.mentions} mentions of a course matched{share}",
    )
    lines = tuple(_unmatched_line(u) for u in (*made.unmatched, *made.notices))
    return "OSSU Computer Science", made.courses, summary, lines, (), made.yaml_text


def _unmatched_line(item: object) -> str:
    line, course, text, why = (getattr(item, k) for k in ("line", "course", "text", "reason"))
    where = f"line {line}" + (f", {course}" if course else "")
    return f"{where}: {why}" + (f": {text}" if text else "")


def record_ticks(ticked: Sequence[str], graph: Graph | GraphPath, cache: bool = True) -> Recorded:
    """Record ticked items as done, by ``sync``'s rules (an item that already shows as done or
    known stays as it is); ``graph`` is the graph they belong to (its path, or the graph
    itself). Ids the graph lacks are left out."""
    from ..cache import load
    from ..syncing import sync_changes

    loaded = graph if isinstance(graph, Graph) else load(graph, cache)
    dependents = None if isinstance(graph, Graph) else _finder(loaded, graph, cache)
    store = _store()
    todo = sync_changes(loaded, dict.fromkeys(ticked, True), store.load(), mirror=False)
    change = store.apply({i: todo.states[i] for i in todo.mark}, (), loaded.title)
    written = [*change.added, *(i for i, _ in change.changed)]
    states = {i: todo.states[i] for i in written}
    return _recorded(loaded, store, written, change, states, (), dependents)
