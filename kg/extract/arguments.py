"""Arguments: the actors around a trigger, found by position in its clause.

* the subject after a verb (VSO, over titles, dates and قد) or before it (SVO, over قد, dates, a place
  phrase or a relative clause between commas), with coordinated actors (روسيا والولايات المتحدة);
* the genitive or لـ complement of an event noun (هجوم قوات النظام، الاجتماع الطارئ لمجلس الأمن), a
  country adjective (الغارات الروسية);
* the support verb that governs an event noun (شن هجوما، يعقد اجتماعا);
* an unnamed actor: a head noun and a country adjective (مصدر عسكري روسي).
Which of them is agent, target or speaker is decided in :mod:`kg.extract.roles`.
"""
from __future__ import annotations

from collections.abc import Sequence

from kg.extract.alignment import Doc
from kg.extract.clause import coordinated
from kg.extract.classes import ARMED
from kg.extract.measures import skip_quantity
from kg.extract.triggers import Cand, Reading, load_triggers, match_at
from kg.extract.words import (
    ACTOR_HEADS, AGENT_LINKS, CAUSE_WORDS, LIST_OPENERS, PERSON_TITLES, CLAUSE_BREAKS, COMPLEMENTIZERS, COORD, ORG_HEADS, PLACE_HEADS, PREPOSITIONS, QUOTES,
    RELATIVES, SKIP_AFTER_VERB, SUBORDINATORS, n, strip_conj, words_of,
)
from kg.lexicon import word_set
from kg.model import Mention
from kg.text.normalize import normalize_ar


DEMONSTRATIVES = word_set("demonstratives")  # هذه القوات: the actor named before


def with_affiliates(doc: Doc, mentions: list[int]) -> list[int]:
    out = []
    for mi in mentions:
        if mi not in out:
            out.append(mi)
        for aff in doc.affiliates.get(mi) or title_country(doc, mi):
            if aff not in out:
                out.append(aff)
    return out


def title_country(doc: Doc, mi: int) -> list[int]:
    """The country a person's title names when the recognizer kept the title apart (المندوبة الأمريكية لدى
    الأمم المتحدة نيكي هايلي): a title head, then a country adjective, before the name."""
    if doc.mentions[mi].kind != "Person":
        return []
    a, _ = doc.mention_toks[mi]
    lo, _ = doc.sentence_range(a)
    code = ""
    for k in range(a - 1, max(lo, a - 7) - 1, -1):
        w = doc.word(k)
        other = doc.mention_at[k]
        if other is not None and doc.mentions[other].kind == "Person" or w in QUOTES or w in COMPLEMENTIZERS:
            return []
        if other is None:
            code = doc.nisba_code(k) or code
            core = w[2:] if w.startswith("ال") else w
            if core in PERSON_TITLES or w in PERSON_TITLES:
                got = doc.country_mention(code, a) if code else None
                return [got] if got is not None else []
    return []


def head_nisba(doc: Doc, j: int, limit: int) -> tuple[int | None, int]:
    """An unnamed actor: a head noun (مسؤولين، مصدر، وزراء خارجية) and a country adjective or country after it."""
    lex = load_triggers()
    w = doc.word(j)
    core = w[1:] if w[:1] in "وف" and len(w) > 3 else w
    head_len = 0
    for hw, _ in lex.heads.items():
        L = len(hw)
        cand = tuple(doc.word(j + k) for k in range(L))
        if (cand == hw or (core,) + cand[1:] == hw) and L > head_len:
            head_len = L
    if not head_len:
        code = doc.nisba_code(j) if w.startswith("ال") or core.startswith("ال") else ""
        return (doc.country_mention(code, j) if code else None), j + 1
    k = j + head_len
    for _ in range(3):
        if k >= limit or doc.word(k) in COMPLEMENTIZERS or doc.word(k) in QUOTES or doc.word(k) in CLAUSE_BREAKS:
            break  # قالت مصادر إن المحتجين …: what is said is not the head's
        code = nisba_at(doc, k)  # مقاتلات حربية روسية: an indefinite adjective too
        if code:
            return doc.country_mention(code, j), k + 1
        mi = doc.mention_at[k]
        if mi is not None and doc.is_actor(mi) and not doc.preposition_of(mi) and doc.participates(mi):
            return mi, doc.mention_toks[mi][1]
        k += 1
    return None, j + head_len


