"""Timing: the date of each event.

The nearest time expression of the sentence (after a verb first; crossing another trigger or a clause
break costs), a date in apposition (تاريخ بدء الهجوم), ``غداة`` / ``إثره`` anaphora, what a dated
statement reports, else the article default (publication day, or the day before to the publication
day for the past tense); ``time_source`` says which (text | article). A period that runs past the
publication day ends there for an event reported as done. A history told in order (a sentence dated years
before the article, then و + a past verb with no time of its own) keeps its year (:func:`narrative_time`).
An event noun after بعد / إثر / عقب / منذ / قبل (cues.tsv relative_event_links) takes no time from before
it, the clause's, but a "since" there names its start (منذ الجمعة في أعقاب توقيع اتفاق); «قبل نحو شهر»
is a point back from the publication day. A clause opened by عندما / حين right after a time expression
happened then (:func:`when_clause_time`); an event noun coordinated (، و) after a dated one shares its
date (:func:`coordinated_time`). «في اليوم التالي»، «في العام نفسه» (unresolved in :mod:`kg.extract.timex`)
take the day or year the text gave last (:func:`anaphoric_time`), where they open the sentence before a
comma or stand next to the trigger.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from kg.extract.doc import Doc
from kg.extract.triggers import Cand
from kg.extract.words import (
    ANAPHORA_AFTER, BEFORE_AFTER, CLAUSE_BREAKS, DATE_HEADS, DATE_HEADS_FAR, DAY_AFTER, DAY_BEFORE, RELATIVE_HOURS,
    TEMPORAL_LINKS, n, strip_conj,
)
from kg.lexicon import word_set
from kg.model import Article, TimeExpr
from kg.text.normalize import normalize_ar

WHEN_LINKS = word_set("when_links")
RELATIVE_LINKS = word_set("relative_event_links")


def _default_time(article: Article, past: bool) -> TimeExpr | None:
    p = article.published
    if p is None:
        return None
    earliest = p - dt.timedelta(days=1) if past and p > dt.date.min else p
    return TimeExpr(0, 0, "", earliest=earliest, latest=p, kind="article")


def clip_to_publication(t: TimeExpr, published: dt.date | None, future: bool) -> TimeExpr:
    """An event the article reports as done cannot end after the article: "this month", "this year"
    (خلال الشهر الجاري، في حزيران الحالي) end at the publication day for a past event."""
    if future or published is None or t.earliest is None or t.latest is None:
        return t
    if t.earliest <= published < t.latest:
        return replace(t, latest=published)
    return t


def _ago(t: TimeExpr) -> bool:
    """قبل نحو شهر، قبل ثلاث سنوات: a duration back from the publication day is a point in time (منذ خمس
    سنوات is how long something lasts)."""
    return normalize_ar(t.anchor).startswith(n("قبل"))


def pick_time(doc: Doc, c: Cand, trigger_positions: Sequence[int]) -> TimeExpr | None:
    """The time expression of the sentence nearest the trigger; after a verb preferred; crossing
    another trigger costs."""
    a, b = doc.sentence_range(c.start)
    anchor = c.host if c.host is not None and c.pos == "noun" and c.host < c.start else c.start
    best, best_cost = None, None
    seen = set()
    head = c.host if c.host is not None and c.host < c.start else c.start
    # بعد الانتخابات، إثر حملة، منذ اندلاع الحرب: that event is not at the time of the clause before it
    related = c.pos == "noun" and strip_conj(doc.word(head - 1)) in RELATIVE_LINKS
    for j in range(a, b):
        ti = doc.time_at[j]
        if ti is None or ti in seen:
            continue
        seen.add(ti)
        t = doc.times[ti]
        if t.kind == "unresolved":
            ta, tb = doc.time_toks[ti]
            # only where it dates the clause: opening the sentence before a comma (وفي اليوم التالي، شنت)
            # or next to the trigger (not ونشر في العام نفسه كتابا عن تاريخ حرب فيتنام)
            if (ta - a <= 1 and doc.word(tb) in CLAUSE_BREAKS) or -2 <= ta - c.stop <= 2 or -2 <= c.start - tb <= 2:
                t = anaphoric_time(doc, ti) or t
        if t.earliest is None or t.kind == "unresolved" or (t.kind == "duration" and not _ago(t)):
            continue
        if doc.in_quote[j] != doc.in_quote[c.start] and not doc.in_quote[c.start]:
            continue
        ta, tb = doc.time_toks[ti]
        if ta >= c.stop:
            d = ta - c.stop
            after = True
        elif anchor < ta < c.start:
            d = ta - anchor
            after = True
        else:
            d = max(0, min(anchor, c.start) - tb)
            after = False
        lo, hi = sorted((min(anchor, c.start) if not after else c.stop, ta))
        if anchor < ta < c.start:
            lo, hi = anchor, ta
        crossing = sum(1 for p in trigger_positions if lo < p < hi and p != c.start)
        breaks = sum(1 for k in range(lo, hi) if doc.word(k) in CLAUSE_BREAKS and doc.word(k) not in TEMPORAL_LINKS)
        cost = d + 4 * crossing + 2 * breaks + (0 if after else 1.5)
        if cost > 16:
            continue
        if not after and breaks and ta - a > 2:
            continue  # a date before the trigger, in an earlier clause
        if not after and related and t.kind != "since":
            continue  # (منذ الجمعة في أعقاب توقيع اتفاق: the calm began right after the signing, that day)
        if c.pos == "noun" and not after and d <= 2:
            cost -= 1  # "منتصف الشهر … هجوم": a date right before a noun
        if best_cost is None or cost < best_cost:
            best, best_cost = (_point_of(t) if related and not after else t), cost
    return best



def inherit_time(doc: Doc, c: Cand, cands: list[Cand]) -> None:
    """An event without a date of its own takes one from its sentence: what a dated statement reports
    (أعلن يوم أمس إن الجيش استعاد …), or the event it is hours away from (بعد ساعات من استعادة …)."""
    a, _ = doc.sentence_range(c.start)
    window = [doc.word(k) for k in range(max(a, c.start - 4), c.start)]
    if any(w in RELATIVE_HOURS for w in window) and any(w in BEFORE_AFTER for w in window):
        prior = [d for d in cands if d.sentence == c.sentence and d.start < c.start and d.time_source == "text"
                 and (not d.drop or d.attribution_only)]
        if prior:
            c.time, c.time_source = prior[-1].time, "text"
            return
    for d in cands:
        if d.sentence != c.sentence or d.cls != "Statement" or d.content is None or d.time_source != "text":
            continue
        if d.drop and not d.attribution_only:
            continue
        if d.content <= c.start:
            c.time, c.time_source = d.time, "text"
            return



_SAME_DAY = frozenset(n(w) for w in ("ذلك اليوم", "نفس اليوم", "ذات اليوم", "اليوم نفسه", "اليوم ذاته"))
_DAY_AFTER = frozenset(n(w) for w in ("اليوم التالي",))
_DAY_BEFORE = frozenset(n(w) for w in ("اليوم السابق",))
_SAME_YEAR = frozenset(n(w) for w in ("نفس العام", "نفس السنة", "ذات العام", "ذات السنة", "العام نفسه", "العام ذاته",
                                      "السنة نفسها", "السنة ذاتها", "ذلك العام", "تلك السنة"))
_YEAR_AFTER = frozenset(n(w) for w in ("العام التالي", "السنة التالية"))


def anaphoric_time(doc: Doc, ti: int) -> TimeExpr | None:
    """في العام نفسه، في اليوم التالي: the year or day of the time expression the text gave last before it
    (a day for a day, a year for a year), moved by one for التالي / السابق."""
    t = doc.times[ti]
    key = normalize_ar(t.anchor).removeprefix("في ").strip()
    day_wise = key in _SAME_DAY | _DAY_AFTER | _DAY_BEFORE
    if not day_wise and key not in _SAME_YEAR | _YEAR_AFTER:
        return None
    y = _anaphoric_year(doc, ti, key) if not day_wise else None
    if y is not None and ti > 0 and doc.time_toks[ti - 1][1] >= doc.time_toks[ti][0] - 2:
        p = doc.times[ti - 1]  # في أبريل من العام نفسه: that month of that year
        if p.earliest is not None and p.latest is not None and p.earliest.year == p.latest.year:
            try:
                return replace(p, earliest=p.earliest.replace(year=y), latest=p.latest.replace(year=y))
            except ValueError:  # 29 February
                return None
    for k in range(ti - 1, -1, -1):
        p = doc.times[k]
        if p.earliest is None or p.kind in ("unresolved", "duration", "since", "article"):
            continue
        if day_wise:
            if not p.exact:
                return None
            shift = 1 if key in _DAY_AFTER else -1 if key in _DAY_BEFORE else 0
            d = p.earliest + dt.timedelta(days=shift)
            return replace(t, earliest=d, latest=d, kind="day")
        if y is None:
            return None
        return replace(t, earliest=dt.date(y, 1, 1), latest=dt.date(y, 12, 31), kind="year")
    return None


def _anaphoric_year(doc: Doc, ti: int, key: str) -> int | None:
    """The year the text gave last before time expression ``ti`` (not the one right before it, which it
    qualifies: أبريل من العام نفسه), one more for العام التالي."""
    for k in range(ti - 1, -1, -1):
        p = doc.times[k]
        if p.earliest is None or p.latest is None or p.kind in ("unresolved", "duration", "since", "article"):
            continue
        if k == ti - 1 and doc.time_toks[k][1] >= doc.time_toks[ti][0] - 2:
            continue
        if p.latest.year != p.earliest.year:
            return None
        return p.earliest.year + (1 if key in _YEAR_AFTER else 0)
    return None


def _point_of(t: TimeExpr) -> TimeExpr:
    """The time a "since" expression names (منذ 2007 → 2007, منذ أغسطس 2016 → August 2016): its first day
    widened to the year or month it opens."""
    if t.kind != "since" or t.earliest is None:
        return t
    e = t.earliest
    if (e.month, e.day) == (1, 1):
        return replace(t, latest=dt.date(e.year, 12, 31), kind="year")
    if e.day == 1:
        nxt = dt.date(e.year + (e.month == 12), e.month % 12 + 1, 1)
        return replace(t, latest=nxt - dt.timedelta(days=1), kind="month")
    return replace(t, latest=e, kind="day")


def when_clause_time(doc: Doc, c: Cand) -> TimeExpr | None:
    """في مارس 2015، عندما شن التحالف حملة …; منذ 2007، عندما قتل …: a clause opened by عندما / حين right
    after a time expression happened then (a "since" names its start: :func:`_point_of`). The trigger is in
    that clause: no clause break between the link and it."""
    a, _ = doc.sentence_range(c.start)
    for k in range(c.start - 1, max(a, c.start - 12) - 1, -1):
        w = doc.word(k)
        if w in WHEN_LINKS:
            j = k - 1 if doc.word(k - 1) in CLAUSE_BREAKS else k
            ti = doc.time_at[j - 1] if j - 1 >= a else None
            if ti is None or doc.time_toks[ti][1] != j:
                return None
            t = doc.times[ti]
            return _point_of(t) if t.earliest is not None and t.kind not in ("unresolved", "duration") else None
        if w in CLAUSE_BREAKS:
            return None
    return None


def coordinated_time(doc: Doc, c: Cand, kept: Sequence[Cand]) -> TimeExpr | None:
    """بعد ضم روسيا القرم في 2014، واندلاع قتال …: an event noun coordinated (، و) right after a dated event
    noun of its sentence, with no other trigger between, shares its time."""
    head = c.host if c.host is not None and c.host < c.start else c.start  # واندلاع قتال: the support noun
    if c.pos != "noun" or doc.word(head - 1) not in CLAUSE_BREAKS or doc.word(head)[:1] != "و":
        return None
    prior = [d for d in kept if d.sentence == c.sentence and d.start < c.start and d is not c]
    if not prior:
        return None
    d = max(prior, key=lambda x: x.start)
    if d.pos != "noun" or d.time is None or d.time_source != "text" or d.stop > head - 1:
        return None
    return d.time


HISTORY_DAYS = 365  # a text date this far before the publication opens a narrative of the past


def narrative_time(doc: Doc, c: Cand, kept: Sequence[Cand]) -> TimeExpr | None:
    """A history told in order (اندلع نزاع في 1967 … . وانتزعت إسرائيل سيناء …): a past-tense verb with no
    time in its sentence, opening (و/ف) a sentence of the same paragraph right after one whose last event
    the text dates a year or more before the publication, happened then too. Statements and appeals are
    the article's present: they keep its date, and pass none on."""
    published = doc.article.published
    if published is None or c.pos != "verb" or c.tense != "past" or c.cls in ("Statement", "Appeal"):
        return None
    a, b = doc.sentence_range(c.start)
    if any(doc.time_at[k] is not None for k in range(a, b)):
        return None  # the sentence has a time of its own, even if not this event's
    if doc.word(a)[:1] not in ("و", "ف") or any(d.sentence == c.sentence and d.start < c.start for d in kept):
        return None  # not a continuation, or not the sentence's first event
    si = doc.sent_of[c.start]
    if si == 0 or "\n" in doc.article.text[doc.sentences[si - 1].end:doc.sentences[si].begin]:
        return None  # the article's first sentence, or a new paragraph
    before = [d for d in kept if d.sentence == si - 1 and d.time is not None]
    if not before or before[-1].time_source != "text" or before[-1].cls in ("Statement", "Appeal"):
        return None
    t = before[-1].time
    if t.latest is None or (published - t.latest).days < HISTORY_DAYS:
        return None
    return t


