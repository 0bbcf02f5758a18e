"""CAMeL Tools' BERT named-entity recognizer (``--ner camel`` or ``--ner camel:MODEL_DIR``).

Without an argument it uses the ``ner-arabert`` model installed by
``camel_data -i ner-arabert`` (found through the camel-tools data catalogue in
``$CAMELTOOLS_DATA`` or ``~/.camel_tools``); with one, the fine-tuned BERT
token-classification model in that folder (``config.json`` with ``id2label``,
weights, ``vocab.txt``).

camel-tools' ``camel_tools.ner`` tries to download its data catalogue when it is
imported and none is installed, so it is imported only inside the factory, and
only once a catalogue file is known to exist: the recognizer never touches the
network. When the data is missing the factory raises ``RecognizerUnavailable``;
the pipeline catches it and falls back to the rules recognizer.

The model labels words (IOB2 over PERS/LOC/ORG/MISC); words are our raw-offset
tokens (``kg.recognize.features.tokenize``), so every label maps back to raw text.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Sequence

from kg.model import Mention
from kg.recognize.features import (
    Gazetteer,
    Token,
    bio_spans,
    geonames_gazetteer,
    mention_offsets,
    split_sentences,
    tokenize,
)
from kg.recognize.registry import RecognizerUnavailable, register

KINDS = {"PERS": "Person", "ORG": "Organization", "LOC": "Place"}
NOT_INSTALLED = (
    "CAMeL Tools NER data is not installed (run `camel_data -i ner-arabert`); "
    "falling back to the rules recognizer"
)


__all__ = ["RecognizerUnavailable", "camel_factory", "CamelRecognizer", "NOT_INSTALLED"]


def camel_data_dir() -> Path:
    """The camel-tools data folder: the one already in use, else $CAMELTOOLS_DATA, else ~/.camel_tools."""
    catalogue = sys.modules.get("camel_tools.data.catalogue")
    if catalogue is not None:
        return Path(catalogue.CT_DATA_DIR)
    env = os.environ.get("CAMELTOOLS_DATA")
    if env is not None:
        return Path(env).expanduser().absolute()
    return Path.home() / ".camel_tools"


def installed_model_dir() -> Path:
    """The installed default NER model folder (ner-arabert), or ``RecognizerUnavailable``."""
    data = camel_data_dir()
    catalogue = data / "catalogue.json"
    if not catalogue.is_file():
        raise RecognizerUnavailable(f"{NOT_INSTALLED} [no data catalogue at {catalogue}]")
    try:
        cat = json.loads(catalogue.read_text(encoding="utf-8"))
        component = cat["components"]["NamedEntityRecognition"]
        path = data / "data" / component["datasets"][component["default"]]["path"]
    except (ValueError, KeyError, TypeError, OSError) as err:
        raise RecognizerUnavailable(f"{NOT_INSTALLED} [{catalogue} lists no NER model: {err!r}]") from err
    if not (path / "config.json").is_file():
        raise RecognizerUnavailable(f"{NOT_INSTALLED} [no model files in {path}]")
    return path


def _load_ner(model_dir: Path):
    """Import camel_tools.ner lazily (offline-safe) and load the model in ``model_dir``."""
    if "camel_tools.data" not in sys.modules:
        catalogue = camel_data_dir() / "catalogue.json"
        if not catalogue.is_file():
            # importing camel_tools.ner now would try to download the catalogue
            raise RecognizerUnavailable(
                f"{NOT_INSTALLED} [no data catalogue at {catalogue}; camel_tools.ner cannot be "
                "imported offline without one]"
            )
    try:
        from camel_tools.ner import NERecognizer
    except Exception as err:  # DownloaderError, CatalogueError, ImportError, OSError, KeyError …
        raise RecognizerUnavailable(f"{NOT_INSTALLED} [camel_tools.ner failed to import: {err!r}]") from err
    try:
        return NERecognizer(str(model_dir), use_gpu=False)
    except (OSError, KeyError, ValueError) as err:
        raise RecognizerUnavailable(f"{NOT_INSTALLED} [cannot load the model in {model_dir}: {err!r}]") from err


class CamelRecognizer:
    name = "camel"

    def __init__(
        self, ner, model_dir: Path, batch_size: int = 16, gazetteer: Gazetteer | None = geonames_gazetteer
    ):
        self.ner = ner
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.gazetteer = gazetteer  # only to cut proclitics off mention starts (بحلب -> حلب)

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 labels for tokenized sentences (one label per word, "O" for words BERT cannot encode)."""
        tokenizer = self.ner.tokenizer
        kept: list[list[int]] = []  # per sentence, the indexes of words BERT turns into word pieces
        for words in sentences:
            kept.append([i for i, w in enumerate(words) if tokenizer.tokenize(w)])
        inputs = [[words[i] for i in idx] for words, idx in zip(sentences, kept)]
        nonempty = [k for k, words in enumerate(inputs) if words]
        predicted = self.ner.predict([inputs[k] for k in nonempty], batch_size=self.batch_size) if nonempty else []
        out = [["O"] * len(words) for words in sentences]
        for k, labels in zip(nonempty, predicted):
            if len(labels) != len(kept[k]):  # never expected; keep the sentence unlabelled rather than misaligned
                continue
            for i, label in zip(kept[k], labels):
                out[k][i] = label
        return out

    def __call__(self, text: str) -> list[Mention]:
        sentences: list[list[Token]] = split_sentences(tokenize(text), text)
        labels = self.tag_sentences([[t.text for t in s] for s in sentences])
        mentions: list[Mention] = []
        for sent, sent_labels in zip(sentences, labels):
            for first, last, typ in bio_spans(sent_labels):
                kind = KINDS.get(typ)
                if kind is None:
                    continue
                begin, end = mention_offsets(sent, first, last, self.gazetteer)
                mentions.append(Mention(begin, end, text[begin:end], kind=kind, source=self.name))
        return mentions


@register("camel")
def camel_factory(argument: str) -> CamelRecognizer:
    """``--ner camel`` (installed ner-arabert) or ``--ner camel:MODEL_DIR``."""
    if argument:
        model_dir = Path(argument).expanduser()
        if not model_dir.is_dir():
            raise FileNotFoundError(f"CAMeL NER model folder {model_dir} not found")
        if not (model_dir / "config.json").is_file():
            raise ValueError(f"{model_dir} is not a BERT token-classification model folder (no config.json)")
    else:
        model_dir = installed_model_dir()
    return CamelRecognizer(_load_ner(model_dir), model_dir)
