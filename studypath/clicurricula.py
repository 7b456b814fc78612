"""``studypath graphs`` and ``studypath import ossu|checklist``: the curricula that ship with
studypath, and curricula brought in from elsewhere. Registered on the app by :mod:`.cli`."""

from __future__ import annotations

from collections.abc import Callable

from .params import JsonOption, NoCacheOption

Register = Callable[[str], Callable[[Callable[..., None]], Callable[..., None]]]


def commands(command: Register) -> None:
    """Declare ``graphs`` with ``command`` (see :func:`studypath.cli.command`)."""

    @command("graphs")
    def graphs(json: JsonOption = False, no_cache: NoCacheOption = False) -> None:
        """List the bundled graphs: name, title, topics, hours, licence and credit.

        Use one with --graph NAME (or $STUDYPATH_GRAPH=NAME), for instance
        studypath plan --graph metacademy principal_component_analysis

        Example: studypath graphs
        """
        from . import actions, report

        result = actions.graphs(not no_cache)
        if json:
            from . import jsonout

            report.json_document(jsonout.catalogue(result))
        else:
            report.catalogue(result)
