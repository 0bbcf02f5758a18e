"""Modality: which trigger candidates are not events of their own, and why (:class:`Drop`), and which are
negated or future.

No event inside a name, a purpose (لوقف القصف، لإجراء محادثات), a topic (بشأن الانسحاب), a cause (جراء
قذائف), a request (طالب … بعقد اجتماع), a hypothesis (في حال، إما … أو) or a state (تحت سيطرة، مناطق
تسيطر عليها); a verb and its verbal noun in one clause (استعاد … السيطرة) are one event; negated (لم، لن،
عدم) and future (سـ، سوف، من المقرر) events are flagged, not dropped.
"""
from __future__ import annotations

from enum import StrEnum

from kg.extract.doc import Doc
from kg.extract.classes import ancestors, related_classes
from kg.extract.triggers import Cand, Reading, is_trigger_word, load_triggers
from kg.extract.words import (
    ADVERBIAL_AFTER, AVERTING, BELIEF, CAUSE_WORDS, CONDITIONALS, POSSIBILITY, PROSPECT_VERBS, CLAUSE_BREAKS, COMPLEMENTIZERS, CONCURRENT, COORD, CUE_BEFORE_MA, FORCE_VERBS, FUTURE_WORDS,
    GENERIC_AFTER, GENERIC_BEFORE, GOAL_HEADS, HABITUAL, HYPOTHESIS_STRONG, HYPOTHETICAL, IMMINENT, INTENTION, NAME_HEADS, NEGATIONS,
    NOUN_NEGATIONS, OTHER_STORY, PLACE_HEADS, PROSPECT_HEADS, PREPOSITIONS, PURPOSE_NOUNS, RELATIVES, STATE_BEFORE, STOP_NOUNS, SUBJECT_TO,
    SUBORDINATORS, TOPIC_WORDS, UNDER, n, strip_conj, words_of,
)
from kg.text.normalize import normalize_ar


class Drop(StrEnum):
    """Why a trigger candidate is not an event of its own ("" = kept)."""

    KEPT = ""
    HYPOTHETICAL = "hypothetical"  # في حال، إذا، لو، من المرجح، a prediction
    HABITUAL = "habitual"  # غالبا ما، عادة
    INTENTION = "intention"  # تسعى إلى السيطرة
    PURPOSE = "purpose"  # لوقف القصف، لإجراء محادثات
    TOPIC = "topic"  # بشأن الانسحاب، what talks are about
    CAUSE = "cause"  # جراء القصف (the cause is read for the agent of its effect)
    ADJECTIVE = "adjective"  # a trigger word used as an adjective
    NAME = "name"  # خطوط الاشتباك
    STATE = "state"  # تحت سيطرة، المناطق التي تسيطر عليها
    GOAL = "goal"  # معركة السيطرة على …
    IDIOM = "idiom"  # خروج الوضع عن السيطرة
    REQUESTED = "requested"  # طالب … بعقد اجتماع
    VERBAL_NOUN = "verbal-noun"  # استعاد … السيطرة: one event with its verb
    HOSTS_PURPOSE = "hosts-purpose"  # يجتمع للتصويت: the vote is the event
    SAME_PHRASE = "same-phrase"  # انعقاد الاجتماع
    CONCURRENT = "concurrent"  # اشتباكات تزامنا مع غارات: one attack
    EMBEDDED = "embedded"  # قال X إن Y «يعرب …»: one statement
    LEXICAL = "lexical"  # a lexicon condition (with=, needs=, place-object) is not met
    NO_SPEAKER = "no-speaker"  # a statement or appeal nobody makes
    REPORT_ONLY = "report-only"  # a source (monitor, agency) that only reports
    NO_PARTICIPANT = "no-participant"  # talks with no one, nowhere
    PROSPECT = "prospect"  # على وشك with no day of its own
    ATTRIBUTION = "attribution"  # قال المرصد إن 60 شخصا قتلوا: attribution, not a statement
    UNDATED = "undated"  # a war, a conflict the text gives no date of: background, not an event of the article
    GENERIC = "generic"  # أي ضربة، ضربة محتملة: any such event, a possible one
    OTHER_STORY = "other-story"  # «للمزيد: …»: the headline of another story, linked from this one
    POSSIBLE = "possible"  # قد تشهد معارك، قد توسع هجومها: what may happen
    THREATENED = "threatened"  # تهدد بشن هجوم، نخشى أن نرى معارك: what is feared or threatened
    CONDITIONAL = "conditional"  # سيستعيد الأراضي بالقوة إذا لزم الأمر، إن لم ترغب في وقوع اشتباك
    REASON = "reason"  # احتجاجا على القرار: why something else was done
    SAME_EVENT = "same-event"  # الضربات استهدفت مواقع: the verb tells what the strike that is its subject did


