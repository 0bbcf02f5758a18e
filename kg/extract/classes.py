"""Event class semantics for the extraction stages, from the one declaration in :mod:`kg.graph.vocab`
(``PARENT``, checked against ontology/hadath.ttl, and ``EVENT_TRAITS``)."""
from __future__ import annotations

from kg.graph.vocab import EVENT_TRAITS, PARENT


def _with(trait: str) -> frozenset[str]:
    return frozenset(c for c, traits in EVENT_TRAITS.items() if trait in traits)


COMMUNICATION = _with("communication")
PHYSICAL = _with("physical")  # happens somewhere on the ground: a place is looked for beyond its clause
MILITARY = _with("military")
PATIENT_SUBJECT = _with("patient-subject")  # its grammatical subject (or genitive) is the one it happens to
ARMED = frozenset({"ArmedForce", "ArmedGroup"})  # entity subtypes that fight


def ancestors(cls: str) -> list[str]:
    """The class and its superclasses, most specific first (Event excluded)."""
    out = [cls]
    while PARENT.get(out[-1]) not in (None, "", "Event"):
        out.append(PARENT[out[-1]])
    return out


def related_classes(a: str, b: str) -> bool:
    """Same class, or one a subclass of the other."""
    return a in ancestors(b) or b in ancestors(a)
