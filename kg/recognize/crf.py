"""A linear-chain CRF recognizer (python-crfsuite), trained on CoNLL "token TAG" files.

Train once, then use it by name: ``--ner crf:MODEL``::

    from kg.recognize.crf import train_crf
    train_crf(Path("train.txt"), Path("ner.crfsuite"))

Features (``kg.recognize.features``): normalized form, prefixes and suffixes,
proclitics (و ف ب ل ك ال) and stem, shape, length, neighbours ±2, cue words
(titles, speech verbs, place and organization heads) in a ±2 window, and an
optional gazetteer hook (default: Arabic city and country names). The feature
settings a model was trained with are stored next to it in ``MODEL.json``, so the
recognizer computes the same features when it applies it.

Mentions: PERS -> Person, ORG -> Organization, LOC -> Place; MISC is dropped.
``key`` is left empty (the linking step fills it); ``confidence`` is the lowest
per-token marginal probability of the predicted labels over the mention.
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pycrfsuite

from kg.model import Mention
from kg.recognize.features import (
    Featurizer,
    Gazetteer,
    Token,
    bio_spans,
    geonames_gazetteer,
    mention_offsets,
    project_lexicon,
    split_sentences,
    tokenize,
)
from kg.recognize.registry import register

FEATURES_VERSION = 4
KINDS = {"PERS": "Person", "ORG": "Organization", "LOC": "Place"}

Sentence = list[tuple[str, str]]  # (token, IOB2 tag)


# ---- reading CoNLL ---------------------------------------------------------------------


def read_conll(path: Path | str, choose: Callable[[list[str]], str] | None = None) -> list[Sentence]:
    """Read "token TAG" lines (space or tab separated; a blank line ends a sentence).

    Tags are IOB2 (``O``, ``B-TYPE``, ``I-TYPE``). With ``choose``, a line may hold several tags
    ("token TAG TAG …", nested entities as in Wojood) and ``choose(tags)`` gives the one kept.
    A malformed line raises ``ValueError`` naming the file and line number.
    """
    path = Path(path)
    sentences: list[Sentence] = []
    current: Sentence = []
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise ValueError(
                    f"{path}:{lineno}: not UTF-8 (byte 0x{raw[err.start]:02x} at byte {err.start} of the line)"
                ) from err
            if lineno == 1:
                line = line.lstrip("\ufeff")
            parts = line.split()
            if not parts:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if len(parts) != 2 and (choose is None or len(parts) < 2):
                raise ValueError(
                    f"{path}:{lineno}: expected 'token TAG' (2 fields), got {len(parts)}: {line.rstrip()!r}"
                )
            token, tag = parts[0], (parts[1] if choose is None else choose(parts[1:]))
            if not _valid_tag(tag):
                raise ValueError(
                    f"{path}:{lineno}: invalid tag {tag!r} (expected O, B-TYPE or I-TYPE): {line.rstrip()!r}"
                )
            current.append((token, tag))
    if current:
        sentences.append(current)
    if not sentences:
        raise ValueError(f"{path}: no sentences found")
    return sentences


def _valid_tag(tag: str) -> bool:
    if tag == "O":
        return True
    prefix, dash, typ = tag.partition("-")
    return prefix in ("B", "I") and dash == "-" and typ.isalpha() and typ.isupper()


# ---- training --------------------------------------------------------------------------


@dataclass
class TrainReport:
    model_path: Path
    sentences: int
    tokens: int
    entities: Counter = field(default_factory=Counter)  # type -> count in the training data
    labels: list[str] = field(default_factory=list)
    iterations: int = 0
    seconds: float = 0.0
    gazetteer: str | None = None

    def __str__(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        return (
            f"trained {self.model_path} on {self.sentences} sentences / {self.tokens} tokens "
            f"({ents}) in {self.seconds:.1f} s, {self.iterations} iterations, gazetteer={self.gazetteer}"
        )


def _gazetteer_name(gazetteer: Gazetteer | None) -> str | None:
    if gazetteer is None:
        return None
    if gazetteer is geonames_gazetteer:
        return "geonames"
    return "custom:" + getattr(gazetteer, "__qualname__", repr(gazetteer))


def meta_path(model_path: Path | str) -> Path:
    """Where the feature settings of a model are stored: ``MODEL.json`` next to it."""
    model_path = Path(model_path)
    return model_path.with_name(model_path.name + ".json")


def train(
    sentences: Sequence[Sentence],
    model_path: Path | str,
    *,
    max_iterations: int = 100,
    c1: float = 0.1,
    c2: float = 0.01,
    gazetteer: Gazetteer | None = geonames_gazetteer,
    clusters: Path | str | None = None,
    lexicon: bool = False,
    min_freq: int = 1,
) -> TrainReport:
    """Train a CRF (L-BFGS, elastic net c1/c2) on tagged sentences and write it to ``model_path``.

    ``gazetteer`` maps a normalized token (or two, joined by a space) to a coarse
    type such as "LOC"; None trains without gazetteer features. ``clusters`` is a word-cluster table
    (``kg.recognize.clusters``) and ``lexicon`` adds the project's lexicon classes (``project_lexicon``);
    both are recorded next to the model so the recognizer computes the same features.
    """
    model_path = Path(model_path)
    if not sentences:
        raise ValueError("no training sentences")
    start = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    featurize = _featurizer(gazetteer, clusters, lexicon)
    entities: Counter = Counter()
    tokens = 0
    for sent in sentences:
        words = [w for w, _ in sent]
        tags = [t for _, t in sent]
        trainer.append(featurize(words), tags)
        tokens += len(words)
        entities.update(t for _, _, t in bio_spans(tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": min_freq,
        }
    )
    model_path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model_path))
    seconds = time.perf_counter() - start
    iterations = len(trainer.logparser.iterations) if trainer.logparser else max_iterations
    report = TrainReport(
        model_path=model_path,
        sentences=len(sentences),
        tokens=tokens,
        entities=entities,
        labels=sorted({t for s in sentences for _, t in s}),
        iterations=iterations,
        seconds=seconds,
        gazetteer=_gazetteer_name(gazetteer),
    )
    meta = {
        "features_version": FEATURES_VERSION,
        "gazetteer": report.gazetteer,
        "labels": report.labels,
        "sentences": report.sentences,
        "tokens": report.tokens,
        "params": {"max_iterations": max_iterations, "c1": c1, "c2": c2, "min_freq": min_freq},
        "clusters": _clusters_reference(clusters, model_path),
        "lexicon": "project" if lexicon else None,
    }
    meta_path(model_path).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


def _clusters_reference(clusters: Path | str | None, model_path: Path) -> str | None:
    """How the model's settings name its cluster table: the file name when it sits beside the model."""
    if clusters is None:
        return None
    clusters = Path(clusters)
    if clusters.resolve().parent == model_path.resolve().parent:
        return clusters.name
    return str(clusters.resolve())