# drops that carry over to the noun right after (لإستعادة السيطرة)
CARRY_OVER = frozenset({Drop.PURPOSE, Drop.REQUESTED, Drop.TOPIC, Drop.CAUSE, Drop.HYPOTHETICAL, Drop.INTENTION,
                        Drop.GOAL})


def _clause_start(doc: Doc, i: int) -> int:
    a, _ = doc.sentence_range(i)
    j = i - 1
    while j >= a:
        if doc.word(j) in CLAUSE_BREAKS:
            return j + 1
        j -= 1
    return a


def flags(doc: Doc, c: Cand) -> None:
    """Negation, future, hypothesis, purpose, topic, cause, state."""
    a, _ = doc.sentence_range(c.start)
    w = doc.word(c.start)
    prev = doc.word(c.start - 1)
    prev2 = doc.word(c.start - 2)
    head = c.host if c.host is not None else c.start
    hp = doc.word(head - 1)
    if c.pos == "verb":
        if (prev in NEGATIONS and not (prev == "ما" and strip_conj(prev2, 0) in HABITUAL | CUE_BEFORE_MA)) \
                or (prev in ("قد", "لا") and prev2 in NEGATIONS):
            c.negated = True
        if prev in ("يعد", "تعد") and prev2 in NEGATIONS:
            c.negated = True
    else:
        # لم تسفر المفاوضات عن اتفاق: a verb of causing denies the result, not the event that is its subject
        subject_of_cause = c.host is not None and c.host_reading is not None \
            and "cause" in c.host_reading.trigger.flags and c.reading.proclitic[-1:] not in ("ب", "ل") \
            and prev not in PREPOSITIONS
        if prev in NOUN_NEGATIONS or (c.host is not None and hp in NEGATIONS and not subject_of_cause):
            c.negated = True
    tense = c.tense
    if c.host_reading is not None and c.host is not None and c.host < c.start:
        tense = c.host_reading.tense or tense
    clause = [doc.word(k) for k in range(max(a, _clause_start(doc, head) - 1), head)]
    if tense == "future" or "سوف" in clause[-3:] or any(x in FUTURE_WORDS for x in clause[-6:]):
        c.future = True
    if prev in ("لن",) or (c.host is not None and hp == "لن"):
        c.future = True
    # hypothesis: في حال، إذا، لو، إما … أو، من شأن، من المرجح
    window = [strip_conj(doc.word(k), 0) for k in range(max(a, head - 12), head)]
    if any(x in HYPOTHETICAL for x in window):
        if "حال" in window:
            k = window.index("حال")
            if k > 0 and window[k - 1] in ("في", "وفي", "فان", "وان"):
                c.drop = Drop.HYPOTHETICAL
        if any(x in HYPOTHESIS_STRONG or x in BELIEF for x in window) or \
                (prev == n("إما") or w.startswith(n("إما"))):
            c.drop = Drop.HYPOTHETICAL
        if prev == n("إما"):
            c.drop = Drop.HYPOTHETICAL
    if any(strip_conj(doc.word(k), 0) in HABITUAL for k in range(max(a, head - 3), head)):
        c.drop = c.drop or Drop.HABITUAL
    before = [strip_conj(doc.word(k), 0) for k in range(max(a, c.start - 4), c.start)]
    _possible_or_feared(doc, c, head)
    if c.pos == "noun" and any(x in INTENTION for x in before) and (prev == n("إلى") or prev in INTENTION):
        c.drop = c.drop or Drop.INTENTION
    if c.pos == "verb" and c.tense == "present" and c.reading.proclitic in ("ل", "ول", "فل"):
        c.drop = c.drop or Drop.PURPOSE  # لتفقد الموقع، ليتفاوض: what someone went to do
    if c.pos == "noun" and (prev in GENERIC_BEFORE or prev[1:] in GENERIC_BEFORE and prev[:1] in "وف" or doc.word(c.stop) in GENERIC_AFTER
                            or (doc.word(c.stop + 1) in GENERIC_AFTER and doc.mention_at[c.stop] is None)):
        c.drop = c.drop or Drop.GENERIC
    # إمكانية التوصل إلى اتفاق، الأمل في التوصل إلى اتفاق، خطر المواجهة: what may come, not what came
    lead = c.host if c.host is not None and c.host < c.start and c.start - c.host <= 3 else c.start
    if c.pos == "noun" and any(strip_conj(doc.word(k)).removeprefix("ب") in PROSPECT_HEADS
                               for k in range(max(a, lead - 3), lead)):
        c.drop = c.drop or Drop.HYPOTHETICAL
    if _other_story(doc, c):
        c.drop = Drop.OTHER_STORY
    if c.pos == "noun":
        r = c.reading
        # purpose: لوقف القصف، لإجراء محادثات، لإستعادة السيطرة (and the noun after a purpose noun)
        passive_host = c.host_reading is not None and "passive" in c.host_reading.trigger.flags
        # دفعت المعارك 45 ألف شخص للنزوح: after a verb of forcing, the ل-noun is what was done, not a purpose
        forced = any(strip_conj(doc.word(k), 0) in FORCE_VERBS for k in range(_clause_start(doc, c.start), c.start))
        if r.proclitic.endswith("ل") and c.cls != "Vote" and not passive_host and not forced:
            c.drop = c.drop or Drop.PURPOSE
        if prev.startswith("ل") and len(prev) > 3 and prev not in PREPOSITIONS and prev[1:3] != "ل" and \
                doc.mention_at[c.start - 1] is None and not is_trigger_word(prev):
            if prev.startswith("لل") or prev[1:] in PURPOSE_NOUNS or prev.startswith("لا"):
                c.drop = c.drop or Drop.PURPOSE
        if prev in TOPIC_WORDS or prev2 in TOPIC_WORDS and prev in STOP_NOUNS:
            c.drop = c.drop or Drop.TOPIC
        if prev in CAUSE_WORDS or (prev == "وقع" and prev2 == n("على")):
            c.drop = c.drop or Drop.CAUSE
        if prev in STOP_NOUNS:
            c.drop = c.drop or Drop.TOPIC
        if "adjective" in c.flags and prev.startswith("ال") and doc.is_word(c.start - 1) and r.definite:
            c.drop = c.drop or Drop.ADJECTIVE
        if prev in NAME_HEADS:
            c.drop = c.drop or Drop.NAME
        if prev in UNDER:
            c.drop = c.drop or Drop.STATE
        if prev in GOAL_HEADS:
            c.drop = c.drop or Drop.GOAL
        if any(_purpose_word(x) for x in before[-3:]):
            c.drop = c.drop or Drop.PURPOSE
    if "stative" in c.flags:
        if c.pos == "noun" and (prev in UNDER or prev.endswith(n("لسيطرة")) or prev in SUBJECT_TO
                                or doc.word(c.start - 2) in UNDER):
            c.drop = c.drop or Drop.STATE
        if c.pos == "noun" and prev.startswith("ل") and prev2 in SUBJECT_TO:
            c.drop = c.drop or Drop.STATE
        if c.pos == "noun" and any(x in STATE_BEFORE for x in before[-3:]):
            c.drop = c.drop or Drop.STATE
        if c.pos == "noun" and strip_conj(prev, 0) in PLACE_HEADS:
            c.drop = c.drop or Drop.STATE  # آخر مناطق سيطرتهم، مناطق سيطرة النظام: whose areas, not a takeover
        if c.pos == "verb" and c.tense in ("present",) and not c.future:
            c.drop = c.drop or Drop.STATE
        if c.pos == "verb" and doc.word(c.stop) in ("عليها", "عليه", "عليهم"):
            nxt = doc.mention_at[c.stop + 1] if c.stop + 1 < len(doc.toks) else None
            if nxt is not None and doc.is_actor(nxt):
                c.drop = c.drop or Drop.STATE
    if w.endswith(n("لسيطرة")) and prev in UNDER:
        c.drop = c.drop or Drop.STATE
    if c.pos == "noun" and _predicted(doc, c):
        c.drop = c.drop or Drop.HYPOTHETICAL
    if c.pos == "noun" and (doc.word(c.start - 1) == "وشك" or (c.host_reading is not None and normalize_ar(
            c.host_reading.trigger.forms[0]) in IMMINENT)):
        c.imminent = True
    # في مواجهة الحوثيين: a compound preposition ("against"), not a confrontation (في مواجهة مع X is one)
    if "preposition" in c.flags and c.pos == "noun" and not c.reading.definite and not c.reading.suffixed \
            and prev in ("في", "وفي") and doc.word(c.stop) != "مع":
        c.drop = c.drop or Drop.IDIOM
    # خروج الوضع عن السيطرة: "out of control", no one leaves and no one takes anything
    if c.cls == "TakeControl" and prev == "عن":
        c.drop = c.drop or Drop.IDIOM
    if any(doc.word(k) == "عن" and doc.word(k + 1) in (n("السيطرة"), n("سيطرة")) for k in range(c.stop, c.stop + 5)) \
            and c.cls in ("Displacement", "Withdrawal"):
        c.drop = c.drop or Drop.IDIOM


