"""The default recognizer: rules and the shipped CRF model combined by one rule, then made consistent."""
from __future__ import annotations

import pytest

from kg.model import Mention
from kg.recognize import registry
from kg.recognize.combine import combine
from kg.recognize.training import MODEL_DIR, MODEL_NAME
from tests.conftest import seed_text


def m(begin: int, end: int, kind: str, source: str) -> Mention:
    return Mention(begin, end, "x" * (end - begin), kind=kind, source=source, key="k" if source == "rules" else "")


def test_rules_win_on_overlap_and_the_model_fills_the_rest():
    rules = [m(10, 20, "Place", "rules"), m(30, 35, "Person", "rules")]
    model = [m(0, 5, "Person", "crf"),  # free text: kept
             m(15, 25, "Organization", "crf"),  # overlaps a rules mention: dropped
             m(28, 31, "Person", "crf"),  # overlaps at its end: dropped
             m(35, 40, "Place", "crf")]  # touches, no overlap: kept
    out = combine(rules, model)
    assert [(x.begin, x.end, x.source) for x in out] == [
        (0, 5, "crf"), (10, 20, "rules"), (30, 35, "rules"), (35, 40, "crf")]


def test_nested_rules_mentions_still_block_the_model():
    rules = [m(0, 30, "Organization", "rules"), m(5, 10, "Place", "rules")]
    assert combine(rules, [m(20, 25, "Person", "crf")]) == sorted(rules, key=lambda x: (x.begin, -x.end))


def test_the_default_is_the_combined_recognizer_with_a_shipped_model():
    assert registry.DEFAULT == "combined" and "combined" in registry.available()
    assert (MODEL_DIR / MODEL_NAME).is_file() and (MODEL_DIR / "LICENSE").is_file()


@pytest.fixture(scope="module")
def default():
    return registry.get_recognizer(registry.DEFAULT)


@pytest.mark.parametrize("text, anchor, kind", [
    # names with no title before them, which the rules alone miss
    ("وأكد بشار الجعفري أن الحكومة ستواصل عملياتها.", "بشار الجعفري", "Person"),
    ("ونقلت صحيفة الوطن عن مصادر محلية أن الطريق أغلق.", "صحيفة الوطن", "Organization"),
    # what the rules know keeps its key: a descriptor actor and a GeoNames place
    ("وقصفت قوات النظام أحياء في مدينة حلب.", "قوات النظام", "Organization"),
    ("وقصفت قوات النظام أحياء في مدينة حلب.", "مدينة حلب", "Place"),  # the head is part of the mention
])
def test_finds_names(default, text, anchor, kind):
    found = {(x.anchor, x.kind) for x in default(text)}
    assert (anchor, kind) in found


def test_spans_hold_raw_offsets_on_a_seed_article(default):
    text = seed_text("004")
    out = default(text)
    assert out and all(text[x.begin:x.end] == x.anchor for x in out)
    spans = sorted((x.begin, x.end) for x in out)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlaps


@pytest.mark.parametrize("text, anchor, confidence, keep", [
    ("وأعلنت جامعة أمس النتائج.", "جامعة", 0.8, False),  # a common word, no place before it
    ("ووصلت القافلة إلى ميدان صباحا.", "ميدان", 0.8, True),  # the same kind of word after a place preposition
    ("والتقى الوزير جوبا أمس.", "جوبا", 0.8, True),  # a rare word: a name on its own
    # the most frequent names are common words too: kept when the model is very sure, dropped when not
    ("وقال الوزير إن العراق يواجه أزمة.", "العراق", 0.95, True),
    ("وقال الوزير إن العراق يواجه أزمة.", "العراق", 0.8, False),
])
def test_common_words_are_places_only_in_place_context(text, anchor, confidence, keep):
    from kg.recognize.combine import plausible

    begin = text.index(anchor)
    mention = Mention(begin, begin + len(anchor), anchor, kind="Place", source="crf", confidence=confidence)
    assert plausible(text, mention) is keep


