"""Places (kg.extract.places): where each event happens, on sentences of the ANT news corpus."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.reading import read

D = dt.date


def _places(text: str, recognizer, published: dt.date, cls: str) -> list[list[str]]:
    an, _, _ = read(text, recognizer, published)
    return [[an.doc.mentions[p].anchor for p in c.places] for c in an.cands if c.cls == cls and not c.drop]


@pytest.mark.parametrize("text, published, cls, place", [
    # SK-middleEast-2194-20180606: «وفي مدينة X،» opening the sentence is where the protest is
    ("وفي مدينة يزد، تظاهر منتجو الدواجن أمام مقر محافظ المدينة، احتجاجا على ارتفاع تكلفة علف الدواجن ، مما "
     "أدى إلى إفلاس العديد منهم.", D(2018, 6, 6), "Protest", "مدينة يزد"),
    # AL-internationalNews-1112-20180511: and where a statement is made
    ("وفي موسكو، أعلن الكرملين في بيان أن الرئيسين شددا على أن الحفاظ على الاتفاق مهم جداً بالنسبة إلى الأمن "
     "الدولي.", D(2018, 5, 11), "Statement", "موسكو"),
])
def test_a_fronted_locative_phrase_sets_the_scene(recognizer, text, published, cls, place):
    assert [place] in _places(text, recognizer, published, cls)


def test_a_fronted_place_is_not_the_place_of_what_is_reported(recognizer):
    # AL-internationalNews-1112-20180511: the agreement the Kremlin speaks of was not made in Moscow
    text = ("وفي موسكو، أعلن الكرملين في بيان أن الرئيسين شددا على أن الحفاظ على الاتفاق مهم جداً بالنسبة إلى "
            "الأمن الدولي.")
    assert _places(text, recognizer, D(2018, 5, 11), "Agreement") == [[]]


def test_a_time_phrase_opening_the_sentence_gives_no_place(recognizer):
    # AL-internationalNews-1089-20180509
    text = "وفي وقت سابق، قال لاريجاني إن الرئيس الأميركي لا يصلح لمنصبه."
    assert _places(text, recognizer, D(2018, 5, 9), "Statement") == [[]]


def test_a_capital_named_for_its_government_is_no_scene(recognizer):
    # SK-internationalNews-1131-20180424 (two of its sentences): «حكم نيودلهي» names the government; the
    # killing of the next sentence is not in New Delhi, neither as the last place named nor as the
    # article's main city
    text = ("وأحيا جيل جديد من المتمردين، خاصة في الأجزاء الجنوبية من المنطقة المتنازع عليها، حركة التمرد وتحدوا "
            "حكم نيودلهي بالسلاح والاستخدام الفعال لمواقع التواصل الاجتماعي .\n"
            "وأرسلت السلطات تعزيزات من قوات الشرطة والجيش لتطويق المنطقة، ما أدى إلى تجدد إطلاق النار أسفر عن "
            "مقتل مسلح.")
    assert _places(text, recognizer, D(2018, 4, 24), "Killing") == [[]]


@pytest.mark.parametrize("text, published, cls, place", [
    # BB-internationalNews-615-20180606: «في القطاع» is the strip named before
    ("أعربت رئيسة الوزراء البريطانية تيريزا ماي عن قلق بلادها من العنف الإسرائيلي في قطاع غزة الذي تسبب في "
     "مقتل عشرات الفلسطينيين خلال المظاهرات التي جرت أخيرا في القطاع.", D(2018, 6, 6), "Protest", "قطاع غزة"),
    # AL-internationalNews-1401-20180531: the country visited is where the meeting is
    ("وسبق وزار الشيخ محمد بن زايد روسيا، حيث تركزت مباحثاته مع بوتين على التعاون التجاري والاقتصادي بين "
     "البلدين.", D(2018, 5, 31), "Meeting", "روسيا"),
])
def test_a_place_named_by_a_definite_noun_or_visited(recognizer, text, published, cls, place):
    assert [place] in _places(text, recognizer, published, cls)


def test_a_place_noun_with_an_adjective_is_no_anaphor(recognizer):
    # BB-middleEast-814-20180730: «في القطاع الغربي من ريف درعا» is a sector of the countryside, not a strip
    # named before
    text = ("وقال المرصد السوري لحقوق الإنسان إن هناك اشتباكات عنيفة تدور على محاور في منطقة حوض اليرموك الواقع "
            "في القطاع الغربي من ريف درعا، بين جيش خالد بن الوليد المبايع لتنظيم الدولة الإسلامية وقوات الحكومة "
            "السورية.")
    assert ["قطاع"] not in [[p[:5]] for ps in _places(text, recognizer, D(2018, 7, 30), "Clash") for p in ps]


@pytest.mark.parametrize("text, published, place", [
    # SK-internationalNews-2122-20180613
    ("وقال وزير الخارجية الأميركي مايك بومبيو، خلال مؤتمر صحفي بسيول، إن لدى واشنطن أملا كبيرا بأن يتم نزع "
     "القسم الأكبر من السلاح النووي الكوري الشمالي.", D(2018, 6, 13), "سيول"),
    # SK-middleEast-2165-20180605
    ("وقال تشاووش أوغلو، في مؤتمر صحفي بواشنطن، إن الهدف من خريطة الطريق تلك هو تطهير منبج من كل التنظيمات "
     "الإرهابية.", D(2018, 6, 5), "واشنطن"),
])
def test_a_phrase_set_off_by_commas_says_where_words_were_said(recognizer, text, published, place):
    first = _places(text, recognizer, published, "Statement")[0]  # the verb of saying
    assert first == [place]


@pytest.mark.parametrize("text, published, cls, place", [
    # FR-internationalNews-534-20180320: «غارة جوية استهدفت مدينة دوما»: the raids' target is where they are
    ("وأفاد المرصد السوري لحقوق الإنسان الثلاثاء عن تنفيذ طائرات حربية بعد منتصف الليل أكثر من 15 غارة جوية "
     "استهدفت مدينة دوما، تزامنا مع استهداف قوات النظام لبلدة عين ترما بقصف صاروخي مكثف.", D(2018, 3, 20),
     "Attack", "مدينة دوما"),
    # SK-middleEast-2301-20180610
    ("وقتل عشرة من الضحايا وفق المرصد، في غارات استهدفت بلدة تفتناز، أدت كذلك الى جعل مستشفى للأطفال قريب من "
     "الموقع المستهدف خارج الخدمة جراء تضرره.", D(2018, 6, 10), "Airstrike", "بلدة تفتناز"),
])
def test_the_object_of_a_verb_of_striking_is_where_the_strike_is(recognizer, text, published, cls, place):
    assert [place] in _places(text, recognizer, published, cls)
