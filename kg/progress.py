"""The progress display of ``kg build``: a line per stage, with a total and a time estimate for each.

    analyse   ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━   2,140/3,300 articles   0:00:24  ~0:00:13 left
    resolve   ━━━━━━━━━━━━━                                 0:00:02  ~0:00:05 left
    write                                                    waiting  ~0:00:09

The analysis is counted article by article (its estimate is Rich's, from the rate so far). Resolution
and writing cannot be counted from outside, so their bars follow the clock against an estimate: the
seconds per article of the same stage in the previous build of the output folder (its report.json),
else the rates measured in bench/RESULTS.md. Written to stderr, and only on an interactive terminal
outside CI (kg.engines decides), so logs and pipes never get it.
"""
from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from kg.corpus import is_gzip, is_jsonl

STAGES = ("analyse", "resolve", "write")


def peak_mb() -> float:
    """The largest resident memory of this process so far, in MB (report.json's ``peak_mb`` per stage)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)
# Seconds per 1,000 articles (bench/RESULTS.md, 10,000 articles, 2 workers) and a constant part
# (the views draw a capped sample), used when there is no earlier build to learn from.
DEFAULT_RATES = {"resolve": (1.9, 0.5), "write": (1.6 + 0.6, 3.0)}
_COUNT_CHUNK = 1 << 20


def count_lines(sources: Iterable[Path]) -> int:
    """How many articles the sources hold at most: lines of JSONL files (.gz decompressed as a
    stream), .txt files of folders. A fast upper bound for the display, never the build's count."""
    total = 0
    for source in map(Path, sources):
        if source.is_dir():
            for entry in source.iterdir():
                if entry.suffix.lower() == ".txt":
                    total += 1
                elif is_jsonl(entry) and entry.is_file():
                    total += _lines(entry)
        elif is_jsonl(source):
            total += _lines(source)
        else:
            total += 1
    return total


def _lines(path: Path) -> int:
    n, last = 0, b"\n"
    try:
        with (gzip.open(path, "rb") if is_gzip(path) else path.open("rb")) as f:
            while chunk := f.read(_COUNT_CHUNK):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except (OSError, EOFError):
        pass  # the build itself reports what is wrong with the file
    return n + (last != b"\n")


def estimates(previous_report: Path, articles: int) -> dict[str, float]:
    """Seconds for resolution and writing of ``articles``, from the previous build's report when
    there is one (its seconds per article), else from :data:`DEFAULT_RATES`."""
    out = {stage: per_1k * articles / 1000 + fixed for stage, (per_1k, fixed) in DEFAULT_RATES.items()}
    try:
        before = json.loads(previous_report.read_text(encoding="utf-8"))
        built, seconds = int(before["articles_built"]), before["seconds"]
        if built > 0:
            scale = articles / built
            out["resolve"] = float(seconds.get("resolve", 0)) * scale
            write = float(seconds.get("graph", 0)) + max(float(seconds.get("views", 0)), float(seconds.get("store", 0)))
            out["write"] = write * scale
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return out


class _Estimate(ProgressColumn):
    """Time left: Rich's estimate for a counted stage, estimate minus elapsed for a timed one."""

    def render(self, task) -> Text:
        estimate = task.fields.get("estimate")
        if not task.started:
            return Text(f"~{_clock(estimate)}" if estimate else "", style="dim")
        if task.finished:
            return Text("done", style="green")
        if estimate is None:  # counted: from the rate so far
            left = task.time_remaining
            return Text("" if left is None else f"~{_clock(left)} left", style="cyan")
        left = max(0.0, estimate - (task.elapsed or 0))
        return Text(f"~{_clock(left)} left" if left else "longer than estimated", style="cyan")


class _Count(ProgressColumn):
    def render(self, task) -> Text:
        if task.fields.get("estimate") is not None or task.total is None:
            return Text("")
        return Text(f"{int(task.completed):,}/{int(task.total):,} articles")


def _clock(seconds: float | None) -> str:
    seconds = int(round(seconds or 0))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class BuildProgress:
    """The display of one build; every method is a no-op when it is disabled."""

    def __init__(self, enabled: bool, *, total: int = 0, guesses: dict[str, float] | None = None,
                 console: Console | None = None):
        self.enabled = enabled
        self.tasks: dict[str, TaskID] = {}
        self.current: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if not enabled:
            return
        self.progress = Progress(TextColumn("{task.description:<8}"), BarColumn(), _Count(), TimeElapsedColumn(),
                                 _Estimate(), console=console or Console(stderr=True), transient=False)
        guesses = guesses or {}
        self.tasks["analyse"] = self.progress.add_task("analyse", total=max(total, 1), start=False, estimate=None)
        for stage in STAGES[1:]:
            estimate = max(0.1, guesses.get(stage, 1.0))
            self.tasks[stage] = self.progress.add_task(stage, total=estimate, start=False, estimate=estimate)
        self.progress.start()

    def tick(self, n: int = 1) -> None:
        if self.enabled:
            task = self.tasks["analyse"]
            self.progress.advance(task, n)
            t = self.progress.tasks[task]
            if t.completed > t.total:  # the count was a lower bound (a line holding two articles cannot; a folder's
                self.progress.update(task, total=t.completed)  # .jsonl files may): keep the bar honest

    def stage(self, name: str) -> None:
        """Finish the current stage and start ``name``."""
        if not self.enabled:
            return
        self._finish_current()
        self.current = name
        self.progress.start_task(self.tasks[name])
        if name != "analyse":
            self._stop.clear()
            self._thread = threading.Thread(target=self._follow_clock, args=(self.tasks[name],), daemon=True)
            self._thread.start()

    def _follow_clock(self, task: TaskID) -> None:
        while not self._stop.wait(0.25):
            t = self.progress.tasks[task]
            self.progress.update(task, completed=min(t.elapsed or 0, 0.99 * t.total))

    def _finish_current(self) -> None:
        if self.current is None:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        task = self.tasks[self.current]
        t = self.progress.tasks[task]
        if self.current == "analyse":
            self.progress.update(task, total=t.completed or 1, completed=t.completed or 1)
        else:
            self.progress.update(task, completed=t.total)
        self.progress.stop_task(task)
        self.current = None

    def close(self) -> None:
        if self.enabled:
            self._finish_current()
            self.progress.stop()
            self.enabled = False
