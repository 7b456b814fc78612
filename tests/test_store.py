"""The progress store: its API, hand-edited files, links and special files, and races between
real processes."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from studypath import ProgressError, ProgressStore, storedoc
from studypath import store as store_module
from studypath.store import Change

from .conftest import Run
from .test_files_safety import make_device, no_hang

posix_only = pytest.mark.skipif(os.name == "nt", reason="symbolic links, FIFOs and umasks")


def progress_file(home: Path) -> Path:
    return home / "progress.json"


def document(records: dict[str, Any], **fields: Any) -> str:
    """A version 1 document (what studypath wrote before states and notes)."""
    return json.dumps({"version": 1, "records": records, **fields})


def document2(records: dict[str, Any], **fields: Any) -> str:
    return json.dumps({"version": 2, "records": records, **fields})


#: Every command that writes progress, with an item of the bundled graph.
NEW_COMMANDS = [
    ["done", "pca"], ["undo", "pca"], ["know", "pca"], ["know", "pca", "--with-prerequisites"],
    ["skip", "pca"], ["start", "pca"], ["note", "pca", "text"],
]  # fmt: skip


STAMP = "2025-05-05T05:05:05+00:00"


# -- the API ----------------------------------------------------------------------------------


def test_store_api_and_atomic_replace(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    change = store.update(mark=["a", "b", "a"], graph="G")
    assert change.added == ("a", "b")
    assert store.update(mark=["a"]).already == ("a",)
    assert store.update(unmark=["a", "zz"]).missing == ("zz",)
    assert set(store.load()) == {"b"}
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_corrupt_store_raises(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("oops")
    with pytest.raises(ProgressError, match="left untouched"):
        ProgressStore(path).update(mark=["a"])
    assert path.read_text() == "oops"


def test_a_change_that_changes_nothing_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert ProgressStore(home / "p.json").update(unmark=["a"]) == Change(missing=("a",))
    assert not home.exists()


# -- hand-edited files ------------------------------------------------------------------------


def record(done_at: Any = STAMP, **fields: Any) -> dict[str, Any]:
    return {"done_at": done_at, **fields}


BAD_FILES: list[tuple[str, str]] = [
    ("[]", "its top level is a list, not an object"),
    ('"records"', 'its top level is the text "records", not an object'),
    ("null", "its top level is null, not an object"),
    ("1", "its top level is the number 1, not an object"),
    ('{"records": {}}', "it has no `version`"),
    ('{"version": "1", "records": {}}', 'its `version` is the text "1", not a whole number'),
    ('{"version": true, "records": {}}', "its `version` is true, not a whole number"),
    ('{"version": 1.0, "records": {}}', "its `version` is the number 1.0, not a whole number"),
    ('{"version": null, "records": {}}', "its `version` is null, not a whole number"),
    ('{"version": 0, "records": {}}', "its version 0 is unknown"),
    ('{"version": -1, "records": {}}', "its version -1 is unknown"),
    ('{"version": 1}', "it has no `records`, not an object of records"),
    ('{"version": 1, "records": []}', "it has `records` as a list, not an object of records"),
    ('{"version": 1, "records": "false"}', 'it has `records` as the text "false"'),
    (document({"a": "false"}), 'the record for `a` is the text "false", not an object'),
    (document({"a": "true"}), 'the record for `a` is the text "true", not an object'),
    (document({"a": True}), "the record for `a` is true, not an object"),
    (document({"a": 1}), "the record for `a` is the number 1, not an object"),
    (document({"a": None}), "the record for `a` is null, not an object"),
    (document({"a": [STAMP]}), "the record for `a` is a list, not an object"),
    (document({"a": {}}), "the record for `a` has no `done_at`"),
    (document({"a": record(None)}), "has `done_at` as null, not a timestamp in quotes"),
    (document({"a": record(True)}), "has `done_at` as true, not a timestamp in quotes"),
    (document({"a": record(1746421505)}), "`done_at` as the number 1746421505, not a timest"),
    (document({"a": record({"y": 2025})}), "has `done_at` as an object, not a timestamp"),
    ('{"version": 1, "records": {"a": {"done_at": 1e999}}}', "`done_at` as the number inf"),
    (document({"a": record("yesterday")}), 'has `done_at` "yesterday", not a timestamp like'),
    (document({"a": record("")}), 'has `done_at` "", not a timestamp like'),
    (document({"a": record("9999-99-99")}), 'has `done_at` "9999-99-99", not a timestamp'),
    (document({"a": record("0000-01-01")}), 'has `done_at` "0000-01-01", not a timestamp'),
    (document({"a": record("99999-01-01")}), 'has `done_at` "99999-01-01", not a timestamp'),
    (document({"a": record("2025-02-30")}), 'has `done_at` "2025-02-30", not a timestamp'),
    (document({"a": record("1" * 10_000)}), 'has `done_at` "1111111111111111111111111111'),
    (document({"a": record("0001-01-01T00:00:00")}), "out of the range of dates studypath"),
    (document({"a": record("0001-01-01T03:00:00+05:00")}), "out of the range of dates"),
    (document({"a": record("9999-12-31T23:59:59")}), "out of the range of dates studypath"),
    (document({"a": record("9999-12-31T20:00:00-05:00")}), "out of the range of dates"),
    (document({"a": record(graph=1)}), "the record for `a` has `graph` as the number 1, not"),
    (document({"a": record(graph=False)}), "the record for `a` has `graph` as false, not text"),
    (document({"a": record(graph=["G"])}), "the record for `a` has `graph` as a list, not text"),
    ("[" * 100_000 + "]" * 100_000, "it is nested too deeply"),
    (
        '{"version": 1, "records": {"a": {"done_at": "' + STAMP + '", "x": ' + "[" * 100_000,
        "it is nested too deeply",
    ),
    ('{"version": 1, "records": {}, "n": ' + "1" * 5000 + "}", "it is not valid JSON (Exceeds"),
    ('{"version": 1, "records": {}, "records": {}}', "the key `records` appears twice"),
    (
        '{"version": 1, "records": {"a": {"done_at": "'
        + STAMP
        + '"}, "a": {"done_at": "'
        + STAMP
        + '"}}}',
        "the key `a` appears twice in one object",
    ),
    ("{not json", "it is not valid JSON (Expecting property name"),
    ("", "it is not valid JSON (Expecting value"),
    (document({"\x1b[31mred": True}), "the record for `\\x1b[31mred` is true"),
]


@pytest.mark.parametrize(("content", "why"), BAD_FILES)
def test_a_hand_edited_file_is_a_clear_error_and_left_as_it_is(
    tmp_path: Path, content: str, why: str
) -> None:
    path = tmp_path / "progress.json"
    path.write_text(content, encoding="utf-8")
    store = ProgressStore(path)
    for attempt in (store.load, lambda: store.update(mark=["b"]), lambda: store.update(["a"])):
        with pytest.raises(ProgressError) as info:
            attempt()
        message = str(info.value)
        assert message.startswith(f"the progress file {path} cannot be used: ")
        assert why in message, message
        assert message.endswith(
            ". It has been left untouched; fix it by hand, or move it aside to start afresh."
        )
        assert len(message) < 400
    assert path.read_text(encoding="utf-8") == content


def record2(state: Any = "done", at: Any = STAMP, **fields: Any) -> dict[str, Any]:
    return {"state": state, "at": at, **fields}


def note(text: Any = "mine", at: Any = STAMP) -> dict[str, Any]:
    return {"at": at, "text": text}


BAD_FILES_V2: list[tuple[str, str]] = [
    (document2({"a": "done"}), 'the record for `a` is the text "done", not an object with `state`'),
    (document2({"a": {"at": STAMP}}), "the record for `a` has no `state`"),
    (document2({"a": record2("finished")}), 'has `state` "finished", not one of done, known, s'),
    (document2({"a": record2("Done")}), 'the record for `a` has `state` "Done", not one of'),
    (document2({"a": record2(None)}), "the record for `a` has `state` null, not one of"),
    (document2({"a": record2(["done"])}), "the record for `a` has `state` a list, not one of"),
    (document2({"a": {"state": "known"}}), "the record for `a` has no `at`"),
    (document2({"a": {"state": "known", "done_at": STAMP}}), "the record for `a` has no `at`"),
    (document2({"a": record2(at=5)}), "has `at` as the number 5, not a timestamp in quotes"),
    (document2({"a": record2(at="soon")}), 'has `at` "soon", not a timestamp like'),
    (document2({"a": record2(at="0001-01-01T00:00:00")}), "out of the range of dates"),
    (document2({"a": record2(graph=2)}), "the record for `a` has `graph` as the number 2"),
    (document2({}, notes=[]), "it has `notes` as a list, not an object of notes by item"),
    (document2({}, notes="x"), 'it has `notes` as the text "x", not an object of notes'),
    (document2({}, notes={"a": "text"}), 'the notes on `a` are the text "text", not a list'),
    (document2({}, notes={"a": {"at": STAMP}}), "the notes on `a` are an object, not a list"),
    (document2({}, notes={"a": [note(), "x"]}), 'note 2 on `a` is the text "x", not an object'),
    (document2({}, notes={"a": [{"at": STAMP}]}), "note 1 on `a` has no `text`, not text"),
    (document2({}, notes={"a": [note(None)]}), "note 1 on `a` has `text` as null, not text"),
    (document2({}, notes={"a": [note(at=None)]}), "note 1 on `a` has `at` as null, not a time"),
    (document2({}, notes={"a": [{"text": "t"}]}), "note 1 on `a` has no `at`"),
    (document2({}, notes={"a": [note(at="1.1.2025")]}), 'note 1 on `a` has `at` "1.1.2025"'),
    (document2({}, notes={"\x1b[2J": [1]}), "note 1 on `\\x1b[2J` is the number 1"),
    (json.dumps({"version": 2}), "it has no `records`, not an object of records"),
]


@pytest.mark.parametrize(("content", "why"), BAD_FILES_V2)
def test_a_hand_edited_version_2_file_is_a_clear_error_and_left_as_it_is(
    tmp_path: Path, content: str, why: str
) -> None:
    test_a_hand_edited_file_is_a_clear_error_and_left_as_it_is(tmp_path, content, why)
    store = ProgressStore(tmp_path / "progress.json")
    for attempt in (store.notes, lambda: store.add_note("a", "x"), lambda: store.update(["a"])):
        with pytest.raises(ProgressError, match="left untouched"):
            attempt()
    assert (tmp_path / "progress.json").read_text(encoding="utf-8") == content


def test_a_version_1_file_loads_unchanged_and_is_migrated_on_the_next_write(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.json"
    old = document(
        {"a": record(graph="G"), "b/r": record("2025-05-05T05:05:05", extra=[1])},
        goals=[{"topic": "a", "graph": "G"}],
        mine={"kept": True},
    )
    path.write_text(old, encoding="utf-8")
    store = ProgressStore(path)
    loaded = store.load()
    assert loaded["a"] == storedoc.Record("a", datetime(2025, 5, 5, 5, 5, 5, tzinfo=UTC), "G")
    assert {r.state for r in loaded.values()} == {"done"}
    assert store.notes() == {}
    assert store.update(["a"]) == Change(already=("a",))
    assert path.read_text(encoding="utf-8") == old  # nothing to change: not even migrated
    store.update(["c"], state="skipped", graph="G")
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["version"] == 2
    assert written["records"] == {
        "a": {"state": "done", "at": STAMP, "graph": "G"},
        "b/r": {"state": "done", "at": "2025-05-05T05:05:05", "extra": [1]},
        "c": {"state": "skipped", "at": written["records"]["c"]["at"], "graph": "G"},
    }
    assert written["goals"] == [{"topic": "a", "graph": "G"}]
    assert written["mine"] == {"kept": True}
    # A version 1 file that cannot be read is named in the words of version 1.
    path.write_text(document({"a": {}}), encoding="utf-8")
    with pytest.raises(ProgressError) as info:
        store.load()
    assert str(info.value) == (
        f"the progress file {path} cannot be used: the record for `a` has no `done_at`. It has "
        "been left untouched; fix it by hand, or move it aside to start afresh."
    )


def test_states_replace_each_other_and_the_change_says_what_was_there(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.update(["a", "b"], state="started", graph="G")
    change = store.apply({"a": "known", "b": "started", "c": "skipped"}, unmark=["zz"])
    assert (change.added, change.already, change.changed, change.missing) == (
        ("c",), ("b",), (("a", "started"),), ("zz",)
    )  # fmt: skip
    assert change.before == {"a": "started", "b": "started"}
    assert change.after == {"a": "known", "b": "started", "c": "skipped"}
    assert {i: r.state for i, r in store.load().items()} == change.after
    records, goals = store.read()
    assert (records, goals) == (store.load(), [])
    assert store.read_all().records == records
    assert store.load()["a"].graph == "G"  # kept when a change names no graph
    undone = store.update(unmark=["a", "c"])
    assert undone.removed == ("a", "c") and undone.after == {"b": "started"}
    with pytest.raises(ValueError, match="states are done, known, skipped, started"):
        store.update(["a"], state="finished")


def test_notes_are_added_and_replaced_only_when_unchanged_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")
    path = tmp_path / "p.json"
    store = ProgressStore(path)
    first = store.add_note("a", "one")
    second = store.add_note("a", "two\nlines")
    assert first == storedoc.Note(datetime(2026, 11, 24, tzinfo=UTC), "one")
    assert store.notes() == {"a": (first, second)}
    assert store.load() == {}  # a note is no record
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["notes"] == {
        "a": [
            {"at": "2026-11-24T00:00:00+00:00", "text": "one"},
            {"at": "2026-11-24T00:00:00+00:00", "text": "two\nlines"},
        ]
    }
    assert not store.replace_notes("a", [], expected=[first])  # changed since: refused
    assert store.notes() == {"a": (first, second)}
    assert store.replace_notes("a", [second], expected=[first, second])
    assert store.notes() == {"a": (second,)}
    assert store.replace_notes("a", [], expected=[second])
    assert "notes" not in json.loads(path.read_text(encoding="utf-8"))


def test_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(b'{"version": 1, "records": {"\xff": {}}}')
    with pytest.raises(ProgressError, match=r"it is not UTF-8 text \(byte 28\)"):
        ProgressStore(path).load()


def test_hand_edited_files_never_give_a_traceback_on_the_command_line(
    run: Run, isolated_state: Path
) -> None:
    isolated_state.mkdir(parents=True)
    for content, _ in BAD_FILES[::4] + BAD_FILES_V2[::3]:
        progress_file(isolated_state).write_text(content, encoding="utf-8")
        for command in [*NEW_COMMANDS, ["status"], ["plan", "-g", "pca"], ["note", "pca"],
                        ["show", "pca"]]:  # fmt: skip
            result = run(*command)
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert "Traceback" not in result.output
            assert str(progress_file(isolated_state)) in result.stderr
        assert progress_file(isolated_state).read_text(encoding="utf-8") == content


def test_a_file_from_a_newer_studypath_is_refused_and_never_rewritten(
    run: Run, isolated_state: Path
) -> None:
    isolated_state.mkdir(parents=True)
    content = json.dumps({"version": 3, "items": {"pca": {"when": "today"}}})
    progress_file(isolated_state).write_text(content, encoding="utf-8")
    for command in NEW_COMMANDS:
        result = run(*command)
        assert result.exit_code == 1, command
        assert "written by a newer studypath" in result.stderr
    result = run("done", "linear-algebra")
    assert result.stderr == (
        f"error: the progress file {progress_file(isolated_state)} was written by a newer "
        "studypath (format version 3; this one reads version 2 and older). It has been left "
        "untouched; upgrade studypath to use it.\n"
    )
    plan = run("plan", "-g", "pca")
    assert plan.exit_code == 0
    assert "written by a newer studypath" in plan.stderr
    assert progress_file(isolated_state).read_text(encoding="utf-8") == content


def test_a_timestamp_without_a_zone_is_read_as_utc(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    records = {"a": record("2025-05-05T05:05:05"), "b": record("2025-05-05"), "c": record()}
    path.write_text(document(records), encoding="utf-8")
    loaded = ProgressStore(path).load()
    assert loaded["a"].done_at == datetime(2025, 5, 5, 5, 5, 5, tzinfo=UTC)
    assert loaded["b"].done_at == datetime(2025, 5, 5, tzinfo=UTC)
    assert all(r.done_at.tzinfo is not None for r in loaded.values())


def test_timestamps_with_a_zone_are_kept_and_compared_by_the_instant(
    tmp_path: Path, run: Run, isolated_state: Path
) -> None:
    isolated_state.mkdir(parents=True)
    path = progress_file(isolated_state)
    records = {
        "pca": record("2025-05-05T12:00:00+09:00"),  # 03:00 UTC: the earliest, latest clock
        "linear-algebra": record("2025-05-05T04:00:00"),  # no zone: 04:00 UTC, the latest
        "python-numpy": record("2025-05-05T01:30:00-02:00"),  # 03:30 UTC
    }
    path.write_text(document(records), encoding="utf-8")
    loaded = ProgressStore(path).load()
    assert loaded["pca"].done_at.utcoffset() == timedelta(hours=9)
    latest = max(loaded.values(), key=lambda r: r.done_at)
    assert latest.item == "linear-algebra"
    assert sorted(loaded, key=lambda i: loaded[i].done_at) == [
        "pca", "python-numpy", "linear-algebra"
    ]  # fmt: skip
    status = run("status")  # compares naive and aware timestamps: no TypeError
    assert status.exit_code == 0, status.output
    assert "Last progress recorded: 2025-05-05" in status.stdout
    run("done", "decision-trees")
    kept = json.loads(path.read_text(encoding="utf-8"))["records"]
    # Written back as they were, in the records of version 2.
    assert {item: kept[item]["at"] for item in records} == {
        item: r["done_at"] for item, r in records.items()
    }


def test_the_widest_timestamps_accepted_can_be_shown_in_any_zone(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    early, late = "0001-01-02T00:00:00+00:00", "9999-12-30T23:59:59+00:00"
    path.write_text(document({"a": record(early), "b": record(late)}), encoding="utf-8")
    loaded = ProgressStore(path).load()
    for zone in (timezone(timedelta(hours=23, minutes=59)), timezone(-timedelta(hours=23))):
        for r in loaded.values():
            r.done_at.astimezone(zone)


def test_a_later_format_version_is_added_through_a_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How format version 3 would be added: a migration from 2, registered in MIGRATIONS."""

    def from_2(old: dict[str, Any]) -> dict[str, Any]:
        if "records" not in old:
            raise ValueError("no records")
        return {**old, "records": {i.upper(): r for i, r in old["records"].items()}}

    monkeypatch.setattr(storedoc, "FORMAT_VERSION", 3)
    monkeypatch.setitem(storedoc.MIGRATIONS, 2, from_2)
    path = tmp_path / "progress.json"
    path.write_text(document({"a": record()}), encoding="utf-8")  # version 1: 1 → 2 → 3
    store = ProgressStore(path)
    assert set(store.load()) == {"A"}
    store.update(mark=["b"])
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["version"] == 3
    assert set(written["records"]) == {"A", "b"}
    path.write_text('{"version": 2}', encoding="utf-8")
    with pytest.raises(ProgressError, match=r"cannot be read as version 2 \(no records\)"):
        store.load()
    path.write_text('{"version": 4, "records": {}}', encoding="utf-8")
    with pytest.raises(ProgressError, match="format version 4; this one reads version 3"):
        store.load()


def test_unknown_fields_and_orphans_survive_a_write(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    original = {"done_at": STAMP, "graph": "Old", "extra": [1, {"deep": [None]}]}
    path.write_text(document({"gone/thing": original}, note="mine"), encoding="utf-8")
    ProgressStore(path).update(mark=["new"], graph="G")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["records"]["gone/thing"] == {
        "state": "done", "at": STAMP, "graph": "Old", "extra": [1, {"deep": [None]}]
    }  # fmt: skip
    assert data["note"] == "mine"


# -- links and special files ------------------------------------------------------------------


@posix_only
def test_a_symlinked_progress_file_stays_a_link(run: Run, tmp_path: Path) -> None:
    home, notes = tmp_path / "home", tmp_path / "dotfiles"
    home.mkdir()
    notes.mkdir()
    (notes / "progress.json").write_text(document({}), encoding="utf-8")
    link = home / "progress.json"
    link.symlink_to(Path("..") / "dotfiles" / "progress.json")
    env = {"STUDYPATH_HOME": str(home)}
    assert run("done", "pca", env=env).exit_code == 0
    assert run("undo", "pca", env=env).exit_code == 0
    assert run("done", "la", env=env).exit_code == 0
    assert link.is_symlink()
    assert link.readlink() == Path("..") / "dotfiles" / "progress.json"
    records = json.loads((notes / "progress.json").read_text(encoding="utf-8"))["records"]
    assert set(records) == {"linear-algebra"}
    assert sorted(p.name for p in home.iterdir()) == ["progress.json"]  # the lock is not here
    assert sorted(p.name for p in notes.iterdir()) == ["progress.json", "progress.json.lock"]


@posix_only
def test_a_chain_of_links_and_a_dangling_one(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    real = tmp_path / "b" / "progress.json"
    middle = tmp_path / "a" / "progress.json"
    middle.symlink_to(real)  # dangling until the first write
    first = tmp_path / "progress.json"
    first.symlink_to(Path("a") / "progress.json")
    store = ProgressStore(first)
    assert store.load() == {}
    store.update(mark=["x"])
    store.update(mark=["y"])
    assert first.is_symlink() and middle.is_symlink()
    assert set(json.loads(real.read_text(encoding="utf-8"))["records"]) == {"x", "y"}
    assert set(store.load()) == {"x", "y"}


@posix_only
def test_a_dangling_link_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    link = tmp_path / "progress.json"
    link.symlink_to(tmp_path / "unmounted" / "progress.json")
    store = ProgressStore(link)
    for attempt in (store.load, lambda: store.update(mark=["a"])):
        with pytest.raises(ProgressError) as info:
            attempt()
        assert str(info.value) == (
            f"cannot use {link}: it is a symbolic link to "
            f"{tmp_path.resolve() / 'unmounted' / 'progress.json'}, "
            "in a directory that does not exist"
        )
    assert not (tmp_path / "unmounted").exists()


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_directory(path: Path) -> None:
    path.mkdir()


def make_link_to_fifo(path: Path) -> None:
    os.mkfifo(path.with_name("fifo"))
    path.symlink_to("fifo")


@posix_only
@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (make_fifo, "a named pipe (FIFO)"),
        (make_directory, "a directory"),
        (make_link_to_fifo, "a named pipe (FIFO)"),
        (make_device, "a device"),
    ],
)
def test_a_progress_file_that_is_not_a_regular_file_is_refused_at_once(
    run: Run, isolated_state: Path, make: Callable[[Path], None], kind: str
) -> None:
    isolated_state.mkdir(parents=True)
    path = progress_file(isolated_state)
    make(path)
    expected = f"cannot use {path}: it is {kind}, not a regular file"
    with no_hang():
        for command in (["done", "pca"], ["undo", "pca"]):
            result = run(*command)
            assert result.exit_code == 1
            assert result.stderr == f"error: {expected}\n"
        for command in (["plan", "-g", "pca"], ["status"], ["next"]):
            result = run(*command)
            assert result.exit_code == 0
            assert expected in result.stderr
        with pytest.raises(ProgressError, match=expected.replace("(", r"\(").replace(")", r"\)")):
            ProgressStore(path).load()
    assert stat.S_IFMT(path.lstat().st_mode) != stat.S_IFREG


