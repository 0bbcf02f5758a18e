"""Event coreference across (and within) articles: one node per real-world event.

``resolve_events(analyses, entity_of)`` runs after entity resolution, so event mentions are compared
through entity keys. Three steps:

1. each non-negated mention becomes an ``EventRecord`` (``event_records``), and records with one
   signature (wire copies of one sentence) collapse into one unit (``kg.resolve.blocking``);
2. candidate pairs come from blocking (class family x date window x a shared entity or article), and
   each pair is compared (``kg.resolve.similarity.compare``): hard constraints first (classes, dates,
   places, people, actors, one sentence, counts), then what ties them, with its reasons;
3. clustering: pairs are tried best first, in a fixed order; a pair joins two groups only if no member
   of one conflicts with any member of the other (complete link on the hard constraints; the actors
   are checked group against group), so a vague "Aleppo" mention cannot chain two distinct events of
   two neighbourhoods. Each accepted pair is kept as an ``EventLink`` (kg.model) with its reasons:
   ``EventResolution`` says why every merge was made, and ``explain`` compares any two mentions.

Keys are hashes of the group's content: the result does not depend on dict or set order.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from kg.extract.events import ancestors
from kg.model import ArticleAnalysis, Event, EventLink, Ref
from kg.resolve.blocking import Unit, candidate_pairs, collapse
from kg.resolve.entities import canonical_key
from kg.resolve.similarity import (Comparison, EventRecord, Reason, actors_conflict, compare, conflict,
                                   is_definite, lemma, lineage)
from kg.text.normalize import normalize_ar

_WIDE_DAYS = 31  # a text date wider than this gives way to an article's date for a merged event's interval


def _parents(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]) -> dict[str, str]:
    """Entity key of each place -> entity key of the larger place it is part of: the gazetteer's, refined by
    what the texts say (see :func:`_stated_parents`)."""
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
                parent.setdefault(key, mention_to_entity.get(m.part_of, canonical_key(m.part_of)))
    for child, larger in _stated_parents(analyses, entity_of, parent).items():
        parent[child] = larger
    return parent


def _stated_parents(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]],
                    parent: Mapping[str, str]) -> dict[str, str]:
    """Places the texts say lie in another («X في Y», «X بـY»: a place, a word of the ``inside`` set, a place),
    where that refines what is known: Y is not X nor inside X, and Y lies inside X's known larger place (a
    town the gazetteer puts in a country, said to be in a region of that country). The finest place said wins
    (a town said to be in its country and in a region of it: the region), then the one said most often, then the first key in
    order, so the result does not depend on the order of the articles."""
    from kg.lexicon import word_set

    from kg.recognize.gazetteer import load_gazetteer

    inside = word_set("inside")
    votes: dict[str, Counter] = defaultdict(Counter)  # a country is in no other place: never a child
    country_of: dict[str, str] = {}  # place key -> the key of its country, as its mentions say
    for aid in sorted(analyses):
        a, keys = analyses[aid], entity_of.get(aid, {})
        for i, m in enumerate(a.mentions):
            if m.kind == "Place" and m.country and i in keys:
                country_of.setdefault(keys[i], load_gazetteer().country_key(m.country))
        places = sorted((m.begin, m.end, keys[i], m.subtype) for i, m in enumerate(a.mentions)
                        if m.kind == "Place" and i in keys)
        for (_, end, x, kind), (begin, _, y, _) in zip(places, places[1:]):
            between = normalize_ar(a.article.text[end:begin]).strip().rstrip("ـ")
            if x != y and kind != "Country" and between in inside:
                votes[x][y] += 1
    out: dict[str, str] = {}
    for x in sorted(votes):
        for y, _ in sorted(votes[x].items(), key=lambda t: (-len(lineage(t[0], parent)), -t[1], t[0])):
            up = lineage(y, parent)
            known = parent.get(x)
            if x in up or (known and known not in up[1:] and not (known == country_of.get(x) == country_of.get(y))):
                continue  # a cycle, or not inside the place the gazetteer knows (its country, at least)
            out[x] = y
            break
    return out


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


def _context(a: ArticleAnalysis, e, digests: dict[int, str]) -> str:
    """A digest of the mention's sentence (raw text: copies are verbatim) and of the trigger's place in it."""
    if 0 <= e.sentence < len(a.sentences):
        s = a.sentences[e.sentence]
        if e.sentence not in digests:
            digests[e.sentence] = hashlib.blake2b(a.article.text[s.begin:s.end].encode("utf-8", "surrogatepass"),
                                                  digest_size=12).hexdigest()
        return f"{e.begin - s.begin}|{digests[e.sentence]}"
    return f"{a.article.id}|{e.begin}"  # no sentence: the mention is its own


_BREAK = re.compile(r"[،,.؛;:!?؟()«»\"\n]")


def _follows(a: ArticleAnalysis) -> dict[int, int]:
    """Event mention -> the event mention right before it in its sentence, when nothing stands between them
    but agreeing adjectives (غارات جوية استهدفت: a noun and the verb of its relative clause): no
    punctuation, at most two words, each ending as a feminine or plural adjective does (-ية)."""
    out: dict[int, int] = {}
    order = sorted(range(len(a.events)), key=lambda i: a.events[i].begin)
    for p, i in zip(order, order[1:]):
        before, e = a.events[p], a.events[i]
        if before.sentence != e.sentence or before.end > e.begin:
            continue
        between = a.article.text[before.end:e.begin]
        words = _WORD.findall(between)
        if not _BREAK.search(between) and len(words) <= 2 and all(normalize_ar(w).endswith("يه") for w in words):
            out[i] = p
    return out


_NONE: frozenset = frozenset()  # one empty set shared by every record (an empty frozenset is 216 bytes)


def event_records(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]],
                  only: set[str] | None = None) -> list[EventRecord]:
    """The non-negated event mentions of the articles (``only`` some of them), in article order."""
    recs: list[EventRecord] = []
    words: dict[str, tuple[bool, str]] = {}  # trigger -> (definite, lemma), for this call only
    known = {k for keys in entity_of.values() for k in keys.values()}
    countries = {keys[i] for aid, keys in entity_of.items() if aid in analyses for i in keys
                 if i < len(analyses[aid].mentions) and analyses[aid].mentions[i].subtype == "Country"}
    for aid in sorted(analyses):
        if only is not None and aid not in only:
            continue
        a = analyses[aid]
        keys = entity_of.get(aid, {})
        digests: dict[int, str] = {}
        follows = _follows(a)
        figures_of: dict[int, set[tuple[str, float]]] = defaultdict(set)
        for f in a.figures:
            if f.event is not None:
                figures_of[f.event].add((f.measure, f.value))

        def ks(idx):
            return frozenset(keys[i] for i in idx if i in keys) or _NONE

        last_of: dict[str, tuple[int, str]] = {}  # trigger lemma -> its last mention so far (index, class)
        for i, e in enumerate(a.events):
            if e.negated:
                continue
            t = e.time
            lo = t.earliest if t is not None else None
            hi = t.latest if t is not None else None
            persons = frozenset(keys[j] for j in (*e.agents, *e.speakers)
                                if j in keys and a.mentions[j].kind == "Person") or _NONE
            arg = next((j for j in (*e.speakers, *e.agents, *e.places, *e.targets) if 0 <= j < len(a.mentions)), None)
            label_arg = a.mentions[arg].label_ar or a.mentions[arg].anchor if arg is not None else ""
            agents = ks(e.agents)
            if not agents and ancestors(e.cls)[-1] == "Attack":
                agents = _nisba_agents(a.article.text, e.end, known)
            if e.anchor not in words:
                words[e.anchor] = (is_definite(e.anchor), lemma(e.anchor))
            definite, word = words[e.anchor]
            echo = last_of.get(word)
            last_of[word] = (i, e.cls)
            recs.append(EventRecord(Ref(aid, i), e.cls, lo, hi, e.time_source == "text", e.sentence,
                                    agents, ks(e.targets), ks(e.speakers), ks(e.places), ks(e.about), persons,
                                    definite, e.future, frozenset(figures_of.get(i, ())) or _NONE, e.anchor,
                                    label_arg, sites=(ks(e.places) - countries) or _NONE, lemma=word,
                                    context=_context(a, e, digests), follows=follows.get(i),
                                    allies=ks(e.allies),
                                    echo=echo[0] if echo and e.cls in ancestors(echo[1]) else None))
    for n, r in enumerate(recs):
        r.order = n
    return recs


def _view(u: Unit, v: Unit) -> tuple[EventRecord, EventRecord, bool]:
    """The two mentions to compare for two units: in an article they share, if any (so in-article rules
    apply), else their first mentions."""
    shared = u.articles.keys() & v.articles.keys()
    if shared:
        aid = min(shared)
        return u.articles[aid], v.articles[aid], True
    return u.rep, v.rep, False



def _cluster(units: list[Unit], parent: Mapping[str, str], stats: dict[str, int]
             ) -> tuple[list[list[Unit]], dict[int, list[EventLink]]]:
    pair_list, block_stats = candidate_pairs(units, parent=parent)
    stats.update(block_stats)
    scored: list[tuple[float, int, int, tuple[Reason, ...]]] = []
    for x, y in pair_list:
        a, b, same = _view(units[x], units[y])
        c = compare(a, b, parent, same_article=same)
        if c.score is not None:
            scored.append((-c.score, x, y, c.reasons))
    stats["score_calls"] = len(pair_list)
    scored.sort(key=lambda t: t[:3])
    cluster_of = {u.order: u.order for u in units}
    members: dict[int, list[int]] = {u.order: [u.order] for u in units}
    links: dict[int, list[EventLink]] = defaultdict(list)
    ok_cache: dict[tuple[int, int], bool] = {}

    def agree(x: int, y: int) -> bool:
        k = (min(x, y), max(x, y))
        if k not in ok_cache:
            a, b, same = _view(units[k[0]], units[k[1]])
            ok_cache[k] = not conflict(a, b, parent, actors=False, same_article=same)
        return ok_cache[k]

    # each group's people and actors, kept up to date as groups merge
    persons = {u.order: u.rep.persons for u in units}
    actors = {u.order: u.rep.actors for u in units}
    targets = {u.order: u.rep.targets for u in units}
    apart: set[tuple[int, int]] = set()  # groups found incompatible: merging only adds constraints

    def group_ok(cx: int, cy: int) -> bool:
        return not actors_conflict(units[cx].rep.cls, persons[cx], actors[cx], persons[cy], actors[cy], targets[cx],
                                   targets[cy])

    for _, x, y, reasons in scored:
        cx, cy = cluster_of[x], cluster_of[y]
        if cx == cy:
            continue
        keep, gone = min(cx, cy), max(cx, cy)
        if (keep, gone) in apart:
            continue
        if not (group_ok(cx, cy) and all(agree(p, q) for p in members[cx] for q in members[cy])):
            apart.add((keep, gone))
            continue
        for m in members[gone]:
            cluster_of[m] = keep
        members[keep].extend(members.pop(gone))
        persons[keep] = persons[keep] | persons.pop(gone)
        actors[keep] = actors[keep] | actors.pop(gone)
        targets[keep] = targets[keep] | targets.pop(gone)
        links[keep].extend(links.pop(gone, []))
        a, b, _ = _view(units[x], units[y])
        links[keep].append(EventLink("", a.ref, b.ref, reasons))  # its event's key is known at the end
    stats["agree_checks"] = len(ok_cache)
    groups = [[units[o] for o in sorted(ms)] for _, ms in sorted(members.items())]
    return groups, {min(ms): links.get(k, []) for k, ms in members.items()}


def _interval(group: list[EventRecord]) -> tuple[dt.date | None, dt.date | None]:
    """The tightest interval the group's dates agree on: the text's dates first (not those wider than a
    month, "since 2015", when a tighter date exists), the articles' otherwise."""
    dated = [r for r in group if r.lo is not None]
    text = sorted((r for r in dated if r.by_text), key=lambda r: ((r.hi - r.lo).days, r.order))
    if text and (text[0].hi - text[0].lo).days > _WIDE_DAYS:
        text = []  # all dates, tightest first
    pool = text or sorted(dated, key=lambda r: ((r.hi - r.lo).days, r.order))
    if not pool:
        return None, None
    lo, hi = pool[0].lo, pool[0].hi
    for r in pool[1:]:
        nlo, nhi = max(lo, r.lo), min(hi, r.hi)
        if nlo <= nhi:
            lo, hi = nlo, nhi
    return lo, hi


