"""Parties: who meets, talks or agrees with whom, named around the event in its clause.

* after بين / مع (or بـ after a meeting verb) the parties follow, coordinated (بين الأسد والرئيس الإيراني);
* a بين list goes on past a parenthesis or a relative clause describing a party, to the parties joined by و
  and the names after it (بين وزراء داخلية النمسا التي … هيربرت كيكل … وإيطاليا ماتيو سالفيني);
* a delegation from a body (التقى X بوفد من Y، مع ممثلين عن Y) makes the body a party;
* X بحث مع نظيره Y في اتصال هاتفي: the subject of the verb before مع, and the party after it, take part
  in the call that follows في.
"""
from __future__ import annotations

from kg.extract.alignment import Doc
from kg.extract.arguments import coordinated, merge_lists, subject_after, subject_before
from kg.extract.triggers import Cand
from kg.extract.words import (
    ABOUT_CLAUSE_CUES, CLAUSE_BREAKS, COMPLEMENTIZERS, COORD, SKIP_AFTER_VERB, SUBORDINATORS, n, strip_conj,
)


PARTY_LINKS = frozenset({n("بين"), n("مع")})


def parties_before(doc: Doc, c: Cand) -> list[int]:
    """X بحث مجددا مع نظيره Y في مكالمة هاتفية: the subject of the verb before مع, and the party after مع."""
    a, _ = doc.sentence_range(c.start)
    maa = None
    for k in range(c.start - 2, max(a, c.start - 10) - 1, -1):
        w = doc.word(k)
        if w in CLAUSE_BREAKS - COORD or w in COMPLEMENTIZERS or w in SUBORDINATORS:
            return []
        if w == n("مع"):
            maa = k
            break
    if maa is None:
        return []
    party = next((m for k in range(maa + 1, c.start - 1) if (m := doc.mention_at[k]) is not None
                  and doc.is_actor(m) and doc.participates(m)), None)
    v = maa - 1
    while v > a and (doc.word(v) in SKIP_AFTER_VERB or doc.time_at[v] is not None):
        v -= 1
    if doc.mention_at[v] is not None:
        return []  # not a verb before مع
    subject = subject_before(doc, v) or subject_after(doc, v)
    if not subject or party is None:
        return []
    return merge_lists(subject, coordinated(doc, party))


def _more_between(doc: Doc, j: int, b: int) -> list[int]:
    """The further parties of a بين list past a description of the one before (بين وزراء داخلية النمسا التي
    تدافع عن خيار التشدد هيربرت كيكل (يمين متطرف) وإيطاليا ماتيو سالفيني): a name with no preposition, or
    an actor joined by و, up to the clause's end or a comma not followed by و."""
    out: list[int] = []
    k = j
    while k < min(b, j + 30):
        w = doc.word(k)
        if w in CLAUSE_BREAKS - COORD or w in SUBORDINATORS or w in ABOUT_CLAUSE_CUES \
                or w in COORD and not doc.word(k + 1).startswith("و"):
            break
        mi = doc.mention_at[k]
        if mi is None:
            k += 1
            continue
        joined = w.startswith("و") or doc.word(k - 1) == "و"
        if doc.is_actor(mi) and doc.participates(mi) and not doc.preposition_of(mi) \
                and (joined or doc.mentions[mi].kind == "Person"):
            out = merge_lists(out, [m for m in coordinated(doc, mi) if doc.is_actor(m)])
        k = doc.mention_toks[mi][1]
    return out


def _delegation(doc: Doc, k: int, linked: bool, c: Cand) -> bool:
    """Token k is an unnamed noun for people sent by a body (التقى X بمفتشين من منظمة Y، مع ممثلين عن Y): it
    follows بين / مع, or carries the بـ of a meeting verb; the body after من / عن is the party."""
    if k < 0 or doc.mention_at[k] is not None or doc.time_at[k] is not None:
        return False
    w = strip_conj(doc.word(k))
    return bool(w) and w[:1].isalpha() and (linked and doc.word(k - 1) in PARTY_LINKS
                                            or c.pos == "verb" and w[:1] == "ب" and len(w) > 3)


def partners(doc: Doc, c: Cand) -> list[int]:
    """The parties of a meeting, talks or an agreement named after بين / مع (or بـ after a verb) in its clause."""
    _, b = doc.sentence_range(c.start)
    j = c.stop
    linked = False  # past بين / مع: the parties follow (بين الأسد والرئيس الإيراني حسن روحاني)
    w_link = ""
    for _ in range(12):  # معارك عنيفة في محيط المطار منذ الصباح بين X و Y، مع رئيس الوزراء وزير الخارجية الأسبق، X
        if j >= b:
            break
        w = doc.word(j)
        if w in CLAUSE_BREAKS - COORD or w in SUBORDINATORS or w in ABOUT_CLAUSE_CUES:
            break
        if w in PARTY_LINKS and not linked:
            linked, w_link = True, w
        mi = doc.mention_at[j]
        if mi is not None:
            prep = doc.preposition_of(mi)
            delegates = prep in (n("من"), n("عن")) and _delegation(doc, doc.mention_toks[mi][0] - 2, linked, c)
            if doc.is_actor(mi) and doc.participates(mi) and (linked and prep not in (n("من"), n("عن")) or delegates
                                                              or prep in PARTY_LINKS
                                                              or prep == "ب" and c.pos == "verb"):
                found = [m for m in coordinated(doc, mi) if doc.is_actor(m)]
                if linked and w_link == n("بين") or prep == n("بين"):
                    found = merge_lists(found, _more_between(doc, doc.mention_toks[found[-1]][1], b))
                return found
            j = doc.mention_toks[mi][1]
            continue
        j += 1
    return []
