"""Reading view data out of a contract-shaped graph (kg/views/common.py)."""
from __future__ import annotations

import json

import pytest

from kg.views.common import embed_json, render_page

from .conftest import (ENTITIES, EVENTS, FIGURES, HOSTILE_TEXT, N_ENTITIES, N_EVENTS, N_FIGURES, XSS_IMG, XSS_SCRIPT,
                       entity, event, figure, seed_text)


def index_of(data, node) -> int:
    return [it.iri for it in data.items].index(str(node))


def test_counts(data):
    assert data.count("entity") == N_ENTITIES
    assert data.count("event") == N_EVENTS
    assert data.count("figure") == N_FIGURES
    assert data.count("source") == 0


@pytest.mark.parametrize("key, cls, group", [
    ("aleppo", "City", "Place"), ("sheikh_saeed", "Neighbourhood", "Place"), ("russia", "Country", "Place"),
    ("sohr", "Organization", "Organization"), ("syrian_army", "ArmedForce", "Organization"),
    ("isis", "ArmedGroup", "Organization"), ("ban", "Person", "Person"),
    ("hostile", "PersonHostile", "Person"),  # a subclass known only through rdfs:subClassOf in the graph
])
def test_entity_class_is_the_most_specific(data, key, cls, group):
    item = data.items[index_of(data, entity(key))]
    assert (item.cls, item.group) == (cls, group)


def test_labels_and_links(data):
    aleppo = data.items[index_of(data, entity("aleppo"))]
    assert (aleppo.ar, aleppo.en) == ("حلب", "Aleppo")
    assert aleppo.alt == ["مدينة حلب"]
    assert aleppo.same_as == ["https://sws.geonames.org/170063/"]
    assert aleppo.wkt == "POINT(37.16117 36.20124)"
    assert aleppo.articles == ["001_fbaffb694397fea6", "003_c6a12ec8e934e92c"]
    hostile = data.items[index_of(data, entity("hostile"))]
    assert hostile.same_as == []  # javascript: is not a link


@pytest.mark.parametrize("key, start, end, date", [
    ("take_sheikh_saeed", "2016-12-12", "2016-12-12", "2016-12-12"),
    ("killing_east_aleppo", "2016-11-15", "2016-12-13", ""),
    ("aleppo_celebrations", "", "", ""),
])
def test_event_time(data, key, start, end, date):
    item = data.items[index_of(data, event(key))]
    assert (item.start, item.end, item.date) == (start, end, date)


def test_event_without_label_is_named_by_class_and_place(data):
    item = data.items[index_of(data, event("aleppo_celebrations"))]
    assert item.ar.endswith("حلب")


def test_has_actor_only_where_no_role_links_the_pair(data):
    take = index_of(data, event("take_sheikh_saeed"))
    army = index_of(data, entity("syrian_army"))
    assert [(k) for a, b, k in data.links if (a, b) == (take, army)] == ["agent"]
    talks = index_of(data, event("geneva_talks"))
    actors = sorted(data.items[b].iri for a, b, k in data.links if a == talks and k == "actor")
    assert actors == sorted([str(entity("russia")), str(entity("usa"))])


def test_every_link_kind_is_read(data):
    kinds = {k for _, _, k in data.links}
    assert kinds == {"agent", "target", "speaker", "actor", "place", "about", "partOf", "figure", "source"}


def test_evidence_is_the_sentence_split_at_the_mention(data):
    texts = {stem: seed_text(stem) for stem in {a for m in EVENTS.values() for a, _, _ in m[3]}}
    assert data.spans
    for ev in data.spans:
        if ev.article not in texts:
            continue
        text = texts[ev.article]
        assert text[ev.begin:ev.end] == ev.mention
        joined = (ev.before + ev.mention + ev.after).strip("…")
        assert joined in text
        assert "\n" not in joined.strip()


def test_evidence_of_an_event_from_two_articles(data):
    item = data.items[index_of(data, event("take_sheikh_saeed"))]
    spans = [data.spans[s] for s in item.spans]
    assert [(s.article, s.mention) for s in spans] == [("001_fbaffb694397fea6", "استعادة"),
                                                        ("003_c6a12ec8e934e92c", "سيطر")]


def test_figures_conflict_side_by_side(data):
    disp = index_of(data, event("displacement_east_aleppo"))
    [group] = data.figure_groups[disp]
    assert group["measure"] == "displaced" and group["conflict"]
    values = sorted(data.items[f].value for f in group["figures"])
    assert values == ["100,000", "130,000"]
    fig = data.items[index_of(data, figure("displaced_sohr"))]
    assert (fig.approx, fig.measure_ar) == ("moreThan", "نازحون")  # labels from the ontology
    assert len(FIGURES) == 4


def test_articles(data):
    assert data.articles["003_c6a12ec8e934e92c"].publisher == "BBC عربي"
    assert data.articles["003_c6a12ec8e934e92c"].date == "2016-12-13"
    assert data.articles["999_hostile"].title == XSS_IMG + XSS_SCRIPT


@pytest.mark.parametrize("text", [XSS_IMG, XSS_SCRIPT, HOSTILE_TEXT, "a\u2028b\u2029c", "<!--", "&amp;"])
def test_embed_json_cannot_leave_its_script_element(text):
    out = embed_json({"t": text, text: [text]})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == {"t": text, text: [text]}


def test_page_has_no_remote_reference_and_pins_its_scripts():
    page = render_page(title=XSS_SCRIPT, body="<h1>{{TITLE}}</h1>", css=["p{}"], scripts=["var a = 1;"],
                       data={"x": XSS_SCRIPT})
    assert XSS_SCRIPT not in page
    assert "script-src 'sha256-" in page and "default-src 'none'" in page
    with pytest.raises(ValueError):
        render_page(title="t", body="", css=[], scripts=["'</script>'"], data={})


def test_all_fixture_entities_present(data):
    iris = {it.iri for it in data.items}
    assert {str(entity(k)) for k in ENTITIES} <= iris
