"""Every page says what it shows out of the whole graph, and how the part was chosen."""
from __future__ import annotations

import pytest

from kg.views.common import read_view_data, view_scope
from kg.views.timeline import timeline_html

from .conftest import N_EVENTS, build_graph


def test_scope_counts(tmp_path):
    data = read_view_data(build_graph())
    whole = view_scope(data)
    assert not whole["sampled"] and whole["shown"] == whole["total"]
    assert whole["shown"]["events"] == N_EVENTS
    part = view_scope(data, totals={"events": 2343, "entities": 785, "figures": 575}, rule="most-events",
                      evidence=3)
    assert part["sampled"] and part["total"]["events"] == 2343 and part["shown"]["events"] == N_EVENTS
    # a total below what is shown is no total: the page shows at least that much
    assert view_scope(data, totals={"events": 1})["total"]["events"] == N_EVENTS


@pytest.mark.browser
@pytest.mark.parametrize("sampled", [False, True])
def test_banner_states_shown_of_total(tmp_path, open_page, sampled):
    data = read_view_data(build_graph())
    scope = view_scope(data, totals={"events": 2343, "entities": 785, "figures": 575}, rule="most-events",
                       evidence=3) if sampled else None
    path = tmp_path / "timeline.html"
    path.write_text(timeline_html(data, scope=scope)[0], encoding="utf-8")
    text = open_page(path).page.locator("#scope").inner_text()
    if sampled:
        assert f"{N_EVENTS} من 2,343" in text and f"{N_EVENTS} of 2,343 events" in text
        assert "kg serve" in text and "أكثر الأحداث" in text
    else:
        assert "كل ما في الرسم" in text and f"{N_EVENTS} events" in text
