"""How the shipped recognizer model is made: data, cross-validation, training (``kg ner train --data``).

The default recognizer's CRF is trained on

* ANERcorp's train split (CAMeL Lab split; CC BY-SA 4.0) — never its test split;
* the public Wojood sample (MIT), mapped to the three types the graph has:
  PERS -> PERS, ORG -> ORG, GPE and LOC -> LOC, every other type -> O (outer tags only);

with word clusters learned from the unlabeled ANT news corpus (``kg.recognize.clusters``).
Settings (regularization, features) are chosen by k-fold cross-validation on the
training sentences only (``cross_validate``).
"""
from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Sequence

from kg.recognize.crf import Sentence, train
from kg.recognize.features import geonames_gazetteer

from kg.recognize.corpora import (  # noqa: F401  (the names the CLI, tests and bench import from here)
    ANERCORP_TRAIN, CLUSTERS_NAME, MODEL_DIR, MODEL_NAME, NEWS, WOJOOD, Scores, entity_scores, read_wojood,
    training_sentences)

# Chosen by 3-fold cross-validation on the training sentences (bench/RESULTS_NER.md).
DEFAULT_SETTINGS = {"c1": 0.1, "c2": 0.01, "max_iterations": 150, "min_freq": 1}


def cross_validate(sentences: Sequence[Sentence], settings: dict, *, folds: int = 4, seed: int = 13,
                   clusters: Path | None = None, lexicon: bool = True, log=print) -> Scores:
    """Mean-free pooled k-fold CV: train on k-1 folds, tag the held-out fold, score all folds together."""
    from kg.recognize.crf import CRFRecognizer

    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    gold_all, pred_all = [], []
    with tempfile.TemporaryDirectory() as tmp:
        model_clusters = None
        if clusters is not None:
            model_clusters = Path(tmp) / clusters.name
            shutil.copyfile(clusters, model_clusters)
        for k in range(folds):
            held = set(order[k::folds])
            train_part = [s for i, s in enumerate(sentences) if i not in held]
            test_part = [s for i, s in enumerate(sentences) if i in held]
            model = Path(tmp) / f"fold{k}.crfsuite"
            train(train_part, model, gazetteer=geonames_gazetteer, clusters=model_clusters, lexicon=lexicon,
                  **settings)
            rec = CRFRecognizer(model)
            for s in test_part:
                gold_all.append([t for _, t in s])
                pred_all.append(rec.tag([w for w, _ in s]))
            log(f"  fold {k + 1}/{folds} done")
    return entity_scores(gold_all, pred_all)


def train_default(data: Path, out: Path = MODEL_DIR, *, reuse_clusters: bool = True, settings: dict | None = None,
                  neural: bool = False, log=print) -> dict:
    """Reproduce the shipped model: word clusters from the news (unless present), then the CRF; with ``neural``,
    the neural model instead of the CRF (``kg.recognize.neural_train``: word vectors of the news, cached in /tmp,
    then the tagger; needs torch)."""
    from kg.recognize.clusters import complete_table, train_clusters

    data, out = Path(data), Path(out)
    missing = [name for name in (ANERCORP_TRAIN,) if not (data / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{data}: training data missing: {', '.join(missing)}")
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    clusters = out / CLUSTERS_NAME
    info: dict = {}
    news = [data / n for n in NEWS if (data / n).is_file()]
    if reuse_clusters and clusters.is_file():
        added = complete_table(clusters, news)
        if added:
            log(f"clusters: {', '.join(added)} added to {clusters}")
    else:
        if not news:
            raise FileNotFoundError(f"{data}: no news corpus for the word clusters ({', '.join(NEWS)})")
        info["clusters"] = train_clusters(news, clusters, log=log)
    if neural:
        from kg.recognize.neural_train import train_default_neural

        info.update(train_default_neural(data, out, settings=settings, log=log))
        return info
    sentences = training_sentences(data)
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    report = train(sentences, out / MODEL_NAME, gazetteer=geonames_gazetteer, clusters=clusters, lexicon=True,
                   **settings)
    log(str(report))
    info.update({"sentences": report.sentences, "tokens": report.tokens, "settings": settings,
                 "seconds": round(time.perf_counter() - start, 1)})
    return info


def model_info(model_dir: Path = MODEL_DIR) -> str:
    """One line saying where the shipped model came from (for ``kg ner list``)."""
    neural = model_dir / "ner.neural.pt"
    if neural.is_file():
        return (f"neural {neural} (BiLSTM over word vectors of the ANT news, characters and the CRF's indicators; "
                f"ANERcorp train + Wojood sample; the CRF {model_dir / MODEL_NAME} without torch; CC BY-SA 4.0, "
                f"see {model_dir / 'LICENSE'})")
    meta_file = model_dir / (MODEL_NAME + ".json")
    if not meta_file.is_file():
        return f"no model in {model_dir}"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return (f"CRF {model_dir / MODEL_NAME}: ANERcorp train + Wojood sample, {meta.get('sentences')} sentences / "
            f"{meta.get('tokens')} tokens; word clusters from the ANT news corpus; c1={meta['params']['c1']} "
            f"c2={meta['params']['c2']} (CC BY-SA 4.0, see {model_dir / 'LICENSE'})")
