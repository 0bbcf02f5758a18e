"""People's names: whole extents, common phrases dropped, mined names found without a title.

Sentences are quoted from ANT news articles (ids in comments), not from the evaluation articles.
"""
from __future__ import annotations

import pytest

from kg.model import Mention
from kg.recognize import persons
from kg.recognize.consistency import make_consistent
from kg.recognize.persons import known_names, refine_persons


def mention(text: str, anchor: str, kind: str = "Person", source: str = "crf", key: str = "") -> Mention:
    begin = text.index(anchor)
    return Mention(begin, begin + len(anchor), anchor, kind=kind, source=source, key=key, confidence=0.9)


@pytest.mark.parametrize("text, found, whole", [
    # a three-part Arabic name cut after its first word (BB-middleEast-822-20180801)
    ("حقن الدماء ووقف العدوان على اليمن. وقال محمد علي الحوثي رئيس اللجنة الثورية العليا", "محمد",
     "محمد علي الحوثي"),
    # a compound foreign given name (AL-culture-384-20180519)
    ("قد يفوز المخرج الفرنسي السويسري، جان لوك غودار، بإحدى جوائز المهرجان", "جان", "جان لوك غودار"),
    # the hyphen is inside a Korean name (AL-internationalNews-1563-20180611)
    ("وفي هذا الصدد، قال الأستاذ بجامعة دونغكوك كيم يونغ-هيون إن اتفاقية القمة", "كيم يونغ", "كيم يونغ-هيون"),
    # a word hyphened to the next is a compound name (AL-internationalNews-1348-20180527)
    ("أعلن الرئيس الكوري الجنوبي، مون جاي-إن، الأحد، أن الزعيم الكوري", "مون", "مون جاي-إن"),
    # a given name before the mention is taken in (AL-internationalNews-1763-20180624)
    ("الصعفاني، وهاشم العزي محمد إسماعيل المتوكل، وعاصم صالح علي الصباح، وعبدالله", "إسماعيل المتوكل",
     "محمد إسماعيل المتوكل"),
])
def test_a_name_goes_on(text, found, whole):
    out = refine_persons(text, [mention(text, found)])
    assert [m.anchor for m in out] == [whole]
    assert all(text[m.begin:m.end] == m.anchor for m in out)


@pytest.mark.parametrize("text, found", [
    # a circumstantial adjective and a verb after a full name stay out (AL-internationalNews-1030-20180506 style)
    ("وقال محمد علي العبادي بعد خروجه من مكتب الاقتراع", "محمد علي العبادي"),
    ("الزعيم الكوري الشمالي كيم جونغ-أون، في 12 حزيران/يونيو", "كيم جونغ-أون"),
    # a very common elative after a name is its predicate (AL-sport-1391-20180501, BB-sport-145-20180506)
    ("البحث عن طريقة لضم محمد صلاح أفضل لاعب في الدوري الإنجليزي", "محمد صلاح"),
    ("هل يصبح محمد صلاح أفضل لاعب في العالم؟", "محمد صلاح"),
])
def test_a_name_stops(text, found):
    out = refine_persons(text, [mention(text, found)])
    assert [m.anchor for m in out] == [found]


def test_a_person_key_follows_the_new_extent():
    text = "حقن الدماء ووقف العدوان على اليمن. وقال محمد علي الحوثي رئيس اللجنة الثورية العليا"
    out = refine_persons(text, [mention(text, "محمد", key="person:محمد")])
    assert out[0].key == "person:محمد علي الحوثي" and out[0].label_ar == "محمد علي الحوثي"


@pytest.mark.parametrize("text, phrase", [
    # a common word after a title is no name (AL-sport-40-20180216)
    ("لإجراء الانتخابات لاختيار الرئيس الجديد الذي سيحل مكان أنخيل ماريا فيار", "الرئيس الجديد"),
    # a given name alone, the rest of the name lost, is no one (AL-culture-384-20180519)
    ("قد يفوز المخرج الفرنسي السويسري، جان، بإحدى جوائز المهرجان", "جان"),
])
def test_a_common_phrase_is_no_person(text, phrase):
    assert refine_persons(text, [mention(text, phrase)]) == []


def test_a_function_word_opening_a_mention_is_left_out():
    # BB-internationalNews-36-20180210
    text = "نائب الرئيس الأمريكي السابق، أن ترامب قلل من أهمية المزاعم ضد بورتر."
    out = refine_persons(text, [mention(text, "أن ترامب")])
    assert [m.anchor for m in out] == ["ترامب"]


