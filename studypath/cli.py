"""The ``studypath`` command: parse arguments, call the core, render, map errors to exit codes.

Exit codes: 0 success; 1 invalid data, unknown goal or item, unreadable file; 2 bad usage.
Heavy libraries (rich, yaml, networkx) are imported inside the commands that need them.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from . import __version__
from .errors import GraphError, ProgressError, StudypathError, UnknownItemError

if TYPE_CHECKING:
    from .cache import Loaded
    from .model import Graph
    from .planner import Plan
    from .progress import ProgressStore, Record
    from .resolve import Item
    from .standing import PlanProgress

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="studypath",
    help="Plan what to study, in order: from a goal to every topic it needs, with resources.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _completions(ctx: typer.Context, incomplete: str, resources: bool) -> list[str]:
    """Ids from the graph in use (topic ids and aliases, or topic and resource ids)."""
    try:
        graph = _load_graph(ctx.params.get("graph"))
    except StudypathError:
        return []
    names = [
        name
        for t in graph.topics
        for name in (t.id, *((r.full_id for r in t.resources) if resources else t.aliases))
    ]
    return [name for name in names if name.startswith(incomplete)]


def _complete_topics(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, incomplete, resources=False)


def _complete_items(ctx: typer.Context, incomplete: str) -> list[str]:
    return _completions(ctx, incomplete, resources=True)


GraphOption = Annotated[
    Path | None,
    typer.Option(
        "--graph",
        envvar="STUDYPATH_GRAPH",
        metavar="FILE",
        help="Graph file to use (default: the bundled Mathematics for Machine Learning graph).",
        show_default=False,
        dir_okay=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Parse and validate the graph afresh; neither read nor write the graph cache.",
    ),
]
ItemsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Topics or resources: an id, `topic/resource`, an alias or part of a title.",
        metavar="ITEM",
        autocompletion=_complete_items,
        show_default=False,
    ),
]
GoalOption = Annotated[
    list[str] | None,
    typer.Option(
        "--goal",
        "-g",
        metavar="TOPIC",
        help="A topic to reach, by id, alias or title; repeat for several. "
        "Without one: the whole graph.",
        autocompletion=_complete_topics,
        show_default=False,
    ),
]


def _handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn studypath's own errors into one message on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except StudypathError as error:
            from . import render

            # A graph's problems are file:line:column lines, as editors and CI expect them.
            render.error(str(error), prefix="" if isinstance(error, GraphError) else "error: ")
            raise typer.Exit(1) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"studypath {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Plan what to study, in order: from a goal to every topic it needs, with resources.

    Start with `studypath plan --goal pca`, then record progress with `studypath done ITEM`.
    """


# -- helpers ----------------------------------------------------------------------------------


def _graph_location(path: Path | None) -> tuple[Path, str]:
    from .files import bundled_graph_path

    if path is None:
        bundled = bundled_graph_path()
        return bundled, f"{bundled.name} (bundled)"
    return path, str(path)


def _load(path: Path | None, no_cache: bool = False) -> Loaded:
    """The validated graph and its stages: from the cache when the file is unchanged."""
    from . import cache

    location, display = _graph_location(path)
    return cache.load(location, display, use_cache=not no_cache)


def _load_graph(path: Path | None, no_cache: bool = False) -> Graph:
    return _load(path, no_cache).graph


def _store() -> ProgressStore:
    from .progress import ProgressStore

    return ProgressStore()


def _records_for_reading(store: ProgressStore) -> dict[str, Record]:
    """The records, or none with a warning when the file cannot be used (read-only commands)."""
    try:
        return store.load()
    except ProgressError as error:
        from . import render

        render.warning(f"{error} Showing the plan without progress.")
        return {}


def _plan_with_progress(
    goal: list[str] | None, graph: Path | None, no_cache: bool
) -> tuple[Plan, PlanProgress]:
    """The plan for the goals, with the learner's progress in it."""
    from . import planner
    from .standing import plan_progress, standing

    loaded = _load(graph, no_cache)
    result = planner.plan(loaded.graph, goal or (), loaded.stages)
    done = standing(result.topics, _records_for_reading(_store()).keys())
    return result, plan_progress(result, done)


def _resolve_all(graph: Graph, names: list[str], records: set[str] | None = None) -> list[Item]:
    """Every named item, or an error listing every name that was refused."""
    from .resolve import resolve_item

    items: list[Item] = []
    problems: list[str] = []
    for name in names:
        try:
            items.append(resolve_item(graph, name))
        except UnknownItemError as error:
            if records is not None and name in records:
                continue
            problems.append(str(error))
    if problems:
        count = len(problems)
        problems.append(f"nothing was recorded ({count} item{'s' if count > 1 else ''} refused)")
        raise StudypathError("\n".join(problems))
    return items


