"""The shipped model's attributes (``model_attributes``): the featurizer leaves out what crfsuite would drop,
and the labels and marginals stay the same (sentences from ANT news articles, not the dev set or the seeds)."""
from __future__ import annotations

import pickle

import pytest

from kg.recognize.crf import CRFRecognizer, _featurizer, model_attributes
from kg.recognize.features import split_sentences, tokenize
from kg.recognize.training import MODEL_DIR, MODEL_NAME

MODEL = MODEL_DIR / MODEL_NAME

pytestmark = pytest.mark.skipif(not MODEL.is_file(), reason="the shipped model is not installed")

SENTENCES = [
    "هدد رئيس منظمة الطاقة الذرية الإيراني، علي أكبر صالحي، السبت، باستئناف بلاده لتخصيب اليورانيوم.",
    "ذكرت الأمم المتحدة أن أكثر من 200 طفل تم إطلاق سراحهم من قبل جماعات مسلحة في جنوب السودان.",
    "قالت الشرطة الأميركية إنها أطلقت النار على شخص في منتجع ترامب دورال الوطني للغولف في ميامي.",
    "أعلنت السلطات الصحية في إنجلترا، الجمعة، أن سيرغي سكريبال غادر المستشفى.",
]


@pytest.fixture(scope="module")
def recognizer() -> CRFRecognizer:
    return CRFRecognizer(MODEL)


def test_the_model_attributes_are_read_from_its_dump(recognizer):
    known = model_attributes(recognizer._tagger)
    assert known is not None and len(known) > 1000
    assert {"b", "BOS", "EOS", "shape=ar"} <= known
    assert recognizer._featurizer.known == known


@pytest.mark.parametrize("text", SENTENCES)
def test_leaving_out_unknown_attributes_changes_no_label_or_marginal(recognizer, text):
    every = _featurizer(recognizer.gazetteer, MODEL_DIR / recognizer.settings["clusters"],
                        bool(recognizer.settings.get("lexicon")))
    tagger = recognizer._tagger
    for sent in split_sentences(tokenize(text), text):
        words = [t.text for t in sent]
        full, kept = every(words), recognizer._featurizer(words)
        assert all(set(k) <= set(f) for f, k in zip(full, kept))
        assert sum(map(len, kept)) < sum(map(len, full))  # something was left out
        labels = tagger.tag(full)
        marginals = [tagger.marginal(label, k) for k, label in enumerate(labels)]
        assert tagger.tag(kept) == labels
        assert [tagger.marginal(label, k) for k, label in enumerate(labels)] == marginals


def test_a_recognizer_sent_to_another_process_keeps_its_word_cache_apart(recognizer):
    text = SENTENCES[2]
    copy = pickle.loads(pickle.dumps(recognizer))
    assert copy(text) == recognizer(text)
    assert copy._featurizer._recent is not recognizer._featurizer._recent
