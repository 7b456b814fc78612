"""Reading a Markdown checklist: which items are topics, which resources, which boxes ticked."""

from __future__ import annotations

import textwrap

from studypath.importers.checklistread import Checklist, read_checklist


def read(text: str) -> Checklist:
    return read_checklist(textwrap.dedent(text).lstrip("\n"))


def topics(checklist: Checklist) -> list[tuple[str, str]]:
    return [(t.id, t.title) for s in checklist.sections for t in s.topics]


def resources(checklist: Checklist, topic: int = 0) -> list[dict[str, str]]:
    return [t for s in checklist.sections for t in s.topics][topic].resources


def test_only_real_task_items_are_topics() -> None:
    checklist = read(
        """
        - [ ] dash
        * [X] star, capital X
        + [x] plus
        1. [x] numbered
        2) [ ] numbered with a parenthesis
        > - [ ] quoted

        ```markdown
        - [ ] in a fenced block
        ```

            - [ ] in an indented code block

        <!--
        - [ ] in a comment
        -->

        <details>
        - [ ] in an HTML block
        </details>

        - [] no space in the box
        - [y] not a box
        -  [ ]  wide

        [ ] not a list item

        | - [ ] in a table |
        |---|
        """
    )
    assert [title for _, title in topics(checklist)] == [
        "dash", "star, capital X", "plus", "numbered", "numbered with a parenthesis", "quoted",
        "wide",
    ]  # fmt: skip
    assert checklist.ticked == ["star-capital-x", "plus", "numbered"]
    assert checklist.tasks == 7


def test_a_task_item_whose_first_block_is_a_setext_heading_is_a_topic() -> None:
    checklist = read("# T\n- [ ] Heading item\n  ---\n- [ ] next\n")
    assert topics(checklist) == [("heading-item", "Heading item"), ("next", "next")]
    assert [s.heading for s in checklist.sections] == ["", "T"]


def test_the_title_of_a_topic_is_its_plain_text() -> None:
    checklist = read(
        "- [ ] [SICP](https://sicp.org) *and* **more** `code` <b>html</b> ![badge](https://b.svg)"
        " a\\*b &amp; c\n  on two lines\n"
    )
    assert topics(checklist) == [
        (
            "sicp-and-more-code-html-a-b-c-on-two",
            "SICP and more code html a*b & c on two lines",
        )
    ]


def test_repeated_titles_get_numbered_ids_that_never_clash() -> None:
    checklist = read("- [ ] A\n- [ ] a\n- [ ] A 2\n- [ ] A!\n- [ ] Ünïcode\n- [ ] 🎉\n- [ ] 🎉\n")
    ids = [i for i, _ in topics(checklist)]
    assert ids[:5] == ["a", "a-2", "a-2-2", "a-3", "unicode"]
    assert ids[5].startswith("r-") and ids[6] == ids[5] + "-2"


def test_nested_items_are_resources_of_the_topic() -> None:
    checklist = read(
        """
        - [ ] Topic [own link](https://own.org)
          - [x] Sub-task with [a link](https://sub.org) and [another](https://other.org)
          - [ ] Sub-task without a link
          - A bullet with [a link](https://bullet.org)
          - A bullet without one
            - [x] deeper [deep](https://deep.org)

          A paragraph with [a link](https://para.org).
        - [ ] Next topic
        """
    )
    assert [(r["title"], r.get("url"), r["id"]) for r in resources(checklist)] == [
        ("own link", "https://own.org", "own-link"),
        ("Sub-task with a link and another", "https://sub.org", "sub-task-with-a-link-and-another"),
        ("another", "https://other.org", "another"),
        ("Sub-task without a link", None, "sub-task-without-a-link"),
        ("A bullet with a link", "https://bullet.org", "a-bullet-with-a-link"),
        ("deeper deep", "https://deep.org", "deeper-deep"),
        ("a link", "https://para.org", "a-link"),
    ]
    assert checklist.ticked == [
        "topic-own-link/sub-task-with-a-link-and-another",
        "topic-own-link/another",
        "topic-own-link/deeper-deep",
    ]
    assert checklist.skipped == [
        "line 5: a list item under a task item, with no link: A bullet without one"
    ]
    assert [t for t, _ in topics(checklist)] == ["topic-own-link", "next-topic"]


def test_task_items_inside_a_plain_bullet_are_topics() -> None:
    checklist = read("- Part one\n  - [ ] a\n  - [x] b\n- [ ] c\n")
    assert [t for t, _ in topics(checklist)] == ["a", "b", "c"]
    assert checklist.skipped == []


