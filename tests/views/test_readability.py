"""What an analyst reads: the timeline's focus window and zoom, quotes in the panels, readable
event titles, figures grouped by measure with their sources side by side.

The graph is the views fixture (conftest.py) plus: an event in 2012 and one in 2017 far from
the rest, two events the pipeline would name by their trigger phrase, four quotes (one with
no event, one hostile) and two sources agreeing on a figure.
"""
from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal

from kg.graph.iris import claim_iri
from kg.graph.vocab import HD, PROV, RDFS, SDO, SEM, XSD
from kg.views.model import Item
from kg.views.reader import is_trigger_label, read_view_data
from kg.views.network import write_network_html
from kg.views.timeline import focus_window, write_timeline_html

from .conftest import (ARTICLES, HOSTILE_DOC, HOSTILE_TEXT, N_EVENTS, XSS_IMG, XSS_SCRIPT, Fixture, build_graph,
                       entity, event, figure, fixture_triples, seed_text)
from .test_network import assert_self_contained, item_index

N_EVENTS_R = N_EVENTS + 4

# key -> (class, date or (earliest, latest), rdfs:label or "", roles, mention (article, anchor, after))
EXTRA_EVENTS = {
    "old_siege": ("Siege", ("2012-03-01", "2012-12-31"), "", {HD.agent: ["syrian_army"], SEM.hasPlace: ["aleppo"]},
                  ("002_a9156bccf282d634", "2012", None)),
    "later_vote": ("Vote", "2017-03-01", "", {SEM.hasPlace: ["geneva"]}, ("003_c6a12ec8e934e92c", "جنيف", None)),
    # labels as the pipeline writes them: the trigger as written, then one participant
    "army_takes": ("TakeControl", "2016-12-12", "سيطر الجيش السوري",
                   {HD.agent: ["syrian_army"], SEM.hasPlace: ["sheikh_saeed", "aleppo"]},
                   ("003_c6a12ec8e934e92c", "سيطر", "بعدما")),
    "palmyra_taken": ("TakeControl", "2016-12-11", "استولوا تدمر", {SEM.hasPlace: ["palmyra"]},
                      ("002_a9156bccf282d634", "سيطرته", None)),
}

# key -> (quoted text, speaker, event or None, mention)
QUOTES = {
    "ban_worried": ("قلق للغاية", "ban", "ban_concern", ("001_fbaffb694397fea6", "قلق للغاية", None)),
    "sohr_60": ("إن 60 شخصا قتلوا بينهم مدنيون ومقاتلون", "sohr", "killing_east_aleppo",
                ("003_c6a12ec8e934e92c", "60 شخصا قتلوا بينهم مدنيون ومقاتلون", None)),
    "rami_fled": ("فرّ اكثر من عشرة آلاف مدني منذ منتصف الليل", "abdel_rahman", None,
                  ("002_a9156bccf282d634", "فرّ اكثر من عشرة آلاف مدني منذ منتصف الليل", None)),
    "hostile": (XSS_SCRIPT + XSS_IMG, "hostile", "hostile", (HOSTILE_DOC, XSS_SCRIPT, None)),
}

# two sources, one value: an agreement, not a conflict
AGREEING = {"share_sohr": "sohr", "share_army": "syrian_army"}