def _present_verb(doc: Doc, k: int) -> bool:
    """A present verb (تشهد، نرى، يشن), by its prefix: not a past form of the trigger lexicon (تعرض، تم)."""
    w = doc.word(k)
    if len(w) < 3 or w[0] not in "يتن" or doc.mention_at[k] is not None:
        return False
    lex = load_triggers()
    readings = lex.surfaces.get(w, []) + lex.support_surfaces.get(w, [])
    if any(r.pos == "verb" and r.tense == "past" for r in readings):
        return False
    return w[0] == "ي" or not (w.endswith("ت") or w.endswith("وا"))


def _possible_or_feared(doc: Doc, c: Cand, head: int) -> None:
    """قد + a present verb before the trigger (قد تشهد معارك) makes it possible; a verb of fearing or threatening
    (تهدد بشن هجوم، يخشى أن يحاول متظاهرون اقتحام) a prospect; a verb of denying or averting (نفت احتجازه، ألغى
    هجوما، متجنبين المواجهة) negates it; a condition after a future event (سيستعيد … إذا لزم الأمر), or إن لم
    before it, makes it a hypothesis; an accusative noun before على with no verb (، احتجاجا على) gives a reason."""
    a, b = doc.sentence_range(c.start)
    lead = c.host if c.host is not None and c.host < c.start and c.start - c.host <= 3 else c.start
    start = _clause_start(doc, lead)
    if c.pos == "verb" and c.tense == "present" and doc.word(c.start - 1) in POSSIBILITY and "speech" not in c.flags:
        c.drop = c.drop or Drop.POSSIBLE
    # أن يفاقم القتال أزمة، قد يؤدي القتال إلى: the event is the subject of what may come, and has come itself
    # (a noun with its own pronoun, قد توسع هجومها, is the verb's object)
    subject = c.pos == "noun" and c.reading.definite and not c.reading.suffixed and _present_verb(doc, lead - 1)
    if c.pos == "noun" and not subject and any(doc.word(k) in POSSIBILITY and _present_verb(doc, k + 1)
                                               for k in range(max(start, lead - 4), lead)):
        c.drop = c.drop or Drop.POSSIBLE
    # هدد الرئيس التركي رجب طيب أردوغان بتوسيع الهجوم: after a ب-verbal noun the threat reaches further back
    reach = 10 if doc.word(lead - 1).startswith("ب") and doc.mention_at[lead - 1] is None else 4
    if not subject and any(strip_conj(doc.word(k), 0) in PROSPECT_VERBS for k in range(max(start, lead - reach), lead)):
        c.drop = c.drop or Drop.THREATENED
    if any(strip_conj(doc.word(k), 0) in AVERTING for k in range(max(start, lead - 4), lead)):
        c.negated = True
    window = [strip_conj(doc.word(k), 0) for k in range(max(a, head - 12), head)]
    if any(x == "ان" and y == "لم" for x, y in zip(window, window[1:])):
        c.drop = c.drop or Drop.CONDITIONAL
    if c.future:
        for k in range(c.stop, min(b, c.stop + 10)):
            w = strip_conj(doc.word(k), 0)
            if w in CONDITIONALS and (w != "حال" or doc.word(k - 1) in ("في", "وفي")):
                c.drop = c.drop or Drop.CONDITIONAL
                break
    if c.pos == "noun" and c.host is None and not c.reading.definite and doc.word(c.start).endswith("ا") \
            and doc.word(c.stop) in ADVERBIAL_AFTER and (doc.word(c.start - 1) in COORD or c.reading.proclitic == "و"):
        c.drop = c.drop or Drop.REASON


