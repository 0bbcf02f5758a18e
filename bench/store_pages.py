"""How fast the views page through the whole store under ``kg serve`` (not a unit test).

    python bench/store_pages.py OUT [--store STORE] [--shots DIR] [--place حلب] [--text الجيش]

Serves the ``kg build`` output folder OUT (its views, and queries on ``graph.ttl`` loaded into a
temporary store, or on the Oxigraph store STORE: ``kg build --store``), opens the views in headless
Chromium (/usr/bin/chromium through Playwright) and times what a user does: the first page of
events (500, by date), the next and the last page, a class + place filter, a text filter, an
event's evidence, the actors list and one actor's partners, the places on the map. Each time runs
from the click to the page's ``#store[data-state=ready]``. Prints one line per step.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.serve import make_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--shots", type=Path, default=None, help="folder for screenshots (JPEG)")
    ap.add_argument("--place", default="حلب")
    ap.add_argument("--text", default="الجيش")
    ap.add_argument("--cls", default="Airstrike")
    args = ap.parse_args()
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    clock = time.perf_counter()
    srv = make_server(args.out, port=0, store=args.store)
    print(f"server ready: {time.perf_counter() - clock:.1f} s ({'store ' + str(args.store) if args.store else 'graph.ttl loaded'})",
          flush=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar").new_page()
            page.on("pageerror", lambda e: print("page error:", e))

            def timed(label: str, action) -> None:
                page.evaluate("(s => s && s.setAttribute('data-state', 'clicked'))(document.getElementById('store'))")
                start = time.perf_counter()
                action()
                page.wait_for_selector("#store[data-state='ready'], #store[data-state='error']", state="attached",
                                       timeout=300_000)
                took = time.perf_counter() - start
                scope = page.locator("#scope")
                print(f"{label:<34} {took:6.2f} s  {page.get_attribute('#store', 'data-state')}  "
                      f"page {scope.get_attribute('data-page')}/{scope.get_attribute('data-pages')}, "
                      f"{scope.get_attribute('data-store-count')} of {scope.get_attribute('data-store-total')} "
                      f"{scope.get_attribute('data-store-tab')}, {page.locator('#store-rows li').count()} rows "
                      f"{page.inner_text('#store-error')[:200]}", flush=True)

            def timed_detail(label: str, selector: str) -> None:
                """Open the first listed row and time until its detail (evidence, partners) is drawn."""
                start = time.perf_counter()
                page.click("#store-rows li button")
                page.wait_for_selector(selector, state="attached", timeout=300_000)
                print(f"{label:<34} {time.perf_counter() - start:6.2f} s", flush=True)

            def shot(name: str) -> None:
                if args.shots:
                    page.screenshot(path=str(args.shots / name), type="jpeg", quality=70)

            timed("timeline: first page", lambda: page.goto(srv.url + "timeline.html"))
            shot("store-timeline-10k.jpg")
            timed("next page", lambda: page.click("#store-next"))
            timed("last page", lambda: page.click("#store-last"))

            def class_and_place() -> None:
                page.select_option("#sf-class", args.cls)
                page.fill("#sf-place", args.place)
                page.click("#sf-apply")
            timed(f"filter {args.cls} + place", class_and_place)

            def text() -> None:
                page.select_option("#sf-class", "")
                page.fill("#sf-place", "")
                page.fill("#sf-text", args.text)
                page.click("#sf-apply")
            timed("filter text", text)
            timed_detail("an event: its evidence", "#store-detail .evidence li")
            shot("store-timeline-filtered-10k.jpg")
            timed("actors: first page", lambda: page.goto(srv.url + "actors.html"))
            timed_detail("an actor: its partners", "#store-detail .store-partners li")
            shot("store-actors-10k.jpg")
            timed("map: places, first page", lambda: page.goto(srv.url + "map.html"))
            print(f"{'':<34} {page.locator('circle.store-place').count()} places drawn from the store", flush=True)
            shot("store-map-10k.jpg")
            browser.close()
    finally:
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":  # query processes start from a forkserver, which re-imports this file
    main()