def readable_triples() -> list:
    f = Fixture()
    for stem in ARTICLES:
        f.texts[stem] = seed_text(stem)
    f.texts[HOSTILE_DOC] = HOSTILE_TEXT
    for key, (cls, when, label, roles, (stem, anchor, after)) in EXTRA_EVENTS.items():
        node = event(key)
        f.typed(node, cls)
        if label:
            f.add(node, RDFS.label, Literal(label, lang="ar"))
        if isinstance(when, str):
            f.add(node, SEM.hasTimeStamp, Literal(when, datatype=XSD.date))
        else:
            f.add(node, SEM.hasEarliestBeginTimeStamp, Literal(when[0], datatype=XSD.date))
            f.add(node, SEM.hasLatestEndTimeStamp, Literal(when[1], datatype=XSD.date))
        for prop, keys in roles.items():
            for k in keys:
                f.add(node, prop, entity(k))
                if prop == HD.agent:
                    f.add(node, SEM.hasActor, entity(k))
        f.mention(node, stem, anchor, after)
    for key, (text, speaker, ev, (stem, anchor, after)) in QUOTES.items():
        node = claim_iri(key)
        f.typed(node, "Quote")
        f.add(node, HD.quotedText, Literal(text, lang="ar"))
        f.add(node, PROV.wasAttributedTo, entity(speaker))
        if ev:
            f.add(node, SDO.about, event(ev))
            f.add(node, HD.claimOf, event(ev))
        f.mention(node, stem, anchor, after)
    for key, source in AGREEING.items():
        node = figure(key)
        f.typed(node, "Figure")
        f.add(node, HD.value, Literal("85", datatype=XSD.decimal))
        f.add(node, HD.unit, Literal("percent"))
        f.add(node, HD.measure, HD.territoryShare)
        f.add(node, HD.approximation, HD.moreThan)
        f.add(node, SDO.about, event("army_takes"))
        f.add(node, HD.figureOf, event("army_takes"))
        f.add(node, PROV.wasAttributedTo, entity(source))
        f.mention(node, "002_a9156bccf282d634", "85%")
    return fixture_triples() + f.triples


@pytest.fixture(scope="module")
def rgraph():
    return build_graph(readable_triples())


@pytest.fixture(scope="module")
def rdata(rgraph):
    return read_view_data(rgraph)


@pytest.fixture(scope="module")
def rviews(rgraph, tmp_path_factory):
    out = tmp_path_factory.mktemp("readable")
    net = write_network_html(rgraph, out / "graph.html", title="Hadath readable")
    tl = write_timeline_html(rgraph, out / "timeline.html", title="Hadath readable")
    return {"network": out / "graph.html", "timeline": out / "timeline.html", "network_stats": net,
            "timeline_stats": tl}


def item_of(data, node) -> Item:
    return data.items[[it.iri for it in data.items].index(str(node))]


def index_of(data, node) -> int:
    return [it.iri for it in data.items].index(str(node))


# ---------------------------------------------------------------- focus window


def test_focus_window_leaves_out_far_events():
    days = [("2016-11-%02d" % d, "2016-11-%02d" % d) for d in range(10, 30)]
    span, focus = focus_window(days + [("2012-01-01", "2012-12-31"), ("2015-05-01", "2015-05-31"), ("", "")])
    assert span == ("2012-01-01", "2016-11-29")
    first, last = (dt.date.fromisoformat(d) for d in focus)
    assert first.year == 2016 and last == dt.date(2016, 11, 29)  # never past the last event
    assert dt.date(2016, 11, 4) <= first <= dt.date(2016, 11, 10)  # widened by a few days


@pytest.mark.parametrize("days", [
    [],
    [("", "")],
    [("2016-12-01", "2016-12-01"), ("2012-01-01", "2012-01-01")],  # too few events to leave any out
    [("2016-12-%02d" % d, "2016-12-%02d" % d) for d in range(1, 29)],  # evenly spread: the span is the focus
])
def test_focus_window_is_the_span_when_nothing_stands_out(days):
    span, focus = focus_window(days)
    assert focus == span


def test_timeline_stats_name_span_focus_and_outside(rviews):
    s = rviews["timeline_stats"]
    assert s.events == N_EVENTS_R
    assert s.span == ("2012-03-01", "2017-03-01")
    assert s.focus == ("2016-11-26", "2016-12-16")
    assert s.outside == 2  # the 2012 siege and the 2017 vote
    assert s.quotes == len(QUOTES)
    assert s.conflicts == 2  # the agreement is not a conflict


