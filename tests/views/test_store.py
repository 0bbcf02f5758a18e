"""The views under ``kg serve``: they page through the whole store, filters run as SPARQL there.

The output folder holds pages drawn from a *sample* (the fixture's events) and a graph.ttl with
many more events (an article of the ANT corpus, outside the dev set, its strikes and clashes
repeated over weeks), as ``kg build`` writes a large build: the pages must reach every event of
the store, page by page, and filter on the server, while graph text stays text.
"""
from __future__ import annotations

import math
import threading

import pytest
from rdflib import Graph, Literal, URIRef

from kg.graph.iris import entity_iri, event_iri, geometry_iri
from kg.graph.vocab import GEO, HD, RDF, RDFS, SEM, SKOS, XSD
from kg.serve import make_server
from kg.text.normalize import normalize_ar
from kg.views.actors import actors_html
from kg.views.common import read_view_data, view_scope, write_text
from kg.views.page import ENDPOINT_META, served_page
from kg.views.map import map_html
from kg.views.network import network_html
from kg.views.timeline import timeline_html

from .conftest import XSS_IMG, XSS_SCRIPT, Fixture, build_graph, fixture_triples

# Two sentences of an ANT news article (Yemen, 2018), not in the dev set.
STORE_DOC = "ant_store_001"
STORE_TEXT = ("نفذت مقاتلات تحالف دعم الشرعية في اليمن غارات جوية ضد مواقع للحوثيين في صنعاء، مستهدفة قيادات "
              "انقلابية من الصفين الأول والثاني. بالتزامن مع الاشتباكات، شنت طائرات التحالف غارات مساندة لقوات "
              "الشرعية، فدمرت عربتين عسكريتين في منطقة جنوب المعسكر.")
EXTRA_EVENTS = 45
PAGE = 10


def store_triples() -> list:
    """The fixture, plus the article's actors, Sanaa, and EXTRA_EVENTS strikes and clashes."""
    f = Fixture(triples=fixture_triples())
    f.article(STORE_DOC, STORE_TEXT, "2018-01-01")
    for key, cls, ar, anchor in (("coalition", "ArmedForce", "تحالف دعم الشرعية", "تحالف دعم الشرعية"),
                                 ("houthis", "ArmedGroup", "الحوثيون", "للحوثيين"),
                                 ("sanaa", "City", "صنعاء", "صنعاء")):
        node = entity_iri(key)
        f.typed(node, cls)
        f.add(node, SKOS.prefLabel, Literal(ar, lang="ar"))
        if normalize_ar(ar) != ar:  # the search form, as the builder writes it (contract: skos:hiddenLabel)
            f.add(node, SKOS.hiddenLabel, Literal(normalize_ar(ar), lang="ar"))
        f.mention(node, STORE_DOC, anchor)
    f.add(entity_iri("sanaa"), GEO.hasGeometry, geometry_iri("sanaa"))
    f.add(geometry_iri("sanaa"), GEO.asWKT, Literal("POINT(44.2066 15.3547)", datatype=GEO.wktLiteral))
    for i in range(EXTRA_EVENTS):
        node = event_iri(f"store-{i:03d}")
        strike = i % 3 != 2
        f.typed(node, "Airstrike" if strike else "Clash")
        f.add(node, RDFS.label, Literal("غارات جوية على صنعاء" if strike else "الاشتباكات جنوب المعسكر", lang="ar"))
        f.add(node, SEM.hasTimeStamp, Literal(f"2018-01-{1 + i % 28:02d}" if i < 28 else f"2018-02-{i - 27:02d}",
                                              datatype=XSD.date))
        for prop, who in ((HD.agent, "coalition"), (HD.target, "houthis")):
            f.add(node, prop, entity_iri(who))
            f.add(node, SEM.hasActor, entity_iri(who))
        f.add(node, SEM.hasPlace, entity_iri("sanaa"))
        f.mention(node, STORE_DOC, "غارات" if strike else "الاشتباكات")
    return f.triples


