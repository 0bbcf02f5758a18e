"""Place compounds made by a head noun (issue 11): one place of several words, not the name alone.

A head noun of ``place_words.tsv`` (or ``heads.tsv``) before a place name the gazetteer knows:

* ``place`` (and ``place-known``: only before a known name, العاصمة) heads name the place itself (مدينة الأبيض، محافظة البلقاء، جزيرة قبرص، العاصمة صنعاء, and
  across a country adjective: العاصمة الليبية طرابلس): the mention starts at the head, the key stays the
  name's, so «الأبيض» alone elsewhere is the same place;
* ``site`` heads make a place of their own inside the named one (مطار الحديدة، ميناء أم قصر، معبر رفح،
  حقل العمر النفطي، مطار مدينة النجف): a Site (or Region: وادي، جبل) whose key is scoped by the named
  place, with one relational adjective after it (العسكرية، الحدودي، النفطي) and not a country's (السوري);
* a feminine adjective of part or colour after a place (أيرلندا الشمالية، روسيا البيضاء، حلب الشرقية) names
  a region of its own, part of that place;
* ``numbered`` heads take a number (الكيلو 16، كيلو (7)): a road marker used as a place.

The rules recognizer (:mod:`kg.recognize.rules`) calls :func:`compounds` on its gazetteer matches and
:func:`site_adjective` / :func:`numbered_extent` for names no gazetteer knows.
"""
from __future__ import annotations

import re

from kg.recognize.gazetteer import Entry, Gazetteer
from kg.recognize.spans import QUOTES as _QUOTES
from kg.recognize.spans import VERY_COMMON_ZIPF as _VERY_COMMON_ZIPF
from kg.recognize.spans import Match, Tok, clitic_phrase, definite, known, relational_adjective
from kg.recognize.spans import common_word_zipf as _common_word
from kg.text.tokens import proclitic_readings

_MAX_NUMBER_DIGITS = 3
_LIST_SEPARATORS = frozenset({",", "،", "و"})
_MAX_LIST_ITEMS = 12
_NO_HEAD = Entry("Head", "", "", "")
_TANWEEN = re.compile("[\u064b-\u064d]")
_PRONOUNS = ("ها", "هم")
# A lone indefinite word after a head noun is a name only when rarer than this (إينسبروك 0, حمورية), not an
# adjective (حضرية 3.0, مزدحمة 3.5, نائية 3.5)
_RARE_NAME_ZIPF = 3.0
# the head kinds that open a place (place-known heads only take a known one: kg.recognize.sites.compounds)
PLACE_HEAD_KINDS = ("place-list", "place-pair", "place", "site", "numbered")


def head_at(g: Gazetteer, tok: Tok) -> tuple[Entry, int] | None:
    """The head noun a token is (also behind a proclitic: بمطار، ولمحافظة) and the proclitic's length."""
    if not tok.is_word:
        return None
    for stem, cut in proclitic_readings(tok.text):
        head = g.heads.get(stem)
        if head is not None:
            return head, cut
    return None


def site_adjective(g: Gazetteer, toks: list[Tok], k: int) -> int:
    """One relational adjective after a site's name (قاعدة حميميم العسكرية، معبر نصيب الحدودي): k + 1, else k.

    A definite word ending in -ي/-ية that names no country (not السوري) and is no grammar word."""
    if k >= len(toks):
        return k
    word = toks[k].text
    if (word.startswith("ال") and len(word) > 5 and word.endswith(("ي", "يه")) and word not in g.nisba
            and word not in g.stopwords and word not in g.heads):
        return k + 1
    return k


def numbered_extent(toks: list[Tok], k: int) -> int:
    """The end of a number after a numbered head (الكيلو 16، كيلو (16)): past its closing bracket; k if none."""
    j = k + 1 if k < len(toks) and toks[k].text == "(" else k
    if j >= len(toks) or not toks[j].text.isdigit() or len(toks[j].text) > _MAX_NUMBER_DIGITS:
        return k
    if j > k:
        return j + 2 if j + 1 < len(toks) and toks[j + 1].text == ")" else k
    return j + 1


