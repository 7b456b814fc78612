"""Export: Markdown checked with a real CommonMark/GFM parser, JSON against its structure, sync."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

from studypath import Graph, Resource, Topic, bundled_graph_path, exports, load_graph, plan
from studypath.exports import Snapshot, markdown, read_ticks
from studypath.exports.json import to_data
from studypath.planner import Plan
from studypath.progress import PlanProgress, plan_progress, standing
from studypath.schema import RESOURCE_FIELDS, TOPIC_FIELDS, names
from studypath.syncing import SyncChanges, sync_changes

from .conftest import Run
from .helpers import PCA_PLAN
from .strategies import STATES, graphs_and_records


def to_markdown(plan: Plan, progress: PlanProgress, generated: datetime) -> str:
    return exports.get("md").render(Snapshot(plan, progress, generated, "graph.yaml"))


HOSTILE_TITLES = [
    "[click](javascript:alert(1))",
    "](javascript:alert(1))",
    "**bold** _em_ `code` ~~gone~~ $x^2$",
    "<script>alert(1)</script> &amp; <b>b</b>",
    "a | b | c",
    "# not a heading ! [x] ![img](https://evil.example/i.png)",
    "https://evil.example www.evil.example me@evil.example",
    "back\\slash \\*",
    'quote " and `backtick` ``` fence',
    "end --> n1 ; click n1 call x() %% classDef",
]


def md() -> MarkdownIt:
    return MarkdownIt("gfm-like").use(tasklists_plugin)


def task_items(tokens: list[Token]) -> list[tuple[int, bool, str]]:
    """(depth, checked, inline text) for every task item, in order."""
    items = []
    depth = 0
    for i, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "list_item_open" and "task-list-item" in str(token.attrs.get("class")):
            inline = tokens[i + 2]
            checkbox = inline.children[0] if inline.children else None
            assert checkbox is not None and checkbox.content.startswith(CHECKBOX)
            items.append((depth, 'checked="checked"' in checkbox.content, inline.content))
    return items


CHECKBOX = '<input class="task-list-item-checkbox"'


def links(tokens: list[Token]) -> list[str]:
    """Links, images and raw HTML, leaving out the task boxes and the export's marker."""
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                out.append(str(child.attrs["href"]))
            if child.type == "image":
                out.append("image:" + str(child.attrs["src"]))
            if child.type == "html_inline" and not child.content.startswith(CHECKBOX):
                out.append("html:" + child.content)
        if token.type == "html_block" and not token.content.startswith("<!-- studypath export"):
            out.append("html:" + token.content)
    return out


def visible_text(tokens: list[Token]) -> str:
    """The text a reader sees, code spans included (an e-mail-like word is shown as code)."""
    shown = ("text", "code_inline")
    return "".join(c.content for t in tokens for c in (t.children or []) if c.type in shown)


def bundled_export(done: set[str]) -> tuple[str, Any]:
    graph = load_graph(bundled_graph_path())
    result = plan(graph, ["pca", "decision-trees"])
    progress = plan_progress(result, standing(graph.topics, done))
    return to_markdown(result, progress, datetime(2026, 11, 24, 12, 0)), (graph, result, progress)


