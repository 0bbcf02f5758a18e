"""Resolved corpus -> RDF triples, following shared/docs/contract.md.

``corpus_triples`` yields plain rdflib-term triples in no particular order;
writers sort them, so the same corpus always gives the same bytes. Types are
materialised (an hd:Airstrike is also hd:Attack, hd:Event, sem:Event,
schema:Event) so plain SPARQL needs no reasoner.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from rdflib import Literal, URIRef

from kg.graph import iris
from kg.graph.vocab import GAF, GEO, HD, NIF, OWL, PROV, RDF, RDFS, SDO, SEM, SKOS, XSD, hadath_ancestors
from kg.model import Article, Corpus, Entity, Event, Ref
from kg.text.normalize import normalize_ar

Triple = tuple[URIRef, URIRef, URIRef | Literal]

GEONAMES = "https://sws.geonames.org/{}/"

# Alignments materialised with each Hadath root class.
_ALIGNED: dict[str, tuple[URIRef, ...]] = {
    "Person": (SEM.Actor, SDO.Person),
    "Organization": (SEM.Actor, SDO.Organization),
    "Place": (SEM.Place, SDO.Place),
    "Country": (SEM.Actor, SDO.Country),
    "City": (SDO.City,),
    "Event": (SEM.Event, SDO.Event),
    "Claim": (PROV.Entity, SDO.Claim),
}


def class_triples(node: URIRef, cls: str) -> Iterator[Triple]:
    for name in hadath_ancestors(cls):
        yield node, RDF.type, HD[name]
        for aligned in _ALIGNED.get(name, ()):
            yield node, RDF.type, aligned


def _date(d: dt.date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _entity_class(entity: Entity) -> str:
    subtype = entity.subtype
    if subtype and subtype in _known_classes() and hadath_ancestors(subtype)[-1] == entity.kind:
        return subtype
    return entity.kind


def _known_classes() -> set[str]:
    from kg.graph.vocab import PARENT

    return set(PARENT)


class _Spans:
    """Span nodes are shared by everything that points at the same characters.

    A span met twice yields its triples twice (0.4% more triples on ANT articles): the writers
    drop duplicates, and remembering every span met would hold a set as large as the corpus."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    def __call__(self, ref: Ref, begin: int, end: int, anchor: str) -> Iterator[Triple]:
        node = iris.span_iri(ref.article, begin, end)
        yield node, RDF.type, NIF.OffsetBasedString
        yield node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)
        yield node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)
        yield node, NIF.anchorOf, Literal(anchor, datatype=XSD.string)
        yield node, NIF.referenceContext, iris.doc_iri(ref.article)


def corpus_triples(corpus: Corpus) -> Iterator[Triple]:
    spans = _Spans(corpus)
    for article_id in sorted(corpus.analyses):
        yield from article_triples(corpus.analyses[article_id].article)
    for key in sorted(corpus.entities):
        yield from entity_triples(corpus, corpus.entities[key], spans)
    for key in sorted(corpus.events):
        yield from event_triples(corpus, corpus.events[key], spans)
    yield from figure_triples(corpus, spans)
    yield from claim_triples(corpus, spans)


def article_triples(article: Article) -> Iterator[Triple]:
    doc = iris.doc_iri(article.id)
    yield doc, RDF.type, SDO.NewsArticle
    yield doc, RDF.type, NIF.Context
    yield doc, SDO.identifier, Literal(article.id)
    yield doc, NIF.isString, Literal(article.text)
    if article.published:
        yield doc, SDO.datePublished, _date(article.published)
    if article.publisher:
        yield doc, SDO.publisher, Literal(article.publisher)
    if article.title:
        yield doc, SDO.headline, Literal(article.title)
    if article.url:
        yield doc, SDO.url, Literal(article.url, datatype=XSD.anyURI)


def _provenance(corpus: Corpus, node: URIRef, refs: list[Ref], spans: _Spans, records: str) -> Iterator[Triple]:
    for ref in refs:
        record = getattr(corpus.analyses[ref.article], records)[ref.index]
        span = iris.span_iri(ref.article, record.begin, record.end)
        yield node, GAF.denotedBy, span
        yield from spans(ref, record.begin, record.end, record.anchor)
        yield node, PROV.wasDerivedFrom, iris.doc_iri(ref.article)


def entity_triples(corpus: Corpus, entity: Entity, spans: _Spans) -> Iterator[Triple]:
    node = iris.entity_iri(entity.key)
    yield from class_triples(node, _entity_class(entity))
    yield node, SKOS.prefLabel, Literal(entity.label_ar, lang="ar")
    if entity.label_en:
        yield node, SKOS.prefLabel, Literal(entity.label_en, lang="en")
    hidden = {normalize_ar(entity.label_ar)}
    for alt in sorted(entity.alt_labels):
        yield node, SKOS.altLabel, Literal(alt, lang="ar")
        hidden.add(normalize_ar(alt))
    for form in sorted(hidden - {entity.label_ar}):
        yield node, SKOS.hiddenLabel, Literal(form, lang="ar")
    for role in sorted(entity.roles):
        yield node, HD.role, Literal(role, lang="ar")
    if entity.geonames_id:
        yield node, OWL.sameAs, URIRef(GEONAMES.format(entity.geonames_id))
    if entity.lat is not None and entity.lon is not None:
        geometry = iris.geometry_iri(entity.key)
        yield node, GEO.hasGeometry, geometry
        yield geometry, RDF.type, GEO.Geometry
        yield geometry, GEO.asWKT, Literal(f"POINT({entity.lon:.5f} {entity.lat:.5f})", datatype=GEO.wktLiteral)
    if entity.part_of and entity.part_of in corpus.entities:
        yield node, HD.partOf, iris.entity_iri(entity.part_of)
    yield from _provenance(corpus, node, entity.mentions, spans, "mentions")


