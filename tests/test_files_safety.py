"""Files studypath replaces or reads back: through symbolic links, never special files, with the
usual permissions; and exported JSON files read back, however they were edited."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from studypath.errors import StudypathError
from studypath.exports import read_ticks
from studypath.files import check_target, read_regular, write_atomically

from .conftest import Run

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links, FIFOs and umasks")


class Hung(Exception):
    pass


@contextlib.contextmanager
def no_hang(seconds: float = 5.0) -> Iterator[None]:
    """Fail, rather than hang the test run, when the body blocks (on a FIFO, say)."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- writing through symbolic links -----------------------------------------------------------


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    real = tmp_path / "notes" / "progress.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "progress.json"
    link.symlink_to(Path("notes") / "progress.json")  # relative, as dotfiles managers make them
    write_atomically(link, "new")
    assert link.is_symlink()
    assert link.readlink() == Path("notes") / "progress.json"
    assert real.read_text(encoding="utf-8") == "new"
    assert entries(tmp_path) == ["notes", "progress.json"]
    assert entries(tmp_path / "notes") == ["progress.json"]  # no temporary file left


def test_a_chain_of_links_is_followed_to_the_last_target(tmp_path: Path) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    real = tmp_path / "c" / "plan.md"
    real.write_text("old", encoding="utf-8")
    middle = tmp_path / "b" / "plan.md"
    middle.symlink_to(Path("..") / "c" / "plan.md")
    first = tmp_path / "a" / "plan.md"
    first.symlink_to(middle)  # absolute
    assert check_target(first) == real.resolve()
    write_atomically(first, "new")
    assert first.is_symlink() and middle.is_symlink()
    assert first.readlink() == middle
    assert real.read_text(encoding="utf-8") == "new"
    assert [entries(tmp_path / f) for f in ("a", "b", "c")] == [["plan.md"]] * 3


def test_the_temporary_file_is_made_beside_the_real_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes").mkdir()
    real = tmp_path / "notes" / "plan.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "plan.md"
    link.symlink_to(real)
    moves: list[tuple[Path, Path]] = []
    original = Path.replace

    def spy(self: Path, target: str | os.PathLike[str]) -> Path:
        moves.append((self, Path(target)))
        return original(self, target)

    monkeypatch.setattr(Path, "replace", spy)
    write_atomically(link, "new")
    [(temporary, target)] = moves
    assert target == real.resolve()
    assert temporary.parent == real.resolve().parent  # one file system: the move is atomic
    assert temporary.name.startswith(".plan.md.") and temporary.name.endswith(".tmp")


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    link = tmp_path / "plan.md"
    link.symlink_to(Path("notes") / "plan.md")
    write_atomically(link, "first")
    assert link.is_symlink()
    assert (tmp_path / "notes" / "plan.md").read_text(encoding="utf-8") == "first"


def test_a_dangling_link_into_a_missing_directory_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.md"
    link.symlink_to(tmp_path / "gone" / "plan.md")
    with pytest.raises(StudypathError) as info:
        write_atomically(link, "text")
    assert str(info.value) == (
        f"cannot use {link}: it is a symbolic link to {tmp_path.resolve() / 'gone' / 'plan.md'}, "
        "in a directory that does not exist"
    )
    assert entries(tmp_path) == ["plan.md"]
    assert link.is_symlink()


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(StudypathError, match="its symbolic links form a loop"):
        write_atomically(first, "text")
    assert first.is_symlink() and second.is_symlink()


def test_check_target_of_a_plain_file_and_of_a_new_one(tmp_path: Path) -> None:
    existing = tmp_path / "p.json"
    existing.write_text("{}", encoding="utf-8")
    assert check_target(existing) == existing.resolve()
    assert check_target(tmp_path / "new.json") == tmp_path.resolve() / "new.json"


# -- what is not a regular file is refused, without hanging -----------------------------------


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_directory(path: Path) -> None:
    path.mkdir()


def make_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("socket path too long here")
    finally:
        server.close()


def make_link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("real-fifo"))
    path.symlink_to("real-fifo")


def make_device(path: Path) -> None:
    """A device: a twin of /dev/null in the test's directory, never the real one, which a
    regression would replace when the tests run as root; without root, a link to /dev/null
    (replacing /dev/null then fails)."""
    if os.geteuid() != 0:
        path.symlink_to("/dev/null")
        return
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        pytest.skip("cannot make a device node here")


SPECIAL: list[tuple[Callable[[Path], None], str]] = [
    (make_fifo, "a named pipe (FIFO)"),
    (make_directory, "a directory"),
    (make_socket, "a socket"),
    (make_link_to_fifo, "a named pipe (FIFO)"),
    (make_device, "a device"),
]