def _featurizer(gazetteer: Gazetteer | None, clusters: Path | str | None, lexicon: bool,
                known: frozenset[str] | None = None) -> Featurizer:
    """The featurizer of a model's settings; its word table (clusters + frequency bands) is read here, once.
    ``known``: the model's attributes, when applying it (``model_attributes``)."""
    from kg.recognize.clusters import load_clusters

    table = load_clusters(clusters) if clusters is not None else None
    return Featurizer(gazetteer, table, project_lexicon() if lexicon else None, known=known)


def model_attributes(tagger: pycrfsuite.Tagger) -> frozenset[str] | None:
    """The attributes an opened model has weights for (its dump's ATTRIBUTES section), or None when the dump
    cannot be read as expected. crfsuite drops any other attribute of a token when tagging, so the featurizer
    may leave them out: same labels, same marginals, less to convert (a quarter of the attributes of news)."""
    import os
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="kg-crf-") as folder:
            path = os.path.join(folder, "model.txt")
            tagger.dump(path)
            with open(path, encoding="utf-8", errors="surrogateescape") as fh:
                lines = fh.read().split("\n")
    except OSError:
        return None  # no temporary folder: every attribute is passed, crfsuite drops the unknown ones
    expected, names, inside = None, [], False
    for line in lines:
        if not inside:
            if line.strip().startswith("num_attrs:"):
                expected = int(line.split(":", 1)[1])
            inside = line == "ATTRIBUTES = {"
            continue
        if line == "}":
            break
        number, sep, name = line.lstrip(" ").partition(": ")
        if not (sep and number.isdigit()):
            return None
        names.append(name)
    if expected is None or len(names) != expected:
        return None
    return frozenset(names)


def train_crf(
    conll_path: Path | str,
    model_path: Path | str,
    *,
    max_iterations: int = 100,
    c1: float = 0.1,
    c2: float = 0.01,
    gazetteer: Gazetteer | None = geonames_gazetteer,
) -> TrainReport:
    """Read a CoNLL file (``read_conll``) and train a model on it (``train``)."""
    return train(
        read_conll(conll_path), model_path, max_iterations=max_iterations, c1=c1, c2=c2, gazetteer=gazetteer
    )


# ---- applying --------------------------------------------------------------------------


