"""Goals set once: kept with the progress, per graph, used when a command is given none."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from studypath import actions
from studypath.cli import app

from .helpers import Run


def stored(home: Path) -> object:
    return json.loads((home / "progress.json").read_text(encoding="utf-8")).get("goals")


def test_goals_set_once_are_used_when_none_are_given(run: Run, isolated_state: Path) -> None:
    assert "No goals set" in run("goal", "list").stdout
    added = run("goal", "add", "pca", "Decision")  # by id, and by part of a title
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("✔ pca  Principal Component Analysis\n")
    assert stored(isolated_state) == [
        {"topic": "pca", "graph": "Mathematics for Machine Learning"},
        {"topic": "decision-trees", "graph": "Mathematics for Machine Learning"},
    ]
    plan = run("plan").stdout
    assert plan.startswith("Principal Component Analysis, Decision Trees (your goals) · ")
    assert run("next").stdout.startswith("Next up for Principal Component Analysis, Decision")
    assert "Principal Component Analysis (your goals)" in run("status").stdout
    assert run("plan", "python-numpy").stdout.startswith("Python and NumPy basics · ")
    removed = run("goal", "remove", "decision-trees", "nope")
    assert "decision-trees  (no longer a goal)" in removed.stdout
    assert "nope is not one of your goals" in removed.stderr
    assert run("plan").stdout.startswith("Principal Component Analysis (your goals) · ")


def test_goals_belong_to_their_graph(
    run: Run, isolated_state: Path, write_graph: Callable[..., Path]
) -> None:
    run("goal", "add", "pca")
    other = write_graph("title: Other\ntopics:\n  pca: {title: Another PCA}\n")
    assert run("plan", "--graph", str(other)).stdout.startswith("The whole graph · Other")
    assert "No goals set with Other" in run("goal", "list", "--graph", str(other)).stdout


def test_goals_survive_records_and_old_files_load(run: Run, isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    old = {"version": 1, "records": {"pca": {"done_at": "2026-01-01T00:00:00+00:00"}}}
    (isolated_state / "progress.json").write_text(json.dumps(old), encoding="utf-8")
    assert "No goals set" in run("goal", "list").stdout  # an old file: no goals, no error
    run("goal", "add", "pca")
    run("done", "linear-algebra")
    document = json.loads((isolated_state / "progress.json").read_text(encoding="utf-8"))
    assert set(document["records"]) == {"pca", "linear-algebra"}
    assert document["goals"] == [{"topic": "pca", "graph": "Mathematics for Machine Learning"}]


def test_a_bad_goals_entry_is_reported_and_the_file_left_alone(
    run: Run, isolated_state: Path
) -> None:
    isolated_state.mkdir(parents=True)
    bad = '{"version": 1, "records": {}, "goals": [{"graph": "x"}]}'
    (isolated_state / "progress.json").write_text(bad, encoding="utf-8")
    result = run("goal", "add", "pca")
    assert result.exit_code == 1
    assert "goal 1 is an object, not an object with a `topic`" in result.stderr
    assert (isolated_state / "progress.json").read_text(encoding="utf-8") == bad


def test_goals_from_the_library(isolated_state: Path) -> None:
    listed = actions.goal_add(["pca", "pca"])
    assert listed.goals == (("pca", "Principal Component Analysis"),)
    assert actions.goal_add(["pca"]).already == ("pca",)
    assert actions.plan().stored_goals and actions.status().stored_goals
    assert not actions.plan(["pca"]).stored_goals
    assert actions.goal_remove(["pca"]).removed == ("pca",)
    assert not actions.plan().stored_goals


def test_every_goal_command_converts_studypath_errors() -> None:
    groups = [g.typer_instance for g in app.registered_groups if g.typer_instance is not None]
    assert groups and all(
        getattr(c.callback, "handles_errors", False) for g in groups for c in g.registered_commands
    )