def test_markdown_structure_matches_the_plan_and_progress() -> None:
    text, (graph, result, progress) = bundled_export({"linear-algebra", "decision-trees/esl"})
    tokens = md().parse(text)
    items = task_items(tokens)
    expected = []
    for step in result.steps:
        expected.append((1, step.topic.id in progress.done.topics, step.topic.id))
        for r in step.topic.resources:
            expected.append((2, r.full_id in progress.done.resources, r.full_id))
    assert [(d, c) for d, c, _ in items] == [(d, c) for d, c, _ in expected]
    assert [content.rsplit("`", 2)[1] for _, _, content in items] == [e[2] for e in expected]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Study plan: Principal Component Analysis, Decision Trees"
    assert headings[1:] == [f"Stage {s}" for s, _ in result.stages] + ["Prerequisites"]
    hrefs = [h for h in links(tokens) if not h.startswith("html:")]
    assert hrefs == [r.url for s in result.steps for r in s.topic.resources if r.url]
    # The Mermaid block lists every prerequisite edge of the plan.
    (fence,) = [t for t in tokens if t.type == "fence" and t.info == "mermaid"]
    names = dict(re.findall(r'^\s+(n\d+)\["([^"]*)"\]$', fence.content, re.M))
    title_of = {v: k for k, v in names.items()}
    edges = set(re.findall(r"^\s+(n\d+) --> (n\d+)$", fence.content, re.M))
    expected_edges = {
        (title_of[graph.topic(r).title], title_of[s.topic.title])
        for s in result.steps
        for r in s.topic.requires
    }
    assert edges == expected_edges
    done_nodes = re.search(r"class ([n\d,]+) done", fence.content)
    assert done_nodes is not None
    assert done_nodes.group(1).split(",") == [title_of["Linear Algebra"]]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_render_literally_with_no_extra_links(
    title: str, write_graph: Callable[..., Path]
) -> None:
    path = write_graph(
        "title: T\ntopics:\n  a:\n    title: " + json.dumps(title) + "\n    resources:\n"
        "      - {title: " + json.dumps(title) + ", url: 'https://example.org/a b(c)', id: r}\n"
        "      - {title: " + json.dumps(title) + ", id: s}\n"
    )
    graph = load_graph(path)
    result = plan(graph)
    text = to_markdown(
        result, plan_progress(result, standing(graph.topics, set())), datetime(2026, 1, 1)
    )
    tokens = md().parse(text)
    assert links(tokens) == ["https://example.org/a%20b(c)"]
    items = task_items(tokens)
    assert len(items) == 3
    rendered = md().render(text)
    assert "<script" not in rendered and "<b>" not in rendered and "<img" not in rendered
    # The title is shown exactly, three times (topic and two resources) plus the heading.
    texts = visible_text(tokens)
    assert texts.count(title) >= 3, texts
    assert read_ticks(text).ticks == {"a": False, "a/r": False, "a/s": False}
    # Mermaid: one quoted label a line, holding no quote, bracket or backtick of its own.
    (fence,) = [t for t in tokens if t.type == "fence"]
    label_lines = [line for line in fence.content.splitlines() if line.strip().startswith("n1[")]
    assert len(label_lines) == 1
    label = label_lines[0].strip()[3:-1]
    assert label.startswith('"') and label.endswith('"') and '"' not in label[1:-1]
    assert not set("`[]<>{}|") & set(label)


def test_big_plans_get_a_note_instead_of_a_diagram(write_graph: Callable[..., Path]) -> None:
    lines = ["title: Big", "topics:"] + [f"  t{i}: {{title: T{i}}}" for i in range(250)]
    graph = load_graph(write_graph("\n".join(lines) + "\n"))
    result = plan(graph)
    text = to_markdown(
        result, plan_progress(result, standing(graph.topics, set())), datetime(2026, 1, 1)
    )
    assert "```mermaid" not in text
    assert "250 topics: too many for a readable diagram" in text


# Every field of the graph file's tables, and the plan's own.
JSON_TOPIC_KEYS = {"id", "stage", "done", "state", "next", "notes", *names(TOPIC_FIELDS)}
JSON_RESOURCE_KEYS = {"id", "done", "state", "notes", *names(RESOURCE_FIELDS)}


def test_json_has_the_documented_structure(run: Run) -> None:
    run("done", "la-introduction")
    result = run("export", "--goal", "pca", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"version", "generator", "graph", "goals", "generated", "summary", "topics"}
    assert data["version"] == 1
    assert data["graph"] == {
        "title": "Mathematics for Machine Learning",
        "path": "math-for-ml",
        "summary": load_graph(bundled_graph_path()).meta["summary"],
    }
    assert data["goals"] == ["pca"]
    datetime.fromisoformat(data["generated"])
    assert data["summary"]["topics"] == 19 and data["summary"]["topics_done"] == 1
    assert tuple(t["id"] for t in data["topics"]) == PCA_PLAN
    for topic in data["topics"]:
        assert set(topic) == JSON_TOPIC_KEYS
        assert isinstance(topic["stage"], int) and isinstance(topic["requires"], list)
        for resource in topic["resources"]:
            assert set(resource) == JSON_RESOURCE_KEYS
            assert resource["kind"] in ("course", "video", "book", "docs", "article")
    first = data["topics"][0]
    assert first["done"] is True and all(r["done"] for r in first["resources"])
    assert [t["id"] for t in data["topics"] if t["next"]] == [
        "calc-derivatives",
        "python-numpy",
        "la-vectors",
    ]


