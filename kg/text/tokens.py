"""Tokens over normalized text, each carrying its raw offsets, and clitic analysis.

Tokens are runs of letters/digits in the normalized text (camel-tools'
``simple_word_tokenize`` splits the same way: on whitespace and punctuation).
Punctuation is kept as single-character tokens because it ends names and lists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.text.normalize import NormalizedText

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)

# Proclitic conjunctions, then prepositions, in the order Arabic stacks them.
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_MIN_STEM = 2


@dataclass(frozen=True)
class Token:
    index: int
    begin: int  # normalized offsets
    end: int
    text: str  # normalized form
    raw_begin: int
    raw_end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def tokenize(nt: NormalizedText) -> list[Token]:
    out = []
    for i, m in enumerate(_TOKEN.finditer(nt.norm)):
        rb, re_ = nt.raw_span(m.start(), m.end())
        out.append(Token(i, m.start(), m.end(), m.group(), rb, re_))
    return out


@lru_cache(maxsize=500_000)
def proclitic_readings(word: str) -> tuple[tuple[str, int], ...]:
    """Possible (stem, proclitic length) readings of a normalized word, the word itself first.

    وللمرصد -> [(وللمرصد, 0), (للمرصد, 1), (المرصد, 2)] ; بحلب -> [(بحلب, 0), (حلب, 1)].
    The stem of a "لل" reading restores the article's elided alef (لل + مرصد = ل + المرصد);
    its span keeps the whole "لل" word, since cutting one letter would leave no real word.
    """
    readings = [(word, 0)]
    stem, cut = word, 0
    if len(stem) > _MIN_STEM and stem[0] in _CONJUNCTIONS:
        stem, cut = stem[1:], 1
        readings.append((stem, cut))
    if len(stem) > _MIN_STEM + 2 and stem.startswith("لل"):
        readings.append(("ال" + stem[2:], cut))
    elif len(stem) > _MIN_STEM and stem[0] in _PREPOSITIONS:
        readings.append((stem[1:], cut + 1))
    return tuple(readings)


def glued_split(word: str) -> int | None:
    """Where two words were glued before an article (الأممالمتحدة, سورياالمدينة): the split index.

    Only proposes a split; callers accept it when both halves match something known.
    """
    pos = word.find("ال", 3)
    while pos != -1:
        if len(word) - pos >= 4:
            return pos
        pos = word.find("ال", pos + 1)
    return None
