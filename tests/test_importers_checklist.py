"""A Markdown checklist imported as a graph file: the YAML, its stages, its ticks, recording."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import studypath
from studypath.actions.importing import record_ticks
from studypath.errors import StudypathError
from studypath.importers.checklist import (
    ChecklistImport,
    NotAChecklistError,
    graph_yaml,
    import_checklist,
)
from studypath.importers.checklistread import Draft, Section, read_checklist
from studypath.importers.mdinline import clean
from studypath.model import ID_PATTERN
from studypath.store import ProgressStore

from .helpers import DATA

FIXTURES = DATA / "checklist"
TEACH = (FIXTURES / "teach-yourself.md").read_text(encoding="utf-8")


def imported(text: str = TEACH, source: str = "teach-yourself.md") -> ChecklistImport:
    return import_checklist(text, source)


def stages_of(result: ChecklistImport) -> list[list[str]]:
    """The topic ids of each stage of the plan of the whole graph, in plan order."""
    graph = studypath.parse_graph(result.yaml_text, "imported.yaml")
    out: list[list[str]] = []
    for step in studypath.plan(graph, []).steps:
        while len(out) < step.stage:
            out.append([])
        out[step.stage - 1].append(step.topic.id)
    return out


# -- the fixture, end to end ------------------------------------------------------------------


def test_the_fixture_gives_the_graph_file_on_record() -> None:
    result = imported()
    assert result.yaml_text == (FIXTURES / "teach-yourself.yaml").read_text(encoding="utf-8")
    assert result.title == "Teach Yourself Computer Science: my checklist"
    assert (result.topics, result.stages) == (9, 4)
    assert result.ticked == (
        "structure-and-interpretation-of-computer",
        "structure-and-interpretation-of-computer/brian-harvey-s-sicp-lectures",
        "the-missing-semester-of-your-cs",
        "mathematics-for-computer-science-mit-6",
    )
    assert result.skipped == (
        "line 56: not an http(s) link: notes/ostep.md",
        "line 60: a list item with links but no box: Compilers: Crafting Interpreters (no box yet)",
    )
    assert result.yaml_text.startswith(
        "# Imported by `studypath import checklist` from teach-yourself.md:\n"
    )


def test_plan_lists_the_topics_heading_by_heading() -> None:
    assert stages_of(imported()) == [
        [
            "structure-and-interpretation-of-computer",
            "how-to-design-programs-2nd-edition",
            "the-missing-semester-of-your-cs",
        ],
        [
            "mathematics-for-computer-science-mit-6",
            "laszlo-lovasz-s-discrete-mathematics",
        ],
        [
            "essence-of-linear-algebra-16-short",
            "linear-algebra-done-right-axler-4th",
        ],
        [
            "computer-systems-a-programmer-s",
            "operating-systems-three-easy-pieces",
        ],
    ]


def test_each_topic_requires_the_topics_of_the_stage_before_and_only_those() -> None:
    graph = studypath.parse_graph(imported().yaml_text)
    assert graph.topic("structure-and-interpretation-of-computer").requires == ()
    assert graph.topic("operating-systems-three-easy-pieces").requires == (
        "essence-of-linear-algebra-16-short",
        "linear-algebra-done-right-axler-4th",
    )


def test_each_stage_is_named_in_a_comment() -> None:
    comments = [line for line in imported().yaml_text.splitlines() if line.startswith("  #")]
    assert comments == [
        "  # Stage 1: Programming (line 12)",
        "  # Stage 2: Mathematics > Discrete mathematics (line 30)",
        "  # Stage 3: Mathematics > Linear algebra (line 36)",
        "  # Stage 4: Systems (line 48)",
    ]


def test_crlf_and_a_byte_order_mark_change_nothing() -> None:
    windows = "\ufeff" + TEACH.replace("\n", "\r\n")
    assert imported(windows) == imported()


def test_the_same_checklist_gives_the_same_text(tmp_path: Path) -> None:
    assert imported().yaml_text == imported().yaml_text
    path = tmp_path / "graph.yaml"
    path.write_text(imported().yaml_text, encoding="utf-8")
    assert len(studypath.load_graph(path)) == 9


def test_the_title_is_the_first_level_one_heading_else_the_file_name() -> None:
    assert imported("## Part\n- [ ] a\n# Late title\n", "x.md").title == "Late title"
    assert imported("## Part\n- [ ] a\n", "lists/self-taught.md").title == "self-taught"
    assert imported("- [ ] a\n", "").title == "Checklist"
    graph = studypath.parse_graph(imported("- [ ] a\n", "dir/my list.md").yaml_text)
    assert graph.title == "my list"


def test_items_before_the_first_heading_are_the_first_stage() -> None:
    text = "- [ ] a\n\n# Title\n\n- [ ] b\n\n## Empty\n\n### Part\n\n- [ ] c\n"
    result = imported(text)
    assert stages_of(result) == [["a"], ["b"], ["c"]]
    assert "  # Stage 1: before the first heading (line 1)" in result.yaml_text
    assert "  # Stage 2: Title (line 3)" in result.yaml_text
    assert "  # Stage 3: Empty > Part (line 9)" in result.yaml_text


# -- not a checklist --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "it has no task items"),
        ("# A list\n\n- one\n- [two](https://two.org)\n", "it has no task items"),
        ("```\n- [ ] fake\n```\n<!--\n- [x] hidden\n-->\n", "it has no task items"),
        ("    - [ ] indented code\n", "it has no task items"),
        ("- [ ] <!-- nothing -->\n- [x] ![](https://img.png)\n", "its task items have no text"),
    ],
)
def test_a_file_without_task_items_is_refused_by_name(text: str, why: str) -> None:
    with pytest.raises(NotAChecklistError) as caught:
        imported(text, "notes/reading.md")
    assert str(caught.value).startswith(f"notes/reading.md is not a checklist: {why} ")
    assert isinstance(caught.value, StudypathError)


# -- what the YAML holds ----------------------------------------------------------------------

HOSTILE = [
    'He said "yes": no',
    "it's # not a comment",
    "- leading dash",
    "? question",
    "key: value",
    "[flow] {map}",
    "&anchor *alias !tag %directive @at `tick` |pipe >fold",
    "1984",
    "null",
    "true",
    "on",
    "2024-01-15",
    "0x1F",
    "~",
    "日本語のタイトル",
    "🎉 party",
    "tab\there",
    "line\nbreak\r\nand\u2028more",
    "zero\u200bwidth \u202eright-to-left\x1b[31m",
    "lone \ud800 surrogate and \ufffe",
    "\ufeffbom",
    "   ",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_every_title_is_written_so_that_it_reads_back_as_it_was(title: str) -> None:
    topics = [Draft("t", title or "x"), Draft("u", "second")]
    topics[0].resources.append({"title": title, "url": "https://example.org/?a=1#b", "id": "r"})
    sections = [Section(title, 1, topics), Section("next", 2, [Draft("v", title)])]
    text = graph_yaml(title, title, sections)
    graph = studypath.parse_graph(text, "hostile.yaml")
    expected = clean(title)
    assert graph.title == (expected or "Checklist")
    assert graph.topic("t").title == (expected or "t")
    assert graph.topic("t").resources[0].title == (expected or "r")
    assert graph.topic("v").title == (expected or "v")
    assert graph.topic("v").requires == ("t", "u")
    assert text.splitlines()[0].startswith("# Imported by `studypath import checklist` from ")


@pytest.mark.parametrize("title", [t for t in HOSTILE if clean(t)])
def test_a_hostile_title_in_a_checklist_becomes_a_valid_topic(title: str) -> None:
    text = "- [x] " + title.replace("\n", " ").replace("\r", " ") + "\n- [ ] " + title[:3] + "z\n"
    result = imported(text, "hostile\n: #name.md")
    graph = studypath.parse_graph(result.yaml_text)
    assert [ID_PATTERN.fullmatch(t.id) is not None for t in graph.topics] == [True, True]
    assert result.ticked == (graph.topics[0].id,)


def test_ids_that_yaml_would_read_as_other_types_stay_text() -> None:
    graph = studypath.parse_graph(imported("- [ ] 1984\n- [ ] null\n# T\n- [ ] true\n").yaml_text)
    assert list(graph.ids) == ["1984", "null", "true"]
    assert graph.topic("true").requires == ("1984", "null")


def test_empty_sections_make_no_stage_in_the_writer() -> None:
    sections = [
        Section("a", 1, [Draft("a", "A")]),
        Section("none", 2),
        Section("b", 3, [Draft("b", "B")]),
    ]
    graph = studypath.parse_graph(graph_yaml("T", "x.md", sections))
    assert graph.topic("b").requires == ("a",)
    assert "none" not in graph_yaml("T", "x.md", sections)


# -- properties -------------------------------------------------------------------------------

FRAGMENT = st.text(max_size=12)
URLS = st.sampled_from(["https://a.org/x", "http://b.net", "mailto:me@x.org", "#anchor", "x.md"])
LINES = st.one_of(
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 6), FRAGMENT),
    st.builds(
        lambda indent, mark, box, t: f"{' ' * indent}{mark} [{box}] {t}",
        st.sampled_from([0, 2, 3, 4, 6]),
        st.sampled_from(["-", "*", "+", "1.", "> -"]),
        st.sampled_from([" ", "x", "X"]),
        FRAGMENT,
    ),
    st.builds(lambda t, u: f"- [ ] [{t}]({u}) {t}", FRAGMENT, URLS),
    st.builds(lambda t, u: f"  - {t} <{u}> {u}.", FRAGMENT, URLS),
    st.sampled_from(
        ["```", "<!--", "-->", "", "---", "===", "    - [ ] code", "[r]: https://r.org"]
    ),
    FRAGMENT,
)
CHECKLISTS = st.lists(LINES, max_size=25).map("\n".join)


def check(text: str) -> None:
    """Either a clean refusal, or a graph that validates, whose stages follow the sections."""
    try:
        result = import_checklist(text, "fuzz.md")
    except NotAChecklistError:
        return
    graph = studypath.parse_graph(result.yaml_text, "fuzz.yaml")
    assert len(graph) == result.topics
    sections = [s for s in read_checklist(text).sections if s.topics]
    assert len(sections) == result.stages
    order = [(number, t.id) for number, s in enumerate(sections, 1) for t in s.topics]
    assert [(graph.stages[t], t) for t in graph.ids] == order
    assert [(s.stage, s.topic.id) for s in studypath.plan(graph, []).steps] == order
    assert all(graph.item(item) is not None for item in result.ticked)
    assert import_checklist(text, "fuzz.md") == result


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(CHECKLISTS)
def test_any_checklist_gives_a_valid_graph_in_heading_order(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_graph_or_a_clean_refusal(text: str) -> None:
    check(text)


MARKDOWNISH = st.text(alphabet=st.sampled_from(list("-*+1.)[]xX #>`<!()\n\t ahtps:/=|\\")))


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_any_text_of_markdown_characters_is_a_graph_or_a_clean_refusal(text: str) -> None:
    check(text)


# -- recording the ticked boxes ---------------------------------------------------------------


def test_record_ticked_records_the_boxes_as_done(tmp_path: Path) -> None:
    result = imported()
    path = tmp_path / "teach.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    recorded = record_ticks(result.ticked, path)
    assert [item for item, _ in recorded.items] == list(result.ticked)
    records = ProgressStore().load()
    assert {i: r.state for i, r in records.items()} == dict.fromkeys(result.ticked, "done")
    # The first stage's last topic is not ticked: nothing opens up yet.
    assert recorded.startable == ()
    again = record_ticks(result.ticked, path)
    assert again.items == ()


def test_record_ticked_keeps_known_records_and_leaves_out_unknown_ids(tmp_path: Path) -> None:
    result = imported("- [x] a\n- [x] b\n# Next\n- [ ] c\n")
    graph = studypath.parse_graph(result.yaml_text)
    ProgressStore().update(["a"], state="known")
    recorded = record_ticks([*result.ticked, "not-in-the-graph"], graph)
    assert [item for item, _ in recorded.items] == ["b"]
    assert {i: r.state for i, r in ProgressStore().load().items()} == {"a": "known", "b": "done"}
    assert recorded.startable == (("c", "c"),)


def test_record_ticked_with_nothing_ticked_writes_nothing(isolated_state: Path) -> None:
    graph = studypath.parse_graph(imported("- [ ] a\n").yaml_text)
    assert record_ticks((), graph).items == ()
    assert not isolated_state.exists()


def test_importing_the_module_loads_neither_yaml_nor_markdown_it() -> None:
    code = (
        "import sys, studypath.importers.checklist; "
        "print(sorted(m for m in ('yaml', 'markdown_it', 'rich', 'typer') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


def test_ids_made_unique_are_the_same_with_or_without_the_counter() -> None:
    from studypath.importers import Taken, unique

    plain: set[str] = {"x-3"}
    counted = Taken(["x-3"])
    names = ["x", "x", "y", "x", "x", "y", "x-2"]
    assert [unique(n, plain) for n in names] == [unique(n, counted) for n in names]
    assert plain == counted == {"x", "x-2", "x-3", "x-4", "x-5", "y", "y-2", "x-2-2"}
    assert counted.numbers["x"] == 5  # where the next x starts looking
