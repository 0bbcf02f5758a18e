"""Conflicting accounts: reported figures that disagree.

Two figures conflict when they count the same thing (same ``hd:measure``) about
the same real-world event — one event node, or events of the same class, in the
same place, whose time spans overlap — and give different values. The report
lists each account with its value, approximation, source, article and date, so
an analyst sees who claims what side by side.

The query below is also the README's example of finding conflicts in SPARQL.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

FIGURES_QUERY = """
PREFIX hd: <https://w3id.org/hadath/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?figure ?value ?measure ?approximation ?event ?class ?place ?begin ?end ?source ?sourceLabel ?doc ?published ?anchor
WHERE {
  ?figure a hd:Figure ; hd:value ?value ; hd:measure ?measure ; schema:about ?event ;
          prov:wasDerivedFrom ?doc ; gaf:denotedBy ?span .
  ?span nif:anchorOf ?anchor .
  OPTIONAL { ?figure hd:approximation ?approximation }
  ?event a ?class . FILTER(STRSTARTS(STR(?class), STR(hd:)))
  FILTER NOT EXISTS { ?sub rdfs:subClassOf ?class . ?event a ?sub . FILTER(?sub != ?class) }
  OPTIONAL { ?event sem:hasPlace ?place }
  OPTIONAL { ?event sem:hasTimeStamp ?day }
  OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?early }
  OPTIONAL { ?event sem:hasLatestEndTimeStamp ?late }
  BIND(COALESCE(?day, ?early) AS ?begin)
  BIND(COALESCE(?day, ?late) AS ?end)
  OPTIONAL { ?figure prov:wasAttributedTo ?source .
             OPTIONAL { ?source skos:prefLabel ?sourceLabel FILTER(LANG(?sourceLabel) = "ar") } }
  OPTIONAL { ?doc schema:datePublished ?published }
}
"""


@dataclass(frozen=True)
class Account:
    figure: str
    value: float
    approximation: str
    source: str  # the sources' Arabic labels (joined by " · "), or "" when the text names none
    article: str
    published: str
    anchor: str
    event: str


@dataclass
class Conflict:
    measure: str
    event_class: str
    place: str
    begin: str
    end: str
    accounts: list[Account] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return sorted({a.value for a in self.accounts})


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _date(term) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def find_conflicts(graph_ttl: Path, ontology_ttl: Path | None = None) -> list[Conflict]:
    """Groups of disagreeing figures in a built graph (graph.ttl, with the ontology for the class tree)."""
    store = ox.Store()
    store.load(path=str(graph_ttl), format=ox.RdfFormat.TURTLE)
    if ontology_ttl and Path(ontology_ttl).is_file():
        store.load(path=str(ontology_ttl), format=ox.RdfFormat.TURTLE)
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + FIGURES_QUERY
    rows = []
    place_labels = {}
    for r in store.query(query):
        place = r["place"].value if r["place"] is not None else ""
        rows.append({
            "figure": r["figure"].value, "value": float(r["value"].value), "measure": _local(r["measure"].value),
            "approximation": _local(r["approximation"].value) if r["approximation"] is not None else "exact",
            "event": r["event"].value, "class": _local(r["class"].value), "place": place,
            "begin": _date(r["begin"]), "end": _date(r["end"]),
            "source": r["sourceLabel"].value if r["sourceLabel"] is not None else "",
            "article": r["doc"].value.rsplit("/", 1)[-1],
            "published": r["published"].value if r["published"] is not None else "",
            "anchor": r["anchor"].value})
        place_labels[place] = place
    for r in store.query('SELECT ?p ?l WHERE { ?p <http://www.w3.org/2004/02/skos/core#prefLabel> ?l '
                         'FILTER(LANG(?l) = "ar") }'):
        if r["p"].value in place_labels:
            place_labels[r["p"].value] = r["l"].value
    return _group(rows, place_labels)


def _overlaps(a: dict, b: dict) -> bool:
    if a["event"] == b["event"]:
        return True
    if None in (a["begin"], a["end"], b["begin"], b["end"]):
        return False
    return a["begin"] <= b["end"] and b["begin"] <= a["end"]


def _group(rows: list[dict], place_labels: dict[str, str]) -> list[Conflict]:
    # one account per figure (a figure may match several optional rows); a figure attributed to several
    # agents (a person and the body he speaks for, a relay and its source) shows them all
    unique = {}
    sources: dict[str, list[str]] = {}
    for r in sorted(rows, key=lambda r: (r["figure"], r["place"], r["source"])):
        unique.setdefault(r["figure"], dict(r))
        if r["source"] and r["source"] not in sources.setdefault(r["figure"], []):
            sources[r["figure"]].append(r["source"])
    for figure, r in unique.items():
        r["source"] = " · ".join(sources.get(figure, []))
    buckets: dict[tuple, list[list[dict]]] = {}
    for r in sorted(unique.values(), key=lambda r: (r["begin"] or dt.date.min, r["figure"])):
        clusters = buckets.setdefault((r["measure"], r["class"], r["place"]), [])
        home = next((c for c in clusters if any(_overlaps(r, x) for x in c)), None)
        if home is None:
            clusters.append([r])
        else:
            home.append(r)
    conflicts = []
    for (measure, cls, place), clusters in sorted(buckets.items()):
        for cluster in clusters:
            if len({r["value"] for r in cluster}) < 2:
                continue
            begins = [r["begin"] for r in cluster if r["begin"]]
            ends = [r["end"] for r in cluster if r["end"]]
            conflicts.append(Conflict(
                measure=measure, event_class=cls, place=place_labels.get(place, place),
                begin=min(begins).isoformat() if begins else "", end=max(ends).isoformat() if ends else "",
                accounts=[Account(r["figure"], r["value"], r["approximation"], r["source"], r["article"],
                                  r["published"], r["anchor"], r["event"])
                          for r in sorted(cluster, key=lambda r: (r["published"], r["value"]))]))
    return conflicts
