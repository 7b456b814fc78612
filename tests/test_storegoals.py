"""Goals in the progress file, with the schedule kept with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from studypath import ProgressError, ProgressStore
from studypath.storegoals import Goal, entry, goals


def test_a_schedule_is_kept_with_the_goals_it_was_set_with(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.change_goals(add=["a"], graph="G")
    store.change_goals(
        add=["a", "b"], graph="G", schedule={"pace": "6h/week", "start": "2027-01-04"}
    )
    store.change_goals(add=["c"], graph="H")
    saved = store.read_all().goals
    settings = (("pace", "6h/week"), ("start", "2027-01-04"))
    assert saved == [Goal("a", "G", settings), Goal("b", "G", settings), Goal("c", "H")]
    written = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert written["goals"][0] == {
        "topic": "a", "graph": "G", "schedule": {"pace": "6h/week", "start": "2027-01-04"}
    }  # fmt: skip
    assert written["goals"][2] == {"topic": "c", "graph": "H"}
    # Setting the same schedule again writes nothing; a new one replaces it; {} clears it.
    before = (tmp_path / "progress.json").stat().st_mtime_ns
    store.change_goals(add=["a"], graph="G", schedule=dict(settings))
    assert (tmp_path / "progress.json").stat().st_mtime_ns == before
    store.change_goals(add=["a"], graph="G", schedule={"pace": "1h/day"})
    store.change_goals(add=["b"], graph="G", schedule={})
    assert store.read_all().goals[:2] == [Goal("a", "G", (("pace", "1h/day"),)), Goal("b", "G")]


@pytest.mark.parametrize(
    ("schedule", "why"),
    [
        ([], "not of pace, deadline, start, default_hours"),
        ({"speed": "fast"}, "not of pace, deadline, start, default_hours"),
        ({"pace": 6}, "whose values are not all text"),
    ],
)
def test_a_hand_edited_schedule_is_a_clear_error(tmp_path: Path, schedule: Any, why: str) -> None:
    path = tmp_path / "progress.json"
    document = {"version": 2, "records": {}, "goals": [{"topic": "a", "schedule": schedule}]}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProgressError, match=f"goal 1 has a `schedule` {why}"):
        ProgressStore(path).read_all()


def test_entries_read_back_as_they_were_written() -> None:
    listed = [Goal("a"), Goal("b", "G"), Goal("c", "G", (("deadline", "2027-06-01"),))]
    assert goals({"goals": [entry(goal) for goal in listed]}) == listed