@pytest.mark.parametrize("text, found, name", [
    # a given name spelt like a function word once normalized stays (AL-internationalNews-66-20140117)
    ("بل إن الأمين العام للأمم المتحدة بان كي مون، حذر منها", "بان كي مون", "بان كي مون"),
    # a common word with a pronoun suffix after the name is the sentence's (AL-culture-166-20180314)
    ("الفنان الكويتي عبدالله الباروني لفظ أنفاسه الأخيرة، عندما توقف قلبه", "الباروني لفظ أنفاسه", None),
])
def test_edges(text, found, name):
    out = refine_persons(text, [mention(text, found)])
    if name is None:
        assert all(not m.anchor.endswith("أنفاسه") for m in out)
    else:
        assert [m.anchor for m in out] == [name]


def test_a_name_cut_inside_a_word_is_joined():
    # the model read the first letter of the second name as a preposition (AL-culture-384-20180519)
    text = "قد يفوز المخرج الفرنسي السويسري، جان لوك غودار، بإحدى جوائز المهرجان"
    b = text.index("لوك") + 1
    cut = Mention(b, text.index("غودار") + 5, text[b:text.index("غودار") + 5], kind="Person", source="crf")
    out = refine_persons(text, [mention(text, "جان"), cut])
    assert [m.anchor for m in out] == ["جان لوك غودار"]


def test_other_kinds_pass_untouched():
    text = "وقال محمد علي الحوثي رئيس اللجنة الثورية العليا"
    m = mention(text, "اللجنة الثورية العليا", kind="Organization")
    assert refine_persons(text, [m]) == [m]


def test_the_whole_name_lends_its_surname(monkeypatch):
    # the surname alone is linked once the first mention has its whole extent
    text = "وقال محمد علي الحوثي رئيس اللجنة الثورية العليا إن الحوثي مستعد للحوار."
    out = make_consistent(text, refine_persons(text, [mention(text, "محمد")]))
    assert [m.anchor for m in out] == ["محمد علي الحوثي", "الحوثي"]
    assert out[0].key == out[1].key


@pytest.fixture
def mined(monkeypatch):
    names = {"معمر": (("معمر", "القذافي"),), "جان": (("جان", "لوك", "غودار"),)}
    monkeypatch.setattr(persons, "_known_names", lambda: names)


def test_a_mined_name_is_found_without_a_title(mined):
    # FR-middleEast style: a name after a preposition, no title before it
    text = "واتهم بتلقي أموال من ليبيا ولمعمر القذافي دور في ذلك"
    out = known_names(text, [], [])
    assert [(m.anchor, m.kind, m.source) for m in out] == [("معمر القذافي", "Person", "names")]
    assert out[0].key == "person:معمر القذافي"


def test_a_mined_name_inside_a_longer_model_person_is_left_to_it(mined):
    text = "قد يفوز المخرج جان لوك غودار الابن بإحدى جوائز المهرجان"
    longer = mention(text, "جان لوك غودار الابن")
    assert known_names(text, [], [longer]) == []


def test_the_shipped_list_loads():
    names = persons._known_names()
    assert all(len(n) >= 2 for group in names.values() for n in group)


def inside(text: str, word: str, anchor_from: str, end_word: str) -> Mention:
    """A model mention that begins inside ``word`` (after a clitic letter) and runs to the end of ``end_word``."""
    begin = text.index(word) + word.index(anchor_from)
    end = text.index(end_word, text.index(word)) + len(end_word)
    return Mention(begin, end, text[begin:end], kind="Person", source="crf", confidence=0.9)


@pytest.mark.parametrize("text, word, anchor_from, end_word, name", [
    # the model left the conjunction out: the name's first word is still the name's (AL-internationalNews-1215-20180517)
    ("أن الشخصين هما محمد بزي وعبد الله صفي الدين", "وعبد", "عبد", "الدين", "عبد الله صفي الدين"),
    # a mention beginning inside a word does not take the word after it (BB-sport-204-20180612)
    ("وكان قديروف قد اكد في حديث لبي بي سي", "قديروف", "ديروف", "قديروف", "ديروف"),
])
def test_a_mention_beginning_inside_a_word(text, word, anchor_from, end_word, name):
    out = refine_persons(text, [inside(text, word, anchor_from, end_word)])
    assert [m.anchor for m in out] == [name]
    assert all(text[m.begin:m.end] == m.anchor for m in out)


