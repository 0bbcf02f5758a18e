"""Figures and claims on the seed articles (kg.extract.figures, kg.extract.claims)."""
from __future__ import annotations

import pytest

from kg.extract.analysis import analyze
from kg.extract.claims import extract_claims
from kg.extract.events import extract_events
from kg.extract.figures import extract_figures
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.recognize.registry import get_recognizer
from kg.text.numbers import find_numbers
from kg.text.sentences import split_sentences
from tests.conftest import seed_dates, seed_text


@pytest.fixture(scope="module")
def analyses():
    recognizer = get_recognizer("rules")
    out = {}
    for prefix, published in seed_dates().items():
        text = seed_text(prefix)
        article = Article(prefix, text, published)
        sentences = split_sentences(text)
        mentions = recognizer(text)
        times = find_time_expressions(text, published)
        analysis = analyze(article, sentences, mentions, times)
        events = extract_events(analysis)
        figures = extract_figures(analysis, find_numbers(text), events)
        claims = extract_claims(analysis, events)
        out[prefix] = (article, mentions, events, figures, claims)
    return out


def figures_of(analyses, prefix, value):
    _, _, _, figures, _ = analyses[prefix]
    found = [f for f in figures if abs(f.value - value) < 1e-6]
    assert found, f"no figure {value} in {prefix}"
    return found


# (article, value, measure, approximation, unit, source key or None, event class or None)
SEED_FIGURES = [
    ("000", 50000, "displaced", "moreThan", "", "org:un", "Displacement"),  # أنذرت … أكثر من 50 ألف مدني إلى الهروب
    ("000", 14, "areasTaken", "exact", "", "org:russian_reconciliation_center", "TakeControl"),
    ("000", 9000, "displaced", "about", "", "org:russian_reconciliation_center", "Displacement"),  # بينما خرج حوالي
    ("000", 40, "territoryShare", "exact", "percent", "org:russian_reconciliation_center", None),  # قال مركز حميميم
    ("001", 90, "territoryShare", "moreThan", "percent", "actor:government:SY", "TakeControl"),  # اعتبرت دمشق
    ("001", 6, "areasTaken", "exact", "", None, "Withdrawal"),  # ستة أحياء (a number word)
    ("001", 130000, "displaced", "moreThan", "", "org:sohr", "Displacement"),  # يقدر المرصد السورى … بأكثر من
    ("001", 463, "civiliansKilled", "atLeast", "", "org:sohr", "Killing"),  # بحسب المرصد, after the number
    ("001", 62, "childrenKilled", "exact", "", "org:sohr", "Killing"),  # بينهم 62 طفلا
    ("001", 40, "childrenKilled", "exact", "", "org:sohr", "Killing"),
    ("002", 4000, "displaced", "exact", "", "org:sana", "Displacement"),  # وافادت وكالة … (سانا) عن "خروج اربعة الاف
    ("002", 100, "soldiersKilled", "atLeast", "", "org:sohr", "Killing"),  # ما لا يقل عن مئة عنصر من قوات النظام
    ("003", 60, "killed", "exact", "", "org:sohr", "Killing"),
    ("003", 100000, "displaced", "moreThan", "", "geonames:2017370", "Displacement"),  # وتقول روسيا
    ("003", 2200, "surrendered", "exact", "", "geonames:2017370", "Surrender"),  # وسلم 2200 من المسلحين أنفسهم
    ("003", 415, "civiliansKilled", "exact", "", "org:sohr", "Killing"),
    ("003", 364, "fightersKilled", "atLeast", "", "org:sohr", "Killing"),  # من مسلحي المعارضة على الاقل
    ("004", 311, "civiliansKilled", "moreThan", "", None, "Killing"),  # ثلاثمئةٍ وأحدعشر, in words
    ("004", 42, "childrenKilled", "exact", "", None, "Killing"),
    ("004", 2 / 3, "territoryShare", "about", "fraction", "org:sohr", "TakeControl"),  # نحو ثلثي … وفق ما افاد المرصد
]


