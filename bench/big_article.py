"""Peak memory and time of ``kg build`` beside oversized inputs (issue 8); writes bench/RESULTS_HARDENING.md.

    python bench/big_article.py                 # seeds alone, + a 50 MB article, + a 20 MB JSONL line
    python bench/big_article.py --at-limit 1e6  # also articles just under the limit, of these sizes (slow)

Every case is one ``kg build`` subprocess; its peak resident memory is that process's own
``ru_maxrss`` (``os.wait4``: its children included, so ``--workers`` would be counted too). The
50 MB article is real text (the seeds repeated), written in 1 MB chunks, so a reader that
loaded it would pay for it. ``--at-limit`` builds one article of each given size with
``--max-bytes`` just above it: what the largest article we accept costs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RESULTS = ROOT / "bench" / "RESULTS_HARDENING.md"
KG = [sys.executable, "-c", "import sys; from kg.cli import app; sys.argv[0] = 'kg'; app()"]
MB = 1_000_000
MARKER = "<!-- written by hand below: kept when the bench rewrites the table above -->\n"


@dataclass
class Case:
    name: str
    input_bytes: int
    seconds: float
    peak_mb: float
    exit_code: int
    built: str
    problems: list[str]


def seed_text() -> bytes:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))).encode("utf-8")


def write_chunked(path: Path, size: int, *, prefix: bytes = b"", one_line: bool = False) -> None:
    """``size`` bytes of real Arabic text (cut at a character boundary), written 1 MB at a time;
    ``one_line``: without a single newline."""
    block = seed_text()
    if one_line:
        block = block.replace(b"\n", b" ").replace(b"\r", b" ")
    block = (block * (MB // len(block) + 1))[:MB].decode("utf-8", "ignore").encode("utf-8")
    with path.open("wb") as f:
        f.write(prefix)
        left = size - len(prefix)
        while left > 0:
            piece = block[:left].decode("utf-8", "ignore").encode("utf-8") if left < len(block) else block
            if not piece:
                break
            f.write(piece)
            left -= len(piece)


def run_build(name: str, source: Path, out: Path, *extra: str) -> Case:
    size = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"} | {"CI": "1", "PYTHONPATH": str(ROOT)}
    clock = time.perf_counter()
    proc = subprocess.Popen(KG + ["build", str(source), "-o", str(out), "-q", *extra], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - clock
    proc.returncode = os.waitstatus_to_exitcode(status)
    report = out / "report.json"
    built = "—"
    if report.is_file():
        import json

        r = json.loads(report.read_text(encoding="utf-8"))
        built = f"{r['articles_built']} of {r['articles_read'] + sum(p.endswith('; skipped') for p in r['problems'])}"
    problems = [re.sub(r"^.*?problem:(\[/\])?\s*", "", line).replace(str(source) + "/", "")
                for line in err.splitlines() if "problem:" in line]
    if built == "—":  # no report: the build itself failed; say how
        problems = [line.strip() for line in err.splitlines() if line.strip()][-1:]
    case = Case(name, size, seconds, usage.ru_maxrss / 1024, proc.returncode, built, problems)
    print(f"{name}: {seconds:.1f} s, peak {case.peak_mb:.0f} MB, exit {proc.returncode}, built {built}", flush=True)
    return case


def seeds_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for p in SEEDS.iterdir():
        shutil.copy(p, dest / p.name)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--at-limit", type=float, nargs="*", default=[],
                        help="also build one article of each of these sizes in bytes (e.g. 1e6 5e6)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS_HARDENING.md alone")
    args = parser.parse_args()

    cases: list[Case] = []
    with tempfile.TemporaryDirectory(prefix="hadath-big-") as tmp:
        tmp = Path(tmp)
        cases.append(run_build("seeds alone", seeds_copy(tmp / "a" / "seeds"), tmp / "out-a"))

        src = seeds_copy(tmp / "b" / "seeds")
        write_chunked(src / "big.txt", 50 * MB)
        cases.append(run_build("seeds + a 50 MB article (.txt)", src, tmp / "out-b"))

        src = seeds_copy(tmp / "c" / "seeds")
        write_chunked(src / "endless.jsonl", 20 * MB, prefix=b'{"id": "endless", "text": "', one_line=True)
        cases.append(run_build("seeds + a 20 MB JSONL line without newline", src, tmp / "out-c"))

        src = seeds_copy(tmp / "d" / "seeds")
        write_chunked(src / "big.txt", 50 * MB)
        cases.append(run_build("seeds + the 50 MB article, --workers 2", src, tmp / "out-d", "--workers", "2"))

        for size in (int(s) for s in args.at_limit):
            src = tmp / f"limit-{size}"
            src.mkdir()
            write_chunked(src / "article.txt", size)
            cases.append(run_build(f"one article of {size / MB:g} MB (--max-bytes {size + 1})", src,
                                   tmp / f"out-limit-{size}", "--max-bytes", str(size + 1), "--no-views"))
    if not args.no_write:
        write_results(cases)


def write_results(cases: list[Case]) -> None:
    base = cases[0].peak_mb
    lines = [
        "# Hardening: oversized inputs (bench/big_article.py)",
        "",
        (f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, Python "
         f"{platform.python_version()}; `kg build` as a subprocess, default `--max-bytes` 5,000,000. "
         "Peak memory is the build process's own `ru_maxrss` (`os.wait4`: the largest of the process "
         "and its workers, not their sum); time is wall-clock, start-up (imports, gazetteers, about 4 s) "
         "included."),
        "",
        "| case | input | time | peak memory | vs seeds alone | exit | built | problems reported |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for c in cases:
        problems = "; ".join(c.problems) or "—"
        lines.append(f"| {c.name} | {c.input_bytes / MB:,.1f} MB | {c.seconds:.1f} s | {c.peak_mb:,.0f} MB | "
                     f"{round(c.peak_mb - base) or 0:+,d} MB | {c.exit_code} | {c.built} | {problems} |")
    lines += [
        "",
        "Reading is bounded: a .txt file is skipped on its size (`stat`) before it is opened, and a JSONL",
        "line is read at most `--max-bytes` + 1 bytes at a time and drained in 1 MB chunks, so the",
        "oversized inputs add nothing measurable to the peak; `tests/test_hardening.py` checks the same",
        "thing precisely (the big file is never opened; the traced peak while reading stays under",
        "11 MB for a 20 MB line).",
        "",
    ]
    kept = ""
    if RESULTS.is_file() and MARKER in RESULTS.read_text(encoding="utf-8"):
        kept = RESULTS.read_text(encoding="utf-8").split(MARKER, 1)[1]
    RESULTS.write_text("\n".join(lines) + MARKER + kept, encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
