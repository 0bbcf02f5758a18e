"""Word clusters learned from unlabeled Arabic news: a word -> cluster-id table for the CRF.

At run time the recognizer needs only ``load_clusters(path)``: a gzip TSV of
``word <TAB> c1 <TAB> c2 <TAB> c3 <TAB> band <TAB> contexts`` (cluster ids at three
granularities, the word's frequency band, so no frequency list is consulted while
tagging, and the contexts it typically follows in the news: ``context_classes``). The
word is the *host* form of a token (``features.split_proclitics``: normalized,
conjunction and preposition stripped, article kept: وللمرصد -> المرصد), the same
form the CRF looks up, so a name never seen in the labeled data still gets the
cluster of the words it behaves like in millions of tokens of news.

Training (``train_clusters``, used by ``kg ner train``) needs gensim and
scikit-learn, only there: word2vec (skip-gram) vectors over the news corpus, then
k-means at three granularities over the vectors of the words seen at least
``min_count`` times; the frequency band is the word's Zipf frequency in Arabic
(wordfreq, at training time only), banded (``frequency_band``); the contexts are
counted in the same news (``context_classes``).
"""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Iterable, Iterator

from kg.recognize.features import iter_tokens, normalize_token, split_proclitics

GRANULARITIES = (64, 256, 1024)
COLUMNS = len(GRANULARITIES) + 2  # cluster ids, the frequency band, the typical contexts

# Which words come before a word in the news, as cue classes (kg/lexicons/ner_cues.tsv) and given names
# (kg/lexicons/given_names.tsv): a title or a speech verb up to three words before, the others just before.
CONTEXTS = ("TITLE", "SAY", "LOC", "ORG", "PREP", "GIVEN")
WIDE_CONTEXTS = frozenset({"TITLE", "SAY"})
CONTEXT_MIN_COUNT = 5  # a word seen fewer times in the news has no context column ("-")
CONTEXT_SOME, CONTEXT_MOST = 0.15, 0.35  # share of a word's occurrences: "ctx=TITLE", "ctx=TITLE+"


def context_classes(corpus: Iterable[Path]) -> dict[str, str]:
    """Host form -> the contexts it follows in the news ("TITLE,GIVEN+", or "-" when none is frequent).

    Statistics of unlabeled text: a surname follows a given name, a person a title or a speech verb, a
    place a place head or a preposition, an organization an organization head. The share of a word's
    occurrences after each context is kept when it reaches ``CONTEXT_SOME`` (``CONTEXT_MOST``: "+").
    """
    from collections import Counter

    from kg.recognize.features import cue_class, project_lexicon

    lexicon = project_lexicon()
    memo: dict[str, tuple[str, str | None]] = {}

    def classify(token: str) -> tuple[str, str | None]:
        x = memo.get(token)
        if x is None:
            norm = normalize_token(token)
            cl = split_proclitics(norm)
            cls = cue_class(norm, cl)
            if cls is None and (lexicon(cl.host) or lexicon(cl.stem)) in ("GIVEN", "GIVEN2"):
                cls = "GIVEN"
            x = memo[token] = (cl.host, cls)
        return x

    seen: Counter = Counter()
    after = {c: Counter() for c in CONTEXTS}
    for text in _texts(corpus, fields=("text",)):
        for line in text.split("\n"):
            window: list[str | None] = []  # classes of the three words before
            for tok in iter_tokens(line):
                host, cls = classify(tok.text)
                seen[host] += 1
                counted = set()
                for k, c in enumerate(window):
                    if c and c not in counted and (k == len(window) - 1 or c in WIDE_CONTEXTS):
                        counted.add(c)
                        after[c][host] += 1
                window.append(cls)
                if len(window) > 3:
                    window.pop(0)
    out = {}
    for host, n in seen.items():
        if n < CONTEXT_MIN_COUNT:
            continue
        classes = []
        for c in CONTEXTS:
            share = after[c][host] / n
            if share >= CONTEXT_MOST:
                classes.append(c + "+")
            elif share >= CONTEXT_SOME:
                classes.append(c)
        out[host] = ",".join(classes) or "-"
    return out


def frequency_band(word: str) -> str:
    """How common the word is in Arabic (wordfreq Zipf, banded): names are rare, function words are not."""
    from wordfreq import zipf_frequency

    z = zipf_frequency(word, "ar") if word else 0.0
    return "0" if z < 1 else "1" if z < 2.5 else "2" if z < 3.5 else "3" if z < 4.5 else "4"