def _other_story(doc: Doc, c: Cand) -> bool:
    """The trigger is on a line that opens with a link to another story (للمزيد: …، اقرأ أيضا: …)."""
    text = doc.article.text
    b = doc.toks[c.start].raw_begin
    line = text[text.rfind("\n", 0, b) + 1:b]
    head, colon, _ = line.partition(":")
    words = [strip_conj(w) for w in words_of(head)]
    return bool(colon) and 0 < len(words) <= 2 and words[0] in OTHER_STORY


def _predicted(doc: Doc, c: Cand) -> bool:
    """A noun that is the subject of a prediction (سقوط حلب سيعد ضربة، خسارة حلب ستشكل نكسة)."""
    lex = load_triggers()
    _, b = doc.sentence_range(c.start)
    for k in range(c.stop, min(b, c.stop + 3)):
        w = doc.word(k)
        if w in CLAUSE_BREAKS or w in COMPLEMENTIZERS:
            return False
        if w.startswith("س") and len(w) > 3 and w[1] in "يتن" and not lex.surfaces.get(w) \
                and doc.mention_at[k] is None:
            return True
    return False


def _purpose_word(w: str) -> bool:
    """لبحث، للسماح، لتمكين: a purpose (ل + verbal noun of a closed list)."""
    if w.startswith("لل"):
        return "ال" + w[2:] in PURPOSE_NOUNS or w[2:] in PURPOSE_NOUNS
    return w.startswith("ل") and w[1:] in PURPOSE_NOUNS