@pytest.mark.parametrize("text, found, name", [
    # ان written without its hamza is أن, no given name (AL-economy-187-20180307)
    ("اعتبار الرئيس الاميركي دونالد ترامب ان الحروب التجارية \"جيدة ومن السهل", "دونالد ترامب", "دونالد ترامب"),
    # اعلن without its hamza is a common verb, not a rare word of the name (AL-economy-187-20180307)
    ("وكان ترامب اعلن ان كندا والمكسيك قد", "ترامب", "ترامب"),
    # الله after a particle of the name stays (AL-internationalNews-1165-20180514)
    ("الأمين العام لحزب الله اللبناني حسن نصر الله اليوم الاثنين أن هجوما صاروخيا", "حسن نصر الله", "حسن نصر الله"),
    # a word behind a conjunction whose host is common is the next clause's (FR-internationalNews-1380-20180522)
    ("في عهد الرؤساء جاك شيراك ونيكولا ساركوزي", "شيراك", "جاك شيراك"),
])
def test_a_name_stops_in_text_without_hamzas(text, found, name):
    out = refine_persons(text, [mention(text, found)])
    assert [m.anchor for m in out] == [name]


def test_a_name_with_a_particle_is_a_name():
    # every word common (عبد الله، الدين): the particle says it is a name (AL-sport-1571-20180516)
    text = "للزمالك محمود علاء وطارق حامد وعبد الله جمعة وحمدي النقاز"
    out = refine_persons(text, [mention(text, "وعبد الله")])
    assert [m.anchor for m in out] == ["وعبد الله"]


@pytest.mark.parametrize("confidence, kept", [(0.99, True), (0.6, False)])
def test_a_name_of_common_words_the_model_is_sure_of(confidence, kept):
    # نور الشريف: both words common, no given name (AL-culture-172-20180316)
    text = "زمن والكلاب\" الذي قام ببطولته نور الشريف ودلال عبد العزيز عام 1996"
    b = text.index("نور الشريف")
    m = Mention(b, b + 10, "نور الشريف", kind="Person", source="crf", confidence=confidence)
    assert [x.anchor for x in refine_persons(text, [m])] == (["نور الشريف"] if kept else [])


def test_words_computed_once_give_the_same_mentions():
    # known_names and refine_persons may share the article's tokens (AL-culture-172-20180316)
    text = "زمن والكلاب\" الذي قام ببطولته نور الشريف ودلال عبد العزيز عام 1996"
    m = mention(text, "نور")
    words = persons.words_of(text)
    assert refine_persons(text, [m], words) == refine_persons(text, [m])
    assert known_names(text, [], [], words) == known_names(text, [], [])


def test_a_name_after_a_conjunction_is_not_joined_to_the_name_before():
    # the model left و out of the second name (FR-internationalNews-1380-20180522)
    text = "في عهد الرؤساء جاك شيراك ونيكولا ساركوزي"
    b = text.index("نيكولا")
    second = Mention(b, b + len("نيكولا ساركوزي"), "نيكولا ساركوزي", kind="Person", source="crf", confidence=0.9)
    out = refine_persons(text, [mention(text, "جاك شيراك"), second])
    assert [m.anchor for m in out] == ["جاك شيراك", "نيكولا ساركوزي"]


def test_one_word_glued_to_a_preposition_is_no_name():
    # ب + a common word (AL-economy-1007-20180712)
    text = "وأوضح أمين عام لجنة الإفلاس بوزارة التجارة"
    assert refine_persons(text, [mention(text, "بوزارة")]) == []


@pytest.mark.parametrize("text, taken, name", [
    # a very common elative after a name is its predicate, no surname (AL-sport-1391-20180501, BB-sport-145-20180506)
    ("البحث عن طريقة لضم محمد صلاح أفضل لاعب في الدوري الإنجليزي", "محمد صلاح أفضل", "محمد صلاح"),
    ("هل يصبح محمد صلاح أفضل لاعب في العالم؟", "محمد صلاح أفضل", "محمد صلاح"),
])
def test_an_elative_ends_no_name(text, taken, name):
    assert [m.anchor for m in refine_persons(text, [mention(text, taken)])] == [name]
