"""Files and the outside world: graph bytes, atomic writes, user directories, the clock."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from .bundled import bundled_hint
from .errors import GraphError, GraphNotFoundError, Problem, StudypathError

HOME_VARIABLE = "STUDYPATH_HOME"
CACHE_VARIABLE = "STUDYPATH_CACHE"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def reason(error: OSError) -> str:
    """An operating-system error in words, without Python's ``[Errno N]``: ``Not a directory:
    /etc/passwd/x``."""
    words = error.strerror or (os.strerror(error.errno) if error.errno else str(error))
    return f"{words}: {error.filename}" if error.filename else words


class FromVariable(str):
    """A path given by an environment variable (``$STUDYPATH_GRAPH``), so that a message about
    it can say where it came from."""

    variable: str

    def __new__(cls, value: str, variable: str) -> FromVariable:
        made = super().__new__(cls, value)
        made.variable = variable
        return made


def read_graph_bytes(path: Path, given: object = None) -> bytes:
    """The bytes of a graph file, or a clear error naming the path that was tried (and the
    environment variable that named it, when ``given`` is a :class:`FromVariable`)."""
    where = f"{path} (from ${given.variable})" if isinstance(given, FromVariable) else str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise GraphNotFoundError(f"graph file not found: {where}{bundled_hint(path)}") from None
    except IsADirectoryError:
        raise GraphNotFoundError(f"graph file is a directory: {where}") from None
    except OSError as error:
        raise GraphNotFoundError(f"cannot read graph file {where}: {reason(error)}") from None


def decode_graph(data: bytes, display: str) -> str:
    """A graph file's text; it must be UTF-8 (a byte-order mark is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem(display, None, None, f"not UTF-8 text (byte {error.start})")
        raise GraphError(display, [problem]) from None


def check_target(path: Path, error: type[StudypathError] = StudypathError) -> Path:
    """The file ``path`` stands for, checked before it is read or replaced: the real target.

    A symbolic link (or a chain of them) is followed to its final target, which is returned so
    that a write replaces the target and keeps the link a link. A target that exists must be a
    regular file: a directory, named pipe (FIFO), device (``/dev/null``) or socket is refused
    with ``error`` naming it, and so is a link into ``/proc`` (``/dev/stdout``). Nothing is
    opened (only ``stat``), so a FIFO cannot make this hang. A path that does not exist is
    returned resolved, for the caller to create or to report as missing; a dangling link is
    returned as its target when the target's directory exists, else refused. Other code calls
    this before it reads a file it may replace.
    """
    _refuse_process_links(path, error)
    real = Path(os.path.realpath(path))
    try:
        status = real.stat()
    except FileNotFoundError:
        return _new_target(path, real, error)
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            raise error(f"cannot use {path}: its symbolic links form a loop") from None
        return path  # not a directory on the way, no permission: the caller's own error says so
    kind = _kind(status.st_mode)
    if kind is not None:
        raise error(f"cannot use {path}: it is {kind}, not a regular file")
    return real


def _refuse_process_links(path: Path, error: type[StudypathError]) -> None:
    """Refuse a chain of links that passes through ``/proc`` (``/dev/stdout`` is a link to
    ``/proc/self/fd/1``): a process's file descriptors, not files by name, whatever they
    point to now (a terminal, a pipe, or a file the shell opened, perhaps to append to)."""
    current = path
    for _ in range(_MAX_LINKS):
        if not _is_link(current):
            return
        directory = Path(os.path.realpath(current.parent))
        if directory == _PROC or _PROC in directory.parents:
            raise error(
                f"cannot use {path}: it stands for a file a process has open ({current}), "
                "not a file studypath can replace by name"
            )
        try:
            current = directory / current.readlink()
        except OSError:
            return  # gone meanwhile: the checks that follow say what it is now
    raise error(f"cannot use {path}: its symbolic links form a loop")


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None


def _is_link(path: Path) -> bool:
    status = _lstat(path)
    return status is not None and stat.S_ISLNK(status.st_mode)


_PROC = Path("/proc")
_MAX_LINKS = 40


def _kind(mode: int) -> str | None:
    """What a file is, in words, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _new_target(path: Path, real: Path, error: type[StudypathError]) -> Path:
    """Where a write to a ``path`` that does not exist goes: the path (``real``, resolved), or
    a dangling link's target when the target's directory exists."""
    if not _is_link(path):
        return real
    try:
        directory = stat.S_ISDIR(real.parent.stat().st_mode)
    except OSError:
        directory = False
    if not directory:
        raise error(
            f"cannot use {path}: it is a symbolic link to {real}, "
            "in a directory that does not exist"
        )
    return real


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, read without ever blocking on a FIFO or device.

    ``path`` should come from :func:`check_target`; the file is opened without blocking and
    checked again once open (it may have been swapped since), so the read cannot hang. Raises
    ``OSError`` as ``Path.read_bytes`` does, with ``errno.EINVAL`` for what is not a regular
    file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return stream.read()


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content``: a reader sees the old file or the new, never a mix.

    A symbolic link is written through: its final target (see :func:`check_target`) is
    replaced and the link stays a link. A target that is not a regular file is refused with a
    :class:`StudypathError` before anything is touched. The content goes to a temporary file in
    the target's directory, is flushed and fsynced, and the temporary file is then moved over
    the target with ``os.replace`` (through ``Path.replace``). A new file gets the usual
    permissions (``0o666`` less the umask); a file replaced keeps its mode.
    """
    data = content.encode() if isinstance(content, str) else content
    target = check_target(path)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = None  # a new file: the umask decides, as for any file a program creates
    fd, temporary = _create_temporary(target, 0o666 if mode is None else mode & 0o777)
    try:
        with os.fdopen(fd, "wb") as stream:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), mode)  # exactly the old mode, whatever the umask
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            directory = os.open(target.parent, os.O_DIRECTORY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)


def _create_temporary(target: Path, mode: int) -> tuple[int, Path]:
    """A new, empty temporary file beside ``target``, open for writing, created with ``mode``
    less the umask (``mkstemp`` would always make it 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temporary = target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


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
