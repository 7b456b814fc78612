"""Files and the outside world: graph bytes, atomic writes, user directories, the clock."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from .errors import GraphError, GraphNotFoundError, Problem, StudypathError

BUNDLED_NAME = "math-for-ml"
HOME_VARIABLE = "STUDYPATH_HOME"
CACHE_VARIABLE = "STUDYPATH_CACHE"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def bundled_graph_path(name: str = BUNDLED_NAME) -> Path:
    """The path of a graph shipped with studypath (inside the package once installed)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "data", here.parent / "data"):
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return here / "data" / f"{name}.yaml"


def read_graph_bytes(path: Path) -> bytes:
    """The bytes of a graph file, or a clear error naming the path that was tried."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise GraphNotFoundError(f"graph file not found: {path}") from None
    except IsADirectoryError:
        raise GraphNotFoundError(f"graph file is a directory: {path}") from None
    except OSError as error:
        raise GraphNotFoundError(f"cannot read graph file {path}: {error.strerror}") from None


def decode_graph(data: bytes, display: str) -> str:
    """A graph file's text; it must be UTF-8 (a byte-order mark is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem(display, None, None, f"not UTF-8 text (byte {error.start})")
        raise GraphError(display, [problem]) from None


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content``: a reader sees the old file or the new, never a mix.

    The content goes to a temporary file in the same directory, is flushed and fsynced, and
    the temporary file is then moved over ``path`` with ``os.replace``.
    """
    data = content.encode() if isinstance(content, str) else content
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            directory = os.open(path.parent, os.O_DIRECTORY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)


# -- user directories -------------------------------------------------------------------------


def _user_dir(variable: str, kind: str) -> Path:
    """``$variable`` when set, else the platform's user directory of this kind."""
    override = os.environ.get(variable)
    if override:
        return Path(override).expanduser()
    import platformdirs

    find = platformdirs.user_cache_dir if kind == "cache" else platformdirs.user_data_dir
    return Path(find("studypath", appauthor=False))


def home_dir() -> Path:
    """Where studypath keeps user state: ``$STUDYPATH_HOME`` or the platform's data dir."""
    return _user_dir(HOME_VARIABLE, "data")


def cache_dir() -> Path:
    """``$STUDYPATH_CACHE``, or the platform's user cache directory."""
    return _user_dir(CACHE_VARIABLE, "cache")


def default_progress_path() -> Path:
    return home_dir() / "progress.json"


# -- the clock --------------------------------------------------------------------------------


def now() -> datetime:
    """The time, to the second, in UTC: ``$SOURCE_DATE_EPOCH`` when set, for reproducible output.

    Every date studypath writes (records, exports) comes from here, so one variable fixes them
    all in tests and in generated documentation.
    """
    epoch = os.environ.get(EPOCH_VARIABLE, "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise StudypathError(
                f"${EPOCH_VARIABLE} must be a whole number of seconds since 1970, not `{epoch}`"
            ) from None
    return datetime.now(UTC).replace(microsecond=0)