def demonstrative_actor(doc: Doc, j: int) -> int | None:
    """هذه القوات، تلك الميليشيات at token j: the armed actor named before it in the article — the nearest whose
    name opens on that head noun, else the nearest of its kind (forces: a state's; militias, fighters: a group)."""
    if doc.word(j) not in DEMONSTRATIVES:
        return None
    head = strip_conj(doc.word(j + 1))
    head = head[2:] if head.startswith("ال") else head
    if head not in ACTOR_HEADS or doc.mention_at[j + 1] is not None:
        return None
    kind = "ArmedForce" if head == n("قوات") else None
    by_kind = None
    for mi in sorted(range(len(doc.mentions)), key=lambda m: -doc.mention_toks[m][0]):
        if doc.mention_toks[mi][1] > j or not doc.is_armed(mi) or not doc.participates(mi):
            continue
        first = strip_conj(words_of(doc.mentions[mi].anchor)[0]) if doc.mentions[mi].anchor else ""
        first = first[1:] if first[:1] in ("ل", "ب") and first[1:] in (head, "ال" + head) else first
        if first in (head, "ال" + head):
            return mi
        if by_kind is None and (kind is None and doc.mentions[mi].subtype != "ArmedForce"
                                or doc.mentions[mi].subtype == kind):
            by_kind = mi
    return by_kind


def subject_after(doc: Doc, v: int, stop_at_quote: bool = True, limit: int = 9, cities: bool = False) -> list[int]:
    """VSO: the actor right after a verb (over dates, قد, adverbs and a person's title)."""
    a, b = doc.sentence_range(v)
    j = v + 1
    steps = 0
    counted = False  # past a number: «من X» names the counted (سلم 2200 من المسلحين أنفسهم)
    while j < b and steps < limit:
        w = doc.word(j)
        if w in QUOTES or w in ("(", ")"):
            if stop_at_quote and w in QUOTES:
                return []
            j += 1
            continue
        if doc.time_at[j] is not None or w in SKIP_AFTER_VERB or w in COORD or w in LIST_OPENERS:
            j += 1  # اتفقت كل من X و Y: the list's names follow
            steps += 1
            continue
        q = skip_quantity(doc, j)
        if q > j:
            # فرّ اكثر من عشرة آلاف مدني: the counted noun is the subject
            steps += q - j
            j = q
            counted = True
            continue
        if j in doc.role_of:
            person = doc.role_of[j]
            return with_affiliates(doc, coordinated(doc, person))
        mi = doc.mention_at[j]
        if mi is not None:
            prep = doc.preposition_of(mi)
            if (doc.is_actor(mi) or cities and doc.mentions[mi].subtype == "City") \
                    and (not prep or prep == "من" and counted) and doc.participates(mi):
                got = with_affiliates(doc, coordinated(doc, mi))
                person = apposed_person(doc, doc.mention_toks[got[-1]][1]) \
                    if doc.mentions[mi].kind != "Person" and len(got) == 1 else None
                return got + [person] if person is not None and person not in got else got
            return []
        if counted and doc.word(j + 1) == "من" and w not in PREPOSITIONS and doc.mention_at[j + 2] is not None:
            j += 2  # خرج أكثر من مئة مقاتل من X: the counted noun, then the group they belong to
            steps += 1
            continue
        if w in PREPOSITIONS or w in COMPLEMENTIZERS:
            return []
        if (w in ORG_HEADS or w == "#") and j + 1 < b and (doc.word(j + 1) == "#" or doc.mention_at[j + 1] is not None
                                                            or j + 1 in doc.role_of):
            j += 1  # منظمة #العفو_الدولية: the head the recognizer left out of the name
            continue
        person, whose = titled_person(doc, j, b)
        if person is not None:
            got = with_affiliates(doc, coordinated(doc, person))
            return got + [w for w in whose if w not in got]
        person = title_antecedent(doc, j, b)
        person = surname_antecedent(doc, j) if person is None else person
        if person is not None:
            return with_affiliates(doc, [person])
        got, end = head_nisba(doc, j, b)
        if got is not None:
            near = doc.mention_toks[got][0]
            person = apposed_person(doc, max(end, doc.mention_toks[got][1]))
            if person is not None and person != got:
                return [got, person]  # رئيس هيئة الأركان الأميركية، الجنرال جوزيف دانفورد، …
            return coordinated(doc, got) if j <= near < j + 6 else [got]
        person = apposed_person(doc, j + 1) if w[:1].isalpha() and w not in CLAUSE_BREAKS else None
        return [person] if person is not None else []  # وقالت ابنته، X، إن: a noun, then the person between commas
    return []


