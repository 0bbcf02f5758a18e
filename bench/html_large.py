"""How graph.html and timeline.html cope with a large graph (not a unit test).

    python bench/html_large.py [--events 3600] [--entities 1400] [--out bench/_work/html]

Builds a synthetic contract-shaped graph (articles with text, entities, events,
figures, evidence spans with true offsets), writes both views, opens them in
headless Chromium (/usr/bin/chromium through Playwright, every request other
than file:// refused) and measures the time until the network is drawn and
stable (the page's ``data-ready``: first frame drawn with physics off, or
physics stabilized and stopped). Writes bench/RESULTS_HTML.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph.vocab import GAF, HD, HDR_NS, NIF, OWL, PROV, RDF, SDO, SEM, SKOS, XSD, hadath_ancestors  # noqa: E402
from kg.views.network import PHYSICS_MAX_NODES, write_network_html  # noqa: E402
from kg.views.timeline import write_timeline_html  # noqa: E402
from _machine import cpu_model, ram_gib  # noqa: E402  (bench/ is the script's folder)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

FIRST = ["أحمد", "محمد", "علي", "عمر", "خالد", "سامي", "ليلى", "منى", "رامي", "يوسف", "هدى", "زياد", "نور", "كريم"]
LAST = ["الحلبي", "الشامي", "العلي", "حداد", "نصار", "الخطيب", "عواد", "منصور", "سليمان", "الأحمد", "درويش"]
ORG = ["لجنة", "هيئة", "جبهة", "مجلس", "وكالة", "منظمة", "كتيبة", "لواء", "مرصد", "اتحاد"]
ORG_OF = ["الإغاثة", "الإعلام", "الشمال", "الساحل", "حقوق الإنسان", "التنسيق", "الدفاع المدني", "الأحرار", "الفتح"]
TRIGGERS = {"Airstrike": "غارة", "Shelling": "قصف", "Clash": "اشتباكات", "Killing": "مقتل", "Displacement": "نزوح",
            "TakeControl": "سيطرة", "Withdrawal": "انسحاب", "Meeting": "اجتماع", "Statement": "تصريح",
            "Negotiation": "مفاوضات", "Appeal": "مناشدة", "Protest": "احتجاج"}
MEASURES = ("killed", "civiliansKilled", "displaced", "wounded")
ALIGNED = {"Person": (SEM.Actor, SDO.Person), "Organization": (SEM.Actor, SDO.Organization),
           "Place": (SEM.Place, SDO.Place), "Event": (SEM.Event, SDO.Event), "Claim": (PROV.Entity, SDO.Claim)}


def synthetic_graph(n_entities: int, n_events: int, n_articles: int, seed: int = 7) -> Graph:
    rnd = random.Random(seed)
    g = Graph()

    def typed(node, cls):
        for name in hadath_ancestors(cls):
            g.add((node, RDF.type, HD[name]))
            for a in ALIGNED.get(name, ()):
                g.add((node, RDF.type, a))

    # entities: 40% places (countries > cities > neighbourhoods), 35% organizations, 25% persons
    entities = []
    countries = []
    cities = []
    for k in range(n_entities):
        node = URIRef(f"{HDR_NS}entity/e{k:05d}")
        r = k % 20
        if r < 8:
            if len(countries) < 12:
                cls, label, parent = "Country", f"دولة {k}", None
                countries.append(node)
            elif r < 4:
                cls, label, parent = "City", f"مدينة {rnd.choice(LAST)[2:] or 'حلب'} {k}", rnd.choice(countries)
                cities.append(node)
            else:
                cls, label, parent = "Neighbourhood", f"حي {rnd.choice(FIRST)} {k}", rnd.choice(cities or countries)
        elif r < 15:
            cls = rnd.choice(["Organization", "ArmedGroup", "ArmedForce", "MediaOutlet", "Government"])
            label, parent = f"{rnd.choice(ORG)} {rnd.choice(ORG_OF)} {k}", None
        else:
            cls, label, parent = "Person", f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {k}", None
        typed(node, cls)
        g.add((node, SKOS.prefLabel, Literal(label, lang="ar")))
        g.add((node, SKOS.prefLabel, Literal(f"Entity {k}", lang="en")))
        g.add((node, SKOS.altLabel, Literal(label.replace("ا", "أ", 1), lang="ar")))
        if parent is not None:
            g.add((node, HD.partOf, parent))
        if cls in ("Country", "City"):
            g.add((node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{100000 + k}/")))
        entities.append((node, cls, label))
    places = [e for e in entities if e[1] in ("Country", "City", "Neighbourhood")]
    actors = [e for e in entities if e[1] not in ("Country", "City", "Neighbourhood")]
    hubs = actors[: max(10, len(actors) // 20)]  # a few actors appear in many events, as in real news

    texts: list[list[str]] = [[] for _ in range(n_articles)]
    lengths = [0] * n_articles
    base = dt.date(2016, 9, 1)

    def write(a: int, sentence: str, *anchors: str) -> list[tuple[int, int, str]]:
        start = lengths[a]
        texts[a].append(sentence)
        lengths[a] += len(sentence) + 1
        spans, cursor = [], 0
        for anchor in anchors:
            i = sentence.index(anchor, cursor)
            spans.append((start + i, start + i + len(anchor), anchor))
            cursor = i + len(anchor)
        return spans

    def mention(node, a: int, span):
        b, e, anchor = span
        s = URIRef(f"{HDR_NS}doc/a{a:03d}#char={b},{e}")
        g.add((node, GAF.denotedBy, s))
        g.add((node, PROV.wasDerivedFrom, URIRef(f"{HDR_NS}doc/a{a:03d}")))
        g.add((s, RDF.type, NIF.OffsetBasedString))
        g.add((s, NIF.beginIndex, Literal(b, datatype=XSD.nonNegativeInteger)))
        g.add((s, NIF.endIndex, Literal(e, datatype=XSD.nonNegativeInteger)))
        g.add((s, NIF.anchorOf, Literal(anchor)))
        g.add((s, NIF.referenceContext, URIRef(f"{HDR_NS}doc/a{a:03d}")))

    n_fig = 0
    for k in range(n_events):
        node = URIRef(f"{HDR_NS}event/v{k:05d}")
        cls = rnd.choice(sorted(TRIGGERS))
        typed(node, cls)
        agent = rnd.choice(hubs) if rnd.random() < 0.5 else rnd.choice(actors)
        target = rnd.choice(actors) if rnd.random() < 0.4 else None
        place = rnd.choice(places)
        a = k % n_articles
        words = [TRIGGERS[cls], agent[2], place[2]]
        sentence = f"وأفادت مصادر عن {words[0]} نفذه {words[1]} في {words[2]}" + (f" ضد {target[2]}" if target else "") + "."
        spans = write(a, sentence, *words, *([target[2]] if target else []))
        mention(node, a, spans[0])
        mention(agent[0], a, spans[1])
        mention(place[0], a, spans[2])
        g.add((node, HD.agent, agent[0]))
        g.add((node, SEM.hasActor, agent[0]))
        if target:
            mention(target[0], a, spans[3])
            g.add((node, HD.target, target[0]))
            g.add((node, SEM.hasActor, target[0]))
        g.add((node, SEM.hasPlace, place[0]))
        day = base + dt.timedelta(days=rnd.randrange(120))
        r = rnd.random()
        if r < 0.6:
            g.add((node, SEM.hasTimeStamp, Literal(day.isoformat(), datatype=XSD.date)))
        elif r < 0.95:
            g.add((node, SEM.hasEarliestBeginTimeStamp, Literal(day.isoformat(), datatype=XSD.date)))
            end = day + dt.timedelta(days=rnd.randrange(1, 30))
            g.add((node, SEM.hasLatestEndTimeStamp, Literal(end.isoformat(), datatype=XSD.date)))
        if k % 9 == 0:  # a figure, sometimes two sources disagreeing
            for source in ([agent, rnd.choice(hubs)] if k % 27 == 0 else [rnd.choice(hubs)]):
                fig = URIRef(f"{HDR_NS}figure/f{n_fig:05d}")
                n_fig += 1
                typed(fig, "Figure")
                value = rnd.randrange(3, 5000)
                g.add((fig, HD.value, Literal(str(value), datatype=XSD.decimal)))
                g.add((fig, HD.measure, HD[MEASURES[k % len(MEASURES)]]))
                g.add((fig, HD.approximation, HD.atLeast))
                g.add((fig, SDO.about, node))
                g.add((fig, HD.figureOf, node))
                g.add((fig, PROV.wasAttributedTo, source[0]))
                spans = write(a, f"وقال {source[2]} إن {value} شخصا على الأقل سقطوا.", str(value))
                mention(fig, a, spans[0])
    for a in range(n_articles):
        doc = URIRef(f"{HDR_NS}doc/a{a:03d}")
        g.add((doc, RDF.type, SDO.NewsArticle))
        g.add((doc, RDF.type, NIF.Context))
        g.add((doc, SDO.identifier, Literal(f"a{a:03d}")))
        g.add((doc, SDO.datePublished, Literal((base + dt.timedelta(days=a)).isoformat(), datatype=XSD.date)))
        g.add((doc, NIF.isString, Literal("\n".join(texts[a]))))
    return g


def machine() -> dict[str, str]:
    ram = ram_gib()
    mem = f"{ram:.1f} GiB" if ram else ""
    cpu = cpu_model() or platform.processor()
    return {"nproc": str(os.cpu_count()), "ram": mem, "cpu": cpu, "python": platform.python_version(),
            "os": platform.platform()}


def open_in_chromium(path: Path, selector_js: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                problems.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        clock = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=600_000)
        loaded = time.perf_counter() - clock
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=600_000)
        ready_wall = time.perf_counter() - clock
        result = {"load_event_s": loaded, "ready_wall_s": ready_wall, "problems": problems}
        result.update(page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const t = (window.HADATH && window.HADATH.state) ? window.HADATH.state.timings : {};
            return {dom_content_loaded_ms: nav ? nav.domContentLoadedEventEnd : null,
                    load_ms: nav ? nav.loadEventEnd : null,
                    first_draw_ms: t.firstDraw || null, ready_ms: t.ready || null};
        }"""))
        if selector_js:
            result.update(page.evaluate(selector_js))
        browser.close()
    return result


