"""What studypath writes to a real terminal (a pseudo-terminal): colours, hyperlinks, NO_COLOR."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from studypath.terminal import Line, Screen, print_lines, width

from .helpers import run_in_terminal

OSC8 = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\")
SGR = re.compile(r"\x1b\[[0-9;]*m")
ESSENCE = "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab"


def test_a_terminal_gets_colours_and_resource_titles_as_links() -> None:
    code, out = run_in_terminal(["plan", "--goal", "pca"], {})
    assert code == 0, out
    assert SGR.search(out)
    links = OSC8.findall(out)
    assert ESSENCE in links  # the title of a resource of the plan links to its URL
    essence = out.index(ESSENCE)
    assert "Essence of linear algebra" in out[essence : essence + 200]


@pytest.mark.parametrize("command", ["plan", "next", "status", "topics"])
def test_no_color_in_a_terminal_means_no_escapes_and_full_urls(command: str) -> None:
    args = [command] if command == "topics" else [command, "--goal", "pca"]
    code, out = run_in_terminal(args, {"NO_COLOR": "1"})
    assert code == 0, out
    assert "\x1b" not in out
    if command in ("plan", "next"):
        assert "https://numpy.org/doc/stable/user/absolute_beginners.html" in out


def test_errors_in_a_terminal_colour_only_the_prefix() -> None:
    code, out = run_in_terminal(["plan", "--goal", "nope"], {})
    assert code == 1
    assert styled_text(out) == "error: "


def styled_text(out: str) -> str:
    """The characters of ``out`` printed while some colour or attribute was on."""
    styled, on, position = [], False, 0
    for match in SGR.finditer(out + "\x1b[0m"):
        if on:
            styled.append(out[position : match.start()])
        on = match.group() not in ("\x1b[0m", "\x1b[m")
        position = match.end()
    return "".join(styled)


WIDTHS = [40, 60, 80, 120, 200]


def plain(out: str) -> str:
    return SGR.sub("", OSC8.sub(lambda m: "", out))


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("command", ["plan", "next", "topics"])
def test_text_fits_the_terminal_at_every_width(columns: int, command: str) -> None:
    """No line wider than the terminal (or 100 columns of content), but for a URL or an id on a
    line of its own, or a command to copy; ids and words whole; every URL reachable as text."""
    args = [command] if command == "topics" else [command, "pca"]
    code, out = run_in_terminal(args, {}, columns=columns)
    assert code == 0, out
    text = plain(out)
    for line in text.splitlines():
        if len(line) > min(columns, 100):  # only an unbreakable word (a URL, an id) or a
            assert len(line.split()) == 1 or line.strip().startswith("studypath "), line
    words = " ".join(text.split())
    if command == "plan":
        assert "linear-algebra/essence" in words  # an id, whole
        assert ESSENCE in words  # a URL, whole, as text
        assert "Essence of linear algebra" in words  # a title: broken between words only
    elif command == "next":
        assert "la-introduction/module" in words
        assert "https://www.coursera.org/learn/multivariate-calculus-machine-learning" in words
        title = "Introduction to Linear Algebra and to Mathematics for Machine Learning"
        assert title in words.replace(" la-introduction ", " ")  # the id beside its first line
    else:
        assert "multivariate-calculus, python-numpy" in words


@pytest.mark.parametrize("columns", WIDTHS)
def test_ids_line_up_and_hints_stay_on_one_line(columns: int) -> None:
    code, out = run_in_terminal(["next", "pca"], {}, columns=columns)
    assert code == 0
    lines = plain(out).splitlines()
    ids = [line for line in lines if line.endswith(("/module", "/pdsh", "python-numpy"))]
    ends = {len(line) for line in ids if "studypath done" not in line}
    assert len(ids) >= 4 and len(ends) == 1  # flush with one right edge
    hint = "studypath done la-introduction/module"  # a command to copy: never broken
    assert any(line.strip() in (hint, f"Mark progress:  {hint}") for line in lines)


def test_compact_leaves_urls_to_the_links() -> None:
    code, out = run_in_terminal(["plan", "pca", "--compact"], {})
    assert code == 0
    assert ESSENCE in OSC8.findall(out)  # still a link...
    assert ESSENCE not in plain(out)  # ...but not printed


def test_long_output_in_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}", "LINES": "10"}
    code, out = run_in_terminal(["plan", "pca"], pager)
    assert code == 0 and "Stage 1" not in out
    assert "Stage 1" in plain(paged.read_text(encoding="utf-8"))
    assert SGR.search(paged.read_text(encoding="utf-8"))  # colours, as the terminal has them
    paged.unlink()
    code, out = run_in_terminal(["plan", "pca", "--no-pager"], pager)
    assert "Stage 1" in out and not paged.exists()
    code, out = run_in_terminal(["plan", "pca"], {**pager, "PAGER": ""})
    assert "Stage 1" in out and not paged.exists()
    code, out = run_in_terminal(["next", "pca"], {**pager, "LINES": "200"})  # it fits
    assert "Next up" in out and not paged.exists()


def test_slow_work_shows_a_transient_note_on_a_terminal_only(tmp_path: Path) -> None:
    graph = tmp_path / "slow.yaml"
    graph.write_text(
        "topics:\n" + "".join(f"  t{n}: {{title: Topic {n}}}\n" for n in range(60000)),
        encoding="utf-8",
    )
    fast = {"_STUDYPATH_BUSY_AFTER": "0.01", "STUDYPATH_HOME": str(tmp_path / "h")}
    code, out = run_in_terminal(["check", str(graph), "--no-cache"], fast)
    assert code == 0
    assert "Reading and checking the graph" in out
    assert out.rstrip().endswith("valid · 60000 topics · 0 resources · no hour estimates")
    piped = subprocess.run(
        [sys.executable, "-m", "studypath", "check", str(graph), "--no-cache"],
        capture_output=True, text=True, env={**os.environ, **fast}, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stderr == ""


def test_ctrl_c_acts_at_once_and_leaves_no_partial_file(tmp_path: Path) -> None:
    import signal
    import time

    graph = tmp_path / "big.yaml"
    graph.write_text(
        "topics:\n"
        + "".join(
            f"  t{n}: {{title: Topic {n}, resources: [{{title: R}}]}}\n" for n in range(60000)
        ),
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    env = {**os.environ, "STUDYPATH_HOME": str(tmp_path / "h"), "STUDYPATH_CACHE": str(cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "studypath", "plan", "--graph", str(graph)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    time.sleep(0.8)
    assert process.poll() is None, "the load ended before it could be interrupted"
    start = time.perf_counter()
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=10)
    assert time.perf_counter() - start < 0.5
    assert process.returncode == 130
    assert b"Traceback" not in errors
    assert not any(cache.glob("*.tmp")) and not any(cache.glob(".*.tmp"))


def test_a_long_url_moves_left_to_fit_rather_than_wrap() -> None:
    code, out = run_in_terminal(["next", "pca"], {}, columns=80)
    assert code == 0
    url = "https://www.coursera.org/learn/multivariate-calculus-machine-learning"
    (line,) = {line for line in plain(out).splitlines() if line.strip() == url}
    assert len(line) == 80  # 69 characters: 11 spaces in, where 18 would not fit


# -- lines, measured and written --------------------------------------------------------------

PIECES = st.text(alphabet="ab ☐·é\u0301\u200d\ufe0f\U0001f600あ", max_size=5)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PIECES, st.sampled_from(["", "dim"])), max_size=6))
def test_a_line_is_as_wide_as_its_pieces_each_measured_alone(line: Line) -> None:
    assert width(line) == sum(cell_len(text) for text, _ in line)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5])
def test_plain_lines_are_written_whole_a_chunk_at_a_time(count: int) -> None:
    stream = io.StringIO()
    lines: list[Line] = [[(f"line {i}", "bold"), (" · x", "dim")] for i in range(count)]
    print_lines(Screen(40, False, stream), iter([*lines, []]), chunk=2)
    assert stream.getvalue() == "".join(f"line {i} · x\n" for i in range(count)) + "\n"


def test_a_line_never_ends_between_a_number_and_its_hours() -> None:
    from studypath.terminal import wrap

    text = [("Coursera: Linear Algebra, module 1 · 2 h (2 h assumed)", "")]
    for room in range(12, 60):
        for line in wrap(text, room, 2):
            joined = "".join(piece for piece, _ in line).rstrip()
            assert not joined.endswith((" 2", "(2")), (room, joined)
