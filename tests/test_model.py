"""The graph as plain, immutable data: lookups, lazily built topics and stages, estimates."""

from __future__ import annotations

import dataclasses

import pytest

from studypath.model import Graph, Resource, Topic, topic_of
from studypath.planner import CycleError


def res(
    topic_id: str, resource_id: str, hours: float | None = None, optional: bool = False
) -> Resource:
    return Resource(
        topic_id=topic_id,
        id=resource_id,
        title=f"{resource_id} for {topic_id}",
        hours=hours,
        optional=optional,
    )


TOPICS = (
    Topic(
        id="linear-algebra",
        title="Linear Algebra",
        aliases=("la", "linalg"),
        resources=(
            res("linear-algebra", "course", 10.0),
            res("linear-algebra", "book", 30.0, True),
        ),
    ),
    Topic(id="calculus", title="Calculus", aliases=("calc",), requires=("linear-algebra",)),
    Topic(
        id="pca",
        title="PCA",
        requires=("linear-algebra", "calculus"),
        hours=4.0,
        resources=(res("pca", "course"), res("pca", "video", 1.5)),
    ),
    Topic(id="probability", title="Probability"),
)
STAGES = {"linear-algebra": 1, "calculus": 2, "pca": 3, "probability": 1}


def graph() -> Graph:
    return Graph("Maths", TOPICS, source="maths.yaml")


# -- lookups ----------------------------------------------------------------------------------


def test_topics_keep_file_order() -> None:
    g = graph()
    assert len(g) == 4
    assert list(g.ids) == ["linear-algebra", "calculus", "pca", "probability"]
    assert g.topics == TOPICS
    assert [g.position(t.id) for t in TOPICS] == [0, 1, 2, 3]
    assert repr(g) == "Graph('Maths', 4 topics, source='maths.yaml')"


def test_topic_and_contains() -> None:
    g = graph()
    assert g.topic("pca") is TOPICS[2]
    assert "pca" in g
    assert "la" not in g  # an alias is not a topic id
    assert 3 not in g
    with pytest.raises(KeyError):
        g.topic("la")
    with pytest.raises(KeyError):
        g.position("nope")


def test_canonical_names_ids_and_aliases() -> None:
    g = graph()
    assert g.canonical("pca") == "pca"
    assert g.canonical("la") == "linear-algebra"
    assert g.canonical("linalg") == "linear-algebra"
    assert g.canonical("calc") == "calculus"
    assert g.canonical("LA") is None  # exactly as written: resolve.py folds case
    assert g.canonical("Linear Algebra") is None
    assert g.canonical("") is None


def test_an_id_wins_over_an_alias_of_the_same_name() -> None:
    # The validator refuses such a graph; one built in memory still resolves ids first.
    g = Graph("x", (Topic(id="a", title="A", aliases=("b",)), Topic(id="b", title="B")))
    assert g.canonical("b") == "b"
    assert g.aliases == {"b": "a"}


def test_aliases_is_a_copy() -> None:
    g = graph()
    aliases = g.aliases
    assert aliases == {"la": "linear-algebra", "linalg": "linear-algebra", "calc": "calculus"}
    aliases["x"] = "pca"
    assert "x" not in g.aliases
    assert g.canonical("x") is None


def test_resource_by_full_id() -> None:
    g = graph()
    assert g.resource("pca/video") is TOPICS[2].resources[1]
    assert g.resource("linear-algebra/book") is TOPICS[0].resources[1]
    assert g.resource("pca/book") is None  # no such resource in that topic
    assert g.resource("la/course") is None  # an alias does not name a resource's topic
    assert g.resource("nope/course") is None
    assert g.resource("pca") is None
    assert g.resource("pca/") is None


def test_item_is_a_topic_or_a_resource() -> None:
    g = graph()
    assert g.item("pca") is TOPICS[2]
    assert g.item("pca/course") is TOPICS[2].resources[0]
    assert g.item("la") is None  # records are kept under ids, never aliases
    assert g.item("course") is None
    assert g.item("nope/course") is None
    assert g.item("") is None


@pytest.mark.parametrize(
    ("item", "topic"),
    [("pca", "pca"), ("pca/coursera", "pca"), ("a/b/c", "a"), ("", ""), ("/x", "")],
)
def test_topic_of(item: str, topic: str) -> None:
    assert topic_of(item) == topic


