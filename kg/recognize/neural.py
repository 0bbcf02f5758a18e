"""A small neural recognizer (torch, CPU): a BiLSTM over word vectors learned from the news, characters and
the CRF's sparse indicators; ``--ner neural`` (the shipped model) or ``neural:MODEL``.

Each token is read as

* its word vector: the *host* form (``features.split_proclitics``: normalized, conjunction and preposition
  stripped, article kept) looked up in word2vec vectors trained on the unlabeled ANT news
  (``kg.recognize.embeddings``; frozen, so a name never seen in the labeled data keeps the vector of the words
  it behaves like in the news);
* its characters (normalized form, proclitics included): a character CNN, max-pooled (prefixes, suffixes,
  clitics, the shape of foreign names);
* indicators the CRF uses too (``kg.recognize.features``): proclitics, shape, cue class (title, speech verb,
  place or organization head, preposition), gazetteer membership, the project's lexicon class, the word's
  clusters, frequency band and typical contexts in the news (``models/clusters.tsv.gz``), and a trainable
  vector for the words seen twice in the labelled data;

then a one-layer BiLSTM (two one-way LSTMs) and a CRF layer over the IOB2 labels (or a softmax, ``crf: false``):
Viterbi decoding, ``I-X`` only after ``B-X``/``I-X``. A mention's ``confidence`` is the lowest marginal
probability of its tokens' labels (forward-backward), and ``read`` gives each token's probability of ``O``, as
``kg.recognize.crf`` does, so ``kg.recognize.combine`` uses either model the same way (``combined:MODEL.pt``;
the default recognizer takes ``models/ner.neural.pt`` when it is there).

Training: ``kg.recognize.neural_train`` (``kg ner train --neural``). torch is needed to run the model; without
it the factory raises ``RecognizerUnavailable`` (one line) and the default recognizer keeps the CRF.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from kg.model import Mention
from kg.recognize.features import (
    Token,
    bio_spans,
    cue_class,
    geonames_gazetteer,
    mention_offsets,
    normalize_token,
    project_lexicon,
    shape,
    split_proclitics,
    split_sentences,
    tokenize,
)
from kg.recognize.registry import RecognizerUnavailable, register

KINDS = {"PERS": "Person", "ORG": "Organization", "LOC": "Place"}
MODEL_NAME = "ner.neural.pt"
FORMAT = 1  # the layout of the model file; another layout is refused with a message
MAX_CHARS = 16  # characters of a token read by the character CNN (longer: the first 8 and the last 8)
SENTENCE_BATCH = 64  # sentences tagged together
VECTOR_CACHE = 20_000  # word types whose input vectors are kept (about 20 MB)

# the sparse indicators, in this order: name -> how its value is computed (``TokenFeatures.values``)
# "tw": the host form itself, for the words seen often enough in the training data (a trainable vector: the
# labelled names the model may remember, beside the frozen news vectors)
FEATURES = ("pc", "shape", "cue", "gaz", "lex", "c0", "c1", "c2", "band", "ctx", "tw")


def _torch():
    try:
        import torch
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise RecognizerUnavailable(f"the neural recognizer needs torch ({err}); use --ner crf or combined") \
            from err
    return torch


# ---- token features --------------------------------------------------------------------------


class TokenFeatures:
    """Maps a token to the model's integer inputs: (word id, indicator ids, character ids). Holds vocabularies
    only (read-only, shared by threads); a word type's inputs are computed once and kept (``lru_cache``)."""

    def __init__(self, words: Sequence[str], values: dict[str, Sequence[str]], chars: Sequence[str],
                 clusters: dict | None):
        self.words = list(words)
        self.word_index = {w: i + 2 for i, w in enumerate(self.words)}  # 0 padding, 1 unknown
        self.values = {k: list(v) for k, v in values.items()}
        self.names = tuple(self.values)  # the indicators, in the model's order (``FEATURES`` when trained)
        self.value_index = {k: {x: i + 2 for i, x in enumerate(v)} for k, v in self.values.items()}
        self.chars = list(chars)
        self.char_index = {c: i + 2 for i, c in enumerate(self.chars)}
        self.clusters = clusters
        self.lexicon = project_lexicon()
        self.ids = lru_cache(maxsize=50_000)(self._ids)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        del state["ids"], state["lexicon"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.lexicon = project_lexicon()
        self.ids = lru_cache(maxsize=50_000)(self._ids)

    def raw(self, token: str) -> tuple[str, dict[str, str], str]:
        """The token's host form, indicator values (strings) and normalized characters."""
        norm = normalize_token(token)
        cl = split_proclitics(norm)
        host, stem = cl.host, cl.stem
        shp = shape(token)
        gaz = None
        if len(norm) >= 2:
            gaz = geonames_gazetteer(norm) or (geonames_gazetteer(host) if host != norm else None)
            if gaz is None and stem != host and not cl.article:
                gaz = geonames_gazetteer(stem)
        lex = self.lexicon(host) or (self.lexicon(stem) if stem != host else None)
        values = {"tw": host, "pc": cl.proclitics or "-", "shape": shp, "cue": cue_class(norm, cl) or "-",
                  "gaz": gaz or "-",
                  "lex": lex or "-"}
        row = None
        if self.clusters is not None and shp == "ar":
            row = self.clusters.get(host) or self.clusters.get(stem) or self.clusters.get(norm)
        if row:
            values.update(c0=row[0], c1=row[1], c2=row[2], band=row[3], ctx=row[4])
        else:
            values.update(c0="none", c1="none", c2="none", band="none", ctx="none")
        return host, values, norm

    def _ids(self, token: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(word id and indicator ids, character ids)."""
        host, values, norm = self.raw(token)
        word = self.word_index.get(host)
        if word is None:
            word = self.word_index.get(norm, 1)
        feats = tuple(self.value_index[k].get(values[k], 1) for k in self.names)
        if len(norm) > MAX_CHARS:
            norm = norm[:MAX_CHARS // 2] + norm[-MAX_CHARS // 2:]
        chars = tuple(self.char_index.get(c, 1) for c in norm)
        return (word,) + feats, chars

    def meta(self) -> dict:
        return {"words": self.words, "values": self.values, "chars": self.chars}


# ---- the network ---------------------------------------------------------------------------------


def build_network(n_words: int, dim: int, n_values: dict[str, int], n_chars: int, n_labels: int, settings: dict):
    """The tagger: [frozen word vector; character CNN; indicator embeddings] -> BiLSTM -> labels (``n_values``:
    indicator name -> its number of ids, in the model's order)."""
    torch = _torch()
    nn = torch.nn

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding(n_words, dim, padding_idx=0)
            self.words.weight.requires_grad = False
            fdim = settings["feature_dim"]
            dims = [settings.get("train_word_dim", fdim) if k == "tw" else fdim for k in n_values]
            self.feats = nn.ModuleList(nn.Embedding(n, d, padding_idx=0) for n, d in zip(n_values.values(), dims))
            cdim, cfilters = settings["char_dim"], settings["char_filters"]
            self.chars = nn.Embedding(n_chars, cdim, padding_idx=0)
            self.conv = nn.Conv1d(cdim, cfilters, 3, padding=1)
            width = dim + sum(dims) + cfilters
            self.drop_in = nn.Dropout(settings["dropout"])
            # two one-way LSTMs over padded batches (the backward one reads each sentence reversed in place):
            # a bidirectional LSTM without packing, which costs a third more on CPU for short batches
            self.forward_lstm = nn.LSTM(width, settings["hidden"], batch_first=True)
            self.backward_lstm = nn.LSTM(width, settings["hidden"], batch_first=True)
            self.drop_out = nn.Dropout(settings["dropout"])
            self.out = nn.Linear(2 * settings["hidden"], n_labels)
            if settings.get("crf"):  # a CRF over the labels: transition, first and last label scores
                self.transitions = nn.Parameter(torch.zeros(n_labels, n_labels))
                self.first = nn.Parameter(torch.zeros(n_labels))
                self.last = nn.Parameter(torch.zeros(n_labels))

        def inputs(self, words, feats, types, index):
            """Each token's input vector: words [...], feats [..., F], types [U,L] (the character ids of each
            word type), index [...] (each token's row of ``types``) -> [..., width]."""
            c = self.chars(types).transpose(1, 2)  # [U, cdim, L]
            c = torch.relu(self.conv(c)).max(dim=2).values  # [U, filters]
            parts = [self.words(words), c[index]] + [emb(feats[..., k]) for k, emb in enumerate(self.feats)]
            return torch.cat(parts, dim=-1)

        def tag(self, x, lengths, reversed_x=None):
            """Label scores [B,T,labels] of input vectors x [B,T,width] (sentences padded after their end);
            ``reversed_x``: x with each sentence reversed within its length, when the caller has it."""
            x = self.drop_in(x)
            t = torch.arange(x.shape[1]).unsqueeze(0)
            last = (lengths.unsqueeze(1) - 1 - t)
            rev = torch.where(last >= 0, last, t).unsqueeze(2)  # reverses each sentence within its length
            forward, _ = self.forward_lstm(x)
            if reversed_x is None:
                reversed_x = x.gather(1, rev.expand(-1, -1, x.shape[2]))
            backward, _ = self.backward_lstm(reversed_x)
            backward = backward.gather(1, rev.expand(-1, -1, backward.shape[2]))
            return self.out(self.drop_out(torch.cat([forward, backward], dim=2)))

        def forward(self, words, feats, types, index, lengths):
            """words [B,T], feats [B,T,F], types [U,L], index [B,T], lengths [B] -> label scores [B,T,labels]."""
            return self.tag(self.inputs(words, feats, types, index), lengths)

    return Tagger()


def batch_tensors(features: TokenFeatures, sentences: Sequence[Sequence[str]]):
    """The network's inputs for a batch of tokenized sentences (``Tagger.forward``)."""
    torch = _torch()
    lengths = [len(s) for s in sentences]
    width = max(lengths)
    ids = features.ids
    flat = [ids(t) for s in sentences for t in s]
    position = [b * width + k for b, n in enumerate(lengths) for k in range(n)]
    type_row: dict[tuple[int, ...], int] = {(): 0}
    rows = [type_row.setdefault(x[1], len(type_row)) for x in flat]
    at = torch.tensor(position)
    both = torch.zeros(len(lengths) * width, 1 + len(features.names), dtype=torch.long)
    both[at] = torch.tensor([x[0] for x in flat])
    words, feats = both[:, 0], both[:, 1:]
    index = torch.zeros(len(lengths) * width, dtype=torch.long)
    index[at] = torch.tensor(rows)
    longest = max(3, max(map(len, type_row)))
    types = torch.tensor([list(c) + [0] * (longest - len(c)) for c in type_row])
    return (words.reshape(len(lengths), width), feats.reshape(len(lengths), width, len(features.names)), types,
            index.reshape(len(lengths), width), torch.tensor(lengths))


def allowed_transitions(labels: Sequence[str]):
    """[from, to] -> 0 or -inf (numpy): ``I-X`` only after ``B-X`` or ``I-X``; at the start only B- or O."""
    import numpy as np

    n = len(labels)
    trans = np.zeros((n, n), dtype=np.float32)
    start = np.zeros(n, dtype=np.float32)
    for j, to in enumerate(labels):
        if to.startswith("I-"):
            start[j] = -np.inf
            for i, fr in enumerate(labels):
                if fr[2:] != to[2:]:
                    trans[i, j] = -np.inf
    return trans, start


def _reversal(lengths: Sequence[int], t: int):
    """[B,T] index that reverses each sentence within its length (positions past the end stay)."""
    import numpy as np

    k = np.arange(t)[None, :]
    last = np.asarray(lengths)[:, None] - 1 - k
    return np.where(last >= 0, last, k)


def viterbi(logp, lengths: Sequence[int], trans, start, end=None) -> list[list[int]]:
    """Best label sequences; ``logp`` [B,T,labels] label scores (numpy: log-probabilities, or a CRF's emission
    scores), ``trans`` [from, to], ``start`` and ``end`` scores of the first and last label. The whole batch
    steps together; each sentence's path is read back from its own last token."""
    import numpy as np

    b, t, n = logp.shape
    steps = np.ascontiguousarray(logp.transpose(1, 0, 2))  # [T, B, labels]
    history = np.empty_like(steps)
    back = np.empty((t, b, n), dtype=np.int64)
    score = history[0] = steps[0] + start
    for k in range(1, t):
        cand = score[:, :, None] + trans  # [B, from, to]
        back[k] = cand.argmax(axis=1)
        score = history[k] = cand.max(axis=1) + steps[k]
    last = np.asarray(lengths) - 1
    rows = np.arange(b)
    final = history[last, rows]
    if end is not None:
        final = final + end
    back[np.arange(t)[:, None] > last[None, :]] = np.arange(n)  # past a sentence's end: stay
    cur = final.argmax(axis=1)  # each sentence's label at its last token
    out = np.empty((t, b), dtype=np.int64)
    for k in range(t - 1, -1, -1):
        out[k] = cur
        if k:
            cur = back[k, rows, cur]
    return [row[:n_tok] for row, n_tok in zip(out.T.tolist(), lengths)]


def marginals(scores, lengths: Sequence[int], trans, start, end):
    """Each token's label probabilities under a CRF: forward-backward in probability space, each step rescaled
    (one small matrix product per token position for the whole batch; the backward pass runs over each
    sentence reversed within its length, so every sentence ends at its first step); numpy [B,T,labels]."""
    import numpy as np

    b, t, n = scores.shape
    emit = np.exp(scores - scores.max(axis=2, keepdims=True)).astype(np.float64)  # a constant per token cancels
    step = np.exp(trans.astype(np.float64))  # forbidden transitions (-inf) -> 0
    step_t = np.ascontiguousarray(step.T)
    forward = np.ascontiguousarray(emit.transpose(1, 0, 2))  # [T, B, labels]
    rev = _reversal(lengths, t)
    backward = np.ascontiguousarray(emit[np.arange(b)[:, None], rev].transpose(1, 0, 2))
    alpha = np.empty_like(forward)
    a = np.exp(start.astype(np.float64)) * forward[0]
    alpha[0] = a = a / a.sum(axis=1, keepdims=True)
    for k in range(1, t):
        a = (a @ step) * forward[k]
        alpha[k] = a = a / np.maximum(a.sum(axis=1, keepdims=True), 1e-300)
    beta = np.empty_like(backward)
    bk = beta[0] = np.broadcast_to(np.exp(end.astype(np.float64)), (b, n))
    for k in range(1, t):
        bk = (backward[k - 1] * bk) @ step_t
        beta[k] = bk = bk / np.maximum(bk.sum(axis=1, keepdims=True), 1e-300)
    beta = beta.transpose(1, 0, 2)[np.arange(b)[:, None], rev]  # back to each sentence's order
    probs = alpha.transpose(1, 0, 2) * beta
    return (probs / np.maximum(probs.sum(axis=2, keepdims=True), 1e-300)).astype(np.float32)


# ---- the recognizer -------------------------------------------------------------------------------


class NeuralRecognizer:
    """Applies a trained model to raw text; one instance per process (the model loads once). Thread-safe:
    the network is only read (``torch.no_grad``, eval mode)."""

    name = "neural"

    def __init__(self, model_path: Path | str):
        torch = _torch()
        torch.set_num_threads(1)  # one core per process (kg build runs one process per worker)
        self.model_path = Path(model_path)
        if not self.model_path.is_file():
            raise RecognizerUnavailable(f"neural model {self.model_path} not found (train one with "
                                        "kg ner train --neural --data DATA)")
        try:
            saved = torch.load(self.model_path, map_location="cpu", weights_only=True)
        except Exception as err:  # a damaged or foreign file: torch raises many kinds
            raise ValueError(f"neural model {self.model_path} is not a model file of this recognizer ({err})") \
                from err
        found = saved.get("format") if isinstance(saved, dict) else None
        if found != FORMAT:
            raise ValueError(f"neural model {self.model_path}: format {found}, this code reads format {FORMAT}: "
                             "retrain it (kg ner train --neural)")
        self.settings = saved["settings"]
        self.trained_on = saved.get("trained_on", {})
        self.labels = saved["labels"]
        clusters = None
        if saved.get("clusters"):
            from kg.recognize.clusters import load_clusters

            path = self.model_path.parent / saved["clusters"]
            if not path.is_file():
                raise FileNotFoundError(f"neural model {self.model_path}: its word clusters {path} are missing")
            clusters = load_clusters(path)
        self.features = TokenFeatures(saved["words"], saved["values"], saved["chars"], clusters)
        self.network = network_from(saved, self.features)
        self.trans, self.start = allowed_transitions(self.labels)
        self.crf = crf_scores(self.network, self.trans, self.start)
        self.outside = self.labels.index("O")
        self.width = self.network.forward_lstm.input_size
        self._cache: dict = {}  # word type -> its input vector (``_vectors``)

    def tag_sentences(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """IOB2 labels for tokenized sentences."""
        sentences = list(sentences)
        out: list[list[str]] = []
        for k in range(0, len(sentences), SENTENCE_BATCH):
            chunk = sentences[k:k + SENTENCE_BATCH]
            out.extend([self.labels[i] for i in path] for path, _ in self._run(chunk))
        return out

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_sentences([tokens])[0] if tokens else []

    def _run(self, sentences: Sequence[Sequence[str]]):
        """(label ids, probabilities [T, labels]) for each sentence."""
        import numpy as np

        torch = _torch()
        keep = [s for s in sentences if s]
        if not keep:
            return [([], None) for _ in sentences]
        lengths = [len(s) for s in keep]
        with torch.no_grad():
            x, reversed_x = self._vectors(keep)
            scores = self.network.tag(x, torch.tensor(lengths), reversed_x)
            if self.crf is None:
                logp = torch.log_softmax(scores, dim=2).numpy()
        if self.crf is None:
            paths = viterbi(logp, lengths, self.trans, self.start)
            probs = np.exp(logp)
        else:
            trans, first, last = self.crf
            scores = scores.numpy()
            paths = viterbi(scores, lengths, trans, first, last)
            probs = marginals(scores, lengths, trans, first, last)
        done = iter(zip(paths, probs))
        return [next(done) if s else ([], None) for s in sentences]

    def _vectors(self, sentences: Sequence[Sequence[str]]):
        """The input vectors of a batch of sentences [B,T,width], padded with zeros. A word type's vector (word
        vector, characters, indicators: the same in every sentence) is computed once, for the word types not
        seen in the ``VECTOR_CACHE`` types met last, all of a batch's together."""
        import numpy as np

        torch = _torch()
        cache = self._cache
        new = list(dict.fromkeys(t for s in sentences for t in s if t not in cache))
        if new:
            if len(cache) + len(new) > VECTOR_CACHE:
                cache.clear()  # simpler than least-recently-used, and rare: most words of news recur
            words, feats, types, index, _ = batch_tensors(self.features, [new])
            with torch.no_grad():
                rows = self.network.inputs(words[0], feats[0], types, index[0]).numpy()
            cache.update(zip(new, rows))
        width = max(map(len, sentences))
        x = np.zeros((len(sentences), width, self.width), dtype=np.float32)
        reversed_x = np.zeros_like(x)
        for b, s in enumerate(sentences):
            rows = [cache[t] for t in s]
            x[b, :len(s)] = rows
            reversed_x[b, :len(s)] = rows[::-1]
        return torch.from_numpy(x), torch.from_numpy(reversed_x)

    def __call__(self, text: str) -> list[Mention]:
        return self.read(text, outside=False)[0]

    def read(self, text: str, outside: bool = True, tokens: Sequence[Token] | None = None
             ) -> tuple[list[Mention], list[tuple[int, int, float]]]:
        """The mentions in ``text`` and, with ``outside``, each token's raw ``(begin, end, p)``: ``p`` the
        model's probability that the token is no part of a name (label O), as ``CRFRecognizer.read``."""
        sents = split_sentences(tokenize(text) if tokens is None else tokens, text)
        mentions: list[Mention] = []
        tokens_out: list[tuple[int, int, float]] = []
        for k in range(0, len(sents), SENTENCE_BATCH):
            chunk = sents[k:k + SENTENCE_BATCH]
            for sent, (path, probs) in zip(chunk, self._run([[t.text for t in s] for s in chunk])):
                if not sent:
                    continue
                chosen = probs[range(len(path)), path].tolist()
                if outside:
                    p_out = probs[:len(path), self.outside].tolist()
                    tokens_out.extend((t.begin, t.end, p) for t, p in zip(sent, p_out))
                labels = [self.labels[i] for i in path]
                for first, last, typ in bio_spans(labels):
                    kind = KINDS.get(typ)
                    if kind is None:
                        continue
                    begin, end = mention_offsets(sent, first, last, geonames_gazetteer)
                    mentions.append(Mention(begin, end, text[begin:end], kind=kind, source=self.name,
                                            confidence=round(min(chosen[first:last]), 4)))
        return mentions, tokens_out


def crf_scores(network, trans, start):
    """(transitions, first, last) of a network with a CRF layer, the forbidden transitions at -inf; else None."""
    if not hasattr(network, "transitions"):
        return None
    return (network.transitions.detach().numpy() + trans, network.first.detach().numpy() + start,
            network.last.detach().numpy())


def network_from(saved: dict, features: TokenFeatures):
    """The network of a saved model, its weights loaded, in eval mode."""
    vectors = saved["state"]["words.weight"]
    n_values = {k: len(features.values[k]) + 2 for k in features.names}
    net = build_network(vectors.shape[0], vectors.shape[1], n_values, len(features.chars) + 2,
                        len(saved["labels"]), saved["settings"])
    state = {k: v.float() for k, v in saved["state"].items()}
    net.load_state_dict(state)
    net.eval()
    return net


def default_model() -> Path:
    from kg.recognize.corpora import MODEL_DIR

    return MODEL_DIR / MODEL_NAME


def shipped_or_none(path: Path | None = None) -> NeuralRecognizer | None:
    """The neural model for the default recognizer (``combine.combined_factory``): None when its file is absent,
    or when torch is not installed (then one line on stderr says so, and the CRF is used)."""
    import sys

    path = path or default_model()
    if not path.is_file():
        return None
    try:
        _torch()
    except RecognizerUnavailable as err:
        print(f"kg: {err}; the default recognizer uses the CRF model", file=sys.stderr)
        return None
    return NeuralRecognizer(path)


@register("neural")
def neural_factory(argument: str = "") -> NeuralRecognizer:
    """``--ner neural``: the shipped model; ``neural:MODEL`` another one."""
    return NeuralRecognizer(Path(argument).expanduser() if argument else default_model())
