"""Targets: whom an event is directed at or happens to (ضد / بحق / على X, the object of an active verb, the
victims before a passive verb), and whether a patient-class verb is active (an acting subject with an object
after it: اعتقلت قوات الأمن X). Used by :mod:`kg.extract.roles`."""
from __future__ import annotations

from kg.extract.alignment import Doc
from kg.extract.arguments import coordinated, merge_lists
from kg.extract.classes import PATIENT_SUBJECT
from kg.extract.measures import load_measures, skip_quantity
from kg.extract.triggers import Cand
from kg.extract.words import (
    CLAUSE_BREAKS, COMPLEMENTIZERS, COORD, NUMBER_WORDS, PLACE_HEADS, PREPOSITIONS, QUOTES, RELATIVES,
    SKIP_AFTER_VERB, SUBORDINATORS, n,
)


def targets(doc: Doc, c: Cand) -> None:
    _, b = doc.sentence_range(c.start)
    j = c.stop
    steps = 0
    while j < b and steps < 10:
        w = doc.word(j)
        if w in CLAUSE_BREAKS and w not in COORD:
            break
        mi = doc.mention_at[j]
        if mi is not None:
            if doc.is_actor(mi) and mi not in c.agents and mi not in c.speakers:
                prep = doc.preposition_of(mi)
                if not doc.participates(mi):
                    pass  # الخاضعة لسيطرة X، بدعم من X
                elif prep in ("ضد", "بحق") or (prep == n("على") and c.cls in ("Attack", "Airstrike", "Shelling",
                                                                             "Offensive", "Siege")):
                    got = [m for m in coordinated(doc, mi) if doc.participates(m)]
                    c.targets = merge_lists(c.targets, got)
                    why(c, "target", got, f"after {prep}")
                elif prep == n("إلى") and c.cls == "Appeal":
                    c.targets = merge_lists(c.targets, [mi])
                    why(c, "target", [mi], "addressee after إلى")
                elif not prep and c.pos == "verb" and c.cls in ("Appeal", "Attack", "Statement") and \
                        doc.mentions[mi].kind != "Place" or (not prep and c.cls == "Appeal"):
                    c.targets = merge_lists(c.targets, [mi])
                    why(c, "target", [mi], "object of the verb")
                elif prep == "من" and c.cls in PATIENT_SUBJECT:
                    c.targets = merge_lists(c.targets, [mi])
                    why(c, "target", [mi], "من after a patient class")
            j = doc.mention_toks[mi][1]
            steps += 1
            continue
        j += 1
        steps += 1
    # victims before a passive verb (60 شخصا قتلوا، 364 من مسلحي المعارضة … قتلوا)
    if c.cls in PATIENT_SUBJECT and c.pos == "verb" and c.reading.proclitic[:1] not in ("و", "ف"):
        a, _ = doc.sentence_range(c.start)
        agents_named = {m for p in doc.phrases if p.kind in ("agent", "done-by") for m in p.mentions}
        for j in range(c.start - 1, max(a, c.start - 8) - 1, -1):
            if doc.word(j) in CLAUSE_BREAKS - COORD or doc.word(j) in COMPLEMENTIZERS - {"من"}:
                break
            mi = doc.mention_at[j]
            if mi is not None and doc.is_actor(mi) and doc.preposition_of(mi) in ("من", "") and mi not in c.agents \
                    and doc.participates(mi) and mi not in agents_named:
                c.targets = merge_lists(c.targets, [mi])
                why(c, "target", [mi], "victims before a passive verb")


def why(c: Cand, role: str, mentions, rule: str) -> None:
    for mi in mentions:
        c.why.setdefault((role, mi), rule)


_ACTING = frozenset({"ArmedForce", "ArmedGroup", "Government", "Country"})


def acts(doc: Doc, subject: list[int]) -> bool:
    """Actors that arrest, kill or wound (forces, armed groups, governments), not the ones it happens to."""
    return all(doc.mentions[s].subtype in _ACTING or doc.mentions[s].role in ("government-forces",)
               for s in subject)


def object_after(doc: Doc, j: int) -> list[int] | None:
    """The object of an active verb starting at token j: a quantity, or an actor without preposition."""
    _, b = doc.sentence_range(min(j, len(doc.toks) - 1)) if doc.toks else (0, 0)
    while j < b and (doc.time_at[j] is not None or doc.word(j) in SKIP_AFTER_VERB):
        j += 1
    if j >= b:
        return None
    mi = doc.mention_at[j]
    if mi is not None:
        if doc.is_actor(mi) and not doc.preposition_of(mi) and doc.participates(mi):
            return coordinated(doc, mi)
        return None
    w = doc.word(j)
    q = skip_quantity(doc, j)
    if q == j and w.startswith("ال") and w[2:] in NUMBER_WORDS:
        q = j + 1  # المئات من …
    if q > j or w in load_measures().nouns:  # 41 شخصا، المئات من مسلحي …، مدنيين
        # the counted people, named: المئات من مسلحي تنظيم الدولة، 41 عنصرا من قوات النظام
        for k in range(max(q, j + 1), min(b, max(q, j + 1) + 3)):
            mi = doc.mention_at[k]
            if mi is not None:
                ok = doc.is_actor(mi) and doc.participates(mi) and doc.preposition_of(mi) in ("", "من")
                return coordinated(doc, mi) if ok else []
            if doc.word(k) in CLAUSE_BREAKS or doc.word(k) in PREPOSITIONS - {"من"}:
                break
        return []
    return None


def noun_object(doc: Doc, j: int) -> bool:
    """A bare noun right after a verb's subject (over dates and commas around them): the verb has an object,
    so it is active (a passive verb has none: اعتقل عناصر من قوات الأمن في …)."""
    _, b = doc.sentence_range(min(j, len(doc.toks) - 1)) if doc.toks else (0, 0)
    for _ in range(3):
        while j < b and (doc.time_at[j] is not None or doc.word(j) in SKIP_AFTER_VERB or doc.word(j) in COORD):
            j += 1
        # a place phrase before the object (اعتقلت الشرطة في ولاية كارناتاكا رجلا)
        k = j + 1 if j < b and doc.word(j) == n("في") else j
        k += k < b and doc.word(k) in PLACE_HEADS
        mi = doc.mention_at[k] if k < b else None
        if mi is None or not doc.is_place(mi) or doc.is_actor(mi) and k == j:
            break
        j = doc.mention_toks[mi][1]
    if j >= b or doc.mention_at[j] is not None:
        return False
    w = doc.word(j)
    return not (w in PREPOSITIONS or w in CLAUSE_BREAKS or w in COMPLEMENTIZERS or w in RELATIVES or w in QUOTES
                or w in SUBORDINATORS or not w[:1].isalpha() or w.startswith(("بال", "لل", "وال")))


def lam_object(doc: Doc, j: int) -> list[int]:
    """The لـ complement right after a genitive (اعتقال قوات الأمن لناشطين)."""
    mi = doc.mention_at[j] if j < len(doc.toks) else None
    if mi is not None and doc.is_actor(mi) and doc.preposition_of(mi) == "ل" and doc.participates(mi):
        return coordinated(doc, mi)
    return []
