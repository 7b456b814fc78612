"""Helpers shared by the tests: paths, the CLI runner's type, and a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

#: The ``run`` fixture: ``run("plan", "--goal", "pca", env={...})``.
Run = Callable[..., Result]

#: The bundled graph's plan for PCA, in order: the three courses' modules, and each course-level
#: topic after its own modules.
PCA_PLAN = (
    "la-introduction",
    "calc-derivatives",
    "python-numpy",
    "la-vectors",
    "la-matrices",
    "la-linear-mappings",
    "calc-multivariate",
    "pca-statistics",
    "la-eigenvalues",
    "calc-chain-rule",
    "pca-inner-products",
    "linear-algebra",
    "calc-taylor-series",
    "pca-projections",
    "calc-optimisation",
    "calc-regression",
    "pca-derivation",
    "multivariate-calculus",
    "pca",
)


def run_in_terminal(
    args: list[str], env: dict[str, str], columns: int = 100, timeout: float = 30.0
) -> tuple[int, str]:
    """Run ``studypath ARGS`` with stdout and stderr on a real pseudo-terminal of ``columns``
    columns (CliRunner's stdout is never a terminal). Returns the exit code and the output."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    # No pager unless a test asks for one: less would wait for keys that never come.
    full_env.update({"TERM": "xterm-256color", "PAGER": "", **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "studypath", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=full_env,
        close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # the terminal closed: the process is gone
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
    finally:
        os.close(leader)
    code = process.wait(timeout=timeout)
    return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


#: The libraries a short command should never need to import.
HEAVY = ("networkx", "yaml", "rich", "pydantic", "markdown_it")

_PROBE = """
import json, sys
sys.argv = ["studypath", *json.loads(sys.argv[1])]
from studypath.entry import main
try:
    main()
except SystemExit:
    pass
print("MODULES=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def heavy_modules(args: list[str], env: dict[str, str]) -> list[str]:
    """Which of :data:`HEAVY` ``studypath ARGS`` imports, run in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True, text=True, env={**os.environ, **env}, check=True,
    )  # fmt: skip
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("MODULES="), result.stdout + result.stderr
    return [m for m in json.loads(line.removeprefix("MODULES=")) if m in HEAVY]
