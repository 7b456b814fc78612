"""``studypath show|know|skip|start|note``: one topic in full, what the learner knows, skips or
has started, and their notes. Registered on the app by :mod:`.cli` (see its end)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from .busy import slowly
from .errors import UsageError
from .params import (
    GraphOption,
    ItemsArgument,
    JsonOption,
    NoCacheOption,
    NoPagerOption,
    complete_items,
    complete_topics,
)

TopicArgument = Annotated[
    str,
    typer.Argument(
        help="A topic: an id, an alias, a title or part of one.",
        metavar="TOPIC",
        autocompletion=complete_topics,
        show_default=False,
    ),
]
ItemArgument = Annotated[
    str,
    typer.Argument(
        help="A topic or resource: an id, `topic/resource`, an alias or part of a title.",
        metavar="ITEM",
        autocompletion=complete_items,
        show_default=False,
    ),
]
TextArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="The note (its words are joined by spaces). None: list the item's notes.",
        metavar="[TEXT]...",
        show_default=False,
    ),
]
PrerequisitesOption = Annotated[
    bool,
    typer.Option(
        "--with-prerequisites",
        help="Also mark every topic they need, directly or not, as known (placement).",
    ),
]
EditOption = Annotated[
    bool,
    typer.Option("--edit", help="Edit the item's notes in $VISUAL or $EDITOR."),
]

Register = Callable[..., Callable[[Callable[..., None]], Callable[..., None]]]


def commands(command: Register) -> None:
    """Declare the commands with ``command`` (cli.command, on the app)."""

    @command()
    def show(
        topic: TopicArgument,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        json: JsonOption = False,
        no_pager: NoPagerOption = False,
    ) -> None:
        """Show one topic: its state, what it needs and unlocks, its resources and your notes.

        Example: studypath show pca
        """
        from . import actions

        result = slowly(actions.show)(topic, graph, not no_cache)
        if json:
            from . import jsonout, report

            report.json_document(jsonout.show(result))
        else:
            from . import rendershow

            rendershow.show(result, not no_pager)

    @command()
    def know(
        items: ItemsArgument,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        with_prerequisites: PrerequisitesOption = False,
    ) -> None:
        """Record topics or resources you know already: they count as done.

        They show as known, not studied.
        With several items, all are recorded or none is.

        Example: studypath know linear-algebra --with-prerequisites
        """
        from . import actions, report

        report.recorded(slowly(actions.know)(items, graph, not no_cache, with_prerequisites))

    @command()
    def skip(
        items: ItemsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False
    ) -> None:
        """Record topics or resources you are not studying.

        They leave the plan's totals, percentages and hours, and `next`;
        topics that need them treat them as satisfied.

        Example: studypath skip decision-trees/esl
        """
        from . import actions, report

        report.recorded(slowly(actions.skip)(items, graph, not no_cache))

    @command()
    def start(
        items: ItemsArgument, graph: GraphOption = None, no_cache: NoCacheOption = False
    ) -> None:
        """Record topics or resources you are studying now: `next` lists them first.

        Example: studypath start python-numpy
        """
        from . import actions, report

        report.recorded(slowly(actions.start)(items, graph, not no_cache))

    @command()
    def note(
        item: ItemArgument,
        text: TextArgument = None,
        graph: GraphOption = None,
        no_cache: NoCacheOption = False,
        edit: EditOption = False,
    ) -> None:
        """Add a dated note to a topic or resource, or list its notes.

        Notes show in `show`, are marked in `plan` and go into the Markdown export.

        Example: studypath note pca "eigenvectors: see 3Blue1Brown chapter 14"
        """
        from . import actions, report

        if edit:
            if text:
                raise UsageError("--edit takes no TEXT: write it in the editor")
            report.noted(actions.note_edit(item, graph, not no_cache))  # no spinner over it
        else:
            words = " ".join(text) if text else None
            report.noted(slowly(actions.note)(item, words, graph, not no_cache))
