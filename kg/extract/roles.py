"""Roles: who is agent, target or speaker of each event, and where it happens.

For a verb, the subject before it (SVO) or after it (VSO); for a noun, its genitive, else its support
verb's subject; pro-drop military verbs take the armed actor before them. The subject of a
patient-subject class (Killing, Injury, Arrest) is its *target*; ``inverse`` verbs (فقدت) make it a
target; statements and appeals have speakers. Targets (ضد / بحق / على, objects of active verbs) come from
:mod:`kg.extract.targets`; military events with an agent and no target take the armed actor of the other
side. Places come from :mod:`kg.extract.places`, the parties of meetings, talks and agreements from
:mod:`kg.extract.parties`. A verb right after an indefinite statement noun describes it (بيانا يطالب X):
X is addressed, the statement's issuer speaks. Support phrases name allies (بدعم من X، مدعومة بغطاء جوي
روسي: the country of the adjective).
"""
from __future__ import annotations

from kg.extract.alignment import Doc
from kg.extract.arguments import (
    cause_agent, coordinated, genitive_after, mentions_between, merge_lists, preceding_actor, subject_after,
    subject_before,
)
from kg.extract.arguments import side as side_of
from kg.extract.classes import COMMUNICATION, MILITARY, PATIENT_SUBJECT
from kg.extract.parties import parties_before, partners
from kg.extract.places import assign_places
from kg.extract.targets import acts, lam_object, noun_object, object_after, targets, why
from kg.extract.triggers import Cand, load_triggers, match_at
from kg.extract.words import (
    ACTOR_HEADS, SPEAKS_FOR,
    ANAPHORA_SETTING, CAUSE_WORDS, CLAUSE_BREAKS, COMPLEMENTIZERS, COORD, LIST_OPENERS, PREPOSITIONS, LAUNCH_VERBS,
    NUMBER_WORDS, RELATIVES, SCALE_WORDS, TEMPORAL_LINKS, TOPIC_MARKERS, QUOTES, n, strip_conj,
)
from kg.text.normalize import normalize_ar


