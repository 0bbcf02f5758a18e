"""Training the neural recognizer (``kg.recognize.neural``): ``kg ner train --neural --data DATA``.

Needs torch and the word vectors of ``kg.recognize.embeddings`` (a separate step, cached in
/tmp/kg-embeddings.npz: trained again when the cache is absent, which needs gensim). Seeded and single-threaded,
so the same data and settings give the same model. Settings (epochs, sizes, the CRF layer) were chosen on a
held-out slice of ANERcorp's train split (``DEV_SENTENCES``, the last train sentences: contiguous, so most of
their names are unseen, like the test split's) — never on the test split (bench/RESULTS_NER.md). The shipped
model is trained without that slice (its score after each epoch is logged).
"""
from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

from kg.recognize.crf import Sentence
from kg.recognize.neural import FEATURES, FORMAT, MODEL_NAME, TokenFeatures, _torch, batch_tensors, build_network

SETTINGS = {"epochs": 30, "batch": 32, "lr": 2e-3, "hidden": 64, "feature_dim": 8, "char_dim": 24,
            "char_filters": 50, "dropout": 0.5, "word_dropout": 0.05, "max_words": 60_000, "seed": 7,
            "train_word_dim": 32, "train_word_min": 2, "crf": True}
DEV_SENTENCES = 800  # the held-out slice used to choose the settings (the last ANERcorp train sentences)
EMBEDDINGS_CACHE = Path("/tmp/kg-embeddings.npz")


def vocabularies(sentences: Sequence[Sentence], embeddings: Path, clusters: dict | None, max_words: int,
                 train_word_min: int = 2):
    """The model's vocabularies: the ``max_words`` most frequent words of the news vectors (plus the training
    words they hold), the indicator values and characters seen in training; and the word vectors."""
    import numpy as np

    data = np.load(embeddings)
    all_words = [str(w) for w in data["words"]]
    probe = TokenFeatures([], {k: [] for k in FEATURES}, [], clusters)
    values = {k: Counter() for k in FEATURES}
    chars: Counter = Counter()
    hosts: set[str] = set()
    for sent in sentences:
        for token, _ in sent:
            host, vals, norm = probe.raw(token)
            hosts.add(host)
            hosts.add(norm)
            chars.update(norm)
            for k in FEATURES:
                values[k][vals[k]] += 1
    keep = [i for i, w in enumerate(all_words) if i < max_words or w in hosts]
    words = [all_words[i] for i in keep]
    vectors = data["vectors"][keep].astype(np.float32)
    least = {"tw": train_word_min}
    return (words, {k: sorted(x for x, n in v.items() if n >= least.get(k, 1)) for k, v in values.items()},
            sorted(c for c, n in chars.items() if n >= 2), vectors)


def train_neural(sentences: Sequence[Sentence], out: Path | str, *, embeddings: Path, clusters: Path | None,
                 settings: dict | None = None, dev: Sequence[Sentence] = (), log=print) -> dict:
    """Train the tagger on IOB2 sentences and save it to ``out`` (with ``dev``: its entity F1 after each
    epoch, logged and returned)."""
    torch = _torch()
    from kg.recognize.clusters import load_clusters
    from kg.recognize.corpora import entity_scores

    settings = {**SETTINGS, **(settings or {})}
    torch.manual_seed(settings["seed"])
    torch.set_num_threads(1)
    rng = random.Random(settings["seed"])
    start = time.perf_counter()
    table = load_clusters(clusters) if clusters is not None else None
    words, values, chars, vectors = vocabularies(sentences, embeddings, table, settings["max_words"],
                                                 settings["train_word_min"])
    features = TokenFeatures(words, values, chars, table)
    labels = sorted({t for s in sentences for _, t in s})
    label_index = {t: i for i, t in enumerate(labels)}
    n_values = {k: len(values[k]) + 2 for k in FEATURES}
    net = build_network(len(words) + 2, vectors.shape[1], n_values, len(chars) + 2, len(labels), settings)
    with torch.no_grad():
        net.words.weight[2:] = torch.from_numpy(vectors)
        net.words.weight[:2] = 0
    constraints = None
    if settings.get("crf"):
        from kg.recognize.neural import allowed_transitions

        trans, first = allowed_transitions(labels)
        constraints = (torch.from_numpy(trans).clamp(min=-1e4), torch.from_numpy(first).clamp(min=-1e4))
    params = [p for p in net.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=settings["lr"])
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-1)
    order = list(range(len(sentences)))
    history = []
    recognizer = None
    for epoch in range(1, settings["epochs"] + 1):
        net.train()
        # batches of sentences of about the same length (an LSTM runs as many steps as the longest), in random
        # order
        rng.shuffle(order)
        by_length = sorted(order, key=lambda i: len(sentences[i]) + rng.random())
        batches = [by_length[k:k + settings["batch"]] for k in range(0, len(order), settings["batch"])]
        rng.shuffle(batches)
        total = 0.0
        for chosen in batches:
            batch = [sentences[i] for i in chosen]
            words_t, feats, types, index, lengths = batch_tensors(features, [[w for w, _ in s] for s in batch])
            gold = torch.full(words_t.shape, -1, dtype=torch.long)
            for b, s in enumerate(batch):
                gold[b, :len(s)] = torch.tensor([label_index[t] for _, t in s])
            if settings["word_dropout"]:
                drop = torch.rand(words_t.shape) < settings["word_dropout"]
                words_t = torch.where(drop & (words_t > 0), torch.ones_like(words_t), words_t)
                tw = features.names.index("tw")
                feats[:, :, tw] = torch.where(drop & (feats[:, :, tw] > 0), 1, feats[:, :, tw])
            scores = net(words_t, feats, types, index, lengths)
            if constraints is None:
                loss = loss_fn(scores.reshape(-1, len(labels)), gold.reshape(-1))
            else:
                loss = crf_loss(net, scores, gold, lengths, *constraints)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            optimizer.step()
            total += loss.item() * len(batch)
        line = f"epoch {epoch}: loss {total / len(sentences):.4f} ({time.perf_counter() - start:.0f} s)"
        if dev:
            recognizer = _as_recognizer(net, features, labels, settings, recognizer)
            pred = recognizer.tag_sentences([[w for w, _ in s] for s in dev])
            sc = entity_scores([[t for _, t in s] for s in dev], pred)
            history.append(round(100 * sc.f1, 2))
            line += f"; dev P {100 * sc.precision:.1f} R {100 * sc.recall:.1f} F1 {100 * sc.f1:.1f}"
        log(line)
    net.eval()
    state = {k: (v.half() if k == "words.weight" else v) for k, v in net.state_dict().items()}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"format": FORMAT, "settings": settings, "labels": labels, "state": state,
                "clusters": clusters.name if clusters is not None else None, **features.meta(),
                "trained_on": {"sentences": len(sentences), "tokens": sum(map(len, sentences))}}, out)
    seconds = time.perf_counter() - start
    log(f"neural: wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")
    return {"sentences": len(sentences), "tokens": sum(map(len, sentences)), "settings": settings,
            "seconds": round(seconds, 1), "dev_f1": history, "size_mb": round(out.stat().st_size / 1e6, 1)}


