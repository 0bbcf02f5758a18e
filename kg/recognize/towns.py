"""Which one-word towns of the gazetteer are places here, and which reading of an ambiguous name (issue 11).

Split from :mod:`kg.recognize.rules` (its gazetteer pass's second half): the countries an article names,
ambiguous names ranked by them, and one-word towns whose name is also a common word kept only with support.
"""
from __future__ import annotations

from collections import Counter

from functools import lru_cache

from wordfreq import zipf_frequency

from kg.recognize.consistency import common_word
from kg.recognize.gazetteer import MIN_POPULATION_SINGLE_TOKEN, Entry, Gazetteer
from kg.recognize.sites import PLACE_HEAD_KINDS, head_at
from kg.recognize.spans import VERY_COMMON_ZIPF, Match, Tok, common_word_zipf, feminine
from kg.text.tokens import proclitic_readings

# A one-word town whose name is a common word needs this many people (and its country named in the article).
MIN_POPULATION_COMMON_WORD_TOWN = 100_000


def context_countries(matches: list[Match]) -> Counter:
    counts: Counter = Counter()
    for m in matches:
        e = m.entries[0]
        if e.kind == "Place" and e.subtype == "Country":
            counts[e.country] += 1
        elif e.kind == "Place" and len(m.entries) == 1 and e.country and e.population >= MIN_POPULATION_SINGLE_TOKEN:
            counts[e.country] += 2  # conflict news is about where it happens
        elif e.kind == "Actor" and e.country:
            counts[e.country] += 1
    return counts

def rank_places(entries: list[Entry], countries: Counter, main_country: str) -> list[Entry]:
    """Ambiguous place names: the country in context first, then the biggest population."""
    def score(e: Entry) -> float:
        if e.kind != "Place":
            return float("inf")
        return (e.population + 1) * (5 if e.country in countries else 1) * (20 if e.country == main_country else 1)

    return sorted(entries, key=score, reverse=True)

def plausible_places(g: Gazetteer, matches: list[Match], toks: list[Tok], countries: Counter,
                     main_country: str) -> list[Match]:
    """One-word city names kept only with support (issue 11, item 4).

    A one-word GeoNames town whose written form is a common Arabic word (wordfreq Zipf >= 4: الصور، هوية،
    ميدان، العلم، قوله) is a place only with place context — a place noun right before it (مدينة، بلدة،
    العاصمة …; not a mere في, nor a country after it: وقف سوريا, الرصاص الحي الإسرائيلي), a dateline — or
    when it is a town of 100,000 people or more in a country the article names (حلب، الموصل، عدن), or a city of a
    million after a preposition, or of 100,000 after في/إلى (``locative``: في جنيف، بحلب; not for the commonest words, Zipf >= 5: في دولة; not من طراز, بسلطات:
    Taraz, Settat). A country adjective after it must be its own country's and, after a common word, feminine
    as a town's is (السفيرة الأميركية, العلم العراقي: nouns with an adjective); a proclitic reading loses to the
    whole word when the whole word is the commoner (فاجأ, not ف + Aga). (Towns of Arabic-speaking
    countries get no general pass: الصور، الخبر، معسكر، البيضاء are Arab towns and common words alike.) Other one-word
    towns need less: the article's main country, a million people, or a place word before them (في، إلى).
    Decided once per article: a name kept once is kept everywhere in it."""
    # countries the article names (not those of the towns in question: ميدان would vouch for Indonesia)
    named = frozenset(m.entries[0].country for m in matches if not one_word_town(m) and m.entries[0].country)
    kept_names: set[str] = set()
    keep = []
    place_ends: set[int] = set()  # token index of the last word of each place kept so far
    for m in matches:
        ok = not one_word_town(m) or _town_supported(g, m, toks, countries, main_country, named, place_ends)
        keep.append(ok)
        if ok and one_word_town(m):
            kept_names.add(toks[m.start].text[m.cut:])
        if ok and m.entries[0].kind == "Place":
            place_ends.add(m.stop - 1)
    return [m for m, ok in zip(matches, keep) if ok or toks[m.start].text[m.cut:] in kept_names]