def _most_specific(support: Counter, parent: Mapping[str, str]) -> set[str]:
    """The places of a merged event: each place but those inside which a finer place is said by more
    mentions, or as many for a country (Syria gives way to Aleppo; a city said by five outlets does not
    give way to a site one mention names, nor to one another mention names)."""
    out = set()
    for p in support:
        broad = p not in parent
        if not any(q != p and p in lineage(q, parent)[1:] and
                   (support[q] > support[p] or (broad and support[q] == support[p])) for q in support):
            out.add(p)
    return out


def _event(units: list[Unit], parent: Mapping[str, str]) -> Event:
    reps = [u.rep for u in units]  # the members of a unit differ only in where they are
    group = [r for u in units for r in u.members]
    classes = Counter(r.cls for r in group)
    cls = sorted(classes, key=lambda c: (-len(ancestors(c)), -classes[c], c))[0]
    lo, hi = _interval(reps)
    agents = set().union(*(r.agents for r in reps))
    targets = set().union(*(r.targets for r in reps)) - agents
    speakers = set().union(*(r.speakers for r in reps))
    places = _most_specific(Counter(p for r in group for p in r.places), parent)
    about = set().union(*(r.about for r in reps)) - places
    allies = set().union(*(r.allies for r in group)) - agents - targets - speakers
    first = min(group, key=lambda r: r.order)
    participants = sorted(agents | targets | speakers)
    digest = hashlib.sha1("|".join([cls, str(lo), ",".join(participants), first.ref.article,
                                    str(first.ref.index)]).encode("utf-8")).hexdigest()[:16]
    head = next((r for r in sorted(reps, key=lambda r: r.order) if r.label_arg), first)
    label = " ".join(x for x in (head.anchor, head.label_arg) if x)  # the article's own spelling (raw span)
    return Event(key=f"event:{digest}", cls=cls, earliest=lo, latest=hi, agents=agents, targets=targets,
                 speakers=speakers, places=places, about=about, allies=allies,
                 mentions=sorted((r.ref for r in group), key=lambda x: (x.article, x.index)), label_ar=label)