def _bare(w: str) -> str:
    """A word without its proclitics and article (وبالصواريخ -> صواريخ)."""
    for p in ("وبال", "فبال", "وال", "فال", "بال", "لل", "ال", "و", "ف", "ب"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


def check_lexical_conditions(doc: Doc, c: Cand) -> bool:
    trig = c.reading.trigger
    needs = trig.param("needs")
    if needs:
        _, b = doc.sentence_range(c.start)
        if not any(doc.word(k) == needs for k in range(c.stop, min(b, c.stop + 9))):
            return False
    with_ = trig.param("with")
    if with_:  # one word or several (صواريخ/قذائف), as written or with و ف ب ل ال before it
        _, b = doc.sentence_range(c.start)
        wanted = set(with_.split("/"))
        if not any(doc.word(k) in wanted or _bare(doc.word(k)) in wanted for k in range(c.stop, min(b, c.stop + 7))):
            return False
    not_ = trig.param("not")
    if not_:  # كشف هويته، أصيب بالسرطان: the trigger word in another sense
        _, b = doc.sentence_range(c.start)
        unwanted = set(not_.split("/"))
        if any(doc.word(k) in unwanted or _bare(doc.word(k)) in unwanted for k in range(c.stop, min(b, c.stop + 6))):
            return False
    if "people" in c.flags and not _people_near(doc, c):
        return False
    armed = trig.param("armed")
    if armed and _fighters_near(doc, c):
        c.cls = armed  # خرج أكثر من مئة مقاتل: fighters leaving (under a deal) are evacuated, not displaced
    if "place-object" in c.flags:
        _, b = doc.sentence_range(c.start)
        j = c.stop
        for _ in range(8):
            if j >= b:
                return False
            mi = doc.mention_at[j]
            if mi is not None:
                if doc.is_place(mi) and doc.preposition_of(mi) in ("", n("إلى")):
                    return True
                j = doc.mention_toks[mi][1]
                continue
            if doc.word(j) in PREPOSITIONS and doc.word(j)  != n("إلى"):
                return False
            j += 1
        return False
    return True


_PEOPLE = frozenset({"PopulationGroup", "ArmedGroup", "ArmedForce"})


def _people_near(doc: Doc, c: Cand) -> bool:
    """A number, a counted noun (مدنيين، عائلات) or a group of people within a few words of the trigger."""
    from kg.extract.measures import is_number_at, load_measures

    a, b = doc.sentence_range(c.start)
    nouns = load_measures().nouns
    for k in range(max(a, c.start - 4), min(b, c.stop + 6)):
        if c.start <= k < c.stop:
            continue
        mi = doc.mention_at[k]
        if mi is not None and (doc.mentions[mi].subtype in _PEOPLE or doc.mentions[mi].role == "civilians"):
            return True
        if is_number_at(doc, k) or doc.word(k) in nouns or strip_conj(doc.word(k)) in nouns:
            return True
    return False


def _fighters_near(doc: Doc, c: Cand) -> bool:
    """Fighters right after the trigger, counted or named (خرج مئات المقاتلين، خروج مسلحي الفصائل، فرت عناصر
    الميليشيات), or as its subject right before it (مقاتلو الفصائل بدأوا الخروج): not civilians alone."""
    from kg.extract.measures import load_measures

    a, b = doc.sentence_range(c.start)
    nouns = load_measures().nouns
    for k in range(max(a, c.start - 3), min(b, c.stop + 5)):
        if c.start <= k < c.stop:
            continue
        w = doc.word(k)
        if (w in CLAUSE_BREAKS or w in RELATIVES) and k >= c.stop:
            break  # غادروا المناطق التي يسيطر عليها المسلحون: the fighters of a relative clause do not leave
        mi = doc.mention_at[k]
        if mi is not None and k >= c.stop and doc.is_armed(mi) and doc.preposition_of(mi) in ("", n("من")):
            return True
        forms = {w, strip_conj(w), w.removeprefix("ال")}
        forms |= {f + "ن" for f in forms if f.endswith("و")}  # مقاتلو الفصائل: the construct of مقاتلون
        if any(nouns.get(f) == "fighters" for f in forms):
            return True
    return False


def relate_candidates(doc: Doc, cands: list[Cand]) -> None:
    """Drops that depend on the neighbouring candidates, before the arguments are read."""
    # what an appeal asks for has not happened (طالب مجلس الأمن بعقد اجتماع، دعت لإجراء محادثات)
    for i, c in enumerate(cands):
        if c.cls != "Appeal" or c.drop:
            continue
        for d in cands[i + 1:]:
            if d.sentence != c.sentence or any(doc.word(k) in SUBORDINATORS for k in range(c.stop, d.start)):
                break
            if d.cls in ("Statement", "Appeal") or d.pos != "noun":
                continue
            prev = doc.word(d.start - 1)
            if d.pos == "noun" and (d.reading.proclitic[-1:] in ("ب", "ل") or prev[:1] in ("ب", "ل")
                                    or prev == n("إلى")):
                d.drop = d.drop or Drop.REQUESTED
    # a noun right after a dropped one goes with it (لإستعادة السيطرة)
    for i, c in enumerate(cands[:-1]):
        d = cands[i + 1]
        if c.drop in CARRY_OVER \
                and d.pos == "noun" \
                and d.start - c.stop <= 1 and not d.drop:
            d.drop = c.drop
    # verb + its verbal noun in one clause: one event
    for i, c in enumerate(cands):
        if c.pos != "verb" or c.drop:
            continue
        for d in cands[i + 1:i + 3]:
            if d.pos == "noun" and d.sentence == c.sentence and d.start - c.stop <= 4 and not d.drop \
                    and related_classes(d.cls, c.cls) and not any(doc.word(k) in CLAUSE_BREAKS
                                                                  for k in range(c.stop, d.start)):
                d.drop = Drop.VERBAL_NOUN
                c.absorbed.append(d.start)
    # a meeting held for a vote or talks: the vote is the event (يجتمع مجلس الأمن للتصويت)
    for i, c in enumerate(cands):
        if c.cls != "Meeting" or "purpose-host" not in c.flags or c.drop:
            continue
        for d in cands[i + 1:i + 4]:
            if d.sentence == c.sentence and d.cls in ("Vote", "Negotiation") and d.start - c.stop <= 6 \
                    and d.reading.proclitic.endswith("ل"):
                d.drop = Drop.KEPT
                d.host, d.host_reading = c.start, Reading(c.reading.trigger, "verb", c.tense, False, "", False)
                d.future = d.future or c.future
                c.drop = Drop.HOSTS_PURPOSE
    # adjacent nouns of one class (انعقاد الإجتماع): one event
    for i, c in enumerate(cands[:-1]):
        d = cands[i + 1]
        if c.pos == "noun" and d.pos == "noun" and d.start == c.stop and c.cls == d.cls and not c.drop:
            d.drop = Drop.SAME_PHRASE



def after_arguments(doc: Doc, cands: list[Cand]) -> None:
    """Drops and merges that need the arguments: what talks are about, concurrent attacks."""
    from kg.extract.arguments import merge_lists

    for c in cands:
        if c.drop or c.cls not in ("Meeting", "Negotiation", "Vote", "Appeal") or c.about_from is None:
            continue
        for d in cands:
            if d.sentence == c.sentence and d.start > c.about_from and d.pos == "noun" and not d.drop \
                    and not any(doc.word(k) in SUBORDINATORS or doc.word(k) in COORD
                                for k in range(c.about_from, d.start)):
                d.drop = Drop.TOPIC
    # fighting "along with" air strikes, "amid" shelling: one attack (دارت اشتباكات … تزامنا مع غارات روسية)
    for c in cands:
        if c.drop or ancestors(c.cls)[-1] != "Attack":
            continue
        for d in cands:
            if d is c or d.drop or d.sentence != c.sentence or d.start <= c.stop or d.pos != "noun" \
                    or ancestors(d.cls)[-1] != "Attack" or d.start - c.stop > 14:
                continue
            between = [strip_conj(doc.word(k), 0) for k in range(c.stop, d.start)]
            if any(w in CONCURRENT for w in between) and not any(w in CLAUSE_BREAKS - COORD - {"وسط"}
                                                                   for w in between):
                common = next(x for x in ancestors(c.cls) if x in ancestors(d.cls))
                c.cls = common
                c.agents = merge_lists(c.agents, d.agents)
                c.targets = merge_lists(c.targets, [t for t in d.targets if t not in c.agents])
                c.places = c.places or d.places
                d.drop = Drop.CONCURRENT
    _verbs_of_their_subject(doc, cands)


def _verbs_of_their_subject(doc: Doc, cands: list[Cand]) -> None:
    """الضربات … استهدفت مواقع، 17 من الجرحى أصيبوا بالرصاص: a verb with no agent of its own after a noun of its
    family (Attack, Injury …) in its clause, with no other trigger between them, tells what that event did or how it
    happened: one event, the noun's."""
    from kg.extract.arguments import merge_lists

    for i, v in enumerate(cands):
        if v.pos != "verb" or v.drop or v.negated or v.cls in ("Statement", "Appeal"):
            continue
        prev = [d for d in cands[:i] if d.sentence == v.sentence and not d.drop]
        if not prev:
            continue
        nn = prev[-1]
        if nn.pos != "noun" or nn.negated or ancestors(nn.cls)[-1] != ancestors(v.cls)[-1] or v.start - nn.stop > 14 \
                or any(doc.word(k) in SUBORDINATORS or doc.word(k) in COMPLEMENTIZERS
                       or strip_conj(doc.word(k), 0).startswith("لكن") for k in range(nn.stop, v.start)):
            continue
        # الضربات التي نفذتها الولايات المتحدة مع فرنسا … استهدفت: agents named in a relative clause on the noun are
        # the noun's, not a subject of the verb of their own
        relative = any(doc.word(k) in RELATIVES for k in range(nn.stop, min(v.start, nn.stop + 3)))
        inside = [a for a in v.agents if nn.stop <= doc.mention_toks[a][0] < v.start]
        if v.agents and not (relative and set(v.agents) <= set(inside)):
            continue  # a subject of its own (وشن الحوثيون هجمات … استهدفت، واجتمع): the verb may be an event of its own
        for role, found in (("agent", v.agents), ("target", v.targets)):
            for mi in found:  # kg explain: the rule, through the verb that found it
                nn.why.setdefault((role, mi), f"by «{doc.word(v.start)}», the same event: {v.why.get((role, mi), '')}")
        nn.agents = merge_lists(nn.agents, v.agents)
        nn.targets = merge_lists(nn.targets, [t for t in v.targets if t not in nn.agents])
        nn.places = nn.places or v.places
        v.drop = Drop.SAME_EVENT