def titled_person(doc: Doc, j: int, limit: int) -> tuple[int | None, list[int]]:
    """A title the recognizer did not join to the name after it (نظيرها الفرنسي فرانسوا دولاتر، المتحدثة باسم
    برنامج الأغذية العالمي بتينا لوشر): the person, and whom the title says they speak for (the country of its
    adjective, an organization named in it)."""
    w = doc.word(j)
    core = w[2:] if w.startswith("ال") else w
    if w not in PERSON_TITLES and core not in PERSON_TITLES:
        return None, []
    k = j + 1
    code = ""
    whose: list[int] = []
    while k < min(limit, j + 12):  # وزير الدولة لشؤون الإعلام الناطق الرسمي باسم الحكومة، X
        mi = doc.mention_at[k]
        if mi is not None:
            if doc.mentions[mi].kind == "Person":
                if doc.mention_toks[mi][0] != k:
                    return None, []
                country = doc.country_mention(code, k) if code else None
                return mi, whose + ([country] if country is not None and country not in whose else [])
            prep = doc.preposition_of(mi)
            if prep not in ("", "ب", "ل", "لدى", "في", n("إلى")):  # مبعوث الأمم المتحدة إلى سوريا X
                return None, []
            if doc.is_actor(mi) and prep in ("", "ل") and doc.participates(mi):
                whose.append(mi)  # مستشار الأمم المتحدة، المتحدثة باسم البرنامج: whom they speak for
            k = doc.mention_toks[mi][1]  # سفيرة الأميركية بالأمم المتحدة: the body of the title
            continue
        t = doc.word(k)
        if t in QUOTES or t in COMPLEMENTIZERS or t in CLAUSE_BREAKS - COORD or doc.time_at[k] is not None:
            return None, []
        code = code or doc.nisba_code(k)
        k += 1
    return None, []


def title_antecedent(doc: Doc, j: int, limit: int) -> int | None:
    """A title without a name (وقال وزير الدفاع البريطاني، وأضاف الرئيس) is the person named earlier in the
    article with that title: the nearest person before token j whose title has every word of this one, and no
    country adjective of another country."""
    w = doc.word(j)
    core = w[2:] if w.startswith("ال") else w
    if core not in PERSON_TITLES and w not in PERSON_TITLES:
        return None
    title = [core]
    k = j + 1
    while k < min(limit, j + 5):
        t = doc.word(k)
        other = doc.mention_at[k]
        if other is not None and doc.mentions[other].kind != "Person" and k not in doc.role_of:
            title.append(t[2:] if t.startswith("ال") else t)  # وزير الخارجية البريطاني: a ministry in the title
            k += 1
            continue
        if other is not None or k in doc.role_of:
            return None  # a name follows: titled_person's case, or another title
        if doc.time_at[k] is not None or t in QUOTES or t in COMPLEMENTIZERS or t in CLAUSE_BREAKS or t in COORD \
                or t in PREPOSITIONS or t in SKIP_AFTER_VERB or not t[:1].isalpha():
            break
        title.append(t[2:] if t.startswith("ال") else t)
        k += 1
    codes = {doc.nisba_code(i) for i in range(j, k)} - {""}
    for mi in sorted((mi for mi in range(len(doc.mentions)) if doc.mentions[mi].kind == "Person"
                      and doc.mention_toks[mi][1] <= j), key=lambda mi: -doc.mention_toks[mi][0]):
        words = [x[2:] if x.startswith("ال") else x for x in _title_words(doc, mi)]
        if not words:
            continue
        their = {c for x in words if (c := _nisba(doc, x))}
        if all(x in words or _nisba(doc, x) for x in title) and not (codes and their and not codes & their) \
                and (codes <= their or not their):
            return mi
    return None