def test_deterministic_with_quotes_and_titles(tmp_path):
    triples = readable_triples()
    for writer in (write_timeline_html, write_network_html):
        writer(build_graph(triples), tmp_path / "a.html")
        writer(build_graph(triples, reverse=True), tmp_path / "b.html")
        assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_pages_stay_self_contained_and_escaped(rviews):
    for name, scripts in (("network", 5), ("timeline", 4)):
        html = rviews[name].read_text(encoding="utf-8")
        assert_self_contained(html, scripts)
        assert XSS_SCRIPT not in html and XSS_IMG not in html


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize("key, title, trigger", [
    ("army_takes", "سيطرة — الجيش السوري — الشيخ سعيد، حلب", "سيطر الجيش السوري"),  # begins with its mention
    ("palmyra_taken", "سيطرة — تدمر", "استولوا تدمر"),  # one word, then the name of its place
    ("old_siege", "حصار — الجيش السوري — حلب", ""),  # no label at all
    ("take_sheikh_saeed", "سيطرة الجيش السوري على حي الشيخ سعيد", ""),  # a written title stays
    ("hostile", XSS_SCRIPT + XSS_IMG, ""),
])
def test_trigger_labels_become_titles(rdata, key, title, trigger):
    item = item_of(rdata, event(key))
    assert (item.ar, item.trigger) == (title, trigger)


def test_trigger_label_detection():
    army = Item("x", "entity", "ArmedForce", "Organization", "الجيش السوري", alt=["قوات النظام"])
    assert is_trigger_label("استعاده قوات النظام", ["استعادة"], [])  # compared normalized
    assert is_trigger_label("قتلوا قوات النظام", ["بمقتل"], [army])  # one word + a participant's name
    assert not is_trigger_label("سيطرة الجيش السوري على حي الشيخ سعيد", ["سيطر", "استعادة"], [army])
    assert not is_trigger_label("", ["سيطر"], [army])


# ---------------------------------------------------------------- quotes and figures, read


def test_quotes_are_read_with_speaker_event_and_evidence(rdata):
    quotes = {q.iri: q for q in rdata.quotes}
    assert len(quotes) == len(QUOTES)
    ban = quotes[str(claim_iri("ban_worried"))]
    assert ban.text == "قلق للغاية"
    assert ban.speakers == [index_of(rdata, entity("ban"))]
    assert ban.events == [index_of(rdata, event("ban_concern"))]
    assert [rdata.spans[s].mention for s in ban.spans] == ["قلق للغاية"]
    assert ban.articles == ["001_fbaffb694397fea6"]
    rami = quotes[str(claim_iri("rami_fled"))]
    assert rami.events == [] and rami.speakers == [index_of(rdata, entity("abdel_rahman"))]
    assert all(it.iri not in quotes for it in rdata.items)  # quotes are no nodes of the network


def test_figures_grouped_by_measure_and_source(rdata):
    [disp] = rdata.figure_groups[index_of(rdata, event("displacement_east_aleppo"))]
    assert disp["conflict"] and not disp["agree"] and disp["values"] == ["100,000", "130,000"]
    assert [[rdata.items[i].label for i in col["items"]] for col in disp["sources"]] == [
        ["روسيا"], ["المرصد السوري لحقوق الإنسان"]]
    [killed] = rdata.figure_groups[index_of(rdata, event("killing_east_aleppo"))]
    assert killed["conflict"] and len(killed["sources"]) == 1  # one source, two values: still a conflict
    assert [rdata.items[f].value for f in killed["sources"][0]["figures"]] == ["415", "463"]
    [share] = rdata.figure_groups[index_of(rdata, event("army_takes"))]
    assert share["agree"] and not share["conflict"] and share["values"] == ["85"]
    assert len(share["sources"]) == 2


# ---------------------------------------------------------------- the timeline in the browser


def window(page) -> dict:
    return page.evaluate("HADATH.view()")


def days_shown(page) -> int:
    v = window(page)
    return (dt.date.fromisoformat(v["to"]) - dt.date.fromisoformat(v["from"])).days + 1


