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

from kg.recognize.gazetteer import Entry, Gazetteer
from kg.recognize.spans import Match, Tok
from kg.text.tokens import proclitic_readings

_MAX_NUMBER_DIGITS = 3
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
            # روسيا البيضاء، أيرلندا الشمالية، حلب الشرقية: a place of its own, named by its part
            sites.append(Match(m.start, m.stop + 1, m.cut, [], "place", role="Region", key=m.entries[0].key))
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
