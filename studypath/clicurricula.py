"""``studypath graphs`` and ``studypath import ossu|checklist``: the curricula that ship with
studypath, and curricula brought in from elsewhere. Registered on the app by :mod:`.cli`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .params import ForceOption, JsonOption, NoCacheOption, OutputOption

import_app = typer.Typer(
    name="import",
    help="Make a graph file from a curriculum written elsewhere.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SourceArgument = Annotated[
    Path,
    typer.Argument(help="The Markdown file to read.", metavar="FILE", show_default=False),
]
RecordOption = Annotated[
    bool,
    typer.Option("--record", help="Record the boxes already ticked as done, for the new graph."),
]

Register = Callable[..., Callable[[Callable[..., None]], Callable[..., None]]]


def commands(command: Register) -> None:
    """Declare ``graphs`` and the ``import`` group with ``command`` (see
    :func:`studypath.cli.command`)."""

    @command("graphs")
    def graphs(json: JsonOption = False, no_cache: NoCacheOption = False) -> None:
        """List the bundled graphs: name, title, topics, hours, licence and credit.

        Use one with --graph NAME (or $STUDYPATH_GRAPH=NAME), for instance
        studypath plan --graph metacademy principal_component_analysis

        Example: studypath graphs
        """
        from . import actions

        result = actions.graphs(not no_cache)
        if json:
            from . import jsonout, report

            report.json_document(jsonout.catalogue(result))
        else:
            from . import reportmore

            reportmore.catalogue(result)

    @command("ossu", on=import_app)
    def ossu(
        source: SourceArgument,
        output: OutputOption = None,
        force: ForceOption = False,
    ) -> None:
        """Convert the OSSU computer-science curriculum page (its README.md) into a graph.

        Each course becomes a topic, with its links as resources, hours from its duration and
        weekly effort, and prerequisites matched to other courses; what could not be matched
        is listed (and written as comments in the graph) rather than guessed.

        Example: studypath import ossu README.md -o ossu.yaml
        """
        _import("ossu", source, output, force)

    @command("checklist", on=import_app)
    def checklist(
        source: SourceArgument,
        output: OutputOption = None,
        force: ForceOption = False,
        record: RecordOption = False,
    ) -> None:
        """Convert a Markdown checklist with headings into a graph: a stage per heading.

        Each task item becomes a topic (its links, resources); each topic requires those of
        the heading before. With --record, the ticked boxes become progress.

        Example: studypath import checklist self-taught.md -o self-taught.yaml --record
        """
        _import("checklist", source, output, force, record)


def _import(
    kind: str, source: Path, output: Path | None, force: bool, record: bool = False
) -> None:
    from . import actions, reportmore
    from .busy import slowly

    result = slowly(actions.import_curriculum)(kind, source, output, force, record)
    reportmore.imported(result)