@dataclass
class EventResolution:
    """Corpus-level events, each article's event-mention index -> event key, the links that made each
    event (two mentions and the reasons that tied them), and counts of the work done."""

    events: dict[str, Event]
    event_of: dict[str, dict[int, str]]
    links: dict[str, list[EventLink]]
    stats: dict[str, int]

    def all_links(self) -> list[EventLink]:
        """Every merge link, event by event (in key order), in the order the merges were made."""
        return [link for key in sorted(self.links) for link in self.links[key]]

    def reason_counts(self) -> Counter:
        """How many merge links each feature supported (participant, place, date, figure, word …)."""
        return reason_counts(self.all_links())


def reason_counts(links: list[EventLink]) -> Counter:
    """How many merge links each feature supported (participant, place, date, figure, word …)."""
    return Counter(f for link in links for f in {f for f, _ in link.reasons})


@contextmanager
def _collector_paused():
    """The cyclic garbage collector off while resolution runs, as it was after. Resolution makes hundreds of
    thousands of small objects (records, units, pairs) and no reference cycles, so the collector frees
    nothing here, but each of its full passes walks every live object: on 30,000 ANT articles it was half
    of the resolution's time (bench/RESULTS_RESOLVE.md)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def resolve_events_explained(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]
                             ) -> EventResolution:
    """Resolve the event mentions of the corpus into events, keeping why each merge was made."""
    with _collector_paused():
        return _resolve(analyses, entity_of)


def _resolve(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]) -> EventResolution:
    parent = _parents(analyses, entity_of)
    recs = event_records(analyses, entity_of)
    units = collapse(recs)
    stats: dict[str, int] = {"mentions": len(recs)}
    groups, links_of = _cluster(units, parent, stats)
    events: dict[str, Event] = {}
    links: dict[str, list[EventLink]] = {}
    event_of: dict[str, dict[int, str]] = {aid: {} for aid in analyses}
    for group in groups:
        ev = _event(group, parent)
        while ev.key in events:  # a hash collision: keep both, deterministically
            ev.key += "x"
        events[ev.key] = ev
        links[ev.key] = [dataclasses.replace(link, event=ev.key) for link in links_of.get(group[0].order, [])]
        for u in group:
            for r in u.members:
                event_of[r.ref.article][r.ref.index] = ev.key
    stats["events"] = len(events)
    stats["merged_across_articles"] = sum(len({m.article for m in ev.mentions}) > 1 for ev in events.values())
    return EventResolution(events, event_of, links, stats)


def resolve_events(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]]
                   ) -> tuple[dict[str, Event], dict[str, dict[int, str]]]:
    """Corpus-level events, and for each article its event-mention index -> event key."""
    res = resolve_events_explained(analyses, entity_of)
    return res.events, res.event_of


def explain(analyses: Mapping[str, ArticleAnalysis], entity_of: Mapping[str, Mapping[int, str]],
            a: Ref, b: Ref) -> Comparison:
    """Why two event mentions are (or are not) one event, compared directly: the conflict that keeps them
    apart, or the score and the features that tie them (they may still be apart, when a member of one's
    group conflicts with a member of the other's)."""
    parent = _parents(analyses, entity_of)
    recs = {r.ref: r for r in event_records(analyses, entity_of, only={a.article, b.article})}
    if a not in recs or b not in recs:
        missing = a if a not in recs else b
        return Comparison(None, (), f"no event mention {missing.article}#{missing.index} (or a negated one)")
    return compare(recs[a], recs[b], parent)