def surname_antecedent(doc: Doc, j: int) -> int | None:
    """A word the recognizer left unnamed that is the last name of a person named before in the article
    (تيريزا ماي … وقالت ماي): that person, the nearest one."""
    w = doc.word(j)
    if len(w) < 3 or not w[:1].isalpha() or w.startswith("ال") or doc.time_at[j] is not None:
        return None
    for mi in range(len(doc.mentions) - 1, -1, -1):
        m = doc.mentions[mi]
        a, e = doc.mention_toks[mi]
        if m.kind == "Person" and e <= j and e - a >= 2 and doc.word(e - 1) == w:
            return mi
    return None


def nisba_at(doc: Doc, k: int, conj: bool = False) -> str:
    """The country of a country adjective at token k, definite or not (الروسية، روسية، أمريكي), and with a
    conjunction (والسورية) when ``conj``."""
    if k >= len(doc.toks):
        return ""
    mi = doc.mention_at[k]
    if mi is not None:  # وسورية: the adjective spelled as the country's name
        m = doc.mentions[mi]
        return m.country if conj and m.subtype == "Country" and doc.mention_toks[mi] == (k, k + 1) else ""
    w = doc.word(k)
    if conj and w[:1] == "و" and len(w) > 4:
        w = w[1:]
    code = doc.nisba.get(w, "")
    if not code and not w.startswith("ال") and len(w) > 3 and w[:1].isalpha():
        code = doc.nisba.get("ال" + w, "")
    return code


def _title_words(doc: Doc, mi: int) -> tuple[str, ...]:
    """The words of a person's title: the recognizer's, else those before the name from a title noun on
    (قال وزير الدفاع البريطاني غافن ويليامسن)."""
    m = doc.mentions[mi]
    if m.role:
        return words_of(m.role)
    a, _ = doc.mention_toks[mi]
    lo, _ = doc.sentence_range(a)
    start = None
    for k in range(a - 1, max(lo, a - 7) - 1, -1):
        w = doc.word(k)
        other = doc.mention_at[k]
        if other is not None and doc.mentions[other].kind == "Person" or doc.time_at[k] is not None or w in QUOTES or w in COORD \
                or w in COMPLEMENTIZERS or not w[:1].isalpha():
            break
        if w in PERSON_TITLES or w[2:] in PERSON_TITLES or w[1:] in PERSON_TITLES and w[:1] in "وف":
            start = k
    if start is None:
        return ()
    first = doc.word(start)
    first = first[1:] if first[:1] in "وف" and first[1:] in PERSON_TITLES else first
    return (first,) + tuple(doc.word(k) for k in range(start + 1, a))


def _nisba(doc: Doc, word: str) -> str:
    """The country of a country adjective written without its article (بريطاني، البريطانية)."""
    return doc.nisba.get(word) or doc.nisba.get("ال" + word) or ""


def apposed_person(doc: Doc, k: int) -> int | None:
    """The person named between commas right after a title or an organization (رئيس هيئة الأركان
    المشتركة، الجنرال جوزيف دانفورد، …): the one who acts."""
    if doc.word(k) not in COORD:
        if doc.word(k + 1) not in COORD or doc.mention_at[k] is not None or doc.time_at[k] is not None:
            return None
        k += 1  # one adjective before the comma (رئيس الحكومة المكلف، X)
    k += 1
    start = k
    while k < start + 4 and doc.mention_at[k] is None and k in doc.role_of:
        k += 1  # the person's own title (الجنرال)
    mi = doc.mention_at[k]
    if mi is None or doc.mentions[mi].kind != "Person" or doc.mention_toks[mi][0] != k:
        return None
    after = doc.mention_toks[mi][1]
    return mi if doc.word(after) in COORD else None