def arguments(doc: Doc, c: Cand, cands: list[Cand], trigger_at: dict[int, Cand]) -> None:
    """Agents, targets, speakers, places and what a communication event is about, each with its rule
    (``c.why``)."""
    if c.argued:
        return  # done, or being done (a cause that points back at its effect)
    c.argued = True
    cls = c.cls
    subject: list[int] = []
    rule = ""
    active_patient = False  # اعتقلت قوات النظام عشرات المدنيين: the subject of a patient class acts
    if c.pos == "verb":
        nxt = doc.word(c.stop)
        passive_number = cls in PATIENT_SUBJECT and (nxt[:1].isdigit() or nxt in NUMBER_WORDS)
        rel = next((k for k in range(c.start - 1, max(doc.sentence_range(c.start)[0], c.start - 4) - 1, -1)
                    if doc.word(k) in RELATIVES), None)
        opens_clause = c.reading.proclitic[:1] in ("و", "ف") and not _topic_answer(doc, c)
        before = subject_before(doc, c.start, cities=cls in ("Statement", "Appeal")) \
            if rel is None and not opens_clause else []
        after = [] if passive_number else subject_after(doc, c.start, cities=cls in ("Statement", "Appeal"))
        if before and after and doc.word(c.start - 1) in COORD and not _topic_answer(doc, c):
            before = []  # وردا على تصريحات X، قال Y: a verb opening a clause after a comma has its subject after it
        rule = "subject before the verb (SVO)" if before else "subject after the verb (VSO)" if after else ""
        if rel is not None and not after:
            # الجهاديين الذين كانوا قد استولوا عليها: the antecedent does it
            ante = doc.mention_at[rel - 1] if rel > 0 else None
            after = [ante] if ante is not None and doc.is_actor(ante) and doc.participates(ante) else []
            rule = "antecedent of the relative clause" if after else rule
            passive_number = True  # no guessing beyond the relative clause
        # SVO when an actor stands right before the verb, else VSO, else the actor before (pro-drop)
        subject = before or after
        described = _described_statement(doc, c, trigger_at) if cls in COMMUNICATION else None
        if described is not None:
            # تقرأ X بيانا يطالب إسرائيل بـ…: the verb describes the statement, whoever issued it speaks
            subject, rule = _issuer(doc, described, cands, trigger_at), "the issuer of the statement the verb describes"
        if not subject and not passive_number and cls in MILITARY and cls not in PATIENT_SUBJECT:
            # ضربات … استهدفت مواقع، إن الضربات استهدفت: the event noun before the verb is its subject
            noun = _event_noun_before(doc, c, cands, trigger_at)
            if noun is not None:
                subject, rule = list(noun.agents), f"agent of the {noun.cls} noun the verb continues"
        if not subject and not passive_number and cls in MILITARY:
            pa = preceding_actor(doc, c.start, armed_only=True)
            if pa is not None and cls not in PATIENT_SUBJECT:
                subject, rule = [pa], "armed actor before a verb without subject (pro-drop)"
        if cls in PATIENT_SUBJECT and subject and acts(doc, subject):
            obj = object_after(doc, max(c.stop, max(doc.mention_toks[s][1] for s in subject)
                                         if subject == after else c.stop))
            if obj is not None:
                active_patient = True
                c.targets = merge_lists(c.targets, obj)
                why(c, "target", obj, "object of an active verb")
            elif subject == after and noun_object(doc, max(doc.mention_toks[s][1] for s in subject)):
                active_patient = True  # اعتقلت قوات الأمن الإيرانية شقيقتها: a noun object, the verb is active
    else:
        nxt = trigger_at.get(c.stop)
        described_by = nxt is not None and nxt.pos == "verb" and not nxt.reading.proclitic \
            and not c.reading.definite and not c.reading.suffixed
        # مشروع بيان يدعو مجلس الأمن: a verb right after an indefinite noun describes it, no genitive between
        gen = [] if described_by else genitive_after(doc, c)
        hr = c.host_reading if c.host is not None else None
        if hr is not None and "cause" in hr.trigger.flags:
            # تسبب الهجوم بمقتل …: the agent of the causing event
            cause = next((d for d in cands if d.sentence == c.sentence and c.host < d.start < c.start
                          and d.cls not in COMMUNICATION), None)
            if cause is None:
                # مواجهات دامية أطلقت فيها X الرصاص …، أسفرت عن مقتل …: the event before the causing verb
                cause = next((d for d in reversed(cands) if d.sentence == c.sentence and c.host - 30 < d.start < c.host
                              and d.cls not in COMMUNICATION and d.cls not in PATIENT_SUBJECT), None)
            if cause is not None:
                if not cause.agents:
                    arguments(doc, cause, cands, trigger_at)
                if len({side_of(doc.mentions[m]) for m in cause.agents}) <= 1:  # not both sides of a clash
                    c.agents = list(cause.agents)
                    why(c, "agent", c.agents, "agent of the event that causes it")
            subject, rule = gen, "genitive of the noun"
        elif gen:
            subject, rule = gen, "genitive of the noun"
            if cls in PATIENT_SUBJECT and acts(doc, gen):
                # اعتقال قوات الأمن لناشطين: the genitive acts, the لـ complement undergoes
                obj = lam_object(doc, doc.mention_toks[gen[-1]][1])
                if obj:
                    active_patient = True
                    c.targets = merge_lists(c.targets, obj)
                    why(c, "target", obj, "لـ complement after an acting genitive")
        if hr is not None and "cause" in hr.trigger.flags:
            pass
        elif c.host is not None and hr is not None and "passive" in hr.trigger.flags:
            # تعرضت المدينة لقصف القوات الحكومية: the support verb's subject undergoes it
            undergo = subject_before(doc, c.host) or subject_after(doc, c.host)
            c.targets = merge_lists(c.targets, undergo)
            why(c, "target", undergo, "subject of a passive support verb (تعرض لـ)")
        elif gen:
            pass
        elif c.host is not None:
            if hr is not None and "object-agent" in hr.trigger.flags:
                obj = [mi for mi in mentions_between(doc, c.host + 1, c.start) if doc.is_actor(mi)
                       and doc.participates(mi)]
                subject, rule = (obj[-1:] if obj else []), "object of the support verb"
            else:
                talks = cls in ("Agreement", "Negotiation", "Meeting")  # توصلت دمشق والفصائل إلى اتفاق
                subject = subject_before(doc, c.host, cities=talks) or subject_after(doc, c.host, cities=talks)
                rule = "subject of the support verb"
                if not subject and cls in MILITARY:
                    pa = preceding_actor(doc, c.host, armed_only=True)
                    subject = [pa] if pa is not None else []
                    rule = "armed actor before the support verb (pro-drop)"
        elif cls in MILITARY and cls not in PATIENT_SUBJECT:
            pa = preceding_actor(doc, c.start, armed_only=True)
            subject, rule = ([pa] if pa is not None else []), "armed actor before the noun"
        if not subject and cls in ("Agreement", "Meeting", "Negotiation"):
            subject = _subject_of_verb_before(doc, c)
            rule = "subject of the verb whose object the noun is" if subject else rule
        if cls == "Appeal" and not subject and doc.word(c.stop) == "من":
            mi = doc.mention_at[c.stop + 1] if c.stop + 1 < len(doc.toks) else None
            if mi is not None and doc.is_actor(mi):
                subject, rule = coordinated(doc, mi), "من after an appeal"
        if cls in ("Meeting", "Negotiation") and c.reading.definite and not subject:
            # في ختام اللقاء، بعد الاجتماع: who acts in the clause took part in it
            if doc.word(c.start - 1) in ANAPHORA_SETTING or doc.word(c.start - 2) in ANAPHORA_SETTING:
                main = next((d for d in reversed(cands) if d.sentence == c.sentence and d.start < c.start
                             and d.pos == "verb" and d is not c), None)
                if main is not None:
                    if not (main.agents or main.speakers):
                        arguments(doc, main, cands, trigger_at)
                    subject, rule = list(main.speakers or main.agents), "participants of the clause's verb"
    # an agent phrase (من قبل X، على يد X، شنتها X) names the agent, whatever stands before
    phrase = _agent_phrase(doc, c, trigger_at)
    if phrase is not None and cls not in ("Statement", "Appeal"):
        agents = [m for m in phrase.mentions if m not in c.targets]
        if cls in PATIENT_SUBJECT or "inverse" in c.flags:
            c.targets = merge_lists(c.targets, [s for s in subject if s not in agents])
            why(c, "target", subject, rule)
        c.agents = merge_lists(c.agents, agents)
        why(c, "agent", agents, "agent phrase: " + doc.article.text[doc.toks[phrase.start].raw_begin:
                                                                    doc.toks[phrase.stop - 1].raw_end])
        subject = []
    # who is what
    if active_patient:
        c.agents = merge_lists(c.agents, subject)
        why(c, "agent", subject, rule + ", active: an object follows")
    elif "inverse" in c.flags or cls in PATIENT_SUBJECT:
        c.targets = merge_lists(c.targets, subject)
        why(c, "target", subject, rule + (", inverse verb" if "inverse" in c.flags else ", patient class"))
    elif cls in ("Statement", "Appeal"):
        c.speakers = merge_lists(c.speakers, subject)
        why(c, "speaker", subject, rule)
        c.agents = []
    else:
        c.agents = merge_lists(c.agents, subject)
        why(c, "agent", subject, rule)
    if cls in ("Meeting", "Negotiation") and not c.agents and c.pos == "noun" and doc.word(c.start - 1) == n("في"):
        # X بحث مع Y في اتصال هاتفي: who talks with whom, before the call
        parties = parties_before(doc, c)
        c.agents = merge_lists(c.agents, parties)
        why(c, "agent", parties, "parties of the verb before في")
    if cls in ("Meeting", "Negotiation", "Agreement", "Clash"):
        # بين X و Y، مع X، التقى X بـ Y: every party takes part (of clashes too: معارك بين X و Y)
        named = [p for p in partners(doc, c) if p not in c.agents]
        c.agents = merge_lists(c.agents, named)
        why(c, "agent", named, "party after بين / مع / بـ")
    if "inverse" in c.flags and not c.agents and c.targets:
        sides = {side_of(doc.mentions[t]) for t in c.targets}
        a, b = doc.sentence_range(c.start)
        for mi, (ma, mb) in enumerate(doc.mention_toks):
            if a <= ma < b and doc.is_armed(mi) and mi not in c.targets and doc.participates(mi):
                side = side_of(doc.mentions[mi])
                if side and side not in sides:
                    c.agents = [mi]
                    why(c, "agent", [mi], "armed actor of the other side (inverse verb)")
                    break
    escalate = c.reading.trigger.param("escalate")
    if escalate and _escalates(doc, c):
        c.cls = escalate
        cls = escalate
    armed_cls = c.reading.trigger.param("armed")
    if armed_cls and c.agents and all(doc.is_armed(a) for a in c.agents):
        c.cls = armed_cls
        cls = armed_cls
    # metonymy: a city that speaks (اعتبرت دمشق) or agrees (توصلت دمشق إلى اتفاق) is its government
    c.speakers = _states_of_cities(doc, c, c.speakers, "speaker")
    principal = _principal(doc, c) if cls in COMMUNICATION and c.speakers else None
    if principal is not None:
        c.speakers = merge_lists(c.speakers, [principal])
        why(c, "speaker", [principal], "whom the spokesman speaks for, named as the subject of what is said")
    c.agents = _states_of_cities(doc, c, c.agents, "agent")
    # a possessive on an event noun (ببسط سيطرتها، هجومه): the actor it refers back to, the clause's subject
    if c.pos == "noun" and c.reading.suffixed and _possessive(doc, c) and not c.agents and not c.speakers \
            and not c.targets and cls not in COMMUNICATION and cls not in PATIENT_SUBJECT:
        pa = preceding_actor(doc, c.start)
        if pa is not None and pa not in c.places and doc.mentions[pa].subtype != "MediaOutlet":
            c.agents = [pa]
            why(c, "agent", [pa], "the actor a possessive pronoun refers to")

    if cls == "Protest" and not c.agents:
        crowd = _protesters(doc, c)
        c.agents = crowd
        why(c, "agent", crowd, "the protesters the article names")
    # targets
    if cls not in ("Statement",):
        targets(doc, c)
    # killing with no agent: who attacks in the same sentence (عندما اقتحم الجيش السوري)
    if cls in PATIENT_SUBJECT and not c.agents:
        for d in cands:
            if d is c or d.sentence != c.sentence or d.cls in COMMUNICATION or d.cls in PATIENT_SUBJECT:
                continue
            if d.drop and d.drop != "cause":
                continue
            lo, hi = sorted((c.start, d.start))
            if any(doc.word(k) in CLAUSE_BREAKS and doc.word(k) not in TEMPORAL_LINKS for k in range(lo, hi)):
                continue
            if d.start > c.start or doc.word(d.start - 1) in CAUSE_WORDS or d.drop == "cause":
                if not d.agents:
                    arguments(doc, d, cands, trigger_at)
                if d.agents:
                    c.agents = list(d.agents)
                    why(c, "agent", c.agents, f"agent of the {d.cls} of the same clause")
                    break
        if not c.agents:
            cause = cause_agent(doc, c)
            if cause:
                c.agents = cause
                why(c, "agent", cause, "actor of the cause (جراء، بسبب)")
    # military events with an agent and no target: the armed actor of the other side in the sentence
    if cls in MILITARY and c.agents and not c.targets and cls not in ("Withdrawal", "Killing", "Surrender"):
        agent_roles = {side_of(doc.mentions[a]) for a in c.agents}
        a, b = doc.sentence_range(c.start)
        for mi, (ma, mb) in enumerate(doc.mention_toks):
            if a <= ma < b and doc.is_armed(mi) and mi not in c.agents and doc.participates(mi):
                side = side_of(doc.mentions[mi])
                if side and agent_roles and side not in agent_roles and "" not in agent_roles:
                    c.targets.append(mi)
                    why(c, "target", [mi], "armed actor of the other side in the sentence")
                    break

    assign_places(doc, c, cands)
    c.agents = [a for a in c.agents if a not in c.places or doc.mentions[a].subtype == "Country"]
    if cls in MILITARY:
        for p, rule in _support_phrases(doc, c, cands):
            found = [m for m in p.mentions + p.countries if m not in c.agents and m not in c.targets
                     and (m not in c.places or m in p.countries)]
            c.allies = merge_lists(c.allies, found)
            why(c, "ally", found, rule + ": " + doc.article.text[doc.toks[p.start].raw_begin:
                                                                 doc.toks[p.stop - 1].raw_end])


