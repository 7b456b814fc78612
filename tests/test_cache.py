"""The graph cache: invalidated by any change, never trusted when damaged, optional."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from studypath import __version__, cache

from .conftest import Run

GRAPH = """
title: Cached
topics:
  a:
    title: A
    aliases: [alpha]
    resources:
      - {title: R1, url: "https://example.org/1", kind: video, hours: 1.5, free: true}
      - {title: R2, optional: true, note: "Chapter 2"}
  b:
    title: B
    summary: About B.
    requires: [alpha]
    hours: 3
"""


@pytest.fixture
def graph_file(write_graph: Callable[..., Path]) -> Path:
    return write_graph(GRAPH)


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.graph"))


def test_second_load_comes_from_the_cache_and_is_identical(
    graph_file: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "c"
    cold = cache.load(graph_file, directory=directory)
    warm = cache.load(graph_file, directory=directory)
    assert not cold.from_cache and warm.from_cache
    assert len(cache_files(directory)) == 1
    assert warm.topics == cold.topics
    assert warm.aliases == cold.aliases
    assert dict(warm.stages) == dict(cold.stages)
    assert warm.title == "Cached"


def test_a_changed_file_is_parsed_again(graph_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "c"
    cache.load(graph_file, directory=directory)
    graph_file.write_text(GRAPH.replace("title: B", "title: B changed"))
    loaded = cache.load(graph_file, directory=directory)
    assert not loaded.from_cache
    assert loaded.topic("b").title == "B changed"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b.replace(b"R1", b"R9"),  # body changed
        lambda b: b"",  # empty
        lambda b: b"\x00\xff garbage",
        lambda b: b.replace(f'"studypath":"{__version__}"'.encode(), b'"studypath":"0.0.0"'),
        lambda b: json.dumps({"format": 99}).encode() + b"\n",  # another format
    ],
)
def test_damaged_or_foreign_cache_is_ignored_and_rebuilt(
    graph_file: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    directory = tmp_path / "c"
    cache.load(graph_file, directory=directory)
    (path,) = cache_files(directory)
    path.write_bytes(damage(path.read_bytes()))
    loaded = cache.load(graph_file, directory=directory)
    assert not loaded.from_cache
    assert loaded.topic("a").resources[0].title == "R1"
    assert cache.load(graph_file, directory=directory).from_cache  # rebuilt


def test_unwritable_cache_directory_still_works(run: Run, graph_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    env = {"STUDYPATH_CACHE": str(blocker / "cache")}
    for _ in range(2):
        result = run("plan", "--graph", str(graph_file), env=env)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_cache_directory_still_works(graph_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        assert not cache.load(graph_file, directory=directory).from_cache
    finally:
        directory.chmod(0o700)


def test_no_cache_neither_reads_nor_writes(run: Run, graph_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "studypath-cache"
    assert run("topics", "--graph", str(graph_file), "--no-cache").exit_code == 0
    assert not directory.exists()
    assert run("topics", "--graph", str(graph_file)).exit_code == 0
    assert len(cache_files(directory)) == 1


def test_invalid_graphs_are_never_cached(
    run: Run, write_graph: Callable[..., Path], tmp_path: Path
) -> None:
    bad = write_graph("topics:\n  a: {title: A, requires: [zz]}\n")
    for _ in range(2):
        assert run("check", str(bad)).exit_code == 1
    assert cache_files(tmp_path / "studypath-cache") == []


def test_old_cache_files_are_pruned(write_graph: Callable[..., Path], tmp_path: Path) -> None:
    directory = tmp_path / "c"
    for n in range(cache.KEEP + 5):
        path = write_graph(f"topics:\n  t{n}: {{title: T}}\n", name=f"g{n}.yaml")
        cache.load(path, directory=directory)
    assert len(cache_files(directory)) == cache.KEEP


IMPORTS = """
import json, sys
sys.argv = ["studypath", *json.loads(sys.argv[1])]
from studypath.entry import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"networkx", "yaml", "rich"})
print("MODULES=" + json.dumps(heavy))
"""


def modules_used(args: list[str], env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS, json.dumps(args)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    line = result.stdout.strip().splitlines()[-1]
    assert line.startswith("MODULES="), result.stdout
    return list(json.loads(line.removeprefix("MODULES=")))


def test_startup_imports_only_what_each_command_needs(tmp_path: Path, graph_file: Path) -> None:
    env = {
        "STUDYPATH_HOME": str(tmp_path / "home"),
        "STUDYPATH_CACHE": str(tmp_path / "cache"),
        "COLUMNS": "100",
    }
    assert "networkx" not in modules_used(["--help"], env)
    assert "networkx" not in modules_used(["--version"], env)
    assert "networkx" not in modules_used(["where"], env)
    # The first plan parses and validates: YAML, but no networkx (only cycles need it).
    cold = modules_used(["plan", "--graph", str(graph_file)], env)
    assert "yaml" in cold and "networkx" not in cold
    # Afterwards the graph comes from the cache: neither YAML nor networkx.
    for args in (["plan", "-g", "b"], ["next", "-g", "b"], ["done", "a"], ["topics"]):
        used = modules_used([*args, "--graph", str(graph_file)], env)
        assert "networkx" not in used and "yaml" not in used, args
    completion = {"_STUDYPATH_COMPLETE": "complete_bash", "COMP_WORDS": "studypath done a",
                  "COMP_CWORD": "2", "STUDYPATH_GRAPH": str(graph_file)}  # fmt: skip
    assert "networkx" not in modules_used([], {**env, **completion})
