"""A verb right after an indefinite statement noun describes that noun (بيانا يطالب، مشروع بيان يدعو): the
noun has no genitive across the verb, the actor after the verb is whom the statement addresses, and the
statement's issuer — the subject of the verb the noun is the object of — speaks (kg.extract.roles,
kg.extract.arguments). Sentences quoted from articles of the ANT corpus (ids in the comments), none
annotated in the dev set or among the five samples."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.extract.reading import read as read_text


def speakers(text: str, recognizer, cls: str = "Appeal") -> set[str]:
    _, events, mentions = read_text(text, recognizer, dt.date(2018, 5, 30))
    event = next(e for e in events if e.cls == cls)
    return {mentions[i].anchor for i in event.speakers}


@pytest.mark.parametrize("text, issuer, addressee", [
    # BB-middleEast-551-20180529: the issuer before the verb governing مشروع بيان
    ("ووزعت الولايات المتحدة مشروع بيان يدعو مجلس الأمن إلى إدانة إطلاق الصواريخ العشوائية.",
     "الولايات المتحدة", "مجلس الأمن"),
    # AL-internationalNews-731-20180401: تقدمت X بمسودة بيان يدعو
    ("وبصفتها ممثلة عن المجموعة العربية في مجلس الأمن، تقدمت الكويت بمسودة بيان يدعو خصوصا إلى إجراء تحقيق"
     " مستقل وشفاف في المواجهات.", "الكويت", None),
])
def test_the_issuer_of_the_statement_a_verb_describes_speaks(recognizer, text, issuer, addressee):
    said = speakers(text, recognizer)
    assert issuer in said
    assert addressee not in said


def test_an_issuer_named_after_its_verb_speaks(recognizer):
    # BB-internationalNews-368-20180420
    said = speakers("وقبل استقالة فوكودا، أصدرت نقابة الصحف المطبوعة في اليابان بيانا تدعو فيه إلى توفير حماية"
                    " أفضل للنساء في مكان العمل.", recognizer)
    assert said == {"نقابة الصحف المطبوعة في اليابان"}
