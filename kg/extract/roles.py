"""Roles: who is agent, target or speaker of each event, and where it happens.

For a verb, the subject before it (SVO) or after it (VSO); for a noun, its genitive, else its support
verb's subject; pro-drop military verbs take the armed actor before them. The subject of a
patient-subject class (Killing, Injury, Arrest) is its *target*; ``inverse`` verbs (فقدت) make it a
target; statements and appeals have speakers. Targets follow ضد / بحق / على; military events with an
agent and no target take the armed actor of the other side. Places come from :mod:`kg.extract.places`.
"""
from __future__ import annotations

from kg.extract.alignment import Doc
from kg.extract.arguments import (
    cause_agent, coordinated, genitive_after, mentions_between, merge_lists, preceding_actor, subject_after,
    subject_before,
)
from kg.extract.arguments import side as side_of
from kg.extract.classes import COMMUNICATION, MILITARY, PATIENT_SUBJECT, PHYSICAL
from kg.extract.places import about, about_cue, main_city, places_after, places_before, places_in_sentence, \
    previous_place
from kg.extract.triggers import Cand, load_triggers, match_at
from kg.extract.words import (
    ANAPHORA_SETTING, CAUSE_WORDS, CLAUSE_BREAKS, COMPLEMENTIZERS, COORD, LAUNCH_VERBS, NUMBER_WORDS, RELATIVES, SCALE_WORDS,
    TEMPORAL_LINKS, strip_conj,
)
from kg.text.normalize import normalize_ar


def arguments(doc: Doc, c: Cand, cands: list[Cand], trigger_at: dict[int, Cand]) -> None:
    if c.argued:
        return  # done, or being done (a cause that points back at its effect)
    c.argued = True
    cls = c.cls
    subject: list[int] = []
    if c.pos == "verb":
        nxt = doc.word(c.stop)
        passive_number = cls in PATIENT_SUBJECT and (nxt[:1].isdigit() or nxt in NUMBER_WORDS)
        rel = next((k for k in range(c.start - 1, max(doc.sentence_range(c.start)[0], c.start - 4) - 1, -1)
                    if doc.word(k) in RELATIVES), None)
        opens_clause = c.reading.proclitic[:1] in ("و", "ف")
        before = subject_before(doc, c.start) if rel is None and not opens_clause else []
        after = [] if passive_number else subject_after(doc, c.start, cities=cls in ("Statement", "Appeal"))
        if rel is not None and not after:
            # الجهاديين الذين كانوا قد استولوا عليها: the antecedent does it
            ante = doc.mention_at[rel - 1] if rel > 0 else None
            after = [ante] if ante is not None and doc.is_actor(ante) else []
            passive_number = True  # no guessing beyond the relative clause
        # SVO when an actor stands right before the verb, else VSO, else the actor before (pro-drop)
        subject = before or after
        if not subject and not passive_number and cls in MILITARY:
            pa = preceding_actor(doc, c.start, armed_only=True)
            if pa is not None and cls not in PATIENT_SUBJECT:
                subject = [pa]
    else:
        gen = genitive_after(doc, c)
        hr = c.host_reading if c.host is not None else None
        if hr is not None and "cause" in hr.trigger.flags:
            # تسبب الهجوم بمقتل …: the agent of the causing event
            cause = next((d for d in cands if d.sentence == c.sentence and c.host < d.start < c.start
                          and d.cls not in COMMUNICATION), None)
            if cause is not None:
                if not cause.agents:
                    arguments(doc, cause, cands, trigger_at)
                c.agents = list(cause.agents)
            subject = gen
        elif gen:
            subject = gen
        elif c.host is not None:
            if hr is not None and "object-agent" in hr.trigger.flags:
                obj = [mi for mi in mentions_between(doc, c.host + 1, c.start) if doc.is_actor(mi)]
                subject = obj[-1:] if obj else []
            else:
                subject = subject_before(doc, c.host) or subject_after(doc, c.host)
                if not subject and cls in MILITARY:
                    pa = preceding_actor(doc, c.host, armed_only=True)
                    subject = [pa] if pa is not None else []
        elif cls in MILITARY and cls not in PATIENT_SUBJECT:
            pa = preceding_actor(doc, c.start, armed_only=True)
            subject = [pa] if pa is not None else []
        if cls == "Appeal" and not subject and doc.word(c.stop) == "من":
            mi = doc.mention_at[c.stop + 1] if c.stop + 1 < len(doc.toks) else None
            if mi is not None and doc.is_actor(mi):
                subject = coordinated(doc, mi)
        if cls in ("Meeting", "Negotiation") and c.reading.definite and not subject:
            # في ختام اللقاء، بعد الاجتماع: who acts in the clause took part in it
            if doc.word(c.start - 1) in ANAPHORA_SETTING or doc.word(c.start - 2) in ANAPHORA_SETTING:
                main = next((d for d in reversed(cands) if d.sentence == c.sentence and d.start < c.start
                             and d.pos == "verb" and d is not c), None)
                if main is not None:
                    if not (main.agents or main.speakers):
                        arguments(doc, main, cands, trigger_at)
                    subject = list(main.speakers or main.agents)
    # who is what
    if "inverse" in c.flags:
        c.targets = merge_lists(c.targets, subject)
    elif cls in PATIENT_SUBJECT:
        c.targets = merge_lists(c.targets, subject)
    elif cls in ("Statement", "Appeal"):
        c.speakers = merge_lists(c.speakers, subject)
        c.agents = []
    else:
        c.agents = merge_lists(c.agents, subject)
    if "inverse" in c.flags and not c.agents and c.targets:
        sides = {side_of(doc.mentions[t]) for t in c.targets}
        a, b = doc.sentence_range(c.start)
        for mi, (ma, mb) in enumerate(doc.mention_toks):
            if a <= ma < b and doc.is_armed(mi) and mi not in c.targets:
                side = side_of(doc.mentions[mi])
                if side and side not in sides:
                    c.agents = [mi]
                    break
    escalate = c.reading.trigger.param("escalate")
    if escalate and _escalates(doc, c):
        c.cls = escalate
        cls = escalate
    armed_cls = c.reading.trigger.param("armed")
    if armed_cls and c.agents and all(doc.is_armed(a) for a in c.agents):
        c.cls = armed_cls
        cls = armed_cls
    # metonymy: a city that speaks is its government (اعتبرت دمشق)
    fixed = []
    for s in c.speakers:
        m = doc.mentions[s]
        if m.subtype == "City":
            gov = doc.government_of(m.country, c.start)
            if gov is not None:
                fixed.append(gov)
            continue
        fixed.append(s)
    c.speakers = fixed

    # targets
    if cls not in ("Statement",):
        _targets(doc, c)
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
                    break
        if not c.agents:
            cause = cause_agent(doc, c)
            if cause:
                c.agents = cause
    # military events with an agent and no target: the armed actor of the other side in the sentence
    if cls in MILITARY and c.agents and not c.targets and cls not in ("Withdrawal", "Killing", "Surrender"):
        agent_roles = {side_of(doc.mentions[a]) for a in c.agents}
        a, b = doc.sentence_range(c.start)
        for mi, (ma, mb) in enumerate(doc.mention_toks):
            if a <= ma < b and doc.is_armed(mi) and mi not in c.agents:
                side = side_of(doc.mentions[mi])
                if side and agent_roles and side not in agent_roles and "" not in agent_roles:
                    c.targets.append(mi)
                    break

    # places
    stop_at_about = cls in COMMUNICATION
    start = c.stop
    limit = len(doc.toks)
    places, about_from = places_after(doc, start, limit, cls, stop_at_about)
    if cls in COMMUNICATION and about_from is None:
        about_from = about_cue(doc, c)
    c.about_from = about_from
    if cls in COMMUNICATION:
        c.places = [p for p in places if about_from is None or doc.mention_toks[p][0] < about_from]
        c.about = about(doc, c, about_from)
    else:
        c.places = places or places_before(doc, c.start)
    if not c.places and cls in PHYSICAL:
        scene = next((d.places for d in reversed(cands) if d is not c and d.sentence == c.sentence
                      and d.start < c.start and d.places and d.cls in PHYSICAL and not d.drop), None)
        c.places = list(scene or []) or places_in_sentence(doc, c.start) or previous_place(doc, c) or \
            ([main_city(doc)] if main_city(doc) is not None else [])
    c.agents = [a for a in c.agents if a not in c.places or doc.mentions[a].subtype == "Country"]