def subject_before(doc: Doc, v: int, limit: int = 14, cities: bool = False) -> list[int]:
    """SVO: the actor before a verb (over قد, dates, commas, a place phrase, a relative clause); with
    ``cities``, a capital opening the clause speaks (واشنطن أعربت)."""
    a, _ = doc.sentence_range(v)
    j = v - 1
    steps = 0
    while j >= a and steps < limit:
        w = doc.word(j)
        steps += 1
        if doc.time_at[j] is not None or w in ("قد", "لقد") or w in QUOTES or w in (")", "("):
            j -= 1
            continue
        if w in COORD:
            # a relative clause or apposition between commas: ، التي … ،
            k = j - 1
            while k >= a and doc.word(k) not in COORD and k > j - 12:
                k -= 1
            seg_first = k + 1
            if k >= a and doc.word(seg_first) in RELATIVES:
                j = k - 1 if doc.word(k) in COORD else k
                continue
            j -= 1
            continue
        mi = doc.mention_at[j]
        if mi is not None:
            ma, _ = doc.mention_toks[mi]
            if cities and doc.mentions[mi].subtype == "City" and not doc.preposition_of(mi) \
                    and (ma == a or doc.word(ma - 1) in COORD or doc.word(ma - 1) in COMPLEMENTIZERS) \
                    and doc.mention_toks[mi][1] == j + 1:
                return [mi]
            if doc.is_place(mi) and not doc.is_actor(mi):
                j = ma - 1
                # the preposition and head nouns of a place phrase
                while j >= a and (doc.word(j) in PREPOSITIONS or doc.word(j) in PLACE_HEADS
                                  or doc.word(j)[1:] in PLACE_HEADS or doc.word(j) in QUOTES):
                    j -= 1
                continue
            if doc.is_actor(mi) and not doc.participates(mi):
                j = ma - 1  # الخاضعة لسيطرة X، بدعم من X: not the subject
                continue
            if doc.is_actor(mi):
                prep = doc.preposition_of(mi)
                if prep in ("في", "ب") and doc.mentions[mi].subtype == "Country":
                    j = ma - 1
                    continue
                if prep:
                    return []
                return with_affiliates(doc, coordinated(doc, mi, forward=False))
            return []
        if j in doc.role_of:
            return with_affiliates(doc, [doc.role_of[j]])
        code = doc.nisba_code(j)
        if code and j - 1 >= a:
            got, _ = head_nisba(doc, j - 1, v)
            if got is not None:
                return [got]
        return []
    return []


def preceding_actor(doc: Doc, i: int, armed_only: bool = False, exclude: Sequence[int] = ()) -> int | None:
    a, _ = doc.sentence_range(i)
    for j in range(i - 1, a - 1, -1):
        mi = doc.mention_at[j]
        if mi is None or mi in exclude or not doc.is_actor(mi) or not doc.participates(mi):
            continue
        if armed_only and not doc.is_armed(mi):
            continue
        if doc.preposition_of(mi):
            continue
        return mi
    return None


def nearest_actor(doc: Doc, i: int, armed_only: bool = True, exclude: Sequence[int] = ()) -> int | None:
    a, b = doc.sentence_range(i)
    best, best_d = None, None
    for j in range(a, b):
        mi = doc.mention_at[j]
        if mi is None or mi in exclude or not doc.is_actor(mi) or not doc.participates(mi):
            continue
        if armed_only and not doc.is_armed(mi):
            continue
        d = abs(j - i) + (0 if j < i else 1)
        if best_d is None or d < best_d:
            best, best_d = mi, d
    return best


