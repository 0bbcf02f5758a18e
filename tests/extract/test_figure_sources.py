"""Reported numbers in the phrasings news uses, and who they are attributed to (kg.extract.figures,
kg.extract.attribution), on sentences of the ANT news corpus (none from the dev set)."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.analysis import analyze
from kg.extract.events import extract_events
from kg.extract.figures import extract_figures
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.text.numbers import find_numbers
from kg.text.sentences import split_sentences


def figures(recognizer, text):
    article = Article("t", text, dt.date(2018, 4, 14))
    mentions = recognizer(text)
    analysis = analyze(article, split_sentences(text), mentions, find_time_expressions(text, article.published))
    return mentions, extract_figures(analysis, find_numbers(text), extract_events(analysis))


def figure(found, value):
    hits = [f for f in found if abs(f.value - value) < 1e-6]
    assert hits, f"no figure {value}: {[f.value for f in found]}"
    return hits[0]


def described(text, f):
    assert f.unnamed_source is not None, "no unnamed source"
    b, e = f.unnamed_source
    return text[b:e]


# ---- what a number counts

@pytest.mark.parametrize("text, values", [
    # any indefinite noun after the number is what it counts (no lexicon of things needed)
    ("أطلقت 60 صاروخا على مناطق مختلفة بسوريا خلال ساعتين في حين أطلقت 10 صواريخ تكتيكية من داخل إسرائيل.",
     [60, 10]),
    # a range: the first number counts what the second does
    ("ويتراوح ارتفاع الثلوج مابين 30 إلى 40 سنتيمترا.", [30, 40]),
    # a duration that is not a point in time
    ("وتتواصل الاحتجاجات في الحسيمة المغربية لليوم الثامن على التوالي، مع تنفيذ إضراب عام لمدة 3 أيام.", [3]),
    # a part of a count (بينها 15)
    ("وقالت الوزارة إن إيطاليا طردت 147 شخصا يشتبه بأنهم متشددون دينيا منذ جانفي 2015 بينها 15 تمت هذه العام "
     "الحالي.", [147, 15]),
])
def test_numbers_that_count_something_are_figures(recognizer, text, values):
    _, found = figures(recognizer, text)
    for v in values:
        figure(found, v)


@pytest.mark.parametrize("text, context", [
    ("وقالت الوزارة إن إيطاليا طردت 147 شخصا يشتبه بأنهم متشددون دينيا منذ جانفي 2015 بينها 15 تمت هذه العام "
     "الحالي.", "2015"),                                           # a year
    ("ليرتفع عدد الضحايا المدنيين إلى 46 قتيلا منذ 17 يونيو/ حزيران.", "17"),  # a date
    ("وأدى الهجوم إلى إغلاق الطريق منذ 5 سنوات.", "5"),            # a duration that places in time
])
def test_dates_and_time_anchored_durations_stay_out(recognizer, text, context):
    _, found = figures(recognizer, text)
    start = text.index(context)
    assert not [f for f in found if f.begin == start]


# ---- who says so

def test_an_unnamed_source_is_kept_with_the_words_of_the_text(recognizer):
    text = ("وقالت مصادر أمنية إن مسلحين استهدفوا سيارة أجرة كان يستقلها أفراد الشرطة بحي المساعيد بمدينة العريش "
            "بمحافظة شمال سيناء، مما أسفر عن وفاة 3 أمنيين وسائق السيارة.")
    _, found = figures(recognizer, text)
    f = figure(found, 3)
    assert f.source is None                       # never guessed
    assert described(text, f) == "مصادر أمنية"    # never dropped


def test_an_unnamed_source_after_the_number_glued_cue(recognizer):
    text = ("أسفر حادث اصطدام حافلة بحشد في هايتي، يوم الأحد 12 مارس 2017، عن مقتل 38 شخصا وجرح 13 اخرين، "
            "حسبما أفادت وسائل إعلام محلية نقلا عن أجهزة الأمن.")
    _, found = figures(recognizer, text)
    for v in (38, 13):
        assert described(text, figure(found, v)) == "وسائل إعلام محلية"


def test_a_relay_quoting_officials_records_the_whole_chain(recognizer):
    text = 'ونقلت وكالة "فرانس برس" عن مسؤولين في جنوب السودان قولهم إن 14 راكبا على الأقل أصيبوا بجروح.'
    mentions, found = figures(recognizer, text)
    f = figure(found, 14)
    assert mentions[f.source].anchor == "جنوب السودان"      # officials speak for their country
    assert any("فرانس برس" in mentions[s].anchor for s in f.sources)   # the agency relays them
    assert described(text, f) == "مسؤولين"                 # and the officials stay as the text describes them


def test_a_relay_quoting_a_description_keeps_the_named_relay(recognizer):
    text = ("أسفر حادث اصطدام حافلة بحشد في هايتي، يوم الأحد 12 مارس 2017، عن مقتل 38 شخصا وجرح 13 اخرين، "
            "حسبما أفادت وسائل إعلام محلية نقلا عن أجهزة الأمن.")
    _, found = figures(recognizer, text)
    assert figure(found, 38).source is None


def test_a_definite_description_names_the_source_met_before(recognizer):
    text = ("قالت وزارة الداخلية اليوم الخميس إنه تم إحباط عمليّة إجتياز الحدود البحريّة خلسة إنطلاقا من سواحل "
            "جزيرة قرقنة من قبل الوحدات البحريّة للحرس الوطني بصفاقس. وقالت الوزارة في بيان صحفي إن الوحدات "
            "الأمنية تمكنت من إلقاء القبض على 72 مجتازا كلهم تونسيّون.")
    mentions, found = figures(recognizer, text)
    f = figure(found, 72)
    assert f.source is not None and mentions[f.source].anchor.startswith("وزارة الداخلية")
    assert f.unnamed_source is None               # الوزارة is not a source of its own


def test_figure_offsets_hold_for_every_source(recognizer):
    text = 'ونقلت وكالة "فرانس برس" عن مسؤولين في جنوب السودان قولهم إن 14 راكبا على الأقل أصيبوا بجروح.'
    mentions, found = figures(recognizer, text)
    for f in found:
        assert text[f.begin:f.end] == f.anchor
        assert all(0 <= s < len(mentions) for s in f.sources)
        if f.source is not None:
            assert f.source in f.sources


def test_the_graph_keeps_an_unnamed_source_as_an_agent_with_the_texts_words(recognizer):
    from rdflib import Literal

    from kg.graph.build import corpus_triples
    from kg.graph.vocab import GAF, HD, PROV, RDF, SKOS
    from kg.pipeline import analyze_article, resolve_corpus

    text = ("وقالت مصادر أمنية إن مسلحين استهدفوا سيارة أجرة كان يستقلها أفراد الشرطة بحي المساعيد بمدينة العريش "
            "بمحافظة شمال سيناء، مما أسفر عن وفاة 3 أمنيين وسائق السيارة.")
    analysis = analyze_article(Article("t", text, dt.date(2017, 1, 10)), recognizer)
    triples = set(corpus_triples(resolve_corpus({"t": analysis})))
    figs = [s for s, p, o in triples if p == HD.value and float(o) == 3]
    assert figs
    sources = [o for s, p, o in triples if s == figs[0] and p == PROV.wasAttributedTo]
    agents = [o for o in sources if (o, RDF.type, PROV.Agent) in triples]
    assert len(agents) == 1
    assert (agents[0], SKOS.prefLabel, Literal("مصادر أمنية", lang="ar")) in triples
    assert any(s == agents[0] and p == GAF.denotedBy for s, p, o in triples)   # where the text says it


def test_bayyana_reports_only_before_a_subject_and_anna(recognizer):
    text = ("وبين مسؤولون أمريكيون أن هناك الآلاف من مقاتلي وعملاء تنظيم داعش محتجزون في منشآت تابعة لقوات سوريا "
            "الديمقراطية، غالبيتهم من السوريين بالإضافة إلى نحو 500 من المقاتلين الأجانب الذين ينتمون إلى 40 دولة.")
    _, found = figures(recognizer, text)
    assert described(text, figure(found, 500)) == "مسؤولون أمريكيون"
    text = 'وتتواصل التظاهرة أيام 9 و10 جوان حيث سيتم إجراء "كاستينغ" للأطفال (بين 4 و12 سنة).'
    _, found = figures(recognizer, text)
    assert all(f.unnamed_source is None and not f.sources for f in found)   # بين "between": no speaker


def test_a_cue_over_its_verb_and_a_pronoun(recognizer):
    text = ("التمور التونسية حققت أرقاما قياسية للموسم الحالي (2016-2017) حيث تمّ إلى غاية يوم أمس الثلاثاء على "
            "مستوى جهة توزر تصدير 7350 طنا بقيمة مالية بلغت 38 مليون دينار، بحسب ما أفاد به المدير الجهوي للمجمع "
            "المهني المشترك للغلال.")
    _, found = figures(recognizer, text)
    for v in (7350, 38_000_000):
        assert described(text, figure(found, v)).startswith("المدير الجهوي")   # not «به»


@pytest.mark.parametrize("text, value, measure", [
    # the counted noun says what is counted, whatever event is nearest
    ("وكانت الهجمات التي استهدفت الثلاثاء الماضي مطار بروكسيل ومحطة مترو قد أوقعت 31 قتيلا و270 جريحا.",
     270, "wounded"),
    ("وكانت الهجمات التي استهدفت الثلاثاء الماضي مطار بروكسيل ومحطة مترو قد أوقعت 31 قتيلا و270 جريحا.",
     31, "killed"),
    ("وراح ضحيتهما 45 قتيلا و128 مصابا.", 128, "wounded"),
])
def test_the_counted_noun_gives_the_measure(recognizer, text, value, measure):
    _, found = figures(recognizer, text)
    assert figure(found, value).measure == measure
