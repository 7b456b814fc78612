"""Packaging: the wheel carries the bundled graph, and the installed command works anywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

#: The command line's own modules; every other module is core and imports neither.
COMMAND_LINE = (
    "cli", "clicheck", "clicurricula", "cligoals", "cliplans", "clistates", "entry", "params",
    "typershim", "render", "rendernext", "terminal", "busy", "__main__",
)  # fmt: skip


def _module(path: Path) -> str:
    """``actions.viewing`` for studypath/actions/viewing.py, ``actions`` for its __init__."""
    parts = path.relative_to(ROOT / "studypath").with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


CORE = sorted(
    module
    for module in map(_module, (ROOT / "studypath").rglob("*.py"))
    if module and module.split(".")[0] not in COMMAND_LINE
)


def test_wheel_contains_the_bundled_graphs_and_their_licences(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("studypath-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "studypath/data/math-for-ml.yaml" in names
    for graph in (ROOT / "data").glob("*.yaml"):
        assert f"studypath/data/{graph.name}" in names
    licences = sorted((ROOT / "data" / "licences").iterdir())
    assert licences
    for licence in licences:
        assert f"studypath/data/licences/{licence.name}" in names
    assert "studypath/cli.py" in names
    assert not any(name.startswith("tests/") for name in names)


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, check=False, capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )


def test_installed_entry_point_runs_from_any_directory(tmp_path: Path) -> None:
    exe = shutil.which("studypath", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("studypath is not installed next to this Python")
    env = {**os.environ, "STUDYPATH_HOME": str(tmp_path / "home"), "COLUMNS": "100"}
    env.pop("STUDYPATH_GRAPH", None)
    result = _run([exe, "plan", "--goal", "pca"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Stage 3" in result.stdout
    failed = _run([exe, "plan", "--goal", "nope"], env, tmp_path)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    module = _run([sys.executable, "-m", "studypath", "--version"], env, tmp_path)
    assert module.returncode == 0 and module.stdout.startswith("studypath ")


def test_the_core_imports_neither_typer_nor_rich() -> None:
    code = (
        "import sys, json\n"
        + "".join(f"import studypath.{name}\n" for name in CORE)
        + "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('typer', 'rich', 'click', 'networkx'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
