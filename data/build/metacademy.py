"""Convert Metacademy's concept graph (metacademy.json) into studypath's bundled graph.

Usage, from the repository root:

    python data/build/metacademy.py ../shared/datasets/metacademy.json data/metacademy.yaml

Needs only the standard library and PyYAML (not studypath itself), and writes the same bytes
for the same input. The output is CC BY-SA 3.0, attribution "Metacademy contributors"; its
header comment says how it was made (see ``header``) and points at the licence notice beside
it, data/licences/metacademy-CC-BY-SA-3.0.txt. Do not edit data/metacademy.yaml by hand: change
this script and run it again (tests/test_bundled_metacademy.py checks that they agree).

Decisions:
- Topic ids are Metacademy's concept ids, which are all valid studypath ids already. A concept
  whose id is not valid stops the script rather than being renamed silently.
- A prerequisite that names no concept (Metacademy's "dangling" names) is dropped, and listed in
  the header comment with the concepts that named it, so that the graph validates.
- A resource's id is derived from its title the way studypath derives one when ``id:`` is left
  out (so the explicit id is what a learner would have got anyway), with ``-2``, ``-3``... for
  a title that comes again within the same concept, in the order of the source.
- Metacademy's ``core: false`` (a supplementary resource) becomes ``optional: true``; a core
  resource is required. Its ``location`` (a chapter, a lecture) becomes the ``note``.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

TITLE = "Metacademy: machine learning concepts"
SUMMARY = (
    "Metacademy's concept graph: machine learning and the mathematics, probability and "
    "statistics under it, each concept with its prerequisites, an hour estimate and "
    "textbook chapters, lectures and papers to learn it from."
)
LICENCE = "CC BY-SA 3.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/3.0/"
CREDIT = "Metacademy contributors"
SOURCE = "https://github.com/metacademy/metacademy-content"
NOTICE = "licences/metacademy-CC-BY-SA-3.0.txt"  # beside the graph, in data/ or the wheel
SCRIPT = "data/build/metacademy.py"

#: studypath's id rule (studypath.model.ID_PATTERN; the tests check that the two agree).
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._+-]*")

#: Metacademy's resource kinds, as studypath's (studypath.model.KINDS). An unknown kind stops
#: the script: a new one needs a decision, not a silent "other".
KINDS = {
    "book": "book",
    "video": "video",
    "article": "article",
    "paper": "paper",
    "course": "course",
    "other": "other",
}

#: Dangling names that look like a misspelling of a concept that exists: named in the header,
#: but dropped like the others (the source does not say that they mean those concepts).
LOOKALIKES = {
    "expectimax": "expectimax_search",
    "feed_forward_neural_networks": "feed_forward_neural_nets",
    "random variables": "random_variables",
    "well_ordering": "well_orderings",
}

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class ConversionError(Exception):
    """The source is not what this script knows how to convert."""


def resource_id(title: str) -> str:
    """The id studypath derives from a resource title (studypath.graphreader.slugify), for
    titles with at least one ASCII letter or digit."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", text.lower()).strip("-")
    if not slug:
        raise ConversionError(f"resource title {title!r} has no letter or digit to make an id")
    return slug[:60].rstrip("-")


def _resource(source: dict[str, Any], rid: str, concept: str) -> dict[str, Any]:
    kind = source["kind"]
    if kind not in KINDS:
        raise ConversionError(f"{concept}: unknown resource kind {kind!r}")
    resource: dict[str, Any] = {"id": rid, "title": source["title"]}
    if source.get("url"):
        resource["url"] = source["url"]
    resource["kind"] = KINDS[kind]
    if source.get("free") is not None:
        resource["free"] = bool(source["free"])
    if not source.get("core", True):
        resource["optional"] = True
    if source.get("location"):
        resource["note"] = source["location"]
    return resource


def _topic(concept: dict[str, Any], known: set[str]) -> dict[str, Any]:
    topic: dict[str, Any] = {"title": concept["title"]}
    requires = [name for name in concept["requires"] if name in known]
    if requires:
        topic["requires"] = requires
    if concept.get("hours") is not None:
        topic["hours"] = concept["hours"]
    resources: list[dict[str, Any]] = []
    seen: set[str] = set()
    for source in concept["resources"]:
        base = resource_id(source["title"])
        rid, n = base, 1
        while rid in seen:
            n += 1
            rid = f"{base}-{n}"
        seen.add(rid)
        resources.append(_resource(source, rid, concept["id"]))
    if resources:
        topic["resources"] = resources
    return topic


