"""The commands of states and notes through the command line: show, know, skip, start, note,
and what done, undo, plan, next and status say of them."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .helpers import Run, heavy_modules

EPOCH = "1795478400"  # 2026-11-24

LA_MATRICES = "Matrices in Linear Algebra: Objects that operate on Vectors"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def records(home: Path) -> dict[str, str]:
    data = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    return {item: r["state"] for item, r in data["records"].items()}


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


# -- know, skip, start --------------------------------------------------------------------------


def test_know_skip_and_start_record_their_states(run: Run, isolated_state: Path) -> None:
    assert ok(run, "know", "vectors").splitlines() == [
        "✔ la-vectors  Vectors are objects that move around space  (known)",
        "  Now you can start:",
        f"    ▶ la-matrices  {LA_MATRICES}",
    ]
    assert ok(run, "skip", "esl", "probability").splitlines() == [
        "– decision-trees/esl  The Elements of Statistical Learning (Hastie, Tibshirani, "
        "Friedman)  (skipped)",
        "– probability  Probability basics  (skipped)",
        "  Decision Trees: 0 of 2 required resources done",
        "  Now you can start:",
        "    ▶ decision-trees  Decision Trees",
    ]
    assert ok(run, "start", "python-numpy").splitlines() == [
        "◐ python-numpy  Python and NumPy basics  (started)"
    ]
    assert records(isolated_state) == {
        "la-vectors": "known",
        "decision-trees/esl": "skipped",
        "probability": "skipped",
        "python-numpy": "started",
    }
    again = ok(run, "know", "vectors", "python-numpy")
    assert "la-vectors  Vectors are objects that move around space  (already known)" in again
    assert "python-numpy  Python and NumPy basics  (known; was started)" in again
    assert records(isolated_state)["python-numpy"] == "known"


def test_know_with_prerequisites_places_the_learner(run: Run, isolated_state: Path) -> None:
    ok(run, "done", "la-introduction", "la-vectors/module")  # la-vectors done through this
    ok(run, "skip", "python-numpy")
    out = ok(run, "know", "la-matrices", "--with-prerequisites")
    assert out.splitlines()[0] == f"✔ la-matrices  {LA_MATRICES}  (known)"
    assert "Known too" not in out  # la-vectors is done already: left as it is
    out = ok(run, "know", "pca-statistics", "--with-prerequisites")
    assert "Known too" not in out
    assert records(isolated_state) == {
        "la-introduction": "done",
        "la-vectors/module": "done",
        "python-numpy": "skipped",
        "la-matrices": "known",
        "pca-statistics": "known",
    }
    ok(run, "undo", "la-matrices", "python-numpy", "la-vectors/module")
    out = ok(run, "know", "pca-statistics/module", "--with-prerequisites")  # its topic's
    known = "  Known too, 3 prerequisites: python-numpy, la-vectors, la-matrices"
    assert known in out
    assert records(isolated_state)["la-vectors"] == "known"


def test_done_names_what_became_startable_and_the_goals_reached(
    run: Run, isolated_state: Path
) -> None:
    ok(run, "goal", "add", "pca-statistics")
    out = ok(run, "done", "la-vectors")
    assert out.endswith(f"Now you can start:\n    ▶ la-matrices  {LA_MATRICES}\n")
    assert "▶" not in ok(run, "done", "la-vectors/module")  # its topic was done: nothing new
    assert "▶" not in ok(run, "done", "python-numpy/python-tutorial")  # the topic is not done
    assert "pca-statistics" not in ok(run, "done", "python-numpy")  # it needs la-matrices too
    out = ok(run, "done", "la-matrices")
    assert "    ▶ pca-statistics  Statistics of Datasets" in out
    assert "Goal reached" not in out
    out = ok(run, "done", "pca-statistics/module")  # its one required resource: it is done
    assert out.splitlines()[-1] == "★ Goal reached: Statistics of Datasets (pca-statistics)"
    assert "Goal reached" not in ok(run, "done", "pca-statistics")  # done already


def test_dependents_come_from_an_index_beside_the_cache_unless_it_is_off(
    run: Run, tmp_path: Path
) -> None:
    cache = tmp_path / "studypath-cache"  # $STUDYPATH_CACHE (tests/conftest.py)
    assert "▶ la-matrices" in ok(run, "done", "la-vectors", "--no-cache")
    assert not list(cache.glob("*.dependents"))  # --no-cache writes nothing there
    ok(run, "undo", "la-vectors")
    assert "▶ la-matrices" in ok(run, "done", "la-vectors")
    assert len(list(cache.glob("*.dependents"))) == 1


def test_skipped_work_counts_nowhere_and_is_satisfied_for_what_needs_it(run: Run) -> None:
    ok(run, "skip", "python-numpy")
    plan = ok(run, "plan", "pca-statistics")
    assert "0 of 4 topics · 0% · ~12 h left · 1 skipped" in plan
    assert "  – Python and NumPy basics" in plan and "skipped  python-numpy" in plan
    hidden = ok(run, "plan", "pca-statistics", "--hide-done")
    assert "Python and NumPy basics" not in hidden and "· 1 skipped not shown" in hidden
    ok(run, "done", "la-introduction", "la-vectors", "la-matrices")
    next_up = ok(run, "next", "pca-statistics")
    assert next_up.startswith("Next up for Statistics of Datasets\n  ▶ Statistics of Datasets")
    status = ok(run, "status", "pca-statistics")
    assert "3 of 4 topics · 58% · ~5 h left · 1 skipped" in status  # 7 of 12 hours
    assert "topics: 3 studied · 0 known · 1 skipped" in status
    assert "resources 3 of 4 done" in status  # python-numpy's three are skipped with it


def test_started_topics_come_first_in_next_and_show_in_status(run: Run) -> None:
    ok(run, "start", "la-matrices")
    assert ok(run, "next", "pca-statistics").count("▶") == 2  # not startable yet: not listed
    ok(run, "done", "la-introduction", "la-vectors")
    out = ok(run, "next", "pca-statistics").splitlines()
    firsts = [line for line in out if line.startswith("  ") and not line.startswith("     ")]
    assert firsts[0].startswith(f"  ◐ {LA_MATRICES}")
    assert firsts[0].endswith("started  la-matrices")
    assert firsts[1].startswith("  ▶ Python and NumPy basics")
    status = ok(run, "status", "pca-statistics")
    assert "  started: la-matrices" in status
    plan = ok(run, "plan", "pca-statistics")
    assert f"◐ {LA_MATRICES}" in plan and "started  la-matrices" in plan


def test_undo_takes_back_any_state(run: Run, isolated_state: Path) -> None:
    ok(run, "know", "la")
    ok(run, "skip", "trees")
    ok(run, "start", "pca")
    out = ok(run, "undo", "la", "trees", "pca")
    assert out.splitlines() == [
        "☐ linear-algebra  Linear Algebra  (no longer known)",
        "☐ decision-trees  Decision Trees  (no longer skipped)",
        "☐ pca  Principal Component Analysis  (no longer started)",
    ]
    assert records(isolated_state) == {}


def test_an_unknown_item_records_nothing(run: Run, isolated_state: Path) -> None:
    for command in ("know", "skip", "start"):
        result = run(command, "pca", "no such thing")
        assert result.exit_code == 1
        assert "nothing was recorded" in result.stderr
    assert not (isolated_state / "progress.json").exists()


# -- show -------------------------------------------------------------------------------------


def test_show_a_topic_with_what_it_needs_and_unlocks(run: Run) -> None:
    ok(run, "done", "linear-algebra")
    ok(run, "note", "pca/coursera", "week 3 is the hard one")
    out = ok(run, "show", "la")
    assert out.splitlines()[:3] == [
        "Linear Algebra" + " " * 72 + "linear-algebra",
        "What vectors and matrices are, how to work with them, and how they relate to data.",
        "also: la, linalg",
    ]
    assert "Done." in out  # recorded so, though its modules are not
    assert "  ☐ Vectors are objects that move around space" in out
    assert "  Still needed: 5 topics, directly or not; start with la-introduction\n" in out
    assert "  2 topics need it, directly or not\n" in out  # and both need more than it
    assert "  none: it can be started at any time" in ok(run, "show", "la-introduction")
    out = ok(run, "show", "principal component analysis")
    assert out.splitlines()[0].startswith("Principal Component Analysis ✎")
    assert "Not started; 17 topics still needed first." in out
    assert "  ✔ Linear Algebra" in out and "  ☐ Python and NumPy basics" in out
    assert "Still needed: 17 topics, directly or not; start with la-introduction, calc-" in out
    assert "  nothing needs it" in out
    assert "https://www.coursera.org/specializations/mathematics-machine-learning" in out
    assert "  2026-11-24  coursera: week 3 is the hard one" in out
    assert run("show", "nope").exit_code == 1


def test_show_says_each_state_in_words(run: Run) -> None:
    ok(run, "know", "vectors")
    assert "Known: counts as done." in ok(run, "show", "vectors")
    ok(run, "skip", "vectors")
    out = ok(run, "show", "vectors")
    assert "Skipped: left out of your plans, satisfied for the topics that need it." in out
    assert "15 topics need it, directly or not; la-matrices can be started now" in out
    ok(run, "start", "python-numpy")
    ok(run, "note", "python-numpy", "line one\nline two")
    out = ok(run, "show", "python-numpy")
    assert "Started; every prerequisite is satisfied." in out
    assert "  2026-11-24  line one\n              line two\n" in out
    assert "  5 topics need it, directly or not\n" in out  # none startable: they need more
    next_up = ok(run, "next", "pca")
    assert "◐ Python and NumPy basics ✎" in next_up


def test_show_json(run: Run) -> None:
    ok(run, "skip", "python-numpy")
    data = json.loads(ok(run, "show", "multivariate-calculus", "--json"))
    assert (data["kind"], data["version"], data["generator"]) == ("show", 1, "studypath")
    assert data["topic"]["id"] == "multivariate-calculus" and data["topic"]["state"] is None
    assert data["topic"]["startable"] is False
    assert [(p["id"], p["state"]) for p in data["prerequisites"]] == [
        ("calc-derivatives", None), ("calc-multivariate", None), ("calc-chain-rule", None),
        ("calc-taylor-series", None), ("calc-optimisation", None), ("calc-regression", None),
        ("linear-algebra", None),
    ]  # fmt: skip
    assert data["prerequisites"][0] == {
        "id": "calc-derivatives", "title": "What is calculus?", "state": None
    }  # fmt: skip
    assert data["needs"]["missing"] == 12  # its six modules, linear-algebra and its five
    assert [t["id"] for t in data["needs"]["next"]] == ["la-introduction", "calc-derivatives"]
    assert data["unlocks"]["downstream"] == 1
    assert data["unlocks"]["startable_once_done"] == []  # pca also needs linear-algebra
    assert [r["state"] for r in data["resources"]] == [None, None]
    assert data["notes"] == []


# -- notes ------------------------------------------------------------------------------------


def test_notes_are_added_listed_and_shown_in_plan_and_export(
    run: Run, isolated_state: Path, tmp_path: Path
) -> None:
    assert "No notes on pca yet" in ok(run, "note", "pca")
    out = ok(run, "note", "pca", "eigenvectors", "first")  # words joined
    assert out == "✎ pca  Principal Component Analysis  (note added; 1 note)\n"
    ok(run, "note", "essence", "chapter 3\n\n  again  \n")
    assert ok(run, "note", "pca").splitlines() == [
        "Notes on Principal Component Analysis  pca",
        "  2026-11-24  eigenvectors first",
    ]
    assert ok(run, "note", "linear-algebra/essence").splitlines()[1:] == [
        "  2026-11-24  chapter 3",
        "              again",
    ]
    assert records_or_none(isolated_state) == {}  # notes are no records
    plan = ok(run, "plan", "pca")
    assert "Principal Component Analysis ✎" in plan and "Essence of linear algebra · free ✎" in plan
    export = ok(run, "export", "pca")
    assert "`pca`\n  - ✎ 2026-11-24: eigenvectors first\n  - [ ]" in export
    assert "`linear-algebra/essence`\n    - ✎ 2026-11-24: chapter 3 again\n" in export
    path = tmp_path / "plan.md"
    ok(run, "export", "pca", "-o", str(path))
    ok(run, "note", "pca", "another")  # the export changes: no loss, and sync reads no note
    ok(run, "export", "pca", "-o", str(path))
    assert "nothing to change" in ok(run, "sync", str(path))
    data = json.loads(ok(run, "export", "pca", "-f", "json"))
    assert data["topics"][-1]["notes"] == [
        {"at": "2026-11-24T00:00:00+00:00", "text": "eigenvectors first"},
        {"at": "2026-11-24T00:00:00+00:00", "text": "another"},
    ]
    assert ok(run, "undo", "pca").count("no longer") == 0  # undo leaves notes
    assert len(ok(run, "note", "pca").splitlines()) == 3


def records_or_none(home: Path) -> dict[str, str]:
    path = home / "progress.json"
    return records(home) if path.exists() else {}


def test_notes_are_escaped_everywhere(run: Run) -> None:
    hostile = "\x1b[31mred\u202e [x](javascript:alert(1)) <b>b</b> me@evil.example"
    ok(run, "note", "pca", hostile)
    for out in (ok(run, "note", "pca"), ok(run, "show", "pca"), ok(run, "plan", "pca")):
        assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31mred\\u202e" in ok(run, "note", "pca")
    export = ok(run, "export", "pca")
    line = next(line for line in export.splitlines() if "✎" in line)
    assert line == (
        "  - ✎ 2026-11-24: \\\\x1b\\[31mred\\\\u202e \\[x\\](javascript:alert(1)) "
        "\\<b\\>b\\</b\\> `me@evil.example`"
    )


EDITOR = """
import sys
from pathlib import Path
path = Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
Path(sys.argv[1]).write_text(text, encoding="utf-8")  # what the editor was given
path.write_text(sys.argv[2].replace("\\\\n", "\\n"), encoding="utf-8")
sys.exit(int(sys.argv[3]))
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, int], dict[str, str]]:
    """An "editor": a script that keeps what it was given and leaves ``text`` in the file.
    Temporary files go to a directory of the test's own."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")

    def env(text: str, status: int = 0) -> dict[str, str]:
        seen = tmp_path / "seen.txt"
        quoted = text.replace("\n", "\\n")
        command = f"{sys.executable} {script} {seen} '{quoted}' {status}"
        return {"VISUAL": command, "EDITOR": "false"}

    return env


def test_note_edit_makes_what_the_editor_leaves_the_notes(
    run: Run, editor: Callable[[str, int], dict[str, str]], tmp_path: Path
) -> None:
    ok(run, "note", "pca", "first")
    ok(run, "note", "pca", "second")
    kept = "2026-11-24  first, edited\n\n2026-11-20  older\nline two\n\nundated\n"
    result = run("note", "pca", "--edit", env=editor(kept, 0))
    assert result.exit_code == 0, result.output
    assert result.stdout == "✎ pca  Principal Component Analysis  (3 notes; 2 before)\n"
    given = (tmp_path / "seen.txt").read_text(encoding="utf-8")
    assert given.startswith("# Notes on pca: Principal Component Analysis\n#")
    assert given.endswith("\n\n2026-11-24  first\n\n2026-11-24  second\n")
    assert ok(run, "note", "pca").splitlines()[1:] == [
        "  2026-11-24  first, edited",
        "  2026-11-20  older",
        "              line two",
        "  2026-11-24  undated",
    ]
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary file is gone
    emptied = run("note", "pca", "--edit", env=editor("# all gone\n", 0))
    assert emptied.exit_code == 0 and "(0 notes; 3 before)" in emptied.stdout
    assert "No notes on pca yet" in ok(run, "note", "pca")


def test_note_edit_that_changes_nothing_writes_nothing(
    run: Run, editor: Callable[[str, int], dict[str, str]], isolated_state: Path
) -> None:
    ok(run, "note", "pca", "first")
    before = (isolated_state / "progress.json").stat().st_mtime_ns
    same = run("note", "pca", "--edit", env=editor("2026-11-24  first\n", 0))
    assert same.exit_code == 0 and "(1 note; 1 before)" in same.stdout
    assert (isolated_state / "progress.json").stat().st_mtime_ns == before


def test_note_edit_failures_change_nothing(
    run: Run, editor: Callable[[str, int], dict[str, str]], isolated_state: Path
) -> None:
    ok(run, "note", "pca", "first")
    before = (isolated_state / "progress.json").read_bytes()
    failed = run("note", "pca", "--edit", env=editor("2026-11-24  changed\n", 3))
    assert failed.exit_code == 1
    assert failed.stderr == "error: the editor exited with status 3: the notes are unchanged\n"
    bad = run("note", "pca", "--edit", env=editor("2026-02-30  a date that is none\n", 0))
    assert bad.exit_code == 1
    assert "2026-02-30 is not a date, so nothing was saved; what you wrote is in" in bad.stderr
    kept = Path(bad.stderr.rsplit(" ", 1)[1].strip())
    assert "a date that is none" in kept.read_text(encoding="utf-8")
    kept.unlink()
    missing = run("note", "pca", "--edit", env={"VISUAL": "", "EDITOR": ""})
    assert missing.exit_code == 2 and "set $VISUAL or $EDITOR" in missing.stderr
    nowhere = run("note", "pca", "--edit", env={"VISUAL": "/no/such/editor"})
    assert nowhere.exit_code == 1 and "cannot run the editor `/no/such/editor`" in nowhere.stderr
    unquoted = run("note", "pca", "--edit", env={"VISUAL": "vim 'unbalanced"})
    assert unquoted.exit_code == 2 and "cannot read the editor command" in unquoted.stderr
    writes_bytes = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'wb').write(b'\\xff')\""
    binary = run("note", "pca", "--edit", env={"VISUAL": writes_bytes})
    assert binary.exit_code == 1 and "cannot read what the editor left in" in binary.stderr
    assert binary.stderr.rstrip().endswith(": it is not UTF-8 text")
    Path(binary.stderr.split(" left in ")[1].split(":")[0]).unlink()  # kept for the learner
    garbles = (
        f"{sys.executable} -c \"open({str(isolated_state / 'progress.json')!r}, 'w').write('{{')\""
    )
    garbled = run("note", "pca", "--edit", env={"VISUAL": garbles})
    assert garbled.exit_code == 1 and "cannot be used: it is not valid JSON" in garbled.stderr
    kept = Path(garbled.stderr.rstrip().rsplit(" ", 1)[1])
    assert "2026-11-24  first" in kept.read_text(encoding="utf-8")  # what the learner has
    kept.unlink()
    assert (isolated_state / "progress.json").read_text(encoding="utf-8") == "{"  # untouched
    (isolated_state / "progress.json").write_bytes(before)
    both = run("note", "pca", "text", "--edit")
    assert both.exit_code == 2 and "--edit takes no TEXT" in both.stderr
    empty = run("note", "pca", "  \n ")
    assert empty.exit_code == 2 and "a note needs some text" in empty.stderr
    assert (isolated_state / "progress.json").read_bytes() == before


# -- completion -------------------------------------------------------------------------------


def test_completion_offers_what_each_command_can_change(run: Run) -> None:
    from .test_cli import complete

    env = {"STUDYPATH_HOME": os.environ["STUDYPATH_HOME"],
           "STUDYPATH_CACHE": os.environ["STUDYPATH_CACHE"]}  # fmt: skip

    def pca(line: str) -> list[str]:  # the topic pca and its resources (not its modules)
        return [c for c in complete(line, env) if c == "pca" or c.startswith("pca/")]

    ok(run, "know", "pca")
    ok(run, "skip", "pca/coursera")
    assert pca("studypath know pca") == ["pca/coursera", "pca/mml-book"]
    assert pca("studypath skip pca") == ["pca", "pca/mml-book"]
    assert pca("studypath start pca") == ["pca", "pca/coursera", "pca/mml-book"]
    assert pca("studypath done pca") == ["pca", "pca/coursera", "pca/mml-book"]
    assert complete("studypath undo pca", env) == ["pca", "pca/coursera"]
    assert "pca-statistics/module" in complete("studypath done pca-s", env)
    assert complete("studypath note pca/", env) == ["pca/coursera", "pca/mml-book"]
    assert "principal-component-analysis" in complete("studypath show pr", env)
    assert "python-numpy/pdsh" not in complete("studypath show python", env)


@pytest.mark.parametrize(
    "args",
    [["know", "la", "--with-prerequisites"], ["skip", "pca"], ["start", "pca"],
     ["note", "pca", "x"], ["note", "pca"], ["done", "multivariate-calculus"],
     ["undo", "pca"]],
)  # fmt: skip
def test_the_short_commands_start_without_heavy_libraries(args: list[str], tmp_path: Path) -> None:
    env = {"STUDYPATH_HOME": str(tmp_path / "h"), "STUDYPATH_CACHE": str(tmp_path)}
    heavy_modules(args, env)  # the second run is warm
    assert heavy_modules(args, env) == []


def test_show_names_a_one_of_group_and_each_alternative_with_its_state(
    run: Run, write_graph: Callable[..., Path]
) -> None:
    graph = write_graph(
        "topics:\n  basics: {title: Basics}\n  a: {title: Course A}\n  b: {title: Course B}\n"
        "  project: {title: Project, requires: [basics, {one-of: [a, b]}]}\n",
        "grouped.yaml",
    )
    ok(run, "know", "b", "--graph", str(graph))
    lines = ok(run, "show", "project", "--graph", str(graph)).splitlines()
    start = lines.index("Prerequisites")
    shown = lines[start + 1 : start + 5]
    assert [len(line) - len(line.lstrip()) for line in shown] == [2, 2, 4, 4]  # indents
    assert [" ".join(line.split()) for line in shown] == [
        "☐ Basics basics",
        "one of: a, b",
        "☐ Course A a",
        "✔ Course B known b",
    ]
    assert "Not started; 1 topic still needed first." in lines
    data = json.loads(ok(run, "show", "project", "--graph", str(graph), "--json"))
    assert data["topic"]["requires"] == ["basics", {"one-of": ["a", "b"]}]
    assert [[(p["id"], p["state"]) for p in group] for group in data["one_of"]] == [
        [("a", None), ("b", "known")]
    ]
