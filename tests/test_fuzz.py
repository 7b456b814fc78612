"""Every reader of outside data, fed random and mutated input: a clear studypath error or a
result, never another exception. Also: no number studypath writes is ever ``inf`` or ``nan``.

The readers: the graph YAML (``parse_graph``), the progress file (``ProgressStore.load``), the
graph cache (``cache.read``, then every topic built) and the exported files (``read_ticks``).
Each test is bounded (a modest ``max_examples``), so that the file runs in seconds; set
``STUDYPATH_FUZZ_EXAMPLES=5000`` to search longer.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from studypath import Graph, Resource, StudypathError, Topic, cache, parse_graph
from studypath.bundled import bundled_graph_path
from studypath.exports import Snapshot, Ticks, get, read_ticks
from studypath.exports.json import to_data
from studypath.planner import plan
from studypath.progress import plan_progress, standing
from studypath.schema import RESOURCE_FIELDS, TOPIC_FIELDS, data
from studypath.schema import value as field_value
from studypath.store import ProgressStore
from studypath.words import hours

from .conftest import DATA

#: Examples per reader: modest by default; set ``STUDYPATH_FUZZ_EXAMPLES`` for a longer hunt.
EXAMPLES = int(os.environ.get("STUDYPATH_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MATH = bundled_graph_path().read_text(encoding="utf-8")
METACADEMY_LINES = (DATA / "metacademy.yaml").read_text(encoding="utf-8").splitlines(True)


# -- mutations ----------------------------------------------------------------------------------

#: Bits of YAML and JSON syntax, for text that is nearly a graph file or nearly JSON.
TOKENS = [
    ":", ": ", "- ", "-", "{", "}", "[", "]", ",", "\n", "  ", "\t", "#", "&a ", "*a", "&b ",
    "*b", "<<: *a", "? ", "|", ">", "'", '"', "!!python/object:os.system", "!!binary", "!x ",
    "null", "~", "true", "yes", "1e9", "1e999", ".inf", ".nan", "-1", "0x1F", "2025-01-01",
    "title", "topics", "requires", "aliases", "resources", "url", "hours", "kind", "id",
    "https://", "javascript:", "\\u202e", "\u202e", "\x1b", "\x00", "\ufeff", "\ud7ff", "é",
    "%YAML 1.1\n", "---\n", "...\n", "100000", "100001", "t1", "a/b",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join)


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after a few random edits: byte flips, cuts, insertions, and line edits."""
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete", "dup", "swap", "drop"]))
        at = draw(st.integers(0, max(size - 1, 0)))
        if kind == "flip" and size:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            junk = draw(st.binary(max_size=8) | yamlish.map(str.encode))
            data = data[:at] + junk + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 16)) :]
        else:
            lines = data.split(b"\n")
            line = draw(st.integers(0, len(lines) - 1))
            if kind == "dup":
                lines.insert(line, lines[line])
            elif kind == "swap":
                other = draw(st.integers(0, len(lines) - 1))
                lines[line], lines[other] = lines[other], lines[line]
            else:
                del lines[line]
            data = b"\n".join(lines)
    return data


