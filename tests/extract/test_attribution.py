"""Speakers a statement does not name again (kg.extract.attribution.resolve_speakers): a definite description
(وقالت الوزارة، وأكد المسؤول الأممي) or a bare verb of saying (كما أشار إلى أنه، وأضاف أن) names the source met
before it. Sentences of the ANT news corpus (none from the dev set or the seeds)."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract import attribution
from kg.extract.analysis import analyze
from kg.extract.events import extract_events
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.recognize.registry import get_recognizer
from kg.text.sentences import split_sentences


@pytest.fixture(scope="module")
def recognizers():
    return {name: get_recognizer(name) for name in ("rules", "combined")}


def read(recognizer, text):
    article = Article("t", text, dt.date(2018, 5, 14))
    mentions = recognizer(text)
    analysis = analyze(article, split_sentences(text), mentions, find_time_expressions(text, article.published))
    return analysis, extract_events(analysis), mentions


def statement(analysis, events, mentions, anchor):
    """The speakers' anchors of the kept statement on ``anchor`` and the rules that chose them."""
    hits = [e for e in events if e.cls == "Statement" and e.anchor == anchor]
    assert hits, f"no statement «{anchor}»: {[e.anchor for e in events if e.cls == 'Statement']}"
    e = hits[0]
    c = next(c for c in analysis.cands if analysis.doc.toks[c.start].raw_begin <= e.begin < analysis.doc.toks[c.stop - 1].raw_end)
    rules = {c.why.get(("speaker", s), "") for s in e.speakers}
    return {mentions[s].anchor for s in e.speakers}, rules


@pytest.mark.parametrize("text, anchor, speaker, rule, recognizer", [
    # SK-middleEast-1703-20180514: the ministry named in a cue before (وفق ما أعلنت وزارة الخارجية)
    ("وقررت جنوب أفريقيا الاثنين استدعاء سفيرها لدى إسرائيل، وفق ما أعلنت وزارة الخارجية في بيان. وقالت الوزارة "
     "\"بسبب الطابع الخطير والأعمى للهجوم الإسرائيلي الأخير، قررت حكومة جنوب أفريقيا استدعاء سفيرها سيسا غومباني "
     "في شكل فوري\".", "وقالت", "وزارة الخارجية", attribution.ANTECEDENT_ORG, "rules"),
    # FR-economy-78-20180816: حسبما أعلنت وزارة التجارة الصينية … وقالت الوزارة في بيان
    ("تعتزم بكين إرسال مسؤول كبير إلى الولايات المتحدة أواخر آب/أغسطس لاستئناف المحادثات التجارية مع واشنطن، "
     "حسبما أعلنت وزارة التجارة الصينية، في أوج توتر تجاري متصاعد بين البلدين. وقالت الوزارة في بيان إن نائب وزير "
     "التجارة الصيني وانغ شووين سيلتقي مساعد وزير الخزانة الأمريكي للتجارة الدولية ديفيد مالباس بدعوة من الولايات "
     "المتحدة.", "وقالت", "وزارة التجارة الصينية", attribution.ANTECEDENT_ORG, "rules"),
    # AL-internationalNews-1485-20180605: the person who spoke (غريفيث), named again by a title (المسؤول الأممي)
    ("وأعرب غريفيث، في تصريح صحافي قبيل مغادرته صنعاء، عن قلقه من تدهور الوضع الإنساني وإهدار الوقت في عدم العودة "
     "إلى مفاوضات الحل السياسي. كما أشار إلى أنه ناقش في صنعاء رؤيته التي سيعرضها على مجلس الأمن في غضون 10 أيام، "
     "بشأن استئناف مشاورات الحل السياسي. وأكد المسؤول الأممي مواصلة مساعيه لإقناع الأطراف بتجنيب الحديدة القتال "
     "وإعادة فتح مطار صنعاء أمام الرحلات التجارية.", "وأكد", "غريفيث", attribution.ANTECEDENT_SPEAKER, "combined"),
    # the same: كما opens the sentence before a bare verb of saying, which goes on with the last speaker
    ("وأعرب غريفيث، في تصريح صحافي قبيل مغادرته صنعاء، عن قلقه من تدهور الوضع الإنساني وإهدار الوقت في عدم العودة "
     "إلى مفاوضات الحل السياسي. كما أشار إلى أنه ناقش في صنعاء رؤيته التي سيعرضها على مجلس الأمن في غضون 10 أيام، "
     "بشأن استئناف مشاورات الحل السياسي.", "أشار", "غريفيث", attribution.CONTINUES, "combined"),
    # BB-middleEast-1059-20181005 (shortened): «المنظمة» after a body whose name opens otherwise (معهد …)
    ("وفي بيان، قال معهد الوقاية المتكاملة إنهم \"يأسفون بصدق\" على استخدام الكتيب خلال برنامج التدريب الوقائي. "
     "وأضافت المنظمة أنها كانت قد نصحت المدربين بعدم استخدام الكتاب منذ أكثر من ثلاث سنوات لأنه غير مناسب.",
     "وأضافت", "معهد الوقاية المتكاملة", attribution.ANTECEDENT_ORG_SPEAKER, "rules"),
])
def test_a_description_or_a_bare_verb_names_the_source_met_before(recognizers, text, anchor, speaker, rule, recognizer):
    analysis, events, mentions = read(recognizers[recognizer], text)
    speakers, rules = statement(analysis, events, mentions, anchor)
    assert speaker in speakers
    assert rule in rules