def test_json_names_a_given_graph_by_its_path(run: Run, write_graph: Callable[..., Path]) -> None:
    path = write_graph("title: G\ntopics:\n  a: {title: A}\n")
    data = json.loads(run("export", "--graph", str(path), "-f", "json").stdout)
    assert data["graph"]["path"] == str(path)
    assert data["topics"][0]["hours"] is None


def test_output_file_format_from_suffix_and_safe_overwrites(run: Run, tmp_path: Path) -> None:
    md_path, json_path = tmp_path / "plan.md", tmp_path / "plan.json"
    first = run("export", "-g", "pca", "-o", str(md_path))
    assert first.exit_code == 0 and f"wrote {md_path}" in first.stdout
    assert md_path.read_text().startswith("<!-- studypath export")
    assert run("export", "-g", "pca", "-o", str(json_path)).exit_code == 0
    assert json.loads(json_path.read_text())["version"] == 1
    # Re-exporting over our own, unchanged file is fine.
    assert run("export", "-g", "pca", "-o", str(md_path)).exit_code == 0
    # A file studypath did not write is refused without --force.
    notes = tmp_path / "notes.md"
    notes.write_text("my notes\n")
    refused = run("export", "-g", "pca", "-o", str(notes))
    assert refused.exit_code == 1 and "not written by studypath" in refused.stderr
    assert notes.read_text() == "my notes\n"
    assert run("export", "-g", "pca", "-o", str(notes), "--force").exit_code == 0
    # Ticks made in the file and not synced are not thrown away.
    md_path.write_text(md_path.read_text().replace("- [ ] **Multivariate", "- [x] **Multivariate"))
    unsynced = run("export", "-g", "pca", "-o", str(md_path))
    assert unsynced.exit_code == 1
    assert "studypath sync" in unsynced.stderr and "multivariate-calculus" in unsynced.stderr
    assert "- [x] **Multivariate" in md_path.read_text()


def test_sync_round_trip(run: Run, tmp_path: Path, isolated_state: Path) -> None:
    path = tmp_path / "plan.md"
    run("export", "-g", "pca", "-g", "trees", "-o", str(path))
    text = path.read_text()
    ticked = {"python-numpy", "linear-algebra/essence", "decision-trees/gini-impurity"}
    for item in ticked:
        text = re.sub(r"^(\s*- )\[ \](.*`" + re.escape(item) + "`)$", r"\1[x]\2", text, flags=re.M)
    text += "\n- [x] something else `not-in-graph`\n"
    path.write_text(text)
    before = path.read_bytes()
    result = run("sync", str(path))
    assert result.exit_code == 0, result.output
    assert "`not-in-graph` is not in Mathematics for Machine Learning" in result.stderr
    records = set(json.loads((isolated_state / "progress.json").read_text())["records"])
    assert records == ticked
    assert path.read_bytes() == before  # never changes the file
    again = run("sync", str(path))
    assert "nothing to change" in again.stdout
    assert set(json.loads((isolated_state / "progress.json").read_text())["records"]) == ticked
    # --mirror undoes what is unticked.
    path.write_text(text.replace("- [x] **Python and NumPy", "- [ ] **Python and NumPy"))
    assert run("sync", str(path)).stdout.count("no longer done") == 0
    mirrored = run("sync", str(path), "--mirror")
    assert "python-numpy" in mirrored.stdout and "no longer done" in mirrored.stdout
    records = set(json.loads((isolated_state / "progress.json").read_text())["records"])
    assert records == ticked - {"python-numpy"}


