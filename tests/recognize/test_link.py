"""Linking bare model mentions to the gazetteers."""
from __future__ import annotations

import pytest

from kg.model import Mention
from kg.recognize.gazetteer import load_gazetteer, tokens_of
from kg.recognize.link import link_mentions


def bare(text: str, anchor: str, kind: str = "Place") -> Mention:
    b = text.index(anchor)
    return Mention(b, b + len(anchor), anchor, kind=kind, source="crf")


def city_key(name: str) -> str:
    return next(e.key for e in load_gazetteer().lookup(tokens_of(name)) if e.kind == "Place")


@pytest.mark.parametrize("text, anchor, city", [
    ("وتواصل القوات الحكومية قصف بلدات في ريف حمص الشمالي", "ريف حمص", "حمص"),
    ("وصل الوفد إلى مدينة الموصل صباح اليوم", "مدينة الموصل", "الموصل"),
])
def test_a_place_after_its_own_head_noun_is_that_place(text, anchor, city):
    (m,) = link_mentions([bare(text, anchor)])
    assert m.key == city_key(city) and m.anchor == anchor


def test_a_site_is_a_place_of_its_own():
    text = "وهبطت الطائرة في مطار بغداد الدولي"
    (m,) = link_mentions([bare(text, "مطار بغداد")])
    assert m.key != city_key("بغداد") and m.key.startswith("place:")
