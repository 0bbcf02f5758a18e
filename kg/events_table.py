"""One row per event, in the column conventions ACLED users know (``kg export --format events-csv``).

Read from a finished graph (a file, a ``kg build`` folder or an Oxigraph store) through the
contract's vocabulary; nothing is re-extracted. The columns (documented in README.md, "Events
table") follow ACLED's codebook where one fits: ``event_date`` / ``time_precision``,
``sub_event_type``, ``actor1`` + ``assoc_actor_1``, ``actor2`` + ``assoc_actor_2``,
``location`` / ``admin1`` / ``country``, ``latitude`` / ``longitude`` / ``geo_precision``,
``fatalities`` (the most conservative hd:killed figure, as ACLED counts), ``source``, ``notes``;
plus what the graph adds: CAMEO code, date ranges, every killed / injured / displaced figure
with its source, the number of articles, the event's IRI.

The file is UTF-8 with a byte-order mark, so spreadsheets (LibreOffice, Excel) read the Arabic
as Arabic; pandas reads it with ``encoding="utf-8-sig"``. Text taken from articles that begins
with ``= + - @`` is prefixed with ``'`` so that no spreadsheet runs it as a formula.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from kg.graph.vocab import PARENT, PREFIXES, hadath_ancestors
from kg.text.sentences import split_sentences

__all__ = ["EVENT_COLUMNS", "event_rows", "write_events_csv"]

EVENT_COLUMNS = (
    "event_id", "event_date", "date_earliest", "date_latest", "year", "time_precision",
    "event_class", "event_class_ar", "cameo_code", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "location", "admin1", "country", "latitude", "longitude", "geo_precision",
    "fatalities", "killed", "killed_sources", "injured", "injured_sources", "displaced", "displaced_sources",
    "articles", "source", "notes", "event_iri",
)
HD, SEM = PREFIXES["hd"], PREFIXES["sem"]
# measure -> column family
_FAMILIES = {"killed": "killed", "childrenKilled": "killed", "civiliansKilled": "killed",
             "fightersKilled": "killed", "soldiersKilled": "killed", "wounded": "injured",
             "displaced": "displaced", "evacuated": "displaced"}
_GEO_PRECISION = {"Site": 1, "Neighbourhood": 1, "City": 1, "Region": 2, "Country": 3}
_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NOTES_MAX = 400


@dataclass
class _Figure:
    measure: str
    value: str
    approx: str
    source: str
    article: str


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def _depth(cls: str) -> tuple[int, str]:
    return (len(hadath_ancestors(cls)) if cls in PARENT else 10, cls)


def _class_codes(store: ox.Store, ontology: Path | None) -> dict[str, tuple[str, str, str]]:
    """class local name -> (Arabic label, CAMEO code, ACLED sub-event types), from the graph and the ontology."""
    graph = ox.Store()
    graph.extend(store.quads_for_pattern(None, ox.NamedNode(HD + "cameoCode"), None))
    if ontology is not None and ontology.is_file():
        try:
            graph.load(path=str(ontology), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError, ValueError):
            pass  # the codes are a courtesy: a broken ontology copy leaves them empty
    out: dict[str, tuple[str, str, str]] = {}
    for row in graph.query(
            "SELECT ?c (SAMPLE(?ar) AS ?label) (SAMPLE(?code) AS ?cameo) "
            "(GROUP_CONCAT(DISTINCT ?acled; separator=' / ') AS ?acleds) WHERE { "
            "?c ?p ?o . FILTER(STRSTARTS(STR(?c), STR(hd:))) "
            "OPTIONAL { ?c rdfs:label ?ar FILTER(LANG(?ar) = 'ar') } OPTIONAL { ?c hd:cameoCode ?code } "
            "OPTIONAL { ?c hd:acledSubEventType ?acled } } GROUP BY ?c", prefixes=PREFIXES):
        out[_local(row["c"].value)] = tuple(row[k].value if row[k] is not None else "" for k in
                                            ("label", "cameo", "acleds"))
    return out


def event_rows(store: ox.Store, *, ontology: Path | None = None) -> list[dict[str, str]]:
    """One dict per event (keys: EVENT_COLUMNS), sorted by date then IRI."""
    def q(text: str):
        return store.query(text, prefixes=PREFIXES)

    classes: dict[str, list[str]] = defaultdict(list)
    for e, c in q("SELECT ?e ?c WHERE { ?e a hd:Event ; a ?c FILTER(STRSTARTS(STR(?c), STR(hd:))) }"):
        classes[e.value].append(c.value[len(HD):])
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for n, label in q("SELECT ?n ?l WHERE { ?n skos:prefLabel ?l }"):
        labels[n.value].setdefault(label.language or "", label.value)

    def name(iri: str) -> str:
        got = labels.get(iri, {})
        return got.get("ar") or got.get("en") or next(iter(got.values()), "") or _local(iri)

    dates: dict[str, dict[str, str]] = defaultdict(dict)
    for e, p, d in q("SELECT ?e ?p ?d WHERE { VALUES ?p { sem:hasTimeStamp sem:hasEarliestBeginTimeStamp "
                     "sem:hasLatestEndTimeStamp } ?e ?p ?d }"):
        dates[e.value][_local(p.value)] = d.value[:10]
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e, p, a in q("SELECT ?e ?p ?a WHERE { VALUES ?p { hd:agent hd:target hd:speaker sem:hasActor } "
                     "?e ?p ?a FILTER(isIRI(?a)) }"):
        roles[e.value][_local(p.value)].add(a.value)
    places: dict[str, set[str]] = defaultdict(set)
    for e, p in q("SELECT ?e ?p WHERE { ?e sem:hasPlace ?p FILTER(isIRI(?p)) }"):
        places[e.value].add(p.value)
    part_of: dict[str, set[str]] = defaultdict(set)
    for p, up in q("SELECT ?p ?up WHERE { ?p hd:partOf ?up }"):
        part_of[p.value].add(up.value)
    place_class: dict[str, str] = {}
    for p, c in q("SELECT ?p ?c WHERE { ?p a hd:Place ; a ?c FILTER(STRSTARTS(STR(?c), STR(hd:))) }"):
        cls = c.value[len(HD):]
        if _depth(cls) > _depth(place_class.get(p.value, "Place")):
            place_class[p.value] = cls
    points: dict[str, tuple[str, str]] = {}
    for p, w in q("SELECT ?p ?w WHERE { ?p geo:hasGeometry/geo:asWKT ?w }"):
        m = _POINT.search(w.value)
        if m:
            points[p.value] = (m.group(2), m.group(1))  # (lat, lon)
    articles: dict[str, dict[str, str]] = {}
    for d, ident, date, publisher in q(
            "SELECT ?d ?id (SAMPLE(?date) AS ?dt) (SAMPLE(?pub) AS ?p) WHERE { ?d a schema:NewsArticle ; "
            "schema:identifier ?id OPTIONAL { ?d schema:datePublished ?date } "
            "OPTIONAL { ?d schema:publisher ?pubNode OPTIONAL { ?pubNode skos:prefLabel|schema:name ?pl } "
            "BIND(IF(isLiteral(?pubNode), STR(?pubNode), COALESCE(STR(?pl), STR(?pubNode))) AS ?pub) } } "
            "GROUP BY ?d ?id"):
        articles[d.value] = {"id": ident.value, "date": date.value[:10] if date else "",
                             "publisher": publisher.value if publisher else ""}
    derived: dict[str, set[str]] = defaultdict(set)
    for e, d in q("SELECT ?e ?d WHERE { ?e a hd:Event ; prov:wasDerivedFrom ?d }"):
        derived[e.value].add(d.value)
    figures: dict[str, list[_Figure]] = defaultdict(list)
    for row in q("SELECT ?e ?m ?v ?a ?s ?d WHERE { ?f a hd:Figure ; hd:figureOf ?e ; hd:value ?v ; hd:measure ?m "
                 "OPTIONAL { ?f hd:approximation ?a } OPTIONAL { ?f prov:wasAttributedTo ?s } "
                 "OPTIONAL { ?f prov:wasDerivedFrom ?d } }"):
        src = row["s"]
        source = "" if src is None else (src.value if isinstance(src, ox.Literal) else name(src.value))
        doc = row["d"]
        figures[row["e"].value].append(_Figure(
            _local(row["m"].value), row["v"].value, _local(row["a"].value) if row["a"] is not None else "exact",
            source, articles.get(doc.value, {}).get("id", "") if doc is not None else ""))
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for e, d, b, en in q("SELECT ?e ?d ?b ?en WHERE { ?e a hd:Event ; gaf:denotedBy ?s . "
                         "?s nif:referenceContext ?d ; nif:beginIndex ?b ; nif:endIndex ?en }"):
        spans[e.value].append((d.value, int(b.value), int(en.value)))
    codes = _class_codes(store, ontology)

    rows = []
    texts: dict[str, tuple] = {}
    for event, cls_list in classes.items():
        cls = max(cls_list, key=_depth)
        row = dict.fromkeys(EVENT_COLUMNS, "")
        row["event_iri"], row["event_id"] = event, _local(event)
        row["event_class"] = cls
        row["event_class_ar"], row["cameo_code"], row["sub_event_type"] = codes.get(cls, ("", "", ""))
        _dates(row, dates.get(event, {}))
        _actors(row, roles.get(event, {}), name)
        _place(row, places.get(event, set()), part_of, place_class, points, name)
        _figures(row, figures.get(event, []))
        docs = sorted(derived.get(event, set()) | {d for d, _, _ in spans.get(event, [])},
                      key=lambda d: (articles.get(d, {}).get("date") or "9999", articles.get(d, {}).get("id", d)))
        row["articles"] = str(len(docs))
        row["source"] = "; ".join(sorted({articles[d]["publisher"] for d in docs
                                          if d in articles and articles[d]["publisher"]}))
        row["notes"] = _first_sentence(store, spans.get(event, []), docs, texts)
        rows.append(row)
    rows.sort(key=lambda r: (r["event_date"] or r["date_earliest"] or "9999", r["event_iri"]))
    return rows


def _dates(row: dict, d: dict[str, str]) -> None:
    stamp = d.get("hasTimeStamp", "")
    first = stamp or d.get("hasEarliestBeginTimeStamp", "") or d.get("hasLatestEndTimeStamp", "")
    last = stamp or d.get("hasLatestEndTimeStamp", "") or first
    row["date_earliest"], row["date_latest"] = first, last
    if not first:
        return
    row["year"] = first[:4]
    if first == last:
        row["event_date"], row["time_precision"] = first, "1"
        return
    try:
        width = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    except ValueError:
        width = 99
    row["time_precision"] = "2" if width <= 7 else "3"  # ACLED: 1 day, 2 within a week, 3 wider


def _actors(row: dict, roles: dict[str, set[str]], name) -> None:
    def names(iris: set[str]) -> list[str]:
        return sorted({name(i) for i in iris})

    agents = names(roles.get("agent", set())) or names(roles.get("speaker", set()))
    targets = names(roles.get("target", set()))
    if not agents:
        rest = roles.get("hasActor", set()) - roles.get("target", set())
        agents = names(rest)
    row["actor1"], row["assoc_actor_1"] = (agents[0], "; ".join(agents[1:])) if agents else ("", "")
    row["actor2"], row["assoc_actor_2"] = (targets[0], "; ".join(targets[1:])) if targets else ("", "")


def _place(row: dict, places: set[str], part_of, place_class, points, name) -> None:
    if not places:
        return

    def ancestors(p: str) -> list[str]:
        out, todo, seen = [], [p], {p}
        while todo:
            for up in sorted(part_of.get(todo.pop(0), ())):
                if up not in seen:
                    seen.add(up)
                    out.append(up)
                    todo.append(up)
        return out

    # the most specific place: one no other place of the event lies in, the finest class first
    inner = [p for p in places if not any(p in ancestors(o) for o in places if o != p)]
    place = min(inner or places, key=lambda p: (_GEO_PRECISION.get(place_class.get(p, ""), 2), name(p), p))
    chain = [place] + ancestors(place)
    country = next((p for p in chain if place_class.get(p) == "Country"), "")
    row["location"] = name(place)
    row["country"] = name(country) if country else ""
    admin = [p for p in chain[1:] if p != country and place_class.get(p) != "Country"]
    row["admin1"] = name(admin[-1]) if admin else ""
    if place in points:
        row["latitude"], row["longitude"] = points[place]
    row["geo_precision"] = str(_GEO_PRECISION.get(place_class.get(place, ""), 2))


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        return None


def _figures(row: dict, figures: list[_Figure]) -> None:
    by_family: dict[str, list[_Figure]] = defaultdict(list)
    for f in figures:
        family = _FAMILIES.get(f.measure)
        if family:
            by_family[family].append(f)
    for family, figs in by_family.items():
        figs.sort(key=lambda f: (_number(f.value) or Decimal(0), f.measure, f.source, f.article))
        values = list(dict.fromkeys(f.value for f in figs if f.measure in ("killed", "wounded", "displaced"))) \
            or list(dict.fromkeys(f.value for f in figs))
        row[family] = "; ".join(values)
        row[f"{family}_sources"] = "; ".join(
            f"{f.value} {f.measure}" + (f" ({f.approx})" if f.approx != "exact" else "")
            + f" — {f.source or 'no source named'} [{f.article}]" for f in figs)
    killed = [n for n in (_number(f.value) for f in by_family.get("killed", []) if f.measure == "killed")
              if n is not None]
    if killed:  # ACLED: the most conservative of the reported totals
        row["fatalities"] = str(int(min(killed))) if min(killed) == int(min(killed)) else str(min(killed))


def _first_sentence(store: ox.Store, spans: list[tuple[str, int, int]], docs: list[str],
                    texts: dict[str, tuple]) -> str:
    """The sentence around the event's first mention, in its earliest article."""
    if not spans:
        return ""
    rank = {d: i for i, d in enumerate(docs)}
    doc, begin, end = min(spans, key=lambda s: (rank.get(s[0], len(rank)), s[1], s[2]))
    if doc not in texts:
        text = next((o.object.value for o in store.quads_for_pattern(
            ox.NamedNode(doc), ox.NamedNode(PREFIXES["nif"] + "isString"), None)), "")
        texts[doc] = (text, split_sentences(text))
    text, sentences = texts[doc]
    if not (0 <= begin < end <= len(text)):
        return ""
    sentence = next((text[s.begin:s.end] for s in sentences if s.begin <= begin < s.end), text[begin:end])
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= _NOTES_MAX else sentence[:_NOTES_MAX - 1] + "…"


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) and not _number(value) else value


def write_events_csv(store: ox.Store, stream, *, ontology: Path | None = None) -> int:
    """Write the events table to a binary ``stream`` (UTF-8 with BOM); returns the number of rows."""
    rows = event_rows(store, ontology=ontology)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in EVENT_COLUMNS])
    text.flush()
    text.detach()
    return len(rows)
