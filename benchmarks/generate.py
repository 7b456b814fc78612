"""A seeded, deterministic synthetic graph file for benchmarks.

Topic ``i`` requires up to 3 topics chosen among the 30 before it (now and then one far
earlier), so a topic's plan holds most topics before it: early topics make small plans and the
last topic a plan of most of the graph. Every topic has 2 resources.

    python benchmarks/generate.py 10000 out.yaml
    python benchmarks/generate.py 10000 bad.yaml --misspelt 3000   # for error-path benchmarks
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

KINDS = ("course", "video", "book", "article", "paper", "docs")


def topic_id(i: int) -> str:
    return f"t{i:06d}"


def requirements(count: int, seed: int = 1) -> list[list[int]]:
    rng = random.Random(seed)
    out: list[list[int]] = []
    for i in range(count):
        picks: set[int] = set()
        for _ in range(rng.randint(0, 3) if i else 0):
            far = rng.random() < 0.05
            picks.add(rng.randrange(0, i) if far else rng.randrange(max(0, i - 30), i))
        out.append(sorted(picks))
    return out


def closure_size(requires: list[list[int]], goal: int) -> int:
    seen = {goal}
    stack = [goal]
    while stack:
        for r in requires[stack.pop()]:
            if r not in seen:
                seen.add(r)
                stack.append(r)
    return len(seen)


def goal_near(requires: list[list[int]], size: int) -> str:
    """The first topic whose plan holds at least ``size`` topics."""
    for i in range(len(requires)):
        if closure_size(requires, i) >= size:
            return topic_id(i)
    return topic_id(len(requires) - 1)


def misspelt(name: str, rng: random.Random) -> str:
    """``name`` with one letter changed: a reference to a topic that does not exist."""
    return name[:-1] + ("x" if name[-1] != "x" else "y")


def write(count: int, path: Path, seed: int = 1, misspell: int = 0) -> tuple[str, str]:
    """Write the graph; return a goal with a ~100-topic plan and one with most of the graph.

    With ``misspell``, that many ``requires`` entries name a topic with one letter wrong.
    """
    rng = random.Random(seed + 1)
    requires = requirements(count, seed)
    wrong = set(rng.sample([i for i, r in enumerate(requires) if r], misspell)) if misspell else ()
    lines = [f"title: Synthetic graph of {count} topics", "topics:"]
    for i, reqs in enumerate(requires):
        lines.append(f"  {topic_id(i)}:")
        lines.append(f"    title: Topic number {i} about {rng.choice(('sets', 'maps', 'sums'))}")
        if reqs:
            names = [topic_id(r) for r in reqs]
            if i in wrong:  # a letter wrong, and every other time a letter more too
                names[0] = ("z" if i % 2 else "") + misspelt(names[0], rng)
            lines.append(f"    requires: [{', '.join(names)}]")
        lines.append("    resources:")
        for n in range(2):
            lines.append(f"      - title: Resource {n} for topic {i}")
            lines.append(f"        url: https://example.org/{i}/{n}")
            lines.append(f"        kind: {rng.choice(KINDS)}")
            lines.append(f"        hours: {rng.randint(1, 40) / 4}")
            if n:
                lines.append("        free: true")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return goal_near(requires, 100), topic_id(count - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many topics")
    parser.add_argument("output", type=Path, help="the YAML file to write")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--misspelt", type=int, default=0, metavar="N",
                        help="make N prerequisite references name no topic")  # fmt: skip
    args = parser.parse_args()
    small, large = write(args.count, args.output, args.seed, args.misspelt)
    print(small, large)


if __name__ == "__main__":
    main()
