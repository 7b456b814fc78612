"""The graph cache: invalidated by any change, never trusted when damaged, optional."""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import (
    GraphError,
    StudypathError,
    __version__,
    cache,
    cacherows,
    nodereader,
    parse_graph,
)
from studypath.model import Topic
from studypath.schema import RESOURCE_FIELDS, TOPIC_FIELDS, Field

from .conftest import Run
from .helpers import heavy_modules

GRAPH = """
title: Cached
topics:
  a:
    title: A
    aliases: [alpha]
    resources:
      - {title: R1, url: "https://example.org/1", kind: video, hours: 1.5, free: true}
      - {title: R2, optional: true, note: "Chapter 2"}
  b:
    title: B
    summary: About B.
    requires: [alpha]
    hours: 3
"""


@pytest.fixture
def graph_file(write_graph: Callable[..., Path]) -> Path:
    return write_graph(GRAPH)


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.graph"))


def test_second_load_comes_from_the_cache_and_is_identical(
    graph_file: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "c"
    cold = cache.load(graph_file, directory=directory)
    warm = cache.load(graph_file, directory=directory)
    assert not cold.from_cache and warm.from_cache
    assert len(cache_files(directory)) == 1
    assert warm.topics == cold.topics
    assert warm.aliases == cold.aliases
    assert dict(warm.stages) == dict(cold.stages)
    assert warm.title == "Cached"


def test_a_changed_file_is_parsed_again(graph_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "c"
    cache.load(graph_file, directory=directory)
    graph_file.write_text(GRAPH.replace("title: B", "title: B changed"))
    loaded = cache.load(graph_file, directory=directory)
    assert not loaded.from_cache
    assert loaded.topic("b").title == "B changed"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b.replace(b"R1", b"R9"),  # body changed
        lambda b: b"",  # empty
        lambda b: b"\x00\xff garbage",
        lambda b: b.replace(f'"studypath":"{__version__}"'.encode(), b'"studypath":"0.0.0"'),
        lambda b: json.dumps({"format": 99}).encode() + b"\n",  # another format
    ],
)
def test_damaged_or_foreign_cache_is_ignored_and_rebuilt(
    graph_file: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    directory = tmp_path / "c"
    cache.load(graph_file, directory=directory)
    (path,) = cache_files(directory)
    path.write_bytes(damage(path.read_bytes()))
    loaded = cache.load(graph_file, directory=directory)
    assert not loaded.from_cache
    assert loaded.topic("a").resources[0].title == "R1"
    assert cache.load(graph_file, directory=directory).from_cache  # rebuilt


def test_unwritable_cache_directory_still_works(run: Run, graph_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    env = {"STUDYPATH_CACHE": str(blocker / "cache")}
    for _ in range(2):
        result = run("plan", "--graph", str(graph_file), env=env)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_cache_directory_still_works(graph_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        assert not cache.load(graph_file, directory=directory).from_cache
    finally:
        directory.chmod(0o700)


def test_no_cache_neither_reads_nor_writes(run: Run, graph_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "studypath-cache"
    assert run("topics", "--graph", str(graph_file), "--no-cache").exit_code == 0
    assert not directory.exists()
    assert run("topics", "--graph", str(graph_file)).exit_code == 0
    assert len(cache_files(directory)) == 1


def test_invalid_graphs_are_never_cached(
    run: Run, write_graph: Callable[..., Path], tmp_path: Path
) -> None:
    bad = write_graph("topics:\n  a: {title: A, requires: [zz]}\n")
    for _ in range(2):
        assert run("check", str(bad)).exit_code == 1
    assert cache_files(tmp_path / "studypath-cache") == []


def test_old_cache_files_are_pruned(write_graph: Callable[..., Path], tmp_path: Path) -> None:
    directory = tmp_path / "c"
    for n in range(cache.KEEP + 5):
        path = write_graph(f"topics:\n  t{n}: {{title: T}}\n", name=f"g{n}.yaml")
        cache.load(path, directory=directory)
    assert len(cache_files(directory)) == cache.KEEP


def test_startup_imports_only_what_each_command_needs(tmp_path: Path, graph_file: Path) -> None:
    env = {
        "STUDYPATH_HOME": str(tmp_path / "home"),
        "STUDYPATH_CACHE": str(tmp_path / "cache"),
        "COLUMNS": "100",
    }
    assert "networkx" not in heavy_modules(["--help"], env)
    assert "networkx" not in heavy_modules(["--version"], env)
    assert "networkx" not in heavy_modules(["where"], env)
    # The first plan parses and validates: YAML, but no networkx (only cycles need it).
    cold = heavy_modules(["plan", "--graph", str(graph_file)], env)
    assert "yaml" in cold and "networkx" not in cold
    # Afterwards the graph comes from the cache: neither YAML nor networkx.
    for args in (["plan", "-g", "b"], ["next", "-g", "b"], ["done", "a"], ["topics"]):
        used = heavy_modules([*args, "--graph", str(graph_file)], env)
        assert "networkx" not in used and "yaml" not in used, args
    completion = {"_STUDYPATH_COMPLETE": "complete_bash", "COMP_WORDS": "studypath done a",
                  "COMP_CWORD": "2", "STUDYPATH_GRAPH": str(graph_file)}  # fmt: skip
    assert "networkx" not in heavy_modules([], {**env, **completion})


# -- an untrusted cache -------------------------------------------------------------------------

Header = dict[str, Any]
Rows = list[Any]


def forge(
    path: Path,
    header: Callable[[Header], object] = lambda h: None,
    rows: Callable[[Rows], object] = lambda r: None,
) -> None:
    """Rewrite a cache file as someone who knows the format would: its rows changed by
    ``rows`` (an entry may be raw bytes), the offsets and the body's digest recomputed, then
    its header changed by ``header``. Every check of a digest passes: only the rules remain."""
    first, _, body = path.read_bytes().partition(b"\n")
    head = json.loads(first)
    decoded: Rows = [json.loads(line) for line in body.split(b"\n")[:-1]]
    rows(decoded)
    encoded = [
        (r if isinstance(r, bytes) else json.dumps(r, separators=(",", ":")).encode()) + b"\n"
        for r in decoded
    ]
    head["offsets"] = [sum(map(len, encoded[:i])) for i in range(len(encoded))]
    new_body = b"".join(encoded)
    head["body"] = hashlib.blake2b(new_body, digest_size=20).hexdigest()
    header(head)
    path.write_bytes(json.dumps(head).encode() + b"\n" + new_body)


def cached(graph_file: Path, directory: Path) -> Path:
    """The cache file of ``graph_file`` in ``directory``, written by a first load."""
    assert not cache.load(graph_file, directory=directory).from_cache
    (path,) = cache_files(directory)
    return path


def setter(key: str, value: Any) -> Callable[[Header], None]:
    def change(header: Header) -> None:
        header[key] = value

    return change


def dropper(key: str) -> Callable[[Header], None]:
    return lambda header: header.pop(key)


TOPIC = {f.name: i for i, f in enumerate(TOPIC_FIELDS)}
RESOURCE = {f.name: i for i, f in enumerate(RESOURCE_FIELDS)}


def topic_value(position: int, name: str, value: Any) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        rows[position][TOPIC[name]] = value

    return change


def resource_value(name: str, value: Any) -> Callable[[Rows], None]:
    """Topic `a`'s first resource with ``name`` set to ``value``."""

    def change(rows: Rows) -> None:
        rows[0][TOPIC["resources"]][0][RESOURCE[name]] = value

    return change


# Each makes the index wrong in one way, with every digest right: the cache is not used.
BAD_HEADERS: dict[str, Callable[[Header], object]] = {
    "an invalid id": setter("ids", ["a", "B"]),
    "an id with a line break": setter("ids", ["a", "b\nc"]),
    "an id that is not text": setter("ids", ["a", 5]),
    "a repeated id": setter("ids", ["a", "a"]),
    "no ids": lambda h: h.update(ids=[], stages=[], offsets=[]),
    "ids as an object": setter("ids", {"a": 1, "b": 2}),
    "an alias that is an id": setter("aliases", {"alpha": "a", "b": "a"}),
    "an alias of no topic": setter("aliases", {"alpha": "zz"}),
    "an invalid alias": setter("aliases", {"Alpha": "a"}),
    "an alias of a list": setter("aliases", {"alpha": ["a"]}),
    "aliases as a list": setter("aliases", ["alpha"]),
    "stage 0": setter("stages", [1, 0]),
    "a negative stage": setter("stages", [1, -2]),
    "a stage that is true": setter("stages", [1, True]),
    "a stage that is a float": setter("stages", [1, 2.0]),
    "a huge stage": setter("stages", [1, 10**30]),
    "too few stages": setter("stages", [1]),
    "stages as text": setter("stages", "12"),
    "offsets backwards": lambda h: h.update(offsets=h["offsets"][::-1]),
    "a repeated offset": lambda h: h.update(offsets=[0, 0]),
    "an offset past the end": lambda h: h.update(offsets=[0, 10**9]),
    "a first offset that is not 0": lambda h: h.update(offsets=[1, h["offsets"][1]]),
    "a negative offset": lambda h: h.update(offsets=[-1, h["offsets"][1]]),
    "an offset that is a float": lambda h: h.update(offsets=[0, h["offsets"][1] + 0.5]),
    "an empty title": setter("title", ""),
    "a blank title": setter("title", " \t"),
    "a title that is a number": setter("title", 5),
    "a null title": setter("title", None),
    "a title no file can hold": setter("title", "x\ud800"),
    "no title": dropper("title"),
    "no `named`": dropper("named"),
    "`named` as text": setter("named", "no"),
    "a summary that is a number": setter("meta", {"summary": 5}),
    "an empty summary": setter("meta", {"summary": ""}),
    "a null summary": setter("meta", {"summary": None}),
    "an unknown graph field": setter("meta", {"colour": "red"}),
    "meta as a list": setter("meta", []),
    "format as text": setter("format", str(cache.FORMAT)),
    "no schema": dropper("schema"),
    "no ids key": dropper("ids"),
    "no stages key": dropper("stages"),
    "the version as a list": setter("studypath", [__version__]),
}


@pytest.mark.parametrize("damage", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_an_index_that_breaks_a_rule_is_ignored_and_rebuilt(
    graph_file: Path, tmp_path: Path, damage: Callable[[Header], object]
) -> None:
    directory = tmp_path / "c"
    path = cached(graph_file, directory)
    forge(path)  # rewriting as such changes nothing
    assert cache.load(graph_file, directory=directory).from_cache
    forge(path, header=damage)
    loaded = cache.load(graph_file, directory=directory)
    assert not loaded.from_cache
    assert [t.id for t in loaded.topics] == ["a", "b"]
    assert cache.load(graph_file, directory=directory).from_cache  # rebuilt


@pytest.mark.parametrize(
    "content",
    [
        b"[]\n",
        b'"text"\n',
        b"null\n",
        b"[" * 100_000 + b"]" * 100_000 + b"\n",  # deeper than the decoder can go
        b'{"format": ' + b"[" * 100_000 + b"\n",
        b'{"format": 1e999}\n',  # an infinite number
        b'{"format": ' + b"9" * 5000 + b"}\n",  # more digits than Python converts
        b'{"format": NaN}\n',
        b"\xff\xfe{}\n",
        b'{"format": 3}',  # no line break
    ],
    ids=["list", "text", "null", "deep", "deep value", "1e999", "5000 digits", "NaN", "bom", "nl"],
)
def test_a_header_of_the_wrong_shape_is_ignored(
    graph_file: Path, tmp_path: Path, content: bytes
) -> None:
    directory = tmp_path / "c"
    path = cached(graph_file, directory)
    path.write_bytes(content)
    assert not cache.load(graph_file, directory=directory).from_cache
    assert cache.load(graph_file, directory=directory).from_cache


# Each leaves the index right and makes one topic's row wrong: found when the topic is built.
BAD_ROWS: dict[str, Callable[[Rows], object]] = {
    "an empty title": topic_value(0, "title", ""),
    "a blank title": topic_value(0, "title", "   "),
    "a title that is a number": topic_value(0, "title", 5),
    "no title": topic_value(0, "title", None),
    "a title with a lone surrogate": topic_value(0, "title", "A\udc00"),
    "an empty summary": topic_value(1, "summary", ""),
    "a summary that is a list": topic_value(1, "summary", ["About B."]),
    "an alias twice": topic_value(0, "aliases", ["alpha", "alpha"]),
    "an alias missing": topic_value(0, "aliases", []),
    "an alias the index lacks": topic_value(0, "aliases", ["alpha", "beta"]),
    "an alias of another topic": lambda rows: rows[1].__setitem__(TOPIC["aliases"], ["alpha"]),
    "an invalid alias": topic_value(0, "aliases", ["Alpha"]),
    "aliases as text": topic_value(0, "aliases", "alpha"),
    "a prerequisite of no topic": topic_value(1, "requires", ["zz"]),
    "a topic that requires itself": topic_value(1, "requires", ["a", "b"]),
    "a prerequisite twice": topic_value(1, "requires", ["a", "a"]),
    "a prerequisite that is a number": topic_value(1, "requires", [5]),
    "no prerequisite, yet stage 2": topic_value(1, "requires", []),
    "a prerequisite by its alias": topic_value(1, "requires", ["alpha"]),
    "a prerequisite as text": topic_value(1, "requires", "a"),
    "negative hours": topic_value(1, "hours", -1),
    "too many hours": topic_value(1, "hours", nodereader.MAX_HOURS + 0.5),
    "hours as text": topic_value(1, "hours", "3"),
    "hours that are true": topic_value(1, "hours", True),
    "NaN hours": topic_value(1, "hours", math.nan),
    "infinite hours": topic_value(1, "hours", math.inf),
    "hours past any float": topic_value(1, "hours", 10**400),
    "an unknown kind": resource_value("kind", "movie"),
    "no kind": resource_value("kind", None),
    "a kind that is a number": resource_value("kind", 5),
    "a javascript: link": resource_value("url", "javascript:alert(1)"),
    "a link with a bidi override": resource_value("url", "https://a\u202eb.example"),
    "a link with an escape": resource_value("url", "https://a\x1b[31m.example"),
    "a link to nowhere": resource_value("url", "https://"),
    "an ftp link": resource_value("url", "ftp://example.org"),
    "an empty link": resource_value("url", ""),
    "resource hours below 0": resource_value("hours", -0.5),
    "resource hours above the limit": resource_value("hours", 1e6),
    "`free` as text": resource_value("free", "yes"),
    "`free` as 1": resource_value("free", 1),
    "no `optional`": resource_value("optional", None),
    "an empty note": resource_value("note", ""),
    "an invalid resource id": resource_value("id", "Bad Id"),
    "no resource id": resource_value("id", None),
    "a resource id twice": lambda rows: rows[0][TOPIC["resources"]][1].__setitem__(
        RESOURCE["id"], rows[0][TOPIC["resources"]][0][RESOURCE["id"]]
    ),
    "an empty resource title": resource_value("title", ""),
    "a resource row too short": lambda rows: rows[0][TOPIC["resources"]][0].pop(),
    "a resource that is an object": lambda rows: rows[0][TOPIC["resources"]].__setitem__(
        0, {"title": "R1"}
    ),
    "resources as text": topic_value(0, "resources", "R1"),
    "a row that is an object": lambda rows: rows.__setitem__(0, {"title": "A"}),
    "a row with a field more": lambda rows: rows[0].insert(0, "A"),
    "line 0": lambda rows: rows[0].__setitem__(-1, 0),
    "line as text": lambda rows: rows[0].__setitem__(-1, "1"),
    "a row nested too deeply": lambda rows: rows.__setitem__(0, b"[" * 100_000),
    "a row that is not JSON": lambda rows: rows.__setitem__(0, b"\xff\xfe"),
    "a row with a 5000-digit number": lambda rows: rows.__setitem__(0, b"9" * 5000),
}
BAD_STAGES: dict[str, Callable[[Header], object]] = {
    "a first topic at stage 2": setter("stages", [2, 2]),
    "a topic at its prerequisite's stage": setter("stages", [1, 1]),
}
DAMAGED = "the graph cache is damaged; run again with --no-cache or delete "


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        *((r, lambda h: None) for r in BAD_ROWS.values()),
        *((lambda r: None, h) for h in BAD_STAGES.values()),
    ],
    ids=[*BAD_ROWS, *BAD_STAGES],
)
def test_a_row_that_breaks_a_rule_is_a_clear_error_and_the_file_is_rebuilt(
    graph_file: Path,
    tmp_path: Path,
    rows: Callable[[Rows], object],
    header: Callable[[Header], object],
) -> None:
    directory = tmp_path / "c"
    path = cached(graph_file, directory)
    forge(path, header=header, rows=rows)
    loaded = cache.load(graph_file, directory=directory)
    assert loaded.from_cache  # the index is right: the row is found when it is built
    with pytest.raises(cache.DamagedCacheError) as raised:
        _ = loaded.topics
    assert str(raised.value) == f"{DAMAGED}{directory}"
    assert cache_files(directory) == []  # removed, so that the next run rebuilds it
    again = cache.load(graph_file, directory=directory)
    assert not again.from_cache and again.topic("b").requires == ("a",)
    assert cache.load(graph_file, directory=directory).from_cache


def test_a_damaged_row_is_one_line_of_error_on_the_command_line(
    run: Run, graph_file: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "studypath-cache"
    assert run("plan", "--graph", str(graph_file)).exit_code == 0
    (path,) = cache_files(directory)
    forge(path, rows=resource_value("url", "javascript:alert(1)"))
    result = run("plan", "--graph", str(graph_file))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {DAMAGED}{directory}\n"
    again = run("plan", "--graph", str(graph_file))
    assert again.exit_code == 0 and "javascript" not in again.stdout


# The same value, as a graph file states it and as the cache holds it: the cache must accept
# exactly what the validator gives (None is a key left out).
RESOURCE_SAMPLES: dict[str, list[Any]] = {
    "title": ["R", "  R  ", "", " ", "\t", "a\x00b", "1984", 5, True, None, ["R"]],
    "url": [
        "https://example.org",
        "http://x",
        "HTTPS://X",
        "https://",
        "https:///",
        "ftp://x",
        "javascript:alert(1)",
        "https://a\u202eb",
        "https://a\x7fb",
        "https://a\u00a0b",
        "",
        " ",
        None,
        5,
    ],
    "kind": ["video", "other", "Video", "movie", "", None, 1],
    "hours": [0, 0.5, 3, -0.0, nodereader.MAX_HOURS, 100_000.5, -1, 1e6, "3", True, None],
    "free": [True, False, None, "yes", 1, 0],
    "optional": [True, False, None, "no", 0],
    "note": ["Chapter 2", "", "  ", None, 2],
    "id": ["ok-1", "a.b_c+d", "Bad", "-x", "a/b", "", None, 7],
}
TOPIC_SAMPLES: dict[str, list[Any]] = {
    "title": ["B", "", "  ", None, 1984, "B\u202e"],
    "summary": ["About B.", "", "\n", None, False],
    "hours": [3, 2.5, 0, -3, 1e5, 1e5 + 1, None, "2"],
}


def as_yaml(name: str, value: Any) -> str:
    """``name: value`` in a flow mapping, or nothing for None (the key left out)."""
    return "" if value is None else f", {name}: {json.dumps(value)}"


def same(expected: Any, value: Any) -> bool:
    """Whether the validator read ``value`` as it is (a whole number of hours as a float)."""
    if type(value) is int and type(expected) is float:
        return expected == value
    return type(expected) is type(value) and expected == value


def from_yaml(text: str) -> Any:
    try:
        return parse_graph(text, "sample.yaml")
    except GraphError:
        return None


def from_cache(graph_file: Path, directory: Path, rows: Callable[[Rows], object]) -> Any:
    path = cached(graph_file, directory)
    forge(path, rows=rows)
    graph = cache.load(graph_file, directory=directory)
    assert graph.from_cache
    try:
        topics = graph.topics
    except cache.DamagedCacheError:
        return None
    path.unlink()
    return topics


@pytest.mark.parametrize(
    ("name", "value"), [(n, v) for n, values in RESOURCE_SAMPLES.items() for v in values]
)
def test_the_cache_takes_a_resource_value_exactly_when_the_validator_does(
    write_graph: Callable[..., Path], tmp_path: Path, name: str, value: Any
) -> None:
    base = "topics:\n  a:\n    title: A\n    resources:\n      - {title: R, id: r%s}\n"
    fields = {"title": "R", "id": "r", name: value}
    stated = "".join(as_yaml(k, v) for k, v in fields.items())[2:]
    graph = from_yaml(f"topics:\n  a:\n    title: A\n    resources:\n      - {{{stated}}}\n")
    expected = None if graph is None else getattr(graph.topic("a").resources[0], name)
    accepted = graph is not None and same(expected, value)
    topics = from_cache(
        write_graph(base % ""),
        tmp_path / "c",
        lambda rows: rows[0][TOPIC["resources"]][0].__setitem__(RESOURCE[name], value),
    )
    assert (topics is not None) == accepted, (value, expected)
    if topics is not None:
        got = getattr(topics[0].resources[0], name)
        assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("name", "value"), [(n, v) for n, values in TOPIC_SAMPLES.items() for v in values]
)
def test_the_cache_takes_a_topic_value_exactly_when_the_validator_does(
    write_graph: Callable[..., Path], tmp_path: Path, name: str, value: Any
) -> None:
    fields = {"title": "B", name: value}
    stated = "".join(as_yaml(k, v) for k, v in fields.items())[2:]
    graph = from_yaml(f"topics:\n  b: {{{stated}}}\n")
    expected = None if graph is None else getattr(graph.topic("b"), name)
    accepted = graph is not None and same(expected, value)
    topics = from_cache(
        write_graph("topics:\n  b: {title: B}\n"), tmp_path / "c", topic_value(0, name, value)
    )
    assert (topics is not None) == accepted, (value, expected)
    if topics is not None:
        got = getattr(topics[0], name)
        assert got == expected and type(got) is type(expected)


def test_the_hour_limit_is_the_validators() -> None:
    assert cache.MAX_HOURS == nodereader.MAX_HOURS


# -- the title a file's name gives --------------------------------------------------------------


def test_a_title_from_the_file_name_is_never_another_files(
    write_graph: Callable[..., Path], tmp_path: Path
) -> None:
    directory = tmp_path / "c"
    text = "topics:\n  a: {title: A}\n"
    first, second = write_graph(text, name="first.yaml"), write_graph(text, name="second.yaml")
    for _ in range(2):
        assert cache.load(first, directory=directory).title == "first"
        assert cache.load(second, directory=directory).title == "second"
    assert cache.load(second, directory=directory).from_cache


def test_a_stated_title_is_every_copys_title(
    write_graph: Callable[..., Path], tmp_path: Path
) -> None:
    directory = tmp_path / "c"
    for stated in ("Stated", "first"):  # even one that is also the first file's name
        text = f"title: {stated}\ntopics:\n  a: {{title: A}}\n"
        first, second = write_graph(text, name="first.yaml"), write_graph(text, name="second.yaml")
        assert not cache.load(first, directory=directory).from_cache
        loaded = cache.load(second, directory=directory)
        assert loaded.title == stated
        assert loaded.from_cache == (stated != "first")  # else parsed, to be sure


# -- pruning and files that are not ours --------------------------------------------------------


def test_pruning_removes_only_files_studypath_wrote(
    write_graph: Callable[..., Path], tmp_path: Path
) -> None:
    directory = tmp_path / "c"
    directory.mkdir()
    hex40 = "0123456789abcdef0123456789abcdef01234567"
    theirs = {
        "notes.txt": b"mine\n",
        "old.graph": b'{"format":2,"studypath":"0.1.0","digest":"old"}\n',
        f"{hex40}.graph": b"a file of the user's that happens to have our kind of name\n",
        f"{hex40[::-1]}.graph": b'{"format":2,"studypath":"0.1.0","digest":"someone else"}\n',
        f"{hex40.upper()}.graph": b"upper case: not a name we write\n",
    }
    for name, content in theirs.items():
        (directory / name).write_bytes(content)
    target = tmp_path / "elsewhere.txt"
    target.write_text("precious\n")
    link = directory / f"{'a' * 40}.graph"
    link.symlink_to(target)
    (directory / f"{'b' * 40}.graph").mkdir()
    elsewhere = cached(write_graph("topics:\n  x: {title: X}\n", name="x.yaml"), tmp_path / "e")
    link_to_ours = directory / elsewhere.name  # a cache file of ours, linked in by the user
    link_to_ours.symlink_to(elsewhere)
    old_ours = directory / f"{'c' * 40}.graph"
    old_ours.write_bytes(b'{"format":1,"studypath":"0.0.1","digest":"' + b"c" * 40 + b'"}\nx\n')
    for path in [*directory.iterdir(), link]:
        os.utime(path, (0, 0), follow_symlinks=False)  # the oldest of all
    for n in range(cache.KEEP + 3):
        path = write_graph(f"topics:\n  t{n}: {{title: T}}\n", name=f"g{n}.yaml")
        cache.load(path, directory=directory)
    for name, content in theirs.items():
        assert (directory / name).read_bytes() == content
    assert link.is_symlink() and target.read_text() == "precious\n"
    assert link_to_ours.is_symlink() and elsewhere.exists()
    assert (directory / f"{'b' * 40}.graph").is_dir()
    assert not old_ours.exists()  # an old format's file of ours goes too
    ours = [p for p in cache_files(directory) if cache._ours(p) and not p.is_symlink()]
    assert len(ours) == cache.KEEP


def test_pruning_a_directory_that_has_gone_is_no_error(tmp_path: Path) -> None:
    cache._prune(tmp_path / "gone")


def test_a_kind_of_value_without_rules_is_checked_for_its_type() -> None:
    # What a field read by a new NodeReader method gets until the cache knows its rules.
    check = cacherows._checked(Field("extra", "topics"), Topic)
    assert check({"a": 1}) == {"a": 1}
    wrong: Any
    for wrong in ([], "a", None):
        with pytest.raises(ValueError):
            check(wrong)


@pytest.mark.parametrize(
    "error", [OSError("disk full"), ValueError("not UTF-8"), StudypathError("not a regular file")]
)
def test_a_cache_that_cannot_be_written_is_no_error(
    graph_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(cache, "write", fail)
    assert cache.load(graph_file, directory=tmp_path / "c").topic("b").title == "B"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_link_where_the_cache_file_goes_is_neither_read_nor_written(
    graph_file: Path, tmp_path: Path
) -> None:
    directory = tmp_path / "c"
    path = cached(graph_file, directory)
    path.unlink()
    os.mkfifo(path)
    assert not cache.load(graph_file, directory=directory).from_cache  # no hang
    assert not cache.load(graph_file, directory=directory).from_cache
    path.unlink()
    target = tmp_path / "target.txt"
    target.write_text("mine\n")
    path.symlink_to(target)
    assert not cache.load(graph_file, directory=directory).from_cache
    assert target.read_text() == "mine\n" and path.is_symlink()


# -- one-of groups ------------------------------------------------------------------------------

GROUPED = """
topics:
  a: {title: A, aliases: [alpha]}
  b: {title: B}
  c: {title: C}
  d: {title: D, requires: [{one-of: [b, c]}, a]}
"""


@pytest.fixture
def grouped_file(write_graph: Callable[..., Path]) -> Path:
    return write_graph(GROUPED, name="grouped.yaml")


def test_one_of_groups_round_trip_through_the_cache(grouped_file: Path, tmp_path: Path) -> None:
    directory = tmp_path / "c"
    cold = cache.load(grouped_file, directory=directory)
    (path,) = cache_files(directory)
    rows = [json.loads(line) for line in path.read_bytes().split(b"\n")[1:-1]]
    assert rows[3][TOPIC["requires"]] == ["a", {"one-of": ["b", "c"]}]
    warm = cache.load(grouped_file, directory=directory)
    assert warm.from_cache and warm.topics == cold.topics
    assert (warm.topic("d").requires, warm.topic("d").one_of) == (("a",), (("b", "c"),))
    assert warm.dependents("c") == ("d",)


def group_value(value: Any) -> Callable[[Rows], None]:
    return topic_value(3, "requires", value)


def c_requires_a(rows: Rows) -> None:
    rows[2][TOPIC["requires"]] = ["a"]


# Each leaves the index right and makes topic d's group wrong: found when d is built.
BAD_GROUPS: dict[str, tuple[Callable[[Rows], object], Callable[[Header], object]]] = {
    name: (rows, header)
    for name, rows, header in [
        ("a group of one", group_value(["a", {"one-of": ["b"]}]), lambda h: None),
        ("an empty group", group_value(["a", {"one-of": []}]), lambda h: None),
        ("a group as a list", group_value(["a", ["b", "c"]]), lambda h: None),
        ("a group as text", group_value(["a", {"one-of": "b"}]), lambda h: None),
        ("a group under another key", group_value(["a", {"any": ["b", "c"]}]), lambda h: None),
        ("a group with a key more", group_value(["a", {"one-of": ["b", "c"], "x": 1}]),
         lambda h: None),
        ("a group naming a topic twice", group_value(["a", {"one-of": ["b", "b"]}]),
         lambda h: None),
        ("a group naming its topic", group_value(["a", {"one-of": ["b", "d"]}]), lambda h: None),
        ("a group naming no topic", group_value(["a", {"one-of": ["b", "zz"]}]), lambda h: None),
        ("a group naming an alias", group_value([{"one-of": ["alpha", "b"]}]), lambda h: None),
        ("a number in a group", group_value(["a", {"one-of": ["b", 5]}]), lambda h: None),
        ("a hard prerequisite in a group", group_value(["a", {"one-of": ["a", "b"]}]),
         lambda h: None),
        ("the same group twice", group_value(["a", {"one-of": ["b", "c"]}, {"one-of": ["c", "b"]}]),
         lambda h: None),
        # c now needs a (stage 2): d, which may take c, belongs at stage 3, not 2.
        ("an alternative at its topic's stage", c_requires_a, setter("stages", [1, 1, 2, 2])),
    ]
}  # fmt: skip


@pytest.mark.parametrize(("rows", "header"), BAD_GROUPS.values(), ids=BAD_GROUPS.keys())
def test_a_row_with_a_group_that_breaks_a_rule_is_damaged(
    grouped_file: Path,
    tmp_path: Path,
    rows: Callable[[Rows], object],
    header: Callable[[Header], object],
) -> None:
    directory = tmp_path / "c"
    path = cached(grouped_file, directory)
    forge(path, header=header, rows=rows)
    loaded = cache.load(grouped_file, directory=directory)
    assert loaded.from_cache
    with pytest.raises(cache.DamagedCacheError):
        _ = loaded.topics
    assert cache_files(directory) == []
    assert cache.load(grouped_file, directory=directory).topic("d").one_of == (("b", "c"),)


REQUIRES_SAMPLES: list[Any] = [
    ["a"],
    ["a", {"one-of": ["b", "c"]}],
    [{"one-of": ["c", "b"]}, "a"],
    [{"one-of": ["b", "c"]}],
    [{"one-of": ["b", "c"]}, {"one-of": ["a", "b"]}],
    [{"one-of": ["b", "c"]}, {"one-of": ["c", "b"]}],
    [{"one-of": ["b", "a", "c"]}],
    ["a", {"one-of": ["a", "b"]}],
    [{"one-of": ["b"]}, "a"],
    ["a", {"one-of": []}],
    ["a", {"one-of": ["b", "b"]}],
    ["a", {"one-of": ["b", "d"]}],
    ["a", {"one-of": ["b", "zz"]}],
    [{"one-of": ["alpha", "b"]}],
    ["a", {"one-of": "b"}],
    ["a", {"one_of": ["b", "c"]}],
    ["a", {"one-of": ["b", "c"], "x": 1}],
    ["a", ["b", "c"]],
    ["a", {"one-of": ["b", 5]}],
    ["a", {"one-of": ["b", ""]}],
    ["a", {"one-of": ["b", None]}],
]


@pytest.mark.parametrize("value", REQUIRES_SAMPLES, ids=map(json.dumps, REQUIRES_SAMPLES))
def test_the_cache_takes_a_requires_list_exactly_when_the_validator_does(
    grouped_file: Path, tmp_path: Path, value: Any
) -> None:
    text = GROUPED.replace("[{one-of: [b, c]}, a]", json.dumps(value))
    graph = from_yaml(text)
    texts = tuple(v for v in value if type(v) is str)
    groups = tuple(tuple(v["one-of"]) for v in value if type(v) is dict and "one-of" in v)
    literal = graph is not None and (graph.topic("d").requires, graph.topic("d").one_of) == (
        texts,
        groups,
    )  # read as written: no alias resolved, no group merged
    topics = from_cache(grouped_file, tmp_path / "c", group_value(value))
    assert (topics is not None) == literal, value
    if topics is not None:
        assert graph is not None
        assert [(t.requires, t.one_of) for t in topics] == [
            (t.requires, t.one_of) for t in graph.topics
        ]


# -- many rows at once --------------------------------------------------------------------------

MIXED = """
title: Mixed
topics:
  a:
    title: Álgebra — ∑
    aliases: [alpha, al]
    resources:
      - {title: R1, url: "https://example.org/1", kind: video, hours: 2}
      - {title: R2, optional: true, note: "Chapter 2 ✎"}
  b: {title: B, requires: [alpha], hours: 3}
  c: {title: C, summary: "See A.", requires: [{one-of: [a, b]}]}
  d:
    title: D
    requires: [c, a]
    resources: [{title: R, free: false, hours: 0}, {title: S, id: s}]
  e: {title: E}
"""


@pytest.mark.parametrize("batch", [1, 2, 3, 100])
def test_topics_built_together_are_the_topics_built_one_by_one(
    write_graph: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
) -> None:
    monkeypatch.setattr(cacherows, "BATCH", batch)
    path, directory = write_graph(MIXED), tmp_path / "c"
    cold = cache.load(path, directory=directory).topics
    together, alone, partly = (cache.load(path, directory=directory) for _ in range(3))
    assert together.from_cache and alone.from_cache and partly.from_cache
    assert together.topics == cold
    assert tuple(reversed([alone.topic(t) for t in reversed(list(alone.ids))])) == cold
    first = partly.topic("c")  # one built first, then the rest at once
    assert partly.topics == cold and partly.topics[2] is first


def test_a_damaged_row_in_a_later_batch_is_found(
    graph_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cacherows, "BATCH", 1)
    directory = tmp_path / "c"
    path = cached(graph_file, directory)
    forge(path, rows=topic_value(1, "hours", -1))
    loaded = cache.load(graph_file, directory=directory)
    assert loaded.topic("a").title == "A"  # the first batch is sound
    with pytest.raises(cache.DamagedCacheError):
        _ = loaded.topics
    assert cache_files(directory) == []


@pytest.mark.parametrize(
    ("data", "spans"),
    [
        (b'["a",1]\n["b",2.5]\n', [(0, 8), (8, 18)]),
        (b'["\xc3\xa9"]\n', [(0, 8)]),  # not ASCII
        (b'["a"] \n', [(0, 7)]),  # a space after the value
        (b'["a"]\r\n', [(0, 7)]),
        (b' ["a"]\n', [(0, 7)]),  # a space before it
        (b"[1][2]\n", [(0, 7)]),  # two values
        (b"[1]\n[2]\n", [(0, 8)]),  # two lines in one span
        (b"\n", [(0, 1)]),  # no value
        (b"[1]", [(0, 3)]),  # no line break
        (b"[1]x[2]\n", [(0, 4), (4, 8)]),  # something else where it breaks
        (b"[1] [2]\n", [(0, 4), (4, 8)]),
        (b"[1\n", [(0, 3)]),  # a value cut short
        (b"[1]\n" + b"[0]\n" * 10 + b"[2]\n", [(0, 4), (44, 48)]),  # far apart
        (b"[1]\n[2]\n", [(4, 8), (0, 4)]),  # in another order
        (b"[" * 100_000 + b"\n", [(0, 100_001)]),  # deeper than the decoder goes
        (b'"\x00"\n', [(0, 4)]),  # what json.loads would read as UTF-16
    ],
)
def test_rows_read_together_are_what_json_reads_of_each(
    data: bytes, spans: list[tuple[int, int]]
) -> None:
    found = cacherows._scanned(data, spans)
    if found is not None:  # else each is loaded alone, as json.loads reads it
        assert found == [json.loads(data[start:end]) for start, end in spans]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=2), inner, max_size=2)
                ),
                max_leaves=6,
            ),
            st.booleans(),
            st.sampled_from(["", " ", "\t", "\r", "x", "]", "0"]),
            st.sampled_from(["", " ", "\n", "\ufeff"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_rows_read_together_are_what_json_reads_of_each(
    rows: list[tuple[Any, bool, str, str]],
) -> None:
    data, spans = b"", []
    for value, ascii_only, after, before in rows:
        row = before + json.dumps(value, ensure_ascii=ascii_only) + after + "\n"
        spans.append((len(data), len(data) + len(row.encode())))
        data += row.encode()
    found = cacherows._scanned(data, spans)
    clean = all(after == before == "" for _, _, after, before in rows)
    if clean and data.isascii():
        assert found is not None  # the usual case takes the quick way
    if found is not None:
        assert json.dumps(found) == json.dumps([json.loads(data[s:e]) for s, e in spans])
