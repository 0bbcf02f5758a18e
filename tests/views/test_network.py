"""graph.html: self-contained, deterministic, escaped; draws, searches, filters, opens panels."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from kg.views.network import layout_positions, write_network_html

from .conftest import N_EVENTS, N_NODES, XSS_IMG, XSS_SCRIPT, build_graph, entity, event, fixture_triples

REMOTE = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_REMOTE = re.compile(r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def script_elements(html: str) -> list[dict]:
    """The <script> elements an HTML parser finds, with their attributes."""
    parser = _Scripts()
    parser.feed(html)
    return parser.scripts


def assert_self_contained(html: str, n_scripts: int) -> None:
    assert not REMOTE.findall(html), REMOTE.findall(html)[:5]
    assert not CSS_REMOTE.findall(html)
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert "bootstrap" not in html.lower() and "cdn" not in html.lower()
    # a parser finds exactly our scripts, the data first: nothing from the graph breaks out
    scripts = script_elements(html)
    assert len(scripts) == n_scripts
    assert scripts[0] == {"type": "application/json", "id": "hadath-data"}
    assert all(s == {} for s in scripts[1:])


def test_static_self_contained_and_escaped(views):
    html = views["network"].read_text(encoding="utf-8")
    assert_self_contained(html, 5)  # data + vis + common + network + store
    assert "vis-network" in html and "@version 9.1.2" in html  # inlined, as pyvis ships it
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    assert "<img" not in html


def test_stats(views):
    s = views["network_stats"]
    assert (s.nodes, s.total_nodes, s.events, s.figures) == (N_NODES, N_NODES, N_EVENTS, 5)
    assert s.entities + s.events + s.figures == s.nodes
    assert s.physics  # a small graph: physics tidies the layout, then stops
    assert s.edges == 29


def test_deterministic(tmp_path):
    triples = fixture_triples()
    write_network_html(build_graph(triples), tmp_path / "a.html")
    write_network_html(build_graph(triples, reverse=True), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_max_nodes_keeps_the_best_connected(tmp_path, graph):
    stats = write_network_html(graph, tmp_path / "g.html", max_nodes=10)
    assert (stats.nodes, stats.total_nodes, stats.figures) == (10, N_NODES, 0)


def test_large_layout_is_deterministic_and_complete():
    nodes = list(range(1500))
    edges = [(i, (i * 7) % 300) for i in range(300, 1500)] + [(i, i + 1) for i in range(0, 299)]
    first = layout_positions(nodes, edges)
    assert first == layout_positions(nodes, edges)
    assert set(first) == set(nodes)
    assert len(set(first.values())) == len(nodes)  # no two nodes on the same spot


# ---------------------------------------------------------------- in the browser


def item_index(page, node) -> int:
    return page.evaluate("iri => Hadath.DATA.items.findIndex(it => it.iri === iri)", str(node))


@pytest.mark.browser
def test_draws_every_node(views, open_page):
    w = open_page(views["network"])
    page = w.page
    assert page.evaluate("HADATH.nodes.length") == N_NODES
    assert page.evaluate("HADATH.edges.length") == views["network_stats"].edges
    assert page.evaluate("HADATH.state.ready") is True
    assert page.evaluate("HADATH.network.physics.options.enabled") is False  # stopped after stabilization
    assert page.get_attribute("#counts", "data-visible") == str(N_NODES)
    assert page.evaluate("document.documentElement.dir") == "rtl"


@pytest.mark.browser
@pytest.mark.parametrize("typed, key", [
    ("حلب", "aleppo"),  # prefLabel@ar
    ("بان كى مون", "ban"),  # altLabel, another spelling
    ("المرصد السوري لحقوق الانسان", "sohr"),  # normalized alef
    ("Palmyra", "palmyra"),  # prefLabel@en
])
def test_search_selects_and_focuses(views, open_page, typed, key):
    page = open_page(views["network"]).page
    target = item_index(page, entity(key))
    page.fill("#search", typed)
    page.wait_for_selector("#search-results li button")
    assert page.locator("#search-results li button").first.get_attribute("data-item") == str(target)
    page.press("#search", "Enter")
    assert page.evaluate("HADATH.network.getSelectedNodes()") == [target]
    assert page.get_attribute("#panel", "data-item") == str(target)
    assert page.locator("#panel h2").inner_text().strip() == page.evaluate(f"Hadath.label(Hadath.DATA.items[{target}])")


@pytest.mark.browser
def test_click_on_node_opens_panel_with_evidence(views, open_page):
    page = open_page(views["network"]).page
    target = item_index(page, event("take_sheikh_saeed"))
    page.evaluate(f"HADATH.network.focus({target}, {{scale: 2.5, animation: false}})")
    page.wait_for_timeout(100)
    point = page.evaluate(f"""(() => {{
        const p = HADATH.network.canvasToDOM(HADATH.network.getPositions([{target}])[{target}]);
        const r = document.getElementById('net').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y, HADATH.network.getNodeAt(p)];
    }})()""")
    assert point[2] == target
    page.mouse.click(point[0], point[1])
    page.wait_for_selector(f"#panel[data-item='{target}']")
    marks = page.locator("#panel ol.evidence mark").all_inner_texts()
    assert marks == ["استعادة", "سيطر"]
    sources = page.locator("#panel ol.evidence .article-id").all_inner_texts()
    assert sources == ["001_fbaffb694397fea6", "003_c6a12ec8e934e92c"]
    assert "2016-12-12" in page.locator("#panel").inner_text()
    assert page.locator("#panel button.ref").count() >= 2  # place and agent


@pytest.mark.browser
def test_entity_panel_lists_events_geonames_and_conflicting_figures(views, open_page):
    page = open_page(views["network"]).page
    page.evaluate(f"HADATH.select({item_index(page, entity('aleppo'))}, true)")
    link = page.locator("#panel a[href='https://sws.geonames.org/170063/']")
    assert link.count() == 1 and link.get_attribute("rel") == "noopener noreferrer"
    assert page.locator("#panel section button.ref").count() >= 5
    page.evaluate(f"HADATH.select({item_index(page, event('displacement_east_aleppo'))}, true)")
    cards = page.locator("#panel .figure-group.conflict .figure-card")
    assert cards.count() == 2
    text = page.locator("#panel .figure-group.conflict").inner_text()
    assert "روسيا" in text and "المرصد السوري لحقوق الإنسان" in text


@pytest.mark.browser
def test_filters(views, open_page):
    page = open_page(views["network"]).page

    def visible() -> int:
        return int(page.get_attribute("#counts", "data-visible"))

    page.select_option("#mode", "events")
    assert visible() == N_EVENTS
    page.select_option("#mode", "all")
    page.uncheck("#legend input[data-class='Figure']")
    assert visible() == N_NODES - 5
    page.check("#legend input[data-class='Figure']")
    page.select_option("#article", "002_a9156bccf282d634")
    assert visible() == page.evaluate(
        "Hadath.DATA.items.filter(it => (it.articles || []).includes('002_a9156bccf282d634')).length")
    page.click("#reset")
    page.fill("#from", "2016-12-11")
    page.dispatch_event("#from", "change")
    page.fill("#to", "2016-12-11")
    page.dispatch_event("#to", "change")
    page.uncheck("#undated")
    hidden = page.evaluate("HADATH.nodes.get({filter: n => !n.hidden}).map(n => Hadath.DATA.items[n.id].kind === 'event' ? Hadath.DATA.items[n.id].start + '/' + Hadath.DATA.items[n.id].end : null).filter(Boolean)")
    assert sorted(hidden) == ["2016-11-15/2016-12-13", "2016-11-15/2016-12-13", "2016-12-10/2016-12-11",
                              "2016-12-10/2016-12-11", "2016-12-11/2016-12-11"]
    page.click("#reset")
    target = item_index(page, entity("palmyra"))
    page.evaluate(f"HADATH.select({target}, false)")
    page.select_option("#mode", "hood")
    shown = page.evaluate("HADATH.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    neighbours = page.evaluate(f"Hadath.DATA.links.filter(l => l[0] === {target} || l[1] === {target}).length")
    assert target in shown and len(shown) == neighbours + 1


@pytest.mark.browser
def test_hostile_text_stays_text(views, open_page):
    w = open_page(views["network"])
    page = w.page
    for node in (entity("hostile"), event("hostile")):
        page.evaluate(f"HADATH.select({item_index(page, node)}, true)")
        page.wait_for_timeout(50)
        assert XSS_IMG in page.locator("#panel").inner_text()
    hostile = item_index(page, entity("hostile"))
    page.evaluate(f"HADATH.network.focus({hostile}, {{scale: 2.5, animation: false}})")
    page.wait_for_timeout(100)
    x, y = page.evaluate(f"""(() => {{
        const p = HADATH.network.canvasToDOM(HADATH.network.getPositions([{hostile}])[{hostile}]);
        const r = document.getElementById('net').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }})()""")
    page.mouse.move(x, y)
    page.wait_for_selector(".vis-tooltip", state="visible")
    tip = page.locator(".vis-tooltip")
    assert tip.inner_text().startswith(XSS_IMG)  # vis-network shows the title as text
    assert page.evaluate("[...document.querySelectorAll('.vis-tooltip *')].map(e => e.tagName)") == ["BR", "BR"]
    page.fill("#search", XSS_IMG)
    page.wait_for_selector("#search-results li button")
    page.press("#search", "Enter")
    page.fill("#search", "</script>")
    page.hover("#net")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 5  # data + vis + common + network + store
    assert page.locator("#panel a").count() == 0  # javascript: sameAs is not made a link


def test_empty_graph(tmp_path):
    from rdflib import Graph

    from kg.views.timeline import write_timeline_html

    stats = write_network_html(Graph(), tmp_path / "graph.html")
    assert (stats.nodes, stats.edges) == (0, 0)
    assert write_timeline_html(Graph(), tmp_path / "timeline.html").events == 0
    assert_self_contained((tmp_path / "graph.html").read_text(encoding="utf-8"), 5)
