"""The views' data model: the nodes, links, evidence and quotes the pages show, and how each class looks.

Plain dataclasses filled by :mod:`kg.views.reader` out of a finished graph, turned into JSON by
:mod:`kg.views.common`. Class labels come from the project's ontology (ontology/hadath.ttl) where
it has them; colours and shapes are fixed here, with a spare colour for classes the ontology grows.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

# Where a node sits in the views: its root class decides the shape, its own class the colour.
GROUP_SHAPES: dict[str, str] = {
    "Person": "dot", "Organization": "square", "Place": "triangle", "Actor": "star",
    "Event": "diamond", "Figure": "hexagon", "Source": "star",
}
ENTITY_GROUPS = ("Person", "Organization", "Place")

# Colours for the ontology's classes; classes the ontology grows later get one from _SPARE.
_COLOURS: dict[str, str] = {
    "Person": "#d62728",
    "Organization": "#1f77b4", "Government": "#0b5394", "ArmedForce": "#2f6eba", "ArmedGroup": "#6d3fa0",
    "MediaOutlet": "#8e7cc3", "IntergovernmentalOrganization": "#17becf",
    "Place": "#2ca02c", "Country": "#1e6b1e", "Region": "#5a9e3a", "City": "#7cb342",
    "Neighbourhood": "#a5c882", "Site": "#7aa6a8",
    "Event": "#7f7f7f", "Meeting": "#d4a017", "Statement": "#c9a227", "Appeal": "#e69138",
    "Negotiation": "#b8860b", "Agreement": "#c27ba0", "Vote": "#a64d79", "Attack": "#cc0000",
    "Airstrike": "#8b0000", "Shelling": "#e06666", "Clash": "#d9480f", "Offensive": "#660000",
    "Siege": "#85200c", "TakeControl": "#ff8c00", "Withdrawal": "#b45f06", "Displacement": "#5b3fa8",
    "Evacuation": "#7e6bc4", "Killing": "#222222", "Injury": "#8c8c8c", "Arrest": "#4c1130",
    "Surrender": "#45818e", "Protest": "#c2185b", "Celebration": "#00a86b",
    "Figure": "#9e9e9e", "Actor": "#e377c2", "Source": "#bcbd22",
}
_SPARE = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
          "#756bb1", "#636363", "#9c9ede", "#cedb9c", "#e7ba52", "#e7969c", "#de9ed6")

# Link kinds between nodes: (Arabic, English, colour).
LINK_KINDS: dict[str, tuple[str, str, str]] = {
    "agent": ("الفاعل", "agent", "#c0392b"),
    "target": ("المستهدف", "target", "#8e44ad"),
    "speaker": ("المتحدث", "speaker", "#2980b9"),
    "actor": ("مشارك", "actor", "#7f8c8d"),
    "place": ("المكان", "place", "#27ae60"),
    "about": ("حول", "about", "#d35400"),
    "partOf": ("جزء من", "part of", "#16a085"),
    "figure": ("رقم عن", "figure about", "#95a5a6"),
    "source": ("المصدر", "source", "#b7950b"),
}


@dataclass(frozen=True)
class Article:
    id: str
    date: str = ""
    title: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Evidence:
    """One mention: the sentence around it, split at the mention so the page can mark it."""

    article: str
    begin: int
    end: int
    before: str
    mention: str
    after: str


@dataclass
class Item:
    """One node of the views: an entity, an event, a figure, or a named source."""

    iri: str
    kind: str  # entity | event | figure | source
    cls: str  # most specific Hadath class local name (City, Airstrike, Figure …)
    group: str  # Person | Organization | Place | Actor | Event | Figure | Source
    ar: str = ""
    en: str = ""
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)  # http(s) IRIs only
    wkt: str = ""
    roles: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    spans: list[int] = field(default_factory=list)  # indexes into ViewData.spans
    # events
    date: str = ""  # the day, when known exactly
    start: str = ""  # earliest day (== date for an exact day)
    end: str = ""  # latest day
    # figures
    value: str = ""
    measure: str = ""
    measure_ar: str = ""
    measure_en: str = ""
    approx: str = ""
    approx_ar: str = ""
    approx_en: str = ""
    unit: str = ""
    source_text: list[str] = field(default_factory=list)  # sources given as plain text
    # events whose rdfs:label is only their trigger phrase get a title built from the graph;
    # the label the graph gives is kept here
    trigger: str = ""

    @property
    def label(self) -> str:
        return self.ar or self.en or (self.alt[0] if self.alt else "") or local_name(self.iri)


@dataclass
class Quote:
    """Words an article attributes to a speaker (hd:Quote): not a node of the views, shown in the
    panels of its event and of its speaker."""

    iri: str
    text: str  # hd:quotedText, else the text its span covers
    speakers: list[int] = field(default_factory=list)  # items the quote is attributed to
    speaker_text: list[str] = field(default_factory=list)  # attributions that are no item (literals, other IRIs)
    events: list[int] = field(default_factory=list)  # hd:claimOf / schema:about events
    spans: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass
class ViewData:
    items: list[Item]  # sorted by IRI; an item's index is its id in the page
    links: list[tuple[int, int, str]]  # (from, to, kind), sorted, unique
    spans: list[Evidence]
    articles: dict[str, Article]
    classes: dict[str, dict[str, str]]  # class -> {ar, en, group, color, shape}
    # event -> [{measure, conflict, agree, values, figures, sources: [{items, text, figures}]}]
    figure_groups: dict[int, list[dict]]
    quotes: list[Quote] = field(default_factory=list)  # sorted by IRI

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)


@functools.lru_cache(maxsize=1)
def ontology_labels() -> dict[str, tuple[str, str]]:
    """(Arabic, English) labels of the ontology's classes and concepts, from ontology/hadath.ttl."""
    try:
        from kg.graph.validate import ontology_dir

        path = ontology_dir() / "hadath.ttl"
        onto = Graph().parse(path, format="turtle")
    except Exception:  # an installed copy without the ontology folder: fall back to local names
        return {}
    out: dict[str, tuple[str, str]] = {}
    for node in set(onto.subjects(RDFS.label, None)) | set(onto.subjects(SKOS.prefLabel, None)):
        ar = en = ""
        for prop in (SKOS.prefLabel, RDFS.label):
            for lit in sorted(onto.objects(node, prop), key=str):
                lang = (getattr(lit, "language", None) or "").lower()
                if lang.startswith("ar") and not ar:
                    ar = str(lit)
                elif lang.startswith("en") and not en:
                    en = str(lit)
        out[str(node)] = (ar, en)
    return out


def colour(cls: str) -> str:
    if cls in _COLOURS:
        return _COLOURS[cls]
    return _SPARE[int(hashlib.sha1(cls.encode()).hexdigest(), 16) % len(_SPARE)]


def local_name(iri: str) -> str:
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri
