"""Who takes part (kg.extract.arguments, kg.extract.roles): the genitive of an event noun that is a title and
its person (زيارة وزير الخارجية الأمريكي، مايك بومبيو، …) is that person; a بين list goes on past a
description of a party (a parenthesis, a relative clause) to the parties joined by و and the names after it;
«قوات الشرعية» and «قوات السلطة» are descriptors of the government's forces; «هذه القوات» is the armed
actor named before with that head noun. Sentences quoted from articles of the ANT corpus
(ids in the comments), none annotated in the dev set or among the five samples. A delegation (بوفد من Y،
مع ممثلين عن Y) makes the body Y a party."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.reading import read as read_text


def read(text: str, recognizer):
    _, events, mentions = read_text(text, recognizer, dt.date(2018, 6, 30))
    return events, mentions


def who(mentions, e) -> set[str]:
    return {mentions[i].anchor for i in (*e.agents, *e.speakers)}


@pytest.mark.parametrize("text, cls, person", [
    # BB-internationalNews-488-20180510
    ("وجاء الإفراج عن الأمريكيين الثلاثة خلال زيارة وزير الخارجية الأمريكي، مايك بومبيو، لبيونغيانغ لترتيب"
     " تفاصيل الاجتماع.", "Meeting", "مايك بومبيو"),
    # BB-middleEast-410-20180426
    ("وجاءت تصريحات خامنئي في أعقاب زيارة الرئيس الفرنسي، إيمانويل ماكرون، لواشنطن التي استغرقت ثلاثة أيام.",
     "Meeting", "إيمانويل ماكرون"),
])
def test_a_title_and_its_person_in_the_genitive_take_part(recognizer, text, cls, person):
    events, mentions = read(text, recognizer)
    event = next(e for e in events if e.cls == cls)
    assert person in who(mentions, event)


def test_a_between_list_goes_on_past_a_parenthesis(recognizer):
    # FR-internationalNews-2082-20180630
    text = ("وقتل اثنان من منفذي هذا الهجوم الذي وقع قبل ثلاثة أيام من لقاء بين قادة مجموعة دول الساحل الخمس (مالي"
            " وبوركينا فاسو والنيجر وموريتانيا وتشاد) والرئيس الفرنسي إيمانويل ماكرون.")
    events, mentions = read(text, recognizer)
    meeting = next(e for e in events if e.cls == "Meeting")
    assert {"مالي", "تشاد", "إيمانويل ماكرون"} <= who(mentions, meeting)


def test_the_forces_of_legitimacy_are_the_governments_forces(recognizer):
    # AL-internationalNews-1129-20180511
    text = "سيطرت قوات الشرعية اليمنية، الجمعة، على منطقة وجبال كهبوب الاستراتيجية، بأطراف مديرية المضاربة."
    events, mentions = read(text, recognizer)
    taken = next(e for e in events if e.cls == "TakeControl")
    agent = mentions[taken.agents[0]]
    assert agent.anchor.startswith("قوات الشرعية") and agent.role == "government-forces"


def test_these_forces_are_the_forces_named_before(recognizer):
    # FR-internationalNews-2106-20180702
    text = ("وإذا تمت السيطرة على الحديدة التي يسكنها نحو 600 ألف شخص، فسيكون ذلك أكبر انتصار عسكري لقوات السلطة"
            " المعترف بها دوليا في مواجهة الحوثيين منذ استعادة هذه القوات خمس محافظات من أيديهم في 2015.")
    events, mentions = read(text, recognizer)
    retaken = next(e for e in events if e.cls == "TakeControl" and mentions[e.agents[0]].anchor == "قوات السلطة")
    assert "الحوثيين" not in who(mentions, retaken)


@pytest.mark.parametrize("text, person", [
    # FR-internationalNews-923-20180425: an envoy's title, its body, then «إلى» the country, then the name
    ('وقال موفد الأمم المتحدة إلى سوريا ستافان دي ميستورا "لم نتوقع اختراقا سياسيا اليوم".', "ستافان دي ميستورا"),
])
def test_an_envoy_to_a_country_speaks_with_the_body_he_is_the_envoy_of(recognizer, text, person):
    events, mentions = read(text, recognizer)
    statement = next(e for e in events if e.cls == "Statement")
    assert {person, "الأمم المتحدة"} <= who(mentions, statement)


def test_a_delegation_from_a_body_makes_the_body_a_party(recognizer):
    # BB-middleEast-295-20180405: التقى X بوفد من Y
    text = "وبعد أن التقى الرئيس الفرنسي إيمانويل ماكرون بوفد من قوات سوريا الديمقراطية الشهر الماضي، كانت هناك توترات."
    events, mentions = read(text, recognizer)
    meeting = next(e for e in events if e.cls == "Meeting")
    assert {"إيمانويل ماكرون", "قوات سوريا الديمقراطية"} <= who(mentions, meeting)