def crf_loss(net, scores, gold, lengths, forbidden, forbidden_first):
    """Mean negative log-likelihood of the gold label sequences under the network's CRF layer."""
    torch = _torch()
    b, t, n = scores.shape
    trans = net.transitions + forbidden
    first = net.first + forbidden_first
    mask = gold >= 0
    tags = gold.clamp(min=0)
    # the gold sequences' scores
    emit = scores.gather(2, tags.unsqueeze(2)).squeeze(2)
    gold_score = first[tags[:, 0]] + (emit * mask).sum(1)
    step = trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]
    gold_score = gold_score + step.sum(1) + net.last[tags.gather(1, (lengths - 1).unsqueeze(1)).squeeze(1)]
    # the partition function (forward algorithm)
    alpha = first + scores[:, 0]
    for k in range(1, t):
        nxt = torch.logsumexp(alpha.unsqueeze(2) + trans, dim=1) + scores[:, k]
        alpha = torch.where(mask[:, k].unsqueeze(1), nxt, alpha)
    log_z = torch.logsumexp(alpha + net.last, dim=1)
    return (log_z - gold_score).sum() / mask.sum()


def _as_recognizer(net, features, labels, settings, recognizer):
    """A recognizer over the network being trained (to score the held-out sentences between epochs)."""
    from kg.recognize.neural import NeuralRecognizer, allowed_transitions, crf_scores

    if recognizer is None:
        recognizer = NeuralRecognizer.__new__(NeuralRecognizer)
        recognizer.features, recognizer.labels, recognizer.settings = features, labels, settings
        recognizer.trans, recognizer.start = allowed_transitions(labels)
        recognizer.outside = labels.index("O")
    recognizer.network = net
    net.eval()
    recognizer.width, recognizer._cache = net.forward_lstm.input_size, {}
    recognizer.crf = crf_scores(net, recognizer.trans, recognizer.start)
    return recognizer


def ensure_embeddings(data: Path, cache: Path = EMBEDDINGS_CACHE, log=print) -> Path:
    """The news word vectors: ``cache`` when present, else trained now (``kg.recognize.embeddings``)."""
    from kg.recognize.embeddings import train_embeddings
    from kg.recognize.corpora import NEWS

    if cache.is_file():
        return cache
    news = [data / n for n in NEWS if (data / n).is_file()]
    if not news:
        raise FileNotFoundError(f"{data}: no news corpus for the word vectors ({', '.join(NEWS)})")
    train_embeddings(news, cache, log=log)
    return cache


def train_default_neural(data: Path, out_dir: Path, *, settings: dict | None = None, log=print) -> dict:
    """Reproduce the shipped neural model: ANERcorp train but its last ``DEV_SENTENCES`` sentences (held out:
    scored after each epoch, as the settings were chosen) + the Wojood sample, MISC tagged O."""
    from kg.recognize.crf import read_conll
    from kg.recognize.corpora import ANERCORP_TRAIN, CLUSTERS_NAME, WOJOOD, repair_iob, read_wojood

    data, out_dir = Path(data), Path(out_dir)
    embeddings = ensure_embeddings(data, log=log)
    clusters = out_dir / CLUSTERS_NAME
    anercorp = repair_iob([[(w, "O" if t.endswith("MISC") else t) for w, t in s]
                            for s in read_conll(data / ANERCORP_TRAIN)])
    sentences, dev = anercorp[:-DEV_SENTENCES], anercorp[-DEV_SENTENCES:]
    for name in WOJOOD:
        if (data / name).is_file():
            sentences += read_wojood(data / name)
    return train_neural(sentences, out_dir / MODEL_NAME, embeddings=embeddings,
                        clusters=clusters if clusters.is_file() else None, settings=settings, dev=dev, log=log)
