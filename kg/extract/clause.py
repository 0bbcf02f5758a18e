"""Clause phrases that fix an actor's role before any position is read (``kg/lexicons/roles.tsv``).

* ``modifier`` — the actor after الخاضعة لسيطرة / التي تسيطر عليها describes a place: not an agent,
  target or speaker of the clause's event;
* ``support`` — the actor after مدعومة من / بدعم من backs the event: an ally, not its agent or place; a
  country adjective in its place (بغطاء جوي روسي، بدعم من طائرات روسية) names the country that backs it,
  and so does a country's forces (بدعم من القوات التركية: Turkey too);
* ``agent`` — the actor after من قبل / على يد is the agent of the event before it;
* ``done-by`` — after an event noun, شنتها / نفذتها X: X is the noun's agent.

:func:`role_phrases` returns every such phrase of an article with the actor it governs (and the actors
coordinated with it); the alignment stage stores them on the :class:`~kg.extract.alignment.Doc`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract.words import ACTOR_HEADS, COMPLEMENTIZERS, COORD, PERSON_TITLES, PREPOSITIONS, QUOTES
from kg.lexicon import rows

if TYPE_CHECKING:
    from kg.extract.doc import Doc

CLITICS = ("ل", "ب")  # a phrase may end on a proclitic of the actor's first word (الخاضعة للمعارضة)


@dataclass(frozen=True)
class RolePhrase:
    kind: str  # modifier | support | agent | done-by
    start: int  # first token of the phrase
    stop: int  # first token after it (the actor's first token)
    mentions: tuple[int, ...]  # the actor named right after it, and those coordinated with it
    countries: tuple[int, ...] = ()  # support: the countries of the backers (a country adjective, a country's forces)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """First word -> ((kind, words), …), longest first."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for row in rows("roles.tsv"):
        words = row["words"]
        index.setdefault(words[0], []).append((row["kind"], words))
    return {k: tuple(sorted(v, key=lambda x: -len(x[1]))) for k, v in index.items()}


def _match(doc: Doc, i: int, words: tuple[str, ...]) -> int | None:
    """The token where the actor starts when ``words`` are read at token i, else None."""
    j = i
    for k, w in enumerate(words):
        t = doc.word(j)
        if k == 0 and t != w and t[:1] in ("و", "ف") and t[1:] == w:
            t = w
        last = k == len(words) - 1
        if t == w:
            j += 1
            continue
        if last and w in CLITICS and t.startswith(w) and len(t) > 2:
            return j  # the clitic is on the actor's own first token
        return None
    return j


def role_phrases(doc: Doc) -> list[RolePhrase]:
    index = _phrases()
    out: list[RolePhrase] = []
    for i in range(len(doc.toks)):
        w = doc.word(i)
        cands = index.get(w) or (index.get(w[1:]) if w[:1] in ("و", "ف") else None)
        if not cands or doc.mention_at[i] is not None:
            continue
        for kind, words in cands:
            stop = _match(doc, i, words)
            if stop is None or stop >= len(doc.toks) or doc.sent_of[stop] != doc.sent_of[i]:
                continue
            mi = doc.mention_at[stop]
            if mi is None and stop + 1 < len(doc.toks) and doc.word(stop) in ACTOR_HEADS:
                mi = doc.mention_at[stop + 1]  # بدعم من قوات X
            if mi is None and kind == "support":
                countries = _adjective_countries(doc, stop)
                if countries:
                    out.append(RolePhrase(kind, i, stop, (), countries))
                    break
            if mi is None or not doc.is_actor(mi):
                continue
            group = tuple(coordinated(doc, mi))
            countries = tuple(c for m in group if (c := _forces_country(doc, m)) is not None) if kind == "support" else ()
            out.append(RolePhrase(kind, i, stop, group, countries))
            break
    return out


def _adjective_countries(doc: Doc, j: int) -> tuple[int, ...]:
    """The countries named by the country adjectives of the few words after token j, up to a name, a
    comma or a preposition (بغطاء جوي روسي، بدعم من طائرات روسية وسورية): those the article names."""
    out: list[int] = []
    for k in range(j, min(len(doc.toks), j + 4)):
        if doc.sent_of[k] != doc.sent_of[j] or doc.mention_at[k] is not None:
            break
        w = doc.word(k)
        if w in COORD or w in QUOTES or w in PREPOSITIONS or w in COMPLEMENTIZERS or not w[:1].isalpha():
            break
        code = doc.nisba_code(k) or (doc.nisba.get("ال" + w, "") if not w.startswith("ال") else "")
        country = doc.country_mention(code, j) if code else None
        if country is not None and country not in out:
            out.append(country)
    return tuple(out)