def host_form(token: str) -> str:
    """The form clusters are keyed by: normalized, conjunction and preposition stripped."""
    return split_proclitics(normalize_token(token)).host


def _texts(paths: Iterable[Path], fields: tuple[str, ...] = ("title", "text")) -> Iterator[str]:
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
                for field in fields:
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


def word2vec(corpus: list[Path], what: str, *, dim: int, window: int, min_count: int, epochs: int, workers: int,
             seed: int, work_dir: Path | None = None, log=print, **options):
    """Skip-gram word2vec over the host forms of the corpus's sentences (written once to a temporary file,
    then streamed by gensim at each epoch): ``(model, tokens)``. Shared by the cluster table and the neural
    recognizer's vectors (``kg.recognize.embeddings``); ``what`` names the caller in the log."""
    import tempfile

    from gensim.models import Word2Vec

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="kg-w2v-") as tmp:
        cache = Path(tmp) / "sentences.txt"
        n_tokens = 0
        with open(cache, "w", encoding="utf-8") as fh:
            for words in corpus_sentences(corpus):
                fh.write(" ".join(words) + "\n")
                n_tokens += len(words)
        log(f"{what}: {n_tokens:,} tokens tokenized in {time.perf_counter() - start:.0f} s")
        model = Word2Vec(sentences=_Sentences(cache), vector_size=dim, window=window, min_count=min_count, sg=1,
                         negative=5, sample=1e-4, epochs=epochs, workers=workers, seed=seed, **options)
    return model, n_tokens


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
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans

    out = Path(out)
    corpus = [Path(p) for p in corpus]
    start = time.perf_counter()
    model, n_tokens = word2vec(corpus, "clusters", dim=dim, window=window, min_count=min_count, epochs=epochs,
                               workers=workers, seed=seed, work_dir=work_dir, log=log, max_final_vocab=max_words)
    log(f"clusters: word2vec {len(model.wv):,} words in {time.perf_counter() - start:.0f} s")
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.maximum(np.linalg.norm(model.wv.vectors, axis=1, keepdims=True), 1e-9)
    columns = []
    for k in GRANULARITIES:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=1, max_iter=50)
        columns.append(km.fit_predict(vectors))
    contexts = context_classes(corpus)
    log(f"clusters: contexts of {len(contexts):,} words in {time.perf_counter() - start:.0f} s")
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# word2vec (skip-gram, dim %d, window %d, %d epochs) k-means %s over %d tokens\n"
                 % (dim, window, epochs, "/".join(map(str, GRANULARITIES)), n_tokens))
        for i, word in enumerate(words):
            fh.write(word + "\t" + "\t".join(str(int(c[i])) for c in columns) + "\t" + frequency_band(word)
                     + "\t" + contexts.get(word, "-") + "\n")
    seconds = time.perf_counter() - start
    log(f"clusters: wrote {out} ({len(words):,} words) in {seconds:.0f} s")
    return {"tokens": n_tokens, "words": len(words), "seconds": round(seconds, 1), "dim": dim,
            "window": window, "epochs": epochs, "min_count": min_count, "granularities": list(GRANULARITIES)}


def complete_table(path: Path | str, corpus: Iterable[Path] = ()) -> list[str]:
    """Give a word table written by an older version its missing columns, in place: the frequency band,
    then the contexts (from ``corpus``). Returns the names of the columns added."""
    path = Path(path)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    width = len(rows[0]) - 1 if rows else COLUMNS
    added = []
    if width < len(GRANULARITIES) + 1:
        rows = [r + [frequency_band(r[0])] for r in rows]
        added.append("frequency band")
    if width < COLUMNS:
        contexts = context_classes(corpus)
        rows = [r + [contexts.get(r[0], "-")] for r in rows]
        added.append("contexts")
    if added:
        header = [line for line in lines if line.startswith("#")]
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            for line in header:
                fh.write(line + "; " + ", ".join(added) + " added\n")
            for r in rows:
                fh.write("\t".join(r) + "\n")
    return added


def load_clusters(path: Path | str) -> dict[str, tuple[str, ...]]:
    """Read a word table: host form -> (cluster id per granularity, frequency band, contexts), as strings."""
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
                                     f"frequency band, contexts), got {len(parts) - 1}: rebuild it with "
                                     "kg ner train --data")
                table[parts[0]] = tuple(parts[1:])
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: not a readable cluster table ({err})") from err
    return table
