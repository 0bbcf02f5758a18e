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


def _read_graph(out: Path):
    from rdflib import Graph

    graph_path = Path(out) / "graph.ttl"
    if not graph_path.is_file():
        raise ExplainError(f"{out}: no graph.ttl (not an output folder of kg build)")
    g = Graph()
    try:
        g.parse(graph_path, format="turtle")
    except Exception as e:  # a damaged file: one line, not a traceback
        raise ExplainError(f"{graph_path}: cannot be read ({type(e).__name__})") from None
    return g


def _recognizer_of(out: Path) -> str:
    import json

    report = Path(out) / "report.json"
    if report.is_file():
        try:
            return json.loads(report.read_text(encoding="utf-8")).get("recognizer") or "rules"
        except (OSError, ValueError):
            pass
    return "rules"


def _article_in(g, out: Path, article_id: str) -> tuple[str, dt.date | None]:
    from rdflib import Literal
    from rdflib.namespace import SDO

    from kg.graph.vocab import NIF

    for doc in g.subjects(SDO.identifier, Literal(article_id)):
        text = g.value(doc, NIF.isString)
        if text is None:
            continue
        date = g.value(doc, SDO.datePublished)
        published = date.toPython() if date is not None else None
        return str(text), published if isinstance(published, dt.date) else None
    raise ExplainError(f"{out}: no article with id {article_id!r} in graph.ttl")


def article_from_output(out: Path, article_id: str) -> tuple[str, dt.date | None, str]:
    """(text, publication date, recognizer) of an article of a built output folder."""
    g = _read_graph(out)
    text, published = _article_in(g, out, article_id)
    return text, published, _recognizer_of(out)


@dataclass(frozen=True)
class PairVerdict:
    """Two event mentions of two articles: whether the output made them one event, and why (or why not)."""

    a: tuple[str, int, str, str]  # (article, mention index, trigger, class)
    b: tuple[str, int, str, str]
    one_event: bool | None  # one event node in the output's graph (None: a mention the graph does not have)
    score: float | None  # how strongly they are tied, compared directly (None: nothing ties them)
    reasons: tuple[tuple[str, str], ...]
    conflict: str  # why they cannot be one event ("" when they can)


def explain_merges(out: Path, a_id: str, b_id: str) -> list[PairVerdict]:
    """Why the event mentions of two articles of an output became one event, or stayed apart.

    Both articles are read again from the output (text, date, recognizer) through the article stages;
    each pair of their mentions of related classes (or made one event) is compared as resolution compares
    it (:func:`kg.resolve.similarity.compare`: the conflict that keeps them apart, or the features that tie
    them), and said one event or not as the output's graph has it. A pair compared directly may tie and
    still be apart (a member of one's event conflicts with a member of the other's), or be one event tied
    through a third mention."""
    from kg.extract.events import related_classes
    from kg.graph import iris
    from kg.graph.vocab import GAF
    from kg.stages import StageFailed, analyze_article
    from kg.recognize.gazetteer import load_gazetteer
    from kg.recognize.registry import get_recognizer
    from kg.resolve.entities import resolve_entities
    from kg.resolve.events import _parents, event_records
    from kg.resolve.similarity import compare

    if a_id == b_id:
        raise ExplainError(f"{a_id}: give two different articles")
    g = _read_graph(out)
    recognizer = get_recognizer(_recognizer_of(out))
    analyses = {}
    for aid in (a_id, b_id):
        text, published = _article_in(g, out, aid)
        try:
            analyses[aid] = analyze_article(Article(aid, text, published), recognizer)
        except StageFailed as failure:  # one line, as the build reports it
            raise ExplainError(str(failure)) from None
    countries = {code: e.label_en for code, e in load_gazetteer().countries.items()}
    _, entity_of = resolve_entities(analyses, countries)
    parent = _parents(analyses, entity_of)
    records = event_records(analyses, entity_of)
    events_ns = str(iris.event_iri("x")).rsplit("/", 1)[0] + "/"  # the event nodes' namespace (a test, not an IRI)

    def node(r) -> object:
        e = analyses[r.ref.article].events[r.ref.index]
        span = iris.span_iri(r.ref.article, e.begin, e.end)
        return next((n for n in g.subjects(GAF.denotedBy, span) if str(n).startswith(events_ns)), None)

    out_lines: list[PairVerdict] = []
    left = [r for r in records if r.ref.article == a_id]
    right = [r for r in records if r.ref.article == b_id]
    nodes = {r.ref: node(r) for r in left + right}
    for x in left:
        for y in right:
            same = None if nodes[x.ref] is None or nodes[y.ref] is None else nodes[x.ref] == nodes[y.ref]
            if not same and not related_classes(x.cls, y.cls):
                continue
            c = compare(x, y, parent)
            out_lines.append(PairVerdict((a_id, x.ref.index, x.anchor, x.cls), (b_id, y.ref.index, y.anchor, y.cls),
                                         same, c.score, c.reasons, c.conflict))
    return out_lines


def render_merges(verdicts: list[PairVerdict]) -> list[str]:
    """Lines for a terminal: the pairs made one event first, then the others, each with its reasons."""
    if not verdicts:
        return ["no two event mentions of related classes in these articles"]
    lines = []
    for v in sorted(verdicts, key=lambda v: (v.one_event is not True, v.score is None, -(v.score or 0), v.a[1],
                                             v.b[1])):
        head = (f"{v.a[0]}#{v.a[1]} «{v.a[2]}» {v.a[3]}  ~  {v.b[0]}#{v.b[1]} «{v.b[2]}» {v.b[3]}: "
                + {True: "one event", False: "two events", None: "not in the output (read otherwise now)"}[v.one_event])
        if v.conflict:
            head += f"; kept apart: {v.conflict}"
        elif v.score is None:
            head += "; nothing ties them" + (" directly (tied through other mentions)" if v.one_event else "")
        else:
            head += f"; tied, score {v.score:.2f}" + (" (a member of one event conflicts with the other's)"
                                                      if v.one_event is False else "")
        lines.append(head)
        lines.extend(f"    {feature:<11} {detail}" for feature, detail in v.reasons)
    return lines


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
                        ("about", c.about), ("ally", c.allies)):
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
