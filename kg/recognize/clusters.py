"""Word clusters learned from unlabeled Arabic news: a word -> cluster-id table for the CRF.

At run time the recognizer needs only ``load_clusters(path)``: a gzip TSV of
``word <TAB> c1 <TAB> c2 <TAB> c3 <TAB> band`` (cluster ids at three granularities and
the word's frequency band, so no frequency list is consulted while tagging). The
word is the *host* form of a token (``features.split_proclitics``: normalized,
conjunction and preposition stripped, article kept: وللمرصد -> المرصد), the same
form the CRF looks up, so a name never seen in the labeled data still gets the
cluster of the words it behaves like in millions of tokens of news.

Training (``train_clusters``, used by ``kg ner train``) needs gensim and
scikit-learn, only there: word2vec (skip-gram) vectors over the news corpus, then
k-means at three granularities over the vectors of the words seen at least
``min_count`` times; the frequency band is the word's Zipf frequency in Arabic
(wordfreq, at training time only), banded (``frequency_band``).
"""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Iterable, Iterator

from kg.recognize.features import iter_tokens, normalize_token, split_proclitics

GRANULARITIES = (64, 256, 1024)
COLUMNS = len(GRANULARITIES) + 1  # cluster ids, then the frequency band


def frequency_band(word: str) -> str:
    """How common the word is in Arabic (wordfreq Zipf, banded): names are rare, function words are not."""
    from wordfreq import zipf_frequency

    z = zipf_frequency(word, "ar") if word else 0.0
    return "0" if z < 1 else "1" if z < 2.5 else "2" if z < 3.5 else "3" if z < 4.5 else "4"


def host_form(token: str) -> str:
    """The form clusters are keyed by: normalized, conjunction and preposition stripped."""
    return split_proclitics(normalize_token(token)).host


def _texts(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                for field in ("title", "text"):
                    value = record.get(field)
                    if isinstance(value, str):
                        yield value


def corpus_sentences(paths: Iterable[Path]) -> Iterator[list[str]]:
    """Host forms of each line of each article's title and text (the word2vec sentences)."""
    for text in _texts(paths):
        for line in text.split("\n"):
            words = [host_form(t.text) for t in iter_tokens(line)]
            if len(words) > 2:
                yield words


class _Sentences:
    """Re-iterable corpus for gensim (one pass per epoch), read from a tokenized cache file."""

    def __init__(self, path: Path):
        self.path = path

    def __iter__(self):
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                yield line.split()


def train_clusters(
    corpus: Iterable[Path],
    out: Path | str,
    *,
    dim: int = 100,
    window: int = 5,
    min_count: int = 5,
    epochs: int = 3,
    workers: int = 2,
    max_words: int = 200_000,
    seed: int = 1,
    work_dir: Path | None = None,
    log=print,
) -> dict:
    """Train word2vec on the corpus files (JSONL, optionally gzipped) and write the cluster table."""
    import tempfile

    import numpy as np
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    out = Path(out)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        cache = Path(tmp) / "sentences.txt"
        n_tokens = 0
        with open(cache, "w", encoding="utf-8") as fh:
            for words in corpus_sentences(Path(p) for p in corpus):
                fh.write(" ".join(words) + "\n")
                n_tokens += len(words)
        log(f"clusters: {n_tokens:,} tokens tokenized in {time.perf_counter() - start:.0f} s")
        model = Word2Vec(
            sentences=_Sentences(cache), vector_size=dim, window=window, min_count=min_count, sg=1,
            negative=5, sample=1e-4, epochs=epochs, workers=workers, seed=seed, max_final_vocab=max_words,
        )
    log(f"clusters: word2vec {len(model.wv):,} words in {time.perf_counter() - start:.0f} s")
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.maximum(np.linalg.norm(model.wv.vectors, axis=1, keepdims=True), 1e-9)
    columns = []
    for k in GRANULARITIES:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=1, max_iter=50)
        columns.append(km.fit_predict(vectors))
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# word2vec (skip-gram, dim %d, window %d, %d epochs) k-means %s over %d tokens\n"
                 % (dim, window, epochs, "/".join(map(str, GRANULARITIES)), n_tokens))
        for i, word in enumerate(words):
            fh.write(word + "\t" + "\t".join(str(int(c[i])) for c in columns) + "\t" + frequency_band(word) + "\n")
    seconds = time.perf_counter() - start
    log(f"clusters: wrote {out} ({len(words):,} words) in {seconds:.0f} s")
    return {"tokens": n_tokens, "words": len(words), "seconds": round(seconds, 1), "dim": dim,
            "window": window, "epochs": epochs, "min_count": min_count, "granularities": list(GRANULARITIES)}


def add_frequency_bands(path: Path | str) -> bool:
    """Give a cluster table written without them its frequency-band column (in place); False if it had it."""
    path = Path(path)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    body = [line.split("\t") for line in lines if line and not line.startswith("#")]
    if body and len(body[0]) > len(GRANULARITIES) + 1:
        return False
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        for line in lines:
            if line.startswith("#"):
                fh.write(line + "; frequency band: wordfreq Zipf banded\n")
            elif line:
                fh.write(line + "\t" + frequency_band(line.split("\t", 1)[0]) + "\n")
    return True


def load_clusters(path: Path | str) -> dict[str, tuple[str, ...]]:
    """Read a word table: host form -> (cluster id per granularity, frequency band), as strings."""
    path = Path(path)
    table: dict[str, tuple[str, ...]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) != COLUMNS + 1:
                    raise ValueError(f"{path}:{lineno}: expected 'word' and {COLUMNS} columns (cluster ids, "
                                     f"frequency band), got {len(parts) - 1}")
                table[parts[0]] = tuple(parts[1:])
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: not a readable cluster table ({err})") from err
    return table
