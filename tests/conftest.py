from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from studypath.cli import app

from .helpers import DATA, ROOT, Run

__all__ = ["DATA", "ROOT", "Run"]

pytest_plugins = ["tests.linkserver"]  # the link tests' server and no-look-up fixtures


@pytest.fixture(autouse=True)
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every piece of user state at a temporary directory: tests never touch the home."""
    home = tmp_path / "studypath-home"
    monkeypatch.setenv("STUDYPATH_HOME", str(home))
    monkeypatch.setenv("STUDYPATH_CACHE", str(tmp_path / "studypath-cache"))
    monkeypatch.delenv("STUDYPATH_GRAPH", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture
def run() -> Run:
    """Invoke the CLI with a fixed terminal width; stdout and stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env={"COLUMNS": "100", **(env or {})})

    return invoke


@pytest.fixture
def write_graph(tmp_path: Path) -> Callable[[str], Path]:
    """Write a graph file from (dedented) YAML text and return its path."""

    def write(text: str, name: str = "graph.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
