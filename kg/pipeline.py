"""The one place that knows the order of the stages.

    load → normalize → recognize → resolve → events/time/claims → graph → export

The per-article stages (their table, ``analyze_article``, the worker state) live in
:mod:`kg.stages`, below this module and :mod:`kg.engines`, and are re-exported here. Corpus
stages (resolution, graph) run over the compact per-article results.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.corpus import DEFAULT_MAX_BYTES, InputProblem
from kg.model import Article, ArticleAnalysis, Claim, Corpus, Figure, Ref
from kg.stages import (  # noqa: F401  (re-exported: the public API of kg.pipeline)
    ARTICLE_STAGES,
    Stage,
    StageFailed,
    analyze_article,
    check_stages,
    init_worker,
)


class BuildError(Exception):
    """The build cannot start (a bad option or model); one line for the user."""


# ---- corpus level ---------------------------------------------------------------------


def resolve_corpus(analyses: dict[str, ArticleAnalysis]) -> Corpus:
    from kg.recognize.gazetteer import load_gazetteer
    from kg.resolve.entities import resolve_entities
    from kg.resolve.events import resolve_events_explained

    country_names = {code: e.label_en for code, e in load_gazetteer().countries.items()}
    entities, entity_of = resolve_entities(analyses, country_names)
    resolution = resolve_events_explained(analyses, entity_of)  # the events and the links that made them
    events, event_of = resolution.events, resolution.event_of
    figures: list[Figure] = []
    claims: list[Claim] = []
    for article_id in sorted(analyses):
        a = analyses[article_id]
        for i, f in enumerate(a.figures):
            figures.append(Figure(
                key=f"{article_id}:{f.begin}-{f.end}", value=f.value, measure=f.measure,
                approximation=f.approximation, unit=f.unit,
                event=event_of[article_id].get(f.event) if f.event is not None else None,
                source=entity_of[article_id].get(f.source) if f.source is not None else None,
                mention=Ref(article_id, i)))
        for i, c in enumerate(a.claims):
            claims.append(Claim(
                key=f"{article_id}:{c.begin}-{c.end}", text=c.anchor,
                speaker=entity_of[article_id].get(c.speaker) if c.speaker is not None else None,
                event=event_of[article_id].get(c.event) if c.event is not None else None,
                mention=Ref(article_id, i)))
    return Corpus(analyses=analyses, entities=entities, events=events, figures=figures, claims=claims,
                  entity_of=entity_of, event_of=event_of, event_links=resolution.all_links())


# ---- running it -----------------------------------------------------------------------


@dataclass
class BuildReport:
    source: str
    articles_read: int = 0
    articles_built: int = 0
    problems: list[str] = field(default_factory=list)  # inputs skipped or degraded
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    recognizer: str = ""
    engine: str = ""
    workers: int = 1
    outputs: list[str] = field(default_factory=list)
    built_at: str = ""
    sources: list[str] = field(default_factory=list)
    # an update of an earlier output: added, changed, removed, reused, kept, reanalysed (see build)
    update: dict[str, int] = field(default_factory=dict)
    # the kg build process's peak resident memory (MB) at the end of each stage (kg.progress.peak_mb)
    peak_mb: dict[str, float] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.endswith("; skipped"))


def analyze_corpus(items: Iterable[Article | InputProblem], recognizer_spec: str, report: BuildReport,
                   workers: int = 1, progress: bool | None = None) -> dict[str, ArticleAnalysis]:
    """Run the per-article stages over a stream of articles; problems go to the report.

    Streaming with a bounded window of work in flight (kg.engines.analyze_stream); problems and
    warnings are reported in input order whatever the number of workers."""
    from kg.engines import analyze_stream

    return analyze_stream(items, recognizer_spec, report, workers=workers, progress=progress)


def resolve_recognizer(spec: str, report: BuildReport) -> str:
    """The recognizer to use: the one asked for, or the rules with a clear message when it is unavailable."""
    from kg.recognize.registry import RecognizerUnavailable

    try:
        init_worker(spec)  # the check builds it once; a single-process build then uses this one
        return spec
    except RecognizerUnavailable as err:  # not installed here: say so and carry on with the rules
        report.warnings.append(f"recognizer {spec!r} unavailable: {err}")
        return "rules"
    except (ValueError, OSError) as err:  # asked for explicitly and broken: the user must know
        raise BuildError(f"--ner {spec}: {err}") from err


def build(source: Path | Sequence[Path], out: Path, *, recognizer: str = "combined", workers: int = 1,
          max_bytes: int = DEFAULT_MAX_BYTES, progress: bool | None = None, views: bool = True,
          engine: str = "local", scheduler: str | None = None, store: Path | None = None,
          follow_links: bool = False, prune: bool = False, fresh: bool = False) -> BuildReport:
    """Read ``source`` (one path or several), build the graph and write every output into ``out``.

    ``engine`` names where the per-article stages run (kg.engines.ENGINES: "local" with
    ``workers`` processes, or "dask" on ``scheduler``); resolution and writing run here.
    ``store``, when given, is an Oxigraph store folder to (re)create with the graph, for
    ``kg query`` and ``kg serve``. ``out`` (and ``store``) must be folders a build may replace
    (kg.outdir: one an earlier build wrote, or an empty one, not holding the input); they are
    checked and locked before any work (``OSError`` naming the path). ``follow_links`` lets a
    folder's symbolic links lead outside it.

    **Updates.** When ``out`` holds an earlier build, its analysis store (kg.store) is reused: an
    article whose text, metadata and pipeline version are unchanged is not analysed again; new
    articles are added, changed ones (same id, other text) analysed again, and articles of the
    earlier build missing from the sources are kept, or dropped with ``prune``. The graph is the
    one a full build of the same articles writes, byte for byte; ``report.update`` counts each case.
    ``fresh`` ignores the earlier build: every article analysed, ``out`` holding the sources' alone.
    ``out`` is replaced atomically, the store with it."""
    from kg.corpus import check_source
    from kg.engines import get_engine, source_list
    from kg.outdir import FolderLock, check_output, remove_stale

    sources = source_list(source)
    run = get_engine(engine)  # an unknown name fails before any work
    for s in sources:
        check_source(s)  # a missing or unreadable source fails before any work
    for s in sources:
        out = check_output(out, source=s)  # refused: nothing touched, nothing read
    locks = [FolderLock(out)]
    if store is not None:
        from kg.outputs import check_store_target

        for s in sources:
            store = check_store_target(Path(store), out, Path(s))
        locks.append(FolderLock(store, "store folder"))
    try:
        for lock in locks:
            lock.acquire()
            remove_stale(lock.folder)  # staging folders of killed builds (ours only)
        return _build_locked(sources, out, recognizer=recognizer, workers=workers, max_bytes=max_bytes,
                             progress=progress, views=views, engine=engine, scheduler=scheduler, store=store,
                             follow_links=follow_links, run=run, prune=prune, fresh=fresh)
    finally:
        for lock in reversed(locks):
            lock.release()


class _Update:
    """Which articles of the sources the engine analyses, given the store of the earlier build.

    ``select`` is called once per article read, in input order (kg.engines.EngineOptions)."""

    def __init__(self, previous: dict[str, tuple[str, str]], version: str, report: BuildReport, tick=None):
        self.previous = previous
        self.version = version
        self.report = report
        self.tick = tick
        self.in_sources: set[str] = set()
        self.reused: list[str] = []
        self.counts = Counter()

    def select(self, article: Article) -> bool:
        from kg.stages import article_warnings
        from kg.store import article_hash

        self.in_sources.add(article.id)
        before = self.previous.get(article.id)
        if before is None:
            self.counts["added"] += 1
            return True
        if before == (article_hash(article), self.version):
            self.reused.append(article.id)
            self.counts["reused"] += 1
            self.report.articles_read += 1
            self.report.warnings.extend(article_warnings(article))
            if self.tick:
                self.tick(1)
            return False
        self.counts["changed" if before[1] == self.version else "reanalysed"] += 1
        return True


def _previous_store(out: Path, report: BuildReport) -> dict[str, tuple[str, str]] | None:
    """Article id -> (hash, version) of the analysis store of the build in ``out``, if any."""
    from kg.outdir import is_build_output
    from kg.store import STORE_FILE, AnalysisStore, StoreError

    path = out / STORE_FILE
    if not out.is_dir() or not is_build_output(out):
        return None
    if not path.is_file():
        if any(out.iterdir()) and (out / "graph.ttl").exists():
            report.warnings.append(f"{out}: the earlier build has no analysis store ({STORE_FILE}); "
                                   "every article is analysed, and its articles missing from the sources are dropped")
        return None
    try:
        with AnalysisStore(path, readonly=True) as previous:
            return previous.digests()
    except StoreError as err:
        report.warnings.append(f"{err}; every article is analysed again")
        return None


def _build_locked(sources: list[Path], out: Path, *, recognizer: str, workers: int, max_bytes: int,
                  progress: bool | None, views: bool, engine: str, scheduler: str | None,
                  store: Path | None, follow_links: bool, run, prune: bool, fresh: bool = False) -> BuildReport:
    import shutil

    from kg.engines import EngineOptions, show_progress
    from kg.outdir import staging_folder
    from kg.progress import BuildProgress, count_lines, estimates, peak_mb
    from kg.outputs import REPORT_FILE
    from kg.store import STORE_FILE, AnalysisStore, pipeline_version

    report = BuildReport(source=" + ".join(map(str, sources)), sources=[str(s) for s in sources],
                         engine=engine, workers=workers)
    report.recognizer = resolve_recognizer(recognizer, report)
    version = pipeline_version(report.recognizer)
    previous = None if fresh else _previous_store(out, report)
    display = BuildProgress(False)
    if show_progress(progress):
        total = count_lines(sources)
        display = BuildProgress(True, total=total, guesses=estimates(out / REPORT_FILE, total + len(previous or ())))
    update = _Update(previous or {}, version, report, tick=display.tick if display.enabled else None)
    if previous and engine == "local" and workers > 1:
        workers = _workers_for_update(sources, previous, version, workers, max_bytes, follow_links)
        report.workers = workers  # the processes used, which the report says
    staging = staging_folder(out)
    try:
        display.stage("analyse")
        clock = time.perf_counter()
        with AnalysisStore(staging / STORE_FILE) as analyses_store:
            options = EngineOptions(workers=workers, max_bytes=max_bytes, progress=progress, scheduler=scheduler,
                                    follow_links=follow_links, select=update.select,
                                    sink=lambda a: analyses_store.put(a, version),
                                    tick=display.tick if display.enabled else None)
            run(sources, report.recognizer, report, options)
            analysed = report.articles_built
            if previous:
                _carry_over(update, previous, analyses_store, out / STORE_FILE, prune, options, report)
            report.seconds["analyze"] = time.perf_counter() - clock
            report.peak_mb["analyze"] = peak_mb()
            if not len(analyses_store):  # keep the previous output: there is nothing better to put in its place
                raise BuildError(f"{report.source}: no article could be built"
                                 + (f" ({report.problems[0]})" if report.problems else ""))
            display.stage("resolve")
            clock = time.perf_counter()
            skipped: Counter = Counter()  # records resolution and writing never read: counted, not decoded
            analyses = {a.article.id: a for a in analyses_store.analyses(skip=UNREAD_AFTER_ANALYSIS, skipped=skipped)}
        report.articles_built = len(analyses)
        if previous is not None:
            report.update = {k: update.counts[k] for k in ("added", "changed", "removed", "reused", "kept",
                                                           "reanalysed")}
            report.update["analysed"] = analysed
        corpus = resolve_corpus(analyses)
        report.seconds["resolve"] = time.perf_counter() - clock
        report.peak_mb["resolve"] = peak_mb()
        _count(report, corpus, skipped)
        _drop_unwritten(corpus)

        from kg.outputs import write_outputs

        display.stage("write")
        write_outputs(corpus, out, report, views=views, store=store, staging=staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        display.close()
    return report


ARTICLES_PER_WORKER_START = 500  # a worker process builds its recognizer in about the time of 500 articles


def _workers_for_update(sources: list[Path], previous: dict[str, tuple[str, str]], version: str, workers: int,
                        max_bytes: int, follow_links: bool) -> int:
    """How many worker processes an update needs: no more than one per ``ARTICLES_PER_WORKER_START``
    articles to analyse, and none (this process, whose recognizer is built) below that. Found by
    reading the sources once more, hashing articles (a small cost next to starting a worker)."""
    from kg.corpus import read_sources
    from kg.store import article_hash

    todo = 0
    limit = workers * ARTICLES_PER_WORKER_START
    for item in read_sources(sources, max_bytes=max_bytes, follow_links=follow_links):
        if isinstance(item, Article) and previous.get(item.id) != (article_hash(item), version):
            todo += 1
            if todo >= limit:
                return workers
    return max(1, todo // ARTICLES_PER_WORKER_START)


def _carry_over(update: _Update, previous: dict[str, tuple[str, str]], analyses_store, previous_path: Path,
                prune: bool, options, report: BuildReport) -> None:
    """Copy the reused rows of the earlier store, and the rows of articles missing from the sources
    unless ``prune`` (analysing them again from their stored text if the pipeline changed since)."""
    from kg.engines import analyze_stream
    from kg.store import AnalysisStore

    missing = sorted(set(previous) - update.in_sources)
    if prune:
        update.counts["removed"] = len(missing)
        missing = []
    current = [i for i in missing if previous[i][1] == update.version]
    stale = [i for i in missing if previous[i][1] != update.version]
    analyses_store.copy_rows(previous_path, update.reused + current)
    update.counts["kept"] = len(current) + len(stale)
    if stale:  # kept, but analysed by another pipeline version: analysed again from the stored article
        update.counts["reanalysed"] += len(stale)
        wanted = set(stale)
        with AnalysisStore(previous_path, readonly=True) as before:
            articles = [a.article for a in before.analyses() if a.article.id in wanted]
        scratch = BuildReport(source=report.source)
        analyze_stream(articles, report.recognizer, scratch, workers=options.workers, progress=options.progress,
                       sink=options.sink)
        report.problems.extend(scratch.problems)
        report.warnings.extend(scratch.warnings)


# Memory (docs/scaling.md): the per-article records read after the analysis. Time expressions and
# numbers live on in the events and figures that use them, so resolution and writing never read
# these lists: they are counted in the store and not decoded. Sentences are read by event
# resolution, not by the graph: they are dropped once it is done.
UNREAD_AFTER_ANALYSIS = ("times", "numbers")
UNREAD_BY_THE_GRAPH = ("sentences",)


def _drop_unwritten(corpus: Corpus) -> None:
    """Free the records writing does not read, before the graph is sorted."""
    import dataclasses

    empty = dict.fromkeys(UNREAD_BY_THE_GRAPH, ())
    for article_id, analysis in corpus.analyses.items():
        corpus.analyses[article_id] = dataclasses.replace(analysis, **empty)


def _count(report: BuildReport, corpus: Corpus, skipped: Counter | None = None) -> None:
    a = corpus.analyses.values()
    skipped = skipped or Counter()
    report.counts.update({
        "sentences": sum(len(x.sentences) for x in a),
        "mentions": sum(len(x.mentions) for x in a),
        "time_expressions": sum(len(x.times) for x in a) + skipped["times"],
        "numbers": sum(len(x.numbers) for x in a) + skipped["numbers"],
        "event_mentions": sum(len(x.events) for x in a),
        "figure_mentions": sum(len(x.figures) for x in a),
        "quotes": sum(len(x.claims) for x in a),
        "entities": len(corpus.entities),
        "events": len(corpus.events),
        "figures": len(corpus.figures),
        "event_links": len(corpus.event_links),  # merges of two mentions into one event (kg.model.EventLink)
    })
    from kg.resolve.events import reason_counts

    for feature, n in sorted(reason_counts(corpus.event_links).items()):
        report.counts[f"event_links.{feature}"] = n  # the merges each feature supported
    for kind, n in sorted(Counter(e.kind for e in corpus.entities.values()).items()):
        report.counts[f"entities.{kind}"] = n
    for cls, n in sorted(Counter(e.cls for e in corpus.events.values()).items()):
        report.counts[f"events.{cls}"] = n
