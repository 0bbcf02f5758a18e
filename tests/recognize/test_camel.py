"""The CAMeL Tools BERT recognizer: plumbing on a tiny model built here, and the missing-data path.

camel-tools fixes its data folder when ``camel_tools.data`` is first imported, so the model is
loaded in a child process with ``CAMELTOOLS_DATA`` pointing at a minimal catalogue: the test
process's own camel-tools state is left alone. The tiny BERT has random weights except its
classifier, which says ``B-LOC`` for every word piece, so every word that BERT can encode must
come back as one Place mention on its exact raw offsets.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.recognize import camel
from kg.recognize.camel import NOT_INSTALLED, RecognizerUnavailable, camel_factory
from kg.recognize.features import tokenize
from tests.conftest import ROOT

LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]
SEED_SENTENCE = (  # seeds/000, with a lone shadda BERT turns into nothing (it must stay unlabelled)
    "وكان وزير الخارجية الفرنسي جان مارك آيرولت, قد طالب امس مجلس الأمن بعقد إجتماع فوري "
    "لبحث تطورات الوضع في حلب ّ وسبل تقديم المساعدات للسكان المحاصرين. وقال لافروف إن روسيا "
    "والولايات المتحدة ستبدآن محادثات بشأن الانسحاب في جنيف."
)
MINIMAL_CATALOGUE = {"version": "1.6", "packages": {}, "components": {}}


def build_tiny_bert(folder: Path, seed_text: str) -> Path:
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    vocab_file = folder / "vocab.txt"
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab_file.write_text("\n".join(specials) + "\n", encoding="utf-8")
    # the words of the seed text as BERT's own normalizer and pre-tokenizer see them
    backend = BertTokenizer(str(vocab_file)).backend_tokenizer
    normalized = backend.normalizer.normalize_str(seed_text)
    words = sorted({w for w, _ in backend.pre_tokenizer.pre_tokenize_str(normalized)})
    vocab_file.write_text("\n".join(specials + words) + "\n", encoding="utf-8")
    BertTokenizer(str(vocab_file)).save_pretrained(str(folder))
    config = BertConfig(
        vocab_size=len(specials) + len(words), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=256,
        id2label=dict(enumerate(LABELS)), label2id={label: i for i, label in enumerate(LABELS)},
    )
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-5.0)
        model.classifier.bias[LABELS.index("B-LOC")] = 5.0
    model.save_pretrained(str(folder))
    return folder


# One child process (importing torch takes seconds): build the model, load it both ways, tag.
CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from tests.recognize.test_camel import SEED_SENTENCE, build_tiny_bert
    from kg.recognize.camel import camel_factory

    model_dir = build_tiny_bert(Path(sys.argv[1]), SEED_SENTENCE)
    out = {}
    for name, argument, text in [("explicit", str(model_dir), SEED_SENTENCE),
                                 ("installed", "", "قال لافروف في جنيف")]:
        rec = camel_factory(argument)
        out[name] = [[m.begin, m.end, m.anchor, m.kind, m.source] for m in rec(text)]
    print(json.dumps(out, ensure_ascii=False))
""")


@pytest.fixture(scope="module")
def child(tmp_path_factory) -> dict:
    """Mentions from the tiny model, loaded from its folder and as the catalogue's installed model."""
    data = tmp_path_factory.mktemp("camel_data")
    catalogue = dict(MINIMAL_CATALOGUE, components={
        "NamedEntityRecognition": {"default": "arabert", "datasets": {"arabert": {"path": "ner/arabert"}}}})
    (data / "catalogue.json").write_text(json.dumps(catalogue), encoding="utf-8")
    env = dict(os.environ, CAMELTOOLS_DATA=str(data), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(data / "data" / "ner" / "arabert")], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_tiny_model_mentions_on_raw_offsets(child):
    mentions = child["explicit"]
    words = [t for t in tokenize(SEED_SENTENCE) if t.text != "ّ"]
    assert len(mentions) == len(words)  # every word B-LOC, except the one BERT cannot encode
    for (begin, end, anchor, kind, source), word in zip(mentions, words):
        assert SEED_SENTENCE[begin:end] == anchor
        assert kind == "Place" and source == "camel"
        assert word.begin <= begin and end == word.end
    anchors = [m[2] for m in mentions]
    assert "حلب" in anchors and "الولايات" in anchors and "جنيف" in anchors  # والولايات -> الولايات


def test_installed_model_found_through_the_catalogue(child):
    assert [m[2] for m in child["installed"]] == ["قال", "لافروف", "في", "جنيف"]


@pytest.fixture()
def camel_home(monkeypatch, tmp_path):
    """Point camel-tools' data folder at ``tmp_path / "home"`` (also when camel-tools already fixed it)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CAMELTOOLS_DATA", str(home))
    loaded = sys.modules.get("camel_tools.data.catalogue")
    if loaded is not None:
        monkeypatch.setattr(loaded, "CT_DATA_DIR", home)
    return home


def test_no_data_installed(camel_home):
    with pytest.raises(RecognizerUnavailable, match=NOT_INSTALLED.replace("(", r"\(").replace(")", r"\)")):
        camel_factory("")


def test_catalogue_without_ner(camel_home):
    (camel_home / "catalogue.json").write_text(json.dumps(MINIMAL_CATALOGUE), encoding="utf-8")
    with pytest.raises(RecognizerUnavailable) as err:
        camel_factory("")
    assert str(err.value).startswith(NOT_INSTALLED)


def test_unavailable_is_a_runtime_error():
    # the pipeline falls back to the rules recognizer on RuntimeError
    assert issubclass(RecognizerUnavailable, RuntimeError)
    assert "camel_data -i ner-arabert" in NOT_INSTALLED


def test_explicit_model_folder_must_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        camel_factory(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="config.json"):
        camel_factory(str(tmp_path / "empty"))


def test_registered():
    from kg.recognize import registry

    assert "camel" in registry.available()
    assert camel.camel_factory is registry._FACTORIES["camel"]
