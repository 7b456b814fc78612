"""A GitHub-style Markdown checklist as a graph file: the core of ``studypath import checklist``.

:mod:`.checklistread` reads the checklist: a topic per task item, its links as resources, a
section per heading. Here the sections become stages, in document order: each topic requires
every topic of the section before it (the previous heading with items), so ``plan`` lists the
topics heading by heading and ``next`` offers a section once the one before is done. No marker
topics are added; the price is a ``requires`` list as long as the previous section, written on
one line (2,000 items in 40 sections of 50 make 97,500 entries, a 3 MB file that is written
in about a second and loads in half a second; 300 items take a quarter of a second).

The graph is written as YAML text with a header saying where it came from, a comment naming
each stage's heading, and explicit resource ids (so that fixing a title never orphans
progress). Every text from the checklist is on one line without unseen characters, and is
quoted by the YAML emitter wherever YAML needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import StudypathError
from .checklistread import Section, read_checklist
from .mdinline import clean


class NotAChecklistError(StudypathError):
    """A Markdown file with no task item to import."""


@dataclass(frozen=True)
class ChecklistImport:
    """A checklist read as a graph file: its YAML text and title; how many topics and stages
    it has; the ids of the items whose boxes are ticked (``topic`` or ``topic/resource``, in
    file order); and what could not be used, one line each (``line 12: reason: text``)."""

    yaml_text: str
    title: str
    topics: int
    stages: int
    ticked: tuple[str, ...]
    skipped: tuple[str, ...]


def import_checklist(text: str, source: str) -> ChecklistImport:
    """The graph a Markdown checklist stands for; ``source`` names the file in messages and in
    the YAML's header. :class:`NotAChecklistError` when it has no task item with text."""
    checklist = read_checklist(text)
    sections = [s for s in checklist.sections if s.topics]
    if not sections:
        why = "its task items have no text" if checklist.tasks else "it has no task items"
        raise NotAChecklistError(
            f"{source} is not a checklist: {why} (GitHub's `- [ ] item`, `- [x] done item`)"
        )
    title = checklist.title or clean(Path(source).stem) or "Checklist"
    return ChecklistImport(
        yaml_text=graph_yaml(title, source, sections),
        title=title,
        topics=sum(len(s.topics) for s in sections),
        stages=len(sections),
        ticked=tuple(checklist.ticked),
        skipped=tuple(checklist.skipped),
    )


@cache
def _yaml_tools() -> tuple[Callable[[Any], str], Callable[[str], str]]:
    """YAML text of plain data, quoted where YAML needs it, never folded; and an id as a
    scalar in a flow list (quoted when YAML would read it as a number, a date...). The
    pure-Python emitter: the same text wherever studypath runs."""
    import yaml

    resolver = yaml.resolver.Resolver()
    resolve: Callable[[type, str, tuple[bool, bool]], str] = resolver.resolve

    def dump(data: Any) -> str:
        return yaml.dump(
            data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=1 << 30,
            default_flow_style=False,
        )  # fmt: skip

    def scalar(item_id: str) -> str:  # an id: [a-z0-9._+-], never a flow indicator
        text = resolve(yaml.ScalarNode, item_id, (True, False)) == resolver.DEFAULT_SCALAR_TAG
        return item_id if text else f"'{item_id}'"

    return dump, scalar


def graph_yaml(title: str, source: str, sections: Sequence[Section]) -> str:
    """The graph file of these sections (those with topics), each a stage; ``source`` names
    the checklist in the header. Every text is written on one line (:func:`.mdinline.clean`),
    an empty one as the id."""
    sections = [s for s in sections if s.topics]
    dump, scalar = _yaml_tools()
    lines = [
        f"# Imported by `studypath import checklist` from {clean(source) or 'a checklist'}:",
        "# one stage per heading, in order; each topic requires the topics of the stage before.",
        dump({"title": clean(title) or "Checklist"}).rstrip("\n"),
        "topics:",
    ]
    requires = ""  # written once per stage: the lists make most of a large file
    for number, section in enumerate(sections, 1):
        where = clean(section.heading) or "before the first heading"
        lines.append(f"  # Stage {number}: {where} (line {section.line})")
        topics: dict[str, dict[str, Any]] = {}
        for topic in section.topics:
            topics[topic.id] = {"title": clean(topic.title) or topic.id}
            if topic.resources:
                resources = [
                    {k: clean(v) or r["id"] for k, v in r.items()} for r in topic.resources
                ]
                topics[topic.id]["resources"] = resources
        # Every text is on one line (clean): a topic is its id's line, its title's line, then
        # the rest, all of which go under `topics:` as they are; `requires:` after the title.
        after_id = False
        for line in dump(topics).splitlines():
            lines.append("  " + line)
            if after_id and requires:
                lines.append(requires)
            after_id = not line.startswith(" ")
        requires = f"    requires: [{', '.join(scalar(t.id) for t in section.topics)}]"
    return "\n".join(lines) + "\n"
