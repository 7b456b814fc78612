"""Build the bundled graph ``ossu-cs`` (data/ossu-cs.yaml) from the OSSU curriculum page.

Run from the repository root:

    python data/build/ossu.py ../shared/datasets/ossu/README.md data/ossu-cs.yaml

The page is the README.md of ossu/computer-science (MIT licence, "Copyright (c) 2015-2023 Open
Source Society University"; the notice ships as data/licences/ossu-MIT.txt). The graph is the
OSSU importer's output (``studypath.importers.ossu``), unchanged: tests/test_importers_ossu.py
checks that the shipped file still is. The page's commit, when a SOURCE.md beside it names one,
goes into the header. What the importer could not match is printed, and is in the file as
comments.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from studypath.files import write_atomically
from studypath.importers.ossu import OssuImport, import_ossu

GENERATOR = "data/build/ossu.py"
_COMMIT = re.compile(r"at commit (\w+)(?: \(([\d-]+)\))?")


def source(readme: Path) -> str:
    """How the header names the page: with its commit when SOURCE.md beside it gives one."""
    name = "ossu/computer-science README.md"
    notes = readme.with_name("SOURCE.md")
    found = _COMMIT.search(notes.read_text(encoding="utf-8")) if notes.is_file() else None
    if found is None:
        return name
    when = f", {found.group(2)}" if found.group(2) else ""
    return f"{name} (commit {found.group(1)}{when})"


def notice(readme: Path) -> list[str]:
    """The header's licence lines: the copyright line of the LICENSE beside the page."""
    licence = readme.with_name("LICENSE")
    text = licence.read_text(encoding="utf-8") if licence.is_file() else ""
    found = re.search(r"^Copyright .*$", text, re.MULTILINE)
    where = "The notice ships with studypath as data/licences/ossu-MIT.txt."
    return [f"{found.group()}. {where}" if found else where]


def build(readme: Path) -> OssuImport:
    """The importer's output on the page at ``readme``, as the bundled graph is made."""
    text = readme.read_text(encoding="utf-8")
    return import_ossu(text, source(readme), generator=GENERATOR, notice=notice(readme))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: python {GENERATOR} PATH/TO/README.md data/ossu-cs.yaml", file=sys.stderr)
        return 2
    result = build(Path(argv[0]))
    write_atomically(Path(argv[1]), result.yaml_text)
    print("\n".join(result.report()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
