"""The streaming reader: the problems and the graph of the whole-tree reader it replaced."""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
import tracemalloc
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studypath import GraphError, Resource, Topic, parse_graph
from studypath.graphreader import _settings, slugify
from studypath.nodereader import NodeReader
from studypath.yamlnodes import SequenceNode, compose

from .conftest import ROOT
from .strategies import GroupSpec, Spec, dag_specs, group_specs, grouped_graph_of, grouped_yaml_of

BROKEN = ROOT / "tests" / "data" / "broken"

#: What the reader of commit 825a452 (which built the whole tree of nodes first) reported for
#: each file of the corpus: tests/data/broken/*.yaml (the cases of tests/test_graphfile.py and
#: more), the README's broken example and the Metacademy fixture.
REFERENCE: dict[str, list[str] | dict[str, list[str]]] = {
    name: found
    for name, found in json.loads((BROKEN / "reference.json").read_text("utf-8")).items()
    if not name.startswith("_")
}

#: Files whose report changed on purpose (issue 9), with what is reported now.
CHANGED: dict[str, list[str]] = {
    # A missing title is reported at the topic's key, not at its first field.
    "missing-titles.yaml": [
        "2:3: topic `a`: missing required key `title`",
        "5:9: topic `a`, resource 1: missing required key `title`",
    ],
    "every-problem.yaml": [
        "4:16: topic `a` requires unknown topic `zz`",
        "5:12: topic `a`: `hours` must not be negative (got -2)",
        "6:3: topic `b`: missing required key `title`",
        "7:5: topic `b`: unknown key `titel` — did you mean `title`?",
    ],
    "merge-key.yaml": [
        "1:1: graph: unknown key `base` (expected one of: title, summary, licence, credit, topics, "
        "extends, hide, change)",
        "3:3: topic `a`: missing required key `title`",
        "3:7: topic `a`: unknown key `<<` (expected one of: title, summary, aliases, requires, "
        "hours, resources)",
    ],
    # A topic with a problem of its own is still a topic: no "requires unknown topic" for it.
    "cascade-no-title.yaml": ["2:3: topic `a`: missing required key `title`"],
    "cascade-no-title-flow.yaml": ["2:3: topic `a`: missing required key `title`"],
    "cascade-invalid-id.yaml": [
        "2:3: topic id `Bad Id` is not a valid id: use lowercase letters, digits and . _ + -, "
        "starting with a letter or digit"
    ],
    "cascade-not-a-mapping.yaml": ["2:6: topic `a` must be a mapping, not `just text`"],
    "cascade-invalid-alias.yaml": [
        "2:27: topic `a`: `aliases` entry `Al` is not a valid id: use lowercase letters, digits "
        "and . _ + -, starting with a letter or digit"
    ],
    # ... and its own prerequisites count: for cycles, and when they name no topic.
    "cascade-invalid-title-in-cycle.yaml": [
        "2:3: cycle: a → b → a (lines 2, 3)",
        "2:14: topic `a`: `title` must be text, not a list",
    ],
    "cascade-untitled-with-unknown-prerequisite.yaml": [
        "2:3: topic `a`: missing required key `title`",
        "2:30: topic `a` requires unknown topic `zz`",
    ],
    # A plan exported by studypath is named as such.
    "markdown-export.yaml": [
        "this is a study plan exported by studypath (Markdown), not a graph file: pass the "
        "graph's YAML file instead; to record the boxes ticked in this plan, run "
        "`studypath sync {path}`"
    ],
    "json-export.yaml": [
        "this is a study plan exported by studypath (JSON), not a graph file: pass the graph's "
        "YAML file instead (it was exported from `math-for-ml`); to record the boxes ticked in "
        "this plan, run `studypath sync {path}`"
    ],
    # Syntax errors say where the construct started, name a tab and the character found.
    "syntax-unclosed-quote.yaml": [
        "5:1: YAML syntax error: found unexpected end of stream (the quoted text that starts at "
        "line 4, column 12 is never closed)"
    ],
    "syntax-unclosed-quote-no-newline.yaml": [
        "3:16: YAML syntax error: found unexpected end of stream (the quoted text that starts at "
        "line 3, column 14 is never closed)"
    ],
    "syntax-unclosed-flow-sequence.yaml": [
        "5:4: YAML syntax error: did not find expected ',' or ']' (in the `[` list that starts "
        "at line 4, column 15)"
    ],
    "syntax-unclosed-flow-mapping.yaml": [
        "3:4: YAML syntax error: did not find expected ',' or '}' (in the `{` mapping that "
        "starts at line 2, column 6)"
    ],
    "syntax-tab-indent.yaml": [
        "2:1: YAML syntax error: found a tab character (YAML indents with spaces, not tabs)"
    ],
    "syntax-tab-in-list.yaml": [
        "5:1: YAML syntax error: found a tab character (YAML indents with spaces, not tabs)"
    ],
    "syntax-bad-indent.yaml": [
        "4:4: YAML syntax error: did not find expected key (in the mapping that starts at line 2, "
        "column 3; check this line's indentation)"
    ],
    "syntax-single-quote.yaml": [
        "3:16: YAML syntax error: did not find expected key (in the mapping that starts at line "
        "3, column 5; check this line's indentation)"
    ],
    "syntax-colon-in-value.yaml": [
        "3:13: YAML syntax error: mapping values are not allowed in this context (put text that "
        "holds `: ` in quotes, or check the indentation)"
    ],
    "syntax-at-sign.yaml": [
        "3:12: YAML syntax error: found `@`, which cannot start a YAML value (put the text in "
        "quotes)"
    ],
    "syntax-unknown-escape.yaml": [
        "3:14: YAML syntax error: found unknown escape `\\q` (in the quoted text that starts at "
        "line 3, column 12; write a backslash as `\\\\`)"
    ],
    "syntax-bad-anchor.yaml": [
        "2:7: YAML syntax error: did not find expected alphabetic or numeric character (in the "
        "anchor that starts at line 2, column 6)"
    ],
}


