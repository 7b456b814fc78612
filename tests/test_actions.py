"""studypath.actions as a library: plain arguments in, frozen results out, nothing printed."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studypath import actions
from studypath.errors import GraphError, ProgressError, StudypathError, UnknownItemError
from studypath.progress import TopicTally
from studypath.store import ProgressStore, Record

from .helpers import PCA_PLAN

EPOCH = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
BUNDLED_TITLE = "Mathematics for Machine Learning"

V1 = """
title: Course
topics:
  intro:
    title: Getting started
    resources:
      - {id: notes, title: Notes, hours: 1}
  extra:
    title: Extra reading
  basics:
    title: Introduction to the basics
    requires: [intro]
"""

# The same graph (by title) after `intro` became `intro2` and `extra` was dropped: records of
# `intro`, `intro/notes` and `extra` are orphaned.
V2 = (
    V1.replace("intro:", "intro2:")
    .replace("[intro]", "[intro2]")
    .replace("  extra:\n    title: Extra reading\n", "")
)

WriteGraph = Callable[..., Path]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH.timestamp())))


@pytest.fixture
def v1(write_graph: WriteGraph) -> Path:
    return write_graph(V1, "v1.yaml")


@pytest.fixture
def v2(write_graph: WriteGraph) -> Path:
    return write_graph(V2, "v2.yaml")


LA_MATRICES = "Matrices in Linear Algebra: Objects that operate on Vectors"
LA_EIGENVALUES = "Eigenvalues and Eigenvectors: Application to Data Problems"


def recorded() -> set[str]:
    return set(ProgressStore().load())


def progress_file(home: Path) -> Path:
    return home / "progress.json"


# -- plan -------------------------------------------------------------------------------------


def test_plan_of_the_bundled_graph() -> None:
    planned = actions.plan(["pca"])
    assert planned.plan.topic_ids == PCA_PLAN
    assert planned.plan.goals == ("pca",)
    assert planned.progress.next_up == ("la-introduction", "calc-derivatives", "python-numpy")
    assert planned.progress.topics_done == 0
    assert planned.warnings == ()


def test_plan_of_everything_and_by_alias_or_title() -> None:
    everything = actions.plan()
    assert everything.plan.goals == ()
    assert len(everything.plan.steps) == 21
    assert actions.plan(["principal component analysis"]).plan.goals == ("pca",)
    assert actions.plan(["la"], cache=False).plan.topic_ids == (
        "la-introduction",
        "la-vectors",
        "la-matrices",
        "la-linear-mappings",
        "la-eigenvalues",
        "linear-algebra",
    )


def test_plan_of_an_unknown_goal_suggests() -> None:
    with pytest.raises(UnknownItemError, match="did you mean `pca`"):
        actions.plan(["pcaa"])


def test_plan_shows_progress(isolated_state: Path) -> None:
    actions.done(["la-introduction"])
    planned = actions.plan(["pca"])
    assert planned.progress.topics_done == 1
    assert "la-introduction" in planned.progress.done.topics
    assert planned.progress.next_up == ("calc-derivatives", "python-numpy", "la-vectors")


def test_plan_without_a_usable_progress_file_warns(isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    progress_file(isolated_state).write_text("{not json", encoding="utf-8")
    planned = actions.plan(["pca"])
    assert planned.progress.topics_done == 0
    assert len(planned.warnings) == 1
    assert planned.warnings[0].endswith("Showing the plan without progress.")
    assert str(progress_file(isolated_state)) in planned.warnings[0]
    assert progress_file(isolated_state).read_text(encoding="utf-8") == "{not json"


def test_plan_of_a_graph_file(v1: Path) -> None:
    planned = actions.plan(graph=v1)
    assert planned.plan.graph.title == "Course"
    assert planned.plan.topic_ids == ("intro", "extra", "basics")
    assert actions.plan(graph=str(v1), cache=False).plan.topic_ids == ("intro", "extra", "basics")


def test_plan_of_a_broken_graph(write_graph: WriteGraph) -> None:
    broken = write_graph("title: x\ntopics:\n  a: {title: A, requires: [b]}\n")
    with pytest.raises(GraphError, match="requires unknown topic `b`"):
        actions.plan(graph=broken)


def test_topics_and_check(v1: Path) -> None:
    assert [t.id for t in actions.topics(v1).topics] == ["intro", "extra", "basics"]
    checked = actions.check(v1)
    assert checked.graph.title == "Course"
    assert checked.display == str(v1)
    assert actions.check().display == "math-for-ml.yaml (bundled)"


# -- done -------------------------------------------------------------------------------------


def test_done_records_items_and_tallies_their_topics(isolated_state: Path) -> None:
    result = actions.done(["essence", "python-numpy"])
    assert result.items == (
        ("linear-algebra/essence", "Essence of linear algebra"),
        ("python-numpy", "Python and NumPy basics"),
    )
    assert result.already == ()
    assert result.topics == (TopicTally("linear-algebra", "Linear Algebra", 1, 2, False),)
    assert recorded() == {"linear-algebra/essence", "python-numpy"}
    records = ProgressStore().load()
    assert records["python-numpy"] == Record("python-numpy", EPOCH, BUNDLED_TITLE)


def test_done_again_is_already_done() -> None:
    actions.done(["essence"])
    result = actions.done(["linear-algebra/essence", "linear-algebra/coursera"])
    assert result.already == ("linear-algebra/essence",)
    assert [i for i, _ in result.items] == ["linear-algebra/essence", "linear-algebra/coursera"]
    assert result.topics == (TopicTally("linear-algebra", "Linear Algebra", 2, 2, True),)


def test_done_names_each_item_once() -> None:
    result = actions.done(["essence", "linear-algebra/essence", "Essence of linear algebra"])
    assert result.items == (("linear-algebra/essence", "Essence of linear algebra"),)


def test_done_is_all_or_nothing(isolated_state: Path) -> None:
    with pytest.raises(StudypathError) as info:
        actions.done(["essence", "python-numpy", "no such thing"])
    message = str(info.value)
    assert "unknown item `no such thing`" in message
    assert message.endswith("nothing was recorded (1 item refused)")
    assert not progress_file(isolated_state).exists()
    actions.done(["pca"])
    with pytest.raises(StudypathError, match=r"nothing was recorded \(2 items refused\)"):
        actions.done(["essence", "coursera", "pcaa"])  # ambiguous, unknown
    assert recorded() == {"pca"}


def test_done_with_an_unusable_progress_file_is_an_error(isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    progress_file(isolated_state).write_text("[]", encoding="utf-8")
    with pytest.raises(ProgressError):
        actions.done(["pca"])
    assert progress_file(isolated_state).read_text(encoding="utf-8") == "[]"


# -- undo -------------------------------------------------------------------------------------


def test_undo_removes_records() -> None:
    actions.done(["essence", "pca"])
    result = actions.undo(["essence"])
    assert result.removed == (("linear-algebra/essence", "Essence of linear algebra"),)
    assert result.warnings == ()
    assert recorded() == {"pca"}


def test_undo_of_what_was_not_done_warns() -> None:
    result = actions.undo(["pca", "essence"])
    assert result.removed == ()
    assert result.warnings == (
        "pca was not marked done",
        "linear-algebra/essence was not marked done",
    )


def test_undo_of_a_topic_done_through_its_resources_names_them() -> None:
    actions.done(["linear-algebra/coursera", "linear-algebra/essence"])
    result = actions.undo(["la"])
    assert result.removed == ()
    assert result.warnings == (
        "linear-algebra shows as done because its resources are: "
        "linear-algebra/coursera, linear-algebra/essence; undo one of them",
    )
    assert recorded() == {"linear-algebra/coursera", "linear-algebra/essence"}


def test_undo_of_a_topic_with_its_own_record_and_its_resources() -> None:
    actions.done(["linear-algebra", "linear-algebra/coursera", "linear-algebra/essence"])
    result = actions.undo(["linear-algebra"])
    assert result.removed == (("linear-algebra", "Linear Algebra"),)
    assert result.warnings == ()


def test_undo_of_an_unknown_name_records_nothing() -> None:
    actions.done(["pca"])
    with pytest.raises(StudypathError, match="nothing was recorded"):
        actions.undo(["pca", "no such thing"])
    assert recorded() == {"pca"}


def test_undo_of_an_orphaned_record_by_its_id(v1: Path, v2: Path) -> None:
    actions.done(["extra", "intro/notes"], graph=v1)
    result = actions.undo(["extra"], graph=v2)
    assert result.removed == (("extra", "(orphaned record)"),)
    assert result.warnings == ()
    assert recorded() == {"intro/notes"}
    result = actions.undo(["intro/notes"], graph=v2)
    assert result.removed == (("intro/notes", "(orphaned record)"),)
    assert recorded() == set()


def test_undo_of_a_name_that_is_neither_an_item_nor_a_record(v2: Path) -> None:
    with pytest.raises(StudypathError, match="unknown item `extra`"):
        actions.undo(["extra"], graph=v2)


def test_undo_of_an_orphaned_record_removes_only_that_record(v1: Path, v2: Path) -> None:
    # At 825a452 the name was also resolved as an item, and both records were removed.
    actions.done(["intro", "basics"], graph=v1)
    # `intro` is a fragment of `basics`' title, "Introduction to the basics".
    result = actions.undo(["intro"], graph=v2)
    assert result.removed == (("intro", "(orphaned record)"),)
    assert recorded() == {"basics"}


# -- status -----------------------------------------------------------------------------------


def test_status_of_the_whole_graph() -> None:
    status = actions.status()
    assert [g.plan.goals for g in status.goals] == [()]
    assert status.goals[0].progress.topics_total == 21
    assert status.last is None
    assert status.orphans == ()
    assert status.warnings == ()
    assert status.graph.title == BUNDLED_TITLE


def test_status_per_goal_with_the_last_record(monkeypatch: pytest.MonkeyPatch) -> None:
    actions.done(["linear-algebra"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH.timestamp()) + 3600))
    actions.done(["python-numpy"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH.timestamp()) + 60))
    actions.done(["linear-algebra/essence"])
    status = actions.status(["pca", "trees", "PCA"])
    assert [g.plan.goals for g in status.goals] == [("pca",), ("decision-trees",)]
    assert [g.progress.topics_done for g in status.goals] == [2, 0]
    assert status.last == datetime(2023, 11, 14, 23, 13, 20, tzinfo=UTC)


def test_status_lists_orphaned_records_with_a_suggestion(v1: Path, v2: Path) -> None:
    actions.done(["intro", "extra", "basics"], graph=v1)
    actions.done(["pca"])  # another graph's record is no orphan of this one
    status = actions.status(graph=v2)
    assert status.orphans == (
        (Record("intro", EPOCH, "Course"), "intro2"),
        (Record("extra", EPOCH, "Course"), None),
    )
    assert [g.progress.topics_done for g in status.goals] == [1]


def test_status_with_an_unusable_progress_file_warns(isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    progress_file(isolated_state).write_text('{"records": []}', encoding="utf-8")
    status = actions.status()
    assert status.last is None
    assert status.orphans == ()
    assert len(status.warnings) == 1
    assert str(progress_file(isolated_state)) in status.warnings[0]
    assert status.warnings[0].endswith("Showing the plan without progress.")
    assert progress_file(isolated_state).read_text(encoding="utf-8") == '{"records": []}'


# -- export -----------------------------------------------------------------------------------


def test_export_markdown_by_default() -> None:
    actions.done(["linear-algebra"])
    exported = actions.export(["pca"])
    assert exported.format == "md"
    assert exported.output is None
    assert exported.topics == 19
    assert exported.text.startswith("<!-- studypath export format 1")
    assert "exported 2023-11-14" in exported.text
    assert "- [x] **Linear Algebra** `linear-algebra`" in exported.text
    assert "- [ ] **Principal Component Analysis** `pca`" in exported.text


def test_export_json() -> None:
    actions.done(["python-numpy"])
    exported = actions.export(["pca"], format="json")
    assert exported.format == "json"
    data = json.loads(exported.text)
    assert data["generator"] == "studypath"
    assert data["version"] == 1
    topics = {t["id"]: t for t in data["topics"]}
    assert tuple(topics) == PCA_PLAN
    assert topics["python-numpy"]["done"] is True
    assert topics["pca"]["done"] is False
    assert topics["pca"]["resources"][0]["id"] == "pca/coursera"


@pytest.mark.parametrize(("name", "fmt"), [("plan.md", "md"), ("plan.json", "json")])
def test_export_to_a_file_in_the_format_its_suffix_names(
    tmp_path: Path, name: str, fmt: str
) -> None:
    output = tmp_path / name
    exported = actions.export(["pca"], output=output)
    assert exported.output == output
    assert exported.format == fmt
    assert output.read_text(encoding="utf-8") == exported.text
    # Writing it again over its own export is fine.
    actions.export(["pca"], output=output)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("studypath-")) == [
        name
    ]


def test_export_does_not_replace_a_file_it_did_not_write(tmp_path: Path) -> None:
    output = tmp_path / "notes.md"
    output.write_text("# my notes\n", encoding="utf-8")
    with pytest.raises(StudypathError, match="was not written by studypath"):
        actions.export(output=output)
    assert output.read_text(encoding="utf-8") == "# my notes\n"
    actions.export(output=output, force=True)
    assert output.read_text(encoding="utf-8").startswith("<!-- studypath export")


def test_export_of_a_graph_file_names_it(v1: Path) -> None:
    exported = actions.export(graph=v1, format="json")
    assert json.loads(exported.text)["graph"]["path"] == str(v1)
    assert exported.topics == 3


# -- sync -------------------------------------------------------------------------------------


def tick(text: str, item: str, ticked: bool = True) -> str:
    before, after = ("[ ]", "[x]") if ticked else ("[x]", "[ ]")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.rstrip().endswith(f"`{item}`"):
            assert before in line
            lines[i] = line.replace(before, after, 1)
            return "".join(lines)
    raise AssertionError(f"no box for {item}")


def test_sync_records_ticked_boxes(tmp_path: Path) -> None:
    output = tmp_path / "plan.md"
    actions.export(["pca"], output=output)
    text = tick(tick(output.read_text(encoding="utf-8"), "python-numpy"), "pca/coursera")
    output.write_text(text + "- [x] A topic of another graph `ghost`\n", encoding="utf-8")
    synced = actions.sync(output)
    assert synced.file == output
    assert synced.graph_title == BUNDLED_TITLE
    assert [i for i, _ in synced.recorded.items] == ["python-numpy", "pca/coursera"]
    assert synced.recorded.topics == (
        TopicTally("pca", "Principal Component Analysis", 1, 1, True),
    )
    assert synced.removed == ()
    assert synced.unknown == ("ghost",)
    assert recorded() == {"python-numpy", "pca/coursera"}
    # Nothing new the second time.
    again = actions.sync(output)
    assert again.recorded.items == ()


def test_sync_with_mirror_undoes_unticked_boxes(tmp_path: Path) -> None:
    actions.done(["python-numpy", "pca"])
    output = tmp_path / "plan.json"
    actions.export(["pca"], output=output)
    data = json.loads(output.read_text(encoding="utf-8"))
    for topic in data["topics"]:
        if topic["id"] == "pca":  # the topic and its resources unticked
            topic["done"] = False
            for resource in topic["resources"]:
                resource["done"] = False
    output.write_text(json.dumps(data), encoding="utf-8")
    assert actions.sync(output).removed == ()  # without mirror, unticking changes nothing
    assert recorded() == {"python-numpy", "pca"}
    synced = actions.sync(output, mirror=True)
    assert synced.removed == (("pca", "Principal Component Analysis"),)
    assert recorded() == {"python-numpy"}
    again = actions.sync(output, mirror=True)  # a second run changes nothing
    assert (again.removed, again.recorded.items) == ((), ())


def test_sync_of_a_file_without_boxes(tmp_path: Path) -> None:
    output = tmp_path / "empty.md"
    output.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(StudypathError, match="has no studypath task items"):
        actions.sync(output)
    with pytest.raises(StudypathError, match="file not found"):
        actions.sync(tmp_path / "missing.md")


# -- where and complete -----------------------------------------------------------------------


def test_where_names_the_files_in_use(isolated_state: Path, tmp_path: Path, v1: Path) -> None:
    rows = {name: (path, notes) for name, path, notes in actions.where().rows}
    assert rows["graph"][0].endswith("math-for-ml.yaml") and rows["graph"][1] == "bundled"
    assert rows["progress"] == (
        str(isolated_state / "progress.json"),
        "from $STUDYPATH_HOME; not created yet",
    )
    assert rows["cache"][0] == str(tmp_path / "studypath-cache")
    assert actions.where(v1).rows[0] == ("graph", str(v1), "")
    assert actions.where(v1, "STUDYPATH_GRAPH").rows[0][2] == "from $STUDYPATH_GRAPH"
    assert not isolated_state.exists()  # nothing created by asking


def test_where_without_studypath_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STUDYPATH_HOME")
    rows = actions.where().rows
    assert [name for name, _, _ in rows] == ["graph", "progress", "cache"]
    assert "STUDYPATH_HOME" not in rows[1][2]


def names(completions: list[tuple[str, str]]) -> list[str]:
    return [name for name, _ in completions]


def test_complete_topic_ids_and_aliases_with_titles() -> None:
    assert actions.complete(None, "li", "goal") == [
        ("linalg", "Linear Algebra"),
        ("linear-algebra", "Linear Algebra"),
    ]
    assert names(actions.complete(None, "", "goal"))[:3] == [
        "calc-chain-rule",
        "calc-derivatives",
        "calc-multivariate",
    ]
    assert actions.complete(None, "zzz", "goal") == []


def test_complete_resource_ids_short_ones_too() -> None:
    assert names(actions.complete(None, "pca/", "item")) == ["pca/coursera", "pca/mml-book"]
    assert names(actions.complete(None, "pca-s", "item")) == [
        "pca-statistics", "pca-statistics/module"
    ]  # fmt: skip
    assert "essence" in names(actions.complete(None, "ess", "item"))  # unique in the graph


def test_complete_done_offers_what_is_not_done_and_undo_what_is() -> None:
    actions.done(["pca/coursera"])
    assert names(actions.complete(None, "pca/", "done")) == ["pca/mml-book"]
    assert names(actions.complete(None, "pca", "undo")) == ["pca/coursera"]


def test_complete_of_a_broken_or_missing_graph_is_nothing(
    write_graph: WriteGraph, tmp_path: Path
) -> None:
    assert actions.complete(write_graph("topics: [\n"), "", "goal") == []
    assert actions.complete(tmp_path / "missing.yaml", "", "item") == []


# -- states: know, skip, start; what done opens up ---------------------------------------------


def states() -> dict[str, str]:
    return {item: r.state for item, r in ProgressStore().load().items()}


def test_know_skip_and_start_from_the_library(isolated_state: Path) -> None:
    known = actions.know(["vectors"])  # an alias
    assert known.items == (("la-vectors", "Vectors are objects that move around space"),)
    assert known.states == {"la-vectors": "known"}
    assert known.startable == (("la-matrices", LA_MATRICES),)
    skipped = actions.skip(["python-numpy/pdsh", "probability"])
    assert skipped.states == {"python-numpy/pdsh": "skipped", "probability": "skipped"}
    assert skipped.startable == (("decision-trees", "Decision Trees"),)
    started = actions.start(["vectors", "python-numpy"])
    assert started.changed == (("la-vectors", "known"),)
    assert started.startable == ()
    assert states() == {
        "la-vectors": "started",
        "python-numpy/pdsh": "skipped",
        "probability": "skipped",
        "python-numpy": "started",
    }
    assert ProgressStore().load()["probability"] == Record(
        "probability", EPOCH, BUNDLED_TITLE, "skipped"
    )
    planned = actions.plan(["pca"])
    assert planned.progress.started == ("python-numpy", "la-vectors")  # in the plan's order
    # started ones first, among the topics whose prerequisites are all satisfied
    assert planned.progress.next_up == ("python-numpy", "la-introduction", "calc-derivatives")


def test_know_with_prerequisites_marks_only_what_is_not_satisfied() -> None:
    actions.done(["la-introduction"])
    actions.skip(["la-vectors"])
    actions.start(["la-matrices"])
    result = actions.know(["calc-multivariate"], prerequisites=True)
    assert result.prerequisites == (
        ("calc-derivatives", "What is calculus?"),
        ("la-matrices", LA_MATRICES),
    )
    assert result.items == (("calc-multivariate", "Multivariate calculus (module 2)"),)
    assert states() == {
        "la-introduction": "done",
        "la-vectors": "skipped",
        "la-matrices": "known",
        "calc-derivatives": "known",
        "calc-multivariate": "known",
    }
    again = actions.know(["calc-multivariate"], prerequisites=True)
    assert again.already == ("calc-multivariate",)


def test_done_says_what_became_startable_and_which_goals_are_reached() -> None:
    actions.goal_add(["linear-algebra", "decision-trees"])
    first = actions.done(["la-introduction", "la-vectors", "la-matrices", "la-linear-mappings"])
    assert first.startable == (("la-eigenvalues", LA_EIGENVALUES),)  # the others are done
    assert first.reached == ()
    assert actions.done(["la-eigenvalues"]).startable == (("linear-algebra", "Linear Algebra"),)
    reached = actions.done(
        ["linear-algebra/coursera", "linear-algebra/essence", "probability", "decision-trees"]
    )
    assert reached.reached == (
        ("linear-algebra", "Linear Algebra"),
        ("decision-trees", "Decision Trees"),
    )
    assert reached.startable == ()  # what needs linear-algebra needs more; decision-trees is done
    assert actions.done(["linear-algebra"]).reached == ()  # done already, through its resources


def test_undo_says_which_state_each_record_was_in() -> None:
    actions.know(["la"])
    actions.skip(["essence"])
    undone = actions.undo(["la", "essence"])
    assert undone.removed == (
        ("linear-algebra", "Linear Algebra"),
        ("linear-algebra/essence", "Essence of linear algebra"),
    )
    assert undone.was == {"linear-algebra": "known", "linear-algebra/essence": "skipped"}


# -- show and notes ---------------------------------------------------------------------------


def test_show_from_the_library() -> None:
    actions.know(["linear-algebra"])
    actions.start(["pca"])
    actions.note("pca", "one")
    actions.note("pca/coursera", "two")
    shown = actions.show("pca")
    assert shown.topic.id == "pca" and shown.state == "started" and not shown.startable
    assert shown.prerequisites == (
        ("pca-statistics", "Statistics of Datasets", None),
        ("pca-inner-products", "Inner Products", None),
        ("pca-projections", "Orthogonal Projections", None),
        ("pca-derivation", "Principal Component Analysis (module 4)", None),
        ("linear-algebra", "Linear Algebra", "known"),
        ("multivariate-calculus", "Multivariate Calculus", None),
        ("python-numpy", "Python and NumPy basics", None),
    )
    # known linear-algebra is satisfied; its modules, needed by the PCA modules, are not
    assert (shown.missing, [i for i, _, _ in shown.next]) == (
        17, ["la-introduction", "calc-derivatives", "python-numpy"]
    )  # fmt: skip
    assert (shown.dependents, shown.downstream, shown.unlocks) == ((), 0, ())
    assert [(r.full_id, state) for r, state in shown.resources] == [
        ("pca/coursera", None), ("pca/mml-book", None)
    ]  # fmt: skip
    assert shown.notes == (("pca", "2023-11-14", "one"), ("pca/coursera", "2023-11-14", "two"))
    la = actions.show("la")
    assert [i for i, _, _ in la.dependents] == ["multivariate-calculus", "pca"]
    assert la.downstream == 2
    assert la.unlocks == ()  # both need more than linear-algebra
    matrices = actions.show("matrices")
    assert [i for i, _, _ in matrices.dependents] == [
        "la-linear-mappings", "linear-algebra", "calc-multivariate", "pca-statistics"
    ]  # fmt: skip
    assert matrices.downstream == 14
    assert [i for i, _, _ in matrices.unlocks] == ["la-linear-mappings"]
    with pytest.raises(UnknownItemError):
        actions.show("pca/coursera")  # a resource is no topic


def test_show_counts_every_topic_downstream(write_graph: WriteGraph) -> None:
    chain = write_graph(
        "topics:\n  a: {title: A}\n  x: {title: X}\n  b: {title: B, requires: [a]}\n"
        "  c: {title: C, requires: [b, x]}\n  d: {title: D, requires: [c, a]}\n"
    )
    shown = actions.show("a", graph=chain)
    assert [i for i, _, _ in shown.dependents] == ["b", "d"]
    assert shown.downstream == 3  # b, c and d
    assert [i for i, _, _ in shown.unlocks] == ["b"]  # d needs c too
    actions.done(["x", "b", "c"], graph=chain)
    assert [i for i, _, _ in actions.show("a", graph=chain).unlocks] == ["d"]


def test_notes_from_the_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    added = actions.note("essence", "  first\n\n second  ")
    assert added.item == "linear-algebra/essence"
    assert added.added is not None and added.added.text == "first\nsecond"
    assert actions.note("linear-algebra/essence").notes == (added.added,)
    with pytest.raises(StudypathError, match="a note needs some text"):
        actions.note("essence", " ")
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + '\\n\\nadded\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    edited = actions.note_edit("essence")
    assert edited.edited and edited.before == 1
    assert [n.text for n in edited.notes] == ["first\nsecond", "added"]
    assert edited.notes[0] == added.added  # kept as it was, its time too


def test_notes_on_an_item_the_graph_no_longer_has(v1: Path, v2: Path) -> None:
    actions.note("extra", "kept", graph=v1)
    listed = actions.note("extra", graph=v2)
    assert (listed.item, listed.title) == ("extra", "(not in this graph)")
    assert [n.text for n in listed.notes] == ["kept"]


def test_the_editor_sees_the_notes_changed_meanwhile_and_keeps_the_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    actions.note("pca", "before")
    script = tmp_path / "editor.py"
    # Another studypath adds a note while the editor is open.
    script.write_text(
        "import sys, pathlib, subprocess\n"
        "subprocess.run([sys.executable, '-m', 'studypath', 'note', 'pca', 'meanwhile'], "
        "check=True, capture_output=True)\n"
        "pathlib.Path(sys.argv[1]).write_text('mine\\n')\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    with pytest.raises(ProgressError, match="changed while you edited them") as info:
        actions.note_edit("pca")
    kept = Path(str(info.value).rsplit(" ", 1)[1])
    assert kept.read_text() == "mine\n"
    kept.unlink()
    assert [n.text for n in actions.note("pca").notes] == ["before", "meanwhile"]


# -- results are frozen -----------------------------------------------------------------------

RESULTS = [
    actions.Noted,
    actions.Shown,
    actions.Planned,
    actions.Checked,
    actions.Recorded,
    actions.Undone,
    actions.GoalStatus,
    actions.Status,
    actions.Exported,
    actions.Synced,
    actions.Where,
]


@pytest.mark.parametrize("result", RESULTS, ids=lambda r: r.__name__)
def test_every_result_is_a_frozen_dataclass(result: type) -> None:
    assert dataclasses.is_dataclass(result)
    assert result.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_results_cannot_be_changed(tmp_path: Path) -> None:
    recorded_ = actions.done(["pca"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        recorded_.items = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        actions.where().rows = ()  # type: ignore[misc]
    exported = actions.export(output=tmp_path / "x.md")
    with pytest.raises(dataclasses.FrozenInstanceError):
        exported.text = ""  # type: ignore[misc]
    assert isinstance(recorded_.items, tuple)
    assert isinstance(actions.undo(["pca"]).warnings, tuple)


# -- one-of groups ------------------------------------------------------------------------------

GROUPED = """
title: Grouped
topics:
  basics: {title: Basics}
  course-a: {title: Course A, requires: [basics]}
  course-b: {title: Course B}
  project:
    title: Project
    requires: [basics, {one-of: [course-a, course-b]}]
  capstone: {title: Capstone, requires: [{one-of: [project, course-b]}]}
