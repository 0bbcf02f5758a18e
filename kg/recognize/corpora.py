"""The recognizer's training data and model files: where they are, how they are read, how they are scored.

Shared by the CRF's training (``kg.recognize.training``) and the neural model's
(``kg.recognize.neural_train``): ANERcorp's train split (CAMeL Lab split; CC BY-SA 4.0), the
public Wojood sample (MIT) mapped to PERS/ORG/LOC, the unlabeled ANT news, and entity-level
scores over IOB2 tags.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kg.recognize.crf import Sentence, read_conll
from kg.recognize.features import bio_spans

MODEL_DIR = Path(__file__).parent / "models"
MODEL_NAME = "ner.crfsuite"
CLUSTERS_NAME = "clusters.tsv.gz"

ANERCORP_TRAIN = "anercorp/ANERCorp_CamelLab_train.txt"
WOJOOD = ("wojood_sample/train.txt", "wojood_sample/val.txt", "wojood_sample/test.txt")
NEWS = ("news/ant2_all.jsonl.gz", "news/ant1_jawharafm.jsonl")

WOJOOD_TYPES = {"PERS": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}



def _wojood_tag(tags: list[str]) -> str:
    """The first tag of a mapped type (outer before inner), mapped; O when there is none."""
    for t in tags:
        prefix, _, typ = t.partition("-")
        if typ in WOJOOD_TYPES and prefix in ("B", "I"):
            return f"{prefix}-{WOJOOD_TYPES[typ]}"
    return "O"


def read_wojood(path: Path | str) -> list[Sentence]:
    """Wojood CoNLL ("token TAG [TAG …]", nested tags): outer tags, mapped to PERS/ORG/LOC."""
    return repair_iob(read_conll(path, choose=_wojood_tag))


def repair_iob(sentences: list[Sentence]) -> list[Sentence]:
    """An I- tag that does not continue an entity of its type becomes B- (after dropping types)."""
    out = []
    for sent in sentences:
        fixed = []
        prev = "O"
        for tok, tag in sent:
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            fixed.append((tok, tag))
            prev = tag
        out.append(fixed)
    return out


def training_sentences(data: Path) -> list[Sentence]:
    """ANERcorp train (MISC dropped to O) + the Wojood sample, in a fixed order."""
    anercorp = [[(w, "O" if t.endswith("MISC") else t) for w, t in s] for s in read_conll(data / ANERCORP_TRAIN)]
    sentences = repair_iob(anercorp)
    for name in WOJOOD:
        if (data / name).is_file():
            sentences += read_wojood(data / name)
    return sentences


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float


def entity_scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                  types: frozenset[str] = frozenset({"PERS", "LOC", "ORG"})) -> Scores:
    """Entity-level micro P/R/F1 over the given types (exact span and type, seqeval's lenient decoding)."""
    tp = n_gold = n_pred = 0
    for g, p in zip(gold, predicted):
        gs = {s for s in bio_spans(g) if s[2] in types}
        ps = {s for s in bio_spans(p) if s[2] in types}
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)
