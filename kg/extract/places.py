"""Places: where an event happens, and what a communication event is about.

A place after a locative preposition in the trigger's clause, the most specific one (the
neighbourhoods of a list rather than their city); a definite place noun there (في المطار، داخل القطاع)
is the place named before with that noun; the object of a visit (بزيارة الرياض، تزور ميركل واشنطن) is
where the meeting is; a locative phrase opening the sentence («وفي دمشق،») sets the scene of its
clause; what a statement, meeting or appeal is *about* (لبحث الوضع في حلب، إن … في حلب) goes to
``about``. Physical events without a place in their clause take the scene of an earlier event of the
sentence, a locative place of the sentence, the last scene of the two sentences before (not a capital
named for its government: حكم نيودلهي), else the article's main city (:func:`assign_places`).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from kg.extract.alignment import Doc
from kg.extract.classes import COMMUNICATION, MILITARY, PHYSICAL
from kg.extract.targets import why
from kg.extract.triggers import Cand
from kg.lexicon import word_set
from kg.extract.words import (
    ABOUT_CLAUSE_CUES, ABOUT_NP_CUES, CLAUSE_BREAKS, COORD, LOCATIVE, PLACE_HEADS, PREPOSITIONS, SUBORDINATORS,
    n, strip_conj,
)

_FRONTED_OPENERS = frozenset({n("في"), n("وفي"), n("ففي")})
# why a place was taken after the trigger (kg explain)
LOCATIVE_PLACE = "place after a locative preposition in the clause"
VISITED = "the place visited (the object of a visit)"
STRUCK = "object of the verb of striking that describes the event"
NAMED_BEFORE = "a definite place noun (في المطار): the place named before with it"


def _place_ok(doc: Doc, mi: int) -> bool:
    """A place, not a country that backs the event (بدعم من روسيا) or controls the place (الخاضعة لسيطرة X)."""
    m = doc.mentions[mi]
    return m.kind == "Place" and doc.participates(mi)


def places_after(doc: Doc, start: int, end_limit: int, cls: str, stop_at_about: bool,
                 strike_verbs: frozenset[int] = frozenset()) -> tuple[list[int], int | None, str]:
    """Place mentions after a trigger in its clause: the first one governed by a locative preposition,
    or for a military event the object of a verb of striking that describes it (حملة عسكرية … استهدفت
    الحجر الأسود; ``strike_verbs``: where those verbs end), widened to the list of neighbourhoods it opens.
    Returns (places, token where an about-zone starts, the rule that found the places)."""
    if start >= len(doc.toks):  # the trigger is the last word of the text: nothing follows it
        return [], None, ""
    a, b = doc.sentence_range(start)
    b = min(b, end_limit)
    j = start
    steps = 0
    about_from = None
    while j < b and steps < 28:
        w = doc.word(j)
        if w in CLAUSE_BREAKS and w not in COORD:
            break
        if w in COORD:
            # a list continues after a comma (، وحى الصالحين), and so does the clause after an apposition
            # when the place follows (اجتماعا مع X، وزير الخارجية، في أنقرة); anything else ends the clause
            if j + 1 >= len(doc.toks):  # a comma that ends the text ends the clause
                break
            nxt = doc.word(j + 1)
            if not (nxt.startswith("و") and (nxt[1:] in PLACE_HEADS or doc.mention_at[j + 1] is not None)):
                if doc.mention_at[j + 1] is None and doc.time_at[j + 1] is None \
                        and not _locative_place_at(doc, j + 1) and not _apposition_then_place(doc, j, b) \
                        and not _adjunct_place(doc, j, b):
                    break  # (، الأحد، في الكرملين: a day in apposition does not end the clause either)
        if stop_at_about and (w in ABOUT_CLAUSE_CUES or w in ABOUT_NP_CUES) and doc.mention_at[j] is None:
            if w in ABOUT_CLAUSE_CUES or cls in ("Statement", "Appeal") or (cls == "Vote" and w == n("على")):
                about_from = j
                break
            # a topic noun phrase: skip it, a place after it is still the event's
            k = j
            j += 1
            while j < b and doc.word(j) not in PREPOSITIONS and doc.mention_at[j] is None and j - k < 4:
                j += 1
            continue
        mi = doc.mention_at[j]
        if mi is not None:
            ma, mb = doc.mention_toks[mi]
            if _place_ok(doc, mi):
                prep = doc.preposition_of(mi)
                if cls == "Meeting" and not prep and (ma == start or _after_person(doc, ma)):
                    return _place_list(doc, mi), about_from, VISITED  # بزيارة الرياض، تزور ميركل واشنطن
                if cls in COMMUNICATION and prep not in ("في", "ب") and not _said_from(doc, mi, prep):
                    pass
                elif not prep and ma in strike_verbs and cls in MILITARY:
                    return _place_list(doc, mi), about_from, STRUCK
                elif prep in LOCATIVE or prep in ("ل", "ب") or cls == "TakeControl" \
                        or (not prep and ma == start and cls in PHYSICAL  # اقتحام الحديدة، قصف حلب
                            and doc.mentions[mi].subtype != "Country"):  # not الغارات الروسية
                    return _place_list(doc, mi), about_from, LOCATIVE_PLACE
            j = mb
            steps += 1
            continue
        ant = _anaphoric_place(doc, j, cls)
        if ant is not None:
            return [ant], about_from, NAMED_BEFORE
        j += 1
        steps += 1
    return [], about_from, ""


_PLACE_ANAPHORS = word_set("place_anaphors")
_ARTICLE_PREFIXES = ("وبال", "وال", "فال", "بال", "لل", "ال", "و", "ب", "ل")


def _core(w: str) -> str:
    """A word without its conjunction, preposition and article (وبالمطار → مطار)."""
    for p in _ARTICLE_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


def _anaphoric_place(doc: Doc, j: int, cls: str) -> int | None:
    """في المطار، داخل المطار، بالقطاع: a definite place noun after a locative preposition, with no name
    after it, is the place named before with that noun (مطار الحديدة، مطار مدينة النجف، قطاع غزة): the
    nearest earlier place mention that is or follows it."""
    w = doc.word(j)
    if w in LOCATIVE and doc.word(j + 1).startswith("ال") and doc.mention_at[j + 1] is None:
        prep, k = w, j + 1
    elif w.startswith(("بال", "وبال")) and doc.mention_at[j] is None:
        prep, k = "ب", j
    else:
        return None
    head = _core(doc.word(k))
    if head not in _PLACE_ANAPHORS or doc.mention_at[k + 1] is not None or doc.word(k + 1).startswith("ال"):
        return None  # a name or an adjective follows: مطار X، القطاع العام
    if cls in COMMUNICATION and prep not in (n("في"), "ب"):
        return None
    for mi in range(len(doc.mentions) - 1, -1, -1):
        ma, _ = doc.mention_toks[mi]
        if ma >= k or not doc.is_place(mi):
            continue
        before = [_core(doc.word(ma - 1)), _core(doc.word(ma - 2)) if doc.word(ma - 1) in PLACE_HEADS else ""]
        if _core(doc.word(ma)) == head or head in before:
            return mi
    return None


def _after_person(doc: Doc, ma: int) -> bool:
    """A mention right after a person's name: the object after a verb's subject (تزور ميركل واشنطن)."""
    pi = doc.mention_at[ma - 1] if ma > 0 else None
    return pi is not None and doc.mentions[pi].kind == "Person" and doc.mention_toks[pi][1] == ma


def _locative_place_at(doc: Doc, j: int) -> bool:
    """في أنقرة، في مدينة إينسبروك: a locative preposition at token j, then a place (after a head noun)."""
    if doc.word(j) not in (n("في"), "ب") or j + 1 >= len(doc.toks):
        return False
    k = j + 1
    if doc.word(k) in PLACE_HEADS and k + 1 < len(doc.toks):
        k += 1
    mi = doc.mention_at[k]
    return mi is not None and doc.is_place(mi)


def _apposition_then_place(doc: Doc, j: int, b: int) -> bool:
    """، إليزابيث ثروسل، في جنيف: a short apposition between two commas (a name the recognizer missed, a
    title), then a place after a locative preposition."""
    for k in range(j + 1, min(b, j + 6)):
        if doc.word(k) in COORD:
            return _locative_place_at(doc, k + 1)
        if doc.word(k) in CLAUSE_BREAKS or doc.word(k) in PREPOSITIONS or doc.word(k) in SUBORDINATORS:
            return False
    return False


ADJUNCT_MAX = 12  # tokens of a phrase set off by commas that may hold the clause's place


def _adjunct_place(doc: Doc, j: int, b: int) -> bool:
    """قال X، خلال مؤتمر صحفي بسيول، إن …; أكد X، خلال زيارة إلى سيول الخميس، …: a phrase set off by commas
    that names where it was said (في/ب + a place, or the place visited) is part of the clause. It opens
    with a preposition (not a relative clause: ، والتي ستصل ذروتها في …)."""
    if doc.word(j + 1) not in PREPOSITIONS:
        return False
    for k in range(j + 1, min(b, j + ADJUNCT_MAX)):
        w = doc.word(k)
        if w in CLAUSE_BREAKS:
            return False
        mi = doc.mention_at[k]
        if mi is not None and doc.mention_toks[mi][0] == k and _place_ok(doc, mi):
            prep = doc.preposition_of(mi)
            return prep in (n("في"), "ب") or _said_from(doc, mi, prep)
    return False


def _said_from(doc: Doc, mi: int, prep: str) -> bool:
    """Where words were said from (في تصريحات من الرياض، في خطاب من البيت الأبيض، عبر اتصال بالفيديو من
    القدس) — a city or a site, not a country one comes from — or on a visit to (خلال زيارة لقبرص)."""
    a, _ = doc.mention_toks[mi]
    if prep == n("من"):
        return doc.mentions[mi].subtype != "Country"
    return prep in (n("إلى"), "ل") and any(strip_conj(doc.word(k)).startswith((n("زيار"), n("بزيار")))
                                           for k in range(max(0, a - 3), a))


def _place_list(doc: Doc, mi: int) -> list[int]:
    """A place and the places listed with it (أحياء الفردوس وبستان القصر والزبدية), most specific first."""
    out = [mi]
    _, b = doc.mention_toks[mi]
    j = b
    while j < len(doc.toks) and doc.sent_of[j] == doc.sent_of[b - 1]:
        w = doc.word(j)
        nxt = doc.mention_at[j]
        if w in COORD:
            j += 1
            continue
        if nxt is not None and doc.is_place(nxt) and nxt not in out:
            m = doc.mentions[nxt]
            first = doc.mentions[out[0]]
            if m.subtype == first.subtype or (first.subtype == "Neighbourhood" and m.key == first.part_of):
                if w.startswith("و") or doc.word(j - 1) in COORD:
                    out.append(nxt)
                    j = doc.mention_toks[nxt][1]
                    continue
                if first.subtype == "Neighbourhood" and m.key == first.part_of:
                    j = doc.mention_toks[nxt][1]
                    continue
            break
        core = w[1:] if w.startswith("و") else w
        if core in PLACE_HEADS or w in PLACE_HEADS or w.startswith("ال") and len(out) and j - b < 4:
            j += 1
            continue
        break
    # a city followed by its own neighbourhood: the neighbourhood is more specific
    return [p for p in out if not any(doc.mentions[q].part_of == doc.mentions[p].key for q in out if q != p)] or out


def places_before(doc: Doc, start: int, limit: int = 8) -> list[int]:
    a, _ = doc.sentence_range(start)
    j = start - 1
    steps = 0
    while j >= a and steps < limit:
        w = doc.word(j)
        if w in CLAUSE_BREAKS:
            break
        mi = doc.mention_at[j]
        if mi is not None and doc.is_place(mi) and doc.participates(mi):
            prep = doc.preposition_of(mi)
            if prep in LOCATIVE:
                return [mi]
        j -= 1
        steps += 1
    return []


def places_in_sentence(doc: Doc, i: int, exclude_from: int | None = None) -> list[int]:
    """Any place of the sentence (not in a name), nearest to token i, cities and neighbourhoods first."""
    a, b = doc.sentence_range(i)
    found = []
    for mi, (ma, mb) in enumerate(doc.mention_toks):
        if ma < a or ma >= b or not doc.is_place(mi) or not doc.participates(mi):
            continue
        if exclude_from is not None and ma >= exclude_from:
            continue
        if doc.preposition_of(mi) not in LOCATIVE and strip_conj(doc.word(ma - 1), 0) not in PLACE_HEADS:
            continue
        m = doc.mentions[mi]
        rank = 0 if m.subtype in ("Neighbourhood", "City", "Site") else 1
        found.append((rank, abs(ma - i) + (0 if ma > i else 2), mi))
    found.sort()
    return [found[0][2]] if found else []


def main_city(doc: Doc) -> int | None:
    """The article's most mentioned city (the dateline and capitals naming a government aside) in its most
    mentioned country, as its first mention: where its fighting happens when a sentence does not say (a report from Moscow about Syria)."""
    countries: Counter = Counter(m.country for m in doc.mentions if m.kind == "Place" and m.country)
    main_country = countries.most_common(1)[0][0] if countries else ""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for mi, m in enumerate(doc.mentions):
        if m.kind != "Place" or m.subtype not in ("City",):
            continue
        if m.begin < 60 and re.search(r"[:–|]", doc.article.text[m.end:m.end + 4]):
            continue  # dateline
        if _names_government(doc, mi):
            continue  # حكم نيودلهي: the government, not the place
        if main_country and m.country != main_country:
            continue
        counts[m.key] += 1
        first.setdefault(m.key, mi)
    if not counts:
        return None
    key, _ = sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]]))[0]
    return first[key]



def about_cue(doc: Doc, c: Cand) -> int | None:
    """Where the topic of a communication event starts (لبحث، بحث، إن، أن …) in its clause."""
    _, b = doc.sentence_range(c.start)
    for j in range(c.stop, min(b, c.stop + 25)):
        w = doc.word(j)
        if w in SUBORDINATORS:
            return None
        if w in ABOUT_CLAUSE_CUES and doc.mention_at[j] is None:
            return j
    return None


def about(doc: Doc, c: Cand, about_from: int | None) -> list[int]:
    """Places (and for statements, countries) in what a communication event is about."""
    a, b = doc.sentence_range(c.start)
    start = about_from if about_from is not None else (c.content if c.content is not None else None)
    if start is None:
        return []
    out = []
    for j in range(start, b):
        mi = doc.mention_at[j]
        if mi is not None and doc.is_place(mi) and mi not in out:
            out.append(mi)
            if len(out) >= 3:
                break
    return out


def _scene(doc: Doc, mi: int) -> bool:
    """A place named as where something is: governed by a locative preposition or a place head (في شوارع
    سريناغار), or listed with others (وميسان والنجف), not the genitive of a noun (حكم نيودلهي: a capital
    named for its government)."""
    a, _ = doc.mention_toks[mi]
    return doc.preposition_of(mi) in LOCATIVE or strip_conj(doc.word(a - 1), 0) in PLACE_HEADS \
        or doc.word(a)[:1] == "و" or doc.word(a - 1) in COORD


_GOVERNMENT_HEADS = word_set("government_heads")


def _names_government(doc: Doc, mi: int) -> bool:
    """نظام دمشق، لحكومة بغداد: a capital after a word for government names that government."""
    w = strip_conj(doc.word(doc.mention_toks[mi][0] - 1))
    return w in _GOVERNMENT_HEADS or (w[:1] in ("ل", "ب") and w[1:] in _GOVERNMENT_HEADS)


def previous_place(doc: Doc, c: Cand, cands: Sequence[Cand] = ()) -> list[int]:
    """The last scene (a city, neighbourhood or site) named in the two sentences before: the place of a
    physical event there, or a place named as where something is (:func:`_scene`)."""
    a, _ = doc.sentence_range(c.start)
    lo = doc.sent_toks[max(0, c.sentence - 2)][0]
    kept = [d for d in cands if not d.drop and lo <= d.start < a]
    scenes = {p for d in kept if d.cls in PHYSICAL for p in d.places}
    for j in range(a - 1, lo - 1, -1):
        mi = doc.mention_at[j]
        if mi is None or doc.mention_toks[mi][0] != j or not doc.is_place(mi) \
                or doc.mentions[mi].subtype not in ("City", "Neighbourhood", "Site"):
            continue
        if mi in scenes or _scene(doc, mi):
            return [mi]
    return []


FRONTED_MAX = 8  # tokens from the sentence's first word to the comma that ends a fronted locative phrase


def fronted_place(doc: Doc, i: int) -> list[int]:
    """وفي دمشق، التقى …: a locative phrase that opens the sentence and ends at a comma (a place, the
    places or directions that qualify it, a time) sets the scene of the clause right after it (not of
    what that clause reports: وفي موسكو، أعلن الكرملين أن الاتفاق …)."""
    a, _ = doc.sentence_range(i)
    if doc.word(a) not in _FRONTED_OPENERS:
        return []
    k = a + 1
    if strip_conj(doc.word(k)) in PLACE_HEADS:
        k += 1
    mi = doc.mention_at[k]
    if mi is None or not doc.is_place(mi) or not doc.participates(mi):
        return []
    j = doc.mention_toks[mi][1]
    while j < min(i, a + FRONTED_MAX):
        w = doc.word(j)
        if w in COORD:
            # the clause right after the comma, not what it reports (أن …) nor a later clause
            if any(doc.word(k) in CLAUSE_BREAKS or doc.word(k) in SUBORDINATORS or doc.word(k) in ABOUT_CLAUSE_CUES
                   for k in range(j + 1, i)):
                return []
            return [mi]
        if doc.mention_at[j] is None and doc.time_at[j] is None and w not in LOCATIVE and w not in PLACE_HEADS:
            return []
        j += 1
    return []


def assign_places(doc: Doc, c: Cand, cands: list[Cand]) -> None:
    """The event's places (and for communication events what they are about), each with its rule in
    ``c.why``: the clause after the trigger, else before it, else a fronted «وفي X،» of the sentence; a
    physical event with none takes the scene of an earlier event of its sentence, a locative place of the
    sentence, the last scene of the two sentences before, else the article's main city."""
    cls = c.cls
    # a verb of striking right after the event, with no other trigger between, describes it
    nxt = min((d for d in cands if d is not c and d.sentence == c.sentence and d.start >= c.stop),
              key=lambda d: d.start, default=None)
    strike_verbs = frozenset({nxt.stop}) if nxt is not None and nxt.pos == "verb" and nxt.cls in MILITARY \
        else frozenset()
    places, about_from, rule = places_after(doc, c.stop, len(doc.toks), cls, cls in COMMUNICATION, strike_verbs)
    if cls in COMMUNICATION and about_from is None:
        about_from = about_cue(doc, c)
    c.about_from = about_from
    if cls in COMMUNICATION:
        c.places = [p for p in places if about_from is None or doc.mention_toks[p][0] < about_from]
        c.about = about(doc, c, about_from)
    else:
        before = [] if places else places_before(doc, c.start)
        c.places = places or before
    why(c, "place", places, rule)
    why(c, "place", [p for p in c.places if p not in places], "place before the trigger in its clause")
    why(c, "about", c.about, "what follows إن / لبحث / بشأن")
    if not c.places:
        c.places = fronted_place(doc, c.start)
        why(c, "place", c.places, "a locative phrase opening the sentence (وفي X، …)")
    if not c.places and cls in PHYSICAL:
        scene = next((d.places for d in reversed(cands) if d is not c and d.sentence == c.sentence
                      and d.start < c.start and d.places and d.cls in PHYSICAL and not d.drop), None)
        for how, find in (("scene of an earlier event of the sentence", lambda: list(scene or [])),
                          ("a place of the sentence", lambda: places_in_sentence(doc, c.start)),
                          ("last scene of the two sentences before", lambda: previous_place(doc, c, cands)),
                          ("the article's main city", lambda: [m] if (m := main_city(doc)) is not None else [])):
            c.places = find()
            if c.places:
                why(c, "place", c.places, how)
                break
