"""Modality (kg.extract.modality): which trigger candidates are no event of their own, each reason
(:class:`Drop`) on sentences of the ANT news corpus."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.events import final_drop
from kg.extract.explain import explain_text
from kg.extract.modality import Drop

D = dt.date


def _verdicts(text: str, published: dt.date) -> dict[str, tuple[str, bool]]:
    """trigger surface -> (drop reason, negated), for every candidate of the text."""
    an = explain_text(text, published, "combined").analysis
    out = {}
    for c in an.cands:
        surface = " ".join(an.doc.toks[k].text for k in range(c.start, c.stop))
        out[surface] = (final_drop(an, c), c.negated)
    return out


@pytest.mark.parametrize("text, published, trigger, reason", [
    # AL-sport-1610-20180518: أي اتفاق — no agreement was reached
    ("مشيرا إلى وجود مفاوضات حول القضية دون التوصل إلى أي اتفاق في هذه المرحلة.", D(2018, 5, 18), "اتفاق",
     Drop.GENERIC),
    # AL-internationalNews-903-20180413: a possible strike
    ("وقيل إن فرنسا واحدة من أقوى الداعمين لضربة محتملة تعارضها روسيا بشدة.", D(2018, 4, 13), "لضربه", Drop.GENERIC),
    # BB-internationalNews-1024-20180830
    ("وقالت يساورنا القلق ليس بشأن هجوم محتمل بأسلحة كيماوية فحسب.", D(2018, 8, 30), "هجوم", Drop.GENERIC),
    # SK-internationalNews-1895-20180601, BB-economy-208-20180805: a prospect (فرص، إمكانية التوصل إلى اتفاق)
    ("قلل الرئيس الأميركي، دونالد ترامب، الخميس، من فرص التوصل إلى اتفاق سريع يحمل كوريا الشمالية على التخلي عن "
     "أسلحتها النووية.", D(2018, 6, 1), "اتفاق", Drop.HYPOTHETICAL),
    ("ورغم اهتزاز ثقة فوكس بإمكانية التوصل إلى اتفاق قبل الموعد النهائي للبريكست.", D(2018, 8, 5), "اتفاق",
     Drop.HYPOTHETICAL),
    # FR-internationalNews-2761-20180817: ل + a present verb says what someone goes to do
    ("وقال مودي في تغريدة على تويتر الجمعة سأتوجه مساء اليوم إلى كيرالا لتفقد الوضع.", D(2018, 8, 17), "لتفقد",
     Drop.PURPOSE),
    # an ANT article's link line (France 24): the headline of another story
    ("وقال مسؤول إن الاجتماع انتهى.\nللمزيد: كوريا الشمالية تعلن تدمير موقعها للتجارب النووية \"بالكامل\"\n",
     D(2018, 5, 25), "تعلن", Drop.OTHER_STORY),
])
def test_each_drop_reason(text, published, trigger, reason):
    assert _verdicts(text, published)[trigger][0] == reason


def test_a_verb_of_causing_denies_its_result_not_its_subject():
    # FR-middleEast-731-20180704 (adapted: هذه الجولة -> المفاوضات): the talks took place; they produced nothing
    v = _verdicts("وقال الناطق الرسمي باسم الغرفة لم تسفر المفاوضات عن نتائج بسبب الإصرار الروسي على تسليم "
                  "الفصائل سلاحها الثقيل دفعة واحدة.", D(2018, 7, 4))
    assert v["المفاوضات"][1] is False


def test_the_story_itself_is_kept_before_the_link():
    v = _verdicts("وقال مسؤول إن الاجتماع انتهى.\nللمزيد: كوريا الشمالية تعلن تدمير موقعها\n", D(2018, 5, 25))
    assert v["وقال"][0] != Drop.OTHER_STORY
