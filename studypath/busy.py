"""A transient note on stderr while slow work runs, so that a terminal never sits silent.

Nothing is shown for work under half a second, nor when stderr is not a terminal or colours
are off; the note is rich's status spinner, started from a thread and cleared before the
caller goes on (so it never mixes with output). Ctrl-C is not delayed by it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from .style import colour_system

P = ParamSpec("P")
R = TypeVar("R")

#: How long work runs before the note appears, in seconds (tests set it lower).
DELAY = float(os.environ.get("_STUDYPATH_BUSY_AFTER", "0.5"))


@contextlib.contextmanager
def busy(message: str) -> Iterator[None]:
    if colour_system(sys.stderr) is None:
        yield
        return
    stop = threading.Event()

    def show() -> None:
        if stop.wait(DELAY):
            return
        from rich.console import Console

        from .words import visible

        status = Console(stderr=True, highlight=False).status(visible(message))
        if stop.is_set():
            return
        status.start()
        stop.wait()
        status.stop()

    thread = threading.Thread(target=show, name="studypath-busy", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=1.0)


def slowly(
    action: Callable[P, R], message: str = "Reading and checking the graph"
) -> Callable[P, R]:
    """``action``, with the note shown while it runs (see :func:`busy`)."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with busy(message):
            return action(*args, **kwargs)

    return run
