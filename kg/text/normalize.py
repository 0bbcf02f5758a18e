"""Arabic normalization for matching, with an exact map back to raw offsets.

The normalized text is only ever used to *match*; every span handed to later
stages is converted back to raw offsets through ``NormalizedText.raw_span``.
Normalization is done character by character with camel-tools (unicode
normalization, dediacritization, alef / alef maksura / teh marbuta), plus hamza
seats, Persian/Urdu letters (ی ک ە ۀ), tatweel, invisible format characters (bidi marks, ZWJ/ZWNJ), Arabic-Indic
digits and Latin case. Each raw character maps to zero or more normalized
characters, so the map is exact. Results per character are cached, so the cost is
one ``str.translate`` plus one pass to build the map.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

# Persian and Urdu letters written for their Arabic counterparts (بیروت, کردستان, مدرسۀ): the same word.
_EXTRA = str.maketrans({"ؤ": "و", "ئ": "ي", "ـ": "", "ٱ": "ا", "ی": "ي", "ې": "ي", "ێ": "ي", "ک": "ك",
                        "ە": "ه", "ہ": "ه", "ھ": "ه", "ۀ": "ه", "ۃ": "ه"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@lru_cache(maxsize=None)
def normalize_char(ch: str) -> str:
    """The normalized form of one raw character (may be empty, rarely longer than one)."""
    if unicodedata.category(ch) == "Cf":  # bidi marks, ZWJ/ZWNJ, BOM: invisible, never matched
        return ""
    s = normalize_unicode(ch)
    s = dediac_ar(s)
    s = normalize_alef_ar(s)
    s = normalize_alef_maksura_ar(s)
    s = normalize_teh_marbuta_ar(s)
    s = s.translate(_EXTRA).translate(_DIGITS)
    if s.isascii():
        s = s.lower()
    if s.isspace():
        return " "
    return s


def normalize_ar(text: str) -> str:
    """Normalize a string for matching (no offset map): lexicon entries, labels."""
    return " ".join("".join(normalize_char(c) for c in text).split())


@dataclass(frozen=True)
class NormalizedText:
    raw: str
    norm: str
    # raw offset of each normalized character, plus len(raw) as a sentinel at the end
    raw_index: tuple[int, ...]

    def raw_span(self, begin: int, end: int) -> tuple[int, int]:
        """Raw [begin, end) covering normalized [begin, end) (end > begin)."""
        return self.raw_index[begin], self.raw_index[end - 1] + 1


@lru_cache(maxsize=4)  # the recognizer, the time/number stages and the event stage all ask for the same article
def normalize_text(raw: str) -> NormalizedText:
    pieces: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(raw):
        n = normalize_char(ch)
        if n:
            pieces.append(n)
            index.extend([i] * len(n))
    index.append(len(raw))
    return NormalizedText(raw=raw, norm="".join(pieces), raw_index=tuple(index))
