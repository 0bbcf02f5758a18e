"""Resolution benchmark: entity and event resolution on duplicated samples and on growing slices of ANT.

    python bench/resolve.py [--copies 100,200,400,800,2000] [--sizes 5000,10000,20000,30000]
                            [--data ../shared/data/news/ant2_all.jsonl.gz] [--cache /tmp/x/ant2.pkl]
                            [--results bench/RESULTS_RESOLVE.md]

Part 1 (syndicated copies, issue 16 item 10): the five seed articles are analysed once, then copied
N times under new ids (identical texts, as wire copies are); entity and event resolution run on
the N x 5 analyses. Reported: seconds of each, candidate pairs and score calls of event resolution.

Part 2 (linear in the corpus, issue 13 item 2): the first ``max(sizes)`` articles of the ANT corpus
(read with gzip) are analysed once, single process (``--cache`` keeps the analyses in a pickle for
reruns), then shuffled with a fixed seed: the file is ordered by outlet and section (culture first),
so its prefixes would mix differently; every size is a prefix of the one shuffled order, so each
holds the same mix of outlets, sections and years. For each size, resolution runs on that prefix and
the table gives the seconds of each stage per 1,000 articles. Analysis seconds per 1,000 come from
the one analysis pass.

Garbage collection: the analyses held in memory are millions of objects, and every full collection
during resolution walks them all. The benchmark freezes them (``gc.freeze()``, after loading) so the
table measures resolution, not the collector over the benchmark's own 30,000 analyses; ``--no-freeze``
measures with them (a ``kg build`` holds its analyses the same way).

Writes the tables to ``--results`` (text below the NOTES marker line is kept). Exits 0 with a
message when the data is absent.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import gzip
import pickle
import random
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from _machine import cpu_model, ram_gib  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news" / "ant2_all.jsonl.gz"
NOTES = "<!-- notes below this line are kept by bench/resolve.py -->"
WARM_UP = 500  # articles resolved once before the measured sizes


def _resolve(analyses):
    """CPU seconds of entity and event resolution (this process's, so that other work on a shared machine
    does not count), and the event stage's statistics."""
    from kg.recognize.gazetteer import load_gazetteer
    from kg.resolve.entities import resolve_entities
    from kg.resolve.events import resolve_events_explained

    countries = {code: e.label_en for code, e in load_gazetteer().countries.items()}
    clock = time.process_time()
    _, entity_of = resolve_entities(analyses, countries)
    t_ent = time.process_time() - clock
    clock = time.process_time()
    res = resolve_events_explained(analyses, entity_of)
    t_ev = time.process_time() - clock
    events, stats = res.events, res.stats
    return t_ent, t_ev, len(events), stats


def seed_analyses():
    from kg.corpus import read_corpus
    from kg.pipeline import analyze_article
    from kg.recognize.registry import get_recognizer

    recognizer = get_recognizer("rules")
    return [analyze_article(a, recognizer) for a in read_corpus(ROOT / "seeds") if not hasattr(a, "message")]


def copies(base, n: int) -> dict:
    out = {}
    for k in range(n):
        for a in base:
            aid = f"copy{k:04d}-{a.article.id}"
            out[aid] = dataclasses.replace(a, article=dataclasses.replace(a.article, id=aid))
    return out


def read_ant(path: Path, limit: int):
    from kg.corpus import parse_jsonl_line

    with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as f:
        for number, line in enumerate(f, 1):
            parsed = parse_jsonl_line(path, number, line, 1 << 20)
            if parsed and parsed[1] is not None:
                yield parsed[1]
                limit -= 1
                if not limit:
                    return


