"""Execution engines: where the per-article stages run, chosen by name (``kg build --engine``).

Every engine maps the same pure function, :func:`kg.stages.analyze_article`, over the articles of
its sources (one or several, read in turn as by :func:`kg.corpus.read_sources`) and returns the compact per-article results (``ArticleAnalysis``) to the caller, which
resolves them corpus-wide (:func:`kg.pipeline.resolve_corpus`: the reduce step, sorted by article
id, so the order in which results arrive never changes the graph).

``local``
    This machine: ``--workers 1`` runs in the calling process; ``--workers N`` in N processes.
    Streaming: articles are read lazily and sent in small batches, with at most
    ``IN_FLIGHT_PER_WORKER`` batches per worker queued or running, so memory holds the results
    plus a bounded window of input, never the whole input.
``dask``
    ``dask.bag`` over partitions of the input. A JSONL file is cut into byte ranges at line
    boundaries (``plan_partitions``): a partition is three numbers, and each worker reads its own
    lines, so on a cluster the input must sit at the same path on every worker (shared storage).
    Other sources (a folder, one .txt, a .jsonl.gz, whose byte ranges cannot be read apart) are
    read here and shipped in batches, and so is everything in an incremental build. The
    recognizer is built once per worker process, never per article. ``scheduler`` is a Dask
    local scheduler name (``processes``, the default; ``threads``; ``synchronous``) or the
    address of a ``dask.distributed`` scheduler (``tcp://host:8786``).

Both engines report the same things in the same order: input problems and stage failures in
input order, and the same ``report.articles_read``. ``ENGINES`` is the registry; add an engine
by adding a function with the signature of :data:`Engine`.
"""
from __future__ import annotations

import math
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from kg.corpus import DEFAULT_MAX_BYTES, InputProblem, bounded_lines, parse_jsonl_line, read_corpus, read_sources
from kg.model import Article, ArticleAnalysis
from kg.stages import analyze_in_worker, init_worker

__all__ = ["ENGINES", "Engine", "EngineError", "EngineOptions", "Partition", "UnknownEngine", "analyze_stream",
           "get_engine", "plan_partitions", "read_partition", "run_dask", "run_local"]

BATCH_SIZE = 8  # articles per task sent to a worker process (amortises pickling and IPC)
IN_FLIGHT_PER_WORKER = 4  # batches queued or running per worker: bounds the memory of the input
PARTITIONS_PER_WORKER = 4  # dask: enough partitions to balance uneven articles
MIN_PARTITION_BYTES = 256 * 1024
MAX_PARTITION_BYTES = 32 * 1024 * 1024  # about 9,000 news articles; a worker holds one at a time
LOCAL_SCHEDULERS = ("processes", "threads", "synchronous", "sync")
CONNECT_TIMEOUT = "5s"  # dask.distributed: how long to try reaching the scheduler


@dataclass(frozen=True)
class EngineOptions:
    workers: int = 1  # local: processes; dask local schedulers: worker processes or threads
    max_bytes: int = DEFAULT_MAX_BYTES  # skip an article (file or JSONL line) above this size
    progress: bool | None = None  # None: a progress bar on an interactive terminal outside CI
    scheduler: str | None = None  # dask: "processes" | "threads" | "synchronous" | "tcp://host:port"
    partition_bytes: int | None = None  # dask: input bytes per partition (None: chosen from the size)
    follow_links: bool = False  # read symbolic links of an input folder that lead out of it
    # incremental builds (kg.pipeline): which articles to analyse (the others are reused by the
    # caller, which counts them), and where results go instead of the returned dict
    select: Callable[[Article], bool] | None = None
    sink: Callable[[ArticleAnalysis], None] | None = None
    tick: Callable[[int], None] | None = None  # called with the number of articles done, for a display


Sources = Path | Sequence[Path]
Engine = Callable[[Sources, str, "object", EngineOptions], dict[str, ArticleAnalysis]]
"""``engine(sources, recognizer_spec, report, options) -> {article id: ArticleAnalysis}``.

Problems (inputs skipped, stage failures) and warnings go to ``report`` (a ``BuildReport``),
which also gets ``articles_read`` and ``articles_built``. With ``options.sink``, each analysis goes
there as it arrives and the dict returned is empty."""


def source_list(sources: Sources) -> list[Path]:
    return [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]


class EngineError(ValueError):
    """An engine cannot run as asked (unknown name or scheduler, unreachable cluster): one line for the user."""


class UnknownEngine(EngineError):
    pass


def show_progress(progress: bool | None) -> bool:
    """Whether to show progress: as asked, or (None) on an interactive terminal outside CI."""
    return sys.stderr.isatty() and not os.environ.get("CI") if progress is None else progress


# ---- collecting results, the same way for every engine --------------------------------------