def report(name: str, stream: bool = True) -> list[str] | dict[str, list[str]]:
    """The problems of a corpus file, as the reference records them (or the topic ids)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    try:
        graph = parse_graph(text, name, stream=stream)
    except GraphError as error:
        return [str(problem) for problem in error.problems]
    return {"valid": [topic.id for topic in graph.topics]}


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_the_streaming_reader_reports_what_the_whole_tree_reader_did(name: str) -> None:
    changed = CHANGED.get(Path(name).name)
    if changed is None:
        assert report(name) == REFERENCE[name]
    else:  # "line:column: message", or a message about the whole file
        expected = [m.replace("{path}", name) for m in changed]
        assert report(name) == [f"{name}{':' if m[0].isdigit() else ': '}{m}" for m in expected]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_streaming_and_reading_the_whole_tree_agree(name: str) -> None:
    assert report(name, stream=True) == report(name, stream=False)


def test_the_corpus_is_all_there() -> None:
    assert set(CHANGED) <= {Path(name).name for name in REFERENCE}
    assert len(REFERENCE) == len(list(BROKEN.glob("*.yaml"))) + 2


# -- valid graphs: the same Graph ---------------------------------------------------------


def expected_stages(spec: Spec) -> dict[str, int]:
    requires = dict(spec)
    stages: dict[str, int] = {}

    def stage(topic: str) -> int:
        if topic not in stages:
            stages[topic] = 1 + max((stage(r) for r in requires[topic]), default=0)
        return stages[topic]

    for topic, _ in spec:
        stage(topic)
    return stages


class GraphFile:
    """A random graph file, written line by line, and the topics it stands for: block and flow
    styles, aliases used in ``requires``, text YAML would read as other types, the graph's own
    fields before or after ``topics:``, and resources an alias repeats in a later topic."""

    def __init__(self, data: st.DataObject, spec: Spec) -> None:
        self.draw = data.draw
        self.lines: list[str] = []
        self.topics: list[Topic] = []
        self.shared: Resource | None = None  # a resource an alias may repeat later
        draw = self.draw
        self.title = "Random graph" if draw(st.booleans()) else "random"  # default: file name
        self.meta = {"summary": "A graph: drawn at random"} if draw(st.booleans()) else {}
        head = [f"title: {self.title}"] if self.title != "random" else []
        head += [f'summary: "{self.meta["summary"]}"'] if self.meta else []
        after = draw(st.booleans())
        self.aliases = {t: [f"{t}-a{n}" for n in range(draw(st.integers(0, 2)))] for t, _ in spec}
        self.lines += [] if after else head
        self.lines.append("topics:")
        for topic_id, requires in spec:
            self.topic(topic_id, requires)
        self.lines += head if after else []
        self.text = "\n".join(self.lines) + "\n"

    def topic(self, topic_id: str, requires: list[str]) -> None:
        draw = self.draw
        line = len(self.lines) + 1
        title = draw(st.sampled_from([f"Topic {topic_id}", "1984", "yes", "A: b"]))
        names = [draw(st.sampled_from([r, *self.aliases[r]])) for r in requires]
        hours = draw(st.sampled_from([None, 2.0, 0.5]))
        fields = [f'title: "{title}"']
        if self.aliases[topic_id]:
            fields.append(f"aliases: [{', '.join(self.aliases[topic_id])}]")
        written_empty: bool = draw(st.booleans())  # `requires: []`
        if names or written_empty:
            fields.append(f"requires: [{', '.join(names)}]")
        if hours is not None:
            fields.append(f"hours: {hours}")
        earlier = self.shared  # anchored in an earlier topic
        resources = [self.resource(topic_id, n) for n in range(draw(st.integers(0, 3)))]
        if earlier is not None and draw(st.booleans()):
            resources.append(("*shared", replace(earlier, topic_id=topic_id)))
        if resources:
            fields.append(f"resources: [{', '.join(text for text, _ in resources)}]")
        if draw(st.booleans()):
            self.lines += [f"  {topic_id}:", *(f"    {field}" for field in fields)]
        else:
            self.lines.append(f"  {topic_id}: {{{', '.join(fields)}}}")
        topic = Topic(
            id=topic_id,
            title=title,
            aliases=tuple(self.aliases[topic_id]),
            requires=tuple(requires),
            hours=hours,
            resources=tuple(resource for _, resource in resources),
            line=line,
        )
        self.topics.append(topic)

    def resource(self, topic_id: str, number: int) -> tuple[str, Resource]:
        draw = self.draw
        anchor = self.shared is None and draw(st.booleans())  # one anchor in the file
        resource_id = "shared" if anchor else f"r{number}"
        title = f"Part {number}: {draw(st.sampled_from(['Intro', 'Notes', 'Ça va']))}"
        kind = draw(st.sampled_from(["other", "book", "video"]))
        url = draw(st.sampled_from([None, f"https://example.org/{topic_id}/{number}"]))
        free = draw(st.sampled_from([None, True, False]))
        fields = [f'title: "{title}"', f"kind: {kind}", "hours: 1.5"]
        fields += [f"url: {url}"] if url else []
        fields += [] if free is None else [f"free: {str(free).lower()}"]
        fields += [] if resource_id == slugify(title) else [f"id: {resource_id}"]
        resource = Resource(
            topic_id=topic_id, id=resource_id, title=title, kind=kind, url=url, hours=1.5,
            free=free,
        )  # fmt: skip
        if anchor:
            self.shared = resource
        return ("&shared " if anchor else "") + "{" + ", ".join(fields) + "}", resource


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), dag_specs(max_topics=12))
def test_valid_graphs_read_streaming_are_the_graph_the_file_says(
    data: st.DataObject, spec: Spec
) -> None:
    written = GraphFile(data, spec)
    for stream in (True, False):
        graph = parse_graph(written.text, "random.yaml", stream=stream)
        assert graph.title == written.title
        assert graph.meta == written.meta
        assert graph.topics == tuple(written.topics)
        assert graph.aliases == {a: t for t, names in written.aliases.items() for a in names}
        assert dict(graph.stages) == expected_stages(spec)


def test_an_alias_may_stand_for_an_earlier_topic_or_part_of_one() -> None:
    text = textwrap.dedent("""
        topics:
          a:
            title: A
            resources: [&notes {title: Notes, url: "https://example.org/n"}]
            requires: &none []
          b: {title: B, resources: [*notes], requires: *none}
          c: &c {title: C, requires: [a]}
          d: *c
        """).lstrip("\n")
    graph = parse_graph(text, "g.yaml")
    assert [r.full_id for r in graph.topic("b").resources] == ["b/notes"]
    assert (graph.topic("d").title, graph.topic("d").requires) == ("C", ("a",))
    assert graph.topic("d").line == 8
    assert dict(graph.stages) == {"a": 1, "b": 1, "c": 2, "d": 2}


# -- memory -------------------------------------------------------------------------------


def big_graph(count: int) -> str:
    lines = ["topics:"]
    for i in range(count):
        lines += [f"  t{i}:", f"    title: Topic {i}", f"    requires: [t{i // 2}]" if i else ""]
        lines += ["    resources:", f"      - {{title: Read {i}, url: 'https://x.org/{i}'}}"]
    return "\n".join(line for line in lines if line) + "\n"


def peak(text: str, stream: bool) -> int:
    """The most memory Python held while reading ``text`` (the graph included)."""
    tracemalloc.start()
    try:
        parse_graph(text, "big.yaml", stream=stream)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_never_holds_the_whole_tree() -> None:
    text = big_graph(3000)
    assert peak(text, stream=True) < 0.6 * peak(text, stream=False)


def reference_slug(title: str) -> str:
    """slugify as it was written before: a regular expression."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") if slug else "r-" + hashlib.sha256(title.encode()).hexdigest()[:8]


