"""Scale benchmark: ``kg build`` on 1,000 … 10,000 real articles, then the competency queries.

    python bench/scale.py [--data ../shared/data/news/ant2_scale_10k.jsonl] [--sizes 1000,5000,10000]
                          [--workers 2] [--engine local] [--results bench/RESULTS.md]
    python bench/scale.py --update 3000+300 [--data ../shared/data/news/ant2_all.jsonl.gz]

For each size (a prefix of the JSONL file) it runs ``kg build --store`` in a subprocess and
reports articles/s end to end (wall clock of the whole command), CPU seconds, peak memory (the
sum of the RSS of the build's process tree, sampled with psutil when it is installed, and the
largest single process from ``getrusage``), triples, output sizes and the seconds of each stage
(report.json's ``seconds``: analyze, resolve, graph, store, views). Then it runs the SPARQL
competency queries of ``bench/queries/*.rq`` on the largest graph through ``kg query`` on the
Oxigraph store (a subprocess each, timed; Python start-up included) and in process (the query
alone). It writes bench/RESULTS.md; text below the ``NOTES`` marker line is kept.

With ``--update BASE+ADDED`` it measures an update instead (issue 14): a full build of the first
BASE lines, then ``kg build`` of the first BASE+ADDED lines into that output (the update), then a
full build of the same BASE+ADDED lines into a fresh folder; it checks that the two graph.ttl are
identical and writes the times (wall and CPU of the whole process tree) between the
``UPDATE_BEGIN``/``UPDATE_END`` marker lines of the results file, below the notes.

Exits 0 with a message when the data is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path
from _machine import cpu_model, ram_gib  # noqa: E402  (bench/ is the script's folder)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news" / "ant2_scale_10k.jsonl"
QUERIES = HERE / "queries"
NOTES = "<!-- notes below this line are kept by bench/scale.py -->"
TARGETS = {"articles_per_s": 100.0, "peak_mb": 2048.0, "query_s": 1.0}

# Runs one command and prints its rusage: a fresh process per build, so the children's maxima
# are this build's alone.
_WRAPPER = r"""
import json, resource, subprocess, sys, time, threading
try:
    import psutil
except ImportError:
    psutil = None
peak = [0]
clock = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:])
def sample():
    p = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            total = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
        except psutil.Error:
            total = 0
        peak[0] = max(peak[0], total)
        time.sleep(0.05)
if psutil:
    t = threading.Thread(target=sample, daemon=True); t.start()
