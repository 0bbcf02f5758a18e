"""Who acts, from the clause (kg.extract.arguments, kg.extract.roles): a title without a name is the person
named before with that title; verb, subject, object with an event noun as the object; the counted noun's
group after a number; protests by the protesters the text names. Sentences quoted from articles of the ANT
corpus (ids in the comments), none annotated in the dev set or among the five samples."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.recognize.registry import get_recognizer
from tests.extract.reading import read as read_text


def read(text: str, recognizer, published=dt.date(2018, 5, 10)):
    _, events, mentions = read_text(text, recognizer, published)
    return events, mentions


def actors(mentions, e) -> set[str]:
    return {mentions[i].anchor for i in (*e.agents, *e.speakers)}


@pytest.mark.parametrize("text, name", [
    # AL-internationalNews-586-20180323
    ("كشف وزير الداخلية الفرنسي جيرار كولومب، الجمعة، عن أن منفذ الهجوم تحرك بمفرده. وقال وزير الداخلية"
     " الفرنسي إن المشتبه به طالب بإطلاق سراح المهاجم الناجي الوحيد.", "جيرار كولومب"),
    # BB-internationalNews-104-20180306
    ("قال وزير الخارجية البريطاني بوريس جونسون إن المملكة المتحدة سترد بقوة. وقال وزير الخارجية البريطاني"
     " إنه لا يوجه أصابع الاتهام لأحد في هذه المرحلة.", "بوريس جونسون"),
])
def test_a_title_without_a_name_is_the_person_named_before_with_it(recognizer, text, name):
    events, mentions = read(text, recognizer)
    statements = [e for e in events if e.cls == "Statement"]
    assert len(statements) == 2, [(e.anchor, e.cls) for e in events]
    assert name in actors(mentions, statements[1])


def test_a_title_of_another_country_is_not_that_person(recognizer):
    # BB-internationalNews-104-20180306, the second title changed to another country's minister
    text = ("قال وزير الخارجية البريطاني بوريس جونسون إن المملكة المتحدة سترد بقوة. وقال وزير الخارجية الفرنسي"
            " إنه لا يوجه أصابع الاتهام لأحد في هذه المرحلة.")
    events, mentions = read(text, recognizer)
    assert all("بوريس جونسون" not in actors(mentions, e) for e in events if e.sentence == 1)


@pytest.mark.parametrize("text, parties", [
    # SK-internationalNews-3066-20180817
    ("أبرمت ألمانيا واليونان اتفاقا ينص على استعادة المهاجرين الذين يصلون إلى الأراضي الألمانية.",
     {"ألمانيا", "اليونان"}),
    # SK-internationalNews-2940-20180810
    ("وقعت باكستان وروسيا اتفاقا دفاعيا غير مسبوق هذا الأسبوع لتدريب القوات الباكستانية.", {"باكستان", "روسيا"}),
])
def test_the_subject_of_the_verb_makes_the_agreement_its_object(recognizer, text, parties):
    events, mentions = read(text, recognizer)
    agreement = next(e for e in events if e.cls == "Agreement")
    assert parties <= {mentions[i].anchor for i in agreement.agents}


def test_protests_are_by_the_protesters_the_sentence_names(recognizer):
    # BB-middleEast-668-20180626
    text = ("وتقول التقارير إن الاحتجاجات مستمرة لليوم الثالث على التوالي في طهران، حيث يطالب المتظاهرون بحل"
            " لتدهور الحالة الاقتصادية للبلاد.")
    events, mentions = read(text, recognizer)
    protest = next(e for e in events if e.cls == "Protest")
    assert "المتظاهرون" in {mentions[i].anchor for i in protest.agents}


@pytest.mark.parametrize("text, name", [
    # BB-internationalNews-101-20180305: a deputy's title, the name between commas
    ("قال نائب وزير الخارجية الروسي، سيرغي ريابكوف، إن موسكو لديها أدلة على أن الولايات المتحدة تحاول التدخل في"
     " الانتخابات الرئاسية الروسية.", "سيرغي ريابكوف"),
    # SK-internationalNews-352-20180314
    ("وقال نائب المفتش العام للشرطة، حيدر أشرف، إن القنبلة انفجرت حين كانت الشرطة تجري تبديلا للحراسة.",
     "حيدر أشرف"),
])
def test_the_person_a_long_title_names_speaks(recognizer, text, name):
    events, mentions = read(text, recognizer)
    statement = next(e for e in events if e.cls == "Statement")
    assert name in actors(mentions, statement)


@pytest.mark.parametrize("text, parties", [
    # BB-economy-242-20180819
    ("وجاء الإعلان عن الاستثمار القطري عقب اجتماع بين أمير قطر، تميم بن حمد آل ثاني، والرئيس التركي رجب طيب"
     " أردوغان في أنقرة.", {"رجب طيب أردوغان"}),
    # BB-internationalNews-605-20180604
    ("أُقيل أكبر ثلاثة قادة عسكريين في كوريا الشمالية قبل أيام مع القمة بين الزعيم الكوري كيم جونغ أون والرئيس"
     " الأمريكي دونالد ترامب.", {"كيم جونغ أون", "دونالد ترامب"}),
])
def test_a_title_after_and_opens_the_next_party(text, parties):
    # و + a title the (default, combined) recognizer keeps apart from the name: the next party of the meeting
    events, mentions = read(text, get_recognizer("combined"))
    meeting = [e for e in events if e.cls == "Meeting"]
    assert meeting, [(e.anchor, e.cls) for e in events]
    assert parties <= {mentions[i].anchor for e in meeting for i in e.agents}


@pytest.mark.parametrize("text, name", [
    # BB-culture-336-20181016: a noun, then the person between commas
    ("قالت الممثلة، نيكول كيدمان، إن زواجها من الممثل توم كروز وفر لها حماية من التحرش الجنسي.", "نيكول كيدمان"),
    # BB-internationalNews-171-20180317
    ("وقال المحامي، مايكل أفيناتي، إن رفع الدعوى من جانب شركة قانونية تمثل ترامب أمر غير مسبوق.", "مايكل أفيناتي"),
])
def test_a_noun_and_the_person_between_commas_speak(text, name):
    events, mentions = read(text, get_recognizer("combined"))
    statement = next(e for e in events if e.cls == "Statement")
    assert name in actors(mentions, statement)


def test_each_country_adjective_of_an_event_noun_names_an_agent(recognizer):
    # FR-internationalNews-2012-20180625 (two sentences of the article): غارات روسية وسورية
    text = ("وتشكل المنطقة محور محادثات تتولاها روسيا مع الأمريكيين والإسرائيليين والأردنيين. وتحاول قوات النظام كذلك"
            " التقدم على محور ثان في ريف درعا الشرقي عبر السيطرة على بلدة بصر الحرير التي تتعرض لغارات روسية"
            " وسورية.")
    events, mentions = read(text, recognizer)
    strikes = [e for e in events if e.cls == "Airstrike"]
    assert strikes, [(e.anchor, e.cls) for e in events]
    assert {"روسيا"} <= {mentions[i].anchor for i in strikes[0].agents}
    assert {"RU", "SY"} <= {mentions[i].country for i in strikes[0].agents}


@pytest.mark.parametrize("text", [
    # AL-internationalNews-465-20180314
    "أعلنت تيريزا ماي رئيسة الحكومة البريطانية أن بريطانيا ستقاطع كأس العالم القادم في روسيا. وقالت ماي أمام مجلس"
    " العموم البريطاني، الأربعاء، إن الدبلوماسيين أمامهم مهلة أسبوع لمغادرة البلاد.",
    # AL-internationalNews-1938-20180715
    "حذرت رئيسة وزراء بريطانيا، تيريزا ماي، من احتمال ألا يكون هناك خروج من الاتحاد الأوروبي على الإطلاق. وقالت"
    " ماي، في صحيفة ميل أون صنداي، إن رسالتي للبلاد في نهاية هذا الأسبوع بسيطة.",
])
def test_a_last_name_alone_is_the_person_named_before(recognizer, text):
    events, mentions = read(text, recognizer)
    said = [e for e in events if e.cls == "Statement" and e.sentence == 1]
    assert said, [(e.anchor, e.cls, e.sentence) for e in events]
    assert "تيريزا ماي" in actors(mentions, said[0])