@pytest.mark.parametrize("text, anchor, kind, keep", [
    # an adjective in -ي with the accusative ا or the feminine ة, its stem a word as frequent: no place, however sure
    ("وشنت تركيا هجوما جويا وبريا الشهر الماضي في منطقة عفرين", "جويا", "Place", False),
    ("وشنت تركيا هجوما جويا وبريا الشهر الماضي في منطقة عفرين", "وبريا", "Place", False),
    ("أرى أنه كان هجوما كيميائيا، ولا نزال بصدد البحث عن أدلة", "كيميائيا", "Place", False),
    ("وفي المقابل، فإن إسرائيل دولة شرق أوسطية صغيرة المساحة", "أوسطية", "Place", False),
    # names of that shape: a country the gazetteer knows, a name far commoner than its stem
    ("والانتخابات الرئاسية في نيجيريا وغيرها الكثير", "نيجيريا", "Place", True),
    ("لافروف وبولتون ناقشا الوضع في سوريا وأوكرانيا", "سوريا", "Place", True),
    ("من خلال دولة في الخليج ودولة أخرى في أفريقيا", "أفريقيا", "Place", True),
    # a title and its adjectives, each definite and common, name no one; a name of definite words does
    ("أعلن القائد العسكري الليبي خليفة حفتر بدء عملية للسيطرة على مدينة", "العسكري الليبي", "Person", False),
    ("ولكن رئيسها السيناتور الجمهوري تشاك غراسلي ترك الباب مفتوحا", "السيناتور الجمهوري", "Person", False),
    ("وفضل الله برمة ناصر نائب رئيس الحزب، الصديق الصادق المهدي، نجل رئيس الوزراء", "الصادق المهدي", "Person", True),
])
def test_adjectives_and_descriptions_are_no_names(text, anchor, kind, keep):
    from kg.recognize.combine import plausible

    begin = text.index(anchor)
    mention = Mention(begin, begin + len(anchor), anchor, kind=kind, source="crf", confidence=0.95)
    assert plausible(text, mention) is keep


def test_a_hashtag_of_several_words_is_a_name_of_several_words(default):
    text = "وتوجد عدة حقائق لا يعرفها الكثيرون عن اقتصاد #كوريا_الشمالية"
    assert "كوريا_الشمالية" in {x.anchor for x in default(text) if x.kind == "Place"}


# ---- which side wins an overlap (issue 11 item 2) -----------------------------------------------------------

class _Fixed:
    """A stand-in model returning given (anchor, kind) spans of the text."""

    name = "crf"

    def __init__(self, spans):
        self.spans = spans

    def __call__(self, text):
        out = []
        for anchor, kind in self.spans:
            b = text.index(anchor)
            out.append(Mention(b, b + len(anchor), anchor, kind=kind, source="crf", confidence=0.9))
        return out


@pytest.fixture(scope="module")
def rules():
    return registry.get_recognizer("rules")


@pytest.mark.parametrize("text, model, anchor, kind", [
    # a one-word town of the gazetteer is the first name of a person the model sees whole
    ("وقال رياض حداد، السفير السوري في موسكو، قبل عام", [("رياض حداد", "Person")], "رياض حداد", "Person"),
    # the model's extent of a titled name beats the rules' (which also took the title's pronoun)
    ("أضافت أن كيم يرافقه وزير خارجيته ري يونج هو، ووزير الدفاع", [("ري يونج هو", "Person")], "ري يونج هو",
     "Person"),
])
def test_the_confident_model_wins_over_one_word_towns_and_titled_names(rules, text, model, anchor, kind):
    from kg.recognize.combine import CombinedRecognizer

    found = {(x.anchor, x.kind) for x in CombinedRecognizer(rules, _Fixed(model))(text)}
    assert (anchor, kind) in found


@pytest.mark.parametrize("text, model, anchor", [
    # the model cut one name in two: the rules' whole name wins
    ("وقال دونالد ترمب إن بلاده لن تنسحب من الاتفاق", [("دونالد", "Person"), ("ترمب", "Person")], "دونالد ترمب"),
    # the model stopped short inside an institution's name the rules read whole
    ("قديم أوراقهم الثبوتية، وبحسب المجلس النرويجي للاجئين يفتقر 30 في المئة من اللاجئين",
     [("المجلس النرويجي", "Organization")], "المجلس النرويجي للاجئين"),
    # what the model cannot know: a descriptor actor
    ("وقصفت قوات النظام بلدات في ريف حماة الشمالي", [("قوات النظام", "Organization")], "قوات النظام"),
])
def test_the_rules_win_where_the_model_cannot_know(rules, text, model, anchor):
    from kg.recognize.combine import CombinedRecognizer

    out = CombinedRecognizer(rules, _Fixed(model))(text)
    hit = [x for x in out if x.anchor == anchor]
    assert hit and hit[0].source != "crf"  # the rules side (rules, orgs) wins


@pytest.mark.parametrize("text, model, anchor", [
    # a definite description before the name is no part of it
    ("أوضح فيها أن الراحل طلال مداح كان دائم الخوف من لقاء الجمهور", [("الراحل طلال مداح", "Person")], "طلال مداح"),
    ("إلا أن الفنان الراحل علاء ولي الدين كان له رأي آخر", [("الراحل علاء ولي الدين", "Person")], "علاء ولي الدين"),
    # nor the verb after it
    ('أحمد السقا يلتقي منى زكي مجددا في "3 شهور"', [("أحمد السقا يلتقي", "Person")], "أحمد السقا"),
])
def test_the_models_names_lose_descriptions_and_verbs(rules, text, model, anchor):
    from kg.recognize.combine import CombinedRecognizer

    out = CombinedRecognizer(rules, _Fixed(model))(text)
    assert anchor in {x.anchor for x in out if x.kind == "Person"}
    assert all(text[x.begin:x.end] == x.anchor for x in out)