def test_resource_count_and_full_id() -> None:
    g = graph()
    assert g.resource_count == 4
    assert Graph("empty", ()).resource_count == 0
    assert TOPICS[2].resources[1].full_id == "pca/video"


def test_meta_holds_the_graphs_other_fields_as_a_copy() -> None:
    assert graph().meta == {}
    given = {"summary": "What to learn first"}
    g = Graph("Maths", TOPICS, meta=given)
    given["summary"] = "changed"
    assert g.meta == {"summary": "What to learn first"}


def test_graph_in_memory_is_not_from_cache() -> None:
    assert not graph().from_cache


# -- stages -----------------------------------------------------------------------------------


def test_stages_are_laid_out_on_first_use_for_a_graph_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import studypath.planner

    calls: list[Graph] = []
    layout = studypath.planner.layout

    def counting(g: Graph) -> dict[str, int]:
        calls.append(g)
        return layout(g)

    monkeypatch.setattr(studypath.planner, "layout", counting)
    g = graph()
    assert calls == []  # nothing laid out by building the graph
    assert dict(g.stages) == STAGES
    assert dict(g.stages) == STAGES
    assert calls == [g]  # once


def test_stages_given_are_kept_and_copied() -> None:
    given = {"linear-algebra": 7, "calculus": 8, "pca": 9, "probability": 7}
    g = Graph("Maths", TOPICS, stages=given)
    given["pca"] = 0
    assert g.stages["pca"] == 9


def test_stages_of_a_cycle_raise_when_asked_for() -> None:
    a = Topic(id="a", title="A", requires=("b",))
    b = Topic(id="b", title="B", requires=("a",))
    g = Graph("cycle", (a, b))  # building it is fine
    with pytest.raises(CycleError):
        g.stages  # noqa: B018


# -- a graph built from an index --------------------------------------------------------------


