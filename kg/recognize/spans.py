"""The rules recognizer's working data: tokens with their offsets, and matches over token ranges."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from wordfreq import zipf_frequency

from kg.recognize.gazetteer import Entry, Gazetteer
from kg.text.tokens import proclitic_readings

# Zipf frequency (wordfreq, Arabic) above which a word is a common word, not part of an unknown name:
# مقابلة 4.8, هجوم 4.8, صرّح 4.6 — against بتينا 1.9, ستولتنبرغ 2.3, ميستورا 2.9.
COMMON_WORD_ZIPF = 4.0
VERY_COMMON_ZIPF = 5.0  # دولة، العلم: a preposition before them is no place context
QUOTES = frozenset('"«»“”\'')


@dataclass
class Tok:
    text: str  # normalized
    begin: int  # normalized offsets
    end: int
    after_quote: bool = False  # a quotation mark stood before it: names end there
    raw: str = ""  # the raw surface, for word-frequency look-ups

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


@dataclass
class Match:
    start: int  # token index
    stop: int  # token index, exclusive
    cut: int  # normalized characters of proclitic to leave out of the span
    entries: list[Entry]
    kind: str  # gazetteer | person | place | organization
    role: str = ""
    key: str = ""  # places: the key of the larger place it is part of (a site's town), when known
    name_start: int = -1  # places: where the name begins after its head noun (مدينة | إينسبروك), -1: at start


def bare(raw: str) -> str:
    """The raw word without its diacritics (camel-tools' set: harakat, shadda, sukun, dagger alef) and tatweel."""
    return dediac_ar(raw).replace("ـ", "")


@lru_cache(maxsize=200_000)
def common_word_zipf(raw: str, threshold: float = 0.0) -> bool:
    """The raw word (diacritics and tatweel aside) is at least this frequent in Arabic (default: common)."""
    word = bare(raw)
    return bool(word) and zipf_frequency(word, "ar") >= (threshold or COMMON_WORD_ZIPF)


def feminine(word: str) -> bool:
    """A noun or adjective of feminine form, raw or normalized (الخارجية/الخارجيه، العليا): ة/ه, ى, ا, ات, اء at
    its end — except a masculine elative أفعل (الأعلى، الأقصى). Agreement of an adjective with its noun."""
    word = word.rstrip("\u064b-\u065f").rstrip("ـ")
    stem = word[2:] if word.startswith("ال") else word
    if len(stem) == 4 and stem[0] in "أا" and stem.endswith("ى"):
        return False
    return word.endswith(("ة", "ه", "ى", "ا", "ات", "اء"))


def definite(word: str) -> bool:
    """A word with the article, also behind a proclitic (الحدود، بالحدود)."""
    return any(stem.startswith("ال") and len(stem) > 3 for stem, _ in proclitic_readings(word))


def clitic_phrase(word: str) -> bool:
    """A preposition or conjunction glued to a definite word (للجنود، بالتدخل): never inside a name."""
    return len(word) > 4 and word[0] in "وفبلك" and (word[1:3] == "ال" or word.startswith("لل"))


def known(g: Gazetteer, word: str) -> bool:
    """A word of some gazetteer phrase (also behind a proclitic) or a stopword."""
    return any(stem in g.vocabulary for stem, _ in proclitic_readings(word)) or word in g.stopwords


# An adjective's stem (the word without its ending) at least this frequent is a word (نفط 4.1, حضري 3.4, جوي
# 4.4, كيميائي 3.6), and the adjective no more frequent than it by more than the margin: a name of that shape
# is a word of its own (أفريقيا 5.2 against أفريقي 4.1; حمورية, نيقوسيا have no stem in use).
ADJECTIVE_STEM_ZIPF = 3.0
ADJECTIVE_STEM_MARGIN = 0.5


@lru_cache(maxsize=200_000)
def relational_adjective(raw: str) -> bool:
    """One indefinite word of a relational adjective's shape (نفطي، حضرية، جويا: -ي, -ية/-يه, or -يا with the
    accusative ا) whose stem is a word about as frequent as it: an adjective, not a name."""
    word = bare(raw)
    if word.startswith("ال") or not word.endswith(("ي", "يا", "ية", "يه")) or len(word) < 3:
        return False
    stem = zipf_frequency(word[:-1], "ar")  # نفطي -> نفط, حضرية -> حضري, جويا -> جوي
    return stem >= ADJECTIVE_STEM_ZIPF and stem + ADJECTIVE_STEM_MARGIN >= zipf_frequency(word, "ar")