def test_sync_rejects_files_without_items(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("# nothing here\n")
    result = run("sync", str(path))
    assert result.exit_code == 1 and "no studypath task items" in result.stderr
    assert run("sync", str(tmp_path / "missing.md")).exit_code == 1


def test_sync_reads_a_file_with_a_byte_order_mark(run: Run, tmp_path: Path) -> None:
    for name in ("plan.json", "plan.md"):
        path = tmp_path / name
        assert run("export", "-g", "pca", "-o", str(path)).exit_code == 0
        text = path.read_text(encoding="utf-8").replace("- [ ] **Python", "- [x] **Python")
        if name.endswith(".json"):
            data = json.loads(text)
            next(t for t in data["topics"] if t["id"] == "python-numpy")["done"] = True
            text = json.dumps(data)
        path.write_text("\ufeff" + text, encoding="utf-8")
        assert read_ticks(path.read_text(encoding="utf-8"), name).ticks["python-numpy"]
        result = run("sync", str(path))
        assert result.exit_code == 0 and "python-numpy" in result.stdout, result.output
        assert run("undo", "python-numpy").exit_code == 0


def test_to_data_is_plain_json() -> None:
    _, (_graph, result, progress) = bundled_export(set())
    data = to_data(Snapshot(result, progress, datetime(2026, 1, 1), "x"))
    assert json.loads(json.dumps(data)) == data


# -- sync: the boxes read as records -----------------------------------------------------------

#: A topic with two required resources and an optional one, and a topic after it.
SYNC_GRAPH = Graph(
    "S",
    [
        Topic(
            "a",
            "A",
            resources=(
                Resource("a", "r1", "R1"),
                Resource("a", "r2", "R2"),
                Resource("a", "extra", "Extra", optional=True),
            ),
        ),
        Topic("b", "B", requires=("a",)),
    ],
)


def changes(ticks: dict[str, bool], recorded: set[str], mirror: bool) -> SyncChanges:
    return sync_changes(SYNC_GRAPH, ticks, recorded, mirror)


def test_a_ticked_topic_box_records_the_topic_whatever_its_resources_say() -> None:
    ticks = {"a": True, "a/r1": False, "a/r2": True, "a/extra": False}
    todo = changes(ticks, {"a/r1"}, mirror=True)
    assert (todo.mark, todo.unmark, todo.kept) == (["a", "a/r2"], ["a/r1"], [])


def test_an_unticked_topic_box_over_ticked_resources_stays_done() -> None:
    # Exported with the topic recorded, so every box ticked; then only the topic unticked.
    ticks = {"a": False, "a/r1": True, "a/r2": True, "a/extra": True}
    todo = changes(ticks, {"a"}, mirror=True)
    assert (todo.mark, todo.unmark, todo.kept) == ([], [], ["a"])
    # Unticking a required resource as well undoes the topic; the ticked boxes are recorded.
    ticks["a/r1"] = False
    todo = changes(ticks, {"a"}, mirror=True)
    assert (todo.mark, todo.unmark, todo.kept) == (["a/r2", "a/extra"], ["a"], [])


SYNC_IDS = ["a", "a/r1", "a/r2", "a/extra", "b"]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(SYNC_IDS), st.booleans()),
    st.sets(st.sampled_from([*SYNC_IDS, "gone"])),
    st.booleans(),
)
def test_a_second_sync_of_the_same_file_changes_nothing(
    ticks: dict[str, bool], recorded: set[str], mirror: bool
) -> None:
    graph = SYNC_GRAPH
    first = sync_changes(graph, ticks, recorded, mirror)
    after = (recorded - set(first.unmark)) | set(first.mark)
    second = sync_changes(graph, ticks, after, mirror)
    assert (second.mark, second.unmark) == ([], [])
    shown = standing(graph.topics, after)
    for item, ticked in ticks.items():
        if ticked:  # every ticked box shows as done
            assert item in shown.topics | shown.resources
        elif mirror and item not in first.kept:  # and, mirrored, no unticked box has a record
            assert item not in after


def test_sync_mirror_twice_changes_nothing_the_second_time(
    run: Run, tmp_path: Path, isolated_state: Path
) -> None:
    def records() -> set[str]:
        return set(json.loads((isolated_state / "progress.json").read_text())["records"])

    path = tmp_path / "plan.md"
    run("done", "linear-algebra")
    assert run("export", "-g", "pca", "-o", str(path)).exit_code == 0
    # The topic's box alone unticked: its required resources' boxes keep it done.
    text = path.read_text().replace("- [x] **Linear Algebra**", "- [ ] **Linear Algebra**")
    path.write_text(text)
    for _ in range(2):
        assert "nothing to change" in run("sync", str(path), "--mirror").stdout
        assert records() == {"linear-algebra"}
    # A required resource unticked as well: the topic is undone, the ticked boxes recorded.
    path.write_text(text.replace("  - [x] [Essence", "  - [ ] [Essence"))
    first = run("sync", str(path), "--mirror")
    assert first.exit_code == 0 and "no longer done" in first.stdout
    after = records()
    assert "linear-algebra" not in after and "linear-algebra/coursera" in after
    second = run("sync", str(path), "--mirror")
    assert "nothing to change" in second.stdout, second.stdout
    assert records() == after