class _Collector:
    """Takes per-article outcomes in input order and fills the report and the analyses."""

    def __init__(self, report, sink: Callable[[ArticleAnalysis], None] | None = None,
                 tick: Callable[[int], None] | None = None):
        self.report = report
        self.analyses: dict[str, ArticleAnalysis] = {}
        self.sink = sink
        self.tick = tick
        self.built = 0

    def add(self, outcome: ArticleAnalysis | str) -> None:
        if isinstance(outcome, str):  # an input problem or a stage failure, already worded
            self.report.problems.append(outcome)
            if self.tick and outcome.endswith("; skipped"):
                self.tick(1)
            return
        if self.sink is not None:
            self.sink(outcome)
        else:
            self.analyses[outcome.article.id] = outcome
        self.built += 1
        self.report.warnings.extend(outcome.warnings)
        if self.tick:
            self.tick(1)

    def finish(self) -> dict[str, ArticleAnalysis]:
        self.report.articles_built = self.built
        return self.analyses


def _outcome(item: Article | InputProblem) -> ArticleAnalysis | str:
    """What one input item becomes, in the worker: its analysis, or the words of its problem."""
    if isinstance(item, InputProblem):
        return str(item)
    return analyze_in_worker(item)


def _analyze_batch(spec: str, batch: list[Article | InputProblem]) -> list[ArticleAnalysis | str]:
    init_worker(spec)  # builds the recognizer on the first batch of a process only
    return [_outcome(item) for item in batch]


# ---- local ----------------------------------------------------------------------------------


def analyze_stream(items: Iterable[Article | InputProblem], recognizer_spec: str, report, *,
                   workers: int = 1, progress: bool | None = None, batch_size: int = BATCH_SIZE,
                   sink: Callable[[ArticleAnalysis], None] | None = None,
                   tick: Callable[[int], None] | None = None) -> dict[str, ArticleAnalysis]:
    """The per-article stages over a stream of articles, in this process or ``workers`` processes.

    Input is consumed lazily: at most ``workers * IN_FLIGHT_PER_WORKER`` batches of
    ``batch_size`` articles are read ahead of the results. Outcomes are taken in input order.
    With ``sink``, results go there as they arrive (none returned); ``tick`` replaces the
    progress bar of its own with the caller's display.
    """
    from tqdm import tqdm

    def counted() -> Iterator[Article | InputProblem]:
        for item in items:
            if isinstance(item, Article):
                report.articles_read += 1
            yield item

    collector = _Collector(report, sink, tick)
    outcomes = (_serial(counted(), recognizer_spec) if workers <= 1
                else _pooled(counted(), recognizer_spec, workers, batch_size))
    bar = tqdm(desc="articles", unit="art", disable=tick is not None or not show_progress(progress))
    try:
        for outcome in outcomes:
            collector.add(outcome)
            bar.update(1)
    finally:
        bar.close()
        outcomes.close()
    return collector.finish()


def _serial(items: Iterator[Article | InputProblem], spec: str) -> Iterator[ArticleAnalysis | str]:
    init_worker(spec)
    for item in items:
        yield _outcome(item)


def _pooled(items: Iterator[Article | InputProblem], spec: str, workers: int,
            batch_size: int) -> Iterator[ArticleAnalysis | str]:
    """Batches to a process pool with a bounded window of futures, yielded in submission order.

    (``ProcessPoolExecutor.map`` would read the whole input first: it submits every item before
    returning its first result.)"""
    limit = max(1, workers * IN_FLIGHT_PER_WORKER)
    pending: deque[Future] = deque()
    executor = ProcessPoolExecutor(workers, initializer=init_worker, initargs=(spec,))
    try:
        while True:
            batch = list(islice(items, batch_size))
            if batch:
                pending.append(executor.submit(_analyze_batch, spec, batch))
            while pending and (len(pending) >= limit or not batch):
                yield from pending.popleft().result()
            if not batch:
                break
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def selected(items: Iterable[Article | InputProblem], select: Callable[[Article], bool] | None
             ) -> Iterator[Article | InputProblem]:
    """The items whose article ``select`` keeps (all of them without ``select``), problems included."""
    if select is None:
        yield from items
        return
    for item in items:
        if not isinstance(item, Article) or select(item):
            yield item


def run_local(sources: Sources, recognizer_spec: str, report, options: EngineOptions) -> dict[str, ArticleAnalysis]:
    if options.scheduler:
        report.warnings.append(f"--scheduler {options.scheduler} is for the dask engine; the local engine ignores it")
    items = read_sources(source_list(sources), max_bytes=options.max_bytes, follow_links=options.follow_links)
    return analyze_stream(selected(items, options.select), recognizer_spec, report, workers=options.workers,
                          progress=options.progress, sink=options.sink, tick=options.tick)