def _support_phrases(doc: Doc, c: Cand, cands: list[Cand]):
    """The support phrases (بدعم من X، المدعومة من X، بإسناد من X) of the event's own clause, each with why: one
    that follows its agent (القوات المدعومة من X هاجمت، سيطرت القوات، بدعم من X، على) or its trigger (هجوم تدعمه X),
    or a prepositional one (ب…) in the clause of its verb with no other verb between. One that follows any
    other noun (المناطق الخاضعة لسيطرة الفصائل المدعومة من X) describes that noun, not the event."""
    a, b = doc.sentence_range(c.start)
    verb = c.host if c.host is not None else c.start  # a noun without a support verb: its own clause
    # the verbs and triggers of other clauses: a phrase after one of them is in its clause
    others = [d for d in cands if d is not c and not d.drop and d.host != verb]
    verbs = {d.start for d in others} | {d.host for d in others if d.host is not None}
    for p in doc.phrases:
        if p.kind != "support" or not a <= p.start < b:
            continue
        head = p.start - 1
        while head > a and doc.word(head) in COORD:
            head -= 1
        mi = doc.mention_at[head]
        if mi is not None and mi in c.agents and _one_clause(doc, p, c):
            yield p, "support phrase after the agent"
        elif c.start <= head < c.stop:
            yield p, "support phrase after the trigger"
        elif mi is None and strip_conj(doc.word(head)) in ACTOR_HEADS and not c.agents and c.pos == "verb" \
                and head in (c.stop, c.start - 1):
            yield p, "support phrase after the unnamed subject of the verb"
        elif mi is None and doc.word(p.start - 1) in COORD and strip_conj(doc.word(p.start))[:1] != "ب" \
                and p.start > c.stop and _one_clause(doc, p, c) and not any(k in verbs for k in range(c.stop, p.start)):
            yield p, "support phrase set off by a comma after its event"  # شن هجوما واسعا، مدعوما بغطاء جوي X
        elif strip_conj(doc.word(p.start))[:1] == "ب" and verb is not None and verb < p.start \
                and (mi is None or doc.fixed_role.get(mi) != "modifier") \
                and p.start - verb <= 20 and not any(k in verbs for k in range(verb + 1, p.start)) \
                and not any(doc.word(k) in CLAUSE_BREAKS and doc.word(k) not in COORD for k in range(verb, p.start)) \
                and not any(doc.word(k) in COORD for k in range(verb, head)):
            yield p, "prepositional support phrase in the clause of its verb"
        elif strip_conj(doc.word(p.start))[:1] == "ب" and verb is not None \
                and p.mentions and max(doc.mention_toks[m][1] for m in p.mentions) == verb:
            yield p, "prepositional support phrase right before its verb"