"""


@pytest.fixture
def grouped(write_graph: WriteGraph) -> Path:
    return write_graph(GROUPED, "grouped.yaml")


def test_a_plan_takes_the_first_alternative_unless_another_is_done_or_started(
    grouped: Path,
) -> None:
    first = actions.plan(["project"], grouped)
    assert first.plan.topic_ids == ("basics", "course-a", "project")
    (choice,) = first.plan.choices["project"]
    assert (choice.group, choice.chosen, choice.others) == (
        ("course-a", "course-b"),
        "course-a",
        ("course-b",),
    )
    actions.start(["course-b"], grouped)
    started = actions.plan(["project"], grouped)
    assert started.plan.topic_ids == ("basics", "course-b", "project")
    assert started.progress.next_up == ("course-b", "basics")  # started first
    actions.done(["course-b"], grouped)
    done = actions.plan(["project"], grouped)
    assert done.progress.next_up == ("basics",)  # project needs it still
    actions.done(["basics"], grouped)
    assert actions.plan(["project"], grouped).progress.next_up == ("project",)
    status = actions.status(["project"], grouped)
    assert status.goals[0].plan.topic_ids == ("basics", "course-b", "project")


def test_show_names_the_groups_and_what_they_unlock(grouped: Path) -> None:
    shown = actions.show("project", grouped)
    assert [item for item, _, _ in shown.prerequisites] == ["basics"]
    assert [[item for item, _, _ in group] for group in shown.one_of] == [["course-a", "course-b"]]
    assert not shown.startable and shown.missing == 2  # basics, and course-a (listed first)
    assert [item for item, _, _ in shown.dependents] == ["capstone"]
    assert [item for item, _, _ in actions.show("course-b", grouped).dependents] == [
        "project",
        "capstone",
    ]
    actions.done(["basics"], grouped)
    assert [item for item, _, _ in actions.show("course-a", grouped).unlocks] == ["project"]
    recorded = actions.know(["course-b"], grouped)
    assert [item for item, _ in recorded.startable] == ["project", "capstone"]
    shown = actions.show("project", grouped)
    assert shown.startable and shown.missing == 0
    assert [state for _, _, state in shown.one_of[0]] == [None, "known"]
    assert [item for item, _, _ in actions.show("course-a", grouped).unlocks] == []


def test_know_with_prerequisites_takes_one_alternative_of_each_group(grouped: Path) -> None:
    recorded = actions.know(["project"], grouped, prerequisites=True)
    assert [item for item, _ in recorded.prerequisites] == ["basics", "course-a"]
    actions.undo(["project", "basics", "course-a"], grouped)
    actions.start(["course-b"], grouped)
    recorded = actions.know(["project"], grouped, prerequisites=True)
    assert [item for item, _ in recorded.prerequisites] == ["basics", "course-b"]
