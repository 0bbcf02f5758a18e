"""Figures: the numbers an article reports, what they count, how exact, and who says so.

``extract_figures(analysis, numbers, events)`` turns the
numbers of :func:`kg.text.numbers.find_numbers` into
:class:`kg.model.FigureMention` records:

* **skipped**: numbers that are (part of) dates, years, durations and ages
  (24 ساعة، 5 سنوات، العام 2012، الخامس عشر من نوفمبر), numbers inside names, and
  numbers that count nothing countable (no counted noun, no event, no share);
* **measure** (``kg/lexicons/measures.tsv``): the counted noun after the number
  (مدنيا، طفلا، حيا، من المسلحين، عنصر من قوات النظام …) combined with the event
  the number is about (the Killing/Displacement/TakeControl/Surrender … trigger of
  its clause, nearest first): civiliansKilled, childrenKilled, displaced,
  surrendered, areasTaken, territoryShare …, else ``count``;
* **approximation**: أكثر من → moreThan, نحو/حوالي/قرابة → about, ما لا يقل عن /
  على الأقل → atLeast, أقل من → lessThan, else exact; **unit**: percent, fraction;
* **event**: the index of that event mention in ``events``;
* **source**: who the sentence attributes it to — an attribution cue (بحسب،
  وفق، نقلا عن X), a reporting verb with its subject (قال X إن، أفاد X عن،
  يقدر X، تقول X …, also continuing the last speaker: وأضاف …), preferring the
  organization a person speaks for (مدير المرصد رامي عبد الرحمن → the Observatory).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.extract.alignment import Doc
from kg.extract.analysis import Analysis
from kg.extract.attribution import SpeechFrame
from kg.extract.measures import is_number_at, load_measures
from kg.extract.words import (
    CLAUSE_BREAKS, CLOSE_QUOTES, COMPLEMENTIZERS, COORD, FRACTIONS, NEGATIONS, NOT_COUNTS_BEFORE, PREPOSITIONS, RELATIVES,
    SUBORDINATORS, TIME_UNITS,
)
from kg.lexicon import rows
from kg.model import EventMention, FigureMention, NumberExpr
from kg.text.normalize import normalize_ar

_TIME_UNITS = TIME_UNITS
_NOT_COUNTS_BEFORE = NOT_COUNTS_BEFORE
_FRACTIONS = FRACTIONS
_SHARE_MEASURES = frozenset({"territoryShare"})
_COUNT_CLASSES = frozenset({"Killing", "Injury", "Displacement", "Evacuation", "Surrender", "Arrest", "Siege"})
_AREA_CLASSES = frozenset({"TakeControl", "Withdrawal"})
_SOURCE_PREFERENCE = {"Organization": 0, "Place": 1, "Person": 2}
_TALLY_BACK = 15  # tokens: how far before a bare number a tally word (عدد القتلى … إلى 53) is looked for


def _core(w: str) -> str:
    for p in ("وب", "ول", "و", "ف", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


def _group_after(doc: Doc, i: int, b: int) -> tuple[str, int]:
    """The group of the counted noun after token i (exclusive end b), and where the noun phrase ends."""
    meas = load_measures()
    j = i
    if doc.word(j) in ("من",):
        j += 1
    for _ in range(3):
        if j >= b:
            break
        mi = doc.mention_at[j]
        if mi is not None:
            m = doc.mentions[mi]
            if m.subtype in ("ArmedForce",) or m.role in ("government-forces",):
                return "soldiers", doc.mention_toks[mi][1]
            if m.subtype in ("ArmedGroup",):
                return "fighters", doc.mention_toks[mi][1]
            if m.subtype == "PopulationGroup" or m.role == "civilians":
                return "civilians", doc.mention_toks[mi][1]  # 463 مدنيا: the civilians are counted
            return "", j
        w = doc.word(j)
        for cand in (w, _core(w)):
            if cand in meas.nouns:
                group = meas.nouns[cand]
                end = j + 1
                # عنصر من قوات النظام: soldiers; من مسلحي المعارضة: fighters
                if group in ("fighters",) and doc.word(end) == "من" and end + 1 < b:
                    nm = doc.mention_at[end + 1]
                    if nm is not None and (doc.mentions[nm].subtype == "ArmedForce"
                                           or doc.mentions[nm].role == "government-forces"):
                        group = "soldiers"
                return group, end
        if w in ("من",) or w in COORD:
            j += 1
            continue
        break
    return "", i


_CLOSERS = frozenset(')»"”')
_RANGE_LINKS = frozenset(normalize_ar(w) for w in ("إلى", "و", "-", "–", "حتى"))
_AMONG = frozenset(normalize_ar(w) for w in ("بينهم", "منهم", "بينها", "منها", "بينهن"))


@lru_cache(maxsize=1)
def _not_counted() -> frozenset[str]:
    months = {row["form"].split()[0] for row in rows("time.tsv") if row.kind in ("month", "weekday")}
    return PREPOSITIONS | COMPLEMENTIZERS | CLAUSE_BREAKS | NEGATIONS | RELATIVES | SUBORDINATORS | frozenset(months)


def _counted_noun(doc: Doc, j: int, b: int) -> tuple[str, int]:
    """Any indefinite noun right after a number is what it counts (105 صواريخ، 42 نائبا، (18) شخصا،
    17 من السرية، 56 منها): group "items" (or "persons" for a people's name, 52 فلسطينيا), and where it ends."""
    meas = load_measures()
    k = j
    while k < b and doc.word(k) in _CLOSERS:
        k += 1
    partitive = doc.word(k) == "من"
    if partitive:
        k += 1
    if k >= b or not doc.is_word(k):
        return "", j
    w = doc.word(k)
    if not partitive and meas.words.get(w) == "partitive":
        return "items", k + 1
    mi = doc.mention_at[k]
    if mi is not None:
        m = doc.mentions[mi]
        if m.kind == "Place" and not partitive and not m.anchor.startswith("ال") and " " not in m.anchor.strip():
            return "persons", doc.mention_toks[mi][1]  # 52 فلسطينيا: the people of a country
        return "", j
    if w in _not_counted() or meas.words.get(w) in ("not-counted", "partitive") or w in _TIME_UNITS:
        return "", j
    if (w.startswith("ال") and not partitive) or not w.isalpha() or len(w) < 2:
        return "", j
    return "items", k + 1


def _noun_measure(meas, words: Sequence[str]) -> str:
    """The measure a counted noun names itself (قتيلا -> killed, جريحا/مصابا -> wounded, نازحا -> displaced)."""
    for w in words:
        for cand in (w, _core(w), w[:-1] if w.endswith("ا") else w):
            m = meas.context.get(cand)
            if m and m not in _SHARE_MEASURES:
                return m
    return ""


def _before_quantity(doc: Doc, a: int) -> int:
    """The token before a quantity and its approximation cue (منذ أكثر من 10 سنوات -> منذ)."""
    for cue, _ in load_measures().approx_before:
        L = len(cue)
        words = [doc.word(a - L + k) for k in range(L)]
        if words and words[0] and words[0] != cue[0] and _core(words[0]) == cue[0]:
            words[0] = cue[0]
        if tuple(words) == cue:
            return a - L - 1
    return a - 1


def _approximation(doc: Doc, a: int, end: int, b: int) -> str:
    meas = load_measures()
    first = doc.word(a - 1)
    for cue, approx in meas.approx_before:
        L = len(cue)
        words = [doc.word(a - L + k) for k in range(L)]
        if words and words[0] and words[0] != cue[0] and _core(words[0]) == cue[0]:
            words[0] = cue[0]
        if tuple(words) == cue:
            return approx
    del first
    for cue, approx in meas.approx_after:
        L = len(cue)
        for start in range(end, min(b, end + 4)):
            if tuple(doc.word(start + k) for k in range(L)) == cue:
                return approx
    return "exact"


def _best_event(doc: Doc, events: Sequence[EventMention], a: int, group: str, sentence: int) -> int | None:
    best, best_cost = None, None
    for ei, e in enumerate(events):
        if e.sentence != sentence:
            continue
        if group in ("areas", "share"):
            if e.cls not in _AREA_CLASSES:
                continue
        elif e.cls not in _COUNT_CLASSES:
            continue
        ta, tb = doc.tok_range(e.begin, e.end)
        if ta >= a:
            lo, hi, d = a, ta, ta - a
        else:
            lo, hi, d = tb, a, a - tb
        breaks = sum(1 for k in range(lo, hi) if doc.word(k) in CLAUSE_BREAKS - COORD)
        cost = d + 6 * breaks
        if best_cost is None or cost < best_cost:
            best, best_cost = ei, cost
    return best


def _pick_source(doc: Doc, speakers: Sequence[int]) -> int | None:
    if not speakers:
        return None
    return sorted(speakers, key=lambda s: (_SOURCE_PREFERENCE.get(doc.mentions[s].kind, 3), speakers.index(s)))[0]


def _frame_for(doc: Doc, frames: Sequence[SpeechFrame], a: int, sentence: int) -> SpeechFrame | None:
    """The frame that attributes a number at token a: a cue of its sentence, else the reporting verb before
    it, else one after it; a number in a quotation with no frame of its own continues the speaker of the
    sentence before (or the one before that)."""
    same = [f for f in frames if f.sentence == sentence and f.attributed]
    # a cue next to the number (…، بحسب المرصد / بحسب المرصد …) with no other frame between them
    cues = [f for f in same if f.kind == "cue" and not any(
        min(a, f.token) < g.token < max(a, f.token) and not f.token < g.token <= (f.content or f.token) + 1
        for g in same if g is not f)]  # (بحسب ما أفادت X: أفادت is the cue's own verb)
    if cues:
        return min(cues, key=lambda f: abs(f.token - a))
    before = [f for f in same if f.token < a]
    if before:
        return before[-1]
    after = [f for f in same if f.token > a]
    if after:
        return after[0]
    sa, sb = doc.sentence_range(a)
    last = next((k for k in range(sb - 1, sa - 1, -1) if doc.word(k) not in (".", "،", ",")), sa)
    if (a < len(doc.in_quote) and doc.in_quote[a]) or doc.word(last) in CLOSE_QUOTES | {'"'}:
        # the quotation goes on (or closes at the end of this sentence): its speaker is the one before
        earlier = [f for f in frames if sentence - 2 <= f.sentence < sentence and f.attributed and f.kind != "cue"]
        if earlier:
            return earlier[-1]
    return None


def _attribution(doc: Doc, frames: Sequence[SpeechFrame], a: int,
                 sentence: int) -> tuple[int | None, tuple[int, ...], tuple[int, int] | None]:
    """(source, every agent it is attributed to, the words of an unnamed source) of a number at token a.

    The source is the nearest named one (the organization a person speaks for first); the others are the
    person and the body he speaks for, the relay (ونقلت X عن Y) and a statement that embeds the frame
    (وأضافت واس أن النيابة العامة تؤكد أن …)."""
    f = _frame_for(doc, frames, a, sentence)
    if f is None:
        return None, (), None
    chain = list(f.speakers)
    outer = [g for g in frames if g.sentence == f.sentence and g.token < f.token and g.kind == "verb"
             and g.content is not None and g.content <= f.token and g.attributed]
    embedding = outer[-1].speakers if outer and not doc.word(f.token).startswith(("و", "ف")) else []
    chain += [s for s in embedding if s not in chain]
    chain += [s for s in f.relays if s not in chain]
    for s in list(chain):  # مدير المرصد، رامي عبد الرحمن: the person named for the organization speaks too
        end = doc.mention_toks[s][1]
        j = end + 1 if doc.word(end) in COORD else end
        p = doc.mention_at[j] if j < len(doc.toks) else None
        if p is not None and p not in chain and s in doc.affiliates.get(p, ()):
            chain.append(p)
    # the nearest named one: the frame's own speaker, else the statement that embeds it, else the relay
    source = next((_pick_source(doc, x) for x in (f.speakers, embedding, f.relays) if x), None)
    unnamed = None
    if f.unnamed is not None:
        ta, tb = f.unnamed
        unnamed = (doc.toks[ta].raw_begin, doc.toks[tb - 1].raw_end)
    return source, tuple(chain), unnamed


def extract_figures(analysis: Analysis, numbers: Sequence[NumberExpr],
                    events: Sequence[EventMention]) -> list[FigureMention]:
    """The reported numbers of an article, with measure, approximation, event and source."""
    doc, frames = analysis.doc, analysis.frames
    meas = load_measures()
    time_tokens = {k for (ta, tb) in doc.time_toks for k in range(ta, tb)}
    out: list[FigureMention] = []
    previous: tuple[int, str, int | None, str] | None = None  # (sentence, measure, event, group) of the last figure
    for n in numbers:
        a, b_ = doc.tok_range(n.begin, n.end)
        if a >= b_ or any(k in time_tokens for k in range(a, b_)):
            continue
        if any(doc.mention_at[k] is not None and doc.mentions[doc.mention_at[k]].kind != "Person"
               for k in range(a, b_)):
            continue
        sentence = doc.sent_of[a]
        sa, sb = doc.sentence_range(a)
        prev = doc.word(a - 1)
        if _core(prev) in _NOT_COUNTS_BEFORE or prev in ("ال", "الـ") \
                or doc.article.text[max(0, n.begin - 3):n.begin].rstrip().endswith("الـ"):
            continue
        before = doc.word(_before_quantity(doc, a))
        if any(meas.words.get(doc.word(k)) == "age" for k in range(max(sa, a - 4), a)):
            continue  # البالغ من العمر 25 عاما: an age
        nxt = doc.word(b_)
        unit = ""
        anchor_n = normalize_ar(n.anchor)
        if nxt in _TIME_UNITS or _core(nxt) in _TIME_UNITS:
            if meas.words.get(_core(before)) == "time-anchor" or meas.words.get(before) == "time-anchor":
                continue  # منذ 5 سنوات، بعد 3 أيام: a time, not a figure
            group, end = "duration", b_ + 1  # لمدة 3 أيام، استغرقت 50 دقيقة، أمهل 120 يوما
        elif n.is_percent or re.search(r"%|٪|المئه|المائه|بالمئه|بالمائه", anchor_n):
            unit, group, end = "percent", "share", b_
            g2, e2 = _group_after(doc, b_, sb)
            end = e2 if g2 else end
        elif 0 < n.value < 1:
            unit, group, end = "fraction", "share", b_
        else:
            group, end = _group_after(doc, b_, sb)
            if not group and nxt in _RANGE_LINKS:
                k = b_ + 1  # بين 100 إلى 120 صاروخا: the first number of a range counts what the second does
                while is_number_at(doc, k) and k < sb:
                    k += 1
                if k > b_ + 1:
                    group, end = _group_after(doc, k, sb)
                    if not group:
                        group, end = _counted_noun(doc, k, sb)
            if not group:
                group, end = _counted_noun(doc, b_, sb)
            if not group and n.value in (1, 2) and doc.is_word(a - 1) and doc.mention_at[a - 1] is None \
                    and not prev.startswith("ال") and prev not in _not_counted():
                group, end = "items", b_  # قياديين اثنين، طفل واحد: one and two follow what they count
        if 1900 <= n.value <= 2100 and group in ("", "items"):
            continue  # a year
        if not group and previous is not None and previous[0] == sentence and prev in _AMONG:
            group, end = previous[3], b_  # من بينهم 7 بحالة خطيرة: a part of the count before
        if not group and any(meas.words.get(_core(doc.word(k))) == "tally" or meas.words.get(doc.word(k)) == "tally"
                             for k in range(max(sa, a - _TALLY_BACK), a)):
            group, end = "items", b_  # ارتفع عدد القتلى … إلى 53: a tally
        ev = _best_event(doc, events, a, group, sentence) if group and group != "duration" else None
        if ev is not None:
            measure = meas.measure(events[ev].cls, group)
        else:
            # no event: a word of the clause may still say what is counted (تحت سيطرة، قتلى)
            share = group == "share"
            found = [m for m in (meas.context.get(_core(doc.word(k))) for k in range(max(sa, a - _TALLY_BACK),
                                                                                    min(sb, b_ + 8)))
                     if m and (m in _SHARE_MEASURES) == share]
            context = next((m for m in found if m != "count"), found[0] if found else "")
            if not group and not context:
                continue
            measure = context if context and group != "duration" else "count"
        # 52 قتيلا، 167 إصابة: a counted noun that says what it counts wins over the event nearby
        noun = _noun_measure(meas, [doc.word(k) for k in range(b_, min(end, sb))])
        if noun and not (noun == "killed" and measure.endswith("Killed")) and group != "share":
            measure = noun
        # بينهم 62 طفلا: a count inside a count is about the same event
        if previous is not None and previous[0] == sentence and prev in _AMONG and ev is None:
            ev = previous[2]
            if ev is not None:
                measure = meas.measure(events[ev].cls, group)
        if unit == "" and group == "share":
            unit = "fraction"
        approx = _approximation(doc, a, end, sb)
        source, sources, unnamed = _attribution(doc, frames, a, sentence)
        out.append(FigureMention(begin=n.begin, end=n.end, anchor=n.anchor, value=float(n.value), measure=measure,
                                 approximation=approx, unit=unit, event=ev, source=source, sentence=sentence,
                                 sources=sources, unnamed_source=unnamed))
        previous = (sentence, measure, ev, group)
    return out