@posix_only
def test_a_read_only_directory_behind_the_link_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    link = tmp_path / "progress.json"
    link.symlink_to(notes / "progress.json")

    def refused(path: Path, content: str | bytes) -> None:  # as root, chmod would not refuse
        raise PermissionError(13, "Permission denied", str(notes / ".progress.json.1.tmp"))

    monkeypatch.setattr(store_module, "write_atomically", refused)
    with pytest.raises(ProgressError) as info:
        ProgressStore(link).update(mark=["a"])
    assert str(info.value).startswith(f"cannot write progress in {notes}: Permission denied.")


@posix_only
def test_the_progress_file_keeps_its_mode(run: Run, isolated_state: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run("done", "pca").exit_code == 0
        assert stat.S_IMODE(progress_file(isolated_state).stat().st_mode) == 0o644
        progress_file(isolated_state).chmod(0o600)
        assert run("done", "la").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(progress_file(isolated_state).stat().st_mode) == 0o600


# -- races ------------------------------------------------------------------------------------


def interfere(monkeypatch: pytest.MonkeyPatch, meddle: Callable[[Path], None]) -> None:
    """Run ``meddle`` (another program) between the unlocked read and the locked re-read."""
    original = ProgressStore._locked

    @contextlib.contextmanager
    def locked(self: ProgressStore) -> Iterator[Path]:
        meddle(self.path)
        with original(self) as target:
            yield target

    monkeypatch.setattr(ProgressStore, "_locked", locked)


def delete(path: Path) -> None:
    path.unlink()


def garble(path: Path) -> None:
    path.write_text("{garbage", encoding="utf-8")


def make_newer(path: Path) -> None:
    path.write_text('{"version": 7}', encoding="utf-8")


def replace_with_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def replace_with_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def undo_a_elsewhere(path: Path) -> None:
    path.write_text(document({"b": record(), "c": record()}), encoding="utf-8")


def add_c_elsewhere(path: Path) -> None:
    path.write_text(document({"a": record(), "b": record(), "c": record()}), encoding="utf-8")


@posix_only
@pytest.mark.parametrize(
    ("meddle", "outcome", "left"),
    [
        (delete, Change(missing=("a",)), None),
        (undo_a_elsewhere, Change(missing=("a",)), {"b", "c"}),
        (add_c_elsewhere, Change(removed=("a",)), {"b", "c"}),
        (garble, "it is not valid JSON", None),
        (make_newer, "written by a newer studypath", None),
        (replace_with_fifo, "it is a named pipe (FIFO)", None),
        (replace_with_directory, "it is a directory", None),
    ],
)
def test_a_file_changed_between_the_two_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    meddle: Callable[[Path], None],
    outcome: Change | str,
    left: set[str] | None,
) -> None:
    path = tmp_path / "progress.json"
    path.write_text(document({"a": record(), "b": record()}), encoding="utf-8")
    interfere(monkeypatch, meddle)
    with no_hang():
        if isinstance(outcome, Change):
            assert ProgressStore(path).update(unmark=["a"]) == outcome
        else:
            with pytest.raises(
                ProgressError, match=outcome.replace("(", r"\(").replace(")", r"\)")
            ):
                ProgressStore(path).update(unmark=["a"])
    if left is None:
        assert not path.is_file() or "records" not in path.read_text(encoding="utf-8")
    else:
        assert set(json.loads(path.read_text(encoding="utf-8"))["records"]) == left