def _escalates(doc: Doc, c: Cand) -> bool:
    """هجوم بدأته، شن هجوما، الهجوم البري المستمر، هجوم شامل: an offensive, not a single attack."""
    if c.host_reading is not None and ("start" in c.host_reading.trigger.flags
                                       or normalize_ar(c.host_reading.trigger.forms[0]) in LAUNCH_VERBS):
        return True
    _, b = doc.sentence_range(c.start)
    for k in range(c.stop, min(b, c.stop + 5)):
        w = strip_conj(doc.word(k), 0)
        if w in SCALE_WORDS:
            return True
        rs, _ = match_at(doc, k + 1 if w in RELATIVES else k, load_triggers().support_surfaces)
        if rs and "start" in rs[0].trigger.flags and rs[0].pos == "verb":
            return True  # الهجوم الذي بدأ، هجوم بدأته
        if w in CLAUSE_BREAKS:
            break
    return False



def _targets(doc: Doc, c: Cand) -> None:
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
                if prep in ("ضد", "بحق") or (prep == "علي" and c.cls in ("Attack", "Airstrike", "Shelling",
                                                                           "Offensive", "Siege")):
                    c.targets = merge_lists(c.targets, coordinated(doc, mi))
                elif prep in ("الي", "الي") and c.cls == "Appeal":
                    c.targets = merge_lists(c.targets, [mi])
                elif not prep and c.pos == "verb" and c.cls in ("Appeal", "Attack", "Statement") and \
                        doc.mentions[mi].kind != "Place" or (not prep and c.cls == "Appeal"):
                    c.targets = merge_lists(c.targets, [mi])
                elif prep == "من" and c.cls in PATIENT_SUBJECT:
                    c.targets = merge_lists(c.targets, [mi])
            j = doc.mention_toks[mi][1]
            steps += 1
            continue
        j += 1
        steps += 1
    # victims before a passive verb (60 شخصا قتلوا، 364 من مسلحي المعارضة … قتلوا)
    if c.cls in PATIENT_SUBJECT and c.pos == "verb":
        a, _ = doc.sentence_range(c.start)
        for j in range(c.start - 1, max(a, c.start - 8) - 1, -1):
            if doc.word(j) in CLAUSE_BREAKS - COORD or doc.word(j) in COMPLEMENTIZERS - {"من"}:
                break
            mi = doc.mention_at[j]
            if mi is not None and doc.is_actor(mi) and doc.preposition_of(mi) in ("من", "") and mi not in c.agents:
                c.targets = merge_lists(c.targets, [mi])