def _forces_country(doc: Doc, mi: int) -> int | None:
    """The country whose armed forces a descriptor names (القوات التركية، الطيران الروسي), when the article names it."""
    m = doc.mentions[mi]
    if m.kind != "Organization" or m.subtype != "ArmedForce" or not m.country or not m.key.startswith("actor:"):
        return None
    return doc.country_mention(m.country, doc.mention_toks[mi][0])


def coordinated(doc: Doc, mi: int, forward: bool = True) -> list[int]:
    """A mention and the actors coordinated with it (X و Y، Z و W)."""
    out = [mi]
    a, b = doc.mention_toks[mi]
    if forward:
        j = b
        while j < len(doc.toks) and doc.sent_of[j] == doc.sent_of[a]:
            if doc.word(j) in COORD:
                j += 1
                continue
            nxt = doc.mention_at[j]
            if nxt is None and doc.word(j).startswith("و") and j in doc.role_of and doc.role_of[j] not in out:
                out.append(doc.role_of[j])  # X والرئيس التركي رجب طيب أردوغان: a title opens the next name
                j = doc.mention_toks[out[-1]][1]
                continue
            person = _titled_next(doc, j) if nxt is None and doc.word(j)[:1] == "و" else None
            if person is not None and person not in out:
                out.append(person)  # X والرئيس التركي Y: a title the recognizer left apart opens the next name
                j = doc.mention_toks[person][1]
                continue
            if nxt is None and doc.word(j)[:1] == "و" and doc.word(j)[1:] in ACTOR_HEADS:
                # X ومسلحي Y، X وقوات Y: a head noun the name leaves out opens the next actor
                head_of = doc.mention_at[j + 1]
                if head_of is not None and head_of not in out and doc.is_actor(head_of) \
                        and doc.mention_toks[head_of][0] == j + 1:
                    out.append(head_of)
                    j = doc.mention_toks[head_of][1]
                    continue
            if nxt is not None and nxt != out[-1] and doc.is_actor(nxt) and doc.word(j).startswith("و") \
                    and doc.mention_toks[nxt][0] == j:
                out.append(nxt)
                j = doc.mention_toks[nxt][1]
                continue
            if nxt is not None and nxt != out[-1] and doc.is_actor(nxt) and doc.word(j - 1) in COORD \
                    and doc.word(j - 2) != "" and doc.mention_at[j - 2] == out[-1] and not doc.preposition_of(nxt):
                # X، Y و Z: accept the comma list only when a و closes it further on
                out.append(nxt)
                j = doc.mention_toks[nxt][1]
                continue
            break
    else:
        # back over و (a proclitic or a word of its own) and commas: X، Y و Z، والنقابة W سيجتمعون
        while True:
            first = doc.mention_toks[out[-1]][0]
            k = first - 1
            joined = doc.word(first).startswith("و")
            if doc.word(k) == "و":
                joined, k = True, k - 1
            if not joined:
                break
            comma = doc.word(k) in COORD
            k -= comma  # X، وY
            if k < 0 or doc.sent_of[k] != doc.sent_of[a]:
                break
            prev = doc.mention_at[k]
            if prev is None or not doc.is_actor(prev) or prev in out or doc.mention_toks[prev][1] != k + 1 \
                    or comma and doc.preposition_of(prev):
                break
            out.append(prev)
            while True:  # X، Y، وZ: the bare names of a comma list before the last و
                pa = doc.mention_toks[out[-1]][0]
                if doc.word(pa).startswith("و") or doc.word(pa - 1) not in COORD or doc.word(pa - 1) == "و":
                    break
                before = doc.mention_at[pa - 2] if pa >= 2 else None
                if before is None or before in out or not doc.is_actor(before) or doc.preposition_of(before) \
                        or doc.mention_toks[before][1] != pa - 1 or doc.sent_of[pa - 2] != doc.sent_of[a]:
                    break
                out.append(before)
    # a person's title names who they speak for
    return out


def _titled_next(doc: Doc, j: int) -> int | None:
    """و + a person's title (والرئيس التركي، ووزير الخارجية الأمريكي) and the person named right after it, within
    four words with no other name, verb-like break or preposition between."""
    w = doc.word(j)[1:]
    core = w[2:] if w.startswith("ال") else w
    if core not in PERSON_TITLES:
        return None
    for k in range(j + 1, min(len(doc.toks), j + 5)):
        if doc.sent_of[k] != doc.sent_of[j]:
            return None
        mi = doc.mention_at[k]
        if mi is not None:
            m = doc.mentions[mi]
            return mi if m.kind == "Person" and doc.mention_toks[mi][0] == k else None
        t = doc.word(k)
        if t in COORD or t in QUOTES or t in PREPOSITIONS or t in COMPLEMENTIZERS or doc.time_at[k] is not None:
            return None
    return None
