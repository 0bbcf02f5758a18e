"""Trigger rows (kg/lexicons/triggers.tsv) and their conditions, on sentences of the ANT news corpus."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.events import final_drop
from kg.extract.explain import explain_text

D = dt.date


def _events(sentence: str, published: dt.date) -> list:
    an = explain_text(sentence, published, "combined").analysis  # the recognizer kg build uses
    return [c for c in an.cands if not final_drop(an, c)]


@pytest.mark.parametrize("sentence, published, cls, year", [
    # BB-middleEast-1006-20181001: أطلق … صواريخ is a missile attack
    ("قال الحرس الثوري الإيراني إنه أطلق صواريخ على شرقي سوريا، مستهدفا قادة هجوم دامٍ على عرض عسكري في الأهواز.",
     D(2018, 10, 1), "Shelling", None),
    # SK-middleEast-3931-20181017: قام بزيارة (the support verb gives the visit its subject and time)
    ("وفي ديسمبر 2017، قام الرئيس بوتن بزيارة لمصر وقع خلالها اتفاق مشروع الضبعة النووي بين مصر وروسيا.",
     D(2018, 10, 17), "Meeting", 2017),
    # SK-middleEast-3165-20180729: a dated intervention
    ("وتدخلت روسيا في سوريا أواخر عام 2015، واستطاعت أن ترجح كفة الجيش السوري.", D(2018, 7, 29), "Offensive", 2015),
    # AL-economy-729-20180531: a dated uprising
    ("وسقطت تونس في ركود اقتصاد حاد في أعقاب الإطاحة بالرئيس زين العابدين بن علي في انتفاضة شعبية في 2011.",
     D(2018, 5, 31), "Protest", 2011),
    # BB-internationalNews-239-20180328: اندلعت … في عام 2015 (a support verb of beginning)
    ("واندلعت الاحتجاجات المناهضة للحكومة في عام 2015 بسبب نزاع بين المواطنين والحكومة حول ملكية بعض الأراضي.",
     D(2018, 3, 28), "Protest", 2015),
])
def test_new_triggers_are_events(sentence, published, cls, year):
    found = [c for c in _events(sentence, published) if c.cls == cls]
    assert found, [(c.cls, c.drop) for c in explain_text(sentence, published).analysis.cands]
    if year is not None:
        assert found[0].time_source == "text" and found[0].time.earliest.year == year


@pytest.mark.parametrize("sentence, published, cls", [
    # BB-internationalNews-1176-20181010: أطلق سراح is a release, not a missile
    ("وأطلق سراح رجل اعتقل الثلاثاء في بلغاريا دون توجيه أي اتهامات ضده.", D(2018, 10, 10), "Shelling"),
    # SK-internationalNews-2037-20180609: fighting as a state, undated (تحارب لفرض سطوتها)
    ("وأوصى رجال الدين أيضا بوقف إطلاق النار مع طالبان، التي تحارب لفرض سطوتها.", D(2018, 6, 9), "Clash"),
])
def test_trigger_conditions_keep_other_senses_out(sentence, published, cls):
    assert not [c for c in _events(sentence, published) if c.cls == cls]
