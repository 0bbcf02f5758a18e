"""kg.graph.validate and ontology/shapes.ttl: a graph built the contract's way
conforms, and each way of breaking the contract is caught with its message."""
from __future__ import annotations

import dataclasses
import importlib
import time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.validate import ValidationResult, Violation, ontology_dir, validate
from kg.graph.vocab import GAF, GEO, HD, HDR_NS, NIF, OWL, PROV, RDF, SDO, SEM, SKOS, XSD

validate_mod = importlib.import_module("kg.graph.validate")  # the module, whatever kg.graph re-exports
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "004_53edab2f179b4b77.txt"
STEM = SEED.stem
TEXT = SEED.read_text(encoding="utf-8")


class Builder:
    """A miniature graph writer: the triples the contract asks for, nothing clever."""

    def __init__(self) -> None:
        self.g = Graph()
        for prefix, ns in (("hd", HD._NS), ("sem", SEM._NS), ("nif", NIF._NS), ("gaf", GAF._NS)):
            self.g.bind(prefix, ns)
        self.nodes: dict[str, URIRef] = {}

    def article(self, stem: str, text: str) -> URIRef:
        doc = URIRef(f"{HDR_NS}doc/{stem}")
        g = self.g
        g.add((doc, RDF.type, SDO.NewsArticle))
        g.add((doc, RDF.type, NIF.Context))
        g.add((doc, SDO.identifier, Literal(stem)))
        g.add((doc, SDO.datePublished, Literal("2016-12-05", datatype=XSD.date)))
        g.add((doc, NIF.isString, Literal(text)))
        return doc

    def span(self, doc: URIRef, text: str, anchor: str, nth: int = 0, start: int = 0) -> URIRef:
        begin = start - 1
        for _ in range(nth + 1):
            begin = text.index(anchor, begin + 1)
        end = begin + len(anchor)
        assert text[begin:end] == anchor
        node = URIRef(f"{doc}#char={begin},{end}")
        g = self.g
        g.add((node, RDF.type, NIF.OffsetBasedString))
        g.add((node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.anchorOf, Literal(anchor)))
        g.add((node, NIF.referenceContext, doc))
        return node

    def ground(self, node: URIRef, doc: URIRef, text: str, *anchors: str | tuple[str, int]) -> None:
        for anchor in anchors:
            anchor, nth = anchor if isinstance(anchor, tuple) else (anchor, 0)
            self.g.add((node, GAF.denotedBy, self.span(doc, text, anchor, nth)))
        self.g.add((node, PROV.wasDerivedFrom, doc))

    def entity(self, key: str, types: tuple, ar: str, en: str = "") -> URIRef:
        node = URIRef(f"{HDR_NS}entity/{key}")
        for t in types:
            self.g.add((node, RDF.type, t))
        self.g.add((node, SKOS.prefLabel, Literal(ar, lang="ar")))
        if en:
            self.g.add((node, SKOS.prefLabel, Literal(en, lang="en")))
        self.nodes[key] = node
        return node

    def event(self, key: str, cls: URIRef, *ancestors: URIRef) -> URIRef:
        node = URIRef(f"{HDR_NS}event/{key}")
        for t in (cls, *ancestors, HD.Event, SEM.Event, SDO.Event):
            self.g.add((node, RDF.type, t))
        self.nodes[key] = node
        return node


PERSON = (HD.Person, SEM.Actor, SDO.Person)
COUNTRY = (HD.Country, HD.Place, SEM.Place, SEM.Actor, SDO.Place)
CITY = (HD.City, HD.Place, SEM.Place, SDO.Place)
ARMED_FORCE = (HD.ArmedForce, HD.Organization, SEM.Actor, SDO.Organization)