@given(
    st.text(
        alphabet=st.one_of(st.sampled_from("aZ09 -_.!Éé漢"), st.characters(max_codepoint=0x3000)),
        max_size=80,
    )
)
def test_slugify_is_the_regular_expression_it_replaced(title: str) -> None:
    assert slugify(title) == reference_slug(title)


def test_a_resource_that_is_no_mapping() -> None:
    with pytest.raises(GraphError) as info:
        parse_graph("topics:\n  a: {title: A, resources: [x, {title: X}]}\n", "g.yaml")
    assert [str(p) for p in info.value.problems] == [
        "g.yaml:2:29: topic `a`, resource 1 must be a mapping, not `x`"
    ]


def test_a_list_read_with_its_nodes_reaches_the_model_as_text() -> None:
    node = compose("[a, b]")
    assert isinstance(node, SequenceNode)
    located = NodeReader("g.yaml").refs(node, "x")
    assert _settings({"x": located, "y": 1.5}) == {"x": ("a", "b"), "y": 1.5}
    assert _settings({"x": located, "y": None}) is None  # a value that was not valid


@settings(max_examples=60, deadline=None)
@given(group_specs(max_topics=10))
def test_one_of_groups_read_streaming_are_the_groups_the_file_says(spec: GroupSpec) -> None:
    text = grouped_yaml_of(spec)
    expected = [(t.id, t.requires, t.one_of) for t in grouped_graph_of(spec).topics]
    for stream in (True, False):
        graph = parse_graph(text, "random.yaml", stream=stream)
        assert [(t.id, t.requires, t.one_of) for t in graph.topics] == expected
