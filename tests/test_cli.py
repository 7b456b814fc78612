"""The command line, through typer's CliRunner at a fixed width."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from studypath import UsageError, __version__
from studypath.cli import app

from .conftest import Run

BAD_GRAPH = """
title: Broken
topics:
  a:
    title: A
    requires: [bb]
  b:
    title: B
    requires: [c]
  c:
    title: C
    requires: [b]
"""


def test_no_arguments_prints_help(run: Run) -> None:
    result = run()
    assert "Usage" in result.output
    assert "plan" in result.output and "done" in result.output


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"studypath {__version__}"


def test_plan_pca_prints_stages_ids_and_urls_in_order(run: Run) -> None:
    result = run("plan", "--goal", "pca")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Principal Component Analysis · Mathematics for Machine Learning\n")
    positions = [
        out.index(s)
        for s in (
            "Stage 1",
            "la-introduction",
            "Stage 2",
            "la-vectors",
            "Stage 6",
            "linear-algebra/coursera",
            "Stage 9",
            "multivariate-calculus/coursera",
            "Stage 10",
            "pca/coursera",
        )
    ]
    assert positions == sorted(positions)
    # Piped: no colour, no hyperlink escapes, every URL in full.
    assert "\x1b" not in out
    assert "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab" in out
    assert "19 topics · 26 resources · ~63 h in all · 2 topics without an estimate" in out
    assert "decision-trees" not in out


def test_plan_counts_hours_when_the_graph_has_them(
    run: Run, write_graph: Callable[..., Path]
) -> None:
    path = write_graph("""
        title: Timed
        topics:
          a:
            title: A
            hours: 2
          b:
            title: B
            requires: [a]
            resources:
              - {title: R1, hours: 1.5}
              - {title: R2, hours: 10, optional: true}
        """)
    result = run("plan", "--graph", str(path))
    assert result.exit_code == 0, result.output
    assert "~3.5 h left" in result.stdout
    assert "2 topics · 2 resources · ~3.5 h in all" in result.stdout


def test_goals_repeat_and_match_titles(run: Run) -> None:
    result = run("plan", "-g", "Decision Trees", "-g", "la")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Decision Trees, Linear Algebra · ")


def test_unknown_goal_exits_1_with_a_suggestion_on_stderr(run: Run) -> None:
    result = run("plan", "--goal", "pcaa")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown topic `pcaa` — did you mean `pca`?" in result.stderr
    assert "Traceback" not in result.output


def test_bad_usage_exits_2(run: Run) -> None:
    assert run("plan", "--no-such-option").exit_code == 2
    assert run("done").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_check_valid_and_invalid(run: Run, write_graph: Callable[..., Path]) -> None:
    ok = run("check")
    assert ok.exit_code == 0
    assert ok.stdout.startswith("✔ math-for-ml.yaml (bundled): valid · 21 topics · 31 resources")
    assert ok.stdout.endswith(" · ~63 h estimated\n")
    path = write_graph(BAD_GRAPH, name="broken.yaml")
    bad = run("check", str(path))
    assert bad.exit_code == 1
    lines = bad.stderr.splitlines()
    assert lines == [
        f"{path}:5:16: topic `a` requires unknown topic `bb` — did you mean `b`?",
        f"{path}:6:3: cycle: b → c → b (lines 6, 9)",
        f"2 problems in {path}",
    ]


def test_every_command_refuses_an_invalid_graph(run: Run, write_graph: Callable[..., Path]) -> None:
    path = write_graph(BAD_GRAPH)
    for command in (["plan"], ["topics"], ["next"], ["status"], ["done", "a"], ["undo", "a"]):
        result = run(*command, "--graph", str(path))
        assert result.exit_code == 1, command
        assert "2 problems in" in result.stderr


def test_missing_graph_file_names_the_path(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run("plan", "--graph", str(missing))
    assert result.exit_code == 1
    assert f"graph file not found: {missing}" in result.stderr


def test_graph_from_the_environment(run: Run, write_graph: Callable[..., Path]) -> None:
    path = write_graph("title: Env\ntopics:\n  only: {title: Only one}\n")
    result = run("topics", env={"STUDYPATH_GRAPH": str(path)})
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Env · 1 topic", "only  Only one"]


def test_topics_lists_ids_titles_and_prerequisites(run: Run) -> None:
    result = run("topics")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("pca "))
    entry = " ".join(lines[start : start + 4])  # wrapped under the title, in the id's column
    assert lines[start + 1].startswith(" " * 23) and not lines[start + 1][23].isspace()
    assert "Principal Component Analysis" in entry
    assert (
        "← pca-statistics, pca-inner-products, pca-projections, pca-derivation, linear-algebra,"
        " multivariate-calculus, python-numpy"
    ) in " ".join(entry.split())


COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
#: The commands that need an item (or a topic) to run.
ITEM_COMMANDS = ("done", "undo", "know", "skip", "start", "note", "show")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_converts_studypath_errors(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Registered through cli.command(): a StudypathError from anywhere in a command becomes
    one message on stderr and its exit code, never a traceback."""
    (info,) = [c for c in app.registered_commands if (c.name or c.callback.__name__) == name]  # type: ignore[union-attr]
    assert getattr(info.callback, "handles_errors", False)

    def fail(*args: object, **kwargs: object) -> None:
        raise UsageError("wrong in some way")

    import inspect

    from studypath import actions

    for action, function in vars(actions).items():
        if inspect.isfunction(function) and function.__module__.startswith(actions.__name__):
            monkeypatch.setattr(actions, action, fail)
    args = {"sync": ["f.md"]}.get(name, ["x"] if name in ITEM_COMMANDS else [])
    with pytest.raises(SystemExit) as exit_info:
        main_with([name, *args])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "error: wrong in some way\n"