@pytest.mark.parametrize("prefix, value, measure, approximation, unit, source, event_cls", SEED_FIGURES)
def test_seed_figure(analyses, prefix, value, measure, approximation, unit, source, event_cls):
    _, mentions, events, _, _ = analyses[prefix]
    found = figures_of(analyses, prefix, value)
    assert any(f.measure == measure and f.approximation == approximation and f.unit == unit
               and (mentions[f.source].key if f.source is not None else None) == source
               and (events[f.event].cls if f.event is not None else None) == event_cls
               for f in found), [(f.measure, f.approximation, f.unit,
                                  mentions[f.source].key if f.source is not None else None,
                                  events[f.event].cls if f.event is not None else None) for f in found]


def test_a_figure_repeated_with_its_source(analyses):
    """فرّ اكثر من عشرة الاف مدني: unattributed in the lead, attributed in the quote that repeats it."""
    _, mentions, _, _, _ = analyses["002"]
    found = figures_of(analyses, "002", 10000)
    assert len(found) == 2
    assert {mentions[f.source].key if f.source is not None else None for f in found} == {None, "org:sohr"}


def test_a_person_speaking_for_an_organization_gives_the_organization():
    recognizer = get_recognizer("rules")
    text = ('وقال مدير المرصد السوري لحقوق الانسان رامي عبد الرحمن لوكالة فرانس برس "فرّ اكثر من عشرة آلاف '
            'مدني منذ منتصف الليل من الاحياء التي لا تزال واقعة تحت سيطرة الفصائل المعارضة في جنوب شرق حلب".')
    import datetime as dt

    article = Article("t", text, dt.date(2016, 12, 11))
    sentences, mentions = split_sentences(text), recognizer(text)
    analysis = analyze(article, sentences, mentions, find_time_expressions(text, article.published))
    (fig,) = extract_figures(analysis, find_numbers(text), extract_events(analysis))
    assert mentions[fig.source].key == "org:sohr"          # not the person, not the agency he spoke to
    assert fig.approximation == "moreThan" and fig.measure == "displaced"


@pytest.mark.parametrize("prefix, context", [
    ("000", "في العام 2012"),                 # a year
    ("000", "خلال ال 24 ساعة الماضية"),        # hours
    ("000", "منذ 5 سنوات"),                   # a duration
    ("000", "منذ خمس سنوات"),
    ("003", "في عام 2011"),
    ("003", "منذ 15 تشرين الثاني"),           # a date
    ("004", "منذ الخامس عشر من نوفمبر"),      # a day, in words
    ("002", "بعد ثمانية اشهر"),
    ("003", "مدن البلاد الـ 4"),              # an ordinal-like "the 4"
])
def test_dates_years_and_durations_are_not_figures(analyses, prefix, context):
    article, _, _, figures, _ = analyses[prefix]
    start = article.text.index(context)
    assert not [f for f in figures if start <= f.begin < start + len(context)]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_figure_and_claim_offsets_hold(analyses, prefix):
    article, mentions, events, figures, claims = analyses[prefix]
    for x in (*figures, *claims):
        assert article.text[x.begin:x.end] == x.anchor
    for f in figures:
        assert f.event is None or 0 <= f.event < len(events)
        assert f.source is None or 0 <= f.source < len(mentions)
        assert f.approximation in ("exact", "about", "atLeast", "moreThan", "lessThan")


def test_quotes_go_to_their_speaker(analyses):
    _, mentions, events, _, claims = analyses["000"]
    hell = next(c for c in claims if "الجحيم" in c.anchor)
    assert mentions[hell.speaker].key == "person:بتينا لوشر"
    assert events[hell.event].cls == "Statement" and events[hell.event].anchor == "قالت"
    # a name in quotes is not a claim
    assert not [c for c in claims if c.anchor.strip() in ("جبهة النصرة", "حميميم")]


def test_ultimatum_is_a_claim_of_the_general(analyses):
    _, mentions, _, _, claims = analyses["003"]
    ultimatum = next(c for c in claims if "الاستسلام" in c.anchor)
    assert mentions[ultimatum.speaker].key == "person:زيد الصالح"
