"""Whether two event mentions can be one event, and how strongly they are tied: the features an analyst
weighs, each recorded as a reason so that a merge can be explained.

A mention is read into an :class:`EventRecord` (entity keys instead of mention indexes, its dates, its
figures by measure). :func:`compare` answers for a pair: ``conflict`` (why they cannot be one event) or
``score`` (how strongly they are tied; None when nothing ties them) with the ``reasons`` behind it.

Hard constraints (any one keeps two mentions apart): unrelated classes (a strike and the killing it
caused are two events of two families), one future and one past, dates that do not overlap at their
precision, two different places (a place inside the other is compatible), named people on both sides
who share no one (two statements by two people), actors on both sides who share no one, one's agent the
other's target, both in one sentence of one article (extraction made one event per clause), two
different counts of one measure in one article, a statement *about* strikes and the strikes (classes).

Ties (what makes two compatible mentions one event): a shared participant (agent, target, speaker; a
person named in full and in part), the same class at the same place on the same day, figures of one
measure that agree, the same trigger word, a definite noun taking up an earlier mention of its article.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.extract.events import ancestors, related_classes
from kg.model import Ref
from kg.text.normalize import normalize_ar

# a mention dated by its article alone: the event happened within these days before publication
REPORT_LAG = dt.timedelta(days=3)
# ... or, for a definite noun (الهجوم, the attack already spoken of), within these days
DEFINITE_LAG = dt.timedelta(days=14)
DAY = dt.timedelta(days=1)
# intervals wider than this are not "a day" for same-place-same-day ties
TIGHT_DAYS = 2
# classes whose events last: an undated mention may speak of one that started long before
ONGOING = frozenset({"Offensive", "Siege"})
# two mentions of one class at one city (or finer) at most these days apart: a tie across outlets
SITE_DAYS = 1
# a place (or one inside the other's) ties two mentions of one class only when both are dated this finely
WEEK_DAYS = 7
# a count at least this large, said by two mentions of one class the same day, is one tally (see evidence)
DISTINCT_COUNT = 10
# classes whose participant lists in the news are partial: differing actors do not keep them apart
PARTIAL_ACTORS = frozenset({"Meeting", "Negotiation"})
# classes that end a state at a place (it is taken, left, given up): one place's takeover happens once in days,
# so two outlets that date it a day apart (one the day of the fighting, one the day it was announced) tell one
REPORT_SLACK_CLASSES = frozenset({"TakeControl", "Withdrawal", "Surrender"})

Reason = tuple[str, str]  # (feature, detail): ("participant", "org:isis"), ("place", "same geonames:170063")


@dataclass
class EventRecord:
    """One event mention as resolution sees it: entity keys, dates, figures, words."""

    ref: Ref
    cls: str
    lo: dt.date | None
    hi: dt.date | None
    by_text: bool  # dated by an expression of the text (else by its article)
    sentence: int
    agents: frozenset[str]
    targets: frozenset[str]
    speakers: frozenset[str]
    places: frozenset[str]
    about: frozenset[str]
    persons: frozenset[str]  # agents and speakers that are people
    definite: bool  # the trigger is a definite noun (الاجتماع): may take up an earlier mention
    future: bool
    figures: frozenset[tuple[str, float]]  # (measure, value)
    anchor: str
    label_arg: str
    sites: frozenset[str] = frozenset()  # its places finer than a country (a city, a district, a site)
    lemma: str = ""  # the trigger, normalized, without clitics and article
    context: str = ""  # a digest of the mention's sentence text and the trigger's place in it
    follows: int | None = None  # the event mention right before it in its clause (غارات جوية استهدفت), if any
    # the nearest earlier mention of its article with its word and a class it may take up (الجلسة ... جلسة), if any
    echo: int | None = None
    order: int = 0
    actors: frozenset[str] = field(default=frozenset())
    # who backs it (بدعم من X): carried to the event as actors, never compared as agents (a side's ally
    # is not a conflicting agent, and an ally named in one report only does not split the event)
    allies: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.actors = self.agents | self.speakers

    @property
    def family(self) -> str:
        return ancestors(self.cls)[-1]

    def signature(self) -> tuple:
        """Everything resolution reads of the mention but where it is: two mentions with the same
        signature (a wire copy's sentence, verbatim, on the same dates) are one event."""
        return (self.cls, self.lo, self.hi, self.by_text, self.future, self.agents, self.targets, self.speakers,
                self.places, self.about, self.persons, self.figures, self.definite, self.context)


@dataclass(frozen=True)
class Comparison:
    score: float | None  # None: nothing ties them, or they conflict
    reasons: tuple[Reason, ...] = ()  # what ties them (or, with a conflict, what they share)
    conflict: str = ""  # why they cannot be one event ("" when they can)


_CLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def lemma(anchor: str) -> str:
    """The trigger word without its leading conjunction, preposition or article (and a final ة/ه)."""
    n = normalize_ar(anchor).split()[0] if anchor.strip() else ""
    for c in _CLITICS:
        if n.startswith(c) and len(n) - len(c) >= 3:
            n = n[len(c):]
            break
    return n.rstrip("ةه") if len(n) > 3 else n


def is_definite(anchor: str) -> bool:
    """A definite noun (الهجوم، والسيطرة، للنزوح): as the trigger lexicon reads the word when it knows it (التقى is
    a verb), else by its article."""
    from kg.extract.triggers import load_triggers

    n = normalize_ar(anchor)
    readings = load_triggers().readings(n.split()[0]) if n.strip() else []
    if readings:
        return any(r.pos == "noun" and r.definite for r in readings)
    for pre in ("", "و", "ف", "ب", "وب", "فب"):
        if n.startswith(pre + "ال"):
            return True
    return n.startswith("لل") or n.startswith("ولل")


def lineage(key: str, parent: Mapping[str, str]) -> list[str]:
    """The place and the places it is part of, nearest first."""
    out = [key]
    while out[-1] in parent and parent[out[-1]] not in out and len(out) < 8:
        out.append(parent[out[-1]])
    return out


def person_words(key: str) -> tuple[str, ...]:
    return tuple(key.split(":", 1)[-1].split())


def share_person(xs: frozenset[str], ys: frozenset[str]) -> bool:
    """One person on both sides: the same key, or one name the start or end of the other (بان كي / بان كي مون)."""
    if xs & ys:
        return True
    for x in xs:
        wx = person_words(x)
        for y in ys:
            wy = person_words(y)
            short, long_ = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
            if len(short) >= 2 and (long_[:len(short)] == short or long_[-len(short):] == short):
                return True
    return False


def time_agrees(a: EventRecord, b: EventRecord) -> bool:
    """Dates that can be one event's: text intervals overlap; a mention dated by its article agrees with an
    interval ending in the few days before the article (two weeks for a definite noun, الهجوم: the attack
    already known; any start, for an ongoing offensive)."""
    if a.lo is None or b.lo is None:
        return a.lo is None and b.lo is None
    if a.by_text and b.by_text:
        return a.lo <= b.hi and b.lo <= a.hi
    if not a.by_text and not b.by_text:
        if a.cls in ONGOING and b.cls in ONGOING:
            return True  # two undated mentions of a long offensive
        return a.lo - DAY <= b.hi and b.lo - DAY <= a.hi
    text, default = (a, b) if a.by_text else (b, a)
    if default.cls in ONGOING and text.lo <= default.hi:
        return True  # "the offensive" (still going on when the article was written)
    lag = DEFINITE_LAG if default.definite else REPORT_LAG
    return text.lo <= default.hi and text.hi >= default.lo - lag


def place_score(a: EventRecord, b: EventRecord, parent: Mapping[str, str]) -> tuple[int | None, str]:
    """(2, key) same place, (1, key) one part of the other, (0, "") one side unknown, (None, "") different."""
    if not a.places or not b.places:
        return 0, ""
    best: tuple[int | None, str] = (None, "")
    for x in sorted(a.places):
        lx = lineage(x, parent)
        for y in sorted(b.places):
            if x == y:
                return 2, x
            ly = lineage(y, parent)
            if x in ly or y in lx:
                best = (1, f"{x} ~ {y}")
    return best


def nested_sites(a: EventRecord, b: EventRecord, parent: Mapping[str, str]) -> list[str]:
    """Sites (places finer than a country) of one mention inside a site of the other: "x in y"."""
    out = []
    for x in sorted(a.sites):
        for y in sorted(b.sites):
            if x != y and y in lineage(x, parent):
                out.append(f"{x} in {y}")
            elif x != y and x in lineage(y, parent):
                out.append(f"{y} in {x}")
    return out


def within(r: EventRecord, days: int) -> bool:
    return r.lo is not None and (r.hi - r.lo).days <= days


def tight(r: EventRecord) -> bool:
    return within(r, TIGHT_DAYS)


def actors_conflict(cls: str, persons_a, actors_a, persons_b, actors_b, targets_a=frozenset(),
                    targets_b=frozenset()) -> str:
    """Named people on both sides who share no one (two statements by two people are two statements),
    or actors on both sides who share no one (talks and meetings excepted: their lists are partial; and a
    lasting offensive or siege on one target: each outlet names a part of the forces waging it, the army
    or the coalition backing it, against the same enemy)."""
    same_person = share_person(persons_a, persons_b)
    if persons_a and persons_b and not same_person:
        return "different people"
    if cls in PARTIAL_ACTORS or (cls in ONGOING and set(targets_a) & set(targets_b)):
        return ""
    if actors_a and actors_b and not actors_a & actors_b and not same_person:
        return "different actors"
    return ""


def a_day_apart(a: EventRecord, b: EventRecord) -> bool:
    """Two mentions of a takeover (a class of ``REPORT_SLACK_CLASSES``) at a city or finer place, each dated to
    a day or two (by its text or its article), that are at most a day apart: across outlets, the same takeover
    dated a day apart (an airport entered on Tuesday night, its capture announced on Wednesday)."""
    if a.cls not in REPORT_SLACK_CLASSES or b.cls not in REPORT_SLACK_CLASSES or not (a.sites and b.sites):
        return False
    if not (tight(a) and tight(b)):
        return False
    return max((a.lo - b.hi).days, (b.lo - a.hi).days) <= SITE_DAYS


def opposed(a: EventRecord, b: EventRecord) -> bool:
    """``a``'s agent is what ``b``, naming an agent of its own (not ``a``'s), acts on: A struck B, B struck A.
    A mention naming no agent does not oppose by its target: who did what is not said (a verbal noun and its
    genitive, مقتل X، قصف X, or a verb whose subject is read as its object)."""
    return bool(a.agents & b.targets) and bool(b.agents) and not a.agents & b.agents


def one_clause_event(a: EventRecord, b: EventRecord) -> bool:
    """Two mentions of one sentence that may still be one event: one class with one actor (a verb and its
    noun), or a class and a finer one of it, the finer naming the act and the broader the verb that says
    what it hit: with an actor they share, or, the broader naming no actor, right after the finer
    («غارات جوية استهدفت مواقع»: the strikes that targeted). Two attacks of two actors, or two clauses
    («غارات ... في حين استهدفت مدفعية النظام»), stay two."""
    if a.cls == b.cls:
        return bool(a.actors & b.actors)
    if a.cls in ancestors(b.cls):
        broad, fine = a, b
    elif b.cls in ancestors(a.cls):
        broad, fine = b, a
    else:
        return False
    if broad.actors:
        return bool(broad.actors & fine.actors)
    return broad.follows == fine.ref.index and broad.ref.article == fine.ref.article


def _measures(r: EventRecord) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    for m, v in r.figures:
        out.setdefault(m, set()).add(v)
    return out


def conflict(a: EventRecord, b: EventRecord, parent: Mapping[str, str], actors: bool = True,
             same_article: bool | None = None) -> str:
    """Why two event mentions cannot be one event ("" when nothing forbids it). ``actors=False`` leaves the
    actor constraints to the group check; ``same_article`` overrides the test on the two refs."""
    if a.ref == b.ref:
        return ""
    if not related_classes(a.cls, b.cls):
        return f"classes {a.cls} / {b.cls}"
    if a.future != b.future:
        return "one future, one past"
    if same_article is None:
        same_article = a.ref.article == b.ref.article
    if same_article and a.sentence == b.sentence and not one_clause_event(a, b):
        return "one sentence"  # extraction already made one event per clause
    if not time_agrees(a, b) and (same_article or not a_day_apart(a, b)):
        return "dates"
    place, _ = place_score(a, b, parent)
    if place is None:
        return "places"
    if actors:
        why = actors_conflict(a.cls, a.persons, a.actors, b.persons, b.actors, a.targets, b.targets)
        if why:
            return why
    if opposed(a, b) or opposed(b, a):
        return "one's agent the other's target"
    # across articles, a mention dated only by its article needs the very same place (not a part of it)
    if not same_article and (a.by_text != b.by_text) and place == 1:
        return "article-dated mention in a part of the place"
    if same_article:
        ma, mb = _measures(a), _measures(b)
        if any(ma[m].isdisjoint(mb[m]) for m in ma.keys() & mb.keys()):
            return "two different counts in one article"
    return ""


def evidence(a: EventRecord, b: EventRecord, parent: Mapping[str, str],
             same_article: bool | None = None) -> tuple[float | None, tuple[Reason, ...]]:
    """How strongly two compatible mentions are tied as one event, and why (None: nothing ties them)."""
    if same_article is None:
        same_article = a.ref.article == b.ref.article
    place, where = place_score(a, b, parent)
    place = place or 0
    reasons: list[Reason] = [("class", a.cls if a.cls == b.cls else f"{a.cls} ⊑ {b.cls}")]
    shared = sorted((a.actors & b.actors) | (a.targets & b.targets))
    person = share_person(a.persons, b.persons) and not (a.persons & b.persons)
    ma, mb = _measures(a), _measures(b)
    agreeing = sorted(f"{m} {v:g}" for m in ma.keys() & mb.keys() for v in ma[m] & mb[m])
    exact_class = a.cls == b.cls
    same_word = bool(a.lemma) and a.lemma == b.lemma
    score = 0.0
    if shared or person:
        score += 3 + 0.1 * (len(shared) + person)
        reasons += [("participant", k) for k in shared]
        if person:
            reasons.append(("participant", "one person, named in full and in part"))
    else:
        if a.cls == "Statement" or b.cls == "Statement":
            return None, ()  # who speaks is what makes a statement: nothing else ties two of them
        same_day = tight(a) and tight(b) and a.by_text and b.by_text
        later, earlier = (b, a) if b.order > a.order else (a, b)
        # a definite noun takes up an earlier mention of its article of its class, or a finer one (الهجوم takes up
        # ضربات; العملية العسكرية, an offensive, does not take up a mere هجوم)
        # A noun whose word the article used before takes up that mention, not another (الهجوم after strikes
        # and an attack: the attack).
        anaphora = same_article and later.cls in ancestors(earlier.cls) and later.definite and not later.by_text \
            and (later.echo is None or later.echo == earlier.ref.index)
        scene = exact_class and place == 2 and (same_day or same_article)
        # across outlets: one class at one city (or finer) within days, each dated as its text allows
        near = a.lo is not None and b.lo is not None and max((a.lo - b.hi).days, (b.lo - a.hi).days) <= SITE_DAYS
        # (at one precision: a day's attack is not the weeks-long attack "since February" it is part of, but
        # two mentions "this month" may be one, and so is a lasting offensive, or one count said twice)
        fine = within(a, WEEK_DAYS) and within(b, WEEK_DAYS)
        one_precision = a.cls in ONGOING or bool(agreeing) or within(a, WEEK_DAYS) == within(b, WEEK_DAYS)
        site = exact_class and near and one_precision and bool(a.sites & b.sites)
        # ... or one's city (or finer) inside the other's region or city (a town in its region)
        # (each dated by its text to the week or finer, or one count said twice: two mentions dated by their
        # articles say nothing of when)
        inner = exact_class and near and not site and a.by_text and b.by_text and (fine or bool(agreeing)) \
            and bool(nested_sites(a, b, parent))
        # one count of one measure: at one place, or, said the same day of a place one side does not name,
        # a count too large to agree by chance (18 detained; not "2 killed")
        # (or a count too large to agree by chance at a place and a place inside it: 32,000 displaced from the
        # city, 32,000 displaced in the country)
        large = bool(agreeing) and max(v for m in ma.keys() & mb.keys() for v in ma[m] & mb[m]) >= DISTINCT_COUNT
        tally = exact_class and bool(agreeing) and time_agrees(a, b) and (
            place == 2 or (place == 0 and tight(a) and tight(b) and large) or (place == 1 and large))
        # a bare repeat: in one article, the word of the nearest earlier mention of one class said again, definite,
        # the same day (by the text too) with nothing of its own (no participant, no place): «المؤتمر» twice
        repeat = same_article and exact_class and later.definite and later.echo == earlier.ref.index \
            and tight(a) and tight(b) and not (later.actors or later.targets or later.places)
        if not (anaphora or scene or site or inner or tally or repeat):
            return None, ()
        score += 1
        if anaphora:
            reasons.append(("anaphora", f"definite {later.anchor} takes up an earlier mention"))
        if scene and not same_article:
            reasons.append(("scene", "same class, same place, same day"))
        elif scene:
            reasons.append(("scene", "same class, same place, one article"))
        if site and not scene:
            reasons.append(("scene", "same class, same city or site, within days"))
        if inner and not scene:
            reasons.append(("scene", "same class, a place inside the other's, within days: "
                            + ", ".join(nested_sites(a, b, parent))))
        if repeat and not (anaphora or scene):
            reasons.append(("repeat", f"{later.anchor} said again, with nothing of its own"))
        if tally and not (scene or site):
            reasons.append(("scene", {2: "same class, same place, one count",
                                      1: "same class, one count at a place and a place inside it",
                                      0: "same class, same day, one count (a place on one side only)"}[place]))
    if place:
        score += place
        reasons.append(("place", ("same " if place == 2 else "part of ") + where))
    if a.lo is not None and b.lo is not None:
        if a.by_text and b.by_text:
            score += 1
            reasons.append(("date", f"both dated by the text: {max(a.lo, b.lo)}"))
        else:
            reasons.append(("date", "compatible with publication"))
        score -= min(1.0, abs((a.lo - b.lo).days) / 100)  # the nearer in time, the likelier
    if agreeing:
        score += 0.5
        reasons += [("figure", x) for x in agreeing]
    if same_word:
        score += 0.3
        reasons.append(("word", a.lemma))
    if same_article:
        score += 0.5
        reasons.append(("article", "one article"))
    return score, tuple(reasons)


def compare(a: EventRecord, b: EventRecord, parent: Mapping[str, str], same_article: bool | None = None) -> Comparison:
    """Whether two event mentions can be one event, how strongly they are tied, and why."""
    if a.ref == b.ref:
        return Comparison(None, (), "one mention")
    why = conflict(a, b, parent, same_article=same_article)
    if why:
        return Comparison(None, (), why)
    score, reasons = evidence(a, b, parent, same_article=same_article)
    return Comparison(score, reasons, "")