def test_one_url_is_one_resource_and_resource_ids_are_unique_in_their_topic() -> None:
    checklist = read(
        """
        - [ ] T [Book](https://book.org) [Book](https://other.org/book)
          - [x] [chapter 1](https://book.org)
        """
    )
    assert [(r["title"], r["id"]) for r in resources(checklist)] == [
        ("Book", "book"),
        ("Book", "book-2"),
    ]
    assert checklist.ticked == ["t-book-book/book"]


def test_the_kind_is_told_by_the_host() -> None:
    checklist = read(
        "- [ ] T https://www.youtube.com/watch?v=1 https://youtu.be/x https://www.coursera.org/x"
        " https://arxiv.org/abs/1 https://numpy.readthedocs.io/ https://notyoutube.com/"
        " https://user@ocw.mit.edu:443/x\n"
    )
    kinds = [r.get("kind", "other") for r in resources(checklist)]
    assert kinds == ["video", "video", "course", "paper", "docs", "other", "course"]


def test_what_cannot_be_used_is_skipped_with_its_line_and_reason() -> None:
    checklist = read(
        """
        # List
        - [ ] Notes [local](notes.md) [mail](mailto:me@example.org) [top](#list)
        - [ ] <!-- no text -->
        - Not boxed [but linked](https://x.org) and a very long text after it, long enough to cut
        - Not boxed, no link
        """
    )
    assert checklist.skipped == [
        "line 2: not an http(s) link: notes.md",
        "line 2: not an http(s) link: mailto:me@example.org",
        "line 2: not an http(s) link: #list",
        "line 3: a task item without text",
        "line 4: a list item with links but no box: "
        "Not boxed but linked and a very long text after it, long en…",
    ]


def test_sections_are_named_by_their_heading_path_without_the_title() -> None:
    checklist = read(
        """
        # Title
        - [ ] under the title
        ## Part 1
        ### Chapter A
        - [ ] a
        #### Deeper
        - [ ] d
        ### Chapter B
        - [ ] b
        ## Part 2
        - [ ] c
        # Second level one
        - [ ] e
        """
    )
    assert checklist.title == "Title"
    named = [(s.heading, s.line, [t.id for t in s.topics]) for s in checklist.sections]
    assert named == [
        ("", 1, []),
        ("Title", 1, ["under-the-title"]),
        ("Part 1", 3, []),
        ("Part 1 > Chapter A", 4, ["a"]),
        ("Part 1 > Chapter A > Deeper", 6, ["d"]),
        ("Part 1 > Chapter B", 8, ["b"]),
        ("Part 2", 10, ["c"]),
        ("Second level one", 12, ["e"]),
    ]


def test_yaml_front_matter_is_left_out_and_lines_keep_their_numbers() -> None:
    checklist = read(
        """
        ---
        title: "Front matter"
        tags:
          - [ ] not an item
        ---
        ## Section
        - [ ] a
        """
    )
    assert [t for t, _ in topics(checklist)] == ["a"]
    assert [(s.heading, s.line) for s in checklist.sections] == [("", 1), ("Section", 6)]
    # A rule at the top with no front matter after it is a rule, not front matter.
    assert [t for t, _ in topics(read("---\n- [ ] a\n---\n- [ ] b\n"))] == ["a", "b"]


def test_a_bom_and_crlf_read_as_lf() -> None:
    text = "# T\n- [x] a [l](https://l.org)\n  - [ ] b\n"
    windows = read_checklist("\ufeff" + text.replace("\n", "\r\n"))
    assert windows == read_checklist(text)
    assert windows.title == "T"


def test_nested_items_without_text_are_skipped_or_ignored() -> None:
    checklist = read("- [ ] T\n  - [x] <!-- empty -->\n  - ![only an image](https://i.png)\n")
    assert resources(checklist) == []
    assert checklist.ticked == []
    assert checklist.skipped == ["line 2: a task item without text"]


def test_front_matter_that_never_ends_is_text() -> None:
    checklist = read("---\ntitle: x\n- [ ] a\n")
    assert [t for t, _ in topics(checklist)] == ["a"]


def test_long_ids_are_cut_at_a_word_boundary_within_forty_characters() -> None:
    long_words = "Structure and Interpretation of Computer Programs, second edition"
    one_word = "x" * 70
    checklist = read(
        f"- [ ] {long_words}\n- [ ] {long_words}\n- [ ] {one_word} [{one_word}](https://x.org)\n"
    )
    ids = [t for t, _ in topics(checklist)]
    assert ids == [
        "structure-and-interpretation-of-computer",
        "structure-and-interpretation-of-computer-2",
        "x" * 40,
    ]
    assert resources(checklist, 2)[0]["id"] == "x" * 40
