"""A small contract-shaped graph for the HTML views, and a headless Chromium to open them in.

The graph is written by hand with rdflib, following shared/docs/contract.md: three
seed articles (real text, offsets checked against it), twelve entities, eight
events (exact days, ranges, one undated), four figures with two conflicts, plus a
hostile article whose title, labels, text and links try to break out of the page.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.graph.iris import doc_iri, entity_iri, event_iri, figure_iri, geometry_iri, span_iri
from kg.graph.vocab import GAF, GEO, HD, HDR_NS, NIF, OWL, PROV, RDF, RDFS, SDO, SEM, SKOS, XSD, hadath_ancestors

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_SCRIPT = "</script><script>alert(1)</script>"

_ALIGNED = {"Person": (SEM.Actor, SDO.Person), "Organization": (SEM.Actor, SDO.Organization),
            "Place": (SEM.Place, SDO.Place), "Country": (SEM.Actor,), "Event": (SEM.Event, SDO.Event),
            "Claim": (PROV.Entity, SDO.Claim)}

ARTICLES = {  # file stem -> publication date
    "001_fbaffb694397fea6": "2016-12-13",
    "002_a9156bccf282d634": "2016-12-11",
    "003_c6a12ec8e934e92c": "2016-12-13",
}
HOSTILE_DOC = "999_hostile"
HOSTILE_TEXT = f"عنوان {XSS_IMG} وقال المتحدث {XSS_SCRIPT} إن 5 قتلوا في {XSS_IMG}."


# IRIs minted as the graph writer mints them
entity, event, figure, doc = entity_iri, event_iri, figure_iri, doc_iri


# key -> (class, Arabic label, English label, GeoNames id, part of, alt labels)
ENTITIES = {
    "aleppo": ("City", "حلب", "Aleppo", 170063, "syria", ["مدينة حلب"]),
    "syria": ("Country", "سوريا", "Syria", 163843, "", ["سورية"]),
    "palmyra": ("City", "تدمر", "Palmyra", 163808, "syria", ["مدينة تدمر"]),
    "geneva": ("City", "جنيف", "Geneva", 2660646, "", []),
    "sheikh_saeed": ("Neighbourhood", "الشيخ سعيد", "al-Sheikh Saeed", None, "aleppo", ["حي الشيخ سعيد"]),
    "russia": ("Country", "روسيا", "Russia", 2017370, "", []),
    "usa": ("Country", "الولايات المتحدة", "United States", 6252001, "", []),
    "sohr": ("Organization", "المرصد السوري لحقوق الإنسان", "Syrian Observatory for Human Rights", None, "",
             ["المرصد السورى", "المرصد السوري لحقوق الانسان"]),
    "syrian_army": ("ArmedForce", "الجيش السوري", "Syrian Army", None, "", ["قوات النظام"]),
    "isis": ("ArmedGroup", "تنظيم الدولة الإسلامية", "Islamic State", None, "", ["تنظيم الدولة الاسلامية"]),
    "ban": ("Person", "بان كي مون", "Ban Ki-moon", None, "", ["بان كى مون"]),
    "abdel_rahman": ("Person", "رامي عبد الرحمن", "Rami Abdel Rahman", None, "", []),
}
HOSTILE_ENTITY = "hostile"

# (article, anchor, occurrence to start searching after) for each node's mentions
ENTITY_MENTIONS = {
    "aleppo": [("001_fbaffb694397fea6", "حلب", None), ("003_c6a12ec8e934e92c", "حلب", None)],
    "syria": [("003_c6a12ec8e934e92c", "سوريا", None)],
    "palmyra": [("002_a9156bccf282d634", "تدمر", None), ("001_fbaffb694397fea6", "تدمر", None)],
    "geneva": [("003_c6a12ec8e934e92c", "جنيف", None)],
    "sheikh_saeed": [("003_c6a12ec8e934e92c", "الشيخ سعيد", None), ("001_fbaffb694397fea6", "الشيخ سعيد", None)],
    "russia": [("003_c6a12ec8e934e92c", "روسيا", "وتقول"), ("002_a9156bccf282d634", "الروسية", None)],
    "usa": [("003_c6a12ec8e934e92c", "الولايات المتحدة", None)],
    "sohr": [("003_c6a12ec8e934e92c", "المرصد السوري لحقوق الانسان", "من جانبه"),
             ("001_fbaffb694397fea6", "المرصد السورى", "ويقدر")],
    "syrian_army": [("003_c6a12ec8e934e92c", "الجيش السوري", "يذكر أن")],
    "isis": [("002_a9156bccf282d634", "تنظيم الدولة الاسلامية", "انسحب")],
    "ban": [("003_c6a12ec8e934e92c", "بان كي مون", None), ("001_fbaffb694397fea6", "بان كى مون", None)],
    "abdel_rahman": [("002_a9156bccf282d634", "رامي عبد الرحمن", None)],
}

# key -> (class, date or (earliest, latest) or None, roles {prop: [entity keys]}, mentions)
EVENTS = {
    "displacement_east_aleppo": ("Displacement", ("2016-11-15", "2016-12-13"), {SEM.hasPlace: ["aleppo"]},
                                 [("001_fbaffb694397fea6", "فروا", "ويقدر"), ("003_c6a12ec8e934e92c", "نزحوا", None)]),
    "killing_east_aleppo": ("Killing", ("2016-11-15", "2016-12-13"), {SEM.hasPlace: ["aleppo"]},
                            [("003_c6a12ec8e934e92c", "قتلوا", "من جانبه")]),
    "take_sheikh_saeed": ("TakeControl", "2016-12-12",
                          {HD.agent: ["syrian_army"], SEM.hasPlace: ["sheikh_saeed"]},
                          [("003_c6a12ec8e934e92c", "سيطر", "بعدما"), ("001_fbaffb694397fea6", "استعادة", "ساعات من")]),
    "isis_leaves_palmyra": ("Withdrawal", "2016-12-11", {HD.agent: ["isis"], SEM.hasPlace: ["palmyra"]},
                            [("002_a9156bccf282d634", "انسحب", "في وسط سوريا")]),
    "russian_strikes_palmyra": ("Airstrike", ("2016-12-10", "2016-12-11"),
                                {HD.agent: ["russia"], HD.target: ["isis"], SEM.hasPlace: ["palmyra"]},
                                [("002_a9156bccf282d634", "الغارات الروسية", None)]),
    "ban_concern": ("Statement", "2016-12-13", {HD.speaker: ["ban"], SDO.about: ["aleppo"]},
                    [("003_c6a12ec8e934e92c", "عبر", None)]),
    "geneva_talks": ("Negotiation", ("2016-12-10", "2016-12-11"),
                     {SEM.hasActor: ["russia", "usa"], SEM.hasPlace: ["geneva"]},
                     [("003_c6a12ec8e934e92c", "محادثات", "اجريتا")]),
    "aleppo_celebrations": ("Celebration", None, {SEM.hasPlace: ["aleppo"]},
                            [("003_c6a12ec8e934e92c", "احتفالات", None)]),
}
EVENT_LABELS = {"take_sheikh_saeed": "سيطرة الجيش السوري على حي الشيخ سعيد",
                "isis_leaves_palmyra": "انسحاب تنظيم الدولة من تدمر"}

# key -> (value, measure, approximation, event, source, (article, anchor, after))
FIGURES = {
    "displaced_russia": ("100000", "displaced", "moreThan", "displacement_east_aleppo", "russia",
                         ("003_c6a12ec8e934e92c", "أكثر من 100 ألف", None)),
    "displaced_sohr": ("130000", "displaced", "moreThan", "displacement_east_aleppo", "sohr",
                       ("001_fbaffb694397fea6", "أكثر من 130 ألف", None)),
    "killed_415": ("415", "civiliansKilled", "atLeast", "killing_east_aleppo", "sohr",
                   ("003_c6a12ec8e934e92c", "415 مدنيا", None)),
    "killed_463": ("463", "civiliansKilled", "atLeast", "killing_east_aleppo", "sohr",
                   ("001_fbaffb694397fea6", "463 مدنيا على الأقل", None)),
}


def seed_text(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


@dataclass
class Fixture:
    """The triples, plus what the tests need to know about them."""

    triples: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)

    def add(self, s, p, o):
        self.triples.append((s, p, o))

    def typed(self, node, cls: str):
        for name in hadath_ancestors(cls):
            self.add(node, RDF.type, HD[name])
            for aligned in _ALIGNED.get(name, ()):
                self.add(node, RDF.type, aligned)

    def mention(self, node, stem: str, anchor: str, after: str | None = None):
        text = self.texts[stem]
        start = text.index(after) if after else 0
        begin = text.index(anchor, start)
        end = begin + len(anchor)
        assert text[begin:end] == anchor
        span = span_iri(stem, begin, end)
        self.add(node, GAF.denotedBy, span)
        self.add(node, PROV.wasDerivedFrom, doc(stem))
        self.add(span, RDF.type, NIF.OffsetBasedString)
        self.add(span, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger))
        self.add(span, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger))
        self.add(span, NIF.anchorOf, Literal(anchor))
        self.add(span, NIF.referenceContext, doc(stem))

    def article(self, stem: str, text: str, published: str, **extra):
        self.texts[stem] = text
        node = doc(stem)
        self.add(node, RDF.type, SDO.NewsArticle)
        self.add(node, RDF.type, NIF.Context)
        self.add(node, SDO.identifier, Literal(stem))
        self.add(node, SDO.datePublished, Literal(published, datatype=XSD.date))
        self.add(node, NIF.isString, Literal(text))
        for prop, value in extra.items():
            self.add(node, SDO[prop], Literal(value))


def fixture_triples() -> list:
    f = Fixture()
    for stem, published in ARTICLES.items():
        f.article(stem, seed_text(stem), published)
    f.add(doc("003_c6a12ec8e934e92c"), SDO.publisher, Literal("BBC عربي"))

    for key, (cls, ar, en, geonames, part_of, alts) in ENTITIES.items():
        node = entity(key)
        f.typed(node, cls)
        f.add(node, SKOS.prefLabel, Literal(ar, lang="ar"))
        f.add(node, SKOS.prefLabel, Literal(en, lang="en"))
        for alt in alts:
            f.add(node, SKOS.altLabel, Literal(alt, lang="ar"))
        if geonames:
            f.add(node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{geonames}/"))
        if part_of:
            f.add(node, HD.partOf, entity(part_of))
        for stem, anchor, after in ENTITY_MENTIONS[key]:
            f.mention(node, stem, anchor, after)
    aleppo_geo = geometry_iri("aleppo")
    f.add(entity("aleppo"), GEO.hasGeometry, aleppo_geo)
    f.add(aleppo_geo, GEO.asWKT, Literal("POINT(37.16117 36.20124)", datatype=GEO.wktLiteral))
    f.add(entity("ban"), HD.role, Literal("الأمين العام للأمم المتحدة", lang="ar"))

    for key, (cls, when, roles, mentions) in EVENTS.items():
        node = event(key)
        f.typed(node, cls)
        if key in EVENT_LABELS:
            f.add(node, RDFS.label, Literal(EVENT_LABELS[key], lang="ar"))
        if isinstance(when, str):
            f.add(node, SEM.hasTimeStamp, Literal(when, datatype=XSD.date))
        elif when:
            f.add(node, SEM.hasEarliestBeginTimeStamp, Literal(when[0], datatype=XSD.date))
            f.add(node, SEM.hasLatestEndTimeStamp, Literal(when[1], datatype=XSD.date))
        for prop, keys in roles.items():
            for k in keys:
                f.add(node, prop, entity(k))
                if prop in (HD.agent, HD.target, HD.speaker):
                    f.add(node, SEM.hasActor, entity(k))  # asserted directly, as the contract asks
        for stem, anchor, after in mentions:
            f.mention(node, stem, anchor, after)

    for key, (value, measure, approx, ev, source, (stem, anchor, after)) in FIGURES.items():
        node = figure(key)
        f.typed(node, "Figure")
        f.add(node, HD.value, Literal(value, datatype=XSD.decimal))
        f.add(node, HD.measure, HD[measure])
        f.add(node, HD.approximation, HD[approx])
        f.add(node, SDO.about, event(ev))
        f.add(node, HD.figureOf, event(ev))
        f.add(node, PROV.wasAttributedTo, entity(source))
        f.mention(node, stem, anchor, after)

    # ---- the hostile article: every text field tries to break out of the page
    f.article(HOSTILE_DOC, HOSTILE_TEXT, "2016-12-01", headline=XSS_IMG + XSS_SCRIPT)
    f.add(doc(HOSTILE_DOC), SDO.publisher, Literal("<script>alert(1)</script>"))
    hostile_cls = URIRef(str(HD.Person) + "Hostile")  # a subclass the ontology does not know
    f.add(hostile_cls, RDFS.subClassOf, HD.Person)
    f.add(hostile_cls, RDFS.label, Literal(XSS_IMG, lang="ar"))
    node = entity(HOSTILE_ENTITY)
    f.typed(node, "Person")
    f.add(node, RDF.type, hostile_cls)
    f.add(node, SKOS.prefLabel, Literal(XSS_IMG, lang="ar"))
    f.add(node, SKOS.prefLabel, Literal(XSS_SCRIPT, lang="en"))
    f.add(node, SKOS.altLabel, Literal("<b onmouseover=alert(1)>x</b>", lang="ar"))
    f.add(node, SKOS.hiddenLabel, Literal("\u2028</script>\u2029", lang="ar"))
    f.add(node, OWL.sameAs, URIRef("javascript:alert(1)"))
    f.add(node, HD.role, Literal(XSS_SCRIPT, lang="ar"))
    f.mention(node, HOSTILE_DOC, XSS_IMG)
    hev = event("hostile")
    f.typed(hev, "Statement")
    f.add(hev, RDFS.label, Literal(XSS_SCRIPT + XSS_IMG, lang="ar"))
    f.add(hev, SEM.hasTimeStamp, Literal("2016-12-01", datatype=XSD.date))
    f.add(hev, HD.speaker, node)
    f.add(hev, SEM.hasActor, node)
    f.mention(hev, HOSTILE_DOC, "وقال")
    hfig = figure("hostile")
    f.typed(hfig, "Figure")
    f.add(hfig, HD.value, Literal("5", datatype=XSD.decimal))
    f.add(hfig, HD.measure, URIRef(f"{HDR_NS}measure/hostile"))
    f.add(URIRef(f"{HDR_NS}measure/hostile"), SKOS.prefLabel, Literal(XSS_SCRIPT, lang="ar"))
    f.add(hfig, SDO.about, hev)
    f.add(hfig, PROV.wasAttributedTo, node)
    f.mention(hfig, HOSTILE_DOC, "5 قتلوا")
    return f.triples


def build_graph(triples=None, reverse: bool = False) -> Graph:
    g = Graph()
    for t in reversed(triples) if reverse else (triples or fixture_triples()):
        g.add(t)
    return g


# Counts the tests check against: what the fixture holds.
N_ENTITIES = len(ENTITIES) + 1
N_EVENTS = len(EVENTS) + 1
N_FIGURES = len(FIGURES) + 1
N_NODES = N_ENTITIES + N_EVENTS + N_FIGURES


@pytest.fixture(scope="session")
def graph() -> Graph:
    return build_graph()


@pytest.fixture(scope="session")
def data(graph):
    """The fixture graph as the views read it (read-only: tests must not change it)."""
    from kg.views.common import read_view_data

    return read_view_data(graph)


def written_view(writer, folder: Path, name: str, n_scripts: int):
    """One view of the fixture graph written by ``writer`` (write_actors_html, write_map_html …) into
    ``folder``, checked self-contained (``n_scripts`` inline scripts, the data first) with no hostile
    text left raw. Returns (stats, path)."""
    from .test_network import assert_self_contained

    path = folder / name
    stats = writer(build_graph(), path, title="Hadath test")
    html = path.read_text(encoding="utf-8")
    assert_self_contained(html, n_scripts)
    assert XSS_SCRIPT not in html and XSS_IMG not in html
    return stats, path


@pytest.fixture(scope="session")
def views(graph, tmp_path_factory):
    """graph.html and timeline.html of the fixture graph, with their stats."""
    from kg.views.network import write_network_html
    from kg.views.timeline import write_timeline_html

    out = tmp_path_factory.mktemp("views")
    net = write_network_html(graph, out / "graph.html", title="Hadath test")
    tl = write_timeline_html(graph, out / "timeline.html", title="Hadath test")
    return {"dir": out, "network": out / "graph.html", "timeline": out / "timeline.html",
            "network_stats": net, "timeline_stats": tl}


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright not installed")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    # Playwright gives the browser a fresh temporary profile itself (it refuses --user-data-dir here).
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page with everything that must not happen recorded: requests leaving the machine,
    dialogs (alert), uncaught errors, console errors."""

    def __init__(self, browser, path: Path | str, origin: str = ""):
        """``path`` a file, or a URL on ``origin`` (a local ``kg serve``): requests to that origin
        are allowed, every other one is recorded and refused."""
        self.problems: list[str] = []
        self.origin = origin
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("console", self._console)
        self.page.goto(path if isinstance(path, str) else path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)

    def _local(self, url: str) -> bool:
        return url.startswith(("file:", "data:", "blob:", "about:")) or bool(
            self.origin and url.startswith(self.origin.rstrip("/") + "/"))

    def _route(self, route):
        if self._local(route.request.url):
            route.continue_()
        else:
            self.problems.append(f"request to {route.request.url}")
            route.abort()

    def _request(self, request):
        if not self._local(request.url):
            self.problems.append(f"request to {request.url}")

    def _dialog(self, dialog):
        self.problems.append(f"dialog: {dialog.type} {dialog.message}")
        dialog.dismiss()

    def _console(self, msg):
        if msg.type == "error":
            self.problems.append(f"console error: {msg.text}")

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser):
    opened: list[Watched] = []

    def _open(path: Path | str, origin: str = "") -> Watched:
        w = Watched(browser, path, origin)
        opened.append(w)
        return w

    yield _open
    problems = [p for w in opened for p in w.problems]
    for w in opened:
        w.close()
    assert not problems, problems