def event_triples(corpus: Corpus, event: Event, spans: _Spans) -> Iterator[Triple]:
    node = iris.event_iri(event.key)
    yield from class_triples(node, event.cls)
    if event.label_ar:
        yield node, RDFS.label, Literal(event.label_ar, lang="ar")
    if event.earliest and event.earliest == event.latest:
        yield node, SEM.hasTimeStamp, _date(event.earliest)
    else:
        if event.earliest:
            yield node, SEM.hasEarliestBeginTimeStamp, _date(event.earliest)
        if event.latest:
            yield node, SEM.hasLatestEndTimeStamp, _date(event.latest)
    for keys, role in ((event.agents, HD.agent), (event.targets, HD.target), (event.speakers, HD.speaker)):
        for key in sorted(keys):
            if key in corpus.entities:
                yield node, role, iris.entity_iri(key)
                yield node, SEM.hasActor, iris.entity_iri(key)
    for key in sorted(event.allies):  # who backs it: a participant (sem:hasActor), neither agent nor target
        if key in corpus.entities:
            yield node, SEM.hasActor, iris.entity_iri(key)
    for key in sorted(event.places):
        if key in corpus.entities:
            yield node, SEM.hasPlace, iris.entity_iri(key)
    for key in sorted(event.about):
        if key in corpus.entities:
            yield node, SDO.about, iris.entity_iri(key)
    yield from _provenance(corpus, node, event.mentions, spans, "events")


def _unnamed_sources(corpus: Corpus) -> dict[str, tuple[str, list[tuple[Ref, int, int]]]]:
    """Sources an article only describes (مصادر طبية، الأهالي), one per article and normalized wording:
    key -> (label: the first wording met, spans)."""
    out: dict[str, tuple[str, list[tuple[Ref, int, int]]]] = {}
    for figure in corpus.figures:
        fm = corpus.analyses[figure.mention.article].figures[figure.mention.index]
        if fm.unnamed_source is None:
            continue
        b, e = fm.unnamed_source
        label = corpus.analyses[figure.mention.article].article.text[b:e]
        key = f"source:{figure.mention.article}:{normalize_ar(label)}"
        out.setdefault(key, (label, []))[1].append((figure.mention, b, e))
    return out


def figure_triples(corpus: Corpus, spans: _Spans) -> Iterator[Triple]:
    unnamed = _unnamed_sources(corpus)
    for key, (label, places) in unnamed.items():
        node = iris.entity_iri(key)  # a source the text describes without naming it: an agent, not an entity class
        yield node, RDF.type, PROV.Agent
        yield node, SKOS.prefLabel, Literal(label, lang="ar")
        if normalize_ar(label) != label:
            yield node, SKOS.hiddenLabel, Literal(normalize_ar(label), lang="ar")
        for ref, b, e in places:
            yield node, GAF.denotedBy, iris.span_iri(ref.article, b, e)
            yield from spans(ref, b, e, corpus.analyses[ref.article].article.text[b:e])
            yield node, PROV.wasDerivedFrom, iris.doc_iri(ref.article)
    for figure in corpus.figures:
        node = iris.figure_iri(figure.key)
        yield from class_triples(node, "Figure")
        yield node, HD.value, Literal(_decimal(figure.value), datatype=XSD.decimal)
        yield node, HD.measure, HD[figure.measure or "count"]  # HD is closed: an unknown name fails here
        yield node, HD.approximation, HD[figure.approximation or "exact"]
        if figure.unit:
            yield node, HD.unit, Literal(figure.unit)
        if figure.event and figure.event in corpus.events:
            yield node, SDO.about, iris.event_iri(figure.event)
            yield node, HD.figureOf, iris.event_iri(figure.event)
        if figure.source and figure.source in corpus.entities:
            yield node, PROV.wasAttributedTo, iris.entity_iri(figure.source)
        # the rest of the chain: the person and the body he speaks for, the relay, an unnamed source
        fm = corpus.analyses[figure.mention.article].figures[figure.mention.index]
        entity_of = corpus.entity_of.get(figure.mention.article, {})
        for mention in fm.sources:
            key = entity_of.get(mention)
            if key and key in corpus.entities:
                yield node, PROV.wasAttributedTo, iris.entity_iri(key)
        if fm.unnamed_source is not None:
            b, e = fm.unnamed_source
            text = corpus.analyses[figure.mention.article].article.text[b:e]
            yield node, PROV.wasAttributedTo, iris.entity_iri(f"source:{figure.mention.article}:{normalize_ar(text)}")
        yield from _provenance(corpus, node, [figure.mention], spans, "figures")


def claim_triples(corpus: Corpus, spans: _Spans) -> Iterator[Triple]:
    for claim in corpus.claims:
        node = iris.claim_iri(claim.key)
        yield from class_triples(node, "Quote")
        yield node, HD.quotedText, Literal(claim.text, lang="ar")
        if claim.event and claim.event in corpus.events:
            yield node, SDO.about, iris.event_iri(claim.event)
            yield node, HD.claimOf, iris.event_iri(claim.event)
        if claim.speaker and claim.speaker in corpus.entities:
            yield node, PROV.wasAttributedTo, iris.entity_iri(claim.speaker)
        yield from _provenance(corpus, node, [claim.mention], spans, "claims")


def _decimal(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"