class Loader:
    """Builds topic ``i`` of TOPICS, counting the calls."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, position: int) -> Topic:
        self.calls.append(position)
        return TOPICS[position]


def indexed() -> tuple[Graph, Loader]:
    loader = Loader()
    g = Graph.from_index(
        "Maths",
        [t.id for t in TOPICS],
        {"la": "linear-algebra", "linalg": "linear-algebra", "calc": "calculus"},
        STAGES,
        loader,
        source="maths.yaml",
        meta={"summary": "Maths for ML"},
    )
    return g, loader


def test_from_index_builds_no_topic_up_front() -> None:
    g, loader = indexed()
    assert g.from_cache
    assert len(g) == 4
    assert list(g.ids) == ["linear-algebra", "calculus", "pca", "probability"]
    assert "pca" in g
    assert g.position("pca") == 2
    assert g.canonical("la") == "linear-algebra"
    assert g.aliases["calc"] == "calculus"
    assert dict(g.stages) == STAGES
    assert g.item("nope") is None
    assert g.resource("nope/x") is None
    assert g.meta == {"summary": "Maths for ML"}
    assert repr(g) == "Graph('Maths', 4 topics, source='maths.yaml')"
    assert loader.calls == []


def test_from_index_builds_each_topic_once_when_first_needed() -> None:
    g, loader = indexed()
    assert g.topic("pca") is TOPICS[2]
    assert loader.calls == [2]
    assert g.topic("pca") is TOPICS[2]
    assert g.item("pca/video") is TOPICS[2].resources[1]
    assert g.resource("pca/course") is TOPICS[2].resources[0]
    assert loader.calls == [2]
    assert g.item("calculus") is TOPICS[1]
    assert loader.calls == [2, 1]
    assert g.topics == TOPICS
    assert loader.calls == [2, 1, 0, 3]  # the rest, in file order
    assert g.resource_count == 4
    assert loader.calls == [2, 1, 0, 3]


def test_every_topic_at_once_builds_only_those_not_built_yet() -> None:
    loader = Loader()
    batches: list[list[int]] = []

    def build_many(positions: list[int]) -> list[Topic]:
        batches.append(positions)
        return [TOPICS[i] for i in positions]

    ids = [t.id for t in TOPICS]
    g = Graph.from_index("Maths", ids, {}, STAGES, loader, build_many=build_many)
    assert g.topic("calculus") is TOPICS[1]
    assert (loader.calls, batches) == ([1], [])
    assert g.topics == TOPICS
    assert batches == [[0, 2, 3]]  # the others, in file order, at once
    assert g.topics == TOPICS and g.topic("pca") is TOPICS[2]
    assert (loader.calls, batches) == ([1], [[0, 2, 3]])  # never again


def test_topics_of_builds_those_not_built_yet_together() -> None:
    loader = Loader()
    batches: list[list[int]] = []

    def build_many(positions: list[int]) -> list[Topic]:
        batches.append(positions)
        return [TOPICS[i] for i in positions]

    ids = [t.id for t in TOPICS]
    g = Graph.from_index("Maths", ids, {}, STAGES, loader, build_many=build_many)
    assert g.topic("calculus") is TOPICS[1]
    assert g.topics_of(["pca", "calculus", "linear-algebra", "pca"]) == [
        TOPICS[2], TOPICS[1], TOPICS[0], TOPICS[2],
    ]  # fmt: skip
    assert batches == [[0, 2]]  # the two not built yet, in file order, once
    assert g.topics == TOPICS and batches == [[0, 2], [3]] and loader.calls == [1]
    with pytest.raises(KeyError):
        g.topics_of(["nope"])


def test_from_index_uses_the_stages_it_was_given(monkeypatch: pytest.MonkeyPatch) -> None:
    import studypath.planner

    def refuse(g: Graph) -> dict[str, int]:
        raise AssertionError("a cached graph's stages are never laid out again")

    monkeypatch.setattr(studypath.planner, "layout", refuse)
    g, loader = indexed()
    assert g.stages["pca"] == 3
    assert loader.calls == []


# -- topics and resources ---------------------------------------------------------------------


def test_required_resources_leave_out_optional_ones() -> None:
    la = TOPICS[0]
    assert [r.id for r in la.required_resources] == ["course"]
    assert TOPICS[1].required_resources == ()
    only_optional = Topic(id="x", title="X", resources=(res("x", "a", 2.0, True),))
    assert only_optional.required_resources == ()


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        # The required resources' estimates, when any states one (the optional book is left out).
        (TOPICS[0], 10.0),
        # No resource: the topic's own estimate, or none.
        (TOPICS[1], None),
        (Topic(id="x", title="X", hours=6.0), 6.0),
        # Some required resources state hours: their sum, not the topic's own estimate.
        (TOPICS[2], 1.5),
        # Only optional resources state hours: the topic's own estimate.
        (Topic(id="x", title="X", hours=2.0, resources=(res("x", "a", 9.0, True),)), 2.0),
        # No resource states hours: the topic's.
        (Topic(id="x", title="X", hours=3.0, resources=(res("x", "a"),)), 3.0),
        # A stated zero is an estimate.
        (Topic(id="x", title="X", hours=3.0, resources=(res("x", "a", 0.0),)), 0.0),
        (
            Topic(id="x", title="X", resources=(res("x", "a", 1.25), res("x", "b", 2.5))),
            3.75,
        ),
    ],
)
def test_estimated_hours(topic: Topic, expected: float | None) -> None:
    assert topic.estimated_hours == expected


def test_model_objects_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TOPICS[0].title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TOPICS[0].resources[0].hours = 1.0  # type: ignore[misc]


def test_resource_defaults() -> None:
    r = Resource(topic_id="t", id="r", title="R")
    assert (r.kind, r.url, r.hours, r.free, r.optional, r.note) == (
        "other",
        None,
        None,
        None,
        False,
        None,
    )


# -- one-of groups ----------------------------------------------------------------------------


def test_all_requires_are_the_hard_ones_then_every_alternative_once() -> None:
    topic = Topic(id="x", title="X", requires=("a", "b"), one_of=(("c", "d"), ("d", "e")))
    assert topic.all_requires == ("a", "b", "c", "d", "e")
    plain = Topic(id="y", title="Y", requires=("a",))
    assert plain.all_requires is plain.requires and plain.one_of == ()


def test_a_topic_in_a_one_of_group_has_the_topic_among_its_dependents() -> None:
    topics = (
        Topic(id="a", title="A"),
        Topic(id="b", title="B"),
        Topic(id="c", title="C", requires=("a",), one_of=(("a2", "b"),)),
        Topic(id="a2", title="A2"),
        Topic(id="d", title="D", one_of=(("b", "c"),)),
    )
    maths = Graph("g", topics)
    assert maths.dependents("b") == ("c", "d")
    assert maths.dependents("a2") == ("c",)
    assert maths.dependents("c") == ("d",)
    assert dict(maths.stages) == {"a": 1, "b": 1, "c": 2, "a2": 1, "d": 3}
