"""The graphs shipped with studypath, by name: where they are, which there are, and whether
``--graph NAME`` names one."""

from __future__ import annotations

import os
from pathlib import Path

#: The graph used when none is named.
BUNDLED_NAME = "math-for-ml"


def bundled_dir() -> Path:
    """The folder of the graphs shipped with studypath (inside the package once installed)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "data", here.parent / "data"):
        if (folder / f"{BUNDLED_NAME}.yaml").is_file():
            return folder
    return here / "data"


def bundled_names() -> list[str]:
    """The names of the bundled graphs, the default first, then by name."""
    try:
        found = sorted(p.stem for p in bundled_dir().glob("*.yaml") if p.is_file())
    except OSError:
        found = []
    return sorted(found, key=lambda name: (name != BUNDLED_NAME, name))


def bundled_graph_path(name: str = BUNDLED_NAME) -> Path:
    """The path of a graph shipped with studypath, by its name (``metacademy``)."""
    return bundled_dir() / f"{name}.yaml"


def bundled_name(given: str | Path) -> str | None:
    """The bundled graph that ``--graph`` names, or None when it names a file.

    A file that exists wins (a path still works); otherwise a bare name (no folder, no suffix)
    that is a bundled graph's name selects it.
    """
    text = str(given)
    if not text or "/" in text or os.sep in text or Path(text).suffix:
        return None
    if Path(text).is_file():  # a file of that name wins (a folder is never a graph)
        return None
    return text if text in bundled_names() else None


def bundled_hint(path: Path) -> str:
    """For a bare name that is neither a file nor a bundled graph: the bundled graphs."""
    text = str(path)
    if "/" in text or os.sep in text or path.suffix:
        return ""
    from .suggest import closest

    names = bundled_names()
    near = closest(text, names)
    if near:
        return f" — did you mean the bundled graph `{near[0]}`?"
    return f" (bundled graphs: {', '.join(names)}; `studypath graphs` lists them)"