def _one_clause(doc: Doc, p, c: Cand) -> bool:
    """The phrase and the trigger are near, in one clause: commas only between them (a phrase set off by
    commas), no more than two, and no other break or complementizer (، أكد دبلوماسيون أن …)."""
    lo, hi = (p.stop, c.start) if p.stop <= c.start else (c.stop, p.start)
    words = [doc.word(k) for k in range(lo, hi)]
    return len(words) <= 15 and sum(w in COORD for w in words) <= 2 \
        and not any(w in CLAUSE_BREAKS and w not in COORD or w in COMPLEMENTIZERS for w in words)


def _subject_of_verb_before(doc: Doc, c: Cand) -> list[int]:
    """Verb, subject, object (رعت كل من X و Y اتفاقا، وقعت X و Y اتفاقا): the noun right after the actors
    that follow a verb opening its clause is that verb's object; the actors are its subject."""
    k = c.start - 1
    mi = doc.mention_at[k] if k >= 0 else None
    if mi is None or not doc.is_actor(mi) or doc.preposition_of(mi) or not doc.participates(mi):
        return []
    group = coordinated(doc, mi, forward=False)
    v = min(doc.mention_toks[g][0] for g in group) - 1
    a, _ = doc.sentence_range(c.start)
    while v > a and (doc.word(v) in LIST_OPENERS or doc.word(v) == "من" and doc.word(v - 1) in LIST_OPENERS):
        v -= 1  # كل من
    if v < a or doc.mention_at[v] is not None or doc.time_at[v] is not None:
        return []
    w = doc.word(v)
    if w in PREPOSITIONS or w in COMPLEMENTIZERS or w in CLAUSE_BREAKS or w in QUOTES or w in RELATIVES \
            or not w[:1].isalpha() or w.startswith("ال") or w.startswith("وال"):
        return []  # a noun, not a verb (بين X و Y، اتفاق X)
    subject = subject_after(doc, v)
    return subject if mi in subject else []