# ---- partitions of the input ----------------------------------------------------------------


@dataclass(frozen=True)
class Partition:
    """A slice of the input for one dask task.

    A JSONL byte range (``path``, ``start``, ``end``: whole lines, ``first_line`` the number of
    the first) that the worker reads itself, or ``items`` read by the client."""

    path: str = ""
    start: int = 0
    end: int = 0
    first_line: int = 1
    items: tuple[Article | InputProblem, ...] = ()


def plan_partitions(source: Path, *, partition_bytes: int) -> list[Partition]:
    """Byte ranges of a JSONL file, cut after a newline once ``partition_bytes`` are reached.

    One pass over the file in 1 MiB chunks, counting lines (never holding a line whole)."""
    source = Path(source)
    size = source.stat().st_size
    parts: list[Partition] = []
    start, first_line, line, offset = 0, 1, 1, 0
    with source.open("rb") as f:
        while chunk := f.read(1 << 20):
            i = chunk.find(b"\n")
            while i >= 0:
                line += 1
                end = offset + i + 1
                if end - start >= partition_bytes:
                    parts.append(Partition(str(source), start, end, first_line))
                    start, first_line = end, line
                i = chunk.find(b"\n", i + 1)
            offset += len(chunk)
    if start < size:
        parts.append(Partition(str(source), start, size, first_line))
    return parts


