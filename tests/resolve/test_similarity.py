"""Pairwise decisions of event coreference (kg.resolve.similarity) on hand-made mentions."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kg.model import Ref
from kg.resolve.similarity import EventRecord, compare, is_definite, lemma

D = dt.date
DOUMA = "place:douma"


def rec(i, cls, anchor, day=D(2018, 4, 14), by_text=False, aid="a", agents=(), targets=(), sentence=None):
    return EventRecord(Ref(aid, i), cls, day - dt.timedelta(days=0 if by_text else 1), day, by_text,
                       i if sentence is None else sentence, frozenset(agents), frozenset(targets), frozenset(),
                       frozenset({DOUMA}), frozenset(), frozenset(), is_definite(anchor), False, frozenset(), anchor,
                       "", sites=frozenset({DOUMA}), lemma=lemma(anchor), order=i)


@pytest.mark.parametrize("earlier, later, tied", [
    # «ضربات» … «الهجوم»: the definite broader noun takes up the strikes
    (("Airstrike", "ضربات"), ("Attack", "الهجوم"), True),
    # «هجوم» … «العملية العسكرية»: an offensive is not what a mere attack was; the finer noun takes nothing up
    (("Attack", "هجوم"), ("Offensive", "العملية العسكرية"), False),
])
def test_a_definite_noun_takes_up_an_earlier_mention_of_its_class_or_a_finer_one(earlier, later, tied):
    a, b = rec(0, *earlier), rec(5, *later)
    c = compare(a, b, {})
    assert not c.conflict
    assert (("anaphora", f"definite {b.anchor} takes up an earlier mention") in c.reasons) is tied


def test_one_sentence_finer_noun_and_broader_verb_right_after_it():
    strikes = rec(0, "Airstrike", "ضربات", by_text=True, sentence=3)
    targeted = dataclasses.replace(rec(1, "Attack", "استهدفت", by_text=True, sentence=3), follows=0)
    assert compare(strikes, targeted, {}).conflict == ""
    apart = dataclasses.replace(targeted, follows=None)  # two clauses: «غارات … في حين استهدفت»
    assert compare(strikes, apart, {}).conflict == "one sentence"
    own_agent = dataclasses.replace(targeted, agents=frozenset({"actor:government-forces:SY"}))
    assert compare(strikes, own_agent, {}).conflict == "one sentence"


@pytest.mark.parametrize("cls, targets_b, apart", [
    # «هجوم القوات الحكومية على الحوثيين» / «عملية التحالف ضد الحوثيين»: one offensive, each outlet names part
    # of the forces waging it against the same enemy
    ("Offensive", ("org:houthis",), ""),
    # ... but not when nothing says they fight the same enemy
    ("Offensive", (), "different actors"),
    # two air forces striking one enemy in one city the same day strike twice
    ("Airstrike", ("org:houthis",), "different actors"),
])
def test_a_lasting_offensive_on_one_enemy_may_be_told_by_the_army_or_by_the_coalition(cls, targets_b, apart):
    army = rec(0, cls, "هجوم", aid="a", agents=("actor:government-forces:YE",), targets=("org:houthis",))
    coalition = rec(0, cls, "عملية عسكرية", aid="b", agents=("actor:coalition:YE",), targets=targets_b)
    assert compare(army, coalition, {}).conflict == apart


def test_a_definite_noun_takes_up_the_mention_of_its_own_word_not_another():
    """«ضربات» on the sites, then «هجوم» (the attack they answer), then «الهجوم»: the attack, not the strikes."""
    strikes, attack = rec(0, "Airstrike", "ضربات"), rec(3, "Attack", "هجوم")
    again = dataclasses.replace(rec(5, "Attack", "الهجوم"), echo=3)
    anaphora = ("anaphora", "definite الهجوم takes up an earlier mention")
    assert anaphora in compare(attack, again, {}).reasons
    assert anaphora not in compare(strikes, again, {}).reasons
    alone = rec(5, "Attack", "الهجوم")  # no earlier «هجوم» in its article: it takes up the strikes
    assert anaphora in compare(strikes, alone, {}).reasons


@pytest.mark.parametrize("own_place, tied", [(False, True), (True, False)])
def test_a_word_said_again_the_same_day_with_nothing_of_its_own_is_the_same_event(own_place, tied):
    """«كانوا حاضرين في قمة مجموعة السبع في كندا … بعد القمة السبت» (AL-culture-486, 2018): the summit already told,
    dated by the text to its day, with no one and no place of its own. Said again with a place of its own, it may
    be another."""
    first = dataclasses.replace(rec(0, "Meeting", "قمة", by_text=True), agents=frozenset({"org:g7"}),
                                places=frozenset(), sites=frozenset())
    again = dataclasses.replace(rec(4, "Meeting", "القمة", by_text=True), echo=0,
                                places=frozenset({DOUMA} if own_place else ()), sites=frozenset())
    c = compare(first, again, {})
    assert not c.conflict and (c.score is not None) is tied
    if tied:
        assert ("repeat", "القمة said again, with nothing of its own") in c.reasons
    bare_verb = dataclasses.replace(rec(4, "Meeting", "يزور", by_text=True), echo=0, places=frozenset(),
                                    sites=frozenset())
    assert compare(dataclasses.replace(first, anchor="يزور", lemma="يزور"), bare_verb, {}).score is None


@pytest.mark.parametrize("value, tied", [(32000.0, True), (3.0, False)])
def test_one_large_count_at_a_city_and_in_its_country_is_one_tally(value, tied):
    """«دفعت أعمال العنف نحو 32 ألف شخص للنزوح» from the city, and the same 32,000 displaced in the country: one
    tally; 3 at a city and 3 in its country may be any two events."""
    city, country = "geonames:79415", "geonames:69543"
    a = dataclasses.replace(rec(0, "Displacement", "للنزوح", by_text=True), places=frozenset({city}),
                            sites=frozenset({city}), figures=frozenset({("displaced", value)}))
    b = dataclasses.replace(rec(0, "Displacement", "نزوح", by_text=True, aid="b"), places=frozenset({country}),
                            sites=frozenset(), figures=frozenset({("displaced", value)}))
    c = compare(a, b, {city: country})
    assert not c.conflict and (c.score is not None) is tied


@pytest.mark.parametrize("anchor, definite", [
    ("الهجوم", True), ("والسيطرة", True), ("للنزوح", True), ("هجوما", False),
    ("التقى", False),  # a verb whose first letters are those of the article: «وكان كيم التقى خلال الصباح»
])
def test_a_definite_noun_is_read_as_the_trigger_lexicon_reads_it(anchor, definite):
    assert is_definite(anchor) is definite