NETWORK_INTERACTION = """() => {
    const out = {};
    let t = performance.now();
    const box = document.querySelector('#legend input[type=checkbox]');
    box.click();
    out.class_filter_ms = performance.now() - t;
    box.click();
    t = performance.now();
    const input = document.getElementById('search');
    input.value = 'حلبي';
    input.dispatchEvent(new Event('input'));
    out.search_ms = performance.now() - t;
    out.search_hits = document.querySelectorAll('#search-results li button').length;
    const first = document.querySelector('#search-results li button');
    t = performance.now();
    if (first) HADATH.select(+first.getAttribute('data-item'), false);
    out.select_and_panel_ms = performance.now() - t;
    out.dataset_nodes = HADATH.nodes.length;
    out.dataset_edges = HADATH.edges.length;
    return out;
}"""

TIMELINE_INTERACTION = """() => {
    const out = {};
    let t = performance.now();
    document.querySelector('#classes input[type=checkbox]').click();
    out.class_filter_ms = performance.now() - t;
    out.events_drawn = document.querySelectorAll('.tl-event').length;
    return out;
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=1400)
    ap.add_argument("--events", type=int, default=3600)
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "_work" / "html")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS_HTML.md")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    clock = time.perf_counter()
    graph = synthetic_graph(args.entities, args.events, args.articles)
    build_s = time.perf_counter() - clock
    print(f"graph: {len(graph)} triples in {build_s:.1f} s", flush=True)

    # the large graph whole, the same capped at the default max_nodes, and a graph just under the size
    # where the page still runs physics (then freezes it)
    small = synthetic_graph(80, 185, 10)
    runs = []
    for name, g, max_nodes in (("all nodes", graph, 100_000), ("default max_nodes=3000", graph, 3000),
                               ("small graph, physics", small, 3000)):
        path = args.out / f"graph-{len(g)}-{max_nodes}.html"
        clock = time.perf_counter()
        stats = write_network_html(g, path, title="Hadath bench", max_nodes=max_nodes)
        write_s = time.perf_counter() - clock
        print(f"{name}: {stats} written in {write_s:.1f} s", flush=True)
        browser = open_in_chromium(path, NETWORK_INTERACTION)
        print(f"  browser: {browser}", flush=True)
        runs.append((name, stats, write_s, browser))

    tl_path = args.out / "timeline.html"
    clock = time.perf_counter()
    tl_stats = write_timeline_html(graph, tl_path, title="Hadath bench")
    tl_write = time.perf_counter() - clock
    tl_browser = open_in_chromium(tl_path, TIMELINE_INTERACTION)
    print(f"timeline: {tl_stats} written in {tl_write:.1f} s; browser {tl_browser}", flush=True)

    m = machine()
    lines = [
        "# HTML views on a large graph",
        "",
        f"Run by `python bench/html_large.py` on {dt.date.today().isoformat()}.",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram']} RAM, {m['os']}, Python {m['python']}, "
        "headless Debian Chromium (`/usr/bin/chromium`, `--disable-gpu`, software rendering) through Playwright, "
        "viewport 1400×900, every request other than `file://` refused.",
        "",
        f"Synthetic contract-shaped graph: {len(graph):,} triples; {args.articles} articles with text; "
        f"{args.entities} entities, {args.events} events, {runs[0][1].figures} figures "
        f"({runs[0][1].total_nodes:,} nodes for the network); built in {build_s:.1f} s.",
        "",
        "## graph.html",
        "",
        "| run | nodes drawn | edges drawn | layout | file | write (Python) | load event | drawn and stable (ready) | class filter | search | select + panel |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s, write_s, b in runs:
        layout = "physics, then frozen" if s.physics else "networkx positions, physics off"
        lines.append(
            f"| {name} | {s.nodes:,} | {s.edges:,} | {layout} | {s.bytes / 1e6:.1f} MB | {write_s:.1f} s | "
            f"{b['load_ms'] / 1000:.1f} s | **{b['ready_ms'] / 1000:.1f} s** (wall {b['ready_wall_s']:.1f} s) | "
            f"{b['class_filter_ms']:.0f} ms | {b['search_ms']:.0f} ms ({b['search_hits']} hits) | "
            f"{b['select_and_panel_ms']:.0f} ms |")
    lines += [
        "",
        "\"ready\" is the page's own mark (`body[data-ready=1]`): with physics off, vis-network's first "
        "`afterDrawing`; with physics on, `stabilizationIterationsDone` after which physics is switched off. "
        "Times in the page are from navigation start. Write time includes reading the rdflib graph, the "
        "networkx layout and rendering the page. The small graph is a separate synthetic graph "
        f"({len(small):,} triples) just under the {PHYSICS_MAX_NODES}-node limit up to which the page runs "
        "vis-network's physics from the networkx start, then switches it off.",
        "",
        "## timeline.html",
        "",
        "| events | exact / range / undated | file | write (Python) | ready | class filter (re-draw) |",
        "|---|---|---|---|---|---|",
        f"| {tl_stats.events:,} | {tl_stats.exact:,} / {tl_stats.ranged:,} / {tl_stats.undated:,} | "
        f"{tl_stats.bytes / 1e6:.1f} MB | {tl_write:.1f} s | {tl_browser['ready_wall_s']:.1f} s (wall) | "
        f"{tl_browser['class_filter_ms']:.0f} ms |",
        "",
        "Problems seen in the browser (requests leaving the machine, errors, dialogs): "
        + (", ".join(p for _, _, _, b in runs for p in b["problems"]) + ", ".join(tl_browser["problems"]) or "none")
        + ".",
        "",
    ]
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
