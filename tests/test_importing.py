"""``studypath import ossu|checklist``: a graph file made from a curriculum written elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from studypath import load_graph, parse_graph, plan

from .conftest import DATA, ROOT, Run

CHECKLIST = DATA / "checklist" / "teach-yourself.md"
OSSU = ROOT.parent / "shared" / "datasets" / "ossu" / "README.md"


def test_a_checklist_becomes_a_graph_file_and_its_ticks_progress(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    result = run("import", "checklist", str(CHECKLIST), "-o", str(out), "--record")
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    assert "9 topics in 4 stages, one per heading" in result.stdout
    assert "4 boxes ticked" in result.stdout
    assert "not an http(s) link: notes/ostep.md" in result.stdout
    graph = load_graph(out)
    assert len(graph) == 9
    status = run("status", "--graph", str(out))
    assert "3 of 9 topics" in status.stdout
    # A second import over the file is refused without --force.
    again = run("import", "checklist", str(CHECKLIST), "-o", str(out))
    assert again.exit_code == 1
    assert "exists; add --force" in again.stderr
    assert run("import", "checklist", str(CHECKLIST), "-o", str(out), "--force").exit_code == 0


def test_without_an_output_file_the_graph_goes_to_stdout_and_the_report_to_stderr(
    run: Run,
) -> None:
    result = run("import", "checklist", str(CHECKLIST))
    assert result.exit_code == 0, result.output
    graph = parse_graph(result.stdout, "stdout")
    assert len(plan(graph).steps) == 9
    assert "the graph is above" in result.stderr
    assert (
        "# Imported by `studypath import checklist`"
        in run("import", "checklist", str(CHECKLIST), "-o", "-").stdout
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["checklist", "nowhere.md"], 1, "file not found: nowhere.md"),
        (["checklist", "."], 1, "directory"),
        (["ossu", str(CHECKLIST), "--record"], 2, "No such option: --record"),
    ],
)
def test_bad_input_is_a_clear_error(run: Run, args: list[str], code: int, message: str) -> None:
    result = run("import", *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_file_without_task_items_is_not_a_checklist(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n\nJust prose, [a link](https://example.org).\n", encoding="utf-8")
    result = run("import", "checklist", str(page))
    assert result.exit_code == 1
    assert "is not a checklist: it has no task items" in result.stderr


@pytest.mark.skipif(not OSSU.is_file(), reason=f"the OSSU page is not at {OSSU}")
def test_the_ossu_page_becomes_a_graph_with_its_report(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "ossu.yaml"
    result = run("import", "ossu", str(OSSU), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "courses, one topic each" in result.stdout
    assert "mentions of a course matched" in result.stdout
    graph = load_graph(out)
    assert graph.meta["licence"] == "MIT"
    assert len(plan(graph).steps) == len(graph)
