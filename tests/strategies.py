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


#: The states of records, as the progress file holds them.
STATES = ("done", "known", "skipped", "started")


def graph_with_resources(spec: Spec, estimated: bool = False) -> Graph:
    """The spec as a graph whose topics have resources: from none to three, the third optional,
    with or without hours, and topics with or without hours of their own, varied by id (with
    ``estimated``, every topic has hours of its own)."""
    from studypath import Resource

    topics = []
    for topic_id, requires in spec:
        n = int(topic_id[1:])
        resources = tuple(
            Resource(topic_id, f"r{k}", f"R{k}", hours=(None, 1.0, 2.5)[(n + k) % 3],
                     optional=k == 2)
            for k in range(n % 4)
        )  # fmt: skip
        hours = 3.0 if estimated else (None, 3.0)[n % 2]
        topics.append(Topic(topic_id, f"Topic {topic_id}", requires=tuple(requires),
                            hours=hours, resources=resources))  # fmt: skip
    return Graph("random", topics)


@st.composite
def graphs_and_records(
    draw: st.DrawFn, states: tuple[str, ...] = ("done", "known", "skipped")
) -> tuple[Graph, dict[str, str]]:
    """A random graph (see :func:`graph_with_resources`: every topic estimated, or not) and
    records of its topics and resources, each in one of ``states``."""
    graph = graph_with_resources(draw(dag_specs()), estimated=draw(st.booleans()))
    items = [i for t in graph.topics for i in (t.id, *(r.full_id for r in t.resources))]
    records = draw(st.dictionaries(st.sampled_from(items), st.sampled_from(states)))
    return graph, records


#: A graph with one-of groups as plain data: (topic id, its hard prerequisites, its one-of
#: groups) in file order.
GroupSpec = list[tuple[str, list[str], list[list[str]]]]


@st.composite
def group_specs(draw: st.DrawFn, max_topics: int = 16) -> GroupSpec:
    """Random acyclic graphs with one-of groups, as :func:`dag_specs` draws them: each topic
    requires topics drawn before it, and has up to two groups of two or three of them (none
    among its hard prerequisites, no group twice)."""
    count = draw(st.integers(min_value=1, max_value=max_topics))
    order = draw(st.permutations(range(count)))
    topics = []
    for index in range(count):
        earlier = [f"t{order[i]}" for i in range(index)]
        requires = (
            draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)) if earlier else []
        )
        rest = [t for t in earlier if t not in requires]
        groups: list[list[str]] = []
        if len(rest) >= 2:
            drawn = st.lists(st.sampled_from(rest), min_size=2, max_size=3, unique=True)
            for group in draw(st.lists(drawn, max_size=2)):
                if all(set(group) != set(other) for other in groups):
                    groups.append(group)
        topics.append((f"t{order[index]}", requires, groups))
    return list(draw(st.permutations(topics)))


def grouped_graph_of(spec: GroupSpec) -> Graph:
    """The spec as a graph built in memory."""
    topics = [
        Topic(id=t, title=f"Topic {t}", requires=tuple(r), one_of=tuple(map(tuple, g)))
        for t, r, g in spec
    ]
    return Graph("random", topics)


def grouped_yaml_of(spec: GroupSpec) -> str:
    """The spec as a graph file: each group written as `{one-of: [...]}`, before or after the
    hard prerequisites by turns."""
    lines = ["title: random", "topics:"]
    for n, (topic_id, requires, groups) in enumerate(spec):
        written = [f"{{one-of: [{', '.join(g)}]}}" for g in groups]
        entries = [*written, *requires] if n % 2 else [*requires, *written]
        lines += [f"  {topic_id}:", f"    title: Topic {topic_id}"]
        lines.append(f"    requires: [{', '.join(entries)}]")
    return "\n".join(lines) + "\n"
