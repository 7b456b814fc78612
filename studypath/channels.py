"""Standard output and error as a command finds them: closed, full, cut short, or unable to
encode what we print. None of it may end in a traceback or lose a message.

- A closed stream (``>&-``) becomes a sink, so a command still does its work.
- A stream whose encoding cannot show studypath's symbols (``PYTHONIOENCODING=ascii``, Latin-1)
  writes ASCII stand-ins for them (``✔`` as ``[x]``) and escapes anything else it cannot encode,
  so that a ``done`` that was recorded never reports failure because of a glyph.
- A reader that goes away (``| head -1``) ends the command quietly, as Unix tools do.
- A write that fails (``> /dev/full``) is one message on stderr and exit code 1.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import TextIO

#: ASCII stand-ins for the symbols studypath prints.
STAND_INS = {
    "✔": "[x]",
    "☐": "[ ]",
    "▶": ">",
    "·": "-",
    "━": "#",
    "—": "--",
    "←": "<-",
    "→": "->",
    "…": "...",
    "•": "*",
}
_HANDLER = "studypath-stand-ins"


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    out = "".join(STAND_INS.get(c, c.encode("ascii", "backslashreplace").decode()) for c in text)
    return out, error.end


codecs.register_error(_HANDLER, _stand_in)


def prepare() -> None:
    """Make stdout and stderr safe to write, whatever they are."""
    for name in ("stdout", "stderr"):
        stream: TextIO | None = getattr(sys, name)
        if stream is None:  # closed when we started: write into the void
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
        elif hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=_HANDLER)


def finish() -> int | None:
    """Flush stdout; the exit code to use instead when that fails, else None."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as error:
        _silence_stdout()
        reason = os.strerror(error.errno) if error.errno else str(error)
        with contextlib.suppress(OSError):
            sys.stderr.write(f"error: cannot write the output: {reason}\n")
        return 1
    return None


def broken(error: BaseException) -> int | None:
    """The exit code for an output error raised while a command ran, or None if it is not one."""
    if isinstance(error, BrokenPipeError) or getattr(error, "errno", None) == errno.EPIPE:
        _silence_stdout()
        return 0
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EIO, errno.EBADF):
        _silence_stdout()
        with contextlib.suppress(OSError):
            sys.stderr.write(f"error: cannot write the output: {os.strerror(error.errno)}\n")
        return 1
    return None


def _silence_stdout() -> None:
    """Point stdout at nothing, so that the interpreter's last flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