def first_days(g: Graph) -> dict[str, str]:
    """Each event of the store and its first possible day ("" when undated)."""
    out = {}
    for e in set(g.subjects(RDF.type, HD.Event)):
        days = [str(o) for p in (SEM.hasTimeStamp, SEM.hasEarliestBeginTimeStamp, SEM.hasLatestEndTimeStamp)
                for o in g.objects(e, p)]
        out[str(e)] = min(days) if days else ""
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A served output folder: sample pages, whole graph.ttl; yields (base URL, whole graph)."""
    out = tmp_path_factory.mktemp("served")
    whole = build_graph(store_triples())
    whole.serialize(out / "graph.ttl", format="turtle")
    data = read_view_data(build_graph())  # the pages show the fixture only: a sample
    scope = view_scope(data, rule="most-events", totals={"events": len(set(whole.subjects(RDF.type, HD.Event))),
                                                          "entities": 99, "figures": 5})
    for name, render in (("graph.html", network_html), ("timeline.html", timeline_html),
                         ("actors.html", actors_html), ("map.html", map_html)):
        write_text(out / name, render(data, title="Hadath store test", scope=scope)[0])
    server = make_server(out, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url, whole
    finally:
        server.shutdown()
        server.server_close()


def _ready(page) -> None:
    page.wait_for_selector("#store[data-state='ready']", state="attached", timeout=60_000)


def _open(open_page, url: str, path: str):
    w = open_page(f"{url}{path}?pagesize={PAGE}", origin=url)
    _ready(w.page)
    return w.page


def _rows(page) -> list[str]:
    return page.locator("#store-rows li").evaluate_all("els => els.map(e => e.dataset.iri)")


def _click(page, selector: str) -> None:
    page.evaluate("document.getElementById('store').setAttribute('data-state', 'clicked')")
    page.click(selector)
    _ready(page)


# ---------------------------------------------------------------- without a browser


def test_served_page_opens_connect_src_to_its_own_origin_only():
    data = read_view_data(build_graph())
    page = timeline_html(data)[0]
    head = page[:page.index("</head>")]
    assert ENDPOINT_META in head and "connect-src 'none'" in head
    served = served_page(page, "sparql")
    s_head = served[:served.index("</head>")]
    assert '<meta name="hadath-endpoint" content="sparql">' in s_head and "connect-src 'self'" in s_head
    assert "connect-src 'none'" not in s_head
    assert served[len(s_head):] == page[len(head):]  # the body (graph text) untouched
    with pytest.raises(ValueError):
        served_page(page, "https://example.org/sparql")


def test_graph_text_in_the_body_cannot_turn_on_the_endpoint():
    """A label holding the meta's text is escaped JSON in the body: only the head is rewritten."""
    triples = fixture_triples() + [(URIRef(str(entity_iri("aleppo"))), SKOS.altLabel,
                                    Literal(ENDPOINT_META + " connect-src 'none'", lang="ar"))]
    page = timeline_html(read_view_data(build_graph(triples)))[0]
    served = served_page(page, "sparql")
    cut = page.index("</head>")
    assert served[served.index("</head>"):] == page[cut:]  # the body, with the label, as it was
    assert ENDPOINT_META.replace('""', '"sparql"') in served[:served.index("</head>")]


# ---------------------------------------------------------------- in Chromium, against kg serve


@pytest.mark.browser
def test_paging_reaches_every_event_of_the_store(served, open_page):
    url, whole = served
    first = first_days(whole)
    expected = sorted(first, key=lambda e: (not first[e], first[e]))  # dated first, by first day
    assert len(expected) > 3 * PAGE
    page = _open(open_page, url, "timeline.html")
    scope = page.locator("#scope")
    pages = math.ceil(len(expected) / PAGE)
    assert scope.get_attribute("data-store-total") == str(len(expected))
    assert scope.get_attribute("data-pages") == str(pages)
    assert f"page 1 of {pages} — all {len(expected)} events from the store" in scope.inner_text()
    seen = _rows(page)
    for k in range(2, pages + 1):
        _click(page, "#store-next")
        assert scope.get_attribute("data-page") == str(k)
        seen += _rows(page)
    assert sorted(seen) == sorted(expected)  # every event once
    assert [(not first[e], first[e]) for e in seen] == [(not first[e], first[e]) for e in expected]  # by date, undated last
    assert page.locator("#store-next").is_disabled()
    last = _rows(page)
    _click(page, "#store-first")
    _click(page, "#store-last")
    assert _rows(page) == last  # the same order on every visit