def dangling(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each prerequisite name that is no concept's id, sorted, with the concepts naming it."""
    known = {concept["id"] for concept in data["concepts"]}
    found: dict[str, list[str]] = {}
    for concept in data["concepts"]:
        for name in concept["requires"]:
            if name not in known:
                found.setdefault(name, []).append(concept["id"])
    return dict(sorted(found.items()))


def convert(data: dict[str, Any]) -> dict[str, Any]:
    """The graph file's content: Metacademy's concepts, in the source's order, as topics."""
    known: set[str] = set()
    for concept in data["concepts"]:
        if not ID_PATTERN.fullmatch(concept["id"]):
            raise ConversionError(f"concept id {concept['id']!r} is not a valid studypath id")
        if concept["id"] in known:
            raise ConversionError(f"concept id {concept['id']!r} comes twice")
        known.add(concept["id"])
    topics = {concept["id"]: _topic(concept, known) for concept in data["concepts"]}
    return {
        "title": TITLE,
        "summary": SUMMARY,
        "licence": LICENCE,
        "credit": CREDIT,
        "topics": topics,
    }


def header(data: dict[str, Any]) -> str:
    """The comment at the top of the graph file: credit, licence, provenance, dropped names."""
    dropped = dangling(data)
    invalid = ", ".join(repr(name) for name in dropped if not ID_PATTERN.fullmatch(name))
    lines = [
        "Metacademy's concept graph, as a studypath graph.",
        "",
        f"Credit: {CREDIT} ({SOURCE}).",
        f"Licence: {LICENCE}, {LICENCE_URL}",
        "This file is shared under the same licence: see the notice beside it,",
        f"{NOTICE}.",
        "",
        f"Generated by {SCRIPT} from metacademy.json: do not edit by hand;",
        "change the script and run it again.",
        "",
        "What the conversion did:",
        "- Topics are Metacademy's concepts, in its order, with their ids, titles,",
        "  prerequisites and hour estimates. Every concept id is a valid studypath id, so none",
        "  is renamed and none needs an alias (the script stops on one that is not).",
        f"  Invalid names among the prerequisites ({invalid or 'none'}) are dangling: below.",
        "- Resources keep title, url, kind and free; `core: false` (supplementary) became",
        "  `optional: true`, and `location` (chapter, lecture) became `note`. Metacademy lists",
        "  core resources as alternatives (learn from any one); here each one is required, so",
        "  mark a topic done once you have learned it from one of them.",
        "- Resource ids are derived from titles, with -2, -3... for a title repeated in a topic.",
        f"- Dropped: the {len(dropped)} prerequisite names that name no concept of the source",
        "  (studypath refuses a graph whose requires name an unknown topic). Each, with the",
        "  concepts that named it; a name that looks misspelt shows the concept it may mean,",
        "  but is dropped too: the source does not say that it means that concept.",
    ]
    for name, users in dropped.items():
        lookalike = LOOKALIKES.get(name)
        also = f" (perhaps {lookalike})" if lookalike else ""
        lines.append(f"    {name!r}{also}: {', '.join(users)}")
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def render(data: dict[str, Any]) -> str:
    """The whole graph file: the header comment, then the YAML."""
    body = yaml.safe_dump(
        convert(data), sort_keys=False, allow_unicode=True, width=88, default_flow_style=False
    )
    return header(data) + body


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: python {SCRIPT} METACADEMY_JSON OUTPUT_YAML", file=sys.stderr)
        return 2
    source, output = Path(argv[0]), Path(argv[1])
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        text = render(data)
    except (OSError, ValueError, ConversionError) as error:
        print(f"{source}: {error}", file=sys.stderr)
        return 1
    except (KeyError, TypeError) as error:
        print(f"{source}: not Metacademy's concept graph ({error!r})", file=sys.stderr)
        return 1
    output.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