@pytest.mark.parametrize(("make", "kind"), SPECIAL)
def test_special_files_are_refused_before_anything_is_touched(
    tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    target = tmp_path / "s"
    make(target)
    before, kind_before = entries(tmp_path), stat.S_IFMT(target.lstat().st_mode)
    with no_hang():
        with pytest.raises(StudypathError) as info:
            check_target(target)
        assert str(info.value) == f"cannot use {target}: it is {kind}, not a regular file"
        with pytest.raises(StudypathError, match=re.escape(f"it is {kind}")):
            write_atomically(target, "text")
    assert entries(tmp_path) == before  # nothing replaced, no temporary file
    assert stat.S_IFMT(target.lstat().st_mode) == kind_before


def test_a_fifo_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "progress.json"
    os.mkfifo(fifo)
    with no_hang(), pytest.raises(StudypathError):
        write_atomically(fifo, "text")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_dev_null_is_refused() -> None:
    # Only checked: a write, were the check broken, would replace /dev/null when run as root.
    with no_hang(), pytest.raises(StudypathError, match="cannot use /dev/null: it is a device"):
        check_target(Path("/dev/null"))


def test_reading_a_fifo_does_not_block(tmp_path: Path) -> None:
    # A file swapped for a FIFO after check_target: the read itself must not block either.
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    with no_hang(), pytest.raises(OSError, match="not a regular file"):
        read_regular(fifo)
    assert read_regular(Path(__file__)).startswith(b'"""')


CHECK_STDOUT = """
import sys
from pathlib import Path
from studypath.errors import StudypathError
from studypath.files import check_target, write_atomically
for name in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
    try:
        write_atomically(Path(name), "replaced")
    except StudypathError as error:
        print(error, file=sys.stderr)
    else:
        print("written:", name, file=sys.stderr)
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_dev_stdout_is_refused_whatever_it_is(tmp_path: Path, stdout: str) -> None:
    """A pipe, and a file the shell opened (perhaps to append to), are both refused."""
    out = tmp_path / "out.log"
    out.write_text("kept\n", encoding="utf-8")
    with out.open("a", encoding="utf-8") as log:
        proc = subprocess.run(
            [sys.executable, "-c", CHECK_STDOUT],
            stdout=subprocess.PIPE if stdout == "pipe" else log,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert "not a file studypath can replace by name" in line, line
    assert out.read_text(encoding="utf-8") == "kept\n"


def test_export_to_dev_stdout_is_a_clear_error(tmp_path: Path, isolated_state: Path) -> None:
    env = {**os.environ, "STUDYPATH_HOME": str(isolated_state)}
    proc = subprocess.run(
        [sys.executable, "-m", "studypath", "export", "-g", "pca", "-o", "/dev/stdout", "--force"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: cannot use /dev/stdout:")
    assert "Traceback" not in proc.stderr


# -- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_permissions_the_umask_gives(
    tmp_path: Path, mask: int, expected: int
) -> None:
    target = tmp_path / "plan.md"
    with umask(mask):
        write_atomically(target, "text")
    assert mode(target) == expected


@pytest.mark.parametrize(("existing", "mask"), [(0o600, 0o022), (0o640, 0o077), (0o664, 0o022)])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, existing: int, mask: int) -> None:
    target = tmp_path / "progress.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(existing)
    with umask(mask):
        write_atomically(target, "new")
    assert mode(target) == existing
    assert target.read_text(encoding="utf-8") == "new"


def test_a_file_behind_a_link_keeps_its_mode(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    with umask(0o022):
        write_atomically(link, "new")
    assert mode(real) == 0o600
    assert link.is_symlink()


# -- the CLI, end to end ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".json"])
def test_export_through_a_symlink_keeps_the_link(run: Run, tmp_path: Path, suffix: str) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    link = tmp_path / f"plan{suffix}"
    link.symlink_to(Path("notes") / f"plan{suffix}")
    first = run("export", "-g", "pca", "-o", str(link))  # dangling: the target is created
    assert first.exit_code == 0, first.output
    assert link.is_symlink()
    written = (notes / f"plan{suffix}").read_text(encoding="utf-8")
    assert "linear-algebra" in written
    run("done", "pca")
    again = run("export", "-g", "pca", "-o", str(link))  # ours, nothing unsynced: replaced
    assert again.exit_code == 0, again.output
    assert link.is_symlink()
    assert link.readlink() == Path("notes") / f"plan{suffix}"
    assert (notes / f"plan{suffix}").read_text(encoding="utf-8") != written
    assert entries(notes) == [f"plan{suffix}"]


@pytest.mark.parametrize(("make", "kind"), [s for s in SPECIAL if s[0] is not make_directory])
def test_forced_export_onto_a_special_file_is_refused(
    run: Run, tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    target = tmp_path / "plan.md"
    make(target)
    with no_hang():
        result = run("export", "-g", "pca", "-o", str(target), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot use {target}: it is {kind}, not a regular file\n"


# -- JSON exports read back -------------------------------------------------------------------


def export(*topics: object, **fields: object) -> str:
    document = {"version": 1, "generator": "studypath", "topics": list(topics), **fields}
    return json.dumps(document)


def topic(item: object = "a", done: object = False, **fields: object) -> dict[str, object]:
    return {"id": item, "done": done, **fields}


HEAD = '{"version": 1, "generator": "studypath", "topics": '

BAD_EXPORTS: list[tuple[str, str]] = [
    (HEAD + "[" * 100_000 + "]" * 100_000 + "}", "it is nested too deeply"),
    ('{"generator": "studypath", "x": ' + "[" * 100_000, "it is nested too deeply"),
    (HEAD + "[], " + '"n": ' + "1" * 5000 + "}", "it holds a value that cannot be read"),
    (export(1), "topic 1 is 1, not an object"),
    (export("a"), 'topic 1 is "a", not an object'),
    (export(None), "topic 1 is null, not an object"),
    (export([topic()]), "topic 1 is a list, not an object"),
    (export(topic(resources=[topic("a/r"), "a/s"])), 'topic 1, resource 2 is "a/s"'),
    (export(topic(resources={"a/r": True})), "topic 1: `resources` is not a list"),
    (json.dumps({"version": 1, "generator": "studypath", "topics": {"a": True}}), "`topics`"),
    (export(topic(done="false")), '`done` is "false", not true or false'),
    (export(topic(done="true")), '`done` is "true", not true or false'),
    (export(topic(done=0)), "`done` is 0, not true or false"),
    (export(topic(done=1)), "`done` is 1, not true or false"),
    (export(topic(done="1")), '`done` is "1", not true or false'),
    (export(topic(done=1.0)), "`done` is 1.0, not true or false"),
    (export(topic(done=None)), "`done` is null, not true or false"),
    (export(topic(resources=[topic("a/r", done="yes")])), '(`a/r`): `done` is "yes"'),
    (export(topic(), topic()), "topic 2: `id` `a` is also the id of topic 1"),
    (
        export(topic(resources=[topic("a/r")]), topic("b", resources=[topic("a/r", True)])),
        "topic 2, resource 1: `id` `a/r` is also the id of topic 1, resource 1",
    ),
    (HEAD + '[{"id": "a", "done": false, "done": true}]}', 'the key "done" appears twice'),
    (HEAD + '[], "topics": [{"id": "a", "done": true}]}', 'the key "topics" appears twice'),
    (export(topic(123)), "topic 1: `id` 123 is not a studypath id"),
    (export(version=True), "its version is true"),
    (export(version="1"), 'its version is "1"'),
    (export(version=[[1]]), "its version is a list"),
]


@pytest.mark.parametrize(("text", "why"), BAD_EXPORTS)
def test_a_hand_edited_json_export_is_a_clear_error(text: str, why: str) -> None:
    with pytest.raises(StudypathError) as info:
        read_ticks(text, "notes/plan.json")
    message = str(info.value)
    assert message.startswith("notes/plan.json cannot be read as a studypath JSON export: ")
    assert why in message
    assert len(message) < 300


def test_a_good_json_export_reads_back() -> None:
    text = export(topic("a", True, resources=[topic("a/r", False)]), topic("b"))
    assert read_ticks(text, "plan.json").ticks == {"a": True, "a/r": False, "b": False}


def test_duplicate_keys_outside_a_studypath_file_are_not_our_business() -> None:
    ticks = read_ticks('{"name": "x", "name": "y"}', "package.json")
    assert (ticks.ticks, ticks.ours) == ({}, False)


def test_sync_of_a_hand_edited_json_export_names_the_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(export(topic("pca", done="false")), encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path} cannot be read as a studypath JSON export:")
    assert '`done` is "false"' in result.stderr
    assert not (tmp_path / "studypath-home" / "progress.json").exists()


def test_sync_of_a_deeply_nested_json_file_names_the_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(HEAD + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = run("sync", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path} cannot be read as a studypath JSON export: it is nested too deeply\n"
    )