@pytest.mark.browser
def test_filters_run_on_the_server(served, open_page):
    url, whole = served
    page = _open(open_page, url, "timeline.html")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data or "") if r.url.endswith("/sparql") else None)
    page.select_option("#sf-class", "Clash")
    page.fill("#sf-from", "2018-01-20")
    page.fill("#sf-to", "2018-01-31")
    _click(page, "#sf-apply")
    clashes = [str(e) for e in whole.subjects(RDF.type, HD.Clash)
               if any("2018-01-20" <= str(d) <= "2018-01-31" for d in whole.objects(e, SEM.hasTimeStamp))]
    assert 0 < len(clashes) < PAGE
    assert page.locator("#scope").get_attribute("data-store-count") == str(len(clashes))
    assert sorted(_rows(page)) == sorted(clashes)
    assert any("hd:Clash" in q and '"2018-01-20"^^xsd:date' in q for q in sent)  # the filter went to the server

    page.fill("#sf-actor", "دعم الشرعيه")  # ه for ة: the typed text's search form meets the hidden label
    page.select_option("#sf-class", "")
    page.fill("#sf-from", "")
    page.fill("#sf-to", "")
    _click(page, "#sf-apply")
    assert page.locator("#scope").get_attribute("data-store-count") == str(EXTRA_EVENTS)
    assert any("CONTAINS(" in q and '"دعم الشرعيه"' in q for q in sent)
    page.fill("#sf-actor", "دعم الشرعيّة")  # with a shadda: matched through its search form
    _click(page, "#sf-apply")
    assert page.locator("#scope").get_attribute("data-store-count") == str(EXTRA_EVENTS)


@pytest.mark.browser
@pytest.mark.parametrize("text", [
    '" } } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #',
    "\\u0022 ) } LIMIT 1 #",
    "صنعاء\" ; hd:x '\n DELETE",
])
def test_hostile_filter_text_stays_a_string(served, open_page, text):
    url, _ = served
    page = _open(open_page, url, "timeline.html")
    page.fill("#sf-text", text)
    _click(page, "#sf-apply")
    assert page.locator("#store-error").inner_text() == ""
    assert page.locator("#scope").get_attribute("data-store-count") == "0"


@pytest.mark.browser
def test_hostile_labels_from_the_store_stay_text(served, open_page):
    url, _ = served
    page = _open(open_page, url, "timeline.html")
    page.fill("#sf-text", "script")
    _click(page, "#sf-apply")
    rows = page.locator("#store-rows").inner_text()
    assert XSS_SCRIPT + XSS_IMG in rows
    assert page.locator("#store img, #store script, #store b").count() == 0
    page.click("#store-rows li button")
    page.wait_for_selector("#store-detail .evidence li")
    assert page.locator("#store-detail img").count() == 0
    assert XSS_IMG in page.locator("#store-detail").inner_text()


@pytest.mark.browser
def test_actors_page_lists_every_actor_and_their_partners(served, open_page):
    url, whole = served
    page = _open(open_page, url, "actors.html")
    actors = {str(a) for a in whole.objects(None, SEM.hasActor)}
    assert page.locator("#scope").get_attribute("data-store-total") == str(len(actors))
    assert sorted(_rows(page)) == sorted(actors)
    assert set(_rows(page)[:2]) == {str(entity_iri("coalition")), str(entity_iri("houthis"))}  # most events first
    page.locator(f"#store-rows li[data-iri='{entity_iri('coalition')}'] button").click()
    page.wait_for_selector(f"#store-detail li[data-iri='{entity_iri('houthis')}']")
    assert "ضده: 45" in page.locator("#store-detail").inner_text()  # agent -> target in all 45 strikes and clashes
    _click(page, "#store-actor-events")
    assert page.locator("#scope").get_attribute("data-store-count") == str(EXTRA_EVENTS)


@pytest.mark.browser
def test_map_draws_the_stores_places(served, open_page):
    url, _ = served
    page = _open(open_page, url, "map.html")
    sanaa = page.locator(f"circle.store-place[data-iri='{entity_iri('sanaa')}']")
    assert sanaa.get_attribute("data-events") == str(EXTRA_EVENTS)  # a place the sample does not have
    sanaa.dispatch_event("click")
    _ready(page)
    assert page.locator("#scope").get_attribute("data-store-count") == str(EXTRA_EVENTS)


@pytest.mark.browser
def test_opened_as_a_file_the_page_shows_its_sample(served, open_page, tmp_path):
    path = tmp_path / "timeline.html"
    path.write_text(timeline_html(read_view_data(build_graph()))[0], encoding="utf-8")
    page = open_page(path).page
    assert page.locator("#store").count() == 0  # no section, and no request (the harness checks)
