"""What the HTML views show: the JSON payload every page reads, the banner's scope, and the page itself.

The data comes out of a finished graph through :func:`read_view_data` (:mod:`kg.views.reader`,
into the dataclasses of :mod:`kg.views.model`); this module turns it into the payload the
pages' scripts read and assembles a view from its assets (:mod:`kg.views.page`).

Everything read from the graph is untrusted text. It reaches the page only as
JSON inside ``<script type="application/json">`` (see :func:`embed_json`) and the
page builds its DOM with ``textContent``; this module never writes graph text
into HTML markup.
"""
from __future__ import annotations

from kg.graph.vocab import HD_NS, PARENT, hadath_ancestors
from kg.views.model import GROUP_SHAPES, LINK_KINDS, Article, Evidence, Item, Quote, ViewData, ontology_labels
from kg.views.page import ENDPOINT_META, asset_text, embed_json, render_page, served_page, vis_network_js, write_text
from kg.views.reader import read_view_data

__all__ = ["ViewData", "Item", "Evidence", "Article", "Quote", "read_view_data", "view_payload", "view_scope",
           "embed_json", "render_page", "view_page", "served_page", "asset_text", "GROUP_SHAPES",
           "ENDPOINT_META", "vis_network_js", "write_text"]


# ---------------------------------------------------------------- the page


def view_payload(data: ViewData) -> dict:
    """The data both pages read, JSON-ready, with short keys and empty fields left out."""

    def item_json(it: Item) -> dict:
        d = {"iri": it.iri, "kind": it.kind, "cls": it.cls, "ar": it.ar, "en": it.en, "alt": it.alt,
             "hidden": it.hidden, "sameAs": it.same_as, "wkt": it.wkt, "roles": it.roles,
             "articles": it.articles, "spans": it.spans, "date": it.date, "start": it.start, "end": it.end,
             "value": it.value, "measure": it.measure, "measureAr": it.measure_ar, "measureEn": it.measure_en,
             "approx": it.approx, "approxAr": it.approx_ar, "approxEn": it.approx_en, "unit": it.unit,
             "sourceText": it.source_text, "trigger": it.trigger}
        return {k: v for k, v in d.items() if v not in ("", [], None)}

    return {
        "items": [item_json(it) for it in data.items],
        "links": [list(link) for link in data.links],
        "spans": [[e.article, e.begin, e.end, e.before, e.mention, e.after] for e in data.spans],
        "articles": {k: {"date": a.date, "title": a.title, "publisher": a.publisher}
                     for k, a in data.articles.items()},
        "classes": data.classes,
        "linkKinds": {k: {"ar": ar, "en": en, "color": c} for k, (ar, en, c) in LINK_KINDS.items()},
        "figureGroups": {str(k): v for k, v in data.figure_groups.items()},
        "quotes": [{k: v for k, v in {"iri": q.iri, "text": q.text, "speakers": q.speakers,
                                      "speakerText": q.speaker_text, "events": q.events, "spans": q.spans,
                                      "articles": q.articles}.items() if v not in ("", [])}
                   for q in data.quotes],
    }


def view_scope(data: ViewData, *, totals: dict[str, int] | None = None, rule: str = "",
               evidence: int = 0) -> dict:
    """What a page shows out of the whole graph, for the banner every page carries.

    ``totals``: the graph's counts of events, entities and figures (default: what ``data`` holds,
    i.e. the page shows everything); ``rule``: how the sample was chosen ("most-events": the
    entities taking part in most events, then their events); ``evidence``: the evidence spans
    kept per node, when capped."""
    shown = {"events": data.count("event"), "entities": data.count("entity") + data.count("source"),
             "figures": data.count("figure")}
    totals = {k: max(int((totals or shown).get(k, shown[k])), shown[k]) for k in shown}
    return {"shown": shown, "total": totals, "sampled": shown != totals, "rule": rule, "evidence": evidence}


def _event_classes() -> dict[str, dict[str, str]]:
    """The ontology's event classes: {class: {ar, en, parent}}, for the store's class filter and
    for naming an event's most specific class from the types the store gives."""
    labels = ontology_labels()
    out = {}
    for name in sorted(PARENT):
        chain = hadath_ancestors(name)
        if chain[-1] != "Event":
            continue
        ar, en = labels.get(HD_NS + name, ("", ""))
        out[name] = {"ar": ar or name, "en": en or name, "parent": PARENT[name]}
    return out


def view_page(data: ViewData, *, page: str, title: str, scope: dict | None, extra: dict,
              before: tuple[str, ...] = ()) -> str:
    """One of the four views: the data both pages read (:func:`view_payload`), the banner's
    scope, the page's own ``extra`` payload, its body ``assets/<page>.html`` and script
    ``assets/<page>.js`` after ``common.js`` (and any library in ``before``), then ``store.js``,
    which under ``kg serve`` pages through the whole store."""
    payload = view_payload(data)
    payload["scope"] = scope or view_scope(data)
    payload["eventClasses"] = _event_classes()
    payload.update(extra)
    return render_page(title=title, body=asset_text(f"{page}.html"), css=[asset_text("views.css")],
                       scripts=[*before, asset_text("common.js"), asset_text(f"{page}.js"), asset_text("store.js")],
                       data=payload)