def undo_processes(home: Path, graph: Path, args: list[list[str]]) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "STUDYPATH_HOME": str(home), "STUDYPATH_CACHE": str(home / "cache")}
    return [
        subprocess.Popen(
            [sys.executable, "-m", "studypath", "undo", *items, "--graph", str(graph)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for items in args
    ]


MANY = "\n".join(["title: Many", "topics:"] + [f"  t{i}: {{title: Topic {i}}}" for i in range(8)])


def test_concurrent_undo_of_the_same_records_stays_consistent(
    isolated_state: Path, write_graph: Callable[..., Path]
) -> None:
    graph = write_graph(MANY + "\n")
    isolated_state.mkdir(parents=True)
    records = {f"t{i}": record() for i in range(8)}
    records |= {"gone/orphan": record(graph="Many"), "t7": record(), "keep": record()}
    progress_file(isolated_state).write_text(document(records), encoding="utf-8")
    # Each undoes the orphan, t7 (shared by all) and a record of its own.
    args = [["gone/orphan", "t7", f"t{i}"] for i in range(7)]
    procs = undo_processes(isolated_state, graph, args)
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode in (0, 1), err
        assert "Traceback" not in out + err
        if proc.returncode == 1:  # it looked after another had taken the orphan away
            assert err.startswith("error: unknown item `gone/orphan`"), err
    left = set(json.loads(progress_file(isolated_state).read_text(encoding="utf-8"))["records"])
    undone = {f"t{i}" for i, p in enumerate(procs) if p.returncode == 0}
    assert undone, "at least the first undo succeeds"
    assert left == {f"t{i}" for i in range(7)} - undone | {"keep"}


VANDAL = """
import os, sys, time
from pathlib import Path
path = Path(sys.argv[1])
good = path.read_bytes()
end = time.monotonic() + float(sys.argv[2])
contents = [b"{garbage", b"[" * 100000, b'{"version": 9, "records": {}}', None, good]
i = 0
while time.monotonic() < end:
    content = contents[i % len(contents)]
    i += 1
    try:
        if content is None:
            path.unlink()
        else:
            temporary = path.with_name("vandal.tmp")
            temporary.write_bytes(content)
            temporary.replace(path)
    except OSError:
        pass
    time.sleep(0.002)
"""


def test_undo_while_another_program_rewrites_the_file_never_gives_a_traceback(
    isolated_state: Path, write_graph: Callable[..., Path]
) -> None:
    graph = write_graph(MANY + "\n")
    isolated_state.mkdir(parents=True)
    records = {f"t{i}": record() for i in range(8)} | {"gone/orphan": record()}
    progress_file(isolated_state).write_text(document(records), encoding="utf-8")
    vandal = subprocess.Popen(
        [sys.executable, "-c", VANDAL, str(progress_file(isolated_state)), "1.5"]
    )
    time.sleep(0.1)
    try:
        for _ in range(2):
            procs = undo_processes(isolated_state, graph, [["t1", "gone/orphan"]] * 4 + [["t2"]])
            for proc in procs:
                out, err = proc.communicate(timeout=120)
                assert proc.returncode in (0, 1), err
                assert "Traceback" not in out + err
                if proc.returncode == 1:
                    assert err.startswith("error: ") and err.count("\n") <= 3, err
    finally:
        vandal.wait(timeout=60)


DONE_ONE = """
import sys
from studypath.entry import main
sys.argv = ["studypath", sys.argv[3], sys.argv[1], "--graph", sys.argv[2]]
main()
"""

#: What each command records.
RECORDED = {"done": "done", "know": "known", "skip": "skipped", "start": "started"}


@pytest.mark.parametrize(
    "commands", [["done"], ["know"], ["skip"], ["know", "skip", "done", "start"]]
)
def test_twenty_processes_at_once_record_all_twenty(
    tmp_path: Path, isolated_state: Path, write_graph: Callable[..., Path], commands: list[str]
) -> None:
    lines = ["title: Many", "topics:"] + [f"  t{i}: {{title: Topic {i}}}" for i in range(20)]
    graph = write_graph("\n".join(lines) + "\n")
    env = {**os.environ, "STUDYPATH_HOME": str(isolated_state)}
    # A file of the format before states: the first write migrates it, under the lock.
    isolated_state.mkdir(parents=True)
    progress_file(isolated_state).write_text(document({"old": record()}), encoding="utf-8")
    command = {i: commands[i % len(commands)] for i in range(20)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", DONE_ONE, f"t{i}", str(graph), command[i]],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(20)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    failed = [err.decode() for p, (_, err) in zip(procs, results, strict=True) if p.returncode]
    assert failed == []
    written = json.loads(progress_file(isolated_state).read_text(encoding="utf-8"))
    assert written["version"] == 2
    assert {i: r["state"] for i, r in written["records"].items()} == {
        "old": "done",
        **{f"t{i}": RECORDED[command[i]] for i in range(20)},
    }


KILLED_WRITER = """
import os, sys
from pathlib import Path
import studypath.store as store

def dying_replace(self, target):
    os._exit(9)  # killed between writing the temporary file and moving it into place

Path.replace = dying_replace
store.ProgressStore(Path(sys.argv[1])).update(mark=["new"])
"""


def test_a_killed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    ProgressStore(path).update(mark=["old"])
    before = path.read_bytes()
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path)], check=False)
    assert proc.returncode == 9
    assert path.read_bytes() == before
    assert set(ProgressStore(path).load()) == {"old"}