def assign_time(doc: Doc, c: Cand, positions: Sequence[int], kept: Sequence[Cand]) -> None:
    t = pick_time(doc, c, positions)
    head = c.host if c.host is not None and c.host < c.start else c.start
    if doc.word(head - 1) in DATE_HEADS or doc.word(head - 2) in DATE_HEADS_FAR:
        # "منذ الخامس عشر من نوفمبر، تاريخ بدء الهجوم": the date in apposition
        a, _ = doc.sentence_range(c.start)
        for j in range(head - 1, max(a, head - 6) - 1, -1):
            ti = doc.time_at[j]
            if ti is not None and doc.times[ti].earliest is not None:
                t = doc.times[ti]
                break
    # غداة اجتماع …: the day before the report; عشية: the day after
    if t is not None and t.anchor and normalize_ar(t.anchor) in DAY_AFTER | DAY_BEFORE and \
            doc.time_toks[doc.times.index(t)][1] != c.start:
        t = None
    if t is None:
        t = when_clause_time(doc, c) or coordinated_time(doc, c, kept)
    if t is not None:
        # a "since" date with a verb of beginning is the start day (تاريخ بدء الهجوم)
        if t.kind == "since" and c.host_reading is not None and "start" in c.host_reading.trigger.flags:
            t = replace(t, latest=t.earliest, kind="day")
        c.time, c.time_source = clip_to_publication(t, doc.article.published, c.future), "text"
        return
    # إثره، بعده: right after the previous event, where it was
    _, b = doc.sentence_range(c.start)
    if any(doc.word(k) in ANAPHORA_AFTER for k in range(c.stop, min(b, c.stop + 8))):
        prior = [d for d in kept if d.start < c.start and d.time is not None and d.cls not in ("Statement",)
                 and d.sentence >= c.sentence - 1]
        if prior:
            p = prior[-1]
            c.time, c.time_source = p.time, p.time_source
            if not c.places:
                c.places = list(p.places)
            return
    past = c.tense in ("past",) or (c.pos == "noun" and not c.future)
    if c.host_reading is not None and c.host_reading.tense in ("present", "future"):
        past = False
    if c.future:
        past = False
    told = narrative_time(doc, c, kept) if past else None
    if told is not None:
        c.time, c.time_source = told, "text"
        return
    c.time, c.time_source = _default_time(doc.article, past), "article"