class CRFRecognizer:
    """Applies a trained model to raw text; one instance per process (the model and its word table load once).

    Thread-safe: a crfsuite tagger keeps the last tagged sentence for its marginals, so each thread tags
    with its own tagger (opened from the same file on its first sentence); the featurizer is read-only.
    """

    name = "crf"

    def __init__(self, model_path: Path | str, gazetteer: Gazetteer | None | str = "auto"):
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise FileNotFoundError(
                f"CRF model {self.model_path} not found (train one with kg.recognize.crf.train_crf)"
            )
        meta = self._read_meta()
        if gazetteer == "auto":
            stored = meta.get("gazetteer", "geonames")
            if stored is None:
                gazetteer = None
            elif stored == "geonames":
                gazetteer = geonames_gazetteer
            else:
                raise ValueError(
                    f"CRF model {self.model_path} was trained with a custom gazetteer ({stored}); "
                    "pass it: CRFRecognizer(path, gazetteer=...)"
                )
        self.gazetteer = gazetteer
        clusters = meta.get("clusters")
        if clusters is not None:
            clusters = self.model_path.parent / clusters
            if not clusters.is_file():
                raise FileNotFoundError(f"CRF model {self.model_path}: its word clusters {clusters} are missing")
        self.settings = meta
        self._open()
        known = model_attributes(self._tagger)
        self._featurizer = _featurizer(gazetteer, clusters, bool(meta.get("lexicon")), known)

    def _read_meta(self) -> dict:
        path = meta_path(self.model_path)
        if not path.is_file():
            return {}  # settings of train()'s defaults
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise ValueError(f"CRF model settings {path} are not valid JSON: {err}") from err
        version = meta.get("features_version")
        if version != FEATURES_VERSION:
            raise ValueError(
                f"CRF model {self.model_path} was trained with features version {version}, "
                f"this code computes version {FEATURES_VERSION}: retrain it"
            )
        return meta

    def _open(self) -> None:
        tagger = self._new_tagger()
        labels = tagger.labels()
        if not labels or not all(_valid_tag(label) for label in labels):
            raise ValueError(f"CRF model {self.model_path} has labels {labels!r}, not IOB2 tags")
        self._local = threading.local()
        self._local.tagger = tagger

    def _new_tagger(self) -> pycrfsuite.Tagger:
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(self.model_path))
        except (ValueError, OSError) as err:
            raise ValueError(f"CRF model {self.model_path} is not a valid crfsuite model file ({err})") from err
        return tagger

    @property
    def _tagger(self) -> pycrfsuite.Tagger:
        """This thread's tagger (its marginals refer to the sentence this thread tagged last)."""
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = self._local.tagger = self._new_tagger()
        return tagger

    # the taggers wrap C objects: reopen the file when sent to another process
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        del state["_local"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._open()

    def tag(self, tokens: Sequence[str], memo: dict | None = None) -> list[str]:
        """IOB2 labels for one tokenized sentence (``memo``: a dict kept for one article, see ``Featurizer``)."""
        if not tokens:
            return []
        return self._tagger.tag(self._featurizer(tokens, memo))

    def tag_sentences(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        memo: dict = {}
        return [self.tag(s, memo) for s in sentences]

    def __call__(self, text: str) -> list[Mention]:
        return self.read(text, outside=False)[0]

    def read(self, text: str, outside: bool = True, tokens: Sequence[Token] | None = None
             ) -> tuple[list[Mention], list[tuple[int, int, float]]]:
        """The mentions in ``text`` and, with ``outside``, each token's raw ``(begin, end, p)``: ``p`` the
        model's marginal probability that the token is no part of a name (label O). ``tokens``: the text's
        ``kg.recognize.features.tokenize``, when the caller has it already."""
        mentions: list[Mention] = []
        tokens_out: list[tuple[int, int, float]] = []
        memo: dict = {}  # word type -> its attributes, for this article only
        tagger = self._tagger
        for sent in split_sentences(tokenize(text) if tokens is None else tokens, text):
            tokens = [t.text for t in sent]
            labels = tagger.tag(self._featurizer(tokens, memo))
            if outside:
                tokens_out.extend((t.begin, t.end, tagger.marginal("O", k)) for k, t in enumerate(sent))
            for first, last, typ in bio_spans(labels):
                kind = KINDS.get(typ)
                if kind is None:
                    continue
                confidence = min(tagger.marginal(labels[k], k) for k in range(first, last))
                begin, end = mention_offsets(sent, first, last, self.gazetteer)
                mentions.append(
                    Mention(
                        begin,
                        end,
                        text[begin:end],
                        kind=kind,
                        source=self.name,
                        confidence=round(confidence, 4),
                    )
                )
        return mentions, tokens_out


@register("crf")
def crf_factory(argument: str) -> CRFRecognizer:
    """``--ner crf:MODEL``: load the model file MODEL."""
    if not argument:
        raise ValueError("the crf recognizer needs a model file: --ner crf:PATH/TO/MODEL.crfsuite")
    return CRFRecognizer(Path(argument).expanduser())