# -- the overwrite guard: what a new export would lose -----------------------------------------


def exported(run: Run, path: Path, *goals: str) -> str:
    args = [a for g in goals for a in ("-g", g)]
    result = run("export", *args, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path.read_text()


def test_an_export_over_one_with_added_text_is_refused_and_names_it(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "plan.md"
    text = exported(run, path, "pca")
    text = text.replace("## Stage 2\n", "My notes: eigenvectors.\n\n- buy the book\n\n## Stage 2\n")
    text = text.replace("`python-numpy/numpy-basics`", "`python-numpy/numpy-basics` ✅ 2026-11-25")
    text += "\n## Week 1\n\n> revise `pca` \u202e\n"
    path.write_text(text)
    refused = run("export", "-g", "pca", "-o", str(path))
    assert refused.exit_code == 1
    lines = text.splitlines()

    def at(start: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if line.lstrip().startswith(start))

    assert refused.stderr.splitlines() == [
        f"error: {path} holds text a new export would not keep:",
        f"  line {at('- [ ] [NumPy')}: ✅ 2026-11-25 (after `python-numpy/numpy-basics`)",
        f"  line {at('My notes')}: My notes: eigenvectors.",
        f"  line {at('- buy')}: - buy the book",
        f"  line {at('## Week 1')}: ## Week 1",
        f"  line {at('> revise')}: > revise `pca` \\u202e",
        "Copy what you want to keep elsewhere; --force replaces the file.",
    ]
    assert path.read_text() == text
    assert run("export", "-g", "pca", "-o", str(path), "--force").exit_code == 0


def test_what_studypath_changes_between_exports_is_no_loss(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    exported(run, path, "pca")
    # Progress moves on: ticks, next-up markers, the summary and the diagram's classes change.
    path.write_text(path.read_text().replace("exported 2026", "exported 2025"))
    run("done", "python-numpy", "multivariate-calculus")
    exported(run, path, "pca")
    # Another goal: other topics, stages and title; recorded ticks it does not show are fine,
    # those of a topic done through its required resources (its optional ones unticked) too.
    run("done", "decision-trees/gini-impurity", "decision-trees/information-gain")
    trees = exported(run, path, "decision-trees")
    assert "- [x] **Decision Trees**" in trees and "- [ ] [An Introduction" in trees
    exported(run, path, "pca")
    exported(run, path, "pca", "decision-trees")
    exported(run, path, "probability")


def test_an_unsynced_tick_of_a_topic_the_new_export_lacks_is_refused(
    run: Run, tmp_path: Path, isolated_state: Path
) -> None:
    path = tmp_path / "plan.md"
    run("done", "decision-trees/gini-impurity")  # one required resource of two
    text = exported(run, path, "decision-trees")
    path.write_text(text.replace("- [ ] **Decision Trees**", "- [x] **Decision Trees**"))
    refused = run("export", "-g", "pca", "-o", str(path))
    assert refused.exit_code == 1
    assert "not recorded as progress (decision-trees)" in refused.stderr
    # A progress file that cannot be read records nothing: every tick counts as unsynced.
    progress = isolated_state / "progress.json"
    saved = progress.read_bytes()
    progress.write_text("{not json")
    refused = run("export", "-g", "pca", "-o", str(path))
    assert "(decision-trees, decision-trees/gini-impurity)" in refused.stderr, refused.stderr
    progress.write_bytes(saved)
    assert run("sync", str(path)).exit_code == 0
    assert run("export", "-g", "pca", "-o", str(path)).exit_code == 0


def test_lost_allows_exactly_what_studypath_writes() -> None:
    old, _ = bundled_export({"linear-algebra"})
    new, _ = bundled_export({"linear-algebra", "python-numpy", "decision-trees/esl"})
    assert markdown.lost(old, new) == []
    ours = [
        "<!-- studypath export format 9: other words -->",
        "# Study plan: Something else",
        "Other graph · exported 1999-01-01 · 1 topic · 0% done",
        "## Stage 12",
        "The plan has 300 topics: too many for a readable diagram (the limit here is 200). "
        "The stages above follow every prerequisite.",
        '```mermaid\nflowchart LR\n  n1["A"]\n  n2["B"]\n  n1 --> n2\n  class n1,n2 done\n```',
        "- [x] **Removed topic** — next up · 3 h `gone`\n"
        "  - [ ] [R](https://x.org/) — book · free `gone/r`",
        "1. [ ] **Linear Algebra** `linear-algebra`",  # a copy of an item loses nothing
    ]
    assert markdown.lost(old + "\n" + "\n\n".join(ours) + "\n", new) == []
    learner = {
        "A paragraph": "A paragraph",
        "## Stage one notes": "## Stage one notes",
        "```mermaid\nflowchart TD\n  my --> own\n```": "```mermaid",
        "```\ncode\n```": "```",
        "    indented": "indented",
        "<details>my html</details>": "<details>my html</details>",
        "| a | b |\n|---|---|\n| 1 | 2 |": "| a | b |",
        "***": "***",
        "- a bullet": "- a bullet",
        "- [ ] a task of my own": "- [ ] a task of my own",
        "- [x] my own task `my-id`": "- [x] my own task `my-id`",
        "- [ ] **A** `a` #tag": "#tag (after `a`)",
    }
    for block, shown in learner.items():
        assert markdown.lost(f"{old}\n{block}\n", new) == [(old.count("\n") + 2, shown)]


def test_output_dash_is_standard_output_and_special_files_are_refused(
    run: Run, tmp_path: Path
) -> None:
    import os

    dash = run("export", "pca", "-o", "-")
    assert dash.exit_code == 0 and dash.stdout.startswith("<!-- studypath export")
    assert not (Path.cwd() / "-").exists()
    fifo = tmp_path / "plan.md"
    os.mkfifo(fifo)
    for args in (["sync", str(fifo)], ["export", "pca", "-o", str(fifo)]):
        result = run(*args)  # refused at once: reading a FIFO would wait for ever
        assert result.exit_code == 1
        assert "named pipe (FIFO), not a regular file" in result.stderr


# -- states in exports: written, read back, synced --------------------------------------------


@settings(max_examples=150, deadline=None)
@given(graphs_and_records(STATES), st.sampled_from(["md", "json"]), st.booleans())
def test_an_export_then_sync_changes_nothing_whatever_the_states(
    case: tuple[Graph, dict[str, str]], name: str, mirror: bool
) -> None:
    graph, records = case
    whole = plan(graph)
    progress = plan_progress(whole, standing(graph.topics, records))
    text = exports.get(name).render(Snapshot(whole, progress, datetime(2026, 1, 1), "g.yaml"))
    read = read_ticks(text, f"plan.{name}")
    todo = sync_changes(graph, read.ticks, records, mirror, read.states)
    assert (todo.mark, todo.unmark) == ([], [])
    done = progress.done
    for item, ticked in read.ticks.items():
        assert ticked == (item in done.topics or item in done.resources)
        assert read.states.get(item) == (s if (s := done.state(item)) != "done" else None)


def test_states_are_written_and_read_back_in_markdown_and_json() -> None:
    def exported(records: dict[str, str], name: str) -> str:
        whole = plan(SYNC_GRAPH)
        progress = plan_progress(whole, standing(SYNC_GRAPH.topics, records))
        snapshot = Snapshot(whole, progress, datetime(2026, 1, 1), "g.yaml")
        return exports.get(name).render(snapshot)

    text = exported({"a/r1": "known", "a/extra": "skipped", "b": "started"}, "md")
    assert "- [ ] **A** — next up `a`\n" in text
    assert "  - [x] R1 — other — *known* `a/r1`\n" in text
    assert "  - [ ] R2 — other `a/r2`\n" in text
    assert "  - [ ] Extra — other · optional — *skipped* `a/extra`\n" in text
    assert "- [ ] **B** — *started* `b`\n" in text
    assert read_ticks(text).states == {"a/r1": "known", "a/extra": "skipped", "b": "started"}
    text = exported({"a": "known", "a/extra": "skipped"}, "md")  # "I know this": all of it
    assert "- [x] **A** — *known* `a`\n" in text
    assert "  - [x] Extra — other · optional — *known* `a/extra`\n" in text
    data = json.loads(exported({"a": "known", "b": "skipped"}, "json"))
    assert [(t["id"], t["done"], t["state"]) for t in data["topics"]] == [
        ("a", True, "known"), ("b", False, "skipped")
    ]  # fmt: skip
    assert [r["state"] for r in data["topics"][0]["resources"]] == ["known"] * 3
    summary = data["summary"]
    assert (summary["topics_known"], summary["topics_skipped"], summary["topics"]) == (1, 1, 2)
    assert summary["fraction_done"] == 1.0  # the one topic that counts is known
    summary = json.loads(exported({"a": "known", "a/r1": "skipped"}, "json"))["summary"]
    assert (summary["topics_known"], summary["topics_skipped"]) == (1, 0)
    assert (summary["resources_done"], summary["resources_skipped"]) == (3, 0)  # "I know this"
    summary = json.loads(exported({"a/r1": "skipped"}, "json"))["summary"]
    assert (summary["resources_done"], summary["resources_skipped"]) == (0, 1)


def test_a_ticked_box_or_a_state_written_in_the_file_is_recorded_on_sync() -> None:
    ticks = {"a": True, "a/r1": False, "a/r2": False, "a/extra": False, "b": False}
    marks = {"a": "known", "a/extra": "skipped", "b": "started"}
    todo = sync_changes(SYNC_GRAPH, ticks, {}, False, marks)
    assert todo.states == {"a": "known", "a/extra": "skipped", "b": "started"}
    # A box ticked over a skipped or started record is progress: recorded without --mirror.
    todo = sync_changes(SYNC_GRAPH, {"b": True}, {"b": "skipped"}, False)
    assert todo.states == {"b": "done"}
    # A state that would take progress back is recorded only with --mirror.
    assert sync_changes(SYNC_GRAPH, {"b": False}, {"b": "done"}, False, {"b": "skipped"}).mark == []
    assert sync_changes(SYNC_GRAPH, {"b": False}, {"b": "done"}, True, {"b": "skipped"}).states == {
        "b": "skipped"
    }
    # An unticked box without a state undoes any record with --mirror.
    assert sync_changes(SYNC_GRAPH, {"b": False}, {"b": "skipped"}, True).unmark == ["b"]


@pytest.mark.parametrize(
    "title", ["x — *known*", "**A** — *skipped*", "a — \\*started\\*", "end — *known* · 2 h"]
)
def test_text_from_the_graph_never_reads_as_a_state(title: str) -> None:
    graph = Graph("G", [Topic("a", title, resources=(Resource("a", "r", title, note=title),))])
    whole = plan(graph)
    progress = plan_progress(whole, standing(graph.topics, {}))
    text = exports.get("md").render(Snapshot(whole, progress, datetime(2026, 1, 1), "g.yaml"))
    assert read_ticks(text).states == {}


def test_a_hand_edited_json_state_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    assert run("export", "pca", "-o", str(path)).exit_code == 0
    data = json.loads(path.read_text())
    for bad, shown in (("finished", '"finished"'), (True, "true"), ([], "a list")):
        data["topics"][0]["state"] = bad
        path.write_text(json.dumps(data))
        result = run("sync", str(path))
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {path} cannot be read as a studypath JSON export: topic 1 "
            f'(`la-introduction`): `state` is {shown}, not null or one of "done", "known", '
            '"skipped", "started"\n'
        )
    data["topics"][0]["state"] = "skipped"
    path.write_text(json.dumps(data))
    assert run("sync", str(path)).exit_code == 0
    shown = json.loads(run("show", "la-introduction", "--json").stdout)
    assert shown["topic"]["state"] == "skipped"


# -- schedules in the exports -------------------------------------------------------------------


def scheduled(records: dict[str, str], name: str, pace: float | None = 7.0) -> str:
    """An export of a small plan laid out at ``pace`` from 2027-01-04 (a Monday; no schedule
    when None): A 10 h, B (requires A) 5 h in resources, C (requires B) without an estimate
    (2 h by default)."""
    from datetime import date

    from studypath.pace import Pace
    from studypath.schedule import schedule

    graph = Graph(
        "Dated",
        [
            Topic("a", "A", hours=10.0),
            Topic(
                "b",
                "B",
                requires=("a",),
                resources=(
                    Resource("b", "r1", "R1", hours=3.0),
                    Resource("b", "r2", "R2", hours=2.0),
                ),
            ),
            Topic("c", "C", requires=("b",)),
        ],
    )
    whole = plan(graph)
    done = standing(graph.topics, records)
    laid = schedule(whole, done, Pace(pace), date(2027, 1, 4)) if pace else None
    snapshot = Snapshot(whole, plan_progress(whole, done), datetime(2026, 1, 1), "g.yaml", {}, laid)
    return exports.get(name).render(snapshot)


def test_json_carries_the_schedule() -> None:
    data = json.loads(scheduled({"b/r1": "done"}, "json"))
    assert list(data)[list(data).index("summary") + 1] == "schedule"
    assert data["schedule"] == {
        "pace_hours_per_week": 7.0, "start": "2027-01-04", "finish": "2027-01-17",
        "default_hours": 2.0,
    }  # fmt: skip
    # 1 h a day: A days 0-9, B (2 h left) days 10-11, C (2 h by default) days 12-13.
    dates = [(t["id"], t["start"], t["finish"]) for t in data["topics"]]
    assert dates == [
        ("a", "2027-01-04", "2027-01-13"), ("b", "2027-01-14", "2027-01-15"),
        ("c", "2027-01-16", "2027-01-17"),
    ]  # fmt: skip
    keys = list(data["topics"][0])
    assert keys[keys.index("next") + 1 : keys.index("next") + 3] == ["start", "finish"]
    assert data["version"] == 1
    done = json.loads(scheduled({"a": "done", "b": "skipped", "c": "known"}, "json"))
    assert done["schedule"]["finish"] is None
    assert [(t["start"], t["finish"]) for t in done["topics"]] == [(None, None)] * 3


def test_without_a_schedule_the_exports_are_unchanged() -> None:
    whole = plan(SYNC_GRAPH)
    progress = plan_progress(whole, standing(SYNC_GRAPH.topics, {}))
    bare = Snapshot(whole, progress, datetime(2026, 1, 1), "g.yaml")
    data = to_data(bare)
    assert "schedule" not in data
    assert all("start" not in t and "finish" not in t for t in data["topics"])
    text = exports.get("md").render(bare)
    assert "h/week" not in text and "finishes" not in text and " → " not in text


@pytest.mark.parametrize("name", ["md", "json"])
def test_sync_reads_a_scheduled_export_as_an_unscheduled_one(name: str) -> None:
    for records in ({}, {"a": "known", "b/r1": "done", "b/r2": "started", "c": "skipped"}):
        dated = scheduled(records, name)
        assert "2027-01-" in dated
        assert read_ticks(dated) == read_ticks(scheduled(records, name, pace=None))
    dated = scheduled({"b/r2": "started", "c": "skipped"}, name)
    assert read_ticks(dated).states == {"b": "started", "b/r2": "started", "c": "skipped"}


def test_new_dates_are_no_loss_but_text_after_them_is() -> None:
    old = scheduled({}, "md", pace=7.0)
    new = scheduled({"a": "done"}, "md", pace=3.0)  # other dates everywhere
    assert old != new and markdown.lost(old, new) == []
    # An earlier dated export of topics the new plan lacks is studypath's too.
    gone = "- [ ] **Gone** — next up · 3 h · 2027-01-04 → 2027-01-10 `gone`\n"
    gone += "- [ ] **Also** · 2027-01-05 (2 h assumed) `also`\n"
    assert markdown.lost(old + "\n" + gone, new) == []
    edited = old.replace("2027-01-13 `a`", "2027-01-13 `a` my note")
    assert markdown.lost(edited, new) == [(8, "my note (after `a`)")]
    assert markdown.lost(old + "\n## Stage 1 · finishes soon\n", new) == [
        (old.count("\n") + 2, "## Stage 1 · finishes soon")
    ]