def _described_statement(doc: Doc, c: Cand, trigger_at: dict[int, Cand]) -> Cand | None:
    """The indefinite statement noun right before a verb without conjunction (بيانا يطالب، في رسالة تدعو): a
    noun with a verb after it is in no construct, the verb opens a clause that describes it, the noun is its
    subject."""
    if c.reading.proclitic:
        return None
    d = trigger_at.get(c.start - 1)
    if d is None or d is c or d.pos != "noun" or d.cls not in COMMUNICATION or d.reading.definite \
            or d.reading.suffixed or d.stop != c.start:
        return None
    return d


def _issuer(doc: Doc, d: Cand, cands: list[Cand], trigger_at: dict[int, Cand]) -> list[int]:
    """Who issues a statement noun: its own speakers, else the subject of the verb it is the object of, after
    that verb (أصدرت X بيانا) or before it, over at most three words between (X تقرأ بصوت مرتفع بيانا)."""
    if not d.speakers:
        arguments(doc, d, cands, trigger_at)
    if d.speakers:
        return list(d.speakers)
    vso = _subject_of_verb_before(doc, d)  # أصدرت منظمة العفو الدولية بيانا يطالب
    if vso:
        return vso
    a, _ = doc.sentence_range(d.start)
    for k in range(d.start - 1, max(a, d.start - 4) - 1, -1):
        w = doc.word(k)
        if doc.mention_at[k] is not None or w in CLAUSE_BREAKS or w in QUOTES or w in COMPLEMENTIZERS:
            return []
        found = subject_before(doc, k)
        if found:
            return found
    return []


