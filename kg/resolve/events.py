"""Event coreference across (and within) articles: one node per real-world event.

``resolve_events(analyses, entity_of)`` runs after entity resolution, so event
mentions are compared through entity keys. Two mentions may be one event when

* their classes are the same, or one is a subclass of the other (Offensive ⊑ Attack);
* their dates agree: intervals dated by the text overlap; a mention dated only by
  its article (``time_source == "article"``) agrees with any interval ending in the
  few days before that article's publication;
* their places agree: the same place, or one part of the other (a neighbourhood
  and its city); two different neighbourhoods never agree;
* and something ties them: a shared participant (agent, target or speaker), or —
  for two mentions of one article — a definite noun taking up an earlier event
  (الاجتماع، اللقاء), or the same class at the same place on the same day;

and never when their named actors differ (two statements by two different
people, a clash with one agent and another with a different one), when one's
agent is the other's target, or when both are in one sentence (extraction
already made one event per clause). Negated mentions make no event.

Clustering: a pair tied by evidence joins two groups only if no member of one
conflicts with any member of the other (complete link on the hard constraints:
dates, places, classes; the actors are checked group against group), single
link on the evidence; so a vague "Aleppo" mention cannot chain two distinct
events of two neighbourhoods. Pairs are tried best first (shared participants,
exact place), in a fixed order, and keys are hashes of the group's content: the
result does not depend on dict or set order.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.extract.events import ancestors, related_classes
from kg.model import ArticleAnalysis, Event, Ref
from kg.text.normalize import normalize_ar

# a mention dated by its article alone: the event happened within these days before publication
_REPORT_LAG = dt.timedelta(days=3)
_DAY = dt.timedelta(days=1)
# intervals wider than this are not "a day" for same-place-same-day merges
_TIGHT_DAYS = 2
# classes whose events last: an undated mention may speak of one that started long before
_ONGOING = frozenset({"Offensive", "Siege"})


@dataclass
class _Rec:
    ref: Ref
    cls: str
    lo: dt.date | None
    hi: dt.date | None
    by_text: bool
    sentence: int
    agents: frozenset[str]
    targets: frozenset[str]
    speakers: frozenset[str]
    places: frozenset[str]
    about: frozenset[str]
    persons: frozenset[str]
    definite: bool
    future: bool
    figures: frozenset[float]
    anchor: str
    label_arg: str
    order: int = 0
    actors: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        self.actors = self.agents | self.speakers


def _parents(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]) -> dict[str, str]:
    """Entity key of each place -> entity key of the larger place it is part of."""
    mention_to_entity: dict[str, str] = {}
    for aid, a in analyses.items():
        for i, m in enumerate(a.mentions):
            key = entity_of.get(aid, {}).get(i)
            if key and m.key:
                mention_to_entity.setdefault(m.key, key)
    parent: dict[str, str] = {}
    for aid, a in analyses.items():
        for i, m in enumerate(a.mentions):
            key = entity_of.get(aid, {}).get(i)
            if key and m.kind == "Place" and m.part_of:
                parent.setdefault(key, mention_to_entity.get(m.part_of, m.part_of))
    return parent


def _lineage(key: str, parent: Mapping[str, str]) -> list[str]:
    out = [key]
    while out[-1] in parent and parent[out[-1]] not in out and len(out) < 8:
        out.append(parent[out[-1]])
    return out


def _is_definite(anchor: str) -> bool:
    n = normalize_ar(anchor)
    for pre in ("", "و", "ف", "ب", "وب", "فب"):
        if n.startswith(pre + "ال"):
            return True
    return n.startswith("لل") or n.startswith("ولل")


_WORD = re.compile(r"[^\W_]+")


def _nisba_agents(text: str, end: int, known: set[str]) -> frozenset[str]:
    """Countries named by an adjective right after an attack (الغارات الروسية الكثيفة -> Russia), when the
    article names the country nowhere else and has no mention to point at: the key of that country, if the
    corpus knows it."""
    from kg.extract.events import load_triggers
    from kg.recognize.gazetteer import load_gazetteer

    nisba = load_triggers().nisba
    out = set()
    for word in _WORD.findall(text[end:end + 40])[:2]:
        code = nisba.get(normalize_ar(word))
        if code:
            key = load_gazetteer().country_key(code)
            if key in known:
                out.add(key)
    return frozenset(out)


def _records(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]) -> list[_Rec]:
    recs: list[_Rec] = []
    known = {k for keys in entity_of.values() for k in keys.values()}
    for aid in sorted(analyses):
        a = analyses[aid]
        keys = entity_of.get(aid, {})
        figures_of: dict[int, set[float]] = defaultdict(set)
        for f in a.figures:
            if f.event is not None:
                figures_of[f.event].add(f.value)

        def ks(idx):
            return frozenset(keys[i] for i in idx if i in keys)

        for i, e in enumerate(a.events):
            if e.negated:
                continue
            t = e.time
            lo = t.earliest if t is not None else None
            hi = t.latest if t is not None else None
            persons = frozenset(keys[j] for j in (*e.agents, *e.speakers)
                                if j in keys and a.mentions[j].kind == "Person")
            arg = next((j for j in (*e.speakers, *e.agents, *e.places, *e.targets) if 0 <= j < len(a.mentions)), None)
            label_arg = a.mentions[arg].label_ar or a.mentions[arg].anchor if arg is not None else ""
            agents = ks(e.agents)
            if not agents and ancestors(e.cls)[-1] == "Attack":
                agents = _nisba_agents(a.article.text, e.end, known)
            recs.append(_Rec(Ref(aid, i), e.cls, lo, hi, e.time_source == "text", e.sentence,
                             agents, ks(e.targets), ks(e.speakers), ks(e.places), ks(e.about), persons,
                             _is_definite(e.anchor), e.future, frozenset(figures_of.get(i, ())), e.anchor,
                             label_arg))
    for n, r in enumerate(recs):
        r.order = n
    return recs


def _time_agrees(a: _Rec, b: _Rec) -> bool:
    if a.lo is None or b.lo is None:
        return a.lo is None and b.lo is None
    if a.by_text and b.by_text:
        return a.lo <= b.hi and b.lo <= a.hi
    if not a.by_text and not b.by_text:
        if a.cls in _ONGOING and b.cls in _ONGOING:
            return True  # two undated mentions of a long offensive
        return a.lo - _DAY <= b.hi and b.lo - _DAY <= a.hi
    text, default = (a, b) if a.by_text else (b, a)
    if default.cls in _ONGOING and text.lo <= default.hi:
        return True  # "the offensive" (still going on when the article was written)
    return text.lo <= default.hi and text.hi >= default.lo - _REPORT_LAG


def _place_score(a: _Rec, b: _Rec, parent: Mapping[str, str]) -> int | None:
    """2 same place, 1 one part of the other, 0 one side unknown, None for different places."""
    if not a.places or not b.places:
        return 0
    best = None
    for x in a.places:
        lx = _lineage(x, parent)
        for y in b.places:
            if x == y:
                return 2
            ly = _lineage(y, parent)
            if x in ly or y in lx:
                best = 1
    return best


def _person_words(key: str) -> tuple[str, ...]:
    return tuple(key.split(":", 1)[-1].split())


def _share_person(xs: frozenset[str], ys: frozenset[str]) -> bool:
    """One person on both sides: the same key, or one name the start or end of the other (بان كي / بان كي مون)."""
    if xs & ys:
        return True
    for x in xs:
        wx = _person_words(x)
        for y in ys:
            wy = _person_words(y)
            short, long_ = (wx, wy) if len(wx) <= len(wy) else (wy, wx)
            if len(short) >= 2 and (long_[:len(short)] == short or long_[-len(short):] == short):
                return True
    return False


def _tight(r: _Rec) -> bool:
    return r.lo is not None and (r.hi - r.lo).days <= _TIGHT_DAYS


def _conflict(a: _Rec, b: _Rec, parent: Mapping[str, str], actors: bool = True) -> bool:
    """True when two event mentions cannot be one event, whatever else ties them (``actors=False``: leave
    the actor constraints to the group check)."""
    if a.ref == b.ref:
        return False
    if not related_classes(a.cls, b.cls) or a.future != b.future:
        return True
    same_article = a.ref.article == b.ref.article
    if same_article and a.sentence == b.sentence and not (a.cls == b.cls and a.actors & b.actors):
        return True  # extraction already made one event per clause
    if not _time_agrees(a, b):
        return True
    place = _place_score(a, b, parent)
    if place is None:
        return True
    if actors and _actors_conflict(a.cls, a.persons, a.actors, b.persons, b.actors):
        return True
    # one's agent the other's target
    if (a.agents & b.targets and not a.agents & b.agents) or (b.agents & a.targets and not b.agents & a.agents):
        return True
    # across articles, a mention dated only by its article needs the very same place (not a part of it)
    if not same_article and (a.by_text != b.by_text) and place == 1:
        return True
    if same_article and a.figures and b.figures and not a.figures & b.figures:
        return True  # two different counts: two events
    return False


def _actors_conflict(cls: str, persons_a, actors_a, persons_b, actors_b) -> bool:
    """Named people on both sides who share no one (two statements by two people are two statements),
    or actors on both sides who share no one (talks and meetings excepted: their lists are partial)."""
    same_person = _share_person(persons_a, persons_b)
    if persons_a and persons_b and not same_person:
        return True
    if cls in ("Meeting", "Negotiation"):
        return False
    return bool(actors_a and actors_b and not actors_a & actors_b and not same_person)


def _evidence(a: _Rec, b: _Rec, parent: Mapping[str, str]) -> float | None:
    """How strongly two compatible mentions are tied as one event (None: nothing ties them)."""
    same_article = a.ref.article == b.ref.article
    place = _place_score(a, b, parent) or 0
    shared = (a.actors & b.actors) | (a.targets & b.targets)
    if _share_person(a.persons, b.persons):
        shared = shared | {"person"}
    score = 0.0
    if shared:
        score += 3 + 0.1 * len(shared)
    else:
        if a.cls == "Statement" or b.cls == "Statement":
            return None
        exact_class = a.cls == b.cls or (same_article and related_classes(a.cls, b.cls))
        same_day = _tight(a) and _tight(b) and a.by_text and b.by_text
        later = b if b.order > a.order else a
        anaphora = same_article and exact_class and later.definite and not later.by_text
        scene = exact_class and place == 2 and (same_day or same_article)
        if not (anaphora or scene):
            return None
        score += 1
    score += place
    if a.by_text and b.by_text:
        score += 1
    if same_article:
        score += 0.5
    if a.lo is not None and b.lo is not None:
        score -= min(1.0, abs((a.lo - b.lo).days) / 100)  # the nearer in time, the likelier
    return score


def _score(a: _Rec, b: _Rec, parent: Mapping[str, str]) -> float | None:
    """How well two event mentions fit as one event (None: they cannot be one)."""
    if a.ref == b.ref or _conflict(a, b, parent):
        return None
    return _evidence(a, b, parent)


def _cluster(recs: list[_Rec], parent: Mapping[str, str]) -> list[list[_Rec]]:
    # candidate pairs, within class families, by date windows
    by_root: dict[str, list[_Rec]] = defaultdict(list)
    for r in recs:
        by_root[ancestors(r.cls)[-1]].append(r)
    pairs: list[tuple[float, int, int]] = []
    for group in by_root.values():
        group.sort(key=lambda r: (r.lo or dt.date.min, r.order))
        for i, a in enumerate(group):
            reach = (a.hi or dt.date.max) + _REPORT_LAG + _DAY if a.hi else None
            for b in group[i + 1:]:
                if reach is not None and b.lo is not None and b.lo > reach and a.cls not in _ONGOING \
                        and b.cls not in _ONGOING:
                    break
                s = _score(a, b, parent)
                if s is not None:
                    pairs.append((-s, min(a.order, b.order), max(a.order, b.order)))
    pairs.sort()
    by_order = {r.order: r for r in recs}
    cluster_of = {r.order: r.order for r in recs}
    members: dict[int, list[int]] = {r.order: [r.order] for r in recs}
    ok_cache: dict[tuple[int, int], bool] = {}

    def agree(x: int, y: int) -> bool:
        k = (min(x, y), max(x, y))
        if k not in ok_cache:
            ok_cache[k] = not _conflict(by_order[k[0]], by_order[k[1]], parent, actors=False)
        return ok_cache[k]

    def group_ok(cx: int, cy: int) -> bool:
        gx = [by_order[o] for o in members[cx]]
        gy = [by_order[o] for o in members[cy]]
        cls = gx[0].cls
        px = frozenset().union(*(r.persons for r in gx))
        py = frozenset().union(*(r.persons for r in gy))
        ax = frozenset().union(*(r.actors for r in gx))
        ay = frozenset().union(*(r.actors for r in gy))
        return not _actors_conflict(cls, px, ax, py, ay)

    for _, x, y in pairs:
        cx, cy = cluster_of[x], cluster_of[y]
        if cx == cy:
            continue
        if group_ok(cx, cy) and all(agree(p, q) for p in members[cx] for q in members[cy]):
            keep, gone = min(cx, cy), max(cx, cy)
            members[keep].extend(members.pop(gone))
            for m in members[keep]:
                cluster_of[m] = keep
    return [[by_order[o] for o in sorted(ms)] for _, ms in sorted(members.items())]


def _interval(group: list[_Rec]) -> tuple[dt.date | None, dt.date | None]:
    dated = [r for r in group if r.lo is not None]
    text = sorted((r for r in dated if r.by_text), key=lambda r: ((r.hi - r.lo).days, r.order))
    pool = text or sorted(dated, key=lambda r: ((r.hi - r.lo).days, r.order))
    if not pool:
        return None, None
    lo, hi = pool[0].lo, pool[0].hi
    for r in pool[1:]:
        nlo, nhi = max(lo, r.lo), min(hi, r.hi)
        if nlo <= nhi:
            lo, hi = nlo, nhi
    return lo, hi


def _most_specific(places: set[str], parent: Mapping[str, str]) -> set[str]:
    out = set()
    for p in places:
        if not any(q != p and p in _lineage(q, parent)[1:] for q in places):
            out.add(p)
    return out


def _event(group: list[_Rec], parent: Mapping[str, str]) -> Event:
    classes = Counter(r.cls for r in group)
    cls = sorted(classes, key=lambda c: (-len(ancestors(c)), -classes[c], c))[0]
    lo, hi = _interval(group)
    agents = set().union(*(r.agents for r in group))
    targets = set().union(*(r.targets for r in group)) - agents
    speakers = set().union(*(r.speakers for r in group))
    places = _most_specific(set().union(*(r.places for r in group)), parent)
    about = set().union(*(r.about for r in group)) - places
    first = group[0]
    participants = sorted(agents | targets | speakers)
    digest = hashlib.sha1("|".join([cls, str(lo), ",".join(participants), first.ref.article,
                                    str(first.ref.index)]).encode("utf-8")).hexdigest()[:16]
    head = next((r for r in group if r.label_arg), first)
    label = " ".join(x for x in (normalize_ar(head.anchor), head.label_arg) if x)
    return Event(key=f"event:{digest}", cls=cls, earliest=lo, latest=hi, agents=agents, targets=targets,
                 speakers=speakers, places=places, about=about,
                 mentions=sorted((r.ref for r in group), key=lambda x: (x.article, x.index)), label_ar=label)


def resolve_events(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]
                   ) -> tuple[dict[str, Event], dict[str, dict[int, str]]]:
    """Corpus-level events, and for each article its event-mention index -> event key."""
    parent = _parents(analyses, entity_of)
    recs = _records(analyses, entity_of)
    events: dict[str, Event] = {}
    event_of: dict[str, dict[int, str]] = {aid: {} for aid in analyses}
    for group in _cluster(recs, parent):
        ev = _event(group, parent)
        while ev.key in events:  # a hash collision: keep both, deterministically
            ev.key += "x"
        events[ev.key] = ev
        for r in group:
            event_of[r.ref.article][r.ref.index] = ev.key
    return events, event_of