def compounds(g: Gazetteer, toks: list[Tok], gazetteer: list[Match]) -> list[Match]:
    """Head nouns before the gazetteer's places: ``place`` heads extend the place's match to start at the head
    (in place: the match object is changed); ``site`` heads give new site matches, returned (they cover the
    place's match, which the recognizer's overlap rule then drops)."""
    sites: list[Match] = []
    for m in gazetteer:
        if m.entries[0].kind != "Place" or m.cut:
            continue  # ومطار والحديدة: a name with its own proclitic is no head's name
        _take_place_head(g, toks, m)
        if m.name_start < 0 and m.stop < len(toks) and toks[m.stop].text in g.place_words.get("part-adjective", ()):
            # روسيا البيضاء، أيرلندا الشمالية، حلب الشرقية: a place of its own, named by its part (and without the
            # head the gazetteer's form may open with: مدينة القدس الشرقية is named القدس الشرقية)
            head = head_at(g, toks[m.start]) if m.stop - m.start > 1 else None
            named = m.start + 1 if head is not None and head[0].role in ("place", "place-known") else -1
            sites.append(Match(m.start, m.stop + 1, m.cut, [], "place", role="Region", key=m.entries[0].key,
                               name_start=named))
            continue
        i = m.start - 1
        found = head_at(g, toks[i]) if i >= 0 else None
        if found is None or found[0].role != "site":
            continue
        head, cut = found
        if m.entries[0].subtype == "Country" and head.subtype != "Region":
            continue  # مطار سورية: no site is named by a country's name
        stop = site_adjective(g, toks, m.stop)
        sites.append(Match(i, stop, cut, [], "place", role=head.subtype, key=m.entries[0].key))
    return sites


def _take_place_head(g: Gazetteer, toks: list[Tok], m: Match) -> None:
    i = m.start - 1
    if i >= 0 and toks[i].text in g.nisba and i > 0:  # العاصمة الليبية طرابلس
        found = head_at(g, toks[i - 1])
        i -= 1
    else:
        found = head_at(g, toks[i]) if i >= 0 else None
    if found is None or found[0].role not in ("place", "place-known") or (
            m.entries[0].subtype == "Country" and found[0].subtype != "Region"):
        return  # a town's head before a country is its adjective (أكبر مدينة سورية); العاصمة names its capital
    m.name_start = m.start
    m.start, m.cut = i, found[1]
    if not found[1]:
        m.start, m.cut = head_prefix(g, toks, i, m.start, m.cut)


def head_prefix(g: Gazetteer, toks: list[Tok], i: int, start: int, cut: int) -> tuple[int, int]:
    """Where a place mention whose head is token i starts: at a ``head-prefix`` word before it, which makes one
    head with it (شبه جزيرة القرم، بشبه جزيرة سيناء), with that word's proclitic; else (start, cut)."""
    if i <= 0:
        return start, cut
    for stem, prefix_cut in proclitic_readings(toks[i - 1].text):
        if stem in g.place_words.get("head-prefix", ()):
            return i - 1, prefix_cut
    return start, cut


# ---- names after a head noun no gazetteer knows (the rules' head-noun pass) ----------------------------

