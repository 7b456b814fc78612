"""Real output of studypath for the README (run by cog: see tests/test_docs.py).

Each call runs the CLI in a fresh, temporary home with some progress recorded, at a fixed width
and export date, so the README shows exactly what a user sees.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from typer.testing import CliRunner

from studypath.cli import app

PROGRESS = ["la-introduction", "la-vectors", "python-numpy/python-tutorial"]
DONE_AT = "2026-11-20T18:30:00+00:00"
GRAPH = "Mathematics for Machine Learning"


def output(
    *args: str, progress: bool = True, stderr: bool = False, before: Sequence[Sequence[str]] = ()
) -> str:
    """The output of ``studypath ARGS`` in a Markdown code block, after the commands
    ``before`` (not shown)."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            "STUDYPATH_HOME": str(Path(home) / "home"),
            "STUDYPATH_CACHE": str(Path(home) / "cache"),
            "STUDYPATH_GRAPH": "",
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "SOURCE_DATE_EPOCH": "1795478400",  # 2026-11-24
            "TZ": "UTC",
        }
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            time.tzset()
            runner = CliRunner()
            if progress:  # recorded at a fixed time, so that `status` shows the same each run
                store = Path(env["STUDYPATH_HOME"])
                store.mkdir()
                records = {i: {"state": "done", "at": DONE_AT, "graph": GRAPH} for i in PROGRESS}
                document = {"version": 2, "records": records}
                (store / "progress.json").write_text(json.dumps(document))
            for command in before:
                done = runner.invoke(app, list(command), prog_name="studypath")
                if done.exit_code != 0:
                    raise RuntimeError(f"studypath {' '.join(command)} failed:\n{done.output}")
            result = runner.invoke(app, list(args), prog_name="studypath")
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            time.tzset()
    text = (result.stderr if stderr else result.stdout).rstrip()
    text = text.replace(str(Path(home)), "~")
    return f"\n```\n$ studypath {' '.join(args)}\n{text}\n```\n"
