"""The per-article stages: their table, ``analyze_article``, and the worker state.

    article → sentences, mentions, normalized, times, numbers → analysis → events → figures, claims

Per-article stages are pure functions of one article (plus read-only resources built once per
process: gazetteers, models), so a corpus can be split across processes or a cluster. Each stage
declares what it reads and writes; ``check_stages`` verifies the order once, at import time.

This module sits below both :mod:`kg.pipeline` (which orders the corpus stages) and
:mod:`kg.engines` (which runs this one over the articles): neither imports the other's internals.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article, ArticleAnalysis
from kg.recognize.registry import Recognizer, get_recognizer


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[dict], object]


def _sentences(s: dict):
    from kg.text.sentences import split_sentences

    return split_sentences(s["article"].text)


def _mentions(s: dict):
    from kg.recognize.link import link_mentions

    return link_mentions(s["recognizer"](s["article"].text))


def _normalized(s: dict):
    from kg.text.normalize import normalize_text

    return normalize_text(s["article"].text)


def _times(s: dict):
    from kg.extract.timex import find_time_expressions

    return tuple(find_time_expressions(s["article"].text, s["article"].published, normalized=s["normalized"]))


def _numbers(s: dict):
    from kg.text.numbers import find_numbers

    return tuple(find_numbers(s["article"].text, normalized=s["normalized"]))


def _analysis(s: dict):
    from kg.extract.analysis import analyze

    return analyze(s["article"], s["sentences"], s["mentions"], s["times"])


def _events(s: dict):
    from kg.extract.events import extract_events

    return tuple(extract_events(s["analysis"]))


def _figures(s: dict):
    from kg.extract.figures import extract_figures

    return tuple(extract_figures(s["analysis"], s["numbers"], s["events"]))


def _claims(s: dict):
    from kg.extract.claims import extract_claims

    return tuple(extract_claims(s["analysis"], s["events"]))


ARTICLE_STAGES: tuple[Stage, ...] = (
    Stage("sentences", ("article",), ("sentences",), _sentences),
    Stage("mentions", ("article", "recognizer"), ("mentions",), _mentions),
    Stage("normalized", ("article",), ("normalized",), _normalized),
    Stage("times", ("article", "normalized"), ("times",), _times),
    Stage("numbers", ("article", "normalized"), ("numbers",), _numbers),
    # the event analysis (kg.extract.analysis) is shared by the three stages after it, as a declared output
    Stage("analysis", ("article", "sentences", "mentions", "times"), ("analysis",), _analysis),
    Stage("events", ("analysis",), ("events",), _events),
    Stage("figures", ("analysis", "numbers", "events"), ("figures",), _figures),
    Stage("claims", ("analysis", "events"), ("claims",), _claims),
)


def check_stages(stages: Iterable[Stage], given: Iterable[str]) -> None:
    """Fail at start-up if a stage reads something no earlier stage writes."""
    available = set(given)
    for stage in stages:
        missing = [r for r in stage.reads if r not in available]
        if missing:
            raise RuntimeError(f"pipeline stage {stage.name!r} reads {missing} before any stage writes them")
        available.update(stage.writes)


check_stages(ARTICLE_STAGES, ("article", "recognizer"))


class StageFailed(Exception):
    def __init__(self, article: Article, stage: str, error: BaseException):
        where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
        location = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
        # the exception's own words are left out: a KeyError or ValueError may quote article text
        super().__init__(f"{article.origin or article.id}: internal error in stage {stage!r}: "
                         f"{type(error).__name__}{location}; skipped")


def analyze_article(article: Article, recognizer: Recognizer) -> ArticleAnalysis:
    """All per-article stages, in order. Pure: the result depends on the article alone."""
    state: dict = {"article": article, "recognizer": recognizer}
    for stage in ARTICLE_STAGES:
        try:
            result = stage.run(state)
        except Exception as error:  # one article's failure must not lose the others
            raise StageFailed(article, stage.name, error) from error
        (name,) = stage.writes
        state[name] = result
    return ArticleAnalysis(article=article, sentences=state["sentences"], mentions=state["mentions"],
                           times=state["times"], numbers=state["numbers"], events=state["events"],
                           figures=state["figures"], claims=state["claims"],
                           warnings=article_warnings(article))


def article_warnings(article: Article) -> tuple[str, ...]:
    """What the build reports about an article's analysis (also for one reused from the store)."""
    if article.published is None:
        return (f"{article.origin or article.id}: no publication date; relative times left unresolved",)
    return ()


_WORKER_RECOGNIZER: Recognizer | None = None
_WORKER_SPEC: str | None = None


def init_worker(spec: str) -> None:
    """Build the recognizer of this process once (a pool initializer, or the first task of a dask worker)."""
    global _WORKER_RECOGNIZER, _WORKER_SPEC  # one per worker process: read-only after this
    if _WORKER_SPEC != spec or _WORKER_RECOGNIZER is None:
        _WORKER_RECOGNIZER = get_recognizer(spec)
        _WORKER_SPEC = spec


def analyze_in_worker(article: Article) -> ArticleAnalysis | str:
    """``analyze_article`` with this process's recognizer; a stage failure as its one-line message."""
    try:
        return analyze_article(article, _WORKER_RECOGNIZER)
    except StageFailed as failure:
        return str(failure)