def place_name_extent(g: Gazetteer, toks: list[Tok], k: int, covered: dict[int, Match], limit: int = 2,
                       in_list: bool = False, later: bool = False, pair: bool = False,
                       region: bool = False) -> int:
    """Where a place name after a head noun ends (k when none): at most ``limit`` words, and
    after a head naming the place itself (``region``) a direction first (إقليم شمال كردفان). In a list,
    ``later`` items and the two of a pair (قريتي جملة وعابدين) may be lone rare or (pair) common words."""
    start = k
    quoted = k < len(toks) and toks[k].text in _QUOTES
    if quoted:
        k += 1
        start = k
    if k < len(toks) and not _may_open_place(g, toks[k]):
        return start
    openers = g.place_words.get("opener", frozenset())
    if region and k + 1 < len(toks) and toks[k].text in g.place_words.get("direction", ()):
        limit += 1
        openers = openers | {toks[k].text}
    while k < len(toks) and k - start < limit:
        t = toks[k]
        if k in covered or not t.is_word or t.text.isdigit() or t.text in g.nisba or (
                t.text in g.stopwords and not (k == start and t.text in openers)):
            break  # (a grammar word may open a place's name: أم قصر، ذي قار)
        if k > start and t.text.startswith("ال") and (t.text.endswith(("يتين", "يين", "يون", "يات"))
                                                    or (t.text.endswith("تين") and len(t.text) >= 8)):
            break  # قريتي جملة وعابدين الحدوديتين: a plural adjective after the names
        if k > start and t.text[0] == "و" and (in_list or known(g, t.text[1:]) or t.text[1:] in g.heads
                                               or _common_word((t.raw or t.text)[1:])):
            break  # in a list, a word glued to و opens the next item
        if t.text in g.heads or t.text in g.place_words.get("not-name", ()):
            break  # (جزيرة كريت الشهر الماضي: a time word ends the name)
        if k > start and t.text[0] == "ل" and len(t.text) > 4 and _common_word((t.raw or t.text)[1:]):
            break  # منطقة خاضعة لسيطرة: a preposition's phrase, not a name
        k += 1
    quoted = quoted or (k > start and toks[start].after_quote)
    untrimmed = k
    while not quoted and k > start and ((not definite(toks[k - 1].text)
                                         and toks[k - 1].text not in g.given_names  # الشيخ سعيد
                                         and _common_word(toks[k - 1].raw or toks[k - 1].text))
                                        or (k - 1 > start  # جزيرة القرم إليها: إليها looks definite
                                            and toks[k - 1].text not in g.given_names
                                            and not (toks[k - 1].raw or toks[k - 1].text).startswith("ال")
                                            and _common_word(toks[k - 1].raw or toks[k - 1].text, _VERY_COMMON_ZIPF))
                                        or (k - 1 > start and clitic_phrase(toks[k - 1].text))):
        if (pair and k - start == 1) or (k - start == 2 and toks[start].text in openers):
            break  # قريتي جملة وعابدين: two names announced, common words or not; أم قصر: a name's two words
        k -= 1  # no common indefinite word ends a name: منطقة مزدحمة بالمحتجين، مطار عسكري فيه، حي الأكواخ تابعة
    if k - start == 1 and not quoted and not pair and definite(toks[start].text) \
            and _common_word(toks[start].raw or toks[start].text, _VERY_COMMON_ZIPF):
        return start  # مدن البلاد، قرى المنطقة: a common noun of place, no name
    if k - start == 2 and not (quoted or pair) and toks[start].text not in g.place_words.get("name-noun", ()) \
            and not definite(toks[start].text) and definite(toks[start + 1].text) \
            and all(_common_word(t.raw or t.text) for t in toks[start:k]):
        return start  # منطقة سيطرة الجماعة، منطقة مسؤولية الدفاعات: two common nouns, no name
    indefinite = k > start and not any(definite(t.text) or quoted for t in toks[start:k])
    if indefinite and k - start >= 2 and not (later or pair) and _common_word(toks[start].raw or toks[start].text) \
            and all(_common_word(t.raw or t.text, _RARE_NAME_ZIPF) for t in toks[start:k]) \
            and toks[start].text not in openers:
        return start  # مدينة استراتيجية ليبية: a common noun and its adjective, no rare word of a name
    if indefinite and k - start < 2:
        first = toks[start].raw or toks[start].text
        if pair and not _common_word(first, _VERY_COMMON_ZIPF):
            return k
        ended = k >= len(toks) or not toks[k].is_word or toks[k].text in g.place_words.get("not-name", ())
        rare = not _common_word(first, _RARE_NAME_ZIPF + 0.5 if ended else _RARE_NAME_ZIPF)  # (جزيرة كريت،)
        if _common_word(first) or not (untrimmed > k or later or rare) or (not later and relational_adjective(first)):
            return start  # a lone indefinite word after a head is a common noun or adjective, not a name,
            # unless rare (حمورية، إينسبروك), next in a list (وتسيل) or followed by a common word; an adjective
            # of a word is no name, rare or not (منطقة حضرية، حقل نفطي)
    return k