@pytest.mark.parametrize("text, anchor, name", [
    ("وقصفت قوات النظام أحياء في مدينة حلب.", "قوات النظام", False),  # a descriptor actor
    ("وقصفت قوات النظام أحياء في مدينة حلب.", "حلب", True),
    ("وأكد بشار الجعفري أن الحكومة ستواصل عملياتها.", "بشار الجعفري", True),
])
def test_descriptions_are_mentions_but_not_names(default, text, anchor, name):
    from kg.recognize.combine import is_name

    found = [x for x in default(text) if x.anchor.endswith(anchor)]  # حلب or مدينة حلب
    assert found and all(is_name(x) is name for x in found)


def test_the_model_refutes_a_rules_person_only_of_several_words_it_is_sure_of():
    from kg.recognize.combine import refuted

    text = "وقال الفريق استقدم لاعبين جددا"
    b = text.index("استقدم")
    person = Mention(b, len(text), text[b:], kind="Person", source="rules")
    tokens = [(t.begin, t.end, 0.99) for t in __import__("kg.recognize.features", fromlist=["x"]).iter_tokens(text)]
    assert refuted(person, tokens)
    assert not refuted(person, [(s, e, 0.9) for s, e, _ in tokens])  # the model not sure enough
    one = Mention(b, b + len("استقدم"), "استقدم", kind="Person", source="rules")
    assert not refuted(one, tokens)  # one word: a surname the model missed (خاشقجي) stays
    assert not refuted(Mention(b, len(text), text[b:], kind="Place", source="rules"), tokens)


def test_crf_read_gives_each_token_its_outside_probability():
    from kg.recognize.crf import CRFRecognizer

    crf = CRFRecognizer(MODEL_DIR / MODEL_NAME)
    text = "وأكد بشار الجعفري أن الحكومة ستواصل عملياتها."
    mentions, outside = crf.read(text)
    assert [(x.anchor, x.kind) for x in mentions] == [(x.anchor, x.kind) for x in crf(text)]
    assert all(0.0 <= p <= 1.0 for _, _, p in outside) and len(outside) == 8
    by_word = {text[b:e]: p for b, e, p in outside}
    assert by_word["الجعفري"] < 0.5 < by_word["عملياتها"]


@pytest.mark.parametrize("text, person, place", [
    # a province named like a man (صلاح الدين) yields to the model's longer person's name (AL 2018, BB 2018)
    ("بحسب الحزب بينهم اثنان من مسؤولية صلاح الدين دميرتاش وفيغن يوكسغداغ الموقوفان منذ", "صلاح الدين دميرتاش",
     "صلاح الدين"),
    ('الرئيس السابق لحزب "الشعوب الديمقراطي" التركي المعارض صلاح الدين دميرتاش معركة الانتخابات الرئاسية',
     "صلاح الدين دميرتاش", "صلاح الدين"),
])
def test_a_place_opened_by_a_given_name_yields_to_the_models_person(text, person, place):
    from kg.recognize.combine import a_persons_name

    b = text.index(person)
    model = [Mention(b, b + len(person), person, kind="Person", source="crf", confidence=0.9)]
    rules = Mention(b, b + len(place), place, kind="Place", source="rules", key="geonames:91696", geonames_id=91696)
    assert a_persons_name(rules, model)
    assert not a_persons_name(rules, [])



@pytest.mark.parametrize("text, anchor, is_joined", [
    # a common word glued to و after the first word: two things joined, no one's name (SK 2018, AL 2018)
    ("أن عينات من بول ودم ضحايا الهجوم الكيماوي في مدينة دوما", "بول ودم", True),
    ("أفاد مسؤولون أميركيون أنهم حصلوا على عينات من بول ودم ضحايا الهجوم", "بول ودم", True),
    # a word of its own that opens with و (AL-culture-12-20180216)
    ("إلا أن الفنان الراحل علاء ولي الدين كان له رأي آخر", "علاء ولي الدين", False),
])
def test_a_conjunction_inside_a_name_joins_two_things(text, anchor, is_joined):
    from kg.recognize.combine import joined

    b = text.index(anchor)
    assert joined(Mention(b, b + len(anchor), anchor, kind="Person", source="crf")) is is_joined
