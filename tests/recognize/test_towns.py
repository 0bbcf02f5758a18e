"""One-word towns of the gazetteer whose names are common words (kg.recognize.towns), on ANT sentences."""
import pytest

from kg.recognize.registry import get_recognizer


@pytest.fixture(scope="module")
def rules():
    return get_recognizer("rules")


def places(rules, text):
    return {m.anchor for m in rules(text) if m.kind == "Place"}


@pytest.mark.parametrize("text, word", [
    # a preposition other than في/إلى before a common word vouches for no town under a million people
    ("وشاركت فيها مقاتلات من طراز إف-15 إي وطائرات بلا طيار", "طراز"),  # Taraz (KZ)
    ("وسيحظى أردوغان بسلطات معززة بعد فوزه في الانتخابات التركية", "سلطات"),  # Settat (MA)
    # another country's adjective after the word: a noun and its adjective
    ("وقالت السفيرة الأميركية لدى المنظمة الدولية نيكي هايلي في بيان", "السفيرة"),  # As Safirah (SY)
    # its own country's adjective, masculine: a town takes a feminine one
    ("وأصر المحتجون الغاضبون على رفع العلم العراقي في داخل المقر الإيراني", "العلم"),  # Al-Alam (IQ)
    # the whole word is commoner than the town behind its proclitic
    ("فاجأ محبيه بتحضيره لعمل جديد", "اجأ"),  # Aga (EG)
    # a noun that opens a longer place name is not the town of that name
    ("فضت قوات الأمن اعتصاما لتأييد مرسي بميدان رابعة العدوية بالقاهرة", "ميدان"),  # Medan (ID)
])
def test_common_words_are_no_towns_without_place_context(rules, text, word):
    assert word not in places(rules, text)


@pytest.mark.parametrize("text, word", [
    ("وتقدمت امرأة رابعة بشكوى ضده واتهمته باغتصابها في جنيف", "جنيف"),  # في: a preposition of place
    ("وتسبب هجوم قوات النظام بحلب", "حلب"),  # a city of a million after a glued preposition
])
def test_towns_after_a_preposition_of_place(rules, text, word):
    assert word in places(rules, text)
