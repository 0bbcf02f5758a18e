"""Word vectors learned from unlabeled Arabic news, for the neural recognizer (``kg.recognize.neural``).

A separate, cached step of ``kg ner train --neural`` (gensim is needed here only)::

    python -m kg.recognize.embeddings ../shared/data/news/ant2_all.jsonl.gz /tmp/kg-embeddings.npz

word2vec (skip-gram) over the *host* forms of the news tokens (``features.split_proclitics``: normalized,
conjunction and preposition stripped, article kept: وللمرصد -> المرصد), the form the CRF's word clusters are
keyed by; the ``max_words`` most frequent words are kept, as float16, so the shipped model stays small.
The output is a NumPy archive: ``words`` (one string per row) and ``vectors`` (float16, one row per word).
One worker and a fixed seed; gensim seeds each word's first vector with Python's string hash, so the same
vectors come back only with the same ``PYTHONHASHSEED`` (e.g. ``PYTHONHASHSEED=0``).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterable

from kg.recognize.clusters import word2vec


def train_embeddings(corpus: Iterable[Path], out: Path | str, *, dim: int = 100, window: int = 5,
                     min_count: int = 3, epochs: int = 5, max_words: int = 200_000, seed: int = 1,
                     workers: int = 1, log=print) -> dict:
    """Train word2vec on the corpus files (JSONL, optionally gzipped) and write ``out`` (.npz)."""
    import numpy as np

    out = Path(out)
    corpus = [Path(p) for p in corpus]
    start = time.perf_counter()
    model, n_tokens = word2vec(corpus, "embeddings", dim=dim, window=window, min_count=min_count, epochs=epochs,
                               workers=workers, seed=seed, log=log)
    words = list(model.wv.index_to_key)[:max_words]  # most frequent first
    vectors = model.wv.vectors[:len(words)]
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, words=np.array(words), vectors=vectors.astype(np.float16))
    seconds = time.perf_counter() - start
    log(f"embeddings: wrote {out} ({len(words):,} of {len(model.wv):,} words, dim {dim}) in {seconds:.0f} s")
    return {"tokens": n_tokens, "words": len(words), "dim": dim, "window": window, "epochs": epochs,
            "min_count": min_count, "seconds": round(seconds, 1)}


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print("usage: python -m kg.recognize.embeddings NEWS.jsonl[.gz] [...] OUT.npz", file=sys.stderr)
        raise SystemExit(2)
    train_embeddings([Path(p) for p in sys.argv[1:-1]], sys.argv[-1])
