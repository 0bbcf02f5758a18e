"""``kg explain``: every trigger candidate of a text, kept or dropped and why, and the rule behind each
argument — so a wrong role can be traced to the rule (or the lexicon row) that made it.

:func:`explain_text` runs the article stages of :mod:`kg.pipeline` up to the event analysis on one
text; :func:`article_from_output` finds an article's text and date in a built output's graph.ttl.
:func:`render` turns an :class:`Explanation` into lines for a terminal (the text is the caller's: a
sentence typed on the command line, or an article of the user's own output).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kg.extract.analysis import Analysis
from kg.extract.events import final_drop, trigger_span
from kg.extract.triggers import Cand
from kg.model import Article

_ROLES = ("agent", "target", "speaker", "place", "about")


class ExplainError(Exception):
    """One line for the user: a missing output, an unknown article."""


@dataclass(frozen=True)
class Explanation:
    article: Article
    analysis: Analysis


def explain_text(text: str, published: dt.date | None = None, recognizer: str = "rules",
                 article_id: str = "explain") -> Explanation:
    """The event analysis of one text, through the same stages as ``kg build``."""
    from kg.pipeline import ARTICLE_STAGES
    from kg.recognize.registry import get_recognizer

    article = Article(article_id, text, published)
    state: dict = {"article": article, "recognizer": get_recognizer(recognizer)}
    for stage in ARTICLE_STAGES:
        (name,) = stage.writes
        state[name] = stage.run(state)
        if name == "analysis":
            break
    return Explanation(article, state["analysis"])


def article_from_output(out: Path, article_id: str) -> tuple[str, dt.date | None, str]:
    """(text, publication date, recognizer) of an article of a built output folder."""
    import json

    from rdflib import Graph, Literal
    from rdflib.namespace import SDO

    from kg.graph.vocab import NIF

    graph_path = Path(out) / "graph.ttl"
    if not graph_path.is_file():
        raise ExplainError(f"{out}: no graph.ttl (not an output folder of kg build)")
    g = Graph()
    try:
        g.parse(graph_path, format="turtle")
    except Exception as e:  # a damaged file: one line, not a traceback
        raise ExplainError(f"{graph_path}: cannot be read ({type(e).__name__})") from None
    for doc in g.subjects(SDO.identifier, Literal(article_id)):
        text = g.value(doc, NIF.isString)
        if text is None:
            continue
        date = g.value(doc, SDO.datePublished)
        published = date.toPython() if date is not None else None
        recognizer = "rules"
        report = Path(out) / "report.json"
        if report.is_file():
            try:
                recognizer = json.loads(report.read_text(encoding="utf-8")).get("recognizer") or "rules"
            except (OSError, ValueError):
                pass
        return str(text), published if isinstance(published, dt.date) else None, recognizer
    raise ExplainError(f"{out}: no article with id {article_id!r} in graph.ttl")


def _mention(analysis: Analysis, mi: int) -> str:
    m = analysis.doc.mentions[mi]
    kind = m.subtype or m.kind
    return f"{m.anchor} ({kind})"


def _time(c: Cand) -> str:
    t = c.time
    if t is None:
        return "none"
    span = t.earliest.isoformat() if t.earliest else "?"
    if t.latest and t.latest != t.earliest:
        span += f"..{t.latest.isoformat()}"
    how = f"«{t.anchor}»" if c.time_source == "text" and t.anchor else "the article's date"
    return f"{span} ({how})"


def candidate_lines(analysis: Analysis, c: Cand) -> list[str]:
    """The lines of one candidate: trigger, class, verdict, then each argument with its rule."""
    doc = analysis.doc
    tb, te = trigger_span(analysis, c)
    why = final_drop(analysis, c)
    form = f"{c.pos} {c.tense}".strip()
    mood = " ".join(x for x, on in (("negated", c.negated), ("future", c.future)) if on)
    verdict = f"dropped: {why}" if why else "kept"
    head = f"[s{c.sentence}] «{doc.article.text[tb:te]}» {c.cls} ({form}) {verdict}"
    if mood:
        head += f" [{mood}]"
    lines = [head]
    row = c.reading.trigger
    lines.append(f"    lexicon  {'|'.join(row.forms)}  {row.cls} {row.pos}" + (f"  ({row.notes})" if row.notes else ""))
    if c.host is not None and c.host_reading is not None:
        lines.append(f"    host     «{doc.word(c.host)}» (support verb: subject, tense and time)")
    if why and why not in ("no-speaker", "report-only", "no-participant", "prospect", "attribution"):
        return lines
    for role, found in (("agent", c.agents), ("target", c.targets), ("speaker", c.speakers), ("place", c.places),
                        ("about", c.about)):
        for mi in dict.fromkeys(found):
            rule = c.why.get((role, mi), "")
            lines.append(f"    {role:<8} {_mention(analysis, mi)}" + (f"  <- {rule}" if rule else ""))
    lines.append(f"    time     {_time(c)}")
    return lines


def render(explanation: Explanation) -> list[str]:
    a = explanation.analysis
    cands = sorted(list(a.cands) + list(a.unmet), key=lambda c: c.start)
    kept = sum(1 for c in a.cands if not final_drop(a, c))
    out = [f"{len(cands)} trigger candidates, {kept} events; {len(a.doc.mentions)} mentions, "
           f"{len(a.doc.times)} time expressions"]
    for c in cands:
        out.extend(candidate_lines(a, c))
    for f in a.frames:
        if f.kind != "verb":
            who = ", ".join(_mention(a, s) for s in f.speakers)
            out.append(f"[s{f.sentence}] {f.kind} «{a.doc.word(f.token)}» attributes to {who}")
    return out
