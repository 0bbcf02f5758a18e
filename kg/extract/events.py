"""Events: the event mentions of one article, from its :class:`kg.extract.analysis.Analysis`.

Extraction is a chain of small stages, each a module over plain data (see :mod:`kg.extract.analysis`):
:mod:`~kg.extract.triggers` (lexicon, morphology, matching), :mod:`~kg.extract.alignment` (tokens,
mentions, times), :mod:`~kg.extract.arguments` and :mod:`~kg.extract.roles` (who does what to whom),
:mod:`~kg.extract.places`, :mod:`~kg.extract.timing`, :mod:`~kg.extract.modality` (filters, with the
reasons of :class:`~kg.extract.modality.Drop`), :mod:`~kg.extract.attribution` (speech frames) and
:mod:`~kg.extract.measures`. This module turns the kept candidates into
:class:`kg.model.EventMention` records, anchored on the trigger's raw text.
"""
from __future__ import annotations

import unicodedata

from kg.extract.analysis import Analysis
from kg.extract.classes import ancestors, related_classes  # noqa: F401  (kg.resolve.events uses them)
from kg.extract.modality import Drop
from kg.extract.words import COMPLEMENTIZERS, PREPOSITIONS, SKIP_AFTER_VERB, UNNAMED_SPEAKERS, strip_conj
from kg.extract.triggers import Cand, load_triggers  # noqa: F401  (kg.resolve.events uses load_triggers)
from kg.model import EventMention


def final_drop(analysis: Analysis, c: Cand) -> str:
    """Why a candidate yields no event ("" = it does): its own drop, or a reason seen only at the end."""
    doc = analysis.doc
    if c.drop:
        return c.drop
    if c.attribution_only and (c.speakers or not named_unknown_speaker(analysis, c)):
        return Drop.ATTRIBUTION
    if c.cls in ("Statement", "Appeal") and not c.speakers and not named_unknown_speaker(analysis, c):
        return Drop.NO_SPEAKER
    if c.cls in ("Statement", "Appeal") and doc.reports_only(c.speakers):
        return Drop.REPORT_ONLY
    if c.cls in ("Meeting", "Negotiation", "Agreement", "Vote") and not (c.agents or c.speakers or c.places) \
            and not (c.pos == "verb" or c.host is not None or c.time_source == "text"):
        return Drop.NO_PARTICIPANT  # talks with no one, nowhere, no day, no verb: a topic, not an event
    if "dated" in c.flags and (c.time_source != "text" or c.reading.definite):
        return Drop.UNDATED  # "the war", "طرفي النزاع": background, not an event of the article (حرب أخرى في 2006 is)
    if c.tense == "future" and not c.negated and c.time_source != "text" and c.cls not in ("Statement", "Appeal"):
        return Drop.PROSPECT  # سيتفاوض، ستنسحب with no day of its own: a prospect (من المقرر أن يجتمع is planned)
    if c.imminent and c.time_source != "text":
        return Drop.PROSPECT  # "on the verge of" with no day: a prospect, not yet an event
    return Drop.KEPT


def named_unknown_speaker(analysis: Analysis, c: Cand) -> bool:
    """قال سانجاي شارما، المتحدث … إن: a verb of saying whose subject is named but not recognized, followed by
    what is said (إن / أن / a colon or a quote within a few words): a statement, its speaker unknown."""
    doc = analysis.doc
    if c.pos != "verb" or c.tense != "past" or c.content is None or c.negated or c.future:
        return False
    j = c.stop
    _, b = doc.sentence_range(c.start)
    while j < b and (doc.time_at[j] is not None or doc.word(j) in SKIP_AFTER_VERB):
        j += 1
    if j >= c.content - 1 or c.content - j > 12:
        return False  # nothing between the verb and what is said: a pronoun subject with no one before
    w = doc.word(j)
    heads = {h[0] for h in load_triggers().heads}  # مصادر، مسؤول، ناشطون: unnamed, not a named speaker
    # أحد السكان، مراقبون، الأنباء، التحقيقات: no one named (المسؤول الليبي is someone named before)
    forms = {w, strip_conj(w)}
    return doc.is_word(j) and w not in COMPLEMENTIZERS and w not in PREPOSITIONS and doc.mention_at[j] is None \
        and not forms & heads and not forms & UNNAMED_SPEAKERS


def trigger_span(analysis: Analysis, c: Cand) -> tuple[int, int]:
    """The raw [begin, end) of a candidate's trigger (with the diacritics on its last letter)."""
    doc, text = analysis.doc, analysis.doc.article.text
    tb, te = doc.toks[c.start].raw_begin, doc.toks[c.stop - 1].raw_end
    while te < len(text) and unicodedata.category(text[te]) == "Mn":
        te += 1  # the diacritics on the last letter (فرّ) belong to the word
    return tb, te


def extract_events(analysis: Analysis) -> list[EventMention]:
    """The events an article reports, one mention per trigger, in text order."""
    text = analysis.doc.article.text
    out: list[EventMention] = []
    for c in sorted(analysis.cands, key=lambda x: x.start):
        if final_drop(analysis, c):
            continue
        tb, te = trigger_span(analysis, c)
        out.append(EventMention(
            begin=tb, end=te, anchor=text[tb:te], cls=c.cls, sentence=c.sentence,
            agents=tuple(dict.fromkeys(c.agents)), targets=tuple(x for x in dict.fromkeys(c.targets)
                                                                 if x not in c.agents),
            speakers=tuple(dict.fromkeys(c.speakers)), places=tuple(dict.fromkeys(c.places)),
            about=tuple(x for x in dict.fromkeys(c.about) if x not in c.places),
            time=c.time, time_source=c.time_source if c.time is not None else "",
            negated=c.negated, future=c.future,
            allies=tuple(x for x in dict.fromkeys(c.allies) if x not in c.agents and x not in c.targets)))
    return out