def build(copies: int = 1) -> tuple[Graph, dict[str, URIRef]]:
    """The seed article 004 (``copies`` times, under different stems) as a contract-conforming graph."""
    b = Builder()
    g = b.g
    lavrov = b.entity("person-lavrov", PERSON, "سيرغي لافروف", "Sergey Lavrov")
    g.add((lavrov, HD.role, Literal("وزير الخارجية الروسية", lang="ar")))
    russia = b.entity("geonames-2017370", COUNTRY, "روسيا", "Russia")
    g.add((russia, OWL.sameAs, URIRef("https://sws.geonames.org/2017370/")))
    syria = b.entity("geonames-163843", COUNTRY, "سوريا", "Syria")
    g.add((syria, OWL.sameAs, URIRef("https://sws.geonames.org/163843/")))
    aleppo = b.entity("geonames-170063", CITY, "حلب", "Aleppo")
    g.add((aleppo, OWL.sameAs, URIRef("https://sws.geonames.org/170063/")))
    g.add((aleppo, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q41183")))
    g.add((aleppo, HD.partOf, syria))
    geometry = URIRef(f"{HDR_NS}entity/geonames-170063/geometry")
    g.add((aleppo, GEO.hasGeometry, geometry))
    g.add((geometry, GEO.asWKT, Literal("POINT(37.16117 36.20124)", datatype=GEO.wktLiteral)))
    assad = b.entity("actor-government-forces-SY", ARMED_FORCE, "قوات الأسد", "Syrian government forces")

    for copy in range(copies):
        stem = STEM if copy == 0 else f"{STEM}-copy{copy}"
        doc = b.article(stem, TEXT)
        b.ground(lavrov, doc, TEXT, "سيرغي لافروف", ("لافروف", 3))
        b.ground(russia, doc, TEXT, "روسيا")
        b.ground(syria, doc, TEXT, "السورية")
        b.ground(aleppo, doc, TEXT, "حلب", ("حلب", 1))
        b.ground(assad, doc, TEXT, "قوات الاسد")

        said = b.event(f"{copy}-statement-lavrov", HD.Statement)
        b.ground(said, doc, TEXT, "وقال")  # the trigger of "وقال لافروف"
        g.add((said, SKOS.prefLabel, Literal("وقال لافروف", lang="ar")))
        g.add((said, SEM.hasActor, lavrov))
        g.add((said, HD.speaker, lavrov))
        g.add((said, SEM.hasTimeStamp, Literal("2016-12-05", datatype=XSD.date)))

        killing = b.event(f"{copy}-killing-aleppo", HD.Killing)
        b.ground(killing, doc, TEXT, "قتلوا")
        g.add((killing, SEM.hasPlace, aleppo))
        g.add((killing, SEM.hasEarliestBeginTimeStamp, Literal("2016-11-15", datatype=XSD.date)))
        g.add((killing, SEM.hasLatestEndTimeStamp, Literal("2016-12-05", datatype=XSD.date)))

        strike = b.event(f"{copy}-airstrike-aleppo", HD.Airstrike, HD.Attack)
        b.ground(strike, doc, TEXT, "ضربات جوية")
        g.add((strike, SEM.hasActor, assad))
        g.add((strike, HD.agent, assad))
        g.add((strike, SEM.hasPlace, aleppo))
        g.add((strike, SEM.hasEarliestBeginTimeStamp, Literal("2016-11-15", datatype=XSD.date)))
        g.add((strike, SEM.hasLatestEndTimeStamp, Literal("2016-12-05", datatype=XSD.date)))

        for key, anchor, value, measure, approx in (
            ("civilians", "أكثر من ثلاثمئةٍ وأحدعشر مدنيا", "311", HD.civiliansKilled, HD.moreThan),
            ("children", "42 طفلا", "42", HD.childrenKilled, HD.exact),
        ):
            figure = URIRef(f"{HDR_NS}figure/{stem}-{key}")
            b.nodes[f"{copy}-figure-{key}"] = figure
            for t in (HD.Figure, HD.Claim, PROV.Entity, SDO.Claim):
                g.add((figure, RDF.type, t))
            b.ground(figure, doc, TEXT, anchor)
            g.add((figure, HD.value, Literal(Decimal(value))))
            g.add((figure, HD.measure, measure))
            g.add((figure, HD.approximation, approx))
            g.add((figure, HD.figureOf, killing))
            g.add((figure, SDO.about, killing))

        quote = URIRef(f"{HDR_NS}claim/{stem}-lavrov-talks")
        b.nodes[f"{copy}-quote"] = quote
        words = "روسيا والولايات المتحدة ستبدآن محادثات بشأن الانسحاب في جنيف"
        for t in (HD.Quote, HD.Claim, PROV.Entity, SDO.Claim):
            g.add((quote, RDF.type, t))
        b.ground(quote, doc, TEXT, words)
        g.add((quote, HD.quotedText, Literal(words, lang="ar")))
        g.add((quote, PROV.wasAttributedTo, lavrov))
        g.add((quote, HD.claimOf, said))
        b.nodes[f"{copy}-doc"] = doc
    return g, b.nodes


def span_of(g: Graph, node: URIRef) -> URIRef:
    return sorted(g.objects(node, GAF.denotedBy))[0]


# ---- the conforming graph -------------------------------------------------------------


@pytest.fixture(scope="module")
def good() -> tuple[Graph, dict[str, URIRef]]:
    return build()


def copy_of(good) -> tuple[Graph, dict[str, URIRef]]:
    g, nodes = good
    out = Graph()
    for triple in g:
        out.add(triple)
    return out, nodes


def test_seed_sentence_is_in_the_article():
    begin = TEXT.index("وقال لافروف")
    assert TEXT[begin:begin + len("وقال")] == "وقال"
    assert TEXT[begin + 5:begin + 11] == "لافروف"


def test_good_graph_conforms(good):
    result = validate(good[0])
    assert result.conforms, result.summary()
    assert result.errors == []
    assert result.warnings == []
    assert "Conforms: True" in result.text


@pytest.mark.parametrize("as_type", [Path, str])
def test_validate_reads_a_file(good, tmp_path, as_type):
    path = tmp_path / "graph.ttl"
    good[0].serialize(path, format="turtle")
    result = validate(as_type(path))
    assert result.conforms, result.summary()


def test_validate_reads_oxigraph_turtle(good, tmp_path):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    # pyoxigraph.serialize keeps xsd:nonNegativeInteger; a pyoxigraph.Store would not (it stores
    # the offsets as xsd:integer, which the contract does not allow).
    triples = pyoxigraph.parse(good[0].serialize(format="nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    path = tmp_path / "graph.ttl"
    pyoxigraph.serialize(triples, str(path), format=pyoxigraph.RdfFormat.TURTLE,
                         prefixes={"hd": str(HD._NS), "nif": str(NIF._NS)})
    result = validate(path)
    assert result.conforms, result.summary()


def test_result_is_frozen(good):
    result = validate(good[0])
    assert isinstance(result, ValidationResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.conforms = False  # type: ignore[misc]


# ---- broken variants --------------------------------------------------------------------


def drop(g, s, p, o=None):
    g.remove((s, p, o))


def remove_ar_label(g, n):
    drop(g, n["person-lavrov"], SKOS.prefLabel, Literal("سيرغي لافروف", lang="ar"))


def second_ar_label(g, n):
    g.add((n["person-lavrov"], SKOS.prefLabel, Literal("لافروف", lang="ar")))


def untagged_label(g, n):
    remove_ar_label(g, n)
    g.add((n["person-lavrov"], SKOS.prefLabel, Literal("سيرغي لافروف")))


def anchor_with_language(g, n):
    span = span_of(g, n["0-statement-lavrov"])
    drop(g, span, NIF.anchorOf)
    g.add((span, NIF.anchorOf, Literal("وقال", lang="ar")))


def anchor_not_text(g, n):
    span = span_of(g, n["0-statement-lavrov"])
    drop(g, span, NIF.anchorOf)
    g.add((span, NIF.anchorOf, Literal("قال")))


def anchor_offsets_shifted(g, n):
    span = span_of(g, n["0-statement-lavrov"])
    begin = int(g.value(span, NIF.beginIndex))
    drop(g, span, NIF.beginIndex)
    g.add((span, NIF.beginIndex, Literal(begin + 1, datatype=XSD.nonNegativeInteger)))


def offsets_as_plain_integers(g, n):
    span = span_of(g, n["0-statement-lavrov"])
    end = int(g.value(span, NIF.endIndex))
    drop(g, span, NIF.endIndex)
    g.add((span, NIF.endIndex, Literal(end)))


def span_without_context(g, n):
    drop(g, span_of(g, n["0-statement-lavrov"]), NIF.referenceContext)


def no_denoted_by(g, n):
    drop(g, n["person-lavrov"], GAF.denotedBy)


def no_derived_from(g, n):
    drop(g, n["0-killing-aleppo"], PROV.wasDerivedFrom)


def event_not_hd_event(g, n):
    drop(g, n["0-killing-aleppo"], RDF.type, HD.Event)


def airstrike_not_attack(g, n):
    drop(g, n["0-airstrike-aleppo"], RDF.type, HD.Attack)


def event_not_sem_event(g, n):
    drop(g, n["0-statement-lavrov"], RDF.type, SEM.Event)


def city_not_place(g, n):
    drop(g, n["geonames-170063"], RDF.type, HD.Place)


def timestamp_as_string(g, n):
    drop(g, n["0-statement-lavrov"], SEM.hasTimeStamp)
    g.add((n["0-statement-lavrov"], SEM.hasTimeStamp, Literal("2016-12-05")))


def timestamp_as_datetime(g, n):
    drop(g, n["0-killing-aleppo"], SEM.hasEarliestBeginTimeStamp)
    g.add((n["0-killing-aleppo"], SEM.hasEarliestBeginTimeStamp,
           Literal("2016-11-15T00:00:00", datatype=XSD.dateTime)))


def range_reversed(g, n):
    drop(g, n["0-killing-aleppo"], SEM.hasEarliestBeginTimeStamp)
    g.add((n["0-killing-aleppo"], SEM.hasEarliestBeginTimeStamp, Literal("2016-12-06", datatype=XSD.date)))


def figure_without_value(g, n):
    drop(g, n["0-figure-children"], HD.value)


def figure_value_as_integer(g, n):
    drop(g, n["0-figure-children"], HD.value)
    g.add((n["0-figure-children"], HD.value, Literal(42)))


def figure_unknown_measure(g, n):
    drop(g, n["0-figure-children"], HD.measure)
    g.add((n["0-figure-children"], HD.measure, HD.exact))


def figure_not_claim(g, n):
    drop(g, n["0-figure-children"], RDF.type, HD.Claim)


def article_not_context(g, n):
    drop(g, n["0-doc"], RDF.type, NIF.Context)


def article_two_identifiers(g, n):
    g.add((n["0-doc"], SDO.identifier, Literal("004")))


def article_iri_not_stem(g, n):
    drop(g, n["0-doc"], SDO.identifier)
    g.add((n["0-doc"], SDO.identifier, Literal("005_other")))


def agent_not_actor(g, n):
    drop(g, n["0-airstrike-aleppo"], SEM.hasActor)


def wkt_as_string(g, n):
    geometry = g.value(n["geonames-170063"], GEO.hasGeometry)
    drop(g, geometry, GEO.asWKT)
    g.add((geometry, GEO.asWKT, Literal("POINT(37.16117 36.20124)")))


def same_as_literal(g, n):
    g.add((n["geonames-170063"], OWL.sameAs, Literal("https://sws.geonames.org/170063/")))


def same_as_bad_geonames(g, n):
    g.add((n["geonames-170063"], OWL.sameAs, URIRef("http://www.geonames.org/170063")))


def part_of_cycle(g, n):
    g.add((n["geonames-163843"], HD.partOf, n["geonames-170063"]))


def span_iri_not_offsets(g, n):
    old = span_of(g, n["0-statement-lavrov"])
    new = URIRef(f"{n['0-doc']}#offset_1")
    for p, o in list(g.predicate_objects(old)):
        g.add((new, p, o))
    g.remove((old, None, None))
    g.remove((n["0-statement-lavrov"], GAF.denotedBy, old))
    g.add((n["0-statement-lavrov"], GAF.denotedBy, new))


BROKEN = [
    # (how it is broken, the node that should be reported, a part of the message)
    (remove_ar_label, "person-lavrov", "exactly one skos:prefLabel@ar"),
    (second_ar_label, "person-lavrov", "At most one skos:prefLabel per language"),
    (untagged_label, "person-lavrov", "needs a language tag"),
    (anchor_with_language, None, "plain xsd:string"),
    (anchor_not_text, None, "is not the article text"),
    (anchor_offsets_shifted, None, "is not the article text"),
    (offsets_as_plain_integers, None, "nif:endIndex, an xsd:nonNegativeInteger"),
    (span_without_context, None, "exactly one nif:referenceContext"),
    (no_denoted_by, "person-lavrov", "at least one gaf:denotedBy"),
    (no_derived_from, "0-killing-aleppo", "at least one prov:wasDerivedFrom"),
    (event_not_hd_event, "0-killing-aleppo", "must be typed hd:Event"),
    (airstrike_not_attack, "0-airstrike-aleppo", "typed hd:Attack"),
    (event_not_sem_event, "0-statement-lavrov", "typed sem:Event"),
    (city_not_place, "geonames-170063", "typed hd:Place"),
    (timestamp_as_string, "0-statement-lavrov", "sem:hasTimeStamp must be a single xsd:date"),
    (timestamp_as_datetime, "0-killing-aleppo", "sem:hasEarliestBeginTimeStamp must be a single xsd:date"),
    (range_reversed, "0-killing-aleppo", "must not be after"),
    (figure_without_value, "0-figure-children", "exactly one hd:value"),
    (figure_value_as_integer, "0-figure-children", "exactly one hd:value, an xsd:decimal"),
    (figure_unknown_measure, "0-figure-children", "concept of hd:MeasureScheme"),
    (figure_not_claim, "0-figure-children", "typed hd:Claim"),
    (article_not_context, "0-doc", "typed nif:Context"),
    (article_two_identifiers, "0-doc", "exactly one schema:identifier"),
    (article_iri_not_stem, "0-doc", "hdr:doc/<schema:identifier>"),
    (agent_not_actor, "0-airstrike-aleppo", "also be asserted as sem:hasActor"),
    (wkt_as_string, None, "geo:wktLiteral"),
    (same_as_literal, "geonames-170063", "must point to an IRI"),
    (same_as_bad_geonames, "geonames-170063", "https://sws.geonames.org/<id>/"),
    (part_of_cycle, "geonames-170063", "must not form a cycle"),
    (span_iri_not_offsets, None, "#char=<begin>,<end>"),
]


@pytest.mark.parametrize("breaks, focus, message", BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_broken_graph_fails_with_its_message(good, breaks, focus, message):
    g, nodes = copy_of(good)
    breaks(g, nodes)
    result = validate(g)
    assert not result.conforms
    hits = [v for v in result.errors if message in v.message]
    assert hits, f"no violation saying {message!r}; got:\n{result.summary()}"
    if focus is not None:
        assert str(nodes[focus]) in {v.focus_node for v in hits}


@pytest.mark.parametrize("stem, tail", [
    ("004_53edab2f179b4b77", "004_53edab2f179b4b77"),
    ("خبر", "خبر"),  # an IRI may hold Arabic as it is
    ("خبر", "%D8%AE%D8%A8%D8%B1"),  # or percent-encoded (urllib.parse.quote(stem, safe=""))
    ("news.jsonl:17", "news.jsonl%3A17"),
    ("a b&c", "a%20b%26c"),
])
def test_article_iri_may_percent_encode_the_stem(stem, tail):
    g = Graph()
    doc = URIRef(f"{HDR_NS}doc/{tail}")
    g.add((doc, RDF.type, SDO.NewsArticle))
    g.add((doc, RDF.type, NIF.Context))
    g.add((doc, SDO.identifier, Literal(stem)))
    g.add((doc, NIF.isString, Literal(TEXT)))
    result = validate(g)
    assert result.conforms, result.summary()


def test_figure_without_event_is_a_warning_only(good):
    g, nodes = copy_of(good)
    drop(g, nodes["0-figure-children"], HD.figureOf)
    result = validate(g)
    assert result.conforms
    assert [v.severity for v in result.violations] == ["Warning"]
    assert "hd:figureOf" in result.violations[0].message


def test_event_without_time_is_a_warning_only(good):
    g, nodes = copy_of(good)
    drop(g, nodes["0-statement-lavrov"], SEM.hasTimeStamp)
    result = validate(g)
    assert result.conforms
    assert {v.focus_node for v in result.warnings} == {str(nodes["0-statement-lavrov"])}


def test_violation_fields(good):
    g, nodes = copy_of(good)
    timestamp_as_string(g, nodes)
    result = validate(g)
    (v,) = result.errors
    assert isinstance(v, Violation)
    assert v.focus_node == str(nodes["0-statement-lavrov"])
    assert v.path == str(SEM.hasTimeStamp)
    assert v.severity == "Violation"
    assert v.value == "2016-12-05"
    assert "sem:hasTimeStamp" in str(v)
    assert "does NOT conform" in result.summary()


def test_blank_node_focus_is_named(good):
    g, nodes = copy_of(good)
    node = BNode()
    g.add((node, RDF.type, HD.Person))
    g.add((node, SKOS.prefLabel, Literal("شخص", lang="ar")))
    result = validate(g)
    assert any(v.focus_node.startswith("_:") for v in result.errors)


# ---- locating files, errors -------------------------------------------------------------


def test_ontology_dir_holds_the_ontology_and_shapes():
    folder = ontology_dir()
    assert folder == ROOT / "ontology"
    assert (folder / "hadath.ttl").is_file()
    assert (folder / "shapes.ttl").is_file()


def test_missing_shapes_file_names_the_path(good, tmp_path):
    missing = tmp_path / "nowhere" / "shapes.ttl"
    with pytest.raises(FileNotFoundError, match="nowhere"):
        validate(good[0], shapes=missing)


def test_default_shapes_missing_names_the_path(good, monkeypatch, tmp_path):
    fake_pkg = tmp_path / "kg"
    fake_pkg.mkdir()
    monkeypatch.setattr(validate_mod.kg, "__file__", str(fake_pkg / "__init__.py"))
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "ontology" / "shapes.ttl")):
        validate(good[0])
    with pytest.raises(FileNotFoundError, match="ontology"):
        ontology_dir()


def test_missing_data_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="graph.ttl"):
        validate(tmp_path / "graph.ttl")


def test_turtle_text_is_not_a_path():
    with pytest.raises(FileNotFoundError, match="rdflib.Graph"):
        validate("@prefix hd: <https://w3id.org/hadath/ontology#> .\n")


def test_unparsable_file_names_the_file(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(ValueError, match="graph.ttl"):
        validate(path)


def test_custom_shapes_file(good, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix hd: <https://w3id.org/hadath/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        [] a sh:NodeShape ; sh:targetClass hd:Person ;
           sh:property [ sh:path skos:altLabel ; sh:minCount 1 ; sh:message "needs an altLabel" ] .
    """, encoding="utf-8")
    result = validate(good[0], shapes=shapes)
    assert not result.conforms
    assert [v.message for v in result.violations] == ["needs an altLabel"]


def test_a_few_thousand_triples_validate_in_seconds():
    g, _ = build(copies=20)
    assert len(g) > 2000
    start = time.perf_counter()
    result = validate(g)
    elapsed = time.perf_counter() - start
    assert result.conforms, result.summary()
    assert elapsed < 10, f"validation took {elapsed:.1f} s for {len(g)} triples"


# ---- the fast checker gives pyshacl's findings -------------------------------------------


def _findings(result: ValidationResult) -> set[tuple]:
    # blank-node focus and value labels differ between the engines (N-Triples relabels them)
    def norm(text):
        return "_:" if text is not None and text.startswith("_:") else text
    return {(norm(v.focus_node), v.path, v.message, v.severity, norm(v.value)) for v in result.violations}


@pytest.mark.parametrize("breaks", [None, *(b[0] for b in BROKEN), "blank_person"],
                         ids=["good", *(b[0].__name__ for b in BROKEN), "blank_person"])
def test_fast_checker_finds_what_pyshacl_finds(good, breaks):
    g, nodes = copy_of(good)
    if breaks == "blank_person":
        g.add((BNode(), RDF.type, HD.Person))
    elif breaks is not None:
        breaks(g, nodes)
    fast, slow = validate(g, engine="fast"), validate(g, engine="pyshacl")
    assert fast.conforms == slow.conforms
    assert _findings(fast) == _findings(slow)


def test_fast_checker_reads_the_file_like_pyshacl(good, tmp_path):
    g, nodes = copy_of(good)
    range_reversed(g, nodes)
    path = tmp_path / "graph.ttl"
    g.serialize(path, format="turtle")
    fast, slow = validate(path, engine="fast"), validate(path, engine="pyshacl")
    assert not fast.conforms and _findings(fast) == _findings(slow)


def test_shapes_the_fast_checker_lacks_go_to_pyshacl(good, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix hd: <https://w3id.org/hadath/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        [] a sh:NodeShape ; sh:targetClass hd:Person ;
           sh:property [ sh:path skos:prefLabel ; sh:minLength 100 ; sh:message "too short" ] .
    """, encoding="utf-8")
    with pytest.raises(importlib.import_module("kg.graph.shacl_core").Unsupported):
        validate(good[0], shapes=shapes, engine="fast")
    result = validate(good[0], shapes=shapes)
    assert not result.conforms and {v.message for v in result.violations} == {"too short"}
