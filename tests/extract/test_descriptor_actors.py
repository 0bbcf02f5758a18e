"""Collective actors named by a descriptor (kg/lexicons/actors.tsv: a head, an optional country adjective)
act in events: the coalition fighting in a country, security forces and police, protesters. Sentences
quoted from articles of the ANT corpus (ids in the comments), none annotated in the dev set or among the
five samples."""
from __future__ import annotations


import pytest

from tests.extract.reading import read


@pytest.mark.parametrize("text, cls, agent, role", [
    # AL-internationalNews-309-20180302
    ("إلى ذلك، شنت مقاتلات التحالف العربي، الجمعة، غارات مكثفة على مواقع عسكرية خاضعة لسيطرة الحوثيين جنوب"
     " وغرب العاصمة صنعاء.", "Airstrike", "التحالف العربي", "coalition"),
    # BB-middleEast-177-20180312
    ("واعتقلت قوات الأمن الإيرانية شقيقتها خلال إغارة ليلية على منزل والدها في طهران.", "Arrest",
     "قوات الأمن الإيرانية", "security-forces"),
    # BB-internationalNews-1081-20180911
    ("اعتقلت الشرطة الهندية في ولاية كارناتاكا رجلا قيل إنه حضر إلى قسم الشرطة.", "Arrest", "الشرطة الهندية",
     "security-forces"),
])
def test_a_descriptor_actor_acts(recognizer, text, cls, agent, role):
    _, events, mentions = read(text, recognizer)
    found = [e for e in events if e.cls == cls]
    assert found, [(e.anchor, e.cls) for e in events]
    agents = [mentions[i] for i in found[0].agents]
    assert agent in {m.anchor for m in agents}
    assert all(m.role == role for m in agents if m.anchor == agent)


@pytest.mark.parametrize("text, anchor, role, country", [
    # SK-middleEast-1882-20180523: the armed forces of a country, by its adjective
    ("وكانت القوات المسلحة الإماراتية، العاملة ضمن قوات التحالف العربي لدعم الشرعية باليمن أعلنت تدمير زورقين.",
     "القوات المسلحة الإماراتية", "government-forces", "AE"),
    # CN-middleEast-1304-20180907
    ("أعربت وزارة الخارجية العراقية عن أسفها العميق بعد أن اقتحم متظاهرون مقر القنصلية الإيرانية في البصرة.",
     "متظاهرون", "protesters", "IQ"),
])
def test_descriptor_actors_are_recognized(recognizer, text, anchor, role, country):
    mentions = recognizer(text)
    got = [m for m in mentions if m.anchor == anchor]
    assert got, [(m.anchor, m.key) for m in mentions]
    assert got[0].role == role
    assert got[0].key.endswith(":" + country)


@pytest.mark.parametrize("text, anchor, role, country", [
    # BB-middleEast-433-20180502: a country's air force, by its head and adjective
    ("وأشار المصدر إلى الضربة العسكرية البريطانية التي نفذت في 9 يناير من العام الماضي عندما أطلق سلاح الجو"
     " البريطاني صاروخاً من طراز بريمستون.", "سلاح الجو البريطاني", "government-forces", "GB"),
])
def test_forces_of_a_country_by_their_head(recognizer, text, anchor, role, country):
    mentions = recognizer(text)
    got = [m for m in mentions if m.anchor == anchor]
    assert got, [(m.anchor, m.key) for m in mentions]
    assert got[0].role == role and got[0].key.endswith(":" + country)


def test_fighters_evacuated_with_civilians_are_both_named(recognizer):
    # FR-internationalNews-2424-20180721: the counted fighters and civilians of an evacuation
    text = ("من جهة أخرى، بدأت عصر الجمعة، عمليات إجلاء مئات المقاتلين والمدنيين من القنيطرة باتجاه الشمال السوري،"
            " بموجب اتفاق أبرمته روسيا مع الفصائل المعارضة بالمحافظة.")
    _, events, mentions = read(text, recognizer)
    evacuation = next(e for e in events if e.cls == "Evacuation")
    named = {mentions[i].role for i in (*evacuation.agents, *evacuation.targets)}
    assert {"opposition", "civilians"} <= named
