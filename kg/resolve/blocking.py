"""Candidate pairs for event coreference, so that resolution stays linear in the corpus.

Two steps:

1. **Collapse** (:func:`collapse`): mentions with the same signature (class, dates, participants,
   places, figures and the very sentence they are read from; see ``EventRecord.signature``) are one
   *unit*: a wire story copied by ten outlets is resolved once, whatever the number of copies.
2. **Blocking** (:func:`candidate_pairs`): a pair of units is a candidate only if they share a block,
   a key made of the class family (the root class: Attack, Killing, Statement …), whether they are
   dated, and one thing they would have to share to be tied (see ``similarity.evidence``): an
   entity (agent, target, speaker or place, or a region or city a place lies in), a count too large to
   agree by chance (``count:detained:18``), a person's name in part (its first or last two words,
   as ``share_person`` matches them), or, for ties inside one article, the article. Inside a block the
   units are sorted by date and each is paired only with the following ones whose dates can still
   agree (a date bucket that slides).

A mention dated to a day or two also keys finer *scene* blocks: its class, a site it names (a city or finer)
and a day (see ``_scene_keys``), so that the mentions of one class at one site on one day meet even when
their coarse block is crowded; and every mention keys *word* blocks: its trigger's lemma with each place it
names and with its article (a definite noun and the mention of its word it takes up meet).

A block's size is not bounded by the data (every statement about Syria in a year of news shares the
block Statement × Syria), so each unit meets at most ``window`` following units of a block, the
nearest in date (the *sorted-neighbourhood* fallback); a block of at most ``window + 1`` units is thus
compared in full. A unit spanning many articles keys at most ``MAX_ARTICLE_KEYS`` of them. The pairs
and the number of capped blocks are counted in the statistics so a benchmark can show them.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.resolve.similarity import (DAY, DEFINITE_LAG, DISTINCT_COUNT, ONGOING, SITE_DAYS, TIGHT_DAYS, EventRecord,
                                   lineage, person_words)

WINDOW = 10  # following units a unit meets in one block (the nearest in date)
MAX_ARTICLE_KEYS = 4  # articles of a collapsed unit that key an in-article block


@dataclass
class Unit:
    """Mentions with one signature: resolved as one."""

    order: int
    members: list[EventRecord]
    articles: dict[str, EventRecord] = field(default_factory=dict)  # article -> its first member there

    @property
    def rep(self) -> EventRecord:
        return self.members[0]


def collapse(records: Iterable[EventRecord]) -> list[Unit]:
    """Group mentions of one signature into units, in the order of their first mention."""
    by_sig: dict[tuple, Unit] = {}
    units: list[Unit] = []
    for r in records:
        sig = r.signature()
        unit = by_sig.get(sig)
        if unit is None:
            unit = by_sig[sig] = Unit(len(units), [])
            units.append(unit)
        unit.members.append(r)
        unit.articles.setdefault(r.ref.article, r)
    return units


def _name_keys(key: str) -> set[str]:
    words = person_words(key)
    out = {key}
    for n in range(2, len(words)):
        out.add("name:" + " ".join(words[:n]))
        out.add("name:" + " ".join(words[-n:]))
    if len(words) >= 2:
        out.add("name:" + " ".join(words))
    return out


def block_keys(unit: Unit, parent: Mapping[str, str] | None = None) -> set[tuple[str, ...]]:
    r = unit.rep
    dated = "dated" if r.lo is not None else "undated"
    keys: set[str] = set()
    for k in r.agents | r.targets | r.speakers | r.places:
        keys.add(k)
    for k in r.sites:  # a town meets the events of the region or city it lies in (not of its country)
        keys.update(lineage(k, parent or {})[1:-1])
    for measure, value in r.figures:  # a distinctive count meets the same count (one tally, two outlets)
        if value >= DISTINCT_COUNT:
            keys.add(f"count:{measure}:{value:g}")
    for p in r.persons:
        keys |= _name_keys(p)
    for aid in sorted(unit.articles)[:MAX_ARTICLE_KEYS]:
        keys.add("article:" + aid)
    out = {(r.family, dated, k) for k in keys} | _scene_keys(r)
    if r.lemma:  # one word at one place, or in one article (الهجوم … هجوم): the ties a crowded block may cut off
        out |= {(r.family, dated, "word", r.lemma, k) for k in r.places}
        out |= {(r.family, dated, "word", r.lemma, "article:" + aid) for aid in sorted(unit.articles)[:MAX_ARTICLE_KEYS]}
    return out


def _scene_keys(r: EventRecord) -> set[tuple[str, ...]]:
    """Finer blocks for the scene tie (one class at one city or site, a day apart at most): the class, the site
    and each day of the mention's interval (and the day after, so that two mentions a day apart share one).
    A crowded block (every attack in a capital during a week of strikes) is capped to the window; in these
    the mentions of one class at one site on one day all meet. Only for mentions dated to a day or two."""
    if r.lo is None or not r.sites or (r.hi - r.lo).days > TIGHT_DAYS:
        return set()
    days = [(r.lo + n * DAY).isoformat() for n in range((r.hi - r.lo).days + SITE_DAYS + 1)]
    return {(r.family, "day", r.cls, site, day) for site in r.sites for day in days}


def _reach(r: EventRecord) -> dt.date | None:
    """The latest start date a following mention may have and still agree in date with ``r``."""
    if r.hi is None or r.cls in ONGOING:
        return None
    return r.hi + DEFINITE_LAG + DAY


def candidate_pairs(units: list[Unit], window: int = WINDOW, parent: Mapping[str, str] | None = None
                    ) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """Pairs of unit orders (smaller first, sorted) that share a block, and statistics of the blocking.
    ``parent`` (place -> the larger place it lies in) lets a place's unit meet those of the places around it."""
    blocks: dict[tuple[str, ...], list[Unit]] = defaultdict(list)
    for u in units:
        for key in block_keys(u, parent):
            blocks[key].append(u)
    pairs: set[tuple[int, int]] = set()
    largest = capped = 0
    for members in blocks.values():  # any order: the pairs are a set, sorted at the end
        if len(members) < 2:
            continue
        largest = max(largest, len(members))
        capped += len(members) > window + 1
        members.sort(key=lambda u: (u.rep.lo or dt.date.min, u.rep.hi or dt.date.min, u.order))
        for i, a in enumerate(members):
            reach = _reach(a.rep)
            for b in members[i + 1:i + 1 + window]:
                if reach is not None and b.rep.lo is not None and b.rep.lo > reach and b.rep.cls not in ONGOING:
                    break
                pairs.add((a.order, b.order) if a.order < b.order else (b.order, a.order))
    stats = {"units": len(units), "blocks": len(blocks), "largest_block": largest, "capped_blocks": capped,
             "candidate_pairs": len(pairs)}
    return sorted(pairs), stats
