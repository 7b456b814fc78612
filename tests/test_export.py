"""Export: Markdown checked with a real CommonMark/GFM parser, JSON against its structure, sync."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

from studypath import bundled_graph_path, exports, load_graph, plan
from studypath.exports import Snapshot, read_ticks
from studypath.exports.json import to_data
from studypath.planner import Plan
from studypath.schema import RESOURCE_FIELDS, TOPIC_FIELDS, names
from studypath.progress import PlanProgress, plan_progress, standing

from .conftest import Run


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
    return "".join(c.content for t in tokens for c in (t.children or []) if c.type == "text")


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
JSON_TOPIC_KEYS = {"id", "stage", "done", "next", *names(TOPIC_FIELDS)}
JSON_RESOURCE_KEYS = {"id", "done", *names(RESOURCE_FIELDS)}


def test_json_has_the_documented_structure(run: Run) -> None:
    run("done", "linear-algebra")
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
    assert data["summary"]["topics"] == 4 and data["summary"]["topics_done"] == 1
    assert [t["id"] for t in data["topics"]] == [
        "linear-algebra", "python-numpy", "multivariate-calculus", "pca"
    ]  # fmt: skip
    for topic in data["topics"]:
        assert set(topic) == JSON_TOPIC_KEYS
        assert isinstance(topic["stage"], int) and isinstance(topic["requires"], list)
        for resource in topic["resources"]:
            assert set(resource) == JSON_RESOURCE_KEYS
            assert resource["kind"] in ("course", "video", "book", "docs", "article")
    first = data["topics"][0]
    assert first["done"] is True and all(r["done"] for r in first["resources"])
    assert [t["id"] for t in data["topics"] if t["next"]] == [
        "python-numpy",
        "multivariate-calculus",
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


def test_to_data_is_plain_json() -> None:
    _, (_graph, result, progress) = bundled_export(set())
    data = to_data(Snapshot(result, progress, datetime(2026, 1, 1), "x"))
    assert json.loads(json.dumps(data)) == data