def _town_supported(g: Gazetteer, m: Match, toks: list[Tok], countries: Counter, main_country: str,
                    named: frozenset[str], place_ends: frozenset[int] | set[int] = frozenset()) -> bool:
    entry, tok = m.entries[0], toks[m.start]
    if m.cut == 0 and any(cut and common_word(stem) for stem, cut in proclitic_readings(tok.text)):
        return False  # بأنه، وأن، فإن: a proclitic on a common word, not the town Baneh, Van or Fains
    if m.cut and tok.raw and common_word_zipf(tok.raw):
        return False  # لعنة، بابا: a common word as a whole, not a proclitic on the town Anah or Aba
    if m.cut == 1 and tok.text[0] == "و" and (m.start - 1) in place_ends \
            and not any(cut and common_word(stem) for stem, cut in proclitic_readings(tok.text[1:])):
        return True  # joined by و to a place just kept (في بيروت وطرابلس); not وبأنه
    word = tok.raw[m.cut:] if tok.raw else tok.text[m.cut:]
    if m.cut and tok.raw and _zipf(tok.raw) > _zipf(word):
        return False  # فاجأ: the whole word is commoner than the town (Aga) behind the proclitic
    after = toks[m.stop] if m.stop < len(toks) else None
    if after is not None and after.text in g.nisba and g.nisba[after.text] != entry.country:
        return False  # السفيرة الأميركية: a noun and another country's adjective, not the town As Safirah
    beside = [toks[j] for j in (m.start - 1, m.stop) if 0 <= j < len(toks)]
    if any(g.nisba.get(t.text) == entry.country and (j == 0 or feminine(t.raw or t.text) or not common_word_zipf(word))
           for j, t in enumerate(beside)):
        return True  # its country's adjective beside it: العاصمة الليبية طرابلس، طرابلس اللبنانية (a town is
        # feminine: العلم العراقي is the flag, not the Iraqi town Al-Alam)
    if tok.text[m.cut:] in g.place_words.get("name-noun", ()) and m.stop < len(toks) and toks[m.stop].is_word \
            and toks[m.stop].text not in g.stopwords:
        return False  # دير العشائر، عين ترما: the first word of a longer name, not the town Deyr or Ain
    if common_word_zipf(word):
        if _place_context(g, m, toks, strict=True):
            return True
        if entry.population < MIN_POPULATION_COMMON_WORD_TOWN:
            return False
        after_preposition = _place_context(g, m, toks, strict=False) or (
            m.cut > 0 and tok.text[m.cut - 1] in "بل")  # بحلب، لدمشق
        # a preposition of place proper (في جنيف), or another before a city of a million (بحلب; not من طراز,
        # بسلطات: Taraz, Settat)
        locative = m.cut == 0 and m.start > 0 and toks[m.start - 1].text in g.place_words.get("locative", ())
        return entry.country in named or (not common_word_zipf(word, VERY_COMMON_ZIPF) and after_preposition
                                          and (locative or entry.population >= MIN_POPULATION_SINGLE_TOKEN))
    return entry.country == main_country or entry.population >= MIN_POPULATION_SINGLE_TOKEN \
        or _place_context(g, m, toks, strict=False)

def one_word_town(m: Match) -> bool:
    entry = m.entries[0]
    return entry.kind == "Place" and entry.subtype == "City" and m.stop - m.start == 1 and not entry.curated

def _place_context(g: Gazetteer, m: Match, toks: list[Tok], strict: bool) -> bool:
    if m.start == 0 or (not strict and m.start + 1 < len(toks) and toks[m.start + 1].text in (":", "-", "–", "|")):
        return True  # a dateline (قوله: is no dateline)
    previous = toks[m.start - 1].text
    if previous in g.place_words.get("noun", ()) or (not strict and previous in g.place_words.get("cue", ())):
        return True
    head = head_at(g, toks[m.start - 1])
    if head is not None and head[0].role in PLACE_HEAD_KINDS + ("place-known",):
        return True  # a head noun of place: مطار صنعاء، جزيرة كريت
    if m.cut == 0 and previous in ("|", "–", "-"):
        return True
    return False


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "ar")

