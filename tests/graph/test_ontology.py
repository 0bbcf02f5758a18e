"""ontology/hadath.ttl and ontology/shapes.ttl against the closed vocabulary in
kg/graph/vocab.py and the contract (shared/docs/contract.md)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDFS, SH

from kg.graph.validate import ontology_dir
from kg.graph.vocab import EVENT_CLASSES, HD, HD_NS, OWL, PARENT, PROV, RDF, SDO, SEM, SKOS, XSD

ONTOLOGY = ontology_dir() / "hadath.ttl"
SHAPES = ontology_dir() / "shapes.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/hadath/ontology")

VOCAB_TERMS = sorted(HD.__annotations__)  # every term the closed namespace declares
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                     SKOS.ConceptScheme, SKOS.Concept}
CLASSES = sorted(PARENT)
PROPERTIES = ["agent", "target", "speaker", "partOf", "value", "measure", "approximation", "unit", "role",
              "quotedText", "figureOf", "claimOf", "cameoCode", "acledSubEventType"]
MEASURES = ["killed", "childrenKilled", "civiliansKilled", "fightersKilled", "soldiersKilled", "wounded",
            "displaced", "evacuated", "surrendered", "besieged", "areasTaken", "territoryShare", "detained", "count"]
APPROXIMATIONS = ["exact", "about", "atLeast", "moreThan", "lessThan"]

# ACLED codebook (2023) sub-event types.
ACLED_SUB_EVENT_TYPES = {
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Violent demonstration", "Mob violence", "Chemical weapon", "Air/drone strike", "Suicide bomb",
    "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade", "Sexual violence",
    "Attack", "Abduction/forced disappearance", "Agreement", "Arrests", "Change to group/activity",
    "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def local(iri: URIRef) -> str:
    return str(iri)[len(HD_NS):]


def hd_terms_in(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(HD_NS)}


def labels(graph: Graph, node: URIRef, prop: URIRef = RDFS.label) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lit in graph.objects(node, prop):
        assert isinstance(lit, Literal)
        out.setdefault(lit.language or "", []).append(str(lit))
    return out


# ---- the ontology file ------------------------------------------------------------------


def test_ontology_parses_the_same_in_rdflib_and_oxigraph(onto):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(onto) > 0


def test_shapes_parse_the_same_in_rdflib_and_oxigraph(shapes):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(SHAPES), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(shapes) > 0


@pytest.mark.parametrize("prop", [DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license])
def test_ontology_header(onto, prop):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, prop) is not None


@pytest.mark.parametrize("name", VOCAB_TERMS)
def test_every_vocab_term_is_declared(onto, name):
    types = set(onto.objects(HD[name], RDF.type))
    assert types & DECLARATION_TYPES, f"hd:{name} is in kg/graph/vocab.py but not declared in hadath.ttl"


def test_every_ontology_term_is_in_vocab(onto):
    unknown = sorted(local(t) for t in hd_terms_in(onto) if local(t) not in HD.__annotations__)
    assert unknown == [], f"hd: terms in hadath.ttl missing from kg/graph/vocab.py: {unknown}"


def test_every_shapes_term_is_in_vocab(shapes):
    unknown = sorted(local(t) for t in hd_terms_in(shapes) if local(t) not in HD.__annotations__)
    assert unknown == [], f"hd: terms in shapes.ttl missing from kg/graph/vocab.py: {unknown}"


def test_vocab_lists_are_known_terms():
    assert set(PROPERTIES + MEASURES + APPROXIMATIONS + CLASSES) <= set(VOCAB_TERMS)
    rest = set(VOCAB_TERMS) - set(PROPERTIES + MEASURES + APPROXIMATIONS + CLASSES)
    assert rest == {"MeasureScheme", "ApproximationScheme"}


@pytest.mark.parametrize("name", CLASSES)
def test_parent_matches_subclass_axioms(onto, name):
    supers = {local(s) for s in onto.objects(HD[name], RDFS.subClassOf) if str(s).startswith(HD_NS)}
    expected = {PARENT[name]} if PARENT[name] else set()
    assert supers == expected


def test_no_hadath_class_outside_parent(onto):
    classes = {local(c) for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(HD_NS)}
    assert classes == set(PARENT)


def test_event_classes_are_the_events_of_parent():
    from kg.graph.vocab import hadath_ancestors

    assert {n for n in PARENT if "Event" in hadath_ancestors(n)} == set(EVENT_CLASSES)


@pytest.mark.parametrize("child, parents", [
    ("Person", {SEM.Actor, SDO.Person}),
    ("Organization", {SEM.Actor, SDO.Organization}),
    ("Place", {SEM.Place, SDO.Place}),
    ("Country", {HD.Place, SEM.Actor}),
    ("Event", {SEM.Event, SDO.Event}),
    ("Claim", {PROV.Entity, SDO.Claim}),
    ("Figure", {HD.Claim}),
    ("Quote", {HD.Claim}),
    ("Airstrike", {HD.Attack}),
    ("Siege", {HD.Attack}),
])
def test_contract_alignments(onto, child, parents):
    assert set(onto.objects(HD[child], RDFS.subClassOf)) == parents


def test_external_terms_are_declared(onto):
    """Every external class or property the axioms refer to is declared, for editors like Protégé."""
    builtin = {RDFS.Literal, XSD.decimal, XSD.string}
    used = set()
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        used |= {o for o in onto.objects(None, prop) if not str(o).startswith(HD_NS)}
    for prop in (SKOS.inScheme, SKOS.broader, SKOS.hasTopConcept):
        used.add(prop)
    undeclared = sorted(str(t) for t in used - builtin
                        if not set(onto.objects(t, RDF.type)) & DECLARATION_TYPES
                        or onto.value(t, RDFS.isDefinedBy) is None)
    assert undeclared == []


@pytest.mark.parametrize("name", CLASSES + PROPERTIES)
def test_labels_in_arabic_and_english(onto, name):
    found = labels(onto, HD[name])
    assert len(found.get("ar", [])) == 1 and len(found.get("en", [])) == 1, found
    assert re.search("[\u0600-\u06ff]", found["ar"][0]), "the @ar label is not in Arabic script"


@pytest.mark.parametrize("name", CLASSES + PROPERTIES)
def test_defined_by_the_ontology(onto, name):
    assert onto.value(HD[name], RDFS.isDefinedBy) == ONTOLOGY_IRI


@pytest.mark.parametrize("name", sorted(EVENT_CLASSES))
def test_event_classes_have_definitions(onto, name):
    defs = labels(onto, HD[name], SKOS.definition)
    assert defs.get("en") and defs.get("ar"), defs


CAMEO = {
    "Statement": "01", "Appeal": "02", "Meeting": "04", "Negotiation": "046", "Agreement": "057",
    "Protest": "14", "Arrest": "173", "Killing": "18", "Attack": "19", "Offensive": "190",
    "Siege": "191", "TakeControl": "192", "Clash": "193", "Shelling": "194", "Airstrike": "195",
    "Withdrawal": "0874", "Surrender": "0874",
    # no CAMEO code fits these
    "Event": None, "Vote": None, "Displacement": None, "Evacuation": None, "Injury": None, "Celebration": None,
}


def test_cameo_table_covers_every_event_class():
    assert set(CAMEO) == set(EVENT_CLASSES)


@pytest.mark.parametrize("name, code", sorted(CAMEO.items()))
def test_cameo_codes(onto, name, code):
    assert [str(c) for c in onto.objects(HD[name], HD.cameoCode)] == ([code] if code else [])
    if code:
        assert re.fullmatch(r"0[1-9][0-9]{0,2}|1[0-9]{1,3}|20[0-9]{0,2}", code)


@pytest.mark.parametrize("name", sorted(n for n, code in CAMEO.items() if code and CAMEO.get(PARENT[n])))
def test_cameo_codes_nest_under_their_parent(onto, name):
    code = str(onto.value(HD[name], HD.cameoCode))
    parent = str(onto.value(HD[PARENT[name]], HD.cameoCode))
    assert code.startswith(parent), f"hd:{name} {code} is not under hd:{PARENT[name]} {parent}"


@pytest.mark.parametrize("name, types", [
    ("Airstrike", {"Air/drone strike"}), ("Shelling", {"Shelling/artillery/missile attack"}),
    ("Clash", {"Armed clash"}), ("Protest", {"Peaceful protest"}), ("Agreement", {"Agreement"}),
    ("Arrest", {"Arrests"}), ("Withdrawal", {"Non-violent transfer of territory"}),
    ("TakeControl", {"Non-state actor overtakes territory", "Government regains territory"}),
    ("Displacement", set()), ("Statement", set()),
])
def test_acled_sub_event_types(onto, name, types):
    assert {str(t) for t in onto.objects(HD[name], HD.acledSubEventType)} == types


def test_acled_values_are_codebook_sub_event_types(onto):
    used = {str(t) for t in onto.objects(None, HD.acledSubEventType)}
    assert used and used <= ACLED_SUB_EVENT_TYPES


@pytest.mark.parametrize("name", ["agent", "target", "speaker"])
def test_roles_are_sem_actors(onto, name):
    assert (HD[name], RDFS.subPropertyOf, SEM.hasActor) in onto
    assert (HD[name], RDFS.domain, SEM.Event) in onto
    assert (HD[name], RDF.type, OWL.ObjectProperty) in onto


@pytest.mark.parametrize("name, kind", [
    ("partOf", OWL.TransitiveProperty), ("partOf", OWL.ObjectProperty), ("value", OWL.DatatypeProperty),
    ("measure", OWL.ObjectProperty), ("approximation", OWL.ObjectProperty), ("unit", OWL.DatatypeProperty),
    ("role", OWL.DatatypeProperty), ("quotedText", OWL.DatatypeProperty), ("figureOf", OWL.ObjectProperty),
    ("claimOf", OWL.ObjectProperty), ("cameoCode", OWL.AnnotationProperty),
    ("acledSubEventType", OWL.AnnotationProperty),
])
def test_property_kinds(onto, name, kind):
    assert (HD[name], RDF.type, kind) in onto


@pytest.mark.parametrize("subject, prop, obj", [
    (HD.partOf, RDFS.subPropertyOf, SDO.containedInPlace),
    (HD.partOf, RDFS.domain, HD.Place),
    (HD.partOf, RDFS.range, HD.Place),
    (HD.value, RDFS.range, XSD.decimal),
    (HD.measure, RDFS.range, SKOS.Concept),
    (HD.approximation, RDFS.range, SKOS.Concept),
    (HD.figureOf, RDFS.subPropertyOf, SDO.about),
    (HD.claimOf, RDFS.subPropertyOf, SDO.about),
])
def test_property_axioms(onto, subject, prop, obj):
    assert (subject, prop, obj) in onto


# ---- the SKOS schemes -------------------------------------------------------------------


CONCEPTS = [(m, HD.MeasureScheme) for m in MEASURES] + [(a, HD.ApproximationScheme) for a in APPROXIMATIONS]


@pytest.mark.parametrize("name, scheme", CONCEPTS)
def test_concepts(onto, name, scheme):
    concept = HD[name]
    assert (concept, RDF.type, SKOS.Concept) in onto
    assert set(onto.objects(concept, SKOS.inScheme)) == {scheme}
    found = labels(onto, concept, SKOS.prefLabel)
    assert len(found.get("ar", [])) == 1 and len(found.get("en", [])) == 1, found
    # the notation is the name kg/model.py uses: childrenKilled <-> "children-killed"
    assert str(onto.value(concept, SKOS.notation)) == re.sub("([A-Z])", lambda m: "-" + m[1].lower(), name)
    broader = set(onto.objects(concept, SKOS.broader))
    if broader:
        assert broader <= {HD[m] for m in MEASURES}
        assert (concept, SKOS.topConceptOf, scheme) not in onto
    else:
        assert (concept, SKOS.topConceptOf, scheme) in onto
        assert (scheme, SKOS.hasTopConcept, concept) in onto


@pytest.mark.parametrize("name", ["childrenKilled", "civiliansKilled", "fightersKilled", "soldiersKilled"])
def test_killed_subconcepts(onto, name):
    assert (HD[name], SKOS.broader, HD.killed) in onto


@pytest.mark.parametrize("scheme", [HD.MeasureScheme, HD.ApproximationScheme])
def test_schemes(onto, scheme):
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    found = labels(onto, scheme)
    assert found.get("ar") and found.get("en")


# ---- the shapes -------------------------------------------------------------------------


def shape_nodes(shapes: Graph) -> list:
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    nodes |= set(shapes.objects(None, SH.property))
    nodes |= set(shapes.objects(None, SH.sparql))
    return sorted(nodes, key=str)


def test_every_shape_has_a_message(shapes):
    missing = [n for n in shape_nodes(shapes) if shapes.value(n, SH.message) is None]
    assert len(shape_nodes(shapes)) > 20
    assert missing == []


@pytest.mark.parametrize("child", [c for c in CLASSES if PARENT[c]])
def test_shapes_require_materialised_parent(shapes, child):
    """A node typed hd:<child> must be typed hd:<parent> too: some shape targets it with that hasValue."""
    parent = HD[PARENT[child]]
    ok = False
    for shape in shapes.subjects(SH.targetClass, HD[child]):
        for prop in shapes.objects(shape, SH.property):
            if shapes.value(prop, SH.path) == RDF.type and shapes.value(prop, SH.hasValue) == parent:
                ok = True
    assert ok, f"no shape requires hd:{child} nodes to be typed hd:{PARENT[child]}"


@pytest.mark.parametrize("prop, scheme", [(HD.measure, HD.MeasureScheme), (HD.approximation, HD.ApproximationScheme)])
def test_figure_shape_lists_every_concept_of_the_scheme(shapes, onto, prop, scheme):
    lists = [shapes.value(p, SH["in"]) for p in shapes.subjects(SH.path, prop)]
    allowed = {x for head in lists if isinstance(head, BNode) for x in Collection(shapes, head)}
    assert allowed == set(onto.subjects(SKOS.inScheme, scheme))


def test_shapes_ontology_imports_the_ontology(shapes):
    assert (URIRef("https://w3id.org/hadath/shapes"), OWL.imports, ONTOLOGY_IRI) in shapes


def test_ontology_dir_is_the_repository_folder():
    assert ontology_dir() == Path(__file__).resolve().parents[2] / "ontology"