def _may_open_place(g: Gazetteer, tok: Tok) -> bool:
    """Not a word of place (قرب الحدود), a head noun again (أحياء العاصمة، مطار المدينة: the one named
    before) nor a conjunction on a known word (وقاعدة وألوية، أحياء والسكان)."""
    word, raw = tok.text, tok.raw or tok.text
    if word in g.place_words.get("not-name", ()) or word in g.heads or _TANWEEN.search(raw):
        return False  # (وتلالًا: a word written with tanween is an indefinite noun, never a name)
    if word.startswith("ال") and (word[2:] in g.heads or "ال" + word[2:] in g.heads):
        return False
    if any(stem.endswith(_PRONOUNS) and stem[:-2] in g.place_words.get("noun", ()) for stem, _ in proclitic_readings(word)):
        return False  # بريفها: a place noun with a pronoun (its countryside), no name
    return not (len(word) > 3 and word[0] == "و" and (known(g, word[1:]) or word[1:] in g.heads
                                                     or _common_word(raw[1:], _RARE_NAME_ZIPF)))

def superlative(tok: Tok) -> bool:
    """An elative of the shape أفعل (أكبر، أهم، أبرز): before a plural head it takes one genitive, the whole the
    head's places belong to (ثاني أكبر مدن كشمير، أكبر موانئ اليمن), not a list of names."""
    raw = tok.raw or tok.text
    return raw[:1] == "أ" and len(raw) in (3, 4) and raw.isalpha()


def list_items(g: Gazetteer, toks: list[Tok], k: int, covered: dict[int, Match],
                pair: bool = False, single: bool = False) -> list[tuple[int, int]]:
    """Names after a plural head: "الفردوس وبستان القصر والزبدية", "بستان القصر، الكلاسة، وتل الزرارير";
    names the gazetteer knows are passed over (مدن وبلدات عربين وزملكا وحزة). ``single``: one name only (after
    a ``superlative``: أكبر مدن كشمير، لتصدم — what follows the comma is no item)."""
    items: list[tuple[int, int]] = []
    seen = 0
    if k < len(toks) and toks[k].text[0] == "و" and g.heads.get(toks[k].text[1:], _NO_HEAD).role == "place-list":
        k += 1  # مدن وبلدات X: a second head
    while k < len(toks) and seen < (1 if single else 2 if pair else _MAX_LIST_ITEMS):
        separated = not seen
        while k < len(toks) and toks[k].text in _LIST_SEPARATORS and seen:
            k, separated = k + 1, True
        if k >= len(toks):
            break
        if separated and k in covered and covered[k].kind == "gazetteer" \
                and covered[k].entries[0].kind == "Place":
            k, seen = covered[k].stop, seen + 1
            continue
        original = toks[k]
        if seen and original.text[0] == "و" and len(original.text) >= 3:
            # the conjunction is glued to the next item: وبستان القصر
            toks[k] = Tok(original.text[1:], original.begin + 1, original.end)
            separated = True
        first = toks[k]
        if seen and not pair and not definite(first.text) and first.text not in g.place_words["name-noun"] \
                and _common_word(first.raw or original.raw[1:] or first.text):
            stop = k  # وحي الأكواخ، وأغلق الطريق: a common word (a verb) after the list ends it
        else:
            stop = place_name_extent(g, toks, k, covered, in_list=True, later=seen > 0, pair=pair) \
                if separated else k
        if stop == k:
            toks[k] = original
            break
        items.append((k, stop))
        k, seen = stop, seen + 1
    return items
