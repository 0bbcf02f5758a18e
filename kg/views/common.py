"""What the HTML views show, read out of a finished graph through the contract's vocabulary.

The views never re-extract anything: every label, class, date, link, figure and
evidence span comes from the graph (shared/docs/contract.md). Class, measure and
approximation labels come from the graph where it carries them, else from the
project's ontology (ontology/hadath.ttl), else from the IRI's local name.

Events whose rdfs:label is only their trigger phrase (as the pipeline names them:
«سيطرتها حلب») are shown under a title built from the graph, class — who — where
(«سيطرة — قوات النظام — حلب»); the label is kept (``Item.trigger``) and the trigger
stays marked in the evidence. Quotes (hd:Quote) are no nodes of the views: they are
read apart (:class:`Quote`) for the panels of their event and their speaker.

Everything read from the graph is untrusted text. It reaches the page only as
JSON inside ``<script type="application/json">`` (see :func:`embed_json`) and the
page builds its DOM with ``textContent``; this module never writes graph text
into HTML markup.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import GEO, OWL, PROV, RDF, RDFS, SDO, SKOS

from kg.graph.vocab import GAF, HD, HD_NS, NIF, PARENT, SEM, hadath_ancestors
from kg.text.normalize import normalize_ar
from kg.text.sentences import split_sentences
from kg.views.page import ENDPOINT_META, asset_text, embed_json, render_page, served_page, vis_network_js, write_text

__all__ = ["ViewData", "Item", "Evidence", "Article", "Quote", "read_view_data", "view_payload", "view_scope",
           "embed_json", "render_page", "view_page", "served_page", "asset_text", "GROUP_SHAPES",
           "ENDPOINT_META", "vis_network_js", "write_text"]

# Where a node sits in the views: its root class decides the shape, its own class the colour.
GROUP_SHAPES: dict[str, str] = {
    "Person": "dot", "Organization": "square", "Place": "triangle", "Actor": "star",
    "Event": "diamond", "Figure": "hexagon", "Source": "star",
}
_ENTITY_GROUPS = ("Person", "Organization", "Place")

# Colours for the ontology's classes; classes the ontology grows later get one from _SPARE.
_COLOURS: dict[str, str] = {
    "Person": "#d62728",
    "Organization": "#1f77b4", "Government": "#0b5394", "ArmedForce": "#2f6eba", "ArmedGroup": "#6d3fa0",
    "MediaOutlet": "#8e7cc3", "IntergovernmentalOrganization": "#17becf",
    "Place": "#2ca02c", "Country": "#1e6b1e", "Region": "#5a9e3a", "City": "#7cb342",
    "Neighbourhood": "#a5c882", "Site": "#7aa6a8",
    "Event": "#7f7f7f", "Meeting": "#d4a017", "Statement": "#c9a227", "Appeal": "#e69138",
    "Negotiation": "#b8860b", "Agreement": "#c27ba0", "Vote": "#a64d79", "Attack": "#cc0000",
    "Airstrike": "#8b0000", "Shelling": "#e06666", "Clash": "#d9480f", "Offensive": "#660000",
    "Siege": "#85200c", "TakeControl": "#ff8c00", "Withdrawal": "#b45f06", "Displacement": "#5b3fa8",
    "Evacuation": "#7e6bc4", "Killing": "#222222", "Injury": "#8c8c8c", "Arrest": "#4c1130",
    "Surrender": "#45818e", "Protest": "#c2185b", "Celebration": "#00a86b",
    "Figure": "#9e9e9e", "Actor": "#e377c2", "Source": "#bcbd22",
}
_SPARE = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
          "#756bb1", "#636363", "#9c9ede", "#cedb9c", "#e7ba52", "#e7969c", "#de9ed6")

# Link kinds between nodes: (Arabic, English, colour).
LINK_KINDS: dict[str, tuple[str, str, str]] = {
    "agent": ("الفاعل", "agent", "#c0392b"),
    "target": ("المستهدف", "target", "#8e44ad"),
    "speaker": ("المتحدث", "speaker", "#2980b9"),
    "actor": ("مشارك", "actor", "#7f8c8d"),
    "place": ("المكان", "place", "#27ae60"),
    "about": ("حول", "about", "#d35400"),
    "partOf": ("جزء من", "part of", "#16a085"),
    "figure": ("رقم عن", "figure about", "#95a5a6"),
    "source": ("المصدر", "source", "#b7950b"),
}
_ROLE_PROPS = ((HD.agent, "agent"), (HD.target, "target"), (HD.speaker, "speaker"))

_GEONAMES = re.compile(r"^https?://(sws\.|www\.)?geonames\.org/", re.I)
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_ARABIC = re.compile("[\u0600-\u06ff]")
_CONTEXT = 160  # characters of sentence kept on each side of a mention


@dataclass(frozen=True)
class Article:
    id: str
    date: str = ""
    title: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Evidence:
    """One mention: the sentence around it, split at the mention so the page can mark it."""

    article: str
    begin: int
    end: int
    before: str
    mention: str
    after: str


@dataclass
class Item:
    """One node of the views: an entity, an event, a figure, or a named source."""

    iri: str
    kind: str  # entity | event | figure | source
    cls: str  # most specific Hadath class local name (City, Airstrike, Figure …)
    group: str  # Person | Organization | Place | Actor | Event | Figure | Source
    ar: str = ""
    en: str = ""
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)  # http(s) IRIs only
    wkt: str = ""
    roles: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    spans: list[int] = field(default_factory=list)  # indexes into ViewData.spans
    # events
    date: str = ""  # the day, when known exactly
    start: str = ""  # earliest day (== date for an exact day)
    end: str = ""  # latest day
    # figures
    value: str = ""
    measure: str = ""
    measure_ar: str = ""
    measure_en: str = ""
    approx: str = ""
    approx_ar: str = ""
    approx_en: str = ""
    unit: str = ""
    source_text: list[str] = field(default_factory=list)  # sources given as plain text
    # events whose rdfs:label is only their trigger phrase get a title built from the graph;
    # the label the graph gives is kept here
    trigger: str = ""

    @property
    def label(self) -> str:
        return self.ar or self.en or (self.alt[0] if self.alt else "") or _local_name(self.iri)


@dataclass
class Quote:
    """Words an article attributes to a speaker (hd:Quote): not a node of the views, shown in the
    panels of its event and of its speaker."""

    iri: str
    text: str  # hd:quotedText, else the text its span covers
    speakers: list[int] = field(default_factory=list)  # items the quote is attributed to
    speaker_text: list[str] = field(default_factory=list)  # attributions that are no item (literals, other IRIs)
    events: list[int] = field(default_factory=list)  # hd:claimOf / schema:about events
    spans: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass
class ViewData:
    items: list[Item]  # sorted by IRI; an item's index is its id in the page
    links: list[tuple[int, int, str]]  # (from, to, kind), sorted, unique
    spans: list[Evidence]
    articles: dict[str, Article]
    classes: dict[str, dict[str, str]]  # class -> {ar, en, group, color, shape}
    # event -> [{measure, conflict, agree, values, figures, sources: [{items, text, figures}]}]
    figure_groups: dict[int, list[dict]]
    quotes: list[Quote] = field(default_factory=list)  # sorted by IRI

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)


# ---------------------------------------------------------------- reading the graph


def read_view_data(graph: Graph) -> ViewData:
    """Everything both views need, in a deterministic order."""
    reader = _Reader(graph)
    return reader.read()


class _Reader:
    def __init__(self, graph: Graph):
        self.g = graph
        self.ontology = _ontology_labels()
        self.chains: dict[URIRef, list[str] | None] = {}
        self.articles: dict[URIRef, Article] = {}
        self.texts: dict[str, str] = {}
        self.sentence_starts: dict[str, tuple[list[int], list[tuple[int, int]]]] = {}
        self.spans: dict[tuple[str, int, int, str], Evidence] = {}

    # -- classes
    def chain(self, cls: URIRef) -> list[str] | None:
        """The Hadath class and its Hadath ancestors, most specific first, or None for other classes."""
        if cls in self.chains:
            return self.chains[cls]
        self.chains[cls] = None  # guards against subclass cycles
        result = None
        text = str(cls)
        if text.startswith(HD_NS):
            name = text[len(HD_NS):]
            if name in PARENT:
                result = hadath_ancestors(name)
            else:  # a class the ontology added later: follow rdfs:subClassOf to a known one
                for parent in sorted(self.g.objects(cls, RDFS.subClassOf), key=str):
                    up = self.chain(parent) if isinstance(parent, URIRef) else None
                    if up:
                        result = [name] + up
                        break
        self.chains[cls] = result
        return result

    def classify(self, node: URIRef) -> tuple[str, str] | None:
        """(class, group) of a node the views show, or None."""
        types = set(self.g.objects(node, RDF.type))
        best: list[str] | None = None
        for t in sorted(types, key=str):
            c = self.chain(t) if isinstance(t, URIRef) else None
            if c and (best is None or len(c) > len(best)):
                best = c
        if best:
            root = best[-1]
            if root in _ENTITY_GROUPS or root == "Event":
                return best[0], root
            if "Figure" in best:
                return best[0], "Figure"
            return None
        if SEM.Event in types or SDO.Event in types:
            return "Event", "Event"
        if SEM.Place in types:
            return "Place", "Place"
        if SEM.Actor in types:
            return "Actor", "Actor"
        return None

    # -- articles and evidence
    def article(self, node: URIRef) -> Article:
        if node not in self.articles:
            g = self.g
            ident = _first_text(g.objects(node, SDO.identifier)) or _local_name(str(node))
            date = ""
            for lit in g.objects(node, SDO.datePublished):
                date = _iso_date(lit) or date
            title = _first_text(g.objects(node, SDO.headline)) or _first_text(g.objects(node, SDO.name))
            publisher = ""
            for p in sorted(g.objects(node, SDO.publisher), key=str):
                publisher = str(p) if isinstance(p, Literal) else self.labels(p)[0] or _local_name(str(p))
                break
            self.articles[node] = Article(ident, date, title, publisher)
            text = _first_text(g.objects(node, NIF.isString))
            if text:
                self.texts[ident] = text
        return self.articles[node]

    def sentence_bounds(self, article: str, begin: int, end: int) -> tuple[int, int]:
        text = self.texts[article]
        if article not in self.sentence_starts:
            sentences = split_sentences(text)
            self.sentence_starts[article] = ([s.begin for s in sentences], [(s.begin, s.end) for s in sentences])
        starts, bounds = self.sentence_starts[article]
        if not bounds:
            return begin, end
        first = max(bisect.bisect_right(starts, begin) - 1, 0)
        last = max(bisect.bisect_left(starts, end) - 1, first)
        return min(bounds[first][0], begin), max(bounds[last][1], end)

    def evidence(self, span: URIRef | BNode) -> Evidence | None:
        g = self.g
        begin = _first_int(g.objects(span, NIF.beginIndex))
        end = _first_int(g.objects(span, NIF.endIndex))
        anchor = _first_text(g.objects(span, NIF.anchorOf))
        context = next(iter(sorted(g.objects(span, NIF.referenceContext), key=str)), None)
        if context is None and isinstance(span, URIRef) and "#" in span:
            context = URIRef(str(span).split("#", 1)[0])
        if context is None or not isinstance(context, URIRef):
            return None
        article = self.article(context).id
        if begin is None or end is None:
            begin, end = -1, -1
        key = (article, begin, end, anchor)
        if key in self.spans:
            return self.spans[key]
        text = self.texts.get(article, "")
        if 0 <= begin < end <= len(text) and (not anchor or text[begin:end] == anchor):
            s_begin, s_end = self.sentence_bounds(article, begin, end)
            before, after = text[max(s_begin, begin - _CONTEXT):begin], text[end:min(s_end, end + _CONTEXT)]
            if begin - s_begin > _CONTEXT:
                before = "…" + before.lstrip()
            if s_end - end > _CONTEXT:
                after = after.rstrip() + "…"
            ev = Evidence(article, begin, end, before, text[begin:end], after)
        else:  # offsets do not fit the text the graph holds: show the anchor alone
            ev = Evidence(article, begin, end, "", anchor, "")
        self.spans[key] = ev
        return ev

    # -- labels
    def labels(self, node) -> tuple[str, str]:
        """(Arabic, English) display labels."""
        g = self.g
        ar = en = ""
        for prop in (SKOS.prefLabel, RDFS.label, SDO.name):
            lits = sorted((o for o in g.objects(node, prop) if isinstance(o, Literal)), key=str)
            for lit in lits:
                lang = (lit.language or "").lower()
                text = str(lit).strip()
                if not text:
                    continue
                if not ar and (lang.startswith("ar") or (not lang and _ARABIC.search(text))):
                    ar = text
                elif not en and (lang.startswith("en") or (not lang and not _ARABIC.search(text))):
                    en = text
            if ar:
                break
        return ar, en

    def concept(self, node) -> tuple[str, str, str]:
        """(key, Arabic, English) of a SKOS concept or literal such as hd:killed or hd:atLeast."""
        if isinstance(node, Literal):
            return str(node), str(node), str(node)
        key = _local_name(str(node))
        ar, en = self.labels(node)
        if not (ar and en):
            o_ar, o_en = self.ontology.get(str(node), ("", ""))
            ar, en = ar or o_ar, en or o_en
        return key, ar or en or key, en or key

    # -- the whole graph
    def read(self) -> ViewData:
        g = self.g
        found: dict[URIRef, tuple[str, str]] = {}
        for node in set(g.subjects(RDF.type, None)):
            if isinstance(node, URIRef):
                c = self.classify(node)
                if c:
                    found[node] = c
        # named sources of figures that are not entities of their own
        for fig, (cls, group) in list(found.items()):
            if group == "Figure":
                for src in g.objects(fig, PROV.wasAttributedTo):
                    if isinstance(src, URIRef) and src not in found:
                        found[src] = ("Source", "Source")

        order = sorted(found, key=str)
        index = {node: i for i, node in enumerate(order)}
        items = [self.item(node, *found[node]) for node in order]

        # evidence spans, numbered in (article, begin, end) order
        quote_nodes = self.quote_nodes(found)
        span_of: dict[URIRef, list[Evidence]] = {}
        for node in order + quote_nodes:
            evs = [self.evidence(s) for s in g.objects(node, GAF.denotedBy) if isinstance(s, (URIRef, BNode))]
            span_of[node] = [e for e in evs if e is not None]
        all_spans = sorted(set(e for evs in span_of.values() for e in evs),
                           key=lambda e: (e.article, e.begin, e.end, e.mention))
        span_index = {e: i for i, e in enumerate(all_spans)}

        def provenance(node: URIRef) -> tuple[list[int], list[str]]:
            arts = {e.article for e in span_of[node]}
            for doc in g.objects(node, PROV.wasDerivedFrom):
                if isinstance(doc, URIRef):
                    arts.add(self.article(doc).id)
            return sorted({span_index[e] for e in span_of[node]}), sorted(arts)

        for i, item in enumerate(items):
            item.spans, item.articles = provenance(order[i])

        links = self.links(order, index, found)
        # articles: every article node, plus any a span points at
        for node in g.subjects(RDF.type, SDO.NewsArticle):
            if isinstance(node, URIRef):
                self.article(node)
        for node in g.subjects(RDF.type, NIF.Context):
            if isinstance(node, URIRef):
                self.article(node)
        articles = {a.id: a for a in sorted(self.articles.values(), key=lambda a: a.id)}

        out_links: dict[int, list[tuple[int, str]]] = {}
        for a, b, kind in links:
            out_links.setdefault(a, []).append((b, kind))
        part_of = {(a, b) for a, b, kind in links if kind == "partOf"}
        for i, item in enumerate(items):
            if item.kind != "event":
                continue
            linked = [(b, kind) for b, kind in out_links.get(i, [])]
            if not item.ar:
                item.ar = self.event_label(item, items, linked, part_of)
            elif _is_trigger_label(item.ar, [all_spans[s].mention for s in item.spans],
                                   [items[b] for b, _ in linked]):
                item.trigger = item.ar
                item.ar = self.event_label(item, items, linked, part_of)

        quotes = []
        for node in quote_nodes:
            q = self.quote(node, index, items)
            q.spans, q.articles = provenance(node)
            if not q.text:
                q.text = " … ".join(all_spans[s].mention for s in q.spans)
            quotes.append(q)

        classes = self.class_table(items)
        return ViewData(items, links, all_spans, articles, classes, _figure_groups(items, links), quotes)

    def quote_nodes(self, found: dict[URIRef, tuple[str, str]]) -> list[URIRef]:
        """hd:Quote nodes (and anything else with hd:quotedText that is no node of the views)."""
        g = self.g
        nodes = set(g.subjects(RDF.type, HD.Quote)) | set(g.subjects(HD.quotedText, None))
        return sorted((n for n in nodes if isinstance(n, URIRef) and n not in found), key=str)

    def quote(self, node: URIRef, index: dict[URIRef, int], items: list[Item]) -> Quote:
        g = self.g
        texts = sorted((o for o in g.objects(node, HD.quotedText) if isinstance(o, Literal) and str(o).strip()),
                       key=lambda o: (not (o.language or "").lower().startswith("ar"), str(o)))
        q = Quote(str(node), str(texts[0]).strip() if texts else "")
        speakers, speaker_text = set(), set()
        for o in g.objects(node, PROV.wasAttributedTo):
            if o in index:
                speakers.add(index[o])
            elif isinstance(o, Literal) and str(o).strip():
                speaker_text.add(str(o).strip())
            elif isinstance(o, URIRef):
                speaker_text.add(self.labels(o)[0] or self.labels(o)[1] or _local_name(str(o)))
        q.speakers, q.speaker_text = sorted(speakers), sorted(speaker_text)
        q.events = sorted({index[o] for p in (HD.claimOf, SDO.about) for o in g.objects(node, p)
                           if o in index and items[index[o]].kind == "event"})
        return q

    def item(self, node: URIRef, cls: str, group: str) -> Item:
        g = self.g
        kind = {"Event": "event", "Figure": "figure", "Source": "source"}.get(group, "entity")
        ar, en = self.labels(node)
        item = Item(str(node), kind, cls, group, ar, en)
        item.alt = sorted({str(o) for o in g.objects(node, SKOS.altLabel) if str(o).strip()} - {ar, en})
        item.hidden = sorted({str(o) for o in g.objects(node, SKOS.hiddenLabel) if str(o).strip()})
        item.same_as = sorted(str(o) for o in g.objects(node, OWL.sameAs)
                              if isinstance(o, URIRef) and str(o).lower().startswith(("http://", "https://")))
        item.roles = sorted({str(o) for o in g.objects(node, HD.role) if isinstance(o, Literal)})
        for geom in sorted(g.objects(node, GEO.hasGeometry), key=str):
            item.wkt = _first_text(g.objects(geom, GEO.asWKT)) or item.wkt
        if kind == "event":
            self.event_time(node, item)
        elif kind == "figure":
            self.figure(node, item)
        return item

    def event_time(self, node: URIRef, item: Item) -> None:
        g = self.g

        def days(*props) -> list[str]:
            return sorted({d for p in props for d in (_iso_date(o) for o in g.objects(node, p)) if d})

        stamps = days(SEM.hasTimeStamp)
        earliest = days(SEM.hasEarliestBeginTimeStamp, SEM.hasBeginTimeStamp)
        latest = days(SEM.hasLatestEndTimeStamp, SEM.hasEndTimeStamp)
        if len(stamps) == 1:
            item.date = item.start = item.end = stamps[0]
        elif stamps:
            item.start, item.end = stamps[0], stamps[-1]
        elif earliest or latest:
            item.start = earliest[0] if earliest else latest[-1]
            item.end = latest[-1] if latest else earliest[0]
            if item.end < item.start:
                item.start, item.end = item.end, item.start
            if item.start == item.end:
                item.date = item.start

    def figure(self, node: URIRef, item: Item) -> None:
        g = self.g
        item.value = _number(_first_text(g.objects(node, HD.value)))
        for m in sorted(g.objects(node, HD.measure), key=str):
            item.measure, item.measure_ar, item.measure_en = self.concept(m)
            break
        for a in sorted(g.objects(node, HD.approximation), key=str):
            item.approx, item.approx_ar, item.approx_en = self.concept(a)
            break
        for u in sorted(g.objects(node, HD.unit), key=str):
            item.unit = self.concept(u)[1] if isinstance(u, URIRef) else str(u)
            break
        item.source_text = sorted(str(o) for o in g.objects(node, PROV.wasAttributedTo) if isinstance(o, Literal))
        if not item.ar:
            words = [w for w in (item.approx_ar if item.approx != "exact" else "", item.value,
                                 "%" if item.unit in ("percent", "%") else "", item.measure_ar) if w]
            item.ar = " ".join(words)

    def links(self, order: list[URIRef], index: dict[URIRef, int],
              found: dict[URIRef, tuple[str, str]]) -> list[tuple[int, int, str]]:
        g = self.g
        out: set[tuple[int, int, str]] = set()

        def add(a: int, b, kind: str) -> bool:
            j = index.get(b)
            if j is None or j == a:
                return False
            out.add((a, j, kind))
            return True

        for i, node in enumerate(order):
            group = found[node][1]
            if group == "Event":
                roled: set = set()
                for prop, kind in _ROLE_PROPS:
                    for o in g.objects(node, prop):
                        if add(i, o, kind):
                            roled.add(o)
                for o in g.objects(node, SEM.hasActor):
                    if o not in roled:
                        add(i, o, "actor")
                for o in g.objects(node, SEM.hasPlace):
                    add(i, o, "place")
                for o in g.objects(node, SDO.about):
                    add(i, o, "about")
            elif group == "Figure":
                for prop in (SDO.about, HD.figureOf):
                    for o in g.objects(node, prop):
                        add(i, o, "figure")
                for o in g.objects(node, PROV.wasAttributedTo):
                    add(i, o, "source")
            if group in _ENTITY_GROUPS or group == "Actor":
                for o in g.objects(node, HD.partOf):
                    add(i, o, "partOf")
        return sorted(out)

    def event_label(self, event: Item, items: list[Item], linked: list[tuple[int, str]],
                    part_of: set[tuple[int, int]]) -> str:
        """A readable title from the graph: the class's Arabic label, who (agents, else speakers,
        else other actors) and where (the most specific place), e.g. «سيطرة — الجيش السوري — حلب»."""
        cls_ar = self.class_labels(event.cls)[0]

        def names(kinds: tuple[str, ...]) -> list[str]:
            for kind in kinds:
                found = sorted({items[b].label for b, k in linked if k == kind})
                if found:
                    return found
            return []

        def people_first(kinds: tuple[str, ...]) -> list[str]:
            for kind in kinds:
                found = sorted({(items[b].group != "Person", items[b].label) for b, k in linked if k == kind})
                if found:
                    return [name for _, name in found]
            return []

        who = people_first(("agent",)) or people_first(("speaker",)) or people_first(("actor",))
        places = sorted({b for b, k in linked if k == "place"}, key=lambda p: (items[p].label, p))
        # the most specific place, with the linked place it lies in: «الشيخ سعيد، حلب»
        inner = [p for p in places if not any((q, p) in part_of for q in places if q != p)]
        where = ""
        if inner:
            outer = [q for q in places if (inner[0], q) in part_of]
            where = "، ".join([items[inner[0]].label] + [items[q].label for q in outer[:1]])
        elif not who:
            where = next(iter(names(("about",)) or names(("target",))), "")
        parts = [cls_ar]
        if who:
            parts.append("، ".join(who[:2]) + ("…" if len(who) > 2 else ""))
        if where and where not in who:
            parts.append(where)
        return " — ".join(parts)

    def class_labels(self, cls: str) -> tuple[str, str]:
        node = HD[cls] if cls in PARENT else URIRef(HD_NS + cls)
        ar, en = self.labels(node)
        o_ar, o_en = self.ontology.get(str(node), ("", ""))
        builtin = _OTHER_CLASSES.get(cls, ("", ""))
        ar = ar or o_ar or builtin[0] or cls
        en = en or o_en or builtin[1] or cls
        return ar, en

    def class_table(self, items: list[Item]) -> dict[str, dict[str, str]]:
        table = {}
        for cls, group in sorted({(it.cls, it.group) for it in items}):
            ar, en = self.class_labels(cls)
            table[cls] = {"ar": ar, "en": en, "group": group, "color": _colour(cls),
                          "shape": GROUP_SHAPES.get(group, "dot")}
        return table


# Groups outside the ontology's class hierarchy.
_OTHER_CLASSES = {"Actor": ("فاعل", "Actor"), "Source": ("مصدر", "Source")}


def _is_trigger_label(label: str, mentions: list[str], linked: list[Item]) -> bool:
    """Whether an event's label is only its trigger phrase (as the pipeline names events: the
    trigger word as written, then the name of one participant), not a title someone wrote.

    True when the label begins with one of the event's own mentions, word for word, or when it is
    one word followed by the name of an item the event links to."""
    words = normalize_ar(label).split()
    if not words:
        return False
    for mention in mentions:
        head = normalize_ar(mention).split()
        if head and words[:len(head)] == head:
            return True
    rest = " ".join(words[1:])
    if not rest:
        return False
    for item in linked:
        if rest in {normalize_ar(n) for n in [item.ar, item.en, *item.alt, *item.hidden] if n}:
            return True
    return False


def _figure_groups(items: list[Item], links: list[tuple[int, int, str]]) -> dict[int, list[dict]]:
    """Per event, its figures grouped by measure, and within a measure by source (side by side).

    A group is a conflict when its figures give different values (or units) for the measure;
    it is an agreement when two or more sources give the same value."""
    sources: dict[int, list[int]] = {}
    for a, b, kind in links:
        if kind == "source":
            sources.setdefault(a, []).append(b)
    by_event: dict[int, dict[str, list[int]]] = {}
    for a, b, kind in links:
        if kind == "figure":
            by_event.setdefault(b, {}).setdefault(items[a].measure, []).append(a)
    out: dict[int, list[dict]] = {}
    for event, measures in sorted(by_event.items()):
        groups = []
        for measure, figs in sorted(measures.items()):
            figs = sorted(set(figs), key=lambda f: (_sort_value(items[f].value), f))
            columns: dict[tuple, dict] = {}
            for f in figs:
                who = tuple(sorted(set(sources.get(f, []))))
                key = (0, who) if who else (1, tuple(items[f].source_text)) if items[f].source_text else (2, ())
                col = columns.setdefault(key, {"items": list(who), "text": list(items[f].source_text),
                                               "figures": []})
                col["figures"].append(f)
            values = sorted({(items[f].value, items[f].unit) for f in figs},
                            key=lambda v: (_sort_value(v[0]), v))
            named = [k for k in columns if k[0] < 2]
            groups.append({
                "measure": measure,
                "conflict": len(values) > 1,
                "agree": len(values) == 1 and len(named) > 1,
                "values": [v for v, _ in values],
                "figures": figs,
                "sources": [columns[k] for k in sorted(columns)],
            })
        out[event] = groups
    return out


def _sort_value(text: str) -> Decimal:
    try:
        number = Decimal(text.replace(",", ""))
        return number if number.is_finite() else Decimal(0)
    except (InvalidOperation, ValueError):
        return Decimal(0)


@functools.lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, tuple[str, str]]:
    """(Arabic, English) labels of the ontology's classes and concepts, from ontology/hadath.ttl."""
    try:
        from kg.graph.validate import ontology_dir

        path = ontology_dir() / "hadath.ttl"
        onto = Graph().parse(path, format="turtle")
    except Exception:  # an installed copy without the ontology folder: fall back to local names
        return {}
    out: dict[str, tuple[str, str]] = {}
    for node in set(onto.subjects(RDFS.label, None)) | set(onto.subjects(SKOS.prefLabel, None)):
        ar = en = ""
        for prop in (SKOS.prefLabel, RDFS.label):
            for lit in sorted(onto.objects(node, prop), key=str):
                lang = (getattr(lit, "language", None) or "").lower()
                if lang.startswith("ar") and not ar:
                    ar = str(lit)
                elif lang.startswith("en") and not en:
                    en = str(lit)
        out[str(node)] = (ar, en)
    return out


def _colour(cls: str) -> str:
    if cls in _COLOURS:
        return _COLOURS[cls]
    return _SPARE[int(hashlib.sha1(cls.encode()).hexdigest(), 16) % len(_SPARE)]


def _local_name(iri: str) -> str:
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri


def _first_text(objects) -> str:
    values = sorted(str(o) for o in objects if isinstance(o, Literal))
    return values[0] if values else ""


def _first_int(objects) -> int | None:
    for o in sorted(objects, key=str):
        try:
            return int(str(o))
        except ValueError:
            continue
    return None


def _number(text: str) -> str:
    """1234567 -> "1,234,567"; 0.4 -> "0.4"; anything else unchanged."""
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def _iso_date(lit) -> str:
    if not isinstance(lit, Literal):
        return ""
    m = _DATE.match(str(lit))
    if not m:
        return ""
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return ""


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
    labels = _ontology_labels()
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
