"""The event analysis of one article: the stages of event extraction run in order, as one declared
pipeline output (``analysis``) that the events, figures and claims stages read.

    alignment → triggers → modality (filters) → arguments/roles → places → attribution → timing

:func:`analyze` keeps every candidate, with the reason it is dropped (:class:`kg.extract.modality.Drop`),
so ``kg explain`` can show what was read and why.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract import attribution, modality, roles, timing
from kg.extract.alignment import align
from kg.extract.doc import Doc
from kg.extract.arguments import host_of
from kg.extract.attribution import SpeechFrame
from kg.extract.triggers import Cand, find_candidates
from kg.model import Article, Mention, Sentence, TimeExpr


@dataclass(frozen=True)
class Analysis:
    """What the event stages read of one article. Read-only for the stages after it."""

    doc: Doc
    cands: tuple[Cand, ...]  # every trigger read, in text order, kept or dropped
    frames: tuple[SpeechFrame, ...]  # who says what (statements, reporting verbs, cues)
    unmet: tuple[Cand, ...] = ()  # triggers whose lexicon condition (with=, needs=, place-object) failed


def analyze(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
            times: Sequence[TimeExpr]) -> Analysis:
    """Every trigger read, with its arguments and the reason it is dropped (if it is)."""
    doc = align(article, sentences, mentions, times)
    found = find_candidates(doc)
    cands = [c for c in found if modality.check_lexical_conditions(doc, c)]
    unmet = [c for c in found if c not in cands]
    for c in unmet:
        c.drop = modality.Drop.LEXICAL
    trigger_at = {c.start: c for c in cands}
    positions = [c.start for c in cands]

    for c in cands:
        if c.pos == "noun":
            c.host, c.host_reading = host_of(doc, c)
        modality.flags(doc, c)
    modality.relate_candidates(doc, cands)
    for c in cands:
        if c.drop and c.drop != modality.Drop.VERBAL_NOUN:
            continue
        roles.arguments(doc, c, cands, trigger_at)
    modality.after_arguments(doc, cands)
    attribution.statements(doc, cands, trigger_at)
    frames = attribution.speech_frames(doc, cands)
    attribution.merge_embedded(doc, cands)

    kept = [c for c in cands if not c.drop]
    for c in sorted(kept, key=lambda x: x.start):
        timing.assign_time(doc, c, positions, kept)
        if c.time_source == "article" and c.cls not in ("Statement", "Appeal"):
            timing.inherit_time(doc, c, cands)
    return Analysis(doc, tuple(cands), tuple(frames), tuple(unmet))