def genitive_after(doc: Doc, c: Cand) -> list[int]:
    """The genitive or لـ complement of an event noun (هجوم قوات النظام، الاجتماع الطارئ لمجلس الأمن)."""
    a, b = doc.sentence_range(c.start)
    j = c.stop
    adjectives = 0
    bare = indefinite_accusative(doc, c)  # بيانا يطالب إسرائيل: an indefinite noun has no genitive
    while j < b and adjectives <= 3:
        w = doc.word(j)
        mi = doc.mention_at[j]
        q = skip_quantity(doc, j)
        if doc.time_at[j] is not None or q > j:
            j = max(j + 1, q)
            continue
        ante = demonstrative_actor(doc, j) if adjectives == 0 else None
        if ante is not None:
            return [ante]  # منذ استعادة هذه القوات خمس محافظات: the forces named before
        if j in doc.role_of and adjectives == 0 and not bare:
            # زيارة وزير الخارجية الأمريكي مايك بومبيو: the genitive is a person with a title
            return with_affiliates(doc, [doc.role_of[j]])
        if mi is None and adjectives == 0 and not bare:
            person, whose = titled_person(doc, j, b)  # اعتراف الرئيس الأميركي، دونالد ترامب،
            if person is not None and any(doc.word(k) in COORD for k in range(j, doc.mention_toks[person][0] - 1)):
                person = None  # إعلان النائب العام، أصدر الملك X: a comma closes the genitive, a clause follows
            if person is not None:
                got = with_affiliates(doc, [person])
                return got + [w for w in whose if w not in got]
        if mi is not None:
            if doc.is_actor(mi) and doc.mentions[mi].subtype != "MediaOutlet" and doc.participates(mi):
                prep = doc.preposition_of(mi)
                if prep in ("ل", "لدى") or prep == "" and not bare or doc.word(j - 1) in ("قبل",) \
                        or doc.word(j - 1) == "يد":
                    return coordinated(doc, mi)
            return []
        if doc.time_at[j] is not None:
            j += 1
            continue
        if w in ("من", "قبل", n("على"), "يد") and doc.word(j + 1) in AGENT_LINKS:
            j += 1
            continue
        if w in COORD or w in QUOTES or w in PREPOSITIONS or w in RELATIVES:
            return []
        code = nisba_at(doc, j)
        if code:
            # الغارات الروسية، اتفاق أمريكي-روسي-أردني، الضربات الروسية والسورية: each country adjective
            got: list[int] = []
            while j < b and code:
                country = doc.country_mention(code, j)
                if country is not None and country not in got:
                    got.append(country)
                j += 1
                while j < b and doc.word(j) in ("-", "–", "و"):
                    j += 1
                code = nisba_at(doc, j, conj=True)
            return got
        if w.startswith("ال") or w.startswith("وال") or adjectives == 0 and not bare:
            adjectives += 1
            j += 1
            continue
        return []
    return []


def indefinite_accusative(doc: Doc, c: Cand) -> bool:
    """A one-word noun trigger written with the accusative alif of an indefinite noun (بيانا، هجوما، اتفاقا):
    no genitive follows it, an adjective or a clause describing it does."""
    r = c.reading
    if c.pos != "noun" or r.definite or r.suffixed or r.rest or c.stop != c.start + 1:
        return False
    w = strip_conj(doc.word(c.start))
    return len(w) > 3 and w.endswith("ا") and normalize_ar(w[:-1]) in {normalize_ar(f) for f in r.trigger.forms}


def host_of(doc: Doc, c: Cand) -> tuple[int | None, Reading | None]:
    """The support verb (or event verb) a noun trigger is the object of, in its clause."""
    lex = load_triggers()
    a, _ = doc.sentence_range(c.start)
    j = c.start - 1
    steps = 0
    while j >= a and steps < 14:
        w = doc.word(j)
        if w in (".", "؛", ";") or w in SUBORDINATORS:
            return None, None
        rs, _ = match_at(doc, j, lex.support_surfaces)
        if rs and (doc.word(j - 1) not in RELATIVES or "passive" in rs[0].trigger.flags):
            return j, rs[0]
        steps += 1
        j -= 1
    return None, None


def merge_lists(a: list[int], b: list[int]) -> list[int]:
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def side(m: Mention) -> str:
    """Which camp an armed actor fights in: the state's forces and their allies, the opposition, or its own."""
    if m.role == "coalition":
        return m.key  # a coalition fights beside the state's forces in one war and apart from them in another
    if m.role in ("government-forces", "government", "allied-militias", "security-forces") or m.subtype == "ArmedForce":
        return "government"
    if m.role in ("opposition",):
        return "opposition"
    if m.subtype in ARMED:
        return m.key
    return ""


def mentions_between(doc: Doc, a: int, b: int) -> list[int]:
    out = []
    for j in range(a, b):
        mi = doc.mention_at[j]
        if mi is not None and mi not in out:
            out.append(mi)
    return out


def cause_agent(doc: Doc, c: Cand) -> list[int]:
    """جراء قذائف الفصائل، بسبب قصف قوات النظام: the actor of the cause."""
    _, b = doc.sentence_range(c.start)
    for j in range(c.stop, min(b, c.stop + 14)):
        if doc.word(j) in CLAUSE_BREAKS - COORD:
            break
        if doc.word(j) in CAUSE_WORDS:
            for k in range(j + 1, min(b, j + 6)):
                mi = doc.mention_at[k]
                if mi is not None and doc.is_actor(mi):
                    return [mi]
    return []


