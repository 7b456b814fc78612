"""Hypothesis strategies shared by the tests: random prerequisite graphs as plain data."""

from __future__ import annotations

from hypothesis import strategies as st

from studypath import Graph, Topic

#: A graph as plain data: (topic id, its prerequisites) in file order.
Spec = list[tuple[str, list[str]]]


@st.composite
def dag_specs(draw: st.DrawFn, max_topics: int = 25) -> Spec:
    """Random acyclic graphs: a topic may require only topics drawn before it in a shuffle,
    and the file order is shuffled again, so that it differs from the dependency order."""
    count = draw(st.integers(min_value=1, max_value=max_topics))
    order = draw(st.permutations(range(count)))
    topics = []
    for index in range(count):
        earlier = [f"t{order[i]}" for i in range(index)]
        requires = (
            draw(st.lists(st.sampled_from(earlier), max_size=4, unique=True)) if earlier else []
        )
        topics.append((f"t{order[index]}", requires))
    return list(draw(st.permutations(topics)))


@st.composite
def specs_and_goals(draw: st.DrawFn) -> tuple[Spec, list[str]]:
    spec = draw(dag_specs())
    goals = draw(st.lists(st.sampled_from([t for t, _ in spec]), max_size=3))
    return spec, goals


def graph_of(spec: Spec) -> Graph:
    """The spec as a graph built in memory, as a library user would."""
    topics = [Topic(id=t, title=f"Topic {t}", requires=tuple(reqs)) for t, reqs in spec]
    return Graph("random", topics)


def yaml_of(spec: Spec) -> str:
    """The spec as a graph file."""
    lines = ["title: random", "topics:"]
    for topic_id, requires in spec:
        lines += [f"  {topic_id}:", f"    title: Topic {topic_id}"]
        lines += [
            f"    requires: [{', '.join(requires)}]",
            "    resources: [{title: Read, hours: 2}]",
        ]
    return "\n".join(lines) + "\n"