def _protesters(doc: Doc, c: Cand) -> list[int]:
    """Who protests when the clause names no one: the protesters its sentence names, else the nearest the
    article named before it (descriptor actors of role ``protesters``: المتظاهرون، المحتجين)."""
    a, b = doc.sentence_range(c.start)
    found = [mi for mi, m in enumerate(doc.mentions) if m.role == "protesters"]
    here = [mi for mi in found if a <= doc.mention_toks[mi][0] < b]
    if here:
        return here[:1]
    before = [mi for mi in found if doc.mention_toks[mi][0] < c.start]
    return before[-1:]


def _escalates(doc: Doc, c: Cand) -> bool:
    """هجوم بدأته، شن هجوما، الهجوم البري المستمر، هجوم شامل: an offensive, not a single attack."""
    if c.host_reading is not None and ("start" in c.host_reading.trigger.flags
                                       or normalize_ar(c.host_reading.trigger.forms[0]) in LAUNCH_VERBS):
        return True
    _, b = doc.sentence_range(c.start)
    for k in range(c.stop, min(b, c.stop + 5)):
        w = strip_conj(doc.word(k), 0)
        if w in SCALE_WORDS or doc.word(k) in SCALE_WORDS:  # واسع: its و is not a conjunction
            return True
        rs, _ = match_at(doc, k + 1 if w in RELATIVES else k, load_triggers().support_surfaces)
        if rs and rs[0].pos == "verb" and ("start" in rs[0].trigger.flags
                                           or rs[0].trigger.forms[0] in LAUNCH_VERBS):
            return True  # الهجوم الذي بدأ، هجوم بدأته، الهجوم الذي تشنه
        if w in CLAUSE_BREAKS:
            break
    return False


def _event_noun_before(doc: Doc, c: Cand, cands: list[Cand], trigger_at: dict[int, Cand]) -> Cand | None:
    """The nearest military event noun before a verb without subject, in its sentence and with no actor
    named between them, that has agents (the verb goes on telling that event)."""
    a, _ = doc.sentence_range(c.start)
    for d in sorted((d for d in cands if d.sentence == c.sentence and d.start < c.start and d.pos == "noun"
                     and d.cls in MILITARY and d.cls not in PATIENT_SUBJECT), key=lambda d: -d.start):
        between = [m for m in mentions_between(doc, d.stop, c.start) if doc.is_actor(m)]
        if between or any(doc.word(k) in CLAUSE_BREAKS - COORD for k in range(d.stop, c.start)):
            return None
        if not d.agents:
            arguments(doc, d, cands, trigger_at)
        if d.agents:
            return d
    return None


