"""A graph file that extends another (``extends:``): topics added, changed and hidden, errors
at the learner's own lines, and a base that changes under it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from studypath import GraphError, load, load_graph, plan

from .conftest import Run


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


BASE = """
    title: Base
    licence: CC0
    credit: The base's authors
    topics:
      a: {title: A, hours: 1}
      b: {title: B, requires: [a], hours: 2, aliases: [bee]}
      c: {title: C, requires: [b], resources: [{title: C book, id: book}]}
      d: {title: D, requires: [{one-of: [b, c]}]}
      e: {title: E, requires: [d]}
"""


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(tmp_path / "base.yaml", BASE)


def test_a_file_adds_changes_and_hides_topics_of_its_base(base: Path) -> None:
    mine = write(
        base.parent / "mine.yaml",
        """
        title: Mine
        extends: base.yaml
        hide: [b]
        change:
          c:
            title: C, my way
            resources: [{title: My notes, url: "https://example.org/n", id: notes}]
            add-requires: [warm-up]
          e:
            requires: [a]
        topics:
          warm-up: {title: Warm-up, hours: 3}
          capstone: {title: Capstone, requires: [e, bee]}
        """,
    )
    graph = load_graph(mine)
    assert graph.title == "Mine"
    assert (graph.meta["licence"], graph.meta["credit"]) == ("CC0", "The base's authors")
    assert list(graph.ids) == ["a", "c", "d", "e", "warm-up", "capstone"]
    c = graph.topic("c")
    assert c.title == "C, my way"
    assert [r.id for r in c.resources] == ["book", "notes"]
    assert c.requires == ("warm-up",)  # b hidden: its edge gone; warm-up added
    assert graph.topic("d").requires == ("c",)  # a group left with one alternative
    assert graph.topic("e").requires == ("a",)  # replaced
    assert graph.warnings == (
        f"{mine}:13:45: topic `capstone` requires unknown topic `bee`: left out",
    )  # an alias of the hidden topic names nothing now
    assert plan(graph, ["capstone"]).topic_ids == ("a", "e", "capstone")


def test_a_bundled_graph_is_extended_by_name(tmp_path: Path) -> None:
    bundled = load("ossu-cs")
    first = next(iter(bundled.ids))
    mine = write(
        tmp_path / "mine.yaml",
        f"""
        extends: ossu-cs
        topics:
          capstone: {{title: My capstone, requires: [{first}]}}
        """,
    )
    graph = load_graph(mine)
    assert len(graph) == len(bundled) + 1
    assert graph.title == "mine"
    assert graph.meta["licence"] == "MIT"
    assert plan(graph, ["capstone"]).topic_ids[-2:] == (first, "capstone")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("extends: base.yaml\ntopics:\n  a: {title: Mine}\n",
         "3:3: topic `a` is in the base graph `base.yaml` already: change it under `change:`"),
        ("extends: base.yaml\nchange:\n  a: {titel: X}\n",
         "3:7: change `a`: unknown key `titel` — did you mean `title`?"),
        ("extends: base.yaml\nchange:\n  c:\n    resources: [{title: Again, id: book}]\n",
         "4:16: change `c`: the base topic has a resource `book` already"),
        ("extends: nowhere\n",
         "1:10: `extends`: no graph file `nowhere` beside this one, and no bundled graph"),
        ("extends: mine.yaml\n", "1:10: `extends`: `mine.yaml` extends this file in turn"),
        ("extends: base.yaml\nhide: [a]\nchange:\n  a: {title: X}\n",
         "4:3: `change` names the hidden topic `a`: change it or hide it, not both"),
        ("extends: base.yaml\nchange:\n  e: {requires: [e]}\n",
         "3:18: topic `e` requires itself"),
        ("extends: base.yaml\nchange:\n  a: {requires: [e]}\n", "cycle: a → b → c → d → e → a"),
        ("title: No topics\n", "1:1: graph: missing required key `topics`"),
    ],
)  # fmt: skip
def test_problems_in_the_file_are_reported_at_its_own_lines(
    base: Path, text: str, problem: str
) -> None:
    mine = write(base.parent / "mine.yaml", text)
    with pytest.raises(GraphError) as info:
        load_graph(mine)
    assert any(problem in str(p) for p in info.value.problems), info.value.problems
    assert all(p.path == str(mine) for p in info.value.problems)


def test_a_base_with_problems_is_named(base: Path) -> None:
    write(base, "topics:\n  a: {title: A, requires: [zz]}\n")
    mine = write(base.parent / "mine.yaml", "extends: base.yaml\n")
    with pytest.raises(GraphError, match=r"the base graph `base\.yaml` has 1 problem"):
        load_graph(mine)


def test_the_file_and_progress_keep_working_when_the_base_renames_or_drops_a_course(
    base: Path, run: Run
) -> None:
    mine = write(
        base.parent / "mine.yaml",
        """
        title: Mine
        extends: base.yaml
        change:
          c: {add-requires: [warm-up]}
        hide: [e]
        topics:
          warm-up: {title: Warm-up}
          capstone: {title: Capstone, requires: [c, d]}
        """,
    )
    graph = ["--graph", str(mine)]
    assert run("check", str(mine)).exit_code == 0
    assert run("done", "a", "c/book", *graph).exit_code == 0
    assert run("goal", "add", "capstone", *graph).exit_code == 0
    # A new release of the base: c is renamed c2, e is gone.
    write(base, BASE.replace("c:", "c2:").replace("[b, c]", "[b, c2]").replace("[d]}", "[a]}"))
    write(base, base.read_text(encoding="utf-8").replace("  e: {title: E, requires: [a]}\n", ""))
    shown = run("plan", *graph)
    assert shown.exit_code == 0, shown.output
    assert "Capstone" in shown.stdout
    for vanished in ("`change` names `c`", "requires unknown topic `c`", "`hide` names `e`"):
        assert vanished in shown.stderr
    status = run("status", *graph)
    assert status.exit_code == 0
    assert "c/book" in status.stdout  # an orphaned record, kept and shown
    checked = run("check", str(mine))
    assert checked.exit_code == 1
    assert "valid but for 3 warnings" in checked.stdout


def test_the_readme_example_extends_the_bundled_ossu_graph(tmp_path: Path) -> None:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("**Your own curriculum on top")[1].split("```yaml\n")[1]
    mine = write(tmp_path / "mine.yaml", example.split("```")[0])
    graph = load_graph(mine)
    assert graph.warnings == ()
    assert "core-security" not in graph
    assert "my-warm-up" in graph.topic("programming-languages").requires
    assert plan(graph, ["capstone"]).topic_ids[-1] == "capstone"
