import pytest

from kg.text.normalize import normalize_ar, normalize_text
from kg.text.sentences import split_sentences
from kg.text.tokens import glued_split, proclitic_readings, tokenize
from tests.conftest import seed_text


@pytest.mark.parametrize("word, reading", [
    ("للمرصد", ("المرصد", 0)),       # li + al-, the alef of the article elided
    ("وبحسب", ("بحسب", 1)),
    ("بحلب", ("حلب", 1)),
    ("والامم", ("الامم", 1)),
    ("وللحكومه", ("الحكومه", 1)),
    ("لحي", ("حي", 1)),
    ("فالجيش", ("الجيش", 1)),
])
def test_proclitic_readings(word, reading):
    assert reading in proclitic_readings(word)


@pytest.mark.parametrize("word", ["حلب", "من", "في"])
def test_short_words_keep_their_letters(word):
    assert proclitic_readings(word) == ((word, 0),)


@pytest.mark.parametrize("glued, left", [
    ("الاممالمتحده", "الامم"),
    ("سورياالمدينه", "سوريا"),
    ("الاخرينالذين", "الاخرين"),
])
def test_glued_split(glued, left):
    assert glued[:glued_split(glued)] == left


def test_tokens_carry_raw_offsets():
    raw = seed_text("001")
    nt = normalize_text(raw)
    for t in tokenize(nt):
        assert normalize_ar(raw[t.raw_begin:t.raw_end]).replace(" ", "") == t.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sentences_cover_the_text_in_order(prefix):
    raw = seed_text(prefix)
    sentences = split_sentences(raw)
    assert len(sentences) > 5
    for s in sentences:
        assert raw[s.begin:s.end] == s.anchor and s.anchor.strip() == s.anchor
    assert all(a.end <= b.begin for a, b in zip(sentences, sentences[1:]))


def test_decimal_point_does_not_end_a_sentence():
    assert len(split_sentences("ارتفع المؤشر 2.5 في المئة. وانخفض الدولار")) == 2
