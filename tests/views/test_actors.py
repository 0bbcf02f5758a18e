"""actors.html: actors linked by the events they share, with the kind of link from the roles."""
from __future__ import annotations

import pytest

from kg.views.actors import actor_network, actors_html, write_actors_html
from kg.views.common import read_view_data

from .conftest import build_graph, entity, fixture_triples, written_view


def _by_iri(data):
    return {it.iri: i for i, it in enumerate(data.items)}


def test_links_take_their_kind_from_the_roles(data):
    net = actor_network(data)
    at = _by_iri(data)
    russia, isis, usa = at[str(entity("russia"))], at[str(entity("isis"))], at[str(entity("usa"))]
    links = {(a, b): (w, kind) for a, b, w, kind, _, _ in net["links"]}
    # «الغارات الروسية» on ISIS in Palmyra: Russia agent, ISIS target -> an arrow from Russia to ISIS
    assert links[(russia, isis)] == (1, "against")
    # the Geneva talks: both plain participants -> same side
    assert links[(min(russia, usa), max(russia, usa))] == (1, "with")
    assert (isis, russia) not in links


def test_nodes_are_actors_sized_by_their_events(data):
    net = actor_network(data)
    actors = {data.items[a[0]].iri: a[1] for a in net["actors"]}
    assert actors[str(entity("russia"))] == 2 and actors[str(entity("isis"))] == 2
    assert str(entity("aleppo")) not in actors  # a place is no actor
    assert [a[1] for a in net["actors"]] == sorted((a[1] for a in net["actors"]), reverse=True)
    assert net["total"] == len(net["actors"])


def test_deterministic(data):
    assert actor_network(data) == actor_network(read_view_data(build_graph(fixture_triples(), reverse=True)))
    assert actors_html(data)[0] == actors_html(data)[0]


def test_max_actors_keeps_the_most_active(data):
    net = actor_network(data, max_actors=2)
    assert {data.items[a[0]].iri for a in net["actors"]} == {str(entity("russia")), str(entity("isis"))}
    assert net["total"] > 2
    assert all(a in {x[0] for x in net["actors"]} and b in {x[0] for x in net["actors"]}
               for a, b, *_ in net["links"])


@pytest.mark.browser
def test_page_draws_links_with_legible_labels(tmp_path, open_page):
    stats, path = written_view(write_actors_html, tmp_path, "actors.html", 5)  # data, vis, common, actors, store
    assert stats.links == 2 and stats.actors == 6
    page = open_page(path).page
    counts = page.locator("#counts")
    assert counts.get_attribute("data-links") == "2"
    assert counts.get_attribute("data-visible") == "6"
    assert page.evaluate("HADATH.network.getScale()") >= 1  # labels at their 14–26 px
    # a hostile label is text, not markup
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    # a click on an actor shows its events and evidence
    russia = page.evaluate("HADATH.nodes.get().find(n => n.label === 'روسيا').id")
    page.evaluate(f"HADATH.select({russia})")
    assert "روسيا" in page.locator("#panel").inner_text()
    assert "كل ما في الرسم" in page.locator("#scope").inner_text()