code = proc.wait()
wall = time.perf_counter() - clock
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "max_process_mb": ru.ru_maxrss / 1024, "tree_peak_mb": peak[0] / 2**20 if psutil else None}))
"""


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import app; app()", *args]


def machine() -> dict:
    ram = ram_gib()
    return {"nproc": os.cpu_count(), "python": platform.python_version(),
            "ram_gib": round(ram, 1) if ram else None, "cpu": cpu_model() or platform.processor() or "?"}


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def prefix(data: Path, lines: int, to: Path) -> int:
    with (gzip.open(data, "rb") if data.name.endswith(".gz") else data.open("rb")) as f, to.open("wb") as out:
        taken = list(islice(f, lines))
        out.writelines(taken)
    return len(taken)


def run_build(source: Path, out: Path, store: Path | None, workers: int, engine: str, views: bool) -> dict:
    args = kg_command("build", str(source), "-o", str(out), "--workers", str(workers), "--engine", engine,
                      *(["--store", str(store)] if store else []), "-q", "--views" if views else "--no-views")
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *args], capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    usage = json.loads(lines[-1])
    if usage["code"] not in (0, 1):
        raise SystemExit(f"kg build exited {usage['code']}:\n{done.stderr[-3000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"usage": usage, "report": report}


def run_queries(store: Path) -> list[dict]:
    from kg.query import execute, load_store

    rows = []
    opened = load_store([store])
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        clock = time.perf_counter()
        result = execute(opened, text)
        in_process = time.perf_counter() - clock
        clock = time.perf_counter()
        done = subprocess.run(kg_command("query", str(store), str(path), "--format", "csv"),
                              capture_output=True, text=True, check=False)
        wall = time.perf_counter() - clock
        if done.returncode != 0:
            raise SystemExit(f"kg query {path.name} failed: {done.stderr.strip()}")
        rows.append({"query": path.stem, "rows": len(result), "in_process_s": in_process, "kg_query_s": wall,
                     "question": _first_comment(text)})
    del opened
    return rows


def _first_comment(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def write_results(path: Path, info: dict, args, runs: list[dict], queries: list[dict], load: tuple) -> None:
    kept = ""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        if NOTES in old:
            kept = old.split(NOTES, 1)[1]
    lines = [
        "# Scale benchmark",
        "",
        f"`python bench/scale.py --sizes {','.join(str(r['size']) for r in runs)} --workers {args.workers}"
        f" --engine {args.engine}` on {dt.date.today().isoformat()}"
        f" — data: `{args.data.name}` (prefixes of the file).",
        "",
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram_gib']} GiB RAM, Python {info['python']}; "
        f"load average {load[0]:.2f} when the run started and {os.getloadavg()[0]:.2f} when it ended "
        "(other jobs share this machine: wall-clock rates vary with them; CPU seconds much less).",
        "",
        "| articles | built | wall s | articles/s | CPU s | CPU ms/article | peak MB (tree) | peak MB (one process)"
        " | triples | graph.ttl MB | out MB | store MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        u, rep = r["usage"], r["report"]
        tree = f"{u['tree_peak_mb']:.0f}" if u.get("tree_peak_mb") else "—"
        lines.append(
            f"| {r['size']:,} | {rep['articles_built']:,} | {u['wall']:.1f} | **{r['size'] / u['wall']:.0f}** | "
            f"{u['cpu']:.1f} | {1000 * u['cpu'] / r['size']:.1f} | {tree} | {u['max_process_mb']:.0f} | "
            f"{rep['counts'].get('triples', 0):,} | {r['graph_mb']:.1f} | {r['out_mb']:.1f} | {r['store_mb']:.1f} |")
    stages = ["analyze", "resolve", "graph", "store", "views"]
    lines += ["", "Seconds per stage (report.json), and per 1,000 articles. The store is loaded by a child "
                  "process while the views are drawn, so `store` overlaps `views`; `other` is the rest of the "
                  "wall clock: Python start-up, imports, reading the input, and the recognizer check.", "",
              "| articles | " + " | ".join(stages) + " | other | " + " | ".join(f"{s} /1k" for s in stages) + " |",
              "|---:|" + "---:|" * (2 * len(stages) + 1)]
    for r in runs:
        sec = r["report"]["seconds"]
        serial = sum(v for k, v in sec.items() if k not in ("views", "store"))
        other = r["usage"]["wall"] - serial - max(sec.get("views", 0), sec.get("store", 0))
        per = [f"{1000 * sec.get(s, 0) / r['size']:.2f}" for s in stages]
        lines.append(f"| {r['size']:,} | " + " | ".join(f"{sec.get(s, 0):.1f}" for s in stages)
                     + f" | {other:.1f} | " + " | ".join(per) + " |")
    if runs:
        big = runs[-1]
        counts = big["report"]["counts"]
        keys = ("entities", "events", "figures", "quotes", "mentions", "event_mentions")
        lines += ["", f"At {big['size']:,} articles: " + ", ".join(f"{counts.get(k, 0):,} {k}" for k in keys) + "."]
        views = [w for w in big["report"]["warnings"] if w.startswith("views:")]
        if views:
            lines += ["", f"Views at {big['size']:,}: {views[0][len('views: '):]}"]
    if queries:
        lines += ["", f"Competency queries on the {runs[-1]['size']:,}-article store "
                      "(`kg query STORE bench/queries/NAME.rq`):", "",
                  "| query | question | rows | query s (in process) | `kg query` s (whole command) |",
                  "|---|---|---:|---:|---:|"]
        for q in queries:
            lines.append(f"| {q['query']} | {q['question']} | {q['rows']:,} | {q['in_process_s']:.3f} | "
                         f"{q['kg_query_s']:.2f} |")
    lines += ["", "Targets: ≥ 100 articles/s end to end with `--workers 2`, peak memory < 2 GB, each competency "
                  "query < 1 s.", ""]
    if len(runs) >= 2:
        lines += _growth(runs)
    lines += ["", NOTES]
    path.write_text("\n".join(lines) + (kept if kept else "\n"), encoding="utf-8")


def _growth(runs: list[dict]) -> list[str]:
    first, last = runs[0], runs[-1]
    factor = last["size"] / first["size"]
    out = [f"Growth from {first['size']:,} to {last['size']:,} articles (×{factor:g}):", ""]
    for stage in ("analyze", "resolve", "graph", "store", "views"):
        a = first["report"]["seconds"].get(stage, 0) / first["size"]
        b = last["report"]["seconds"].get(stage, 0) / last["size"]
        if a > 0:
            out.append(f"- {stage}: {1000 * a:.2f} → {1000 * b:.2f} s per 1,000 articles (×{b / a:.2f} per article)")
    rate = [r["size"] / r["usage"]["wall"] for r in runs]
    out.append(f"- end to end: {rate[0]:.0f} → {rate[-1]:.0f} articles/s")
    return out


UPDATE_BEGIN = "<!-- update results: written by bench/scale.py --update -->"
UPDATE_END = "<!-- end of update results -->"
DEFAULT_UPDATE_DATA = ROOT.parent / "shared" / "data" / "news" / "ant2_all.jsonl.gz"


def measure_update(args, base: int, added: int) -> int:
    """Full build of ``base`` articles, update to ``base + added``, full build of ``base + added``."""
    work = args.work / f"update_{base}_{added}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    first, both = work / f"first_{base}.jsonl", work / f"first_{base + added}.jsonl"
    if prefix(args.data, base + added, both) < base + added:
        raise SystemExit(f"{args.data} has fewer than {base + added} lines")
    prefix(args.data, base, first)
    load = os.getloadavg()
    runs = {}
    for name, source, out in (("base", first, work / "updated"), ("update", both, work / "updated"),
                              ("full", both, work / "full")):
        print(f"kg build {name}: {source.name} -> {out.name} …", flush=True)
        runs[name] = run_build(source, out, None, args.workers, args.engine, args.views)
        if name == "base":
            shutil.copyfile(out / "graph.ttl", work / "base_graph.ttl")
        u = runs[name]["usage"]
        print(f"  {u['wall']:.1f} s wall, {u['cpu']:.1f} s CPU, stages "
              + ", ".join(f"{k} {v:.1f}" for k, v in runs[name]["report"]["seconds"].items()), flush=True)
    identical = (work / "updated" / "graph.ttl").read_bytes() == (work / "full" / "graph.ttl").read_bytes()
    print(f"graph.ttl of the update and of the full build: {'identical' if identical else 'DIFFERENT'}")
    _write_update(args, base, added, runs, identical, load)
    return 0 if identical else 1


def _write_update(args, base: int, added: int, runs: dict, identical: bool, load: tuple) -> None:
    up, full = runs["update"], runs["full"]
    wall, cpu = up["usage"]["wall"] / full["usage"]["wall"], up["usage"]["cpu"] / full["usage"]["cpu"]
    rows = [f"### {added:,} articles into a {base:,}-article output",
            "",
            f"`python bench/scale.py --update {base}+{added} --workers {args.workers} --engine {args.engine}"
            f"{'' if args.views else ' --no-views'}` on {dt.date.today().isoformat()}, data `{args.data.name}` "
            f"(its first lines); load average {load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.",
            "",
            "| build | wall s | CPU s (tree) | peak MB (tree) | " + " | ".join(STAGE_KEYS) + " | update counts |",
            "|---|---:|---:|---:|" + "---:|" * len(STAGE_KEYS) + "---|"]
    for name, label in (("base", f"full, {base:,}"), ("update", f"update, +{added:,}"),
                        ("full", f"full, {base + added:,}")):
        u, rep = runs[name]["usage"], runs[name]["report"]
        counts = ", ".join(f"{k} {v}" for k, v in rep.get("update", {}).items() if v) or "—"
        rows.append(f"| {label} | {u['wall']:.1f} | {u['cpu']:.1f} | {u.get('tree_peak_mb') or 0:.0f} | "
                    + " | ".join(f"{rep['seconds'].get(k, 0):.1f}" for k in STAGE_KEYS) + f" | {counts} |")
    rows += ["", f"Update / full build of {base + added:,}: **{wall:.0%} of the wall clock, {cpu:.0%} of the CPU "
                 f"time**; graph.ttl {'identical' if identical else 'DIFFERENT'} (byte for byte).", ""]
    text = args.results.read_text(encoding="utf-8") if args.results.is_file() else ""
    section = "\n".join(rows)
    if UPDATE_BEGIN in text:
        head, rest = text.split(UPDATE_BEGIN, 1)
        body, tail = rest.split(UPDATE_END, 1) if UPDATE_END in rest else (rest, "\n")
        kept = [b for b in body.split("### ") if b.strip() and not b.startswith(f"{added:,} articles into a {base:,}-")]
        body = "".join("### " + b for b in kept)
        text = head + UPDATE_BEGIN + "\n\n" + body.strip("\n") + ("\n\n" if body.strip() else "") + section \
            + "\n" + UPDATE_END + tail
    else:
        text = text.rstrip("\n") + "\n\n## Updates (kg build into an earlier output)\n\n" + UPDATE_BEGIN + "\n\n" \
            + section + "\n" + UPDATE_END + "\n"
    args.results.write_text(text, encoding="utf-8")
    print(f"wrote {args.results}")


STAGE_KEYS = ("analyze", "resolve", "graph", "views")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--no-views", dest="views", action="store_false")
    parser.add_argument("--no-queries", dest="queries", action="store_false")
    parser.add_argument("--work", type=Path, default=HERE / "_work" / "scale", help="scratch folder (git-ignored)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--update", metavar="BASE+ADDED", help="measure adding ADDED articles to a BASE-article output")
    args = parser.parse_args(argv)

    if args.update:
        if args.data == DEFAULT_DATA:
            args.data = DEFAULT_UPDATE_DATA
        if not args.data.is_file():
            print(f"bench/scale.py: {args.data} not found; nothing to measure (skipped)")
            return 0
        base, added = (int(x) for x in args.update.split("+"))
        return measure_update(args, base, added)

    if not args.data.is_file():
        print(f"bench/scale.py: {args.data} not found; nothing to measure (skipped)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.work.mkdir(parents=True, exist_ok=True)
    info, load = machine(), os.getloadavg()
    runs = []
    for size in sizes:
        source = args.work / f"articles_{size}.jsonl"
        got = prefix(args.data, size, source)
        if got < size:
            print(f"only {got} lines in {args.data}; measuring {got}")
            size = got
        out, store = args.work / f"out_{size}", args.work / f"store_{size}"
        print(f"kg build {size:,} articles (--workers {args.workers}, --engine {args.engine}) …", flush=True)
        shutil.rmtree(out, ignore_errors=True)  # a full build: not an update of an earlier run's output
        run = run_build(source, out, store, args.workers, args.engine, args.views)
        run.update(size=size, graph_mb=(out / "graph.ttl").stat().st_size / 2**20, out_mb=folder_mb(out),
                   store_mb=folder_mb(store))
        u = run["usage"]
        print(f"  {u['wall']:.1f} s, {size / u['wall']:.0f} articles/s, CPU {u['cpu']:.1f} s, peak "
              f"{u.get('tree_peak_mb') or 0:.0f} MB (tree) / {u['max_process_mb']:.0f} MB (one process), "
              f"{run['report']['counts'].get('triples', 0):,} triples, stages "
              + ", ".join(f"{k} {v:.1f}" for k, v in run["report"]["seconds"].items()), flush=True)
        runs.append(run)
        if size != sizes[-1]:
            shutil.rmtree(store, ignore_errors=True)
    queries = run_queries(args.work / f"store_{runs[-1]['size']}") if args.queries and runs else []
    for q in queries:
        print(f"  query {q['query']}: {q['rows']} rows, {q['in_process_s']:.3f} s in process, "
              f"{q['kg_query_s']:.2f} s kg query")
    write_results(args.results, info, args, runs, queries, load)
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