def as_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30, max_value=10**400)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["pca", "pca/coursera", "2025-01-01T00:00:00+00:00", "", "A\udc00"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mutated_json(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with a few of its parts (at any depth) replaced, removed or added."""
    for _ in range(draw(st.integers(1, 3))):
        value = _replace_somewhere(draw, value)
    return value


def _replace_somewhere(draw: st.DrawFn, value: Any) -> Any:
    inside = draw(st.integers(0, 4)) > 0  # mostly a part, now and then the whole
    if isinstance(value, list) and value and inside:
        at = draw(st.integers(0, len(value) - 1))
        action = draw(st.sampled_from(["descend", "descend", "delete", "insert"]))
        items = list(value)
        if action == "descend":
            items[at] = _replace_somewhere(draw, items[at])
        elif action == "delete":
            del items[at]
        else:
            items.insert(at, draw(json_values))
        return items
    if isinstance(value, dict) and value and inside:
        key = draw(st.sampled_from(sorted(value)))
        action = draw(st.sampled_from(["descend", "descend", "delete", "add"]))
        fields = dict(value)
        if action == "descend":
            fields[key] = _replace_somewhere(draw, fields[key])
        elif action == "delete":
            del fields[key]
        else:
            fields[draw(st.text(max_size=8))] = draw(json_values)
        return fields
    return draw(json_values)


def to_json(value: Any) -> str:
    """JSON as Python writes it: ``NaN``, ``Infinity`` and lone surrogates included."""
    return json.dumps(value)


DEEP = "[" * 50_000 + "]" * 50_000


# -- the graph file -----------------------------------------------------------------------------


def metacademy_part(lines: int) -> str:
    return "".join(METACADEMY_LINES[:lines])


#: A graph with one-of groups, to mutate too.
GROUPED = """title: Grouped
topics:
  a: {title: A, aliases: [alpha]}
  b: {title: B, requires: [a]}
  c: {title: C}
  d:
    title: D
    requires: [a, {one-of: [b, c]}]
  e: {title: E, requires: [{one-of: [d, alpha]}, {one-of: [c, b]}]}
"""
graph_texts = st.sampled_from([MATH, GROUPED]) | st.integers(20, 1500).map(metacademy_part)


def parses_or_refuses(text: str) -> None:
    try:
        graph = parse_graph(text, "fuzz.yaml")
    except StudypathError:
        event("refused")
        return
    event("parsed")
    assert isinstance(graph, Graph)
    plan(graph)  # a graph that passed is one the planner can use


@FUZZ
@given(graph_texts.flatmap(lambda t: mutated_bytes(t.encode())))
@example(b"topics:\n  a: &a {title: A, requires: [*a]}\n")
@example(("a: &a [" + "*a," * 30 + "]\n").encode())
@example(b"topics: {a: {title: !!python/object:os.system x}}\n")
def test_the_graph_reader_refuses_mutated_files_clearly(data: bytes) -> None:
    parses_or_refuses(as_text(data))


@FUZZ
@given(yamlish | st.text() | graph_texts.map(lambda t: t[: len(t) // 3]).flatmap(
    lambda t: yamlish.map(lambda junk: t + junk)
))  # fmt: skip
@example(DEEP)
@example("topics:\n" + "  " * 2000 + "a: 1\n")
def test_the_graph_reader_refuses_random_text_clearly(text: str) -> None:
    parses_or_refuses(text)


# -- the progress file --------------------------------------------------------------------------

PROGRESS = {
    "version": 1,
    "records": {
        "pca": {"done_at": "2025-05-05T18:30:00+00:00", "graph": "Mathematics"},
        "pca/coursera": {"done_at": "2025-05-06T08:00:00+00:00"},
    },
}


def loads_or_refuses(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        records = ProgressStore(path).load()
    except StudypathError:
        event("refused")
        return
    event("read")
    assert isinstance(records, dict)


@FUZZ
@given(
    st.one_of(
        mutated_json(PROGRESS).map(to_json),
        json_values.map(to_json),
        st.text(),
    ).map(str.encode)
    | mutated_bytes(json.dumps(PROGRESS, indent=2).encode())
)
@example(DEEP.encode())
@example(b'{"version": 1, "records": {"pca": {"done_at": "' + b"1" * 300 + b'"}}}')
@example(b'{"version": 1, "records": {"pca": {"done_at": "9999-12-31T23:59:59-23:59"}}}')
@example(b'{"version": 1e999, "records": {}}')
@example(b'{"version": ' + b"9" * 5000 + b', "records": {}}')
def test_the_progress_reader_refuses_mutated_files_clearly(tmp_path: Path, content: bytes) -> None:
    loads_or_refuses(tmp_path / "progress.json", content)


# -- the graph cache ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cache_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    """A cache file of the bundled graph, with the digest it is named after."""
    directory = tmp_path_factory.mktemp("cache")
    cache.load(None, directory=directory)
    (path,) = directory.glob("*.graph")
    return path.read_bytes(), path.name.removesuffix(".graph")


def forged(data: bytes, change: Callable[[Any, list[Any]], tuple[Any, list[Any]]]) -> bytes:
    """The cache file with its index and rows changed, and every digest made right again."""
    first, _, body = data.partition(b"\n")
    header, rows = change(json.loads(first), [json.loads(r) for r in body.split(b"\n")[:-1]])
    lines = [(r if isinstance(r, bytes) else to_json(r).encode()) + b"\n" for r in rows]
    if isinstance(header, dict):
        header["offsets"] = [sum(map(len, lines[:i])) for i in range(len(lines))]
        header["body"] = hashlib.blake2b(b"".join(lines), digest_size=20).hexdigest()
    return to_json(header).encode() + b"\n" + b"".join(lines)


#: One-of groups of the bundled graph's topics, valid and near it.
GROUPS: list[Any] = [
    {"one-of": ["linear-algebra", "python-numpy"]}, {"one-of": ["linear-algebra"]},
    {"one-of": []}, {"one-of": "x"}, {"one-of": ["la", "zz"]}, {"one-of": ["pca", "la"]},
    {"one_of": ["linear-algebra", "python-numpy"]}, {}, {"one-of": ["la", "la"]},
]  # fmt: skip
#: Values near the valid ones, by the kind of field (``Field.read``): most break one rule.
NEAR: dict[str, list[Any]] = {
    "text": ["", " ", "\t", "\x85", "x\udc00", "ok", "A\x1bB", 5, None, ["x"]],
    "url": ["javascript:alert(1)", "https://", "https:///", "ftp://x", "https://a\u202eb",
            "https://a\x1bb", "HTTPS://OK.example", "https://ok.example", "", None, 5],
    "kind": ["movie", "Video", "", "video", "other", None, 3],
    "hours": [-1, -0.0, 0, 0.5, 1e5, 100_000.5, 1e6, math.nan, math.inf, 10**400, True, "3",
              None],
    "flag": [True, False, None, 1, 0, "yes"],
    "id": ["ok", "mml-book", "coursera", "Bad Id", "-x", "a/b", "", None, 7],
    "ids": [[], ["new-alias"], ["la"], ["la", "la"], ["Bad"], "la", [5], None],
    "refs": [[], ["pca"], ["zz"], ["linear-algebra", "linear-algebra"], "linear-algebra", [5],
             ["la"], ["python-numpy"], None, *[[group] for group in GROUPS],
             ["linear-algebra", {"one-of": ["python-numpy", "probability"]}],
             [GROUPS[0], {"one-of": ["python-numpy", "linear-algebra"]}],
             ["linear-algebra", GROUPS[0]], [["linear-algebra"]]],
    "resources": [[], None, "x", [[]], [None]],
    "line": [0, -1, 1, "1", 10**20, True, None],
}  # fmt: skip
INDEX: dict[str, list[Any]] = {
    "stages": [0, 1, 2, 3, 4, -1, 10**9, 1.0, True, None],
    "ids": ["Bad", "la", "pca", "linear-algebra", "x\ny", "", 5, None],
    "aliases": ["la", "pca", "Bad", "new-alias", "zz", None],
    "title": ["", " ", 5, None, "x\udc00", "ok"],
    "named": [True, "no", None, 1],
    "meta": [{"summary": ""}, {"summary": 5}, {"summary": None}, {"other": "x"}, {}, []],
}  # fmt: skip
#: Rows that JSON cannot even decode as Python: too deep, too long a number, not UTF-8.
RAW_ROWS = [b"[" * 100_000, b"9" * 5000, b"\xff\xfe", b"", b"[]", b"{}"]
Change = Callable[[Any, list[Any]], tuple[Any, list[Any]]]


#: Every kind of edit, each equally likely: (what, which field or key, the value it gets).
EDITS: list[tuple[str, Any, Any]] = [
    *(("topic", i, v) for i, f in enumerate(TOPIC_FIELDS) for v in NEAR[f.read]),
    *(("topic", len(TOPIC_FIELDS), v) for v in NEAR["line"]),
    *(("resource", i, v) for i, f in enumerate(RESOURCE_FIELDS) for v in NEAR[f.read]),
    *(("copy", i, None) for i in range(len(TOPIC_FIELDS) + 1) for _ in range(3)),
    *(("index", key, v) for key, values in INDEX.items() for v in values),
    *(("raw", None, raw) for raw in RAW_ROWS),
]


@st.composite
def cache_changes(draw: st.DrawFn) -> Change:
    """One to three edits of the rows or the index (the digests are made right after): a
    field of a topic or of a resource set to a value near the valid ones, a field copied from
    one topic to another, an entry of the index changed, or a row JSON cannot decode."""
    edits: list[Change] = []
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        what, field, value = draw(st.sampled_from(EDITS))
        a, b = draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))
        if what == "topic":
            edits.append(functools.partial(_topic_edit, a, field, value))
        elif what == "resource":
            edits.append(functools.partial(_resource_edit, a, b, field, value))
        elif what == "copy":
            edits.append(functools.partial(_copy_edit, a, b, field))
        elif what == "raw":
            edits.append(functools.partial(_raw_edit, a, value))
        else:
            edits.append(functools.partial(_index_edit, field, a, b, value))

    def change(header: Any, rows: list[Any]) -> tuple[Any, list[Any]]:
        for edit in edits:
            header, rows = edit(header, rows)
        return header, rows

    return change


def _topic_edit(
    at: int, field: int, value: Any, header: Any, rows: list[Any]
) -> tuple[Any, list[Any]]:
    return header, _set_path(rows, [at, field], value)


def _resource_edit(
    at: int, which: int, field: int, value: Any, header: Any, rows: list[Any]
) -> tuple[Any, list[Any]]:
    resources = [f.read for f in TOPIC_FIELDS].index("resources")
    return header, _set_path(rows, [at, resources, which, field], value)


def _copy_edit(a: int, b: int, field: int, header: Any, rows: list[Any]) -> tuple[Any, list[Any]]:
    """Topic ``b`` gets topic ``a``'s value of a field (its requires, its aliases...)."""
    source = rows[a % len(rows)]
    if not isinstance(source, list) or not source:
        return header, rows
    return header, _set_path(rows, [b, field % len(source)], source[field % len(source)])


def _raw_edit(at: int, raw: bytes, header: Any, rows: list[Any]) -> tuple[Any, list[Any]]:
    return header, [*rows[: at % len(rows)], raw, *rows[at % len(rows) + 1 :]]


def _index_edit(
    key: str, a: int, b: int, value: Any, header: Any, rows: list[Any]
) -> tuple[Any, list[Any]]:
    old = header.get(key)
    if key == "aliases" and isinstance(old, dict):
        aliases = dict(old)
        names, ids = sorted(aliases), header.get("ids") or ["x"]
        if value is None and names:
            del aliases[names[a % len(names)]]
        elif value is not None:
            aliases[value] = ids[b % len(ids)]  # a new alias, or one given another topic
        return {**header, key: aliases}, rows
    if key == "stages" and isinstance(old, list) and old and isinstance(value, int):
        near = old[a % len(old)]  # an earlier edit may have left anything there
        if type(near) is int:
            value = near + value - 2  # near the stage it had: one off, two off...
    return {**header, key: _reshape(old, value, a, whole=key in ("title", "named", "meta"))}, rows


def _reshape(old: Any, new: Any, entry: int, whole: bool) -> Any:
    """``old`` with one entry (or itself, when ``whole``) replaced by ``new``."""
    if whole or not old or not isinstance(old, list | dict):
        return new
    if isinstance(old, list):
        return [*old[: entry % len(old)], new, *old[entry % len(old) + 1 :]]
    return {**old, sorted(old)[entry % len(old)]: new}


def _set_path(value: Any, path: list[int], new: Any) -> Any:
    """``value`` with the entry at ``path`` (list indexes, wrapped around) replaced by ``new``;
    ``value`` as it is where the path leads nowhere."""
    if not path:
        return new
    if not isinstance(value, list) or not value:
        return value
    at = path[0] % len(value)
    return [*value[:at], _set_path(value[at], path[1:], new), *value[at + 1 :]]


#: What a double-quoted YAML scalar holds as it is: the rest (controls, line breaks, which
#: YAML folds, the byte-order mark, surrogates) is written as an escape.
_ESCAPED = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def yaml_value(value: Any) -> str:
    """``value`` as a YAML flow value that reads back as exactly ``value``."""
    if isinstance(value, str):
        body = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", body) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")  # never an exponent, which YAML reads as text
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(yaml_value, value)) + "]"
    if isinstance(value, dict):  # a one-of group
        return "{" + ", ".join(f"{yaml_value(k)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    raise AssertionError(value)


def yaml_of(graph: Graph) -> str:
    """A graph file stating every value of ``graph``."""
    lines = [f"title: {yaml_value(graph.title)}"]
    lines += [f"{name}: {yaml_value(value)}" for name, value in graph.meta.items()]
    lines.append("topics:")
    for topic in graph.topics:
        lines.append(f"  {topic.id}:")
        for field in TOPIC_FIELDS:
            value = data(field_value(topic, field)) if field.one_of else getattr(topic, field.name)
            if field.name == "resources":
                lines.append("    resources:" if value else "    resources: []")
                for r in value:
                    stated = [(f.name, getattr(r, f.name)) for f in RESOURCE_FIELDS]
                    pairs = ", ".join(f"{k}: {yaml_value(v)}" for k, v in stated if v is not None)
                    lines.append(f"      - {{{pairs}}}")
            elif value is not None:
                lines.append(f"    {field.name}: {yaml_value(value)}")
    return "\n".join(lines) + "\n"


def reads_or_refuses(directory: Path, digest: str, content: bytes) -> None:
    path = directory / f"{digest}.graph"
    path.write_bytes(content)
    graph = cache.read(path, digest, "math-for-ml.yaml (bundled)")
    if graph is None:
        event("ignored when read")
        return
    try:
        topics = graph.topics
    except StudypathError:
        event("damaged when built")
        return
    event("used")
    # What passed is what the validator would have passed, and every part of studypath can use.
    again = parse_graph(yaml_of(graph), "again.yaml")
    assert [replace(t, line=0) for t in again.topics] == [replace(t, line=0) for t in topics]
    assert (again.title, again.meta, again.aliases) == (graph.title, graph.meta, graph.aliases)
    assert dict(again.stages) == dict(graph.stages)
    result = plan(graph)
    done = standing(result.topics, {t.id for t in topics[::2]})
    snapshot = Snapshot(result, plan_progress(result, done), datetime(2026, 1, 1, tzinfo=UTC), "x")
    strict_json(get("json").render(snapshot))


#: Reading a small cache takes a millisecond or two: the cache's readers get more examples.
CACHE_FUZZ = settings(FUZZ, max_examples=EXAMPLES * 10)


@CACHE_FUZZ
@given(st.data())
def test_the_cache_reader_refuses_mutated_files_clearly(
    tmp_path: Path, cache_file: tuple[bytes, str], data: st.DataObject
) -> None:
    content, digest = cache_file
    reads_or_refuses(tmp_path, digest, data.draw(mutated_bytes(content)))


@CACHE_FUZZ
@given(st.data())
def test_the_cache_reader_refuses_forged_files_clearly(
    tmp_path: Path, cache_file: tuple[bytes, str], data: st.DataObject
) -> None:
    content, digest = cache_file
    reads_or_refuses(tmp_path, digest, forged(content, data.draw(cache_changes())))


# -- exported files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported() -> dict[str, str]:
    """The bundled graph's plan for PCA in every export format, with some progress."""
    graph = cache.load(None, cache=False)
    result = plan(graph, ["pca"])
    done = standing(result.topics, {"linear-algebra", "python-numpy/python-tutorial"})
    snapshot = Snapshot(result, plan_progress(result, done), datetime(2026, 1, 1, tzinfo=UTC), "x")
    return {name: get(name).render(snapshot) for name in ("md", "json")}


def ticks_or_refuses(text: str, source: str) -> None:
    try:
        ticks = read_ticks(text, source)
    except StudypathError:
        event("refused")
        return
    event("some ticks" if ticks.ticks else "no ticks")
    assert isinstance(ticks, Ticks)


@FUZZ
@given(st.data(), st.sampled_from(["md", "json"]), st.sampled_from(["x.md", "x.json"]))
def test_the_export_readers_refuse_mutated_files_clearly(
    exported: dict[str, str], data: st.DataObject, name: str, source: str
) -> None:
    text = as_text(data.draw(mutated_bytes(exported[name].encode())))
    ticks_or_refuses(text, source)


@FUZZ
@given(st.data(), st.sampled_from(["x.md", "x.json"]))
def test_the_export_readers_refuse_changed_json_clearly(
    exported: dict[str, str], data: st.DataObject, source: str
) -> None:
    text = to_json(data.draw(mutated_json(json.loads(exported["json"]))))
    ticks_or_refuses(text, source)


@FUZZ
@given(yamlish | st.text(), st.sampled_from(["x.md", "x.json"]))
@example(DEEP, "x.json")
@example("{" + DEEP, "x.json")
@example("- [x] `pca`\n" * 3 + "> " * 5000 + "- [ ] `a`", "x.md")
def test_the_export_readers_refuse_random_text_clearly(text: str, source: str) -> None:
    ticks_or_refuses(text, source)


# -- numbers ------------------------------------------------------------------------------------

HOURS = re.compile(r"(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})*)(?:\.[1-9])? h")


def strict_json(text: str) -> Any:
    """JSON as the standard has it: ``NaN`` and ``Infinity`` are refused."""

    def refuse(name: str) -> None:
        raise AssertionError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@settings(max_examples=300, deadline=None)
@given(st.floats() | st.integers(-(10**20), 10**20).map(float))
@example(math.inf)
@example(-math.inf)
@example(math.nan)
@example(-0.0)
@example(-1e-12)
@example(1e16)
@example(2e10)
@example(12_345.5)
@example(99_999.96)
def test_hours_are_always_written_out(value: float) -> None:
    text = hours(value)
    assert text == "? h" if not math.isfinite(value) else HOURS.fullmatch(text), text
    assert not re.search("inf|nan|e[+-]", text)


@pytest.mark.parametrize(
    ("value", "text"),
    [(12_345.5, "12,345.5 h"), (100_000.0, "100,000 h"), (2e10, "20,000,000,000 h"),
     (1e16, "10,000,000,000,000,000 h"), (-0.0, "0 h"), (-1e-9, "0 h"), (999.96, "1,000 h"),
     (math.inf, "? h"), (math.nan, "? h")],
)  # fmt: skip
def test_hours_examples(value: float, text: str) -> None:
    assert hours(value) == text


estimates = st.none() | st.floats(min_value=0) | st.sampled_from([math.inf, math.nan, 1e308])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(estimates, st.lists(estimates, max_size=3)), min_size=1, max_size=6))
def test_the_json_export_never_holds_nan_or_infinity(spec: list[tuple[Any, list[Any]]]) -> None:
    # A graph built in memory is not validated: its hours may be anything a float holds.
    topics = [
        Topic(
            id=f"t{i}",
            title=f"T{i}",
            hours=topic_hours,
            resources=tuple(
                Resource(topic_id=f"t{i}", id=f"r{n}", title="R", hours=h)
                for n, h in enumerate(resource_hours)
            ),
        )
        for i, (topic_hours, resource_hours) in enumerate(spec)
    ]
    result = plan(Graph("g", topics))
    done = standing(result.topics, {"t0", "t1/r0"})
    snapshot = Snapshot(result, plan_progress(result, done), datetime(2026, 1, 1, tzinfo=UTC), "g")
    data = strict_json(get("json").render(snapshot))
    assert len(data["topics"]) == len(spec)


