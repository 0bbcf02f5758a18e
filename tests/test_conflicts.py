"""kg conflicts (kg.conflicts): disagreeing figures of one measure side by side, with every source's label."""
from __future__ import annotations

from kg.conflicts import find_conflicts

GRAPH = """
@prefix hd: <https://w3id.org/hadath/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix r: <https://w3id.org/hadath/id/> .

r:event\\/e1 a hd:Killing ; sem:hasTimeStamp "2017-01-29"^^xsd:date .
r:doc\\/a schema:datePublished "2017-01-30"^^xsd:date .
r:doc\\/b schema:datePublished "2017-01-30"^^xsd:date .
r:entity\\/police a hd:Organization ; skos:prefLabel "الشرطة الكندية"@ar .
r:entity\\/person a hd:Person ; skos:prefLabel "رئيس الوزراء"@ar .
r:entity\\/src a prov:Agent ; skos:prefLabel "مصادر أمنية كندية"@ar .
r:figure\\/f1 a hd:Figure ; hd:value 6.0 ; hd:measure hd:killed ; schema:about r:event\\/e1 ;
    prov:wasDerivedFrom r:doc\\/a ; gaf:denotedBy <https://w3id.org/hadath/id/doc/a#char=1,2> ;
    prov:wasAttributedTo r:entity\\/src .
<https://w3id.org/hadath/id/doc/a#char=1,2> nif:anchorOf "6" .
r:figure\\/f2 a hd:Figure ; hd:value 5.0 ; hd:measure hd:killed ; schema:about r:event\\/e1 ;
    prov:wasDerivedFrom r:doc\\/b ; gaf:denotedBy <https://w3id.org/hadath/id/doc/b#char=1,2> ;
    prov:wasAttributedTo r:entity\\/police , r:entity\\/person .
<https://w3id.org/hadath/id/doc/b#char=1,2> nif:anchorOf "5" .
"""


def test_two_outlets_tallies_side_by_side_with_all_their_sources(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    (conflict,) = find_conflicts(path)
    assert conflict.measure == "killed" and conflict.values == [5.0, 6.0]
    by_value = {a.value: a for a in conflict.accounts}
    assert len(conflict.accounts) == 2                       # one account per figure, not per source
    assert by_value[6.0].source == "مصادر أمنية كندية"       # an unnamed source, with the text's words
    assert set(by_value[5.0].source.split(" · ")) == {"الشرطة الكندية", "رئيس الوزراء"}
