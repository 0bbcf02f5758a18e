"""Timing (kg.extract.timing): which date each event takes, on sentences of the ANT news corpus."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.events import final_drop
from kg.extract.explain import explain_text

D = dt.date


def _kept(sentence: str, published: dt.date, cls: str):
    an = explain_text(sentence, published).analysis
    return [c for c in an.cands if c.cls == cls and not final_drop(an, c)]


@pytest.mark.parametrize("sentence, published, cls, earliest, latest", [
    # BB-internationalNews-515-20180516: done "this month" — it ends on the publication day
    ("وذلك بعد حادث طعن أدى إلى مقتل إحدى الراكبات هذا الشهر.", D(2018, 5, 16), "Killing",
     D(2018, 5, 1), D(2018, 5, 16)),
    # AL-internationalNews-1356-20180527 (خلال الشهر الجاري)
    ("وشن سلاح الجو الاسرائيلي مرتين خلال الشهر الجاري غارات عدة استهدفت ميناء الصيادين.", D(2018, 5, 27),
     "Airstrike", D(2018, 5, 1), D(2018, 5, 27)),
    # a meeting set for this month may still come after the article: the whole month
    ("ومن المقرر أن تجتمع اللجنة هذا الشهر.", D(2018, 5, 16), "Meeting", D(2018, 5, 1), D(2018, 5, 31)),
])
def test_a_period_ends_at_publication_for_an_event_done(sentence, published, cls, earliest, latest):
    (c,) = _kept(sentence, published, cls)
    assert (c.time.earliest, c.time.latest) == (earliest, latest)
    assert c.time_source == "text"


def test_a_history_told_in_order_keeps_its_year():
    # SK-internationalNews-106-20180223: the killing of the next sentence happened in that war, not on the
    # publication day
    text = ("واندلعت حرب أهلية في عام 2013 في جنوب السودان، الذي انفصل عن السودان في 2011، بعد شهور من عزل كير "
            "لنائبه حينئذ مشار. وقتل عشرات الآلاف، بينما فر ثلث السكان من منازلهم.")
    (c,) = _kept(text, D(2018, 2, 23), "Killing")
    assert c.time_source == "text" and c.time.earliest.year == 2013


def test_a_new_paragraph_or_a_recent_date_does_not_carry_over():
    text = ("واندلعت حرب أهلية في عام 2013 في جنوب السودان، الذي انفصل عن السودان في 2011.\n"
            "وقتل عشرات الآلاف، بينما فر ثلث السكان من منازلهم.")
    (c,) = _kept(text, D(2018, 2, 23), "Killing")
    assert c.time_source == "article"
