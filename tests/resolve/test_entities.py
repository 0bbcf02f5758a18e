import pytest

from kg.model import Article, ArticleAnalysis
from kg.recognize.registry import get_recognizer
from kg.resolve.entities import person_aliases, resolve_entities
from tests.conftest import seed_text


@pytest.mark.parametrize("short, full", [
    ("person:دي ميستورا", "person:استيفان دي ميستورا"),
    ("person:ستافان دي ميستورا", "person:استيفان دي ميستورا"),   # a variant spelling of the first name
    ("person:لافروف", "person:سيرغي لافروف"),
    ("person:عبد الرحمن", "person:رامي عبد الرحمن"),
])
def test_short_forms_and_variants_join_the_full_name(short, full):
    alias = person_aliases({short, full, "person:ستيفان دوجاريك", "person:ستيفن اوبراين"})
    assert alias[short] == full


def test_different_people_stay_apart():
    alias = person_aliases({"person:ستيفان دوجاريك", "person:ستيفن اوبراين", "person:جون كيري", "person:جون بولتون"})
    assert len(set(alias.values())) == 4


def test_a_bare_surname_shared_by_two_people_is_not_guessed():
    alias = person_aliases({"person:الاسد", "person:بشار الاسد", "person:حافظ الاسد"})
    assert alias["person:الاسد"] == "person:الاسد"


@pytest.fixture(scope="module")
def seed_entities():
    rules = get_recognizer("rules")
    analyses = {}
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        analyses[prefix] = ArticleAnalysis(article=Article(prefix, text), mentions=tuple(rules(text)))
    return resolve_entities(analyses, {"SY": "Syria"})


def test_one_node_per_entity_across_articles(seed_entities):
    entities, entity_of = seed_entities
    de_mistura = [e for e in entities.values() if "ميستورا" in e.label_ar]
    assert len(de_mistura) == 1 and {r.article for r in de_mistura[0].mentions} == {"000", "002"}
    aleppo = entities["geonames:170063"]
    assert {r.article for r in aleppo.mentions} == {"000", "001", "002", "003", "004"}


def test_descriptors_merge_but_stay_distinct_from_the_country(seed_entities):
    entities, _ = seed_entities
    army = entities["actor:government-forces:SY"]
    assert {"قوات النظام", "القوات النظامية", "الجيش السوري"} <= army.alt_labels | {army.label_ar}
    assert army.label_en == "Syria government forces"
    assert {"actor:government:SY", "geonames:163843"} <= set(entities)


def test_every_mention_maps_to_an_entity(seed_entities):
    entities, entity_of = seed_entities
    assert all(key in entities for per_article in entity_of.values() for key in per_article.values())


def test_neighbourhoods_link_to_their_city(seed_entities):
    entities, _ = seed_entities
    hoods = [e for e in entities.values() if e.subtype == "Neighbourhood"]
    assert len(hoods) >= 10 and all(e.part_of == "geonames:170063" for e in hoods)
    assert entities["geonames:170063"].part_of == "geonames:163843"


def test_a_hashtag_and_the_words_it_joins_are_one_place():
    """AL-internationalNews-1701-style «#مطار_الحديدة» and a plain «مطار الحديدة»: one node; lexicon keys keep
    their underscores."""
    import datetime as dt

    from kg.pipeline import analyze_article
    from kg.resolve.entities import canonical_key

    rec = get_recognizer("rules")
    texts = {"a": "تمكن الجيش اليمني من السيطرة الكاملة على #مطار_الحديدة، مع استمرار عمليات التمشيط.",
             "b": "سيطرت القوات الحكومية على مطار الحديدة في غرب اليمن."}
    analyses = {k: analyze_article(Article(k, t, dt.date(2018, 6, 19)), rec) for k, t in texts.items()}
    entities, entity_of = resolve_entities(analyses, {})
    airports = {entity_of[k][i] for k, a in analyses.items() for i, m in enumerate(a.mentions) if "مطار" in m.anchor}
    assert len(airports) == 1
    assert canonical_key("org:arab_league") == "org:arab_league"
