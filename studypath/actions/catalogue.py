"""``studypath graphs``: the graphs shipped with studypath, each with its size, hours, licence
and credit."""

from __future__ import annotations

from dataclasses import dataclass

from ..bundled import BUNDLED_NAME, bundled_graph_path, bundled_names


@dataclass(frozen=True)
class Bundled:
    """One bundled graph, as ``graphs`` lists it. ``hours`` adds up the topics' estimates
    (those without one count nothing); ``estimated`` is how many topics have one."""

    name: str
    title: str
    topics: int
    hours: float
    estimated: int
    licence: str | None
    credit: str | None
    default: bool


@dataclass(frozen=True)
class Catalogue:
    graphs: tuple[Bundled, ...]


def graphs(cache: bool = True) -> Catalogue:
    """Every bundled graph, the default first (each loaded, so each is checked)."""
    from ..cache import load

    found = []
    for name in bundled_names():
        graph = load(bundled_graph_path(name), cache)  # whatever the current folder holds
        estimates = [t.estimated_hours for t in graph.topics]
        known = [hours for hours in estimates if hours is not None]
        licence, credit = graph.meta.get("licence"), graph.meta.get("credit")
        found.append(
            Bundled(
                name=name,
                title=graph.title,
                topics=len(graph),
                hours=sum(known),
                estimated=len(known),
                licence=licence if isinstance(licence, str) else None,
                credit=credit if isinstance(credit, str) else None,
                default=name == BUNDLED_NAME,
            )
        )
    return Catalogue(tuple(found))
