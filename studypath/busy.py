"""A transient note on stderr while slow work runs, so that a terminal never sits silent.

Nothing is shown for work under half a second, nor when stderr is not a terminal or colours
are off; the note is rich's status spinner, started from a thread and cleared before the
caller goes on (so it never mixes with output). Ctrl-C is not delayed by it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator

from .style import colour_system

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
