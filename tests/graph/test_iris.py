import pytest
from rdflib.term import _is_valid_uri

from kg.graph import iris


@pytest.mark.parametrize("key", [
    "person:ستيفان دوجاريك", "geonames:170063", "actor:government-forces:SY", "place:geonames:170063/بستان القصر",
    'org:مركز "حميميم"', "person:<script>alert(1)</script>", "x\u200fy\u0640z", "",
])
def test_minted_iris_are_valid_and_stable(key):
    iri = iris.entity_iri(key)
    assert _is_valid_uri(str(iri)) and " " not in iri
    assert iris.entity_iri(key) == iri


def test_distinct_keys_get_distinct_iris():
    keys = ["person:A b", "person:a b", "person:a-b", "person:ab"]
    assert len({iris.entity_iri(k) for k in keys}) == len(keys)


def test_transliteration_keeps_iris_readable():
    assert "/entity/geonames-170063-" in iris.entity_iri("geonames:170063")
    assert "/entity/person-styfAn-dwjAryk-" in iris.entity_iri("person:ستيفان دوجاريك")


@pytest.mark.parametrize("article, expected", [
    ("000_794ff0148909e9aa", "https://w3id.org/hadath/id/doc/000_794ff0148909e9aa#char=3,7"),
    ("a b/c", "https://w3id.org/hadath/id/doc/a%20b%2Fc#char=3,7"),
])
def test_span_iris_follow_the_contract(article, expected):
    assert str(iris.span_iri(article, 3, 7)) == expected
