"""``studypath check``: validate a graph file, and with ``--links`` every resource URL in it."""

from __future__ import annotations

from collections.abc import Callable

import typer

from .busy import slowly
from .errors import UsageError
from .params import (
    ArchiveOption,
    ArchiveUrlOption,
    CheckPathArgument,
    GraphOption,
    JsonOption,
    LinksOption,
    NoCacheOption,
    RefreshOption,
    TimeoutOption,
)

Register = Callable[[str], Callable[[Callable[..., None]], Callable[..., None]]]


def commands(command: Register) -> None:
    """Declare ``check`` with ``command`` (see :func:`studypath.cli.command`)."""

    @command("check")
    def check(
        path: CheckPathArgument = None,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        links: LinksOption = False,
        refresh: RefreshOption = False,
        timeout: TimeoutOption = None,
        archive: ArchiveOption = False,
        archive_url: ArchiveUrlOption = None,
        json: JsonOption = False,
    ) -> None:
        """Validate a graph file and report every problem.

        Problems are printed one per line as file:line:column: message.
        With --links, each resource URL is then checked the same way (exit code 1 for a dead one).

        Example: studypath check my-curriculum.yaml --links
        """
        if links:
            from . import linkactions, linkreport

            with linkreport.progress() as tick:
                result = linkactions.links(
                    path or graph,
                    not no_cache,
                    refresh=refresh,
                    timeout=timeout,
                    archive=archive,
                    archive_url=archive_url,
                    progress=tick,
                )
            linkreport.links(result, json)
            raise typer.Exit(int(result.broken))
        if json or refresh or timeout or archive or archive_url:
            raise UsageError("--json, --refresh, --timeout and --archive go with --links")
        from . import actions, report

        checked = slowly(actions.check)(path or graph, not no_cache)
        report.check(checked)
        raise typer.Exit(int(checked.failed))
