"""Files and the outside world: the clock, user directories, atomic writes, graph bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studypath.bundled import bundled_graph_path
from studypath.errors import GraphError, GraphNotFoundError, StudypathError
from studypath.files import (
    CACHE_VARIABLE,
    EPOCH_VARIABLE,
    HOME_VARIABLE,
    cache_dir,
    decode_graph,
    default_progress_path,
    home_dir,
    now,
    read_graph_bytes,
    write_atomically,
)

# -- the clock --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        ("0", datetime(1970, 1, 1, tzinfo=UTC)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        (" 86400 ", datetime(1970, 1, 2, tzinfo=UTC)),  # spaces around are allowed
    ],
)
def test_now_honours_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, epoch: str, expected: datetime
) -> None:
    monkeypatch.setenv(EPOCH_VARIABLE, epoch)
    assert now() == expected
    assert now().tzinfo is UTC


@pytest.mark.parametrize("epoch", ["soon", "1.5", "1e9", "99999999999999999999999", "0x10"])
def test_now_refuses_an_invalid_epoch_clearly(monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv(EPOCH_VARIABLE, epoch)
    with pytest.raises(StudypathError) as info:
        now()
    message = str(info.value)
    assert message == (
        f"${EPOCH_VARIABLE} must be a whole number of seconds since 1970, not `{epoch}`"
    )
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


@pytest.mark.parametrize("epoch", ["", "   "])
def test_now_without_an_epoch_is_the_time_to_the_second(
    monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv(EPOCH_VARIABLE, epoch)
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = now()
    after = datetime.now(UTC)
    assert before <= stamp <= after
    assert stamp.microsecond == 0
    assert stamp.tzinfo is UTC


def test_now_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EPOCH_VARIABLE, raising=False)
    assert abs(now() - datetime.now(UTC)) < timedelta(seconds=5)


# -- user directories -------------------------------------------------------------------------


def test_home_and_cache_honour_their_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(HOME_VARIABLE, str(tmp_path / "home"))
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    assert home_dir() == tmp_path / "home"
    assert cache_dir() == tmp_path / "cache"
    assert default_progress_path() == tmp_path / "home" / "progress.json"


def test_a_tilde_in_the_variables_is_the_users_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/learner")
    monkeypatch.setenv(HOME_VARIABLE, "~/studypath")
    monkeypatch.setenv(CACHE_VARIABLE, "~/.cache/sp")
    assert home_dir() == Path("/home/learner/studypath")
    assert cache_dir() == Path("/home/learner/.cache/sp")


@pytest.mark.parametrize("unset", ["delete", "empty"])
def test_without_the_variables_the_platform_directories(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, unset: str
) -> None:
    import platformdirs

    for variable in (HOME_VARIABLE, CACHE_VARIABLE):
        if unset == "delete":
            monkeypatch.delenv(variable)
        else:
            monkeypatch.setenv(variable, "")
    # Whatever the platform says, studypath asks for its own directories (and not the home).
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cached"))
    assert home_dir() == Path(platformdirs.user_data_dir("studypath", appauthor=False))
    assert cache_dir() == Path(platformdirs.user_cache_dir("studypath", appauthor=False))
    assert home_dir() != cache_dir()
    assert home_dir().name == cache_dir().name == "studypath"


def test_the_autouse_fixture_points_both_at_a_temporary_directory(
    isolated_state: Path, tmp_path: Path
) -> None:
    assert home_dir() == isolated_state
    assert cache_dir().is_relative_to(tmp_path)
    assert home_dir() != cache_dir()


# -- atomic writes ----------------------------------------------------------------------------


def entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_write_atomically_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "progress.json"
    write_atomically(target, "first")
    assert target.read_text(encoding="utf-8") == "first"
    write_atomically(target, "second, longer than the first")
    assert target.read_text(encoding="utf-8") == "second, longer than the first"
    write_atomically(target, "3")
    assert target.read_text(encoding="utf-8") == "3"
    assert entries(tmp_path) == ["progress.json"]  # no temporary file left behind


def test_write_atomically_writes_bytes_and_utf8_text(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_atomically(target, b"\x00\xff raw")
    assert target.read_bytes() == b"\x00\xff raw"
    write_atomically(target, "数学 — ✔")
    assert target.read_bytes() == "数学 — ✔".encode()
    assert entries(tmp_path) == ["out.md"]


def test_write_atomically_replaces_the_file_not_its_content(tmp_path: Path) -> None:
    target = tmp_path / "export.md"
    target.write_text("old", encoding="utf-8")
    with target.open(encoding="utf-8") as reader:  # a reader that opened the old file...
        write_atomically(target, "new")
        assert reader.read() == "old"  # ...still sees the old file whole
    assert target.read_text(encoding="utf-8") == "new"


def test_write_atomically_leaves_no_temporary_file_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.md"
    target.write_text("old", encoding="utf-8")

    def refuse(self: Path, other: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert entries(tmp_path) == ["export.md"]


def test_write_atomically_into_a_missing_directory_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "file.md", "text")
    assert entries(tmp_path) == []


def test_write_atomically_keeps_the_temporary_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    original = os.fsync

    def spy(fd: int) -> None:
        seen.append(Path(f"/proc/self/fd/{fd}").readlink())
        original(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc")
    monkeypatch.setattr(os, "fsync", spy)
    target = tmp_path / "graph.json"
    write_atomically(target, "{}")
    assert seen, "the content is fsynced"
    temporary = seen[0]
    assert temporary.parent == tmp_path
    assert temporary.name.startswith(".graph.json.")
    assert temporary.name.endswith(".tmp")


# -- graph files ------------------------------------------------------------------------------


def test_read_graph_bytes(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_bytes(b"title: x\n")
    assert read_graph_bytes(path) == b"title: x\n"


def test_read_graph_bytes_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(GraphNotFoundError) as info:
        read_graph_bytes(path)
    assert str(info.value) == f"graph file not found: {path}"
    assert isinstance(info.value, StudypathError)


def test_read_graph_bytes_of_a_directory(tmp_path: Path) -> None:
    with pytest.raises(GraphNotFoundError) as info:
        read_graph_bytes(tmp_path)
    assert str(info.value) == f"graph file is a directory: {tmp_path}"


def test_read_graph_bytes_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(GraphNotFoundError, match=r"cannot read graph file .*file/g\.yaml: "):
        read_graph_bytes(blocker / "g.yaml")


def test_decode_graph() -> None:
    assert decode_graph("title: Ünï\n".encode(), "g.yaml") == "title: Ünï\n"
    assert decode_graph(b"", "g.yaml") == ""


def test_decode_graph_drops_a_byte_order_mark() -> None:
    assert decode_graph("\ufefftitle: x\n".encode(), "g.yaml") == "title: x\n"


@pytest.mark.parametrize(
    ("data", "byte"),
    [
        ("title: é\n".encode("latin-1"), 7),
        (b"\xff\xfet\x00", 0),  # UTF-16
        (b"ok\n\xc3", 3),  # cut in the middle of a character
    ],
)
def test_decode_graph_refuses_what_is_not_utf8(data: bytes, byte: int) -> None:
    with pytest.raises(GraphError) as info:
        decode_graph(data, "g.yaml")
    error = info.value
    assert error.path == "g.yaml"
    assert [(p.path, p.line, p.column, p.message) for p in error.problems] == [
        ("g.yaml", None, None, f"not UTF-8 text (byte {byte})")
    ]
    assert str(error) == f"g.yaml: not UTF-8 text (byte {byte})\n1 problem in g.yaml"


def test_the_bundled_graph_is_found() -> None:
    path = bundled_graph_path()
    assert path.is_file()
    assert path.name == "math-for-ml.yaml"
    assert read_graph_bytes(path).startswith(b"#")
    missing = bundled_graph_path("no-such-graph")
    assert missing.name == "no-such-graph.yaml"
    assert not missing.exists()


def test_a_graph_named_by_the_environment_says_so_in_errors(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "STUDYPATH_HOME": str(tmp_path / "h")}
    missing = tmp_path / "nope.yaml"
    for variable, flag in ((str(missing), []), ("", ["--graph", str(missing)])):
        result = subprocess.run(
            [sys.executable, "-m", "studypath", "plan", *flag],
            env={**env, "STUDYPATH_GRAPH": variable} if variable else env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 1
        note = " (from $STUDYPATH_GRAPH)" if variable else ""
        assert result.stderr == f"error: graph file not found: {missing}{note}\n"
