"""Measure studypath against baselines taken in the same run, and print a table of ratios.

    python benchmarks/bench.py            # everything (a few minutes on 2 cores)
    python benchmarks/bench.py --quick    # without the 100,000-topic graph

Every figure is the median wall time of several runs of a whole process (start-up included),
each run of a command interleaved with a run of its baseline, with the process's peak RSS.
Baselines: a minimal typer app (benchmarks/floor.py) that imports what the command needs at
least, and a bare ``yaml.load(f, Loader=yaml.CSafeLoader)`` of the same graph file.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402

PY = sys.executable
STUDYPATH = [PY, "-m", "studypath"]
FLOOR = [PY, str(HERE / "floor.py")]


@dataclass
class Timing:
    seconds: float
    rss_mb: float


def run_once(cmd: list[str], env: dict[str, str]) -> Timing:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    if proc.stderr:
        proc.stderr.close()
    rss_kb = usage.ru_maxrss  # kilobytes on Linux
    return Timing(elapsed, rss_kb / 1024)


@dataclass
class Row:
    name: str
    timing: Timing
    base_name: str
    base: Timing
    limit: float | None

    @property
    def ratio(self) -> float:
        return self.timing.seconds / self.base.seconds


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.seconds for t in timings), max(t.rss_mb for t in timings))


def side_by_side(
    cmd: list[str],
    base_cmd: list[str],
    runs: int,
    env: dict[str, str],
    base_env: dict[str, str] | None = None,
    before: list[str] | None = None,
    cold_cache: Path | None = None,
) -> tuple[Timing, Timing]:
    """Median timings of ``cmd`` and ``base_cmd``, run alternately."""
    ours: list[Timing] = []
    theirs: list[Timing] = []
    if before:
        run_once(before, env)  # warm the cache
    for _ in range(runs):
        if cold_cache is not None:
            shutil.rmtree(cold_cache, ignore_errors=True)
        ours.append(run_once(cmd, env))
        theirs.append(run_once(base_cmd, base_env or env))
    return median(ours), median(theirs)


def only(cmd: list[str], runs: int, env: dict[str, str]) -> Timing:
    return median([run_once(cmd, env) for _ in range(runs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out 100,000 topics")
    parser.add_argument("--runs", type=int, default=5, help="runs of each quick command")
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]

    # pip compiles an installed package's bytecode; an editable install compiles it on first
    # import, or never when PYTHONDONTWRITEBYTECODE is set (as on some CI machines). Compile it
    # here so that start-up is measured as users run it.
    import studypath

    subprocess.run([PY, "-m", "compileall", "-q", Path(studypath.__file__).parent], check=True)
    work = Path(tempfile.mkdtemp(prefix="studypath-bench-"))
    cache = work / "cache"
    env = {
        **os.environ,
        "STUDYPATH_HOME": str(work / "home"),
        "STUDYPATH_CACHE": str(cache),
        "COLUMNS": "100",
    }
    env.pop("STUDYPATH_GRAPH", None)
    floor = {**env, "FLOOR_IMPORTS": ""}
    floor_yaml = {**env, "FLOOR_IMPORTS": "yaml"}
    floor_yaml_nx = {**env, "FLOOR_IMPORTS": "yaml,networkx"}
    rows: list[Row] = []
    runs = args.runs

    def add(name: str, ours: Timing, base_name: str, base: Timing, limit: float | None) -> None:
        rows.append(Row(name, ours, base_name, base, limit))
        row = rows[-1]
        print(
            f"  {name:<44} {row.timing.seconds:8.3f} s  {row.ratio:6.2f}x {base_name}",
            file=sys.stderr,
        )

    print("start-up", file=sys.stderr)
    sp = STUDYPATH
    ours, base = side_by_side([*sp, "--help"], [*FLOOR, "--help"], runs, env, floor)
    add("studypath --help", ours, "floor --help", base, 1.0)
    warm = [*sp, "plan", "--goal", "pca"]
    ours, base = side_by_side([*sp, "done", "pca"], FLOOR, runs, env, floor_yaml, before=warm)
    add("studypath done pca (warm)", ours, "floor+yaml", base, 1.0)
    ours, base = side_by_side([*sp, "topics"], FLOOR, runs, env, floor_yaml, before=warm)
    add("studypath topics (warm)", ours, "floor+yaml", base, 1.0)
    pca, base = side_by_side(warm, FLOOR, runs, env, floor_yaml_nx, before=warm)
    add("studypath plan --goal pca (warm)", pca, "floor+yaml+networkx", base, 0.75)
    ours, base = side_by_side([*sp, "next", "--goal", "pca"], FLOOR, runs, env, floor_yaml_nx)
    add("studypath next --goal pca (warm)", ours, "floor+yaml+networkx", base, 0.75)

    by_size: dict[int, dict[str, Timing]] = {}
    for size in sizes:
        path = work / f"graph-{size}.yaml"
        small, large = write(size, path)
        mb = path.stat().st_size / 1e6
        print(f"{size:,} topics ({mb:.1f} MB), goals {small} and {large}", file=sys.stderr)
        g = ["--graph", str(path)]
        slow = 1 if size >= 100_000 else min(runs, 3)
        parse_cmd = [PY, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), "
                     "Loader=yaml.CSafeLoader)", str(path)]  # fmt: skip
        label = f"{size // 1000}k"
        check, parse = side_by_side([*sp, "check", *g], parse_cmd, slow, env, cold_cache=cache)
        add(f"check, cold ({label})", check, "yaml.load", parse, 0.9)
        cold, parse2 = side_by_side(
            [*sp, "plan", *g, "--goal", small], parse_cmd, slow, env, cold_cache=cache
        )
        parse = median([parse, parse2])
        add(f"plan ~100 topics, cold ({label})", cold, "yaml.load", parse, 0.9)
        run_once([*sp, "check", *g], env)  # warm the cache
        warm_small = only([*sp, "plan", *g, "--goal", small], runs, env)
        limit = 0.05 if size >= 100_000 else None
        add(f"plan ~100 topics, warm ({label})", warm_small, "yaml.load", parse, limit)
        if size == 10_000:
            add(f"plan ~100 topics, warm ({label})", warm_small, "warm plan pca", pca, 1.5)
        export = only([*sp, "export", *g, "--goal", large, "--format", "json"], slow, env)
        add(f"export json, most of the graph, warm ({label})", export, "yaml.load", parse,
            0.15 if size >= 100_000 else None)  # fmt: skip
        big_plan = only([*sp, "plan", *g, "--goal", large], slow, env)
        add(f"plan, most of the graph, warm ({label})", big_plan, "yaml.load", parse, None)
        by_size[size] = {"check": check, "warm": warm_small, "export": export, "plan": big_plan}

    growth: list[tuple[str, float]] = []
    for small_size, big_size in itertools.pairwise(sizes):
        for key in ("check", "warm", "export", "plan"):
            ratio = by_size[big_size][key].seconds / by_size[small_size][key].seconds
            growth.append((f"{key} {small_size // 1000}k → {big_size // 1000}k", ratio))

    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}\n")  # fmt: skip
    print("| measurement | time | baseline | baseline time | ratio | target | peak RSS |")
    print("|---|---:|---|---:|---:|---:|---:|")
    failed = 0
    for row in rows:
        verdict = ""
        if row.limit is not None:
            ok = row.ratio <= row.limit
            failed += not ok
            verdict = f"≤ {row.limit:g} {'✔' if ok else '✘'}"
        print(f"| {row.name} | {row.timing.seconds:.3f} s | {row.base_name} | "
              f"{row.base.seconds:.3f} s | {row.ratio:.2f}× | {verdict} | "
              f"{row.timing.rss_mb:.0f} MB |")  # fmt: skip
    print("\n| growth (10× the topics) | time ratio | target |")
    print("|---|---:|---:|")
    for name, ratio in growth:
        ok = ratio <= 12
        failed += not ok
        print(f"| {name} | {ratio:.1f}× | ≤ 12 {'✔' if ok else '✘'} |")
    shutil.rmtree(work, ignore_errors=True)
    print(f"\n{failed} target(s) missed" if failed else "\nevery target met")


if __name__ == "__main__":
    main()
