"""Convert Metacademy's concept graph (shared/datasets/metacademy.json) to a studypath graph.

Run from the repository root: python tests/data/make_metacademy.py PATH/TO/metacademy.json
The output, tests/data/metacademy.yaml, is CC BY-SA 3.0, "Metacademy contributors" (see
METACADEMY-LICENSE.md). Dangling prerequisites are kept: the validator must report them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from studypath.graphfile import slugify

HERE = Path(__file__).parent


def convert(data: dict[str, Any]) -> dict[str, Any]:
    topics: dict[str, Any] = {}
    for concept in data["concepts"]:
        topic: dict[str, Any] = {"title": concept["title"]}
        if concept["requires"]:
            topic["requires"] = list(concept["requires"])
        if concept["hours"] is not None:
            topic["hours"] = concept["hours"]
        resources = []
        seen: set[str] = set()
        for source in concept["resources"]:
            base = slugify(source["title"])
            rid, n = base, 1
            while rid in seen:
                n += 1
                rid = f"{base}-{n}"
            seen.add(rid)
            resource: dict[str, Any] = {"id": rid, "title": source["title"]}
            if source.get("url"):
                resource["url"] = source["url"]
            resource["kind"] = source["kind"]
            resource["free"] = bool(source["free"])
            if not source["core"]:
                resource["optional"] = True
            if source.get("location"):
                resource["note"] = source["location"]
            resources.append(resource)
        if resources:
            topic["resources"] = resources
        topics[concept["id"]] = topic
    return {"title": "Metacademy", "topics": topics}


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    header = (
        "# Metacademy's concept graph, converted by make_metacademy.py.\n"
        "# Licence: CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/),\n"
        "# attribution: Metacademy contributors. See METACADEMY-LICENSE.md.\n"
    )
    text = yaml.safe_dump(convert(data), sort_keys=False, allow_unicode=True, width=100)
    (HERE / "metacademy.yaml").write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
