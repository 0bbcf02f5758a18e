"""Blocking (kg.resolve.blocking): which event mentions are ever compared."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.model import Ref
from kg.resolve.blocking import WINDOW, block_keys, candidate_pairs, collapse
from kg.resolve.similarity import EventRecord, compare

D = dt.date
ALEPPO, HOMS = "geonames:170063", "geonames:169577"


def rec(aid, i, cls="Airstrike", day=D(2016, 12, 12), places=(ALEPPO,), agents=(), speakers=(), persons=(),
        context=None, by_text=True, anchor="غارات"):
    return EventRecord(Ref(aid, i), cls, day, day, by_text, i, frozenset(agents), frozenset(), frozenset(speakers),
                       frozenset(places), frozenset(), frozenset(persons), False, False, frozenset(), anchor, "",
                       sites=frozenset(places), lemma=anchor, context=context or f"{aid}|{i}")


def _units(records):
    units = collapse(records)
    for n, r in enumerate(records):
        r.order = n
    return units


def test_mentions_of_one_sentence_in_copies_collapse_and_others_do_not():
    copies = [rec(f"copy{k}", 0, context="s1") for k in range(50)]
    other_day = rec("late", 0, day=D(2016, 12, 20), context="s1")
    units = _units([*copies, other_day])
    assert len(units) == 2 and len(units[0].members) == 50 and units[1].members == [other_day]


@pytest.mark.parametrize("short, full", [
    ("person:بان كي", "person:بان كي مون"),  # a name cut at its end
    ("person:كي مون", "person:بان كي مون"),  # ... or at its start
])
def test_a_person_named_in_part_shares_a_block_with_the_full_name(short, full):
    a = rec("a", 0, cls="Statement", places=(), speakers=(short,), persons=(short,))
    b = rec("b", 0, cls="Statement", places=(), speakers=(full,), persons=(full,))
    units = _units([a, b])
    assert block_keys(units[0]) & block_keys(units[1])
    assert candidate_pairs(units)[0] == [(0, 1)]


def test_nothing_shared_no_pair():
    units = _units([rec("a", 0, places=(ALEPPO,)), rec("b", 0, places=(HOMS,))])
    assert candidate_pairs(units)[0] == []


def test_dates_beyond_reach_are_not_paired_and_undated_meet_only_undated():
    recs = [rec("a", 0), rec("b", 0, day=D(2017, 3, 1)), rec("c", 0, day=None)]
    recs[2].lo = recs[2].hi = None
    assert candidate_pairs(_units(recs))[0] == []


def test_a_crowded_block_is_capped_to_the_window():
    """300 strikes on Aleppo over ten days, each from its own article: each meets at most WINDOW others."""
    recs = [rec(f"a{k}", 0, day=D(2016, 12, 1) + dt.timedelta(days=k % 10)) for k in range(300)]
    pairs, stats = candidate_pairs(_units(recs))
    assert stats["capped_blocks"] >= 1 and stats["largest_block"] == 300
    assert len(pairs) <= 300 * WINDOW


def test_compare_gives_the_reasons_of_a_tie():
    a = rec("a", 0, agents=("geonames:2017370",))
    b = rec("b", 0, agents=("geonames:2017370",))
    c = compare(a, b, {})
    assert c.score is not None and not c.conflict
    assert {f for f, _ in c.reasons} >= {"class", "participant", "place", "date", "word"}
    assert compare(a, rec("c", 0, cls="Statement"), {}).conflict == "classes Airstrike / Statement"


def test_one_class_at_one_site_on_one_day_meets_in_a_crowded_block():
    """One strike on a site told by two outlets, a day apart, between which twenty other attacks in the city the same
    day fill the city's block: the two strikes still meet (the scene block: class, site, day)."""
    first = rec("a", 0, cls="Airstrike")
    others = [rec(f"o{k}", 0, cls="Shelling", anchor="قصف") for k in range(2 * WINDOW)]
    second = rec("z", 0, cls="Airstrike", day=D(2016, 12, 13))  # a day later: told the next morning
    units = _units([first, *others, second])
    pairs, stats = candidate_pairs(units)
    assert stats["capped_blocks"] >= 1
    assert (0, len(units) - 1) in pairs
    far = _units([rec("a", 0, cls="Airstrike"), rec("b", 0, cls="Airstrike", day=D(2016, 12, 15))])
    assert not {k for k in block_keys(far[0]) if k[1] == "day"} & block_keys(far[1])


def test_a_word_and_its_echo_in_one_article_meet_in_a_crowded_article():
    """An article telling twenty strikes between «هجوم» and «الهجوم» (its echo, dated by the article): the two meet."""
    first = rec("a", 0, cls="Attack", anchor="هجوم", places=(), day=D(2016, 12, 5))
    others = [rec("a", k, cls="Airstrike", places=(), day=D(2016, 12, 6)) for k in range(1, 2 * WINDOW)]
    again = rec("a", 2 * WINDOW, cls="Attack", anchor="هجوم", places=(), day=D(2016, 12, 12))
    units = _units([first, *others, again])
    assert (0, len(units) - 1) in candidate_pairs(units)[0]
