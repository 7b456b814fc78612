"""The Markdown export as GitHub renders it, and its ticks read back as GitHub shows them.

GitHub's renderer is cmark-gfm. The tests that run it skip when it is not installed; CI installs
it with `apt-get install -y cmark-gfm`. Two known differences between cmark-gfm 0.29 (Debian's)
and github.com are followed the github.com way: a task item in a block quote has a box there
(cmark-gfm 0.29 shows none), and only the box at the start of an item ticks it (cmark-gfm ticks
an item whose line holds `[x]` anywhere; the export never writes such a line).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, Topic, plan
from studypath.exports import Snapshot, read_ticks, valid_item_id
from studypath.exports.markdown import _code, md_text, md_url, mermaid_label, read
from studypath.progress import plan_progress, standing
from studypath.words import UNSEEN

from .conftest import Run
from .test_export import HOSTILE_TITLES

CMARK = shutil.which("cmark-gfm")
# Skipped on a machine without it; never in CI (.ci/run installs it), where a skip would hide
# that the Markdown went untested by GitHub's renderer.
needs_cmark = pytest.mark.skipif(
    CMARK is None and not os.environ.get("CI"),
    reason="cmark-gfm (GitHub's renderer) is absent: apt-get install -y cmark-gfm",
)


def github_html(text: str) -> str:
    """``text`` as GitHub renders it (raw HTML kept, so that any that gets through shows)."""
    assert CMARK is not None
    command = [CMARK, "-e", "table", "-e", "autolink", "-e", "tasklist", "-e", "strikethrough"]
    done = subprocess.run(
        [*command, "--unsafe"], input=text, capture_output=True, text=True, check=True
    )
    return done.stdout


class Rendered(HTMLParser):
    """What a page shows: its task items (ticked, and the last item id in a code span on the
    item's first line), links, images, the other tags and the comments."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tasks: list[tuple[bool, str | None]] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.tags: set[str] = set()
        self.comments: list[str] = []
        self._items: list[Item] = []  # the open <li>s, innermost last
        self._code: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        if tag == "li":
            self._items.append(Item(len(self.tasks)))
        elif tag == "input" and found.get("type") == "checkbox" and self._items:
            self._items[-1].task = True
            self.tasks.append(("checked" in found, None))
        elif tag == "code":
            self._code = []
        elif tag == "a":
            self.links.append(found.get("href") or "")
        elif tag == "img":
            self.images.append(found.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._items.pop()
        elif tag == "code" and self._code is not None:
            text, self._code = "".join(self._code), None
            item = self._items[-1] if self._items else None
            if item is not None and item.task and not item.first_line_over:
                item.seen = True
                if valid_item_id(text):
                    self.tasks[item.number] = (self.tasks[item.number][0], text)

    def handle_data(self, data: str) -> None:
        if self._code is not None:
            self._code.append(data)
        elif self._items:
            item = self._items[-1]
            line, newline, _ = data.partition("\n")
            item.seen = item.seen or bool(line.strip())
            item.first_line_over = item.first_line_over or bool(newline and item.seen)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


class Item:
    """An open list item: whether it has a box, its task's number, and how far its first
    line has gone."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.task = False
        self.seen = False
        self.first_line_over = False


def github_tasks(text: str) -> list[tuple[bool, str | None]]:
    return Rendered(github_html(text)).tasks


def our_tasks(text: str) -> list[tuple[bool, str | None]]:
    return [(t.ticked, t.item) for t in read(text).tasks]


# -- what editors write, and what is no task item ----------------------------------------------

EDITED = {
    "- [x] **A** `a` ✅ 2026-11-25\n": {"a": True},  # Obsidian Tasks' done date
    "- [ ] **A** `a` 📅 2026-12-01 #tag\n": {"a": False},
    "1. [x] ordered `a`\n2) [X] ordered `b`\n": {"a": True, "b": True},
    "* [X] star `a`\n+ [x] plus `b`\n": {"a": True, "b": True},
    "- [x] uses `numpy`, `a` then `Not an id`\n": {"a": True},  # the last valid id
    "- [x] `a/b` and `c/d`\n": {"c/d": True},
    "- [x] **A** ``a``\n": {"a": True},
    "- [x] **A** \\``a`\n": {"a": True},  # an escaped backtick, then the id
    "- [x] **A** `a`\n   - [ ] three spaces `b`\n\t- [x] tab `c`\n": {
        "a": True,
        "b": False,
        "c": True,
    },
    "- [x] **A** `a`\n  - [ ] r `a/r`\n      - [X] deeper `b`\n": {
        "a": True,
        "a/r": False,
        "b": True,
    },
    "-  [x]\tspaces and a tab `a`\n": {"a": True},
    "- [ ] **A** `a`\r\n  - [x] r `a/r`\r\n": {"a": False, "a/r": True},  # CRLF
    "\ufeff- [x] bom `a`\n": {"a": True},
    "- [x] **A** `a`\n  my note on `b`\n": {"a": True},  # only the first line holds the id
    "- [x] **A** `a`\n\n  ```\n  - [x] fenced `b`\n  ```\n": {"a": True},
}

NOT_TASKS = """\
```
- [x] fenced `a`
```

~~~md
- [x] tilde fence `a`
~~~

Some paragraph:

    - [x] indented code `a`

<!--
- [x] comment `a`
-->

<details>
- [x] inside an HTML block `a`
</details>

| - [x] a table cell `a` |
|---|
| - [x] `a` |

A paragraph - [x] in the middle `a`

### - [x] a heading `a`

\\- [x] escaped dash `a`

- \\[x] escaped box `a`
- [x]no space `a`
-     [x] indented code in an item `a`
- [x]
- an item

  [x] its second paragraph `a`

[x]: https://example.org/
"""


@pytest.mark.parametrize(("text", "ticks"), list(EDITED.items()), ids=range(len(EDITED)))
def test_sync_reads_what_editors_write(text: str, ticks: dict[str, bool]) -> None:
    assert read_ticks(text).ticks == ticks


def test_a_task_item_in_a_block_quote_counts_as_on_github() -> None:
    text = "> - [x] quoted `a`\n> > - [ ] twice `b`\n>\n> 1. [X] ordered `c`\n"
    assert read_ticks(text).ticks == {"a": True, "b": False, "c": True}


def test_sync_never_reads_lines_github_shows_as_no_task_item() -> None:
    assert read_ticks(NOT_TASKS).ticks == {}
    assert [t for t in read(NOT_TASKS).tasks] == []


@needs_cmark
def test_github_agrees_on_what_is_a_task_item() -> None:
    assert github_tasks(NOT_TASKS) == []
    for text, ticks in EDITED.items():
        # cmark-gfm looks for a box in the raw line, byte-order mark included (and misses it);
        # its block parser, like markdown-it-py and every editor, skips the mark.
        shown = github_tasks(text.removeprefix("\ufeff"))
        assert our_tasks(text) == shown, text
        assert {i: t for t, i in shown if i} == ticks, text
    # A setext heading underline does not undo a box, on GitHub and here.
    heading = "- [x] **A** `a`\n  ---\n"
    assert our_tasks(heading) == github_tasks(heading) == [(True, "a")]


# -- what the export looks like on GitHub ------------------------------------------------------

MORE_HOSTILE = [
    *HOSTILE_TITLES,
    "mail a@b.co or mailto:a@b.co or xmpp:foo@bar.baz/txt, a.b-c+d@e.f.gh.",
    "a@b@c.de and ＠ and @home",
    "bidi \u202eevil\u202c \u2066iso\u2069 \u061c arabic mark \u200b zero width \ufeff bom",
    "c1 \x85\x9b31m controls \x1b[31m \x07",
    "- [x] a task line\n- [ ] another `x` `a`",
    "<!-- comment --> <div>block</div> <img src=x onerror=alert(1)>",
    "x",
    "X",
    "[x]",
    "see [x",
    "[X",
    "HTTPS://EVIL.EXAMPLE WWW.EVIL.EXAMPLE ftp://evil.example",
    "```\nfence",
    "    indented",
    "> quote",
    "1. ordered",
    "| table |\n|---|",
    "***",
    "\\",
    "- draft",
    "+ plus",
    "2) second",
    "=====",
]


def hostile_export(title: str, ticked: bool) -> str:
    resources = (
        Resource("a", "r", title, url="https://example.org/a b(c)[x]\u202e`b`", note=title),
        Resource("a", "s", title, kind="book", optional=True, note=title),
    )
    topics = [Topic("a", title, resources=resources), Topic("b", title, requires=("a",))]
    graph = Graph(title, topics)
    result = plan(graph)
    done = standing(graph.topics, {"a/r"} if ticked else set())
    snapshot = Snapshot(result, plan_progress(result, done), datetime(2026, 1, 1), "g.yaml")
    from studypath import exports

    return exports.get("md").render(snapshot)


@pytest.mark.parametrize("title", MORE_HOSTILE)
def test_hostile_titles_stay_text_and_invisible_characters_escaped(title: str) -> None:
    text = hostile_export(title, ticked=True)
    assert not UNSEEN.search(text.replace("\n", "")), "an unseen character reached the file"
    # a/r is the topic's one required resource: ticked, it makes the topic done.
    assert read_ticks(text).ticks == {"a": True, "a/r": True, "a/s": False, "b": False}


@needs_cmark
@pytest.mark.parametrize("title", MORE_HOSTILE)
@pytest.mark.parametrize("ticked", [False, True])
def test_hostile_titles_render_on_github_as_text(title: str, ticked: bool) -> None:
    text = hostile_export(title, ticked)
    page = Rendered(github_html(text))
    assert page.tasks == [
        (ticked, "a"), (ticked, "a/r"), (False, "a/s"), (False, "b")
    ]  # fmt: skip
    assert page.links == ["https://example.org/a%20b(c)%5Bx%5D%E2%80%AE%60b%60"]
    assert page.images == []
    assert page.tags <= {"h1", "h2", "p", "ul", "li", "input", "strong", "code", "a", "pre"}
    assert len(page.comments) == 1 and page.comments[0].startswith(" studypath export")


def test_urls_are_percent_encoded() -> None:
    url = 'https://example.org/a\u202eb\u061c[x] "q"\x85`t`'
    assert md_url(url) == "https://example.org/a%E2%80%AEb%D8%9C%5Bx%5D%20%22q%22%C2%85%60t%60"
    assert md_url("https://example.org/(a)") == "<https://example.org/(a)>"


def test_mermaid_labels_show_unseen_characters_as_escapes() -> None:
    label = mermaid_label("a\u202eb\u061cc\u2066")
    assert label == '"a#92;u202eb#92;u061cc#92;u2066"'
    assert not UNSEEN.search(label)


def test_any_item_id_makes_one_code_span() -> None:
    # Ids from a graph file never hold a backtick; one built in memory might.
    assert _code("a/b") == "`a/b`"
    assert _code("a`b``c") == "``` a`b``c ```"
    assert _code("a\u202e") == "`a\\u202e`"


def test_e_mail_like_text_goes_in_a_code_span() -> None:
    assert md_text("write to me@example.org.") == "write to `me@example.org`."
    assert md_text("mailto:a@b.co") == "mailto:`a@b.co`"
    assert md_text("@home") == "@home"


# -- properties: random plans, random progress, random text between the items -------------------

TEXT = st.text(
    st.sampled_from([*"ab xX019-_.@:/", *"`*_[]<>&|~$!#{}\\()\n\t", "\u202e", "é", "✅"]),
    min_size=1,
    max_size=12,
).filter(str.strip)
URLS = st.sampled_from(
    [None, "https://example.org/p", "https://e.org/a b(c)[x]", "http://x.y/?q=[ ]"]
)


@st.composite
def graphs(draw: st.DrawFn) -> tuple[Graph, set[str]]:
    """A random graph, its topics' titles and notes hostile text, and random records."""
    count = draw(st.integers(1, 6))
    topics = []
    for i in range(count):
        resources = tuple(
            Resource(
                f"t{i}",
                f"r{j}",
                draw(TEXT),
                url=draw(URLS),
                optional=draw(st.booleans()),
                note=draw(st.none() | TEXT),
            )
            for j in range(draw(st.integers(0, 3)))
        )
        requires = (
            tuple(
                draw(
                    st.lists(st.sampled_from([f"t{k}" for k in range(i)]), max_size=2, unique=True)
                )
            )
            if i
            else ()
        )
        topics.append(Topic(f"t{i}", draw(TEXT), requires=requires, resources=resources))
    ids = [x for t in topics for x in (t.id, *(r.full_id for r in t.resources))]
    return Graph(draw(TEXT), topics), set(draw(st.lists(st.sampled_from(ids), unique=True)))


def render(graph: Graph, records: set[str]) -> tuple[str, dict[str, bool]]:
    from studypath import exports

    result = plan(graph)
    done = standing(graph.topics, records)
    snapshot = Snapshot(result, plan_progress(result, done), datetime(2026, 1, 1), "g.yaml")
    expected = {}
    for step in result.steps:
        expected[step.topic.id] = step.topic.id in done.topics
        for r in step.topic.resources:
            expected[r.full_id] = r.full_id in done.resources
    return exports.get("md").render(snapshot), expected


def fake_blocks(item: str) -> list[str]:
    """Blocks that hold a task line for ``item`` (ticked: the plan's own item is unticked or
    ticked, so one of the two always disagrees) that no renderer shows as a task item."""
    line = f"- [x] fake `{item}`"
    return [
        f"```\n{line}\n```",
        f"~~~~ text\n{line}\n- [ ] `{item}`\n~~~~",
        f"A paragraph.\n\n    {line}",
        f"<!--\n{line}\n-->",
        f"<div>\n{line}\n</div>",
        f"#### {line}",
        f"Text with {line} inside.",
        f"| {line} |\n|---|\n| {line} |",
        f"\\{line}",
        f"Setext {line}\n---",
    ]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, dict[str, bool]]:
    """An export with random blocks of fake task lines inserted between its lines (before the
    diagram, whose fence an inserted fence would close)."""
    graph, records = draw(graphs())
    text, expected = render(graph, records)
    lines = text.splitlines(keepends=True)
    end = lines.index("## Prerequisites\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(1, end))
        block = draw(st.sampled_from(fake_blocks(draw(st.sampled_from(sorted(expected))))))
        lines.insert(at, f"\n{block}\n\n")
        end += 1
    return "".join(lines), expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_read_ticks_gives_back_exactly_the_ticks_of_the_plan(case: tuple[Graph, set[str]]) -> None:
    text, expected = render(*case)
    assert read_ticks(text).ticks == expected
    assert list(read_ticks(text).ticks) == list(expected)  # in plan order


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_fake_task_lines_between_the_items_change_nothing(
    case: tuple[str, dict[str, bool]],
) -> None:
    text, expected = case
    assert read_ticks(text).ticks == expected


@needs_cmark
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_github_shows_the_task_items_sync_reads(case: tuple[str, dict[str, bool]]) -> None:
    text, expected = case
    assert github_tasks(text) == our_tasks(text)
    assert {i: t for t, i in github_tasks(text) if i} == expected


# -- a scheduled plan ---------------------------------------------------------------------------


def scheduled_export(graph: Graph, records: dict[str, str], pace: float = 7.0) -> str:
    """The Markdown export of the whole graph, laid out at ``pace`` from 2027-01-04."""
    from datetime import date

    from studypath import exports
    from studypath.pace import Pace
    from studypath.schedule import schedule

    result = plan(graph)
    done = standing(graph.topics, records)
    laid = schedule(result, done, Pace(pace), date(2027, 1, 4))
    snapshot = Snapshot(
        result, plan_progress(result, done), datetime(2026, 1, 1), "g.yaml", {}, laid
    )
    return exports.get("md").render(snapshot)


DATED = Graph(
    "Dated",
    [
        Topic("a", "A", hours=10.0),
        Topic("z", "Z", hours=1.0),
        Topic("b", "B", requires=("a",), resources=(Resource("b", "r", "R", hours=3.0),)),
        Topic("c", "C", requires=("b",)),
    ],
)


def test_stage_headings_and_topic_lines_carry_the_dates() -> None:
    text = scheduled_export(DATED, {"z": "done", "b": "started"})
    # 1 h a day from Monday 2027-01-04: A days 0-9, B days 10-12, C (2 h by default) 13-14.
    assert (
        " · 7 h/week from 2027-01-04, finish 2027-01-18 · 2 h for 1 topic without an estimate\n"
        in text
    )
    assert "\n## Stage 1 · finishes 2027-01-13\n" in text
    assert "\n## Stage 2 · finishes 2027-01-16\n" in text
    assert "\n## Stage 3 · finishes 2027-01-18\n" in text
    assert "- [ ] **A** — next up · 10 h · 2027-01-04 → 2027-01-13 `a`\n" in text
    assert "- [x] **Z** · 1 h `z`\n" in text  # done: no dates
    assert "- [ ] **B** — *started* · 2027-01-14 → 2027-01-16 `b`\n" in text
    assert "- [ ] **C** · 2027-01-17 → 2027-01-18 (2 h assumed) `c`\n" in text
    assert read(text).tasks[2].state == "started"  # the state still reads with dates after it
    one_day = scheduled_export(DATED, dict.fromkeys(("a", "z", "b"), "done"), pace=14.0)
    assert "- [ ] **C** — next up · 2027-01-04 (2 h assumed) `c`\n" in one_day
    assert "\n## Stage 1\n" in one_day  # nothing left in it: no date
    assert " · 2 h for 1 topic without an estimate" in one_day


def test_a_finished_plan_says_so() -> None:
    text = scheduled_export(DATED, dict.fromkeys(("a", "z", "b", "c"), "done"))
    assert " · 7 h/week from 2027-01-04, finish nothing left to study\n" in text
    assert "without an estimate" not in text and " → " not in text


@needs_cmark
def test_github_sees_the_same_task_items_in_a_scheduled_export() -> None:
    text = scheduled_export(DATED, {"z": "done", "b/r": "done"})
    assert github_tasks(text) == our_tasks(text)
    assert [item for _, item in our_tasks(text)] == ["a", "z", "b", "b/r", "c"]
    html = github_html(text)
    assert "<h2>Stage 1 · finishes 2027-01-13</h2>" in html


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.integers(min_value=1, max_value=168))
def test_read_ticks_gives_back_the_ticks_of_a_scheduled_plan(
    case: tuple[Graph, set[str]], pace: int
) -> None:
    graph, records = case
    text = scheduled_export(graph, dict.fromkeys(records, "done"), pace=float(pace))
    assert read_ticks(text).ticks == render(graph, records)[1]


def test_a_one_of_group_shows_the_alternative_taken_and_its_edge(tmp_path: Path, run: Run) -> None:
    graph = tmp_path / "g.yaml"
    graph.write_text(
        "title: T\nlicence: CC0\ncredit: 'Me & *you*'\ntopics:\n  a: {title: A}\n"
        "  b: {title: B}\n  c: {title: C, requires: [{one-of: [b, a]}]}\n",
        encoding="utf-8",
    )
    text = run("export", "c", "a", "--graph", str(graph)).stdout
    assert "- [ ] **C** · one of: b (taken), a `c`" in text
    assert "Graph content: CC0 · Me \\& \\*you\\*" in text
    diagram = text.split("```mermaid")[1]
    assert "n2 --> n3" in diagram  # b, the alternative taken
    assert "n1 -.-> n3" in diagram  # a, not taken but planned as a goal: dotted
    assert "n1 --> n3" not in diagram