@pytest.mark.parametrize("text, anchor, not_speaker", [
    # CN-middleEast-715-20180424 (shortened): an official quoted after a cue; no person met before speaks
    # again for «المسؤول» (the person named inside what was said is not the speaker)
    ("وقال مسؤول في وزارة الدفاع الروسية إن الرئيس بشار الأسد زار القاعدة. وأكد المسؤول، أن العملية لم تسفر عن أي "
     "\"إصابات أو أضرار مادية\"، بالقاعدة الروسية التي تقع شرق مدينة اللاذقية السورية.", "وأكد", "بشار الأسد"),
])
def test_a_description_does_not_name_a_person_who_did_not_speak(recognizers, text, anchor, not_speaker):
    analysis, events, mentions = read(recognizers["rules"], text)
    hits = [e for e in events if e.cls == "Statement" and e.anchor == anchor]
    for e in hits:
        assert not_speaker not in {mentions[s].anchor for s in e.speakers}


def test_an_officer_in_an_organization_speaks_for_it_and_is_met_again(recognizers):
    # CN-middleEast-715-20180424 (shortened): مسؤول في وزارة الدفاع الروسية, then «المسؤول» is that source
    text = ("وقال مسؤول في وزارة الدفاع الروسية إن الرئيس بشار الأسد زار القاعدة. وأكد المسؤول، أن العملية لم تسفر "
            "عن أي \"إصابات أو أضرار مادية\"، بالقاعدة الروسية التي تقع شرق مدينة اللاذقية السورية.")
    analysis, events, mentions = read(recognizers["rules"], text)
    speakers, rules = statement(analysis, events, mentions, "وقال")
    assert speakers == {"وزارة الدفاع الروسية"} and rules == {attribution.CONSTRUCT}
    said = {analysis.doc.word(f.token): f for f in analysis.frames}
    assert [mentions[s].anchor for s in said["واكد"].speakers] == ["وزارة الدفاع الروسية"]


def test_a_person_is_not_met_again_across_a_paragraph_opened_by_another_speaker(recognizers):
    # AL-internationalNews-1485-20180605 and FR-economy-78-20180816: another source opens a paragraph between
    # the person who spoke and «المسؤول الأممي»
    text = ("وأعرب غريفيث، في تصريح صحافي قبيل مغادرته صنعاء، عن قلقه من تدهور الوضع الإنساني وإهدار الوقت في عدم "
            "العودة إلى مفاوضات الحل السياسي.\nوقالت وزارة التجارة الصينية في بيان إن نائب وزير التجارة الصيني "
            "سيلتقي مساعد وزير الخزانة الأمريكي. وأكد المسؤول الأممي مواصلة مساعيه لإقناع الأطراف بتجنيب الحديدة "
            "القتال.")
    analysis, events, mentions = read(recognizers["combined"], text)
    assert "غريفيث" in statement(analysis, events, mentions, "وأعرب")[0]
    for e in events:
        if e.cls == "Statement" and e.anchor == "وأكد":
            assert "غريفيث" not in {mentions[s].anchor for s in e.speakers}
    joined = text.replace("\n", " ")
    analysis, events, mentions = read(recognizers["combined"], joined)
    assert "غريفيث" in statement(analysis, events, mentions, "وأكد")[0]  # one paragraph: the person spoke last


def test_explain_names_the_rule_of_a_resolved_speaker(recognizers):
    from kg.extract.explain import candidate_lines

    text = ("تعتزم بكين إرسال مسؤول كبير إلى الولايات المتحدة أواخر آب/أغسطس لاستئناف المحادثات التجارية مع واشنطن، "
            "حسبما أعلنت وزارة التجارة الصينية، في أوج توتر تجاري متصاعد بين البلدين. وقالت الوزارة في بيان إن "
            "نائب وزير التجارة الصيني وانغ شووين سيلتقي مساعد وزير الخزانة الأمريكي.")
    analysis, _, _ = read(recognizers["rules"], text)
    lines = [line for c in analysis.cands for line in candidate_lines(analysis, c)]
    assert any("speaker" in line and attribution.ANTECEDENT_ORG in line for line in lines)