def test_sums_over_a_hundred_thousand_topics_stay_finite_and_readable() -> None:
    most = float(cache.MAX_HOURS)  # the most one field may state
    topics = [Topic(id=f"t{i}", title="T", hours=most) for i in range(100_000)]
    result = plan(Graph("big", topics))
    progress = plan_progress(result, standing(topics[:1], {"t0"}))
    assert progress.hours_total == 1e10 and progress.hours_left == 1e10 - most
    snapshot = Snapshot(result, progress, datetime(2026, 1, 1, tzinfo=UTC), "big")
    summary = to_data(snapshot)["summary"]
    assert strict_json(json.dumps(summary)) == {**summary, "hours": 1e10}
    assert hours(progress.hours_total) == "10,000,000,000 h"
    assert hours(progress.hours_left) == "9,999,900,000 h"


def test_json_sums_carry_no_binary_noise() -> None:
    resources = tuple(Resource("t", f"r{n}", "R", hours=h) for n, h in enumerate([0.1, 0.2]))
    result = plan(Graph("g", [Topic(id="t", title="T", resources=resources)]))
    snapshot = Snapshot(result, plan_progress(result, standing((), ())), datetime(2026, 1, 1), "g")
    data = strict_json(get("json").render(snapshot))
    assert data["summary"]["hours"] == data["topics"][0]["hours"] == 0.3  # not 0.30000000000000004
