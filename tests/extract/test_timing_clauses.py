"""Timing (kg.extract.timing) across clauses: a when-clause after a date, a noun coordinated with a dated
one; sentences of the ANT news corpus."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.reading import read

D = dt.date


def _times(text: str, recognizer, published: dt.date, cls: str):
    an, _, _ = read(text, recognizer, published)
    return [(c.time.earliest, c.time.latest, c.time_source) for c in an.cands if c.cls == cls and not c.drop]


@pytest.mark.parametrize("text, published, cls, earliest, latest", [
    # BB-middleEast-1007-20181001
    ("وتعرض اليمن لدمار كبير من جراء تصاعد الصراع فيه مطلع عام 2015، عندما سيطر الحوثيون على معظم الأجزاء "
     "الغربية في البلاد من بينها العاصمة صنعاء، وأجبروا الرئيس عبد ربه منصور هادي على الهرب إلى الخارج.",
     D(2018, 10, 1), "TakeControl", D(2015, 1, 1), D(2015, 3, 31)),
    # BB-middleEast-393-20180423: a noun of the when-clause too
    ("وتصاعد الصراع بين المتمردين الحوثيين والحكومة المعترف بها دوليا في مارس/آذار 2015، عندما شن التحالف "
     "بقيادة المملكة العربية السعودية حملة عسكرية تدعم الرئيس عبد ربه منصور هادي.",
     D(2018, 4, 23), "Offensive", D(2015, 3, 1), D(2015, 3, 31)),
    # BB-internationalNews-880-20180724: "since 2007, when …" names 2007
    ("وهذه هي أسوأ حرائق غابات تتعرض لها اليونان منذ 2007، عندما قتل عشرات من الأشخاص في شبه جزيرة "
     "بيلوبونيس.", D(2018, 7, 24), "Killing", D(2007, 1, 1), D(2007, 12, 31)),
    # BB-middleEast-860-20180808
    ("ولم تتحدث أسماء الأسد إلى وسائل الإعلام الأجنبية مرة أخرى حتى عام 2016، عندما قالت للتلفزيون الروسي "
     "الرسمي إنها رفضت في السابق عروضا خارجية للجوء.", D(2018, 8, 8), "Statement", D(2016, 1, 1),
     D(2016, 12, 31)),
])
def test_a_when_clause_happened_at_the_time_before_it(recognizer, text, published, cls, earliest, latest):
    assert (earliest, latest, "text") in _times(text, recognizer, published, cls)


@pytest.mark.parametrize("text, published, cls, earliest, latest", [
    # SK-internationalNews-3519-20181016: the separatist fighting broke out in 2014 too
    ("وزاد الصراع على مستقبل أوكرانيا الروحي من جراء تدهور العلاقات بين كييف وموسكو، بعد ضم روسيا شبه جزيرة "
     "القرم إليها في 2014، واندلاع قتال انفصالي في شرق أوكرانيا، أدى إلى سقوط أكثر من 10 آلاف قتيل.",
     D(2018, 10, 16), "Clash", D(2014, 1, 1), D(2014, 12, 31)),
])
def test_an_event_noun_coordinated_with_a_dated_one_shares_its_date(recognizer, text, published, cls, earliest,
                                                                     latest):
    assert _times(text, recognizer, published, cls) == [(earliest, latest, "text")]


def test_an_event_noun_after_baad_is_dated_by_its_own_ago(recognizer):
    # SK-middleEast-311-20180315: «بعد هجوم للنظام بدأ قبل نحو شهر»: about a month before the article
    text = ("وقسمت المنطقة، التي كانت أكبر مساحة من الأراضي تسيطر عليها المعارضة قرب العاصمة دمشق، إلى ثلاثة جيوب "
            "محاصرة بعد هجوم للنظام بدأ قبل نحو شهر.")
    assert _times(text, recognizer, D(2018, 3, 15), "Offensive") == [(D(2018, 2, 8), D(2018, 2, 22), "text")]


def test_the_next_day_is_the_day_after_the_last_date_given(recognizer):
    # FR-internationalNews-635-20180409 (the 2003 air campaign; the text gives no year, so 2018 here)
    text = ("في 21 آذار/مارس، أسفرت الغارات عن انفجارات ضخمة في المناطق الإدارية للعاصمة.\n"
            "وفي اليوم التالي، شنت الطائرات غارات عنيفة على مدن البصرة وكركوك والموصل وضواحي بغداد.")
    an, _, _ = read(text, recognizer, D(2018, 4, 9))
    (c,) = [c for c in an.cands if c.cls == "Airstrike" and not c.drop and c.sentence == 1]
    assert (c.time.earliest, c.time.latest, c.time_source) == (D(2018, 3, 22), D(2018, 3, 22), "text")


@pytest.mark.parametrize("text", [
    # BB-internationalNews-548-20180522
    "ففي عام 2016 نصحت ألمانيا الناس بتخزين الغذاء والماء.\nوفي العام نفسه، شرحت لتوانيا لسكانها كيفية التصرف.",
])
def test_the_same_year_is_the_year_of_the_last_date_given(text):
    from kg.extract.timex import find_time_expressions
    from kg.extract.alignment import align
    from kg.extract.timing import anaphoric_time
    from kg.model import Article
    from kg.text.sentences import split_sentences
    times = find_time_expressions(text, D(2018, 5, 22))
    doc = align(Article("t", text, D(2018, 5, 22)), split_sentences(text), [], times)
    (ti,) = [i for i, t in enumerate(times) if t.kind == "unresolved"]
    t = anaphoric_time(doc, ti)
    assert (t.earliest, t.latest) == (D(2016, 1, 1), D(2016, 12, 31))
