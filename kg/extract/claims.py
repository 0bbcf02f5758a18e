"""Claims: quoted words, attributed to whoever says them.

``extract_claims(analysis, events)`` returns one
:class:`kg.model.ClaimMention` per quotation («…», "…", “…”) of two words or
more that is not a name (جبهة النصرة، "حميميم"), attributed to the speaker of
the statement of its sentence (the nearest Statement event before it, else after
it), or, when the statement only attributes a figure, to the speaker of that
reporting verb. ``event`` points at the Statement event when there is one.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from kg.extract.analysis import Analysis
from kg.model import ClaimMention, EventMention, Mention

_QUOTE = re.compile(r"«([^«»]{2,600})»|\"([^\"]{2,600})\"|“([^“”]{2,600})”")
_LONGEST_NAME = 200  # characters: no mention is longer
_MIN_WORDS = 2
_SPEAKER_PREFERENCE = {"Person": 0, "Organization": 1, "Place": 2}


def extract_claims(analysis: Analysis, events: Sequence[EventMention]) -> list[ClaimMention]:
    doc, frames = analysis.doc, analysis.frames
    article, sentences, mentions = doc.article, doc.sentences, doc.mentions
    text = article.text
    out: list[ClaimMention] = []
    by_begin = sorted(mentions, key=lambda mt: mt.begin)  # only mentions near a quote can be its name
    starts = [mt.begin for mt in by_begin]
    for si, s in enumerate(sentences):
        for m in _QUOTE.finditer(s.anchor):
            group = next(g for g in range(1, 4) if m.group(g) is not None)
            begin, end = s.begin + m.start(group), s.begin + m.end(group)
            while begin < end and text[begin].isspace():
                begin += 1
            while end > begin and text[end - 1].isspace():
                end -= 1
            quoted = text[begin:end]
            if len(quoted.split()) < _MIN_WORDS:
                continue
            nearby = by_begin[bisect_left(starts, begin - _LONGEST_NAME):bisect_right(starts, begin + 2)]
            if any(mt.begin <= begin and end <= mt.end or (begin <= mt.begin and mt.end <= end and
                                                             len(quoted) - len(mt.anchor) <= 2)
                   for mt in nearby):
                continue  # a name in quotes
            statements = [(i, e) for i, e in enumerate(events) if e.cls == "Statement" and e.sentence == si
                          and e.speakers]
            event = speaker = None
            before = [x for x in statements if x[1].begin < begin]
            after = [x for x in statements if x[1].begin >= end]
            chosen = before[-1] if before else (after[0] if after else None)
            if chosen is not None:
                event = chosen[0]
                speaker = _pick(mentions, chosen[1].speakers)
            else:
                qa, _ = doc.tok_range(begin, end)
                frame = next((f for f in reversed(frames) if f.sentence == si and f.token < qa and f.speakers
                              and f.kind != "cue"), None)
                if frame is None:
                    continue
                speaker = _pick(mentions, frame.speakers)
            out.append(ClaimMention(begin=begin, end=end, anchor=quoted, speaker=speaker, event=event, sentence=si))
    return out


def _pick(mentions: Sequence[Mention], speakers: Sequence[int]) -> int | None:
    if not speakers:
        return None
    return sorted(speakers, key=lambda s: (_SPEAKER_PREFERENCE.get(mentions[s].kind, 3), list(speakers).index(s)))[0]