def main_with(args: list[str]) -> None:
    from studypath.entry import _app_for

    _app_for(args)(args, prog_name="studypath")


def test_the_entry_point_builds_only_the_command_it_runs() -> None:
    from studypath.entry import _app_for

    only = _app_for(["done", "pca"])
    assert [c.callback.__name__ for c in only.registered_commands if c.callback] == ["done"]
    assert len(app.registered_commands) == len(COMMANDS)  # the shared app is left whole
    for args in ([], ["--version"], ["no-such-command"]):
        assert _app_for(args) is app


def complete(words: str, env: dict[str, str]) -> list[str]:
    """What the installed command offers for bash completion of ``words``."""
    import os
    import subprocess
    import sys

    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    result = subprocess.run(
        [sys.executable, "-m", "studypath"],
        env={
            **os.environ,
            **env,
            "_STUDYPATH_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": cword,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_shell_completion_offers_ids_from_the_graph_in_use(
    write_graph: Callable[..., Path], tmp_path: Path
) -> None:
    env = {"STUDYPATH_HOME": str(tmp_path / "h"), "STUDYPATH_CACHE": str(tmp_path / "c")}
    assert complete("studypath done linear-algebra/", env) == [
        "linear-algebra/axler", "linear-algebra/coursera", "linear-algebra/essence",
        "linear-algebra/mml-book",
    ]  # fmt: skip
    assert {"pca", "principal-component-analysis", "python-numpy"} <= set(
        complete("studypath plan --goal p", env)
    )
    own = write_graph("topics:\n  zeta: {title: Z}\n  zulu: {title: Z2}\n")
    assert complete(f"studypath done --graph {own} z", env) == ["zeta", "zulu"]
    assert complete(f"studypath undo --graph {own} z", env) == []  # nothing done yet


def test_completion_scripts_install(run: Run) -> None:
    result = run("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert result.exit_code == 0
    assert "_STUDYPATH_COMPLETE=complete_bash" in result.stdout


def test_goals_as_arguments_and_options_alike(run: Run) -> None:
    by_option = run("plan", "--goal", "pca")
    assert run("plan", "pca").stdout == by_option.stdout
    assert run("plan", "principal COMPONENT analysis").stdout == by_option.stdout  # a title
    assert run("plan", "eigenv").stdout == run("plan", "la-eigenvalues").stdout  # part of one
    component = run("plan", "component")  # part of two titles: the course's and its module's
    assert component.exit_code == 1
    assert "pca-derivation  Principal Component Analysis (module 4)" in component.stderr
    both = run("next", "pca", "--goal", "decision-trees")
    assert "Next up for Principal Component Analysis, Decision Trees" in both.stdout


def test_every_unknown_goal_is_reported_at_once(run: Run) -> None:
    result = run("status", "nope", "pca", "zilch")
    assert result.exit_code == 1
    assert "unknown topic `nope`" in result.stderr and "unknown topic `zilch`" in result.stderr


def test_graph_before_the_command(tmp_path: Path, write_graph: Callable[..., Path]) -> None:
    import subprocess
    import sys

    own = write_graph("title: Own\ntopics:\n  only: {title: Only one}\n")
    for args in (["--graph", str(own), "topics"], [f"--graph={own}", "topics"]):
        result = subprocess.run(
            [sys.executable, "-m", "studypath", *args],
            capture_output=True, text=True, check=False,
            env={**__import__("os").environ, "STUDYPATH_HOME": str(tmp_path / "h")},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0] == "Own · 1 topic"


def test_words_that_name_one_item_together_are_refused_unquoted(run: Run) -> None:
    result = run("done", "python", "tutorial")
    assert result.exit_code == 1
    assert '("python tutorial")' in result.stderr
    assert "nothing was recorded" in result.stderr
    quoted = run("done", "python tutorial")
    assert quoted.exit_code == 0
    assert quoted.stdout.startswith("✔ python-numpy/python-tutorial  The Python Tutorial")
    apart = run("done", "python", "essence")  # each word its own item: fine
    assert apart.exit_code == 0


def test_status_counts_resources_and_names_the_first_step(run: Run) -> None:
    fresh = run("status", "pca")
    assert "resources 0 of 26 done" in fresh.stdout
    assert "Nothing recorded yet. See where to start with: studypath next pca" in fresh.stdout
    run("done", "linear-algebra/essence")
    after = run("status", "pca")
    assert "resources 1 of 26 done" in after.stdout
    assert "Last progress recorded" in after.stdout


def test_the_whole_graph_has_one_name(run: Run) -> None:
    assert run("plan").stdout.startswith("The whole graph · Mathematics for Machine Learning")
    assert "The whole graph\n" in run("status").stdout
    assert run("next").stdout.startswith("Next up for the whole graph")


def test_export_to_a_file_says_how_to_sync(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = run("export", "pca", "-o", str(out))
    assert result.stdout.splitlines() == [
        f"wrote {out} (19 topics, md)",
        f"  tick boxes there, then record them with studypath sync {out}",
    ]


def test_sync_of_another_graphs_export_fails_and_unticked_records_are_named(
    run: Run, tmp_path: Path, write_graph: Callable[..., Path]
) -> None:
    out = tmp_path / "plan.md"
    run("export", "pca", "-o", str(out))
    other = write_graph("topics:\n  zeta: {title: Z}\n")
    foreign = run("sync", str(out), "--graph", str(other))
    assert foreign.exit_code == 1
    assert "was it exported from another graph?" in foreign.stderr
    run("done", "pca")
    unticked = run("sync", str(out))
    assert unticked.exit_code == 0
    assert "still recorded as done (pca" in unticked.stderr


def test_json_documents_for_scripts(run: Run) -> None:
    import json

    run("done", "la-introduction")
    plan = json.loads(run("plan", "pca", "--json").stdout)
    assert plan["generator"] == "studypath" and plan["version"] == 1
    assert [t["id"] for t in plan["topics"]][-1] == "pca"
    upcoming = json.loads(run("next", "pca", "--json").stdout)
    assert (upcoming["kind"], upcoming["version"], upcoming["goals"]) == ("next", 1, ["pca"])
    assert [t["id"] for t in upcoming["next"]] == ["calc-derivatives", "python-numpy", "la-vectors"]
    assert all(not r["id"].startswith("la-introduction/") for t in upcoming["next"]
               for r in t["resources"])  # fmt: skip
    state = json.loads(run("status", "pca", "decision-trees", "--json").stdout)
    assert state["kind"] == "status"
    assert [(g["goals"], g["topics_done"], g["topics"]) for g in state["goals"]] == [
        (["pca"], 1, 19), (["decision-trees"], 0, 2)
    ]  # fmt: skip
    assert state["last_recorded"] is not None and state["orphans"] == []
    listed = json.loads(run("topics", "--json").stdout)
    assert listed["kind"] == "topics"
    pca = next(t for t in listed["topics"] if t["id"] == "pca")
    assert pca["stage"] == 10 and "python-numpy" in pca["requires"]


def test_where_says_where_paths_come_from(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = run("where", env={"STUDYPATH_GRAPH": str(missing)})
    lines = result.stdout.splitlines()
    assert lines[0] == f"graph     {missing}  (from $STUDYPATH_GRAPH; not found)"
    assert lines[1].endswith("(from $STUDYPATH_HOME; not created yet)")
    assert lines[2].endswith("(from $STUDYPATH_CACHE; not created yet)")
    bundled = run("where").stdout.splitlines()[0]
    assert bundled.endswith("math-for-ml.yaml  (bundled)")


def test_messages_without_internals(run: Run, tmp_path: Path) -> None:
    checked, planned = run("check", str(tmp_path)), run("plan", "--graph", str(tmp_path))
    assert checked.exit_code == planned.exit_code == 1  # a directory: one answer, both ways
    assert checked.stderr == planned.stderr == f"error: graph file is a directory: {tmp_path}\n"
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    result = run("done", "pca", env={"STUDYPATH_HOME": str(blocked / "home")})
    assert result.exit_code == 1
    assert "[Errno" not in result.stderr and "Not a directory" in result.stderr


def test_plan_and_topics_show_a_one_of_group(run: Run, write_graph: Callable[..., Path]) -> None:
    graph = write_graph(
        """
        title: T
        topics:
          a: {title: A}
          b: {title: B}
          c: {title: C, requires: [{one-of: [b, a]}]}
        """
    )
    shown = run("plan", "c", "--graph", str(graph)).stdout
    assert "one of: b (taken), a" in shown
    assert "  ▶ A" not in shown  # the alternative not taken is not planned
    run("done", "a", "--graph", str(graph))
    assert "one of: a (taken), b" in run("plan", "c", "--graph", str(graph)).stdout
    assert "C  ← one of (b | a)" in run("topics", "--graph", str(graph)).stdout


@pytest.mark.parametrize(
    ("environment", "alone"),
    [
        ({"COMP_WORDS": "studypath done li", "COMP_CWORD": "2"}, True),
        ({"COMP_WORDS": "studypath done ", "COMP_CWORD": "2"}, True),
        ({"COMP_WORDS": "studypath do", "COMP_CWORD": "1"}, False),
        ({"COMP_WORDS": "studypath --graph g.yaml done li", "COMP_CWORD": "4"}, False),
        ({"_TYPER_COMPLETE_ARGS": "studypath done li"}, True),
        ({"_TYPER_COMPLETE_ARGS": "studypath done "}, True),
        ({"_TYPER_COMPLETE_ARGS": "studypath done"}, False),
        ({"_TYPER_COMPLETE_ARGS": "studypath goal add p"}, False),
    ],
)
def test_completing_a_commands_arguments_builds_that_command_alone(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], alone: bool
) -> None:
    from studypath.entry import _app_for

    monkeypatch.setenv("_STUDYPATH_COMPLETE", "complete_bash")
    for name in ("COMP_WORDS", "COMP_CWORD", "_TYPER_COMPLETE_ARGS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    chosen = _app_for([])
    if alone:
        assert [c.callback.__name__ for c in chosen.registered_commands if c.callback] == ["done"]
    else:
        assert chosen is app


@pytest.mark.parametrize("flag", ["--help", "-h"])
@pytest.mark.parametrize("columns", ["40", "100"])
def test_the_help_listing_reads_exactly_as_the_whole_apps(flag: str, columns: str) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1"}
    listed = subprocess.run(
        [sys.executable, "-m", "studypath", flag],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    whole = subprocess.run(
        [sys.executable, "-c", f"from studypath.cli import app; app(['{flag}'], 'studypath')"],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    assert listed.returncode == whole.returncode == 0
    assert listed.stdout == whole.stdout
    assert "graphs" in listed.stdout and "import" in listed.stdout


def test_the_help_listing_builds_no_parameter() -> None:
    from studypath.entry import _app_for

    listing = _app_for(["--help"])
    assert listing is not app
    for info in listing.registered_commands:
        assert info.callback is not None
        assert info.callback.__code__.co_argcount == 0
    assert _app_for([]) is app  # no arguments: typer shows the help itself
