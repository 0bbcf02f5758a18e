"""Closed vocabularies of the graph contract (shared/docs/contract.md).

Each namespace is an rdflib ``DefinedNamespace`` with ``_fail = True``: a typo
such as ``HD.Kiling`` raises at import time instead of minting a new IRI.
GeoSPARQL, PROV, schema.org, SKOS and OWL come from rdflib itself.
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import GEO, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

__all__ = ["HD", "SEM", "GAF", "NIF", "GEO", "OWL", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD",
           "HD_NS", "HDR_NS", "PREFIXES", "EVENT_CLASSES", "ENTITY_CLASSES", "EVENT_TRAITS"]

HD_NS = "https://w3id.org/hadath/ontology#"
HDR_NS = "https://w3id.org/hadath/id/"


class HD(DefinedNamespace):
    """The Hadath ontology (ontology/hadath.ttl)."""

    _NS = Namespace(HD_NS)
    _fail = True

    # entities
    Person: URIRef
    Organization: URIRef
    Government: URIRef
    ArmedForce: URIRef
    ArmedGroup: URIRef
    MediaOutlet: URIRef
    IntergovernmentalOrganization: URIRef
    PopulationGroup: URIRef
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    Neighbourhood: URIRef
    Site: URIRef
    # events
    Event: URIRef
    Meeting: URIRef
    Statement: URIRef
    Appeal: URIRef
    Negotiation: URIRef
    Agreement: URIRef
    Vote: URIRef
    Attack: URIRef
    Airstrike: URIRef
    Shelling: URIRef
    Clash: URIRef
    Offensive: URIRef
    Siege: URIRef
    TakeControl: URIRef
    Withdrawal: URIRef
    Displacement: URIRef
    Evacuation: URIRef
    Killing: URIRef
    Injury: URIRef
    Arrest: URIRef
    Surrender: URIRef
    Protest: URIRef
    Celebration: URIRef
    # claims
    Claim: URIRef
    Figure: URIRef
    Quote: URIRef
    # properties
    agent: URIRef
    target: URIRef
    speaker: URIRef
    partOf: URIRef
    value: URIRef
    measure: URIRef
    approximation: URIRef
    unit: URIRef
    role: URIRef
    quotedText: URIRef
    figureOf: URIRef
    claimOf: URIRef
    cameoCode: URIRef
    acledSubEventType: URIRef
    # SKOS concept schemes and concepts for figures
    MeasureScheme: URIRef
    ApproximationScheme: URIRef
    killed: URIRef
    childrenKilled: URIRef
    civiliansKilled: URIRef
    fightersKilled: URIRef
    soldiersKilled: URIRef
    wounded: URIRef
    displaced: URIRef
    evacuated: URIRef
    surrendered: URIRef
    besieged: URIRef
    areasTaken: URIRef
    territoryShare: URIRef
    detained: URIRef
    count: URIRef
    exact: URIRef
    about: URIRef
    atLeast: URIRef
    moreThan: URIRef
    lessThan: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model (the terms the contract uses)."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Time: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTime: URIRef
    hasTimeStamp: URIRef
    hasBeginTimeStamp: URIRef
    hasEndTimeStamp: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef
    eventType: URIRef
    actorType: URIRef


class GAF(DefinedNamespace):
    """Grounded Annotation Framework."""

    _NS = Namespace("http://groundedannotationframework.org/gaf#")
    _fail = True

    denotedBy: URIRef
    denotes: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core (the terms the contract uses)."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    OffsetBasedString: URIRef
    String: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    isString: URIRef
    referenceContext: URIRef
    sourceUrl: URIRef


PREFIXES: dict[str, str] = {
    "hd": HD_NS,
    "hdr": HDR_NS,
    "sem": str(SEM._NS),
    "gaf": str(GAF._NS),
    "nif": str(NIF._NS),
    "prov": str(PROV._NS),
    "schema": str(SDO._NS),
    "skos": str(SKOS._NS),
    "geo": str(GEO._NS),
    "owl": str(OWL._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
}

# Event classes the extractor may assign, each mapped to its ontology term.
EVENT_CLASSES: dict[str, URIRef] = {name: HD[name] for name in (
    "Event", "Meeting", "Statement", "Appeal", "Negotiation", "Agreement", "Vote", "Attack", "Airstrike",
    "Shelling", "Clash", "Offensive", "Siege", "TakeControl", "Withdrawal", "Displacement", "Evacuation",
    "Killing", "Injury", "Arrest", "Surrender", "Protest", "Celebration")}

ENTITY_CLASSES: dict[str, URIRef] = {name: HD[name] for name in (
    "Person", "Organization", "Government", "ArmedForce", "ArmedGroup", "MediaOutlet",
    "IntergovernmentalOrganization", "PopulationGroup", "Place", "Country", "Region", "City", "Neighbourhood", "Site")}

# The direct superclass of each Hadath class inside the Hadath hierarchy. The graph
# materialises every ancestor (plus the SEM/schema.org alignments) so that plain SPARQL
# finds a Killing as an hd:Event and a sem:Event without a reasoner. A test checks this
# table against the rdfs:subClassOf axioms of ontology/hadath.ttl.
PARENT: dict[str, str] = {
    "Organization": "", "Person": "", "Place": "", "Event": "", "Claim": "",
    "Government": "Organization", "ArmedForce": "Organization", "ArmedGroup": "Organization",
    "MediaOutlet": "Organization", "IntergovernmentalOrganization": "Organization",
    "PopulationGroup": "Organization",
    "Country": "Place", "Region": "Place", "City": "Place", "Neighbourhood": "Place", "Site": "Place",
    "Meeting": "Event", "Statement": "Event", "Appeal": "Event", "Negotiation": "Event",
    "Agreement": "Event", "Vote": "Event", "Attack": "Event", "Airstrike": "Attack",
    "Shelling": "Attack", "Clash": "Attack", "Offensive": "Attack", "Siege": "Attack",
    "TakeControl": "Event", "Withdrawal": "Event", "Displacement": "Event", "Evacuation": "Event",
    "Killing": "Event", "Injury": "Event", "Arrest": "Event", "Surrender": "Event",
    "Protest": "Event", "Celebration": "Event",
    "Figure": "Claim", "Quote": "Claim",
}


# What the extractor needs to know of an event class, declared once (kg.extract.classes reads it; a test
# checks every name against EVENT_CLASSES):
#   communication   people talk: its subject speaks, what follows إن / لبحث is what it is about
#   physical        happens on the ground: a place is looked for beyond its clause
#   military        an armed actor before it may be its agent (pro-drop); its targets are the other side
#   patient-subject its grammatical subject (or genitive) is the one it happens to (قتل X، اعتقال X)
EVENT_TRAITS: dict[str, frozenset[str]] = {name: frozenset(traits.split()) for name, traits in {
    "Meeting": "communication", "Statement": "communication", "Appeal": "communication",
    "Negotiation": "communication", "Vote": "communication", "Agreement": "communication",
    "Attack": "physical military", "Airstrike": "physical military", "Shelling": "physical military",
    "Clash": "physical military", "Offensive": "physical military", "Siege": "physical military",
    "TakeControl": "physical military", "Withdrawal": "physical military", "Displacement": "physical",
    "Evacuation": "physical", "Killing": "physical military patient-subject", "Injury": "physical patient-subject",
    "Arrest": "physical patient-subject", "Surrender": "physical military", "Protest": "physical",
    "Celebration": "physical",
}.items()}


def hadath_ancestors(name: str) -> list[str]:
    """The class and its Hadath ancestors, most specific first: Airstrike -> [Airstrike, Attack, Event]."""
    chain = []
    while name:
        chain.append(name)
        name = PARENT[name]
    return chain
