"""One name, one type, every mention: the consistency pass over an article's mentions."""
from __future__ import annotations

import pytest

from kg.model import Mention
from kg.recognize.consistency import make_consistent, name_of


def mention(text: str, anchor: str, kind: str, *, nth: int = 0, key: str = "", source: str = "crf",
            confidence: float = 0.9) -> Mention:
    begin = -1
    for _ in range(nth + 1):
        begin = text.index(anchor, begin + 1)
    return Mention(begin, begin + len(anchor), anchor, kind=kind, key=key, source=source, confidence=confidence)


def spans(mentions):
    return [(m.anchor, m.kind) for m in mentions]


@pytest.mark.parametrize("anchor, name", [
    ("وبحلب", ("حلب",)),
    ("سيرغي لافروف", ("سيرغي", "لافروف")),
    ("والأمم المتحدة", ("الامم", "المتحده")),
])
def test_name_of_strips_conjunction_and_preposition(anchor, name):
    assert name_of(anchor) == name


def test_a_surname_alone_takes_the_full_name():
    text = "وقال وزير الخارجية الروسي سيرغي لافروف إن بلاده مستعدة. وأضاف لافروف أن الحل سياسي."
    out = make_consistent(text, [mention(text, "سيرغي لافروف", "Person")])
    assert spans(out) == [("سيرغي لافروف", "Person"), ("لافروف", "Person")]
    assert out[0].key == out[1].key == "person:سيرغي لافروف"
    assert out[1].label_ar == "سيرغي لافروف"
    assert all(text[m.begin:m.end] == m.anchor for m in out)


def test_a_surname_with_a_particle():
    text = "التقى ستافان دي ميستورا المعارضة، وقال دي ميستورا إن الهدنة صامدة."
    out = make_consistent(text, [mention(text, "ستافان دي ميستورا", "Person")])
    assert spans(out)[1] == ("دي ميستورا", "Person")
    assert out[1].key == out[0].key


def test_a_surname_two_people_share_stays_unlinked():
    text = "التقى جون كيري وتيريزا كيري في المطار، ثم غادر كيري."
    out = make_consistent(text, [mention(text, "جون كيري", "Person"), mention(text, "تيريزا كيري", "Person")])
    assert len(out) == 2


def test_a_recognized_name_labels_its_other_mentions_after_a_proclitic():
    text = "وصلت قافلة إلى إدلب المحاصرة. وقالت مصادر إن الجرحى في إدلب وصلوا إلى المشافي، ولإدلب طريق واحد."
    out = make_consistent(text, [mention(text, "إدلب", "Place")])
    assert [m.anchor for m in out] == ["إدلب", "إدلب", "إدلب"]
    assert all(m.kind == "Place" and text[m.begin:m.end] == m.anchor for m in out)


def test_common_words_are_not_spread():
    text = "قالت أمل إن الأمل باق. وتحدثت عن الأمل كثيرا."
    out = make_consistent(text, [mention(text, "أمل", "Person")])
    assert spans(out) == [("أمل", "Person")]


def test_one_type_per_name_prefers_the_rules():
    text = "وصل الوفد إلى جنيف صباحا، وفي جنيف بدأت المحادثات."
    rules = mention(text, "جنيف", "Place", key="geonames:2660646", source="rules", confidence=1.0)
    model = mention(text, "جنيف", "Person", nth=1, confidence=0.99)
    out = make_consistent(text, [rules, model])
    assert [m.kind for m in out] == ["Place", "Place"]


def test_one_type_per_name_by_the_model_majority():
    text = "أعلنت شركة بتروفاك نتائجها. وقالت بتروفاك إن الأرباح زادت، وأكدت بتروفاك ذلك."
    out = make_consistent(text, [mention(text, "بتروفاك", "Organization", nth=0, confidence=0.9),
                                 mention(text, "بتروفاك", "Person", nth=1, confidence=0.6),
                                 mention(text, "بتروفاك", "Organization", nth=2, confidence=0.8)])
    assert [m.kind for m in out] == ["Organization"] * 3
