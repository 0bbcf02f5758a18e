"""timeline.html: self-contained, deterministic, escaped; every event shown, filters, evidence."""
from __future__ import annotations

import pytest

from kg.views.timeline import write_timeline_html

from .conftest import N_EVENTS, XSS_IMG, XSS_SCRIPT, build_graph, entity, event, fixture_triples
from .test_network import assert_self_contained, item_index


def test_static_self_contained_and_escaped(views):
    html = views["timeline"].read_text(encoding="utf-8")
    assert_self_contained(html, 4)  # data + common + timeline + store
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "vis-network" not in html  # the timeline needs no library


def test_stats(views):
    s = views["timeline_stats"]
    assert (s.events, s.exact, s.ranged, s.undated) == (N_EVENTS, 4, 4, 1)
    assert (s.figures, s.conflicts) == (5, 2)


def test_deterministic(tmp_path):
    triples = fixture_triples()
    write_timeline_html(build_graph(triples), tmp_path / "a.html", title="T")
    write_timeline_html(build_graph(triples, reverse=True), tmp_path / "b.html", title="T")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


@pytest.mark.browser
def test_every_event_is_shown(views, open_page):
    page = open_page(views["timeline"]).page
    assert page.locator(".tl-event").count() == N_EVENTS
    assert page.locator("#timeline g.tl-event").count() == N_EVENTS - 1
    assert page.locator("#undated-list li.tl-event").count() == 1
    assert page.get_attribute("#count", "data-visible") == str(N_EVENTS)
    assert page.locator("#timeline g.tl-event circle").count() == 4  # exact days are points
    assert page.locator("#timeline g.tl-event rect:not(.tl-bg)").count() == 4  # ranges are bars
    # time runs right to left: the earliest event is right of the latest
    x = page.evaluate("""iris => iris.map(iri => {
        const i = Hadath.DATA.items.findIndex(it => it.iri === iri);
        const g = document.querySelector('#timeline g.tl-event[data-item="' + i + '"] circle');
        return +g.getAttribute('cx'); })""", [str(event("isis_leaves_palmyra")), str(event("ban_concern"))])
    assert x[0] > x[1]


@pytest.mark.browser
def test_class_filter_changes_the_count(views, open_page):
    page = open_page(views["timeline"]).page
    page.click("#classes input[data-class='Statement']")
    assert page.get_attribute("#count", "data-visible") == str(N_EVENTS - 2)
    assert page.locator(".tl-event").count() == N_EVENTS - 2
    page.click("#no-classes")
    assert page.locator(".tl-event").count() == 0
    page.click("#all-classes")
    assert page.locator(".tl-event").count() == N_EVENTS


@pytest.mark.browser
def test_actor_place_and_text_filters(views, open_page):
    page = open_page(views["timeline"]).page

    def shown() -> set[str]:
        return set(page.evaluate("HADATH.visible().map(i => Hadath.DATA.items[i].iri)"))

    page.select_option("#actor", str(item_index(page, entity("russia"))))
    assert shown() == {str(event("russian_strikes_palmyra")), str(event("geneva_talks"))}
    page.click("#reset")
    page.select_option("#place", str(item_index(page, entity("aleppo"))))  # includes places inside Aleppo
    assert str(event("take_sheikh_saeed")) in shown() and len(shown()) == 4
    page.click("#reset")
    page.fill("#text", "تدمر")
    assert shown() == {str(event("russian_strikes_palmyra")), str(event("isis_leaves_palmyra"))}
    options = page.locator("#actor option").all_inner_texts()
    assert any(o.startswith("الجيش السوري") for o in options)


@pytest.mark.browser
def test_event_opens_evidence_figures_and_sources(views, open_page):
    page = open_page(views["timeline"]).page
    target = item_index(page, event("displacement_east_aleppo"))
    page.locator(f"#timeline g.tl-event[data-item='{target}'] text").first.click()  # the event's label
    page.wait_for_selector(f"#panel[data-item='{target}']")
    assert page.locator("#panel > section > ol.evidence mark").all_inner_texts() == ["فروا", "نزحوا"]
    meta = page.locator("#panel > section > ol.evidence .source").all_inner_texts()
    assert "001_fbaffb694397fea6" in meta[0] and "2016-12-13" in meta[0]
    assert "BBC عربي" in meta[1]
    assert page.locator("#panel .figure-group.conflict .figure-card").count() == 2
    page.click("#undated-list li.tl-event button")
    assert page.locator("#panel > section > ol.evidence mark").all_inner_texts() == ["احتفالات"]


@pytest.mark.browser
def test_hostile_text_stays_text(views, open_page):
    page = open_page(views["timeline"]).page
    target = item_index(page, event("hostile"))
    page.locator(f"#timeline g.tl-event[data-item='{target}'] text").first.click()  # the event's label
    panel = page.locator("#panel").inner_text()
    assert XSS_SCRIPT in panel and XSS_IMG in panel
    page.fill("#text", "<img")
    page.locator("#panel button.ref").first.click()
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 4  # data + common + timeline + store