def ant_analyses(path: Path, n: int, cache: Path | None):
    if cache and cache.exists():
        with cache.open("rb") as f:
            seconds, analyses = pickle.load(f)
        if len(analyses) >= n:
            return seconds, analyses[:n]
    from kg.pipeline import StageFailed, analyze_article
    from kg.recognize.registry import get_recognizer

    recognizer = get_recognizer("rules")
    clock = time.process_time()
    analyses = []
    for article in read_ant(path, n):
        try:
            analyses.append(analyze_article(article, recognizer))
        except StageFailed:
            continue
        if len(analyses) % 1000 == 0:
            print(f"  analysed {len(analyses)}", file=sys.stderr, flush=True)
    seconds = time.process_time() - clock
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            pickle.dump((seconds, analyses), f, protocol=pickle.HIGHEST_PROTOCOL)
    return seconds, analyses


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", default="100,200,400,800,2000")
    ap.add_argument("--sizes", default="5000,10000,15000,20000,25000,30000")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS_RESOLVE.md")
    ap.add_argument("--analyse-only", action="store_true", help="fill the cache and stop")
    ap.add_argument("--no-freeze", action="store_true", help="leave the analyses to the garbage collector")
    a = ap.parse_args(argv)

    lines = [f"# Resolution benchmark ({dt.date.today()})", "",
             f"Machine: {platform.machine()}, {cpu_model() or '?'}, {ram_gib() or 0:.1f} GiB RAM, "
             f"Python {platform.python_version()}; single process; times are CPU seconds of this process (time.process_time). `python bench/resolve.py`.", ""]
    if not a.analyse_only and a.copies:
        base = seed_analyses()
        gc.collect()
        gc.freeze()
        lines += ["## Syndicated copies of the five seed articles", "",
                  "| copies | articles | entity resolution s | event resolution s | events | event mentions "
                  "| units after collapse | candidate pairs | score calls | largest block |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n in map(int, a.copies.split(",")):
            t_ent, t_ev, n_events, st = _resolve(copies(base, n))
            lines.append(f"| {n} | {5 * n} | {t_ent:.2f} | {t_ev:.2f} | {n_events} | {st['mentions']} | {st['units']} "
                         f"| {st['candidate_pairs']} | {st['score_calls']} | {st['largest_block']} |")
            print(lines[-1], flush=True)
        lines.append("")
    if a.sizes and a.data.exists():
        sizes = sorted(map(int, a.sizes.split(",")))
        t_an, analyses = ant_analyses(a.data, sizes[-1], a.cache)
        if a.analyse_only:
            print(f"{len(analyses)} analyses in {t_an:.0f} s")
            return 0
        random.Random(0).shuffle(analyses)
        if not a.no_freeze:
            gc.collect()
            gc.freeze()
        # one-time costs (lexicons, gazetteer, first imports) are paid here, not by the first size measured
        _resolve({x.article.id: x for x in analyses[:WARM_UP]})
        lines += [f"## Slices of {a.data.name} (the first N of its first {len(analyses)} articles, shuffled, seed 0)", "",
                  f"Garbage collector: {'analyses left to it' if a.no_freeze else 'analyses frozen (gc.freeze)'}; "
                  "event resolution pauses it while it runs (kg.resolve.events). "
                  f"A warm-up resolution of {WARM_UP} articles first (not in the table).", "",
                  f"Analysis (once, {len(analyses)} articles): {1000 * t_an / len(analyses):.1f} s per 1,000 articles.",
                  "", "| articles | event mentions | entity res. s | per 1,000 | event res. s | per 1,000 "
                  "| candidate pairs | pairs per mention | score calls | largest block | blocks capped |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n in sizes:
            part = {x.article.id: x for x in analyses[:n]}
            t_ent, t_ev, n_events, st = _resolve(part)
            k = len(part) / 1000
            lines.append(f"| {len(part)} | {st['mentions']} | {t_ent:.2f} | {t_ent / k:.3f} | {t_ev:.2f} | {t_ev / k:.3f} "
                         f"| {st['candidate_pairs']} | {st['candidate_pairs'] / max(1, st['mentions']):.1f} "
                         f"| {st['score_calls']} | {st['largest_block']} "
                         f"| {st['capped_blocks']} |")
            print(lines[-1], flush=True)
        lines.append("")
    elif a.sizes:
        print(f"{a.data}: absent; the ANT slices are skipped")
    if a.analyse_only:
        return 0
    kept = ""
    if a.results.exists() and NOTES in a.results.read_text(encoding="utf-8"):
        kept = a.results.read_text(encoding="utf-8").split(NOTES, 1)[1]
    a.results.write_text("\n".join(lines) + "\n" + NOTES + kept, encoding="utf-8")
    print(f"written {a.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
