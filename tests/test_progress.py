"""Progress: addressing items, what done means, and a store that never loses a record."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, Topic, bundled_graph_path, load_graph, plan, resolve_item
from studypath.errors import UnknownItemError
from studypath.progress import estimate, hours_left, plan_progress, standing, taken

from .conftest import Run
from .helpers import PCA_PLAN
from .strategies import STATES, GroupSpec, graphs_and_records, group_specs, grouped_graph_of


def progress_file(home: Path) -> Path:
    return home / "progress.json"


def recorded(home: Path) -> set[str]:
    return set(json.loads(progress_file(home).read_text())["records"])


# -- addressing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("linear-algebra", "linear-algebra"),
        ("LA", "linear-algebra"),  # alias, any case
        ("linear-algebra/essence", "linear-algebra/essence"),
        ("essence", "linear-algebra/essence"),  # bare resource id, unique in the graph
        ("Essence of Linear Algebra", "linear-algebra/essence"),  # exact title
        ("gini impurity", "decision-trees/gini-impurity"),  # fragment of one resource title
        ("chain rule", "calc-chain-rule"),  # fragment of one topic title
        ("matrices", "la-matrices"),  # an alias, though a fragment of two titles
        ("principal component analysis", "pca"),  # a title, though a fragment of another
    ],
)
def test_items_resolve(name: str, expected: str) -> None:
    graph = load_graph(bundled_graph_path())
    item = resolve_item(graph, name)
    assert getattr(item, "full_id", item.id) == expected


def test_ambiguous_and_unknown_items() -> None:
    graph = load_graph(bundled_graph_path())
    with pytest.raises(UnknownItemError) as info:
        resolve_item(graph, "coursera")  # a resource id in three topics
    assert {c[0] for c in info.value.candidates} == {
        "linear-algebra/coursera", "multivariate-calculus/coursera", "pca/coursera"
    }  # fmt: skip
    with pytest.raises(UnknownItemError, match="did you mean `linear-algebra`"):
        resolve_item(graph, "linear-algebro")


def test_done_records_and_prints_what_it_recorded(run: Run, isolated_state: Path) -> None:
    result = run("done", "essence", "python-numpy")
    assert result.exit_code == 0, result.output
    assert "✔ linear-algebra/essence  Essence of linear algebra" in result.stdout
    assert "✔ python-numpy  Python and NumPy basics" in result.stdout
    assert "Linear Algebra: 1 of 2 required resources done" in result.stdout
    assert recorded(isolated_state) == {"linear-algebra/essence", "python-numpy"}
    record = json.loads(progress_file(isolated_state).read_text())["records"]["python-numpy"]
    assert record["graph"] == "Mathematics for Machine Learning"
    assert record["state"] == "done" and "T" in record["at"]


def test_several_by_title_are_all_or_nothing(run: Run, isolated_state: Path) -> None:
    result = run("done", "gini impurity", "no such thing", "coursera")
    assert result.exit_code == 1
    assert "unknown item `no such thing`" in result.stderr
    assert "`coursera` matches 3 items" in result.stderr
    assert "nothing was recorded (2 items refused)" in result.stderr
    assert not progress_file(isolated_state).exists()
    ok = run("done", "gini impurity", "information gain")
    assert ok.exit_code == 0
    assert recorded(isolated_state) == {
        "decision-trees/gini-impurity", "decision-trees/information-gain"
    }  # fmt: skip
    assert "Decision Trees: 2 of 2 required resources done — topic complete." in ok.stdout


def test_done_again_is_harmless_and_says_so(run: Run) -> None:
    run("done", "pca")
    again = run("done", "pca")
    assert again.exit_code == 0
    assert "(already done)" in again.stdout


# -- meaning ----------------------------------------------------------------------------------


def test_topic_done_means_all_its_resources_show_done() -> None:
    graph = load_graph(bundled_graph_path())
    shown = standing(graph.topics, {"linear-algebra"})
    assert "linear-algebra" in shown.topics
    assert {r.full_id for r in graph.topic("linear-algebra").resources} <= shown.resources


def test_topic_done_through_its_required_resources_only() -> None:
    graph = load_graph(bundled_graph_path())
    assert "linear-algebra" not in standing(graph.topics, {"linear-algebra/essence"}).topics
    both = standing(graph.topics, {"linear-algebra/essence", "linear-algebra/coursera"})
    assert "linear-algebra" in both.topics
    assert "linear-algebra/axler" not in both.resources  # optional, not recorded


def test_undo_topic_keeps_resource_records(run: Run, isolated_state: Path) -> None:
    run("done", "linear-algebra", "essence")
    result = run("undo", "la")
    assert result.exit_code == 0
    assert "linear-algebra" in result.stdout and "no longer done" in result.stdout
    assert recorded(isolated_state) == {"linear-algebra/essence"}


def test_undo_explains_a_topic_done_through_resources(run: Run) -> None:
    run("done", "linear-algebra/essence", "linear-algebra/coursera")
    result = run("undo", "linear-algebra")
    assert result.exit_code == 0
    assert "shows as done because its resources are" in result.stderr
    assert "linear-algebra/coursera, linear-algebra/essence" in result.stderr


# -- progress in the plan, next, status -------------------------------------------------------


def test_plan_shows_ticks_next_up_and_hides_done(run: Run) -> None:
    run("done", "linear-algebra", "python-numpy/python-tutorial")
    out = run("plan", "--goal", "pca").stdout
    assert "✔ Linear Algebra" in out
    assert "✔ course    Mathematics for Machine Learning: Linear Algebra" in out
    assert "✔ docs      The Python Tutorial" in out
    assert "▶ Python and NumPy basics" in out
    assert "▶ What is calculus?" in out
    assert "☐ Principal Component Analysis" in out
    assert "1 of 19 topics · 5%" in out
    hidden = run("plan", "--goal", "pca", "--hide-done").stdout
    assert "✔ Linear Algebra" not in hidden and "linear-algebra/" not in hidden
    assert "1 done not shown" in hidden


def test_next_prints_next_up_topics_with_their_links(run: Run) -> None:
    run("done", "la-introduction")
    result = run("next", "--goal", "pca")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Next up for Principal Component Analysis")
    assert re.search(r"▶ What is calculus\? · ~4 h left +calc-derivatives\n", out)
    assert re.search(r"▶ Python and NumPy basics +python-numpy\n", out)
    assert re.search(r"▶ Vectors are objects that move around space · ~2 h left +la-vectors\n", out)
    assert "https://docs.python.org/3/tutorial/" in out
    assert "▶ Principal Component Analysis" not in out
    assert "Introduction to Linear Algebra" not in out  # done
    assert "Mark progress:  studypath done calc-derivatives/module" in out
    run("done", "pca", "multivariate-calculus", "python-numpy")
    assert "is done" not in run("next", "--goal", "pca").stdout  # the modules are not
    run("done", *PCA_PLAN)
    assert "is done" in run("next", "--goal", "pca").stdout


def test_status_per_goal_and_orphans(run: Run, isolated_state: Path) -> None:
    run("done", "linear-algebra", "trees")
    # An earlier graph of the same title had an item this one no longer has.
    data = json.loads(progress_file(isolated_state).read_text())
    data["records"]["linear-algebr/essence"] = {
        "state": "done", "at": "2026-01-02T03:04:05+00:00",
        "graph": "Mathematics for Machine Learning",
    }  # fmt: skip
    data["records"]["other-graph-topic"] = {
        "state": "skipped", "at": "2026-01-02T03:04:05+00:00", "graph": "X"
    }  # fmt: skip
    progress_file(isolated_state).write_text(json.dumps(data))
    result = run("status", "--goal", "pca", "--goal", "decision-trees")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Principal Component Analysis" in out and "1 of 19 topics" in out
    assert "Decision Trees" in out and "1 of 2 topics" in out
    assert "Last progress recorded: " in out and "never" not in out
    assert "linear-algebr/essence  — now `linear-algebra/essence`?" in out
    assert "other-graph-topic" not in out
    undone = run("undo", "linear-algebr/essence")
    assert undone.exit_code == 0
    assert "linear-algebr/essence" not in recorded(isolated_state)
    assert "other-graph-topic" in recorded(isolated_state)  # never dropped


def test_where(run: Run, isolated_state: Path) -> None:
    out = run("where").stdout
    assert str(isolated_state / "progress.json") in out
    assert "math-for-ml.yaml" in out


# -- storage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"version": 1, "records": []}', b'{"version": 9, "records": {}}',
     b'{"version": 1, "records": {"a": {"done_at": "yesterday"}}}', b"\xff\xfe"],
)  # fmt: skip
def test_corrupt_file_is_reported_and_left_byte_for_byte(
    run: Run, isolated_state: Path, content: bytes
) -> None:
    isolated_state.mkdir(parents=True)
    progress_file(isolated_state).write_bytes(content)
    for command in (["done", "pca"], ["undo", "pca"]):
        result = run(*command)
        assert result.exit_code == 1
        assert str(progress_file(isolated_state)) in result.stderr
        assert "left untouched" in result.stderr or "cannot read" in result.stderr
    for command in (["plan", "-g", "pca"], ["next"], ["status"]):
        result = run(*command)
        assert result.exit_code == 0
        assert "warning:" in result.stderr
    assert progress_file(isolated_state).read_bytes() == content


def test_unknown_records_survive_later_writes(run: Run, isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    original = {"done_at": "2025-05-05T05:05:05+00:00", "graph": "Old", "extra": [1, 2]}
    progress_file(isolated_state).write_text(
        json.dumps({"version": 1, "records": {"gone/thing": original}, "note": "mine"})
    )
    run("done", "pca")
    run("undo", "pca")
    data = json.loads(progress_file(isolated_state).read_text())
    assert data["version"] == 2  # migrated by the first write, every field kept
    assert data["records"] == {
        "gone/thing": {"state": "done", "at": original["done_at"], "graph": "Old", "extra": [1, 2]}
    }
    assert data["note"] == "mine"


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_directory_gives_a_clear_error(run: Run, isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    isolated_state.chmod(0o500)
    try:
        result = run("done", "pca")
    finally:
        isolated_state.chmod(0o700)
    assert result.exit_code == 1
    assert "cannot write progress" in result.stderr
    assert "Traceback" not in result.output


def test_unwritable_home_gives_a_clear_error_even_as_root(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("done", "pca", env={"STUDYPATH_HOME": str(blocker / "home")})
    assert result.exit_code == 1
    assert "cannot write progress" in result.stderr
    assert "Traceback" not in result.output


# -- states: next and percentages against an oracle --------------------------------------------


def oracle(graph: Graph, records: dict[str, str]) -> tuple[list[str], float, float, list[str]]:
    """What ``next`` lists, the share done, the hours of the work not skipped, and the resources
    that show as done, worked out from the README's rules one topic at a time (no sets, no
    shared code with studypath.progress)."""

    def resource_done(topic: Topic, resource: Resource) -> bool:
        if records.get(topic.id) in ("done", "known"):
            return True  # "I know this": every resource shows as done
        return records.get(resource.full_id) in ("done", "known")

    def resource_skipped(topic: Topic, resource: Resource) -> bool:
        own = records.get(resource.full_id)
        if own is None:
            return records.get(topic.id) == "skipped"
        return own == "skipped" and records.get(topic.id) not in ("done", "known")

    def counted(topic: Topic) -> list[Resource]:
        return [r for r in topic.resources if not r.optional and not resource_skipped(topic, r)]

    def done(topic: Topic) -> bool:
        own = records.get(topic.id)
        if own in ("done", "known"):
            return True
        if own == "skipped":
            return False
        needed = counted(topic)
        return len(needed) > 0 and all(resource_done(topic, r) for r in needed)

    def satisfied(topic_id: str) -> bool:
        topic = graph.topic(topic_id)
        return done(topic) or records.get(topic_id) == "skipped"

    order = sorted(graph.ids, key=lambda t: (graph.stages[t], graph.position(t)))
    next_up = [
        t for t in order
        if not satisfied(t) and all(satisfied(r) for r in graph.topic(t).requires)
    ]  # fmt: skip
    kept = [graph.topic(t) for t in order if records.get(t) != "skipped"]
    total = done_hours = 0.0
    estimated = True
    for topic in kept:
        stated = [r for r in topic.resources if not r.optional and r.hours is not None]
        if stated:
            still = [r for r in stated if not resource_skipped(topic, r)]
            hours = sum(r.hours or 0.0 for r in still)
            left = sum(r.hours or 0.0 for r in still if not resource_done(topic, r))
        elif topic.hours is not None:
            hours = left = topic.hours
        else:
            estimated = False
            continue
        total += hours
        done_hours += hours if done(topic) else hours - left
    shown = [r.full_id for t in graph.topics for r in t.resources if resource_done(t, r)]
    if estimated and total > 0:
        return next_up, done_hours / total, total, shown
    finished = sum(1 for topic in kept if done(topic))
    return next_up, finished / len(kept) if kept else 1.0, total, shown


@settings(max_examples=300, deadline=None)
@given(graphs_and_records())
def test_next_lists_exactly_the_startable_topics_and_skipped_work_counts_nowhere(
    case: tuple[Graph, dict[str, str]],
) -> None:
    graph, records = case
    whole = plan(graph)
    progress = plan_progress(whole, standing(graph.topics, records))
    expected_next, expected_fraction, expected_hours, shown = oracle(graph, records)
    assert list(progress.next_up) == expected_next
    assert progress.fraction == pytest.approx(expected_fraction)
    assert progress.hours_total == pytest.approx(expected_hours)
    assert sorted(progress.done.resources) == sorted(shown)
    skipped = [t for t in graph.ids if records.get(t) == "skipped"]
    assert progress.topics_skipped == len(skipped)
    assert progress.topics_total == len(graph) - len(skipped)
    # Skipping a topic not done never changes what is done, only what there is to do.
    for topic in graph.topics:
        if records.get(topic.id) is None and topic.id not in progress.done.topics:
            more = plan_progress(whole, standing(graph.topics, {**records, topic.id: "skipped"}))
            assert more.topics_done == progress.topics_done
            assert more.hours_left <= progress.hours_left + 1e-9
            break


@settings(max_examples=300, deadline=None)
@given(graphs_and_records())
def test_each_topics_hours_follow_the_rules_exactly(case: tuple[Graph, dict[str, str]]) -> None:
    """Its estimate and hours left, value and type, as the rules state them one at a time."""
    graph, records = case
    done = standing(graph.topics, records)
    for topic in graph.topics:
        required = [r for r in topic.resources if not r.optional]
        whole: float | None
        left: float | None
        if any(r.hours is not None for r in required):
            whole = sum(r.hours or 0.0 for r in required if r.full_id not in done.skipped)
            counted = done.resources | done.skipped
            left = sum(r.hours or 0.0 for r in required if r.full_id not in counted)
        else:
            whole = left = topic.hours
        if topic.id in done.topics or topic.id in done.skipped:
            left = None if whole is None else 0.0
        got = estimate(topic, done), hours_left(topic, done)
        assert [(type(v), v) for v in got] == [(type(whole), whole), (type(left), left)]


# -- one-of groups ----------------------------------------------------------------------------


def test_a_topic_is_ready_when_any_alternative_of_each_group_is_satisfied() -> None:
    topic = Topic(id="d", title="D", requires=("a",), one_of=(("b", "c"),))
    near = [Topic(id=t, title=t) for t in "abc"]
    assert standing(near, {"a": "done", "c": "skipped"}).ready(topic)
    assert standing(near, {"a": "known", "b": "done"}).ready(topic)
    assert not standing(near, {"a": "done", "b": "started"}).ready(topic)
    assert not standing(near, {"b": "done", "c": "done"}).ready(topic)  # a is not
    assert standing(near, {"a": "done"}).ready(topic, assuming="b")
    assert standing(near, {"c": "done"}).ready(topic, assuming="a")
    assert not standing(near, {"c": "done"}).ready(topic, assuming="b")


def test_taken_builds_only_the_topics_with_a_record() -> None:
    topics = [
        Topic(id="a", title="A", resources=(Resource("a", "r", "R"),)),
        Topic(id="b", title="B"),
        Topic(id="c", title="C"),
        Topic(id="d", title="D"),
    ]
    built: list[str] = []

    def load(position: int) -> Topic:
        built.append(topics[position].id)
        return topics[position]

    ids = [t.id for t in topics]
    graph = Graph.from_index("g", ids, {}, dict.fromkeys(ids, 1), load)
    records = {"a/r": "done", "b": "skipped", "c": "started", "gone": "done"}
    assert taken(graph, records) == (frozenset({"a", "b"}), frozenset({"c"}))
    assert sorted(built) == ["a", "b", "c"]


@settings(max_examples=200, deadline=None)
@given(group_specs(), st.data())
def test_a_group_is_satisfied_exactly_when_the_alternative_a_plan_takes_is(
    spec: GroupSpec, data: st.DataObject
) -> None:
    graph = grouped_graph_of(spec)
    ids = list(graph.ids)
    records = data.draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(STATES)))
    goals = data.draw(st.lists(st.sampled_from(ids), max_size=2))
    whole = standing(graph.topics, records)
    satisfied, started = taken(graph, records)
    assert satisfied == {t for t in ids if whole.satisfied(t)} and started == whole.started
    result = plan(graph, goals, satisfied, started)
    for choices in result.choices.values():
        for choice in choices:
            assert whole.satisfied(choice.chosen) == any(map(whole.satisfied, choice.group))
    # So the plan's own topics are enough to say what is next up.
    progress = plan_progress(result, standing(result.topics, records))
    ready = {
        t.id for t in result.topics
        if not whole.satisfied(t.id)
        and all(map(whole.satisfied, t.requires))
        and all(any(map(whole.satisfied, g)) for g in t.one_of)
    }  # fmt: skip
    assert set(progress.next_up) == ready
