"""Who backs an event, who is listed with whom, whom a person works for (kg.extract.clause, kg.extract.roles,
kg.extract.doc): a country adjective after a support phrase names the backing country (بغطاء جوي روسي), so
does a country's forces (بدعم من القوات الأميركية); a list of actors with commas and و before its verb is
its subject; an apposition after a name (X، الذي يرأس Y; X، المسؤول … بمنظمة Y) names the body the person
speaks for, unless a name follows it (the title of that next person). Sentences quoted from articles of
the ANT corpus (ids in the comments), none annotated in the dev set or among the five samples."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.reading import read as read_text


def read(text: str, recognizer, published=dt.date(2018, 7, 21)):
    _, events, mentions = read_text(text, recognizer, published)
    return events, mentions


def anchors(mentions, ids) -> set[str]:
    return {mentions[i].anchor for i in ids}


@pytest.mark.parametrize("text, cls, backer", [
    # SK-middleEast-3029-20180721 (the first sentence names the country, as the article does)
    ("الولايات المتحدة وروسيا. ومن المتوقع أن يشن النظام السوري، مدعوما بغطاء جوي روسي، معارك ضد داعش على عدة"
     " محاور.", "Clash", "روسيا"),
    # SK-middleEast-761-20180403
    ("تصر الولايات المتحدة على موقفها الداعم للقوات الكردية. وسيطرت القوات الكردية على مدينة منبج في أغسطس"
     " 2016، بدعم من القوات الأميركية بعد أن طردت منها تنظيم داعش الإرهابي.", "TakeControl", "الولايات المتحدة"),
])
def test_a_country_adjective_or_a_countrys_forces_name_the_backing_country(recognizer, text, cls, backer):
    events, mentions = read(text, recognizer)
    event = next(e for e in events if e.cls == cls)
    assert backer in anchors(mentions, event.allies)
    assert backer not in anchors(mentions, (*event.agents, *event.targets))


def test_a_support_phrase_set_off_by_a_comma_after_the_event_names_its_backer(recognizer):
    # BB-middleEast-727-20180713, shortened: the attack noun, a comma, مدعومة بغطاء جوي + a country adjective
    text = ("قال التحالف الذي تقوده الولايات المتحدة إنه نفذ ضربة جوية. وتشن القوات الحكومية السورية هجوما بريا،"
            " مدعومة بغطاء جوي روسي، على مسلحي التنظيم. وتقول روسيا إن الهجوم مستمر.")
    events, mentions = read(text, recognizer)
    attack = next(e for e in events if e.sentence == 1 and e.cls in ("Attack", "Offensive"))
    assert "روسيا" in anchors(mentions, attack.allies)


def test_a_list_with_commas_and_wa_before_its_verb_is_its_subject(recognizer):
    # CN-economy-149-20180809
    text = ("ويذكر أن جامعة الدول العربية، ومجلس التعاون الخليجي ومصر والإمارات والبحرين والأردن، أكدوا تضامنهم مع"
            " السعودية في أزمتها مع كندا.")
    events, mentions = read(text, recognizer)
    statement = next(e for e in events if e.cls == "Statement")
    assert {"جامعة الدول العربية", "مجلس التعاون الخليجي", "مصر", "الأردن"} <= anchors(mentions, statement.speakers)
    assert "السعودية" not in anchors(mentions, statement.speakers)


def test_a_person_who_heads_a_body_speaks_for_it(recognizer):
    # BB-internationalNews-1085-20180911
    text = ("هدد وزير الداخلية الإيطالي ونائب رئيس الوزراء ماتيو سالفيني، الذي يرأس حزب الرابطة المتطرف المناهض"
            " للهجرة، بقطع تمويل بلاده عن الأمم المتحدة.")
    events, mentions = read(text, recognizer)
    statement = next(e for e in events if e.cls == "Statement")
    said = anchors(mentions, statement.speakers)
    assert "ماتيو سالفيني" in said and any(s.startswith("حزب الرابطة") for s in said), said


def test_a_title_before_another_name_is_not_the_first_persons_body(recognizer):
    # SK-internationalNews-331-20180313: Trump dismissed the official, he does not speak for the ministry
    text = ("أقال الرئيس الأميركي دونالد ترامب، المسؤول بوزارة الخارجية ستيف غولدشتاين، بسبب التغريدات التي نشرها"
            " الأخير. وقال ترامب إنه اختلف مع تيلرسون.")
    events, mentions = read(text, recognizer)
    statement = next(e for e in events if e.cls == "Statement" and e.sentence == 1)
    assert not any("وزارة الخارجية" in s for s in anchors(mentions, statement.speakers))
