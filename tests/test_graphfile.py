"""The loader: every kind of problem is reported with its line, all at once."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest

from studypath import GraphError, bundled_graph_path, load_graph, parse_graph
from studypath.graphfile import slugify

from .conftest import Run


def problems(text: str) -> list[str]:
    with pytest.raises(GraphError) as info:
        parse_graph(textwrap.dedent(text).lstrip("\n"), "g.yaml")
    return [str(p) for p in info.value.problems]


def only(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_graph_loads_with_everything_it_says() -> None:
    graph = parse_graph(
        textwrap.dedent("""
        title: Demo
        topics:
          basics:
            title: Basics
            summary: The start.
            aliases: [b]
            hours: 2
          more:
            title: More
            requires: [b]
            resources:
              - title: A Course!
                url: https://example.org/c
                kind: course
                hours: 3.5
                free: yes
                note: Weeks 1-2
              - {title: Extra, optional: true, id: extra-1}
        """).lstrip("\n")
    )
    assert graph.title == "Demo"
    assert [t.id for t in graph.topics] == ["basics", "more"]
    more = graph.topic("more")
    assert more.requires == ("basics",)  # alias resolved
    assert more.line == 8
    course, extra = more.resources
    assert (course.id, course.kind, course.hours, course.free) == ("a-course", "course", 3.5, True)
    assert course.full_id == "more/a-course"
    assert extra.optional and extra.id == "extra-1"
    assert more.estimated_hours == 3.5
    assert graph.topic("basics").estimated_hours == 2


def test_text_fields_keep_what_the_author_wrote() -> None:
    graph = parse_graph(
        textwrap.dedent("""
        title: 2019-09-11
        topics:
          "1984":
            title: 1984
            aliases: [on, yes, "no"]
            resources:
              - {title: 1.10, id: 1.10}
              - {title: true}
        """)
    )
    topic = graph.topic("1984")
    assert graph.title == "2019-09-11"
    assert topic.title == "1984"
    assert topic.aliases == ("on", "yes", "no")
    assert [(r.id, r.title) for r in topic.resources] == [("1.10", "1.10"), ("true", "true")]


def test_yaml_syntax_error_stands_alone_with_its_position() -> None:
    message = only("title: x\ntopics:\n  a: [\n")
    assert message.startswith("g.yaml:4:1: YAML syntax error")


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    assert only(text) == "g.yaml: the file is empty"


def test_file_that_is_not_a_mapping() -> None:
    assert only("- a\n- b\n") == "g.yaml:1:1: graph must be a mapping, not a list"


def test_missing_topics_and_required_titles() -> None:
    assert only("title: x\n") == "g.yaml:1:1: graph: missing required key `topics`"
    found = problems("""
        topics:
          a:
            summary: no title
            resources:
              - url: https://example.org
        """)
    assert found == [
        "g.yaml:2:3: topic `a`: missing required key `title`",  # at the topic's key (issue 9)
        "g.yaml:5:9: topic `a`, resource 1: missing required key `title`",
    ]


def test_wrong_types() -> None:
    found = problems("""
        topics:
          a:
            title: [not, text]
            requires: {x: 1}
            hours: lots
            resources:
              - title: R
                free: maybe
                optional: 1
          b: just a string
          c:
            title: C
            resources: many
        """)
    assert found == [
        "g.yaml:3:12: topic `a`: `title` must be text, not a list",
        "g.yaml:4:15: topic `a`: `requires` must be a list of ids, not a mapping",
        "g.yaml:5:12: topic `a`: `hours` must be a number of hours, not `lots`",
        "g.yaml:8:15: topic `a`, resource 1 (R): `free` must be true or false, not `maybe`",
        "g.yaml:9:19: topic `a`, resource 1 (R): `optional` must be true or false, not `1`",
        "g.yaml:10:6: topic `b` must be a mapping, not `just a string`",
        "g.yaml:13:16: topic `c`: `resources` must be a list, not `many`",
    ]


def test_unknown_keys_anywhere_with_a_hint() -> None:
    found = problems("""
        title: x
        topcs: {}
        topics:
          a:
            title: A
            require: [b]
            resources:
              - {title: R, urll: "https://x.org", colour: red}
        """)
    assert found == [
        "g.yaml:2:1: graph: unknown key `topcs` — did you mean `topics`?",
        "g.yaml:6:5: topic `a`: unknown key `require` — did you mean `requires`?",
        "g.yaml:8:20: topic `a`, resource 1 (R): unknown key `urll` — did you mean `url`?",
        "g.yaml:8:43: topic `a`, resource 1 (R): unknown key `colour` (expected one of: "
        "title, url, kind, hours, free, optional, note, id)",
    ]


def test_duplicate_topic_ids_and_keys_are_caught() -> None:
    found = problems("""
        topics:
          a:
            title: A
            title: A again
          a:
            title: A twice
        """)
    assert found == [
        "g.yaml:4:5: topic `a`: duplicate key `title` (first at line 3)",
        "g.yaml:5:3: `topics`: duplicate key `a` (first at line 2)",
    ]


def test_resource_id_clashes_suggest_an_explicit_id() -> None:
    found = problems("""
        topics:
          a:
            title: A
            resources:
              - title: Intro to X
              - title: "Intro to X!"
              - {title: Other, id: intro-to-x}
        """)
    assert found == [
        "g.yaml:6:9: topic `a`: two resources have the id `intro-to-x` (first at line 5); "
        "give one of them its own `id:`",
        "g.yaml:7:9: topic `a`: two resources have the id `intro-to-x` (first at line 5); "
        "give one of them its own `id:`",
    ]


def test_invalid_ids() -> None:
    found = problems("""
        topics:
          Linear Algebra:
            title: A
          b/c:
            title: B
            aliases: [Bee]
            resources:
              - {title: R, id: "x/y"}
        """)
    assert [f.split(" is not a valid id")[0] for f in found] == [
        "g.yaml:2:3: topic id `Linear Algebra`",
        "g.yaml:4:3: topic id `b/c`",
        "g.yaml:6:15: topic `b/c`: `aliases` entry `Bee`",
        "g.yaml:8:24: topic `b/c`, resource 1 (R): `id` `x/y`",
    ]


def test_unknown_prerequisite_suggests_the_closest_id() -> None:
    found = problems("""
        topics:
          multivariate-calculus: {title: MC}
          pca:
            title: PCA
            requires: [multivariate-calculs, quantum-gravity]
        """)
    assert found == [
        "g.yaml:5:16: topic `pca` requires unknown topic `multivariate-calculs` — did you mean "
        "`multivariate-calculus`?",
        "g.yaml:5:38: topic `pca` requires unknown topic `quantum-gravity`",
    ]


def test_alias_clashes() -> None:
    found = problems("""
        topics:
          a: {title: A, aliases: [b, x]}
          b: {title: B, aliases: [x]}
        """)
    assert found == [
        "g.yaml:2:27: topic `a`: alias `b` is already a topic id",
        "g.yaml:3:27: topic `b`: alias `x` is already an alias of `a`",
    ]


def test_self_requirement_by_id_or_alias() -> None:
    found = problems("""
        topics:
          a: {title: A, aliases: [aa], requires: [a]}
          b: {title: B, aliases: [bb], requires: [bb]}
        """)
    assert found == [
        "g.yaml:2:43: topic `a` requires itself",
        "g.yaml:3:43: topic `b` requires itself",
    ]


def test_cycles_are_printed_prerequisite_first() -> None:
    found = problems("""
        topics:
          a: {title: A, requires: [c]}
          b: {title: B, requires: [a]}
          c: {title: C, requires: [b]}
          d: {title: D, requires: [e]}
          e: {title: E, requires: [d]}
          f: {title: F, requires: [a]}
        """)
    assert found == [
        "g.yaml:2:3: cycle: a → b → c → a (lines 2, 3, 4)",
        "g.yaml:5:3: cycle: d → e → d (lines 5, 6)",
    ]


def test_urls_must_be_http_and_clean() -> None:
    found = problems("""
        topics:
          a:
            title: A
            resources:
              - {title: R1, url: "javascript:alert(1)"}
              - {title: R2, url: "ftp://example.org/x"}
              - {title: R3, url: "https://example.org/\\x1b[31m"}
              - {title: R4, url: "https://example.org/a b (c)"}
        """)
    assert found == [
        "g.yaml:5:26: topic `a`, resource 1 (R1): `url` must be an http:// or https:// link, "
        "not `javascript:alert(1)`",
        "g.yaml:6:26: topic `a`, resource 2 (R2): `url` must be an http:// or https:// link, "
        "not `ftp://example.org/x`",
        "g.yaml:7:26: topic `a`, resource 3 (R3): `url` contains control characters",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "must not be negative (got -1)"),
        ("ten", "must be a number of hours, not `ten`"),
        (".inf", "must be a number of hours, not `.inf`"),
        ("[1]", "must be a number of hours, not a list"),
    ],
)
def test_bad_hours(value: str, message: str) -> None:
    assert only(f"topics:\n  a: {{title: A, hours: {value}}}\n") == (
        f"g.yaml:2:24: topic `a`: `hours` {message}"
    )


def test_unknown_kind_suggests() -> None:
    assert only("topics:\n  a:\n    title: A\n    resources: [{title: R, kind: vidoe}]\n") == (
        "g.yaml:4:34: topic `a`, resource 1 (R): `kind` `vidoe` is not a kind"
        " — did you mean `video`?"
    )


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    found = problems("""
        topics:
          a:
            title: A
            requires: [zz]
            hours: -2
          b:
            titel: B
        """)
    assert len(found) == 4
    assert [int(f.split(":")[1]) for f in found] == sorted(int(f.split(":")[1]) for f in found)


def test_hostile_tags_are_never_constructed() -> None:
    found = problems("topics:\n  a:\n    title: !!python/object/apply:os.system [echo hi]\n")
    assert found == ["g.yaml:3:12: topic `a`: `title` must be text, not a list"]


def test_slugs_for_any_script() -> None:
    assert slugify("Essence of linear algebra") == "essence-of-linear-algebra"
    assert slugify("Café: Ça va?") == "cafe-ca-va"
    japanese = slugify("線形代数入門")
    assert japanese.startswith("r-") and len(japanese) == 10
    assert japanese != slugify("微分積分")


def test_missing_file_names_the_path(tmp_path: object) -> None:
    from studypath import GraphNotFoundError

    with pytest.raises(GraphNotFoundError, match=r"nothere\.yaml"):
        load_graph("nothere.yaml")


def test_bundled_graph_is_valid_and_complete() -> None:
    graph = load_graph(bundled_graph_path())
    assert {"linear-algebra", "multivariate-calculus", "pca", "decision-trees"} <= {
        t.id for t in graph.topics
    }
    assert graph.canonical("decision-tree") == "decision-trees"
    urls = {r.url for t in graph.topics for r in t.resources}
    for seed_url in (
        "https://www.coursera.org/specializations/mathematics-machine-learning",
        "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab",
        "https://victorzhou.com/blog/gini-impurity/",
        "https://victorzhou.com/blog/information-gain/",
        "https://mml-book.github.io/",
    ):
        assert seed_url in urls
    assert all(t.resources for t in graph.topics)
    text = bundled_graph_path().read_text(encoding="utf-8")
    assert text.count("\n      - id: ") == graph.resource_count  # every resource has an explicit id


#: Every item id and alias of the bundled graph before its courses were split into their
#: modules: progress recorded under any of them must stay valid.
EARLIER_BUNDLED_IDS = (
    "linear-algebra", "linear-algebra/coursera", "linear-algebra/essence",
    "linear-algebra/mml-book", "linear-algebra/axler",
    "multivariate-calculus", "multivariate-calculus/coursera", "multivariate-calculus/mml-book",
    "python-numpy", "python-numpy/python-tutorial", "python-numpy/numpy-basics",
    "python-numpy/pdsh", "pca", "pca/coursera", "pca/mml-book", "probability",
    "probability/mml-book", "decision-trees", "decision-trees/gini-impurity",
    "decision-trees/information-gain", "decision-trees/islr", "decision-trees/esl",
)  # fmt: skip
EARLIER_BUNDLED_ALIASES = {
    "la": "linear-algebra", "linalg": "linear-algebra", "calculus": "multivariate-calculus",
    "multivariable-calculus": "multivariate-calculus", "numpy": "python-numpy",
    "python": "python-numpy", "principal-component-analysis": "pca",
    "dimensionality-reduction": "pca", "probability-basics": "probability",
    "decision-tree": "decision-trees", "trees": "decision-trees",
}  # fmt: skip


def test_the_bundled_graph_keeps_every_earlier_id() -> None:
    from datetime import UTC, datetime

    from studypath.progress import orphans
    from studypath.store import Record

    graph = load_graph(bundled_graph_path())
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert orphans(graph, [Record(i, at, graph.title) for i in EARLIER_BUNDLED_IDS]) == []
    assert {a: graph.canonical(a) for a in EARLIER_BUNDLED_ALIASES} == EARLIER_BUNDLED_ALIASES


def test_the_bundled_courses_are_their_modules_hours_counted_once() -> None:
    graph = load_graph(bundled_graph_path())
    totals: dict[str, float] = {}
    for course, prefix in (("linear-algebra", "la-"), ("multivariate-calculus", "calc-"),
                           ("pca", "pca-")):  # fmt: skip
        modules = [t for t in graph.topics if t.id.startswith(prefix)]
        assert [m.id for m in modules] == list(graph.topic(course).requires[: len(modules)])
        for before, after in itertools.pairwise(modules):
            assert before.id in after.requires  # each module after the one before it
        assert all(m.estimated_hours for m in modules)
        assert not graph.topic(course).estimated_hours  # 0 or none: its hours are its modules'
        totals[course] = sum(m.estimated_hours or 0.0 for m in modules)
    assert totals == {"linear-algebra": 22, "multivariate-calculus": 21, "pca": 20}
    from studypath import plan

    assert sum(t.estimated_hours or 0.0 for t in plan(graph, ["pca"]).topics) == 63


def test_the_graphs_own_fields_may_come_after_its_topics() -> None:
    graph = parse_graph("topics:\n  a: {title: A}\ntitle: Late\nsummary: Still read\n")
    assert (graph.title, graph.meta) == ("Late", {"summary": "Still read"})
    assert problems("topics:\n  a: {title: A, hours: -1}\ntitle: [x]\n") == [
        "g.yaml:2:24: topic `a`: `hours` must not be negative (got -1)",
        "g.yaml:3:8: graph: `title` must be text, not a list",
    ]


def test_reading_the_whole_tree_first_gives_the_same_graph() -> None:
    text = bundled_graph_path().read_text(encoding="utf-8")
    streamed, whole = parse_graph(text, "g.yaml"), parse_graph(text, "g.yaml", stream=False)
    assert streamed.topics == whole.topics
    assert (streamed.aliases, dict(streamed.stages)) == (whole.aliases, dict(whole.stages))


def test_an_exported_plan_is_named_for_what_it_is(run: Run, tmp_path: Path) -> None:
    for name in ("plan.md", "plan.json"):
        path = tmp_path / name
        assert run("export", "--goal", "pca", "-o", str(path)).exit_code == 0
        result = run("check", str(path))
        assert result.exit_code == 1
        kind = "Markdown" if name.endswith(".md") else "JSON"
        assert result.stderr.splitlines()[0] == (
            f"{path}: this is a study plan exported by studypath ({kind}), not a graph file: "
            "pass the graph's YAML file instead"
            + (" (it was exported from `math-for-ml`)" if kind == "JSON" else "")
            + f"; to record the boxes ticked in this plan, run `studypath sync {path}`"
        )
        assert len(result.stderr.splitlines()) == 2  # and "1 problem in ..."


def test_a_graph_written_as_json_is_read_as_yaml() -> None:
    assert parse_graph('{"topics": {"a": {"title": "A"}}}').topic("a").title == "A"
    assert problems('{"generator": "me", "topics": {"a": {"title": "A"}}}') == [
        "g.yaml:1:2: graph: unknown key `generator` (expected one of: title, summary, licence, "
        "credit, topics, extends, hide, change)"
    ]
    assert problems('{"generator": "studypath"') == [
        "g.yaml:2:1: YAML syntax error: did not find expected ',' or '}' (in the `{` mapping "
        "that starts at line 1, column 1)"
    ]
