"""The floor: the smallest typer app that does what a studypath command must at least do.

One command imports the modules named in $FLOOR_IMPORTS (comma-separated) and prints one line
with rich. Timing it beside studypath, in the same run, shows what studypath adds.
"""

from __future__ import annotations

import importlib
import os

import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    """Print a greeting."""
    for module in filter(None, os.environ.get("FLOOR_IMPORTS", "").split(",")):
        importlib.import_module(module)
    from rich.console import Console

    Console().print(f"hello {name}")


if __name__ == "__main__":
    app()
