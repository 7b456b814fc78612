"""Output channels as a shell leaves them: closed, full, cut short, narrow-minded encodings and
absurd widths. No traceback, no lost message, no failure reported for work that was done."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studypath.channels import STAND_INS


def shell(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``studypath`` run by sh, so that redirections are the shell's own; output read in the
    encoding it was asked to write (``PYTHONIOENCODING``), UTF-8 by default."""
    full = {**os.environ, "STUDYPATH_HOME": str(tmp_path / "home"), **env}
    full["STUDYPATH_CACHE"] = str(tmp_path / "cache")
    return subprocess.run(
        ["sh", "-c", f"'{sys.executable}' -m studypath {command}"],
        capture_output=True, text=True, env=full, timeout=60, check=False,
        encoding=env.get("PYTHONIOENCODING", "utf-8"),
    )  # fmt: skip


def records(tmp_path: Path) -> set[str]:
    document = json.loads((tmp_path / "home" / "progress.json").read_text(encoding="utf-8"))
    return set(document["records"])


def test_a_closed_stdout_still_records(tmp_path: Path) -> None:
    result = shell("done pca >&-", tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert records(tmp_path) == {"pca"}


@pytest.mark.parametrize("command", ["plan -g pca", "done pca", "where"])
def test_a_full_disk_is_one_message_and_exit_1(tmp_path: Path, command: str) -> None:
    result = shell(f"{command} > /dev/full", tmp_path)
    assert result.returncode == 1
    assert result.stderr == "error: cannot write the output: No space left on device\n"


def test_a_reader_that_goes_away_ends_the_command_quietly(
    tmp_path: Path, write_graph_many: Path
) -> None:
    result = shell(f"topics --graph {write_graph_many} | head -1", tmp_path)
    assert result.stdout == "Many · 3000 topics\n"
    assert result.stderr == ""


@pytest.fixture
def write_graph_many(tmp_path: Path) -> Path:
    path = tmp_path / "many.yaml"
    lines = ["title: Many", "topics:"]
    lines += [f"  t{n}: {{title: Topic number {n}}}" for n in range(3000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_encoding_without_our_symbols_gets_stand_ins(tmp_path: Path, encoding: str) -> None:
    done = shell("done pca linear-algebra/essence", tmp_path, PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[x] pca  Principal Component Analysis\n")
    assert records(tmp_path) == {"pca", "linear-algebra/essence"}
    plan = shell("plan -g pca", tmp_path, PYTHONIOENCODING=encoding)
    assert plan.returncode == 0, plan.stderr
    assert "  > Python and NumPy basics" in plan.stdout
    assert not set(plan.stdout) & (set(STAND_INS) - ({"·"} if encoding == "latin-1" else set()))
    error = shell("done 'ünknown ✔'", tmp_path, PYTHONIOENCODING=encoding)
    assert error.returncode == 1
    assert "Traceback" not in error.stderr and "unknown item" in error.stderr


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "100000", "7"])
def test_absurd_widths_lay_out_sanely(tmp_path: Path, columns: str) -> None:
    result = shell("next -g pca", tmp_path, COLUMNS=columns)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


class Failing:
    """A stdout whose flush fails as a full disk or a closed pipe makes it fail."""

    def __init__(self, error: OSError) -> None:
        self.error = error

    def flush(self) -> None:
        raise self.error

    def fileno(self) -> int:
        raise ValueError("no file")


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (BrokenPipeError(32, "Broken pipe"), 0, ""),
        (OSError(28, "No space left on device"), 1, "error: cannot write the output: No space"),
    ],
)
def test_the_last_flush_is_checked(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: OSError,
    code: int,
    message: str,
) -> None:
    from studypath import channels

    monkeypatch.setattr(sys, "stdout", Failing(error))
    assert channels.finish() == code
    assert capsys.readouterr().err.startswith(message)