@pytest.mark.browser
def test_timeline_opens_on_the_focus_window(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    v = window(page)
    assert (v["mode"], v["from"], v["to"]) == ("focus", "2016-11-26", "2016-12-16")
    text = page.locator("#window-text").inner_text()
    assert "26 نوفمبر/تشرين الثاني 2016" in text and "16 ديسمبر/كانون الأول 2016" in text and "فترة التركيز" in text
    # every event is still in the page: drawn, counted at an edge, or undated
    assert page.locator(".tl-event").count() == N_EVENTS_R
    assert page.locator("#timeline g.tl-event").count() == N_EVENTS_R - 3
    assert page.get_attribute("#more-earlier", "data-count") == "1"
    assert page.get_attribute("#more-later", "data-count") == "1"
    assert page.locator("#outside-earlier li.tl-event").count() == 1
    assert page.locator("#outside-later li.tl-event").count() == 1
    old = item_index(page, event("old_siege"))
    assert page.locator(f"#outside-earlier li.tl-event[data-item='{old}']").count() == 1
    # ranges reaching back before the window are cut at its edge, with a mark
    assert page.locator("#timeline g.tl-event path.cut").count() == 2
    # the axis counts days, under the month names of both calendars' spellings
    assert page.get_attribute("#timeline svg.axis", "data-level") == "day"
    majors = page.locator("#timeline svg.axis text.major").all_text_contents()
    assert "ديسمبر/كانون الأول 2016" in majors
    minors = page.locator("#timeline svg.axis text.minor").all_text_contents()
    assert all(m.isdigit() for m in minors) and len(minors) >= 7


@pytest.mark.browser
def test_show_all_focus_and_zoom_buttons(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    focus_days = days_shown(page)
    page.click("#zoom-all")
    assert window(page)["mode"] == "all"
    assert page.locator("#timeline g.tl-event").count() == N_EVENTS_R - 1
    assert page.locator("#more-earlier").is_hidden() and page.locator("#more-later").is_hidden()
    assert page.get_attribute("#timeline svg.axis", "data-level") == "year"
    assert {"2012", "2014", "2016"} <= set(page.locator("#timeline svg.axis text.minor").all_text_contents())
    assert page.locator("#timeline svg.axis rect.focus-band").count() == 1  # where the focus lies
    page.click("#zoom-focus")
    assert window(page)["mode"] == "focus" and days_shown(page) == focus_days
    page.click("#zoom-in")
    assert window(page)["mode"] == "custom" and days_shown(page) < focus_days
    page.click("#zoom-out")
    page.click("#zoom-out")
    assert days_shown(page) > focus_days
    page.click("#pan-earlier")
    before = window(page)["from"]
    page.click("#pan-later")
    assert window(page)["from"] > before
    page.click("#timeline")  # keyboard zoom, with the focus outside any field
    wide = days_shown(page)
    page.keyboard.press("+")
    assert days_shown(page) < wide
    page.keyboard.press("-")
    assert days_shown(page) == wide


@pytest.mark.browser
def test_edge_count_widens_the_window(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    page.click("#more-earlier")
    v = window(page)
    assert v["from"] <= "2012-03-01" and v["to"] == "2016-12-16" and v["earlier"] == 0 and v["later"] == 1
    page.click("#more-later")
    assert window(page)["later"] == 0
    assert page.locator("#timeline g.tl-event").count() == N_EVENTS_R - 1


@pytest.mark.browser
def test_ticks_adapt_to_the_zoom(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    page.evaluate("HADATH.setView('2016-08-01', '2016-12-31')")
    page.wait_for_function("document.querySelector('#timeline svg.axis').dataset.level === 'month'")
    minors = page.locator("#timeline svg.axis text.minor").all_text_contents()
    assert {"سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"} <= set(minors)
    subs = page.locator("#timeline svg.axis text.minor-sub").all_text_contents()
    assert {"أيلول", "تشرين الأول", "تشرين الثاني"} <= set(subs)
    assert "2016" in page.locator("#timeline svg.axis text.major").all_text_contents()
    page.evaluate("HADATH.setView('2016-12-05', '2016-12-12')")
    page.wait_for_function("document.querySelector('#timeline svg.axis').dataset.level === 'day'")
    minors = page.locator("#timeline svg.axis text.minor").all_text_contents()
    assert [str(d) for d in range(5, 13)] == sorted(minors, key=int)  # every day


@pytest.mark.browser
def test_wheel_zooms_and_drag_pans(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    box = page.locator("#timeline svg.axis").bounding_box()
    x, y = box["x"] + box["width"] * 0.35, box["y"] + box["height"] / 2
    start = days_shown(page)
    page.mouse.move(x, y)
    page.mouse.wheel(0, -400)  # over the axis: zoom in around the pointer
    page.wait_for_function("(() => { const v = HADATH.view(); return v.mode === 'custom'; })()")
    page.wait_for_timeout(100)
    zoomed = days_shown(page)
    assert zoomed < start
    rows = page.locator("#timeline .tl-rows svg").bounding_box()
    page.mouse.move(rows["x"] + rows["width"] * 0.4, rows["y"] + 20)
    page.mouse.wheel(0, 300)  # over the rows, without Ctrl: the list scrolls, the window stays
    page.wait_for_timeout(100)
    assert days_shown(page) == zoomed
    before = window(page)["from"]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y, steps=6)  # drag to the right: later days come into view
    page.mouse.up()
    page.wait_for_timeout(100)
    after = window(page)
    assert after["from"] > before and days_shown(page) == zoomed
    assert page.get_attribute("#panel", "data-item") is None  # a drag selects nothing


@pytest.mark.browser
def test_filters_still_count_every_event(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    assert page.get_attribute("#count", "data-visible") == str(N_EVENTS_R)
    page.click("#classes input[data-class='Siege']")
    assert page.get_attribute("#count", "data-visible") == str(N_EVENTS_R - 1)
    assert page.locator("#more-earlier").is_hidden()
    page.fill("#from", "2016-12-11")
    page.dispatch_event("#from", "change")
    page.fill("#to", "2016-12-12")
    page.dispatch_event("#to", "change")
    v = window(page)
    assert v["from"] <= "2016-12-11" and v["to"] >= "2016-12-12" and days_shown(page) < 40
    page.click("#reset")
    assert window(page)["mode"] == "focus"
    assert page.get_attribute("#count", "data-visible") == str(N_EVENTS_R)


@pytest.mark.browser
def test_timeline_panel_title_trigger_quotes_and_figures(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    target = item_index(page, event("army_takes"))
    page.locator(f"#timeline g.tl-event[data-item='{target}'] text").first.click()
    page.wait_for_selector(f"#panel[data-item='{target}']")
    assert page.locator("#panel h2").inner_text().strip() == "سيطرة — الجيش السوري — الشيخ سعيد، حلب"
    assert page.locator("#panel .trigger").inner_text() == "«سيطر»"
    assert page.locator("#panel .trigger-label").inner_text() == "سيطر الجيش السوري"
    assert page.locator("#panel > section > ol.evidence mark").all_inner_texts() == ["سيطر"]
    group = page.locator("#panel .figure-group.agree")
    assert group.locator(".figure-col").count() == 2
    assert page.locator("#panel .badge-agree").count() == 1 and page.locator("#panel .badge-conflict").count() == 0
    assert group.locator(".figure-value").all_inner_texts() == ["أكثر من 85%", "أكثر من 85%"]

    # a conflict: the values side by side under their sources, marked, both named in the mark
    page.evaluate(f"HADATH.select({item_index(page, event('displacement_east_aleppo'))})")
    badge = page.locator("#panel .badge-conflict").inner_text()
    assert "أرقام متعارضة" in badge and "100,000" in badge and "130,000" in badge
    cols = page.locator("#panel .figure-group.conflict .figure-col")
    assert cols.count() == 2
    assert [c.get_attribute("data-source") for c in cols.all()] == ["روسيا", "المرصد السوري لحقوق الإنسان"]
    # the conflict is flagged on the event's row too
    disp = item_index(page, event("displacement_east_aleppo"))
    assert page.locator(f"#timeline g.tl-event[data-item='{disp}'] .tl-conflict").count() == 1

    # what was said, with who said it
    ban = item_index(page, event("ban_concern"))
    assert page.locator(f"#timeline g.tl-event[data-item='{ban}'] .tl-quote").count() == 1
    page.locator(f"#timeline g.tl-event[data-item='{ban}'] text").first.click()
    said = page.locator("#panel section.quotes")
    assert said.locator("h3").inner_text() == "ما قيل (1)"
    assert said.locator("blockquote.said").inner_text() == "«قلق للغاية»"
    assert "بان كي مون" in said.locator(".said-by button.ref").inner_text()
    said.locator(".said-by button.ref").click()  # the speaker's panel: what he said
    page.wait_for_selector(f"#panel[data-item='{item_index(page, entity('ban'))}']")
    assert "قلق للغاية" in page.locator("#panel section.quotes").inner_text()


@pytest.mark.browser
def test_text_filter_finds_the_original_label_and_outside_events(rviews, open_page):
    page = open_page(rviews["timeline"]).page
    page.fill("#text", "استولوا")
    assert page.evaluate("HADATH.visible().map(i => Hadath.DATA.items[i].iri)") == [str(event("palmyra_taken"))]
    page.fill("#text", "")
    old = item_index(page, event("old_siege"))
    page.click("#outside-earlier summary")
    page.click(f"#outside-earlier li.tl-event[data-item='{old}'] button")
    page.wait_for_selector(f"#panel[data-item='{old}']")
    assert page.locator("#panel h2").inner_text().strip() == "حصار — الجيش السوري — حلب"


# ---------------------------------------------------------------- the network in the browser


@pytest.mark.browser
def test_network_panels_show_quotes(rviews, open_page):
    page = open_page(rviews["network"]).page
    page.evaluate(f"HADATH.select({item_index(page, entity('sohr'))}, true)")
    said = page.locator("#panel section.quotes")
    assert said.locator("h3").inner_text() == "ما قاله (1)"
    assert "60 شخصا قتلوا" in said.locator("blockquote.said").inner_text()
    killing = item_index(page, event("killing_east_aleppo"))
    assert said.locator(f"button.ref[data-item='{killing}']").count() == 1  # the event it is about
    said.locator("details summary").click()
    assert said.locator("ol.evidence mark").inner_text() == "60 شخصا قتلوا بينهم مدنيون ومقاتلون"

    page.evaluate(f"HADATH.select({item_index(page, entity('abdel_rahman'))}, true)")
    assert "فرّ اكثر من عشرة آلاف مدني" in page.locator("#panel section.quotes blockquote.said").inner_text()

    page.evaluate(f"HADATH.select({killing}, true)")
    assert "المرصد السوري لحقوق الإنسان" in page.locator("#panel section.quotes .said-by").inner_text()
    tip = page.evaluate(f"HADATH.nodes.get({killing}).title")
    assert "في النص: قتلوا" in tip and "أقوال منقولة: 1" in tip


@pytest.mark.browser
def test_hostile_quote_stays_text(rviews, open_page):
    for name in ("network", "timeline"):
        page = open_page(rviews[name]).page
        page.evaluate(f"HADATH.select({item_index(page, event('hostile'))}, true)")
        quote = page.locator("#panel section.quotes blockquote.said").inner_text()
        assert XSS_SCRIPT in quote and XSS_IMG in quote
        page.evaluate(f"HADATH.select({item_index(page, entity('hostile'))}, true)")
        assert XSS_SCRIPT in page.locator("#panel").inner_text()
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0


@pytest.mark.browser
def test_dates_read_left_to_right_inside_arabic(views, open_page):
    page = open_page(views["network"]).page
    page.evaluate(f"HADATH.select({item_index(page, entity('aleppo'))}, true)")
    texts = page.locator("#panel section button.ref .muted").all_inner_texts()
    assert any("\u20662016-11-15\u2069 ← \u20662016-12-13\u2069" in t for t in texts), texts
