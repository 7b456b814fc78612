"""What a change of records opens up: topics that became startable (one-of groups included)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studypath import Graph, Topic
from studypath.progress import Standing, standing
from studypath.unlocks import newly_startable

from .strategies import STATES, GroupSpec, group_specs, grouped_graph_of

GRAPH = Graph(
    "g",
    [
        Topic(id="a", title="A"),
        Topic(id="b", title="B"),
        Topic(id="c", title="C"),
        Topic(id="d", title="D", requires=("a",), one_of=(("b", "c"),)),
    ],
)


def opened(before: dict[str, str], change: dict[str, str]) -> list[str]:
    return newly_startable(GRAPH, list(change), before, {**before, **change})


def test_the_first_alternative_satisfied_opens_a_topic_and_no_other_does() -> None:
    assert opened({"a": "done"}, {"c": "done"}) == ["d"]
    assert opened({"a": "done"}, {"b": "skipped"}) == ["d"]
    assert opened({"a": "done", "b": "done"}, {"c": "done"}) == []  # open already
    assert opened({}, {"b": "done"}) == []  # a is still needed
    assert opened({"c": "known"}, {"a": "done"}) == ["d"]
    assert opened({"a": "done"}, {"b": "started"}) == []


@settings(max_examples=200, deadline=None)
@given(group_specs(max_topics=10), st.data())
def test_what_opens_is_what_could_not_be_started_before_and_can_now(
    spec: GroupSpec, data: st.DataObject
) -> None:
    graph = grouped_graph_of(spec)
    ids = list(graph.ids)
    records = st.dictionaries(st.sampled_from(ids), st.sampled_from(STATES))
    before, change = data.draw(records), data.draw(records)
    after = {**before, **change}
    was, now = standing(graph.topics, before), standing(graph.topics, after)

    def ready(shown: Standing, topic: Topic) -> bool:
        return all(map(shown.satisfied, topic.requires)) and all(
            any(map(shown.satisfied, group)) for group in topic.one_of
        )

    expected = [
        t.id for t in graph.topics
        if not now.satisfied(t.id) and ready(now, t) and not ready(was, t)
    ]  # fmt: skip
    assert newly_startable(graph, list(change), before, after) == expected
