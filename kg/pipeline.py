"""The one place that knows the order of the stages.

    load → normalize → recognize → resolve → events/time/claims → graph → export

The per-article stages (their table, ``analyze_article``, the worker state) live in
:mod:`kg.stages`, below this module and :mod:`kg.engines`, and are re-exported here. Corpus
stages (resolution, graph) run over the compact per-article results.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
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
    from kg.resolve.events import resolve_events

    country_names = {code: e.label_en for code, e in load_gazetteer().countries.items()}
    entities, entity_of = resolve_entities(analyses, country_names)
    events, event_of = resolve_events(analyses, entity_of)
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
                  entity_of=entity_of, event_of=event_of)


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


def build(source: Path, out: Path, *, recognizer: str = "combined", workers: int = 1,
          max_bytes: int = DEFAULT_MAX_BYTES, progress: bool | None = None, views: bool = True,
          engine: str = "local", scheduler: str | None = None, store: Path | None = None,
          follow_links: bool = False) -> BuildReport:
    """Read ``source``, build the graph and write every output into ``out`` (atomically replaced).

    ``engine`` names where the per-article stages run (kg.engines.ENGINES: "local" with
    ``workers`` processes, or "dask" on ``scheduler``); resolution and writing run here.
    ``store``, when given, is an Oxigraph store folder to (re)create with the graph, for
    ``kg query`` and ``kg serve``. ``out`` (and ``store``) must be folders a build may replace
    (kg.outdir: one an earlier build wrote, or an empty one, not holding the input); they are
    checked and locked before any work (``OSError`` naming the path). ``follow_links`` lets a
    folder's symbolic links lead outside it."""
    from kg.engines import get_engine
    from kg.outdir import FolderLock, check_output, remove_stale

    run = get_engine(engine)  # an unknown name fails before any work
    out = check_output(out, source=source)  # refused: nothing touched, nothing read
    locks = [FolderLock(out)]
    if store is not None:
        from kg.outputs import check_store_target

        store = check_store_target(Path(store), out, Path(source))
        locks.append(FolderLock(store, "store folder"))
    try:
        for lock in locks:
            lock.acquire()
            remove_stale(lock.folder)  # staging folders of killed builds (ours only)
        return _build_locked(source, out, recognizer=recognizer, workers=workers, max_bytes=max_bytes,
                             progress=progress, views=views, engine=engine, scheduler=scheduler, store=store,
                             follow_links=follow_links, run=run)
    finally:
        for lock in reversed(locks):
            lock.release()


def _build_locked(source: Path, out: Path, *, recognizer: str, workers: int, max_bytes: int,
                  progress: bool | None, views: bool, engine: str, scheduler: str | None,
                  store: Path | None, follow_links: bool, run) -> BuildReport:
    from kg.engines import EngineOptions

    report = BuildReport(source=str(source), engine=engine, workers=workers)
    report.recognizer = resolve_recognizer(recognizer, report)
    clock = time.perf_counter()
    options = EngineOptions(workers=workers, max_bytes=max_bytes, progress=progress, scheduler=scheduler,
                           follow_links=follow_links)
    analyses = run(Path(source), report.recognizer, report, options)
    report.seconds["analyze"] = time.perf_counter() - clock

    if not analyses:  # keep the previous output: there is nothing better to put in its place
        raise BuildError(f"{source}: no article could be built" + (f" ({report.problems[0]})" if report.problems else ""))
    clock = time.perf_counter()
    corpus = resolve_corpus(analyses)
    report.seconds["resolve"] = time.perf_counter() - clock
    _count(report, corpus)

    from kg.outputs import write_outputs

    write_outputs(corpus, out, report, views=views, store=store)
    return report


def _count(report: BuildReport, corpus: Corpus) -> None:
    a = corpus.analyses.values()
    report.counts.update({
        "sentences": sum(len(x.sentences) for x in a),
        "mentions": sum(len(x.mentions) for x in a),
        "time_expressions": sum(len(x.times) for x in a),
        "numbers": sum(len(x.numbers) for x in a),
        "event_mentions": sum(len(x.events) for x in a),
        "figure_mentions": sum(len(x.figures) for x in a),
        "quotes": sum(len(x.claims) for x in a),
        "entities": len(corpus.entities),
        "events": len(corpus.events),
        "figures": len(corpus.figures),
    })
    for kind, n in sorted(Counter(e.kind for e in corpus.entities.values()).items()):
        report.counts[f"entities.{kind}"] = n
    for cls, n in sorted(Counter(e.cls for e in corpus.events.values()).items()):
        report.counts[f"events.{cls}"] = n