# -- commands ---------------------------------------------------------------------------------


@app.command()
@_handle_errors
def plan(
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    hide_done: Annotated[
        bool, typer.Option("--hide-done", help="Leave out topics already done.")
    ] = False,
) -> None:
    """Print the study path to the goals as a checklist.

    The plan is shown stage by stage.
    Topics in the same stage can be studied side by side; each needs only earlier stages.

    Example: studypath plan --goal pca
    """
    from . import render

    result, progress = _plan_with_progress(goal, graph, no_cache)
    render.print_plan(render.make_console(), result, progress, hide_done)


@app.command()
@_handle_errors
def topics(graph: GraphOption = None, no_cache: NoCacheOption = False) -> None:
    """List every topic with its id, title and prerequisites.

    Example: studypath topics --graph my-curriculum.yaml
    """
    from . import render

    render.print_topics(render.make_console(), _load_graph(graph, no_cache))


@app.command()
@_handle_errors
def check(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Graph file to check (default: --graph, $STUDYPATH_GRAPH or the bundled one).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Validate a graph file and report every problem.

    Problems are printed one per line as file:line:column: message.

    Example: studypath check my-curriculum.yaml
    """
    from . import render

    target = path or graph
    loaded = _load_graph(target, no_cache)
    render.print_check(render.make_console(), loaded, _graph_location(target)[1])


@app.command()
@_handle_errors
def done(
    items: ItemsArgument,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Record topics or resources as done.

    With several items, all are recorded or none is.

    Example: studypath done linear-algebra/essence python-numpy
    """
    from . import render
    from .resolve import item_id
    from .standing import standing

    loaded = _load_graph(graph, no_cache)
    resolved = _resolve_all(loaded, items)
    store = _store()
    change = store.update(mark=[item_id(i) for i in resolved], graph=loaded.title)
    touched = {loaded.topic(item_id(i).partition("/")[0]) for i in resolved}
    shown = standing(touched, store.load().keys())
    pairs = list(dict.fromkeys((item_id(i), i.title) for i in resolved))
    render.print_recorded(render.make_console(), loaded, pairs, change.already, shown)


@app.command()
@_handle_errors
def undo(
    items: ItemsArgument,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Mark topics or resources as not done again.

    This removes the items' own records; an orphaned record is named by its id.
    Undoing a topic leaves its resources' own records as they are.

    Example: studypath undo python-numpy
    """
    from . import render
    from .model import Topic
    from .resolve import item_id

    loaded = _load_graph(graph, no_cache)
    store = _store()
    records = store.load()
    resolved = _resolve_all(loaded, items, records=set(records))
    ids = [item_id(i) for i in resolved]
    titles = {item_id(i): i.title for i in resolved}
    ids += [name for name in items if name in records and name not in ids]
    console = render.make_console()
    change = store.update(unmark=ids)
    render.print_undone(console, [(i, titles.get(i, "(orphaned record)")) for i in change.removed])
    for missing in change.missing:
        item = next(i for i in resolved if item_id(i) == missing)
        why = f"{missing} was not marked done"
        if isinstance(item, Topic):
            by = [r.full_id for r in item.required_resources if r.full_id in records]
            if item.required_resources and len(by) == len(item.required_resources):
                why = f"{missing} shows as done because its resources are: " + ", ".join(by)
                why += "; undo one of them"
        render.warning(why)


@app.command("next")
@_handle_errors
def next_(
    goal: GoalOption = None, graph: GraphOption = None, no_cache: NoCacheOption = False
) -> None:
    """What to study today, with links.

    Lists the topics not done whose prerequisites are all done.

    Example: studypath next --goal pca
    """
    from . import render

    render.print_next(render.make_console(), *_plan_with_progress(goal, graph, no_cache))


@app.command()
@_handle_errors
def status(
    goal: GoalOption = None, graph: GraphOption = None, no_cache: NoCacheOption = False
) -> None:
    """Show progress per goal, and orphaned records.

    Also shows when progress was last recorded.

    Example: studypath status --goal pca --goal decision-trees
    """
    from . import planner, render
    from .standing import orphans, plan_progress, standing

    cached = _load(graph, no_cache)
    loaded, stages = cached.graph, cached.stages
    records = _records_for_reading(_store())
    goals = planner.resolve_goals(loaded, goal or ())
    plans = [planner.plan(loaded, [g], stages) for g in goals] or [planner.plan(loaded, (), stages)]
    done = standing({t for p in plans for t in p.topics}, records.keys())
    lost = orphans(loaded, records.values())
    last = max((r.done_at for r in records.values()), default=None)
    render.print_status(
        render.make_console(), loaded, [(p, plan_progress(p, done)) for p in plans], last, lost
    )


class Format(StrEnum):
    markdown = "md"
    json = "json"


def _infer_format(chosen: Format | None, output: Path | None) -> Format:
    if chosen is not None:
        return chosen
    if output is not None and output.suffix.lower() == ".json":
        return Format.json
    return Format.markdown


@app.command()
@_handle_errors
def export(
    goal: GoalOption = None,
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="md or json (default: from the output's suffix, else md).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Overwrite the output even if studypath did not write it "
            "or it holds ticks not yet synced.",
        ),
    ] = False,
) -> None:
    """Export the plan as Markdown or JSON.

    Markdown is a task-list checklist with a Mermaid diagram of the prerequisites.

    Tick the boxes in any Markdown editor, then bring them back with `studypath sync FILE`.

    Example: studypath export --goal pca -o pca-plan.md
    """
    from . import export as exporter

    result, progress = _plan_with_progress(goal, graph, no_cache)
    kind = _infer_format(format_, output)
    if kind is Format.json:
        path = str(graph) if graph is not None else _graph_location(None)[0].stem
        text = exporter.to_json(result, progress, exporter.export_time(), path)
    else:
        text = exporter.to_markdown(result, progress, exporter.export_time())
    if output is None:
        sys.stdout.write(text)
        return
    exporter.write_export(output, text, progress.done, force)
    typer.echo(f"wrote {output} ({len(result.steps)} topics, {kind.value})")


@app.command()
@_handle_errors
def sync(
    file: Annotated[
        Path,
        typer.Argument(
            help="A Markdown (or JSON) file written by `studypath export`.",
            metavar="FILE",
            dir_okay=False,
            show_default=False,
        ),
    ],
    graph: GraphOption = None,
    no_cache: NoCacheOption = False,
    mirror: Annotated[
        bool,
        typer.Option("--mirror", help="Also undo items whose boxes are unticked in the file."),
    ] = False,
) -> None:
    """Record the boxes ticked in an exported plan.

    The file itself is never changed.

    Example: studypath sync pca-plan.md
    """
    from . import render
    from .export import plan_sync, read_export
    from .standing import standing

    loaded = _load_graph(graph, no_cache)
    ticks = read_export(file)
    store = _store()
    todo = plan_sync(loaded, ticks, store.load().keys(), mirror)
    change = store.update(mark=todo.mark, unmark=todo.unmark, graph=loaded.title)
    known, unknown = todo.known, todo.unknown
    touched = {loaded.topic(i.partition("/")[0]) for i in known}
    console = render.make_console()
    titles = {i: _title(loaded, i) for i in known}
    after = standing(touched, store.load().keys())
    if change.added:
        render.print_recorded(console, loaded, [(i, titles[i]) for i in change.added], (), after)
    render.print_undone(console, [(i, titles[i]) for i in change.removed])
    if not change.added and not change.removed:
        console.print(f"{file}: nothing to change; progress already matches its ticks")
    for item in unknown:
        render.warning(f"{file}: `{item}` is not in {loaded.title}; left alone")


def _title(graph: Graph, item: str) -> str:
    resource = graph.resource(item)
    return resource.title if resource is not None else graph.topic(item).title


@app.command()
@_handle_errors
def where(graph: GraphOption = None) -> None:
    """Print the graph, progress and cache files in use.

    Example: studypath where
    """
    from . import render
    from .cache import cache_dir
    from .progress import HOME_VARIABLE, default_progress_path

    location, display = _graph_location(graph)
    rows = [
        ("graph", str(location) + ("  (bundled)" if graph is None else "")),
        ("progress", str(default_progress_path())),
        ("cache", str(cache_dir())),
    ]
    if os.environ.get(HOME_VARIABLE):
        rows.append(("", f"(from ${HOME_VARIABLE})"))
    del display
    render.print_where(render.make_console(), rows)


def main() -> None:
    """The console-script entry point."""
    _app_for(sys.argv[1:])(prog_name="studypath")


def _app_for(args: list[str]) -> typer.Typer:
    """The app, holding only the command about to run when that is all it needs.

    typer builds every command's parameters before running one; building just the one called
    saves a tenth of the start-up. Help, completion and anything unusual get the whole app.
    """
    if not args or os.environ.get("_STUDYPATH_COMPLETE"):
        return app
    for info in app.registered_commands:
        if info.callback is not None and (info.name or info.callback.__name__) == args[0]:
            only = copy.copy(app)
            only.registered_commands = [info]
            return only
    return app