def _range_lines(part: Partition, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of the lines of a range, read as ``kg.corpus`` reads a whole file."""
    return bounded_lines(Path(part.path), max_bytes, part.start, part.end, part.first_line)


@dataclass(frozen=True)
class _Line:
    """One JSONL line read in a partition: its problems, in order, and the article it holds."""

    problems: tuple[str, ...] = ()
    article: Article | None = None


def _parse_line(path: Path, number: int, line: bytes | None, max_bytes: int) -> _Line | None:
    """One JSONL line exactly as ``kg.corpus.read_corpus`` reads it, except the duplicate-id check,
    which needs the whole file and is made by the client (:func:`_merge_partitions`)."""
    parsed = parse_jsonl_line(path, number, line, max_bytes)
    if parsed is None:
        return None
    problems, article = parsed
    return _Line(tuple(str(p) for p in problems), article)


def read_partition(part: Partition, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[_Line]:
    """The lines of a partition as read records (problems, article)."""
    if not part.path:
        for item in part.items:
            yield _Line((str(item),)) if isinstance(item, InputProblem) else _Line((), item)
        return
    path = Path(part.path)
    for number, line in _range_lines(part, max_bytes):
        parsed = _parse_line(path, number, line, max_bytes)
        if parsed is not None:
            yield parsed


# What a partition sends back: per input line, its problems, then the article's (id, origin,
# outcome), or None when the line held no article.
_PartitionResult = list[tuple[tuple[str, ...], tuple[str, str, ArticleAnalysis | str] | None]]


def _analyze_partition(parts: Iterable[Partition], spec: str, max_bytes: int) -> _PartitionResult:
    """The dask task: read one partition and analyse its articles (recognizer built once per process)."""
    init_worker(spec)
    out: _PartitionResult = []
    for part in parts:
        seen: set[str] = set()
        for line in read_partition(part, max_bytes):
            article = line.article
            if article is None:
                out.append((line.problems, None))
            elif part.path and article.id in seen:  # the client turns it into a duplicate-id problem
                out.append((line.problems, (article.id, article.origin, "")))
            else:
                seen.add(article.id)
                out.append((line.problems, (article.id, article.origin, analyze_in_worker(article))))
    return out


def _merge_partitions(results: Iterable[_PartitionResult], report, deduplicate: bool,
                      options: EngineOptions | None = None) -> dict[str, ArticleAnalysis]:
    """The client side: outcomes in input order, duplicate ids of a JSONL file reported as
    ``read_corpus`` reports them (the later line skipped, with none of its other problems)."""
    collector = _Collector(report, options.sink if options else None, options.tick if options else None)
    seen: set[str] = set()
    for result in results:
        for problems, found in result:
            if found is None:
                for p in problems:
                    collector.add(p)
                continue
            ident, origin, outcome = found
            if deduplicate and ident in seen:
                collector.add(str(InputProblem(origin, f"duplicate id {ident!r}")))
                continue
            seen.add(ident)
            for p in problems:
                collector.add(p)
            report.articles_read += 1
            collector.add(outcome)
    return collector.finish()


def _client_batches(source: Path | Iterable[Article | InputProblem], max_bytes: int, size: int,
                    follow_links: bool = False) -> Iterator[Partition]:
    items = (iter(source) if not isinstance(source, (str, Path))
             else read_corpus(source, max_bytes=max_bytes, follow_links=follow_links))
    while batch := tuple(islice(items, size)):
        yield Partition(items=batch)


def _partition_bytes(size: int, parallelism: int, asked: int | None) -> int:
    if asked:
        return max(1, asked)
    target = math.ceil(size / max(1, parallelism * PARTITIONS_PER_WORKER))
    return min(MAX_PARTITION_BYTES, max(MIN_PARTITION_BYTES, target))


# ---- dask -----------------------------------------------------------------------------------


def run_dask(sources: Sources, recognizer_spec: str, report, options: EngineOptions) -> dict[str, ArticleAnalysis]:
    """``dask.bag`` over partitions of the sources; resolution stays with the caller (the reduce)."""
    try:
        import dask
        import dask.bag as db
    except ImportError as err:  # pragma: no cover - dask[bag] is a declared dependency of the engine
        raise RuntimeError(f"the dask engine needs dask[bag] ({err}); pip install 'dask[bag]'") from None

    sources = source_list(sources)
    scheduler = options.scheduler or "processes"
    distributed = "://" in scheduler
    if not distributed and scheduler not in LOCAL_SCHEDULERS:
        raise UnknownEngine(f"unknown dask scheduler {scheduler!r}: use one of {', '.join(LOCAL_SCHEDULERS)} "
                            "or a dask.distributed address such as tcp://127.0.0.1:8786")
    client = None
    if distributed:
        try:
            from distributed import Client
        except ImportError as err:
            raise RuntimeError(f"--scheduler {scheduler} needs dask.distributed ({err}); "
                               "pip install distributed") from None
        try:
            client = Client(scheduler, set_as_default=False, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as err:
            raise EngineError(f"dask scheduler {scheduler}: cannot connect ({err})") from None
    try:
        parallelism = (sum(client.nthreads().values()) or 1) if client else max(1, options.workers)
        parts = _plan(sources, parallelism, options)
        if not parts:
            return _merge_partitions([], report, False, options)
        bag = db.from_sequence(parts, npartitions=len(parts))
        analysed = bag.map_partitions(_analyze_partition, recognizer_spec, options.max_bytes)
        # one list per partition, in partition order: to_delayed keeps the order of the input
        delayed = analysed.to_delayed()
        if client is not None:
            results = client.compute(delayed, sync=True)
        else:
            config = {"scheduler": "sync" if scheduler == "synchronous" else scheduler}
            if scheduler in ("processes", "threads"):
                config["num_workers"] = max(1, options.workers)
                # one task at a time per worker: dask's default batches of 6 left a worker idle for
                # half the run while the other worked through its batch (73 s instead of 35 s at 10k)
                config["chunksize"] = 1
            with dask.config.set(config):
                if show_progress(options.progress) and options.tick is None:  # else: the caller's display
                    from dask.diagnostics import ProgressBar

                    with ProgressBar(out=sys.stderr):
                        results = dask.compute(*delayed)
                else:
                    results = dask.compute(*delayed)
        # ids are checked across partitions and sources here, as read_sources checks them
        return _merge_partitions(results, report, deduplicate=True, options=options)
    finally:
        if client is not None:
            client.close()


def _plan(sources: list[Path], parallelism: int, options: EngineOptions) -> list[Partition]:
    """Partitions of every source, in order: byte ranges of each plain JSONL file; batches read here
    for the rest, and for everything when only some articles are to be analysed (``select``)."""
    if options.select is not None:
        items = selected(read_sources(sources, max_bytes=options.max_bytes, follow_links=options.follow_links),
                         options.select)
        return list(_client_batches(items, options.max_bytes, 64))
    from kg.corpus import check_source

    for source in sources:
        check_source(source)  # every source before any work, as read_sources does
    parts: list[Partition] = []
    for source in sources:
        if read_corpus_is_jsonl(source):
            size = source.stat().st_size
            parts += plan_partitions(source, partition_bytes=_partition_bytes(size, parallelism, options.partition_bytes))
        else:  # a folder, one .txt, a .jsonl.gz: read here, shipped in batches
            parts += _client_batches(source, options.max_bytes, 64, options.follow_links)
    return parts


def read_corpus_is_jsonl(source: Path) -> bool:
    """True when ``read_corpus`` reads ``source`` as one plain JSONL file (the partitioned case)."""
    return source.is_file() and source.suffix.lower() == ".jsonl"


# ---- the registry ---------------------------------------------------------------------------

ENGINES: dict[str, Engine] = {
    "local": run_local,
    "dask": run_dask,
}


def get_engine(name: str) -> Engine:
    try:
        return ENGINES[name]
    except KeyError:
        raise UnknownEngine(f"unknown engine {name!r}; choose one of: {', '.join(sorted(ENGINES))}") from None