def _possessive(doc: Doc, c: Cand) -> bool:
    """The trigger word ends with a possessive pronoun as written (سيطرتها، هجومهم; not the ة of سيطرة) that
    is its subject: its object follows on على / ضد (هجومها على الغوطة; but ضربها 'striking it')."""
    tok = doc.toks[c.stop - 1] if c.reading.rest else doc.toks[c.start]
    raw = doc.article.text[tok.raw_begin:tok.raw_end]
    if not (raw.endswith(("ها", "هم", "هما", "هن")) or (raw.endswith("ه") and len(raw) > 3)):
        return False
    return doc.word(c.stop) in (n("على"), n("ضد"))


def _states_of_cities(doc: Doc, c: Cand, found: list[int], role: str) -> list[int]:
    """A city in a role that only a state plays is its government (or its country)."""
    fixed = []
    for s in found:
        m = doc.mentions[s]
        if m.subtype == "City":
            gov = doc.government_of(m.country, c.start)
            if gov is None and m.country:
                gov = doc.country_mention(m.country, c.start)  # واشنطن أعربت: the United States
            if gov is not None and gov not in fixed:
                fixed.append(gov)
                why(c, role, [gov], f"the state of a city that is the {role}")
            continue
        fixed.append(s)
    return fixed


def _topic_answer(doc: Doc, c: Cand) -> bool:
    """أما X، فأكد: the ف of a verb answers أما earlier in its sentence (X is its subject)."""
    if c.reading.proclitic[:1] != "ف":
        return False
    a, _ = doc.sentence_range(c.start)
    for k in range(c.start - 1, max(a, c.start - 16) - 1, -1):
        w = doc.word(k)
        if w in TOPIC_MARKERS or w[1:] in TOPIC_MARKERS and w[:1] == "و":
            return True
        if w in CLAUSE_BREAKS - COORD:
            return False
    return False


def _principal(doc: Doc, c: Cand) -> int | None:
    """قال المتحدث باسم الأمين العام للأمم المتحدة X، إن الأمين العام للأمم المتحدة Y «…»: the reported
    clause opens with the office the spokesman speaks for, then names its holder, who speaks through X."""
    a, b = doc.sentence_range(c.start)
    for s in c.speakers:
        if doc.mentions[s].kind != "Person":
            continue
        ma, mb = doc.mention_toks[s]
        k = next((k for k in range(ma - 1, max(a, ma - 8) - 1, -1) if doc.word(k) in SPEAKS_FOR), None)
        if k is None or k + 2 >= ma:
            continue
        office = [doc.word(k + 1), doc.word(k + 2)]
        j = next((j for j in range(mb, min(b, mb + 4)) if doc.word(j) in COMPLEMENTIZERS), None)
        if j is None or [doc.word(j + 1), doc.word(j + 2)] != office:
            continue
        t = j + 3
        while t < min(b, j + 10):  # over the rest of the office (للأمم المتحدة) to its holder
            mi = doc.mention_at[t]
            if mi is not None and doc.mentions[mi].kind == "Person":
                return mi if mi != s else None
            if mi is None and (doc.word(t) in CLAUSE_BREAKS or doc.word(t) in COMPLEMENTIZERS):
                return None
            t = doc.mention_toks[mi][1] if mi is not None else t + 1
    return None


def _agent_phrase(doc: Doc, c: Cand, trigger_at: dict[int, Cand]):
    """من قبل X، على يد X، برصاص X after the trigger in its clause (no other trigger between them), or
    شنتها X right after an event noun."""
    _, b = doc.sentence_range(c.start)
    for p in doc.phrases:
        if p.start < c.stop:
            continue
        if p.start >= b or p.start > c.stop + 10:
            break
        if any(doc.word(k) in CLAUSE_BREAKS - COORD or k in trigger_at for k in range(c.stop, p.start)):
            break
        if p.kind == "agent" or (p.kind == "done-by" and c.pos == "noun" and p.start <= c.stop + 3):
            return p
    return None
