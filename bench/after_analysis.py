"""Memory and CPU of what ``kg build`` does after the analysis, from an earlier build's store.

    python bench/after_analysis.py OUT/analyses.sqlite [--copies 8] [--work /tmp/after-analysis]

Reads the analyses back as ``kg build`` does (kg.pipeline: the records never read again skipped,
sentences dropped after resolution), resolves them and writes every output (views included) into
a scratch folder, and prints the peak RSS of this process (``getrusage``) and its CPU seconds at
the end of each phase: the figures of bench/RESULTS.md, *Memory after the analysis*.

``--copies N`` first writes a synthetic store of N copies of every row under new ids
(``ID~k``), to see how memory grows past the articles at hand without analysing more. Copies
fold into the same entities and events, so resolution holds less than as many distinct
articles would: a lower bound for the real corpus.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def synthetic(store: Path, copies: int, to: Path) -> Path:
    """A store of ``copies`` copies of every row of ``store``, the article id inside renamed too."""
    to.unlink(missing_ok=True)
    source, target = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True), sqlite3.connect(to)
    target.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, version TEXT NOT NULL, "
                   "analysis TEXT NOT NULL)")
    rows = source.execute("SELECT id, hash, version, analysis FROM articles").fetchall()
    for k in range(copies):
        batch = []
        for article_id, digest, version, text in rows:
            data = json.loads(text)
            new = f"{article_id}~{k}" if k else article_id
            data[0][0] = new  # ArticleAnalysis.article.id
            batch.append((new, digest, version, json.dumps(data, ensure_ascii=False, separators=(",", ":"))))
        with target:
            target.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", batch)
    source.close()
    target.close()
    return to


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/after-analysis"))
    args = parser.parse_args(argv)

    from kg import pipeline
    from kg.outputs import write_outputs
    from kg.store import AnalysisStore

    args.work.mkdir(parents=True, exist_ok=True)
    store = args.store if args.copies == 1 else synthetic(args.store, args.copies, args.work / "synthetic.sqlite")
    out = args.work / "out"
    shutil.rmtree(out, ignore_errors=True)
    report = pipeline.BuildReport(source=str(store))
    clock = time.process_time()

    def phase(name: str, more: str = "") -> None:
        nonlocal clock
        print(f"{name:8} {time.process_time() - clock:7.1f} s CPU  peak {peak_mb():6,} MB  {more}", flush=True)
        clock = time.process_time()

    print(f"imports  peak {peak_mb():,} MB")
    skipped: Counter = Counter()
    with AnalysisStore(store, readonly=True) as stored:
        analyses = {a.article.id: a for a in stored.analyses(skip=pipeline.UNREAD_AFTER_ANALYSIS, skipped=skipped)}
    phase("load", f"{len(analyses):,} analyses")
    corpus = pipeline.resolve_corpus(analyses)
    pipeline._count(report, corpus, skipped)
    pipeline._drop_unwritten(corpus)
    phase("resolve", f"{len(corpus.entities):,} entities, {len(corpus.events):,} events")
    write_outputs(corpus, out, report)
    phase("write", f"{report.counts['triples']:,} triples")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
