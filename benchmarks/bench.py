"""Measure studypath against baselines taken in the same run, and print a table of ratios.

    python benchmarks/bench.py            # everything (a few minutes on 2 cores)
    python benchmarks/bench.py --quick    # without the 100,000-topic graph

Every figure is the median wall time of several runs of a whole process (start-up included),
each run of a command interleaved with a run of its baseline, with the process's peak RSS.
Baselines: a minimal typer app (benchmarks/floor.py) that prints one line; a bare
``yaml.load(f, Loader=yaml.CSafeLoader)`` of the same graph file with the garbage collector off,
and ``json.loads`` of the same data as JSON (a harder reference); for the whole-graph plan, the
same command of an earlier checkout (``--before DIR``) when given.
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


YAML_GC_OFF = (
    "import gc, sys, yaml; gc.disable(); "
    "yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
)
JSON_LOAD = "import json, sys; json.loads(open(sys.argv[1], 'rb').read())"
TO_JSON = (
    "import json, sys, yaml; json.dump(yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader),"
    " open(sys.argv[2], 'w'))"
)


def run_once(cmd: list[str], env: dict[str, str]) -> Timing:
    """One run of ``cmd``: wall time and peak RSS. Its stderr goes to a file, not a pipe that
    a command reporting thousands of problems could fill (and block on)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        # `python -m` puts the working directory first on sys.path: run each checkout's
        # studypath from its own directory (RUN_IN), or an earlier one would run this one.
        where = env.get("RUN_IN") or str(HERE.parent)
        proc = subprocess.Popen(cmd, env=env, cwd=where, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0 and not env.get("OK"):
            errors.seek(0)
            raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{errors.read().decode()}")
    return Timing(elapsed, usage.ru_maxrss / 1024)  # kilobytes on Linux


@dataclass
class Row:
    name: str
    timing: Timing
    base_name: str
    base: Timing
    limit: float | None
    rss_limit: float | None = None  # MB

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
    parser.add_argument(
        "--before",
        type=Path,
        metavar="DIR",
        help="a checkout of an earlier studypath, measured beside this one where targets "
        "are set against today's figures (e.g. `git worktree add /tmp/before REV`)",
    )
    args = parser.parse_args()
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]

    # pip compiles an installed package's bytecode; an editable install compiles it on first
    # import, or never when PYTHONDONTWRITEBYTECODE is set (as on some CI machines). Compile it
    # here so that start-up is measured as users run it.
    here = HERE.parent / "studypath"  # this checkout's, whatever is installed
    subprocess.run([PY, "-m", "compileall", "-q", here], check=True)
    work = Path(tempfile.mkdtemp(prefix="studypath-bench-"))
    cache = work / "cache"
    env = {
        **os.environ,
        "STUDYPATH_HOME": str(work / "home"),
        "STUDYPATH_CACHE": str(cache),
        "COLUMNS": "100",
        "PYTHONPATH": str(here.parent),
    }
    env.pop("STUDYPATH_GRAPH", None)
    before_env: dict[str, str] | None = None
    if args.before is not None:
        subprocess.run([PY, "-m", "compileall", "-q", args.before / "studypath"], check=True)
        before_env = {
            **env,
            "PYTHONPATH": str(args.before),
            "STUDYPATH_CACHE": str(work / "c0"),
            "RUN_IN": str(args.before),
        }
    floor = {**env, "FLOOR_IMPORTS": ""}
    rows: list[Row] = []
    runs = args.runs

    def add(
        name: str,
        ours: Timing,
        base_name: str,
        base: Timing,
        limit: float | None,
        rss_limit: float | None = None,
    ) -> None:
        rows.append(Row(name, ours, base_name, base, limit, rss_limit))
        row = rows[-1]
        print(
            f"  {name:<48} {row.timing.seconds:8.3f} s  {row.ratio:6.2f}x {base_name}",
            file=sys.stderr,
        )

    def completion(words: str) -> dict[str, str]:
        cword = str(len(words.split()) - 1)
        return {"_STUDYPATH_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}

    print("start-up, against a minimal typer app (benchmarks/floor.py)", file=sys.stderr)
    sp = STUDYPATH
    ours, base = side_by_side([*sp, "--help"], [*FLOOR, "--help"], runs, env, floor)
    add("studypath --help", ours, "floor --help", base, 0.5)
    warm = [*sp, "plan", "--goal", "pca"]
    for name, cmd in [
        ("done pca", [*sp, "done", "pca"]),
        ("next --goal pca", [*sp, "next", "--goal", "pca"]),
        ("status", [*sp, "status"]),
        ("plan --goal pca", warm),
        ("topics", [*sp, "topics"]),
    ]:
        ours, base = side_by_side(cmd, FLOOR, runs, env, floor, before=warm)
        target = 0.5 if name.split()[0] in ("done", "next", "status") else None
        add(f"studypath {name} (warm)", ours, "floor", base, target)
    bundled_completion = {**env, **completion("studypath done li")}
    ours, base = side_by_side(sp, FLOOR, runs, bundled_completion, floor, before=warm)
    add("completion of `done li` (warm, bundled graph)", ours, "floor", base, 0.5)
    bundled = ours

    by_size: dict[int, dict[str, Timing]] = {}
    for size in sizes:
        path = work / f"graph-{size}.yaml"
        small, large = write(size, path)
        mb = path.stat().st_size / 1e6
        print(f"{size:,} topics ({mb:.1f} MB), goals {small} and {large}", file=sys.stderr)
        g = ["--graph", str(path)]
        slow = 1 if size >= 100_000 else min(runs, 3)
        label = f"{size // 1000}k"
        as_json = work / f"graph-{size}.json"
        subprocess.run([PY, "-c", TO_JSON, str(path), str(as_json)], check=True)
        yaml_gc_off = [PY, "-c", YAML_GC_OFF, str(path)]
        json_load = [PY, "-c", JSON_LOAD, str(as_json)]
        check, parse = side_by_side([*sp, "check", *g], yaml_gc_off, slow, env, cold_cache=cache)
        add(
            f"check, cold ({label})",
            check,
            "yaml.load, GC off",
            parse,
            1.0 if size >= 10_000 else None,
            400 if size >= 100_000 else None,
        )
        json_time = only(json_load, slow, env)
        add(f"check, cold ({label})", check, "json.loads", json_time, None)
        cold, _ = side_by_side(
            [*sp, "plan", *g, "--goal", small], yaml_gc_off, slow, env, cold_cache=cache
        )
        add(f"plan ~100 topics, cold ({label})", cold, "yaml.load, GC off", parse, None)
        bad = work / f"bad-{size}.yaml"
        write(size, bad, misspell=min(3_000, size // 3))
        bad_check = only(
            [*sp, "check", "--graph", str(bad), "--no-cache"], slow, {**env, "OK": "1"}
        )
        add(f"check with {min(3_000, size // 3):,} misspelt references ({label})", bad_check,
            "valid check", check, 1.5)  # fmt: skip
        run_once([*sp, "check", *g], env)  # warm the cache
        warm_small = only([*sp, "plan", *g, "--goal", small], runs, env)
        add(f"plan ~100 topics, warm ({label})", warm_small, "yaml.load, GC off", parse,
            0.05 if size >= 100_000 else None)  # fmt: skip
        # Refused, every one (nothing is recorded): in about the time a valid graph checks in
        # (0.8x at 10k, 0.45x at 100k), growing with the graph, not the graph times the names.
        unknown = [f"nosuch{n}" for n in range(2_000)]
        many = only([*sp, "done", *g, *unknown], slow, {**env, "OK": "1"})
        add(f"done with 2,000 unknown names, warm ({label})", many, "valid check", check,
            1.5 if size >= 10_000 else None)  # fmt: skip
        tab = {**env, **completion(f"studypath done --graph {path} t0001")}
        complete = only(sp, runs, tab)
        add(f"completion of `done t0001` (warm, {label})", complete, "bundled graph", bundled,
            1.2 if size >= 100_000 else None)  # fmt: skip
        export = only([*sp, "export", *g, "--goal", large, "--format", "json"], slow, env)
        add(
            f"export json, most of the graph, warm ({label})",
            export,
            "yaml.load, GC off",
            parse,
            None,
        )  # fmt: skip  (the old target was against a GC-on yaml.load)
        whole = [*sp, "plan", *g]
        # Three runs at least, each beside one of the earlier version: a ratio of single runs
        # on a loaded machine is mostly noise.
        plan_runs = max(slow, 3)
        if before_env is not None:
            run_once([*sp, "check", *g], before_env)  # warm the earlier version's cache
            big_plan, earlier = side_by_side(whole, whole, plan_runs, env, before_env)
            add(f"plan, whole graph, warm, piped ({label})", big_plan, "before", earlier,
                0.5 if size >= 100_000 else None)  # fmt: skip
        else:
            big_plan = only(whole, plan_runs, env)
            add(f"plan, whole graph, warm, piped ({label})", big_plan, "yaml.load, GC off", parse,
                None)  # fmt: skip
        # The same plan with a schedule: every topic gets its dates (a pace, a fixed start).
        paced = [*whole, "--pace", "5h/week", "--start", "2027-01-04"]
        scheduled_plan, unscheduled = side_by_side(paced, whole, plan_runs, env, env)
        add(f"plan --pace, whole graph, warm, piped ({label})", scheduled_plan,
            "plan, whole graph", unscheduled, 1.2 if size >= 100_000 else None)  # fmt: skip
        by_size[size] = {"check": check, "warm": warm_small, "export": export, "plan": big_plan,
                         "completion": complete, "unknown names": many}  # fmt: skip

    print("the bundled graphs", file=sys.stderr)
    for name in ("math-for-ml", "metacademy", "ossu-cs"):
        source = HERE.parent / "data" / f"{name}.yaml"
        own = work / f"bundled-{name}"
        fresh = {**env, "STUDYPATH_CACHE": str(own)}
        parse_cmd = [PY, "-c", YAML_GC_OFF, str(source)]
        cold, parse = side_by_side(
            [*sp, "check", "--graph", name], parse_cmd, slow, fresh, cold_cache=own
        )
        # A few hundred topics: start-up is most of either; the target is against the floor.
        add(f"check, cold (bundled {name})", cold, "yaml.load, GC off", parse, None)
        cold_again, base = side_by_side(
            [*sp, "check", "--graph", name], FLOOR, slow, fresh, floor, cold_cache=own
        )
        add(f"check, cold (bundled {name})", cold_again, "floor", base, 1.0)
        every = [*sp, "plan", "--graph", name]
        warm_plan, base = side_by_side(every, FLOOR, runs, fresh, floor, before=every)
        add(f"plan, whole graph, warm (bundled {name})", warm_plan, "floor", base, None)

    growth: list[tuple[str, float]] = []
    for small_size, big_size in itertools.pairwise(sizes):
        for key in ("check", "warm", "export", "plan", "completion", "unknown names"):
            ratio = by_size[big_size][key].seconds / by_size[small_size][key].seconds
            growth.append((f"{key} {small_size // 1000}k → {big_size // 1000}k", ratio))

    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}\n")  # fmt: skip
    print("| measurement | time | baseline | baseline time | ratio | target | peak RSS |")
    print("|---|---:|---|---:|---:|---:|---:|")
    failed = 0
    for row in rows:
        verdict = ""
        if row.rss_limit is not None:
            fits = row.timing.rss_mb <= row.rss_limit
            failed += not fits
            verdict = f"RSS ≤ {row.rss_limit:g} MB {'✔' if fits else '✘'}; "
        if row.limit is not None:
            ok = row.ratio <= row.limit
            failed += not ok
            verdict += f"≤ {row.limit:g} {'✔' if ok else '✘'}"
        print(f"| {row.name} | {row.timing.seconds:.3f} s | {row.base_name} | "
              f"{row.base.seconds:.3f} s | {row.ratio:.2f}× | {verdict} | "
              f"{row.timing.rss_mb:.0f} MB |")  # fmt: skip
    print("\n| growth (10× the topics) | time ratio | target |")
    print("|---|---:|---:|")
    for name, ratio in growth:
        ok = ratio <= 10
        failed += not ok
        print(f"| {name} | {ratio:.1f}× | ≤ 10 {'✔' if ok else '✘'} |")
    shutil.rmtree(work, ignore_errors=True)
    print(f"\n{failed} target(s) missed" if failed else "\nevery target met")


if __name__ == "__main__":
    main()
