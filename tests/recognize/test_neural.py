"""The neural recognizer (kg.recognize.neural) on sentences of ANT news articles (not the dev set, not the seeds)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from kg.recognize import registry  # noqa: E402
from kg.recognize.neural import (  # noqa: E402
    MODEL_NAME,
    NeuralRecognizer,
    allowed_transitions,
    default_model,
    marginals,
    shipped_or_none,
    viterbi,
)
from kg.recognize.registry import RecognizerUnavailable  # noqa: E402

# the shipped model, or another one to test (KG_TEST_NEURAL_MODEL=PATH: a model trained with kg ner train --neural)
SHIPPED = Path(os.environ.get("KG_TEST_NEURAL_MODEL") or default_model())
needs_model = pytest.mark.skipif(not SHIPPED.is_file(), reason=f"no neural model {SHIPPED}")

# (sentence of an ANT article, names the model must find: (anchor, kind))
SENTENCES = [
    ("أعلن الرئيس الأميركي دونالد ترامب أن الولايات المتحدة مستعدة لإجراء محادثات مع كوريا الشمالية فقط في حال "
     "\"كانت الظروف مناسبة\".",  # SK-internationalNews-165-20180226
     [("دونالد ترامب", "Person"), ("الولايات المتحدة", "Place"), ("كوريا الشمالية", "Place")]),
    ("أمر وزير الداخلية الألماني، هورست زيهوفر، سلطات الهجرة بالتعجيل بالإجراءات التي ستسمح لألمانيا بترحيل "
     "متطرف مشتبه به.",  # SK-internationalNews-1658-20180519
     [("هورست زيهوفر", "Person")]),
    ("أعلنت السلطات الصحية في إنجلترا، الجمعة، أن سيرغي سكريبال، الجاسوس الروسي السابق الذي تعرض لتسميم بغاز "
     "أعصاب في بريطانيا في مارس، غادر المستشفى.",  # SK-internationalNews-1638-20180518
     [("إنجلترا", "Place"), ("سيرغي سكريبال", "Person"), ("بريطانيا", "Place")]),
    ("وجاء تهديد صالحي خلال مؤتمر صحفي عقده في طهران مع المفوض الأوروبي للطاقة، ميغيل أرياس كانيتي، الذي يزور "
     "إيران حاليا، وفق \"رويترز\".",  # SK-internationalNews-1661-20180519
     [("طهران", "Place"), ("ميغيل أرياس كانيتي", "Person"), ("إيران", "Place")]),
    ("تصادمت حافلتان للركاب أثناء الخروج من نفق يربط مدينة نيويورك بضواحي نيوجيرسي، الجمعة، ما أدى إلى إصابة "
     "32 شخصا، وفق ما أعلنت وكالة رويترز.",  # SK-internationalNews-1660-20180519
     [("نيويورك", "Place"), ("نيوجيرسي", "Place")]),
]


@pytest.fixture(scope="module")
def recognizer() -> NeuralRecognizer:
    return NeuralRecognizer(SHIPPED)


@needs_model
@pytest.mark.parametrize("text,expected", SENTENCES)
def test_names_found_with_their_types(recognizer, text, expected):
    found = {(m.anchor, m.kind) for m in recognizer(text)}
    for name in expected:
        assert name in found, (name, sorted(found))


@needs_model
@pytest.mark.parametrize("text,expected", SENTENCES)
def test_offsets_refer_to_the_raw_text(recognizer, text, expected):
    mentions, outside = recognizer.read(text)
    for m in mentions:
        assert text[m.begin:m.end] == m.anchor
        assert m.source == "neural" and 0.0 < m.confidence <= 1.0
    assert outside and all(text[b:e] and 0.0 <= p <= 1.0 for b, e, p in outside)


@needs_model
def test_sentences_tagged_together_or_alone_agree(recognizer):
    """A sentence's labels do not depend on the other sentences of its batch (padding)."""
    sentences = [text.split() for text, _ in SENTENCES]
    together = recognizer.tag_sentences(sentences)
    assert together == [recognizer.tag(s) for s in sentences]
    assert all(len(t) == len(s) for t, s in zip(together, sentences))


@needs_model
def test_registry_builds_it_and_combined_takes_a_neural_model():
    assert isinstance(registry.get_recognizer(f"neural:{SHIPPED}"), NeuralRecognizer)
    assert registry.get_recognizer(f"combined:{SHIPPED}").model.name == "neural"


def test_a_missing_model_file_says_so(tmp_path):
    missing = tmp_path / MODEL_NAME
    with pytest.raises(RecognizerUnavailable, match="not found"):
        NeuralRecognizer(missing)
    with pytest.raises(RecognizerUnavailable, match=str(missing)):
        registry.get_recognizer(f"neural:{missing}")
    assert shipped_or_none(missing) is None


def test_a_file_that_is_no_model_says_so(tmp_path):
    bad = tmp_path / MODEL_NAME
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="not a model file"):
        NeuralRecognizer(bad)


def test_without_torch_the_default_keeps_the_crf(monkeypatch, capsys, tmp_path):
    import kg.recognize.neural as neural

    def no_torch():
        raise RecognizerUnavailable("the neural recognizer needs torch (No module named 'torch')")

    monkeypatch.setattr(neural, "_torch", no_torch)
    present = tmp_path / MODEL_NAME
    present.write_bytes(b"a model file")  # present, so only the missing torch stops it
    assert shipped_or_none(present) is None
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "torch" in err[0] and "CRF" in err[0]


def test_decoding_never_opens_a_name_with_an_inside_label():
    labels = ["B-LOC", "B-PERS", "I-LOC", "I-PERS", "O"]
    trans, start = allowed_transitions(labels)
    logp = np.log(np.array([[[0.1, 0.1, 0.1, 0.6, 0.1], [0.1, 0.1, 0.6, 0.1, 0.1]]], dtype=np.float32))
    path = [labels[i] for i in viterbi(logp, [2], trans, start)[0]]
    assert path[0] != "I-PERS" and not (path[1] == "I-LOC" and path[0] not in ("B-LOC", "I-LOC"))


def test_crf_marginals_sum_to_one():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(2, 5, 3)).astype(np.float32)
    trans = rng.normal(size=(3, 3)).astype(np.float32)
    probs = marginals(scores, [5, 3], trans, np.zeros(3, np.float32), np.zeros(3, np.float32))
    assert np.allclose(probs[0].sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(probs[1, :3].sum(axis=1), 1.0, atol=1e-5)
