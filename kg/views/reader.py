"""Reading what the views show out of a finished graph, through the contract's vocabulary.

The views never re-extract anything: every label, class, date, link, figure and
evidence span comes from the graph (shared/docs/contract.md). Class, measure and
approximation labels come from the graph where it carries them, else from the
project's ontology (ontology/hadath.ttl), else from the IRI's local name.

Events whose rdfs:label is only their trigger phrase (as the pipeline names them:
«سيطرتها حلب») are shown under a title built from the graph, class — who — where
(«سيطرة — قوات النظام — حلب»); the label is kept (``Item.trigger``) and the trigger
stays marked in the evidence. Quotes (hd:Quote) are no nodes of the views: they are
read apart (:class:`~kg.views.model.Quote`) for the panels of their event and their speaker.

Everything read from the graph is untrusted text: it leaves this module as plain strings in
dataclasses, and only :mod:`kg.views.page` puts it on a page (as JSON, never as markup).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import GEO, OWL, PROV, RDF, RDFS, SDO, SKOS

from kg.graph.vocab import GAF, HD, HD_NS, NIF, PARENT, SEM, hadath_ancestors
from kg.text.normalize import normalize_ar
from kg.text.sentences import split_sentences
from kg.views.model import (ENTITY_GROUPS, GROUP_SHAPES, Article, Evidence, Item, Quote, ViewData, colour,
                            local_name, ontology_labels)

_ROLE_PROPS = ((HD.agent, "agent"), (HD.target, "target"), (HD.speaker, "speaker"))

_GEONAMES = re.compile(r"^https?://(sws\.|www\.)?geonames\.org/", re.I)
_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_ARABIC = re.compile("[\u0600-\u06ff]")
_CONTEXT = 160  # characters of sentence kept on each side of a mention


# ---------------------------------------------------------------- reading the graph


def read_view_data(graph: Graph) -> ViewData:
    """Everything both views need, in a deterministic order."""
    reader = _Reader(graph)
    return reader.read()


class _Reader:
    def __init__(self, graph: Graph):
        self.g = graph
        self.ontology = ontology_labels()
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
            if root in ENTITY_GROUPS or root == "Event":
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
            ident = _first_text(g.objects(node, SDO.identifier)) or local_name(str(node))
            date = ""
            for lit in g.objects(node, SDO.datePublished):
                date = _iso_date(lit) or date
            title = _first_text(g.objects(node, SDO.headline)) or _first_text(g.objects(node, SDO.name))
            publisher = ""
            for p in sorted(g.objects(node, SDO.publisher), key=str):
                publisher = str(p) if isinstance(p, Literal) else self.labels(p)[0] or local_name(str(p))
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
        key = local_name(str(node))
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
            elif is_trigger_label(item.ar, [all_spans[s].mention for s in item.spans],
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
                speaker_text.add(self.labels(o)[0] or self.labels(o)[1] or local_name(str(o)))
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
            if group in ENTITY_GROUPS or group == "Actor":
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
            table[cls] = {"ar": ar, "en": en, "group": group, "color": colour(cls),
                          "shape": GROUP_SHAPES.get(group, "dot")}
        return table


# Groups outside the ontology's class hierarchy.


_OTHER_CLASSES = {"Actor": ("فاعل", "Actor"), "Source": ("مصدر", "Source")}


def is_trigger_label(label: str, mentions: list[str], linked: list[Item]) -> bool:
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
