"""People's names: whole extents, and no common phrase taken for a name.

A pass over the mentions the recognizers found in one article (before consistency):

1. **A name goes on** (``extend``). After a person mention's last word the name continues over a
   known given name while the name has no family name yet (محمد | علي الحوثي), any word after a particle
   (بن، أبو، عبد، آل), a hyphen glued on both sides (كيم يونغ-هيون), a definite family name whose stem is rare — a nisba (الحوثي) or, after a
   father's name that is a given name, any (محمد علي | العبادي) — and, after one word alone or given names
   only, a rare word (Zipf < 3) neither verb- nor adverb-shaped (جان لوك | غودار). It stops at punctuation,
   a line break, another mention, a stopword, a title, a head noun, a country adjective, a word behind a
   conjunction or a preposition and any other word; a name has at most four words besides its particles.
   Before the mention, one known given name is taken in (محمد | إسماعيل المتوكل).
2. **Edges** (``trim``). A function word opening a mention (أن ترامب) and a preposition glued to a common
   word closing it are not part of the name; a given name spelt like a function word stays (بان كي مون).
3. **A name has a name in it** (``plausible_person``). A mention of two words or more whose every word is
   an ordinary word — common in Arabic, or an ordinary word behind a clitic or before a pronoun suffix
   (الرئيس الجديد، جهازي المخابرات) — with no given name, no family name (ال…ي), no particle and not a mined name
   is a phrase, not a name, and is dropped unless the model is sure of it (``MODEL_SURE``); so is a known given name alone that the pass could not complete
   (the rest of the name was lost).
4. **Names without a title** (``known_names``). The names the recognizer found as people in many articles
   of the 41,000-article ANT news corpus (``kg/lexicons/person_names.tsv``, made by ``bench/mine_names.py``,
   evaluation articles left out) are looked up in the article, longest first, proclitics stripped
   (ولمعمر القذافي): one more source of person mentions, rule evidence for the combined recognizer.

Pure: a function of the text and the mentions (and the lexicons).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.model import Mention
from kg.recognize.consistency import raw_cut, common_word
from kg.recognize.features import Token, iter_tokens, normalize_token, split_proclitics
from kg.recognize.spans import VERY_COMMON_ZIPF, common_word_zipf

MAX_NAME_WORDS = 4  # besides particles (بن، أبو، عبد …)
# A word rarer than this (wordfreq Zipf) may be part of a name; a name's common words are its given names.
RARE_ZIPF = 3.0
PARTICLES = frozenset(normalize_token(w) for w in ("بن", "ابن", "أبو", "ابو", "عبد", "آل", "ولد", "دي", "فان", "فون"))
# The model's lowest token probability above which its person of two words or more is a name though every word is
# common (طلعت زكريا، بيل كلينتون). (Also keeping a given name alone the model is sure of, >= 0.95, its word whole:
# held-out ANERcorp train PERS F1 69.6 -> 70.2, but dev keeps the first half of a name extend could not complete
# (مصطفى | وزيري: an ordinary word), precision 0.819 -> 0.818: not kept.)
MODEL_SURE = 0.75
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "ه", "ي")


@lru_cache(maxsize=200_000)
def _norm(token: str) -> str:
    """``normalize_token``, remembered: the pass normalizes every token of the article twice (a pure function)."""
    return normalize_token(token)


@lru_cache(maxsize=200_000)
def _lexical(word: str) -> str:
    from kg.text.normalize import normalize_ar

    return normalize_ar(word)


class _Words:
    """A set of the gazetteer, asked with this module's token forms (the gazetteer also writes ئ ؤ as ي و)."""

    def __init__(self, words):
        self.words = words

    def __contains__(self, word) -> bool:
        if isinstance(word, tuple):
            return tuple(_lexical(w) for w in word) in self.words
        return _lexical(word) in self.words


@dataclass(frozen=True)
class Lexicons:
    stopwords: _Words
    given_names: _Words
    titles: _Words
    heads: _Words
    nisba: _Words
    gazetteer: object

    def lookup(self, name: tuple[str, ...]):
        return self.gazetteer.lookup(tuple(_lexical(w) for w in name))


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    from kg.recognize.gazetteer import load_gazetteer

    g = load_gazetteer()
    return Lexicons(_Words(g.stopwords), _Words(g.given_names), _Words(g.titles), _Words(g.heads), _Words(g.nisba), g)


def ordinary(word: str) -> bool:
    """A word of the language, not a name: common as it is, behind its clitics, or before a pronoun suffix."""
    if common_word(word):
        return True
    host = split_proclitics(word)
    if host.host != word and common_word(host.host):
        return True
    for s in _PRONOUN_SUFFIXES:
        stem = word[: -len(s)]
        if word.endswith(s) and len(stem) >= 3 and (common_word(stem) or (stem[-1] == "ت" and common_word(stem[:-1] + "ه"))):
            return True  # حزبه، إدارته (إدارة + ه)
    return False


def _rare(word: str, raw: str = "") -> bool:
    """Rare in the normalized and in the raw spelling (اشاد is rare, أشاد is not)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar") < RARE_ZIPF and not (raw and zipf_frequency(raw, "ar") >= RARE_ZIPF) \
        and not common_word(word)


def _particle(word: str) -> bool:
    """A particle of a name, also behind و/ف (وعبد الله)."""
    return word in PARTICLES or (word[:1] in "وف" and word[1:] in PARTICLES)


def _token_at(tokens: list[Token], starts: list[int], pos: int) -> int:
    """The token holding the offset ``pos`` (a mention may begin inside one: ب|لير), else the next one."""
    i = bisect_right(starts, pos) - 1
    return i if i >= 0 and tokens[i].end > pos else bisect_left(starts, pos)


def _coordinated(word: str) -> bool:
    """A word behind a conjunction or ب/ل that is no name: its host not rare (و|سكنت), shaped like an imperfect verb
    (ل|يعوض) or carrying a pronoun suffix (ل|ثنيه)."""
    clitics = split_proclitics(word)
    if not (clitics.conj or clitics.prep in ("ب", "ل")) or clitics.host == word or len(clitics.host) < 3:
        return False
    host = clitics.host
    return not _rare(host) or _imperfect(host) or host.endswith(_PRONOUN_SUFFIXES[:4])


def _continues(word: str, raw: str, words: list[str], g) -> bool:
    """Whether a word goes on the name ``words``: a given name; a particle; a family name made definite — a nisba
    (الحوثي, the stem حوثي rare) or, after a father's name that is a given name, any rare stem (صالح علي | الصماد); after one word
    alone or given names only, a rare word (Zipf < 3) neither verb- nor adverb-shaped (ديميتريس | إفراموبولوس, جان لوك | غودار)."""
    if not word:
        return False
    if word in PARTICLES:
        return True
    if given(word, raw, g) and not word.startswith("ال"):
        # not after a family name: what follows برونو موتان is a title (أمين متاحف فرنسا), no name
        return len(words) < 2 or words[-1] in g.given_names
    if _stops_a_name(word, g) or _clitic_word(word) or _not_a_name_end(word, raw, g) or _coordinated(word):
        return False
    if word.startswith("ال"):
        stem = word[2:]
        return len(stem) >= 3 and _rare(stem) and (stem.endswith("ي") or (len(words) >= 2 and all(w in g.given_names for w in words[1:])))
    if not ((len(words) == 1 and not words[0].startswith("ال")) or all(w in g.given_names for w in words)) \
            or ordinary(word) or not _rare(word, raw):  # (a family name alone ends the name: الخور | متذيل)
        return False
    return not (word.endswith(("ا", "ي")) and raw.endswith(("ا", "ى")) or _imperfect(word))


def _imperfect(word: str) -> bool:
    """Shaped like an imperfect verb: يـ تـ نـ, or سيـ ستـ سنـ (future), and four letters or more."""
    return len(word) >= 4 and (word[0] in "يتن" or (word[0] == "س" and word[1] in "يتن"))


def given(word: str, raw: str, g) -> bool:
    """A known given name that is not a function word once normalized (آن and أن, علي and على are one form: the raw
    spelling tells them apart: بأن is ب + أن, بان of بان كي مون a name)."""
    if word not in g.given_names:
        return False
    if word not in g.stopwords:
        return True
    if len(word) <= 2:  # ان is أن or إن where hamzas are not written; the name is spelt آن
        return "آ" in raw
    return not ("أ" in raw or "إ" in raw or raw.endswith("ى"))


def _stops_a_name(word: str, g) -> bool:
    """A stopword, title, head noun or country adjective (also behind و/ف)."""
    stems = [word, word[1:]] if word[:1] in "وف" and len(word) > 3 else [word]
    return any(s in g.stopwords or s in g.heads or (s,) in g.titles or s in g.nisba for s in stems)


def _glued(text: str, a: Token, b: Token) -> bool:
    return a.end == b.begin


def _one_space(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.begin]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def extend(text: str, tokens: list[Token], norms: list[str], covered: bytearray, m: Mention, g,
           starts: list[int]) -> Mention:
    """The person mention with its name continued to the right (and one given name to the left)."""
    first = _token_at(tokens, starts, m.begin)
    if first >= len(tokens):
        return m
    last = first
    while last + 1 < len(tokens) and tokens[last + 1].end <= m.end:
        last += 1
    words = [norms[i] for i in range(first, last + 1) if tokens[i].text[0].isalnum() and norms[i] not in PARTICLES]
    k = last
    while len(words) < MAX_NAME_WORDS and k + 1 < len(tokens):
        nxt = tokens[k + 1]
        if nxt.text == "-" and k + 2 < len(tokens) and _glued(text, tokens[k], nxt) \
                and _glued(text, nxt, tokens[k + 2]) and tokens[k + 2].text[0].isalpha() \
                and not covered[tokens[k + 2].begin]:
            k += 2  # كيم يونغ-أون: the hyphen is inside the name
            words.append(norms[k])
            continue
        if not _one_space(text, tokens[k], nxt) or covered[nxt.begin] or not nxt.text[0].isalpha():
            break
        word = norms[k + 1]
        hyphened = k + 3 < len(tokens) and tokens[k + 2].text == "-" and _glued(text, nxt, tokens[k + 2]) \
            and _glued(text, tokens[k + 2], tokens[k + 3])
        if norms[k] not in PARTICLES and not hyphened and not _continues(word, nxt.text, words, g):
            break  # (a word hyphened to the next is a compound name: كانغ | كيونغ-وا)
        k += 1
        if word not in PARTICLES:
            words.append(word)
    while k > last and norms[k] in PARTICLES:
        k -= 1
    begin, end = m.begin, tokens[k].end
    if first > 0:
        prev = tokens[first - 1]
        if _one_space(text, prev, tokens[first]) and not covered[prev.begin] and given(norms[first - 1], prev.text, g) \
                and (first < 2 or not _one_space(text, tokens[first - 2], prev)
                     or norms[first - 2] not in g.given_names) and len(words) < MAX_NAME_WORDS:
            begin = prev.begin  # علي | عدنان قوقزة
    if (begin, end) == (m.begin, m.end):
        return m
    return _respan(text, m, begin, end)


def _respan(text: str, m: Mention, begin: int, end: int) -> Mention:
    """The mention over another extent; a person key made from the name is made again from the new name."""
    out = replace(m, begin=begin, end=end, anchor=text[begin:end])
    if m.key.startswith("person:"):
        from kg.recognize.link import name_key

        label = " ".join(text[begin:end].split())
        out = replace(out, key=name_key("Person", label), label_ar=label)
    return out


def trim(text: str, tokens: list[Token], norms: list[str], m: Mention, g, starts: list[int]) -> Mention | None:
    a = _token_at(tokens, starts, m.begin)
    b = a
    while b < len(tokens) and tokens[b].end <= m.end:
        b += 1
    if b == a:
        return m
    b -= 1
    while a < b and ((norms[a] in g.stopwords and not given(norms[a], tokens[a].text, g))
                     or not tokens[a].text[0].isalnum()):
        a += 1
    while b > a and not _particle(norms[b - 1]) \
            and (not tokens[b].text[0].isalnum() or _not_a_name_end(norms[b], tokens[b].text, g)):
        b -= 1
    begin, end = max(m.begin, tokens[a].begin), min(m.end, tokens[b].end)
    if (begin, end) == (m.begin, m.end):
        return m
    return _respan(text, m, begin, end)


def _clitic_word(word: str) -> bool:
    """A conjunction or preposition glued to a definite word or a common word of four letters or more (للجنود،
    بالتدخل، وتجاهلت); a name that merely begins with one of those letters (كيونغ، بومبيو، فلين) is no such word."""
    clitics = split_proclitics(word)
    if not (clitics.conj or clitics.prep in ("ب", "ل")):  # (ك, "like", hardly stands before a name: كيونغ)
        return False
    if clitics.article and len(clitics.stem) >= 3:
        return True  # وال…، بال…، لل… (not بالين: ب + ال + ين)
    return common_word(clitics.host) and len(clitics.host) >= 4  # وتجاهلت (not فلين: ف + لين)


def _not_a_name_end(word: str, raw: str, g) -> bool:
    """A last word that is grammar, not name: a stopword (إلا), a preposition glued to a common word, a word
    not rare (Zipf >= 3) with a pronoun suffix (أنفاسه), an adverbial accusative of a common word (مطالبا), a
    very common elative (أفضل، أكثر)."""
    if given(word, raw, g):
        return False
    if word in g.stopwords and len(word) >= 3:
        return True  # (not هو: ري يونج هو)
    if _clitic_word(word):
        return True
    if raw.endswith("ا") and len(word) >= 4 and common_word(word[:-1]):
        return True
    if raw[:1] == "أ" and len(raw) == 4 and common_word_zipf(raw, VERY_COMMON_ZIPF):
        return True  # an elative أفعل, a very common word (لقد حقق جون | أفضل المعاني): no surname
    return any(raw.endswith(s) and len(raw) - len(s) >= 4 and not _rare(raw[: -len(s)]) for s in ("ه", "ها", "هم"))


def plausible_person(m: Mention, g) -> bool:
    words = [normalize_token(t.text) for t in iter_tokens(m.anchor) if t.text[0].isalnum()]
    if words and words[0][:1] in "وف" and (words[0][1:] in g.given_names or words[0][1:] in PARTICLES):
        words[0] = words[0][1:]  # وأحمد رزق, وعبد الله: a name behind a conjunction
    if any(_particle(w) for w in words[:-1]):
        return True  # عبد الله بن عبد العزيز: a name's particle before a word
    words = [w for w in words if w not in PARTICLES]
    if not words:
        return False
    sure = m.source in ("crf", "neural") and m.confidence >= MODEL_SURE  # a model mention
    if len(words) == 1:
        if _clitic_word(words[0]):
            return False  # a preposition glued to a common word (لبرلمان)
        return words[0] not in g.given_names and words[0] not in g.stopwords and (words[0],) not in g.titles
    if sure:
        return True  # the model sure of a name of common words
    if any(w in g.given_names or (w.startswith("ال") and w.endswith("ي") and w not in g.nisba) for w in words):
        return True  # a given name, a family name (الصادق المهدي)
    if tuple(words) in _known_names().get(words[0], ()):
        return True
    return not all(ordinary(w) for w in words)


def _coordination(text: str, a: Mention, b: Mention) -> bool:
    """``a`` و|``b``: the model left a conjunction out of the next name (بومل | وكلارنس سيدورف), unless the letter
    and the word make a given name (و|ليد)."""
    gap = text[a.end:b.begin].strip()
    if gap not in ("و", "ف"):
        return False
    word = next(iter_tokens(text[a.end:b.end]), None)
    return word is None or _norm(word.text) not in lexicons().given_names


def _join_cut_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person mention that begins inside a word (the model took a letter of the name for a preposition:
    ك|لير) right after another person mention is the rest of that name: the two are one mention."""
    out = sorted(mentions, key=lambda m: (m.begin, -m.end))
    i = 1
    while i < len(out):
        a, b = out[i - 1], out[i]
        if a.kind == b.kind == "Person" and 0 < b.begin and text[b.begin - 1].isalpha() \
                and a.end < b.begin and text[a.end:b.begin].strip().isalpha() and len(text[a.end:b.begin].split()) == 1 \
                and text[a.end] == " " and not _coordination(text, a, b):
            out[i - 1:i + 1] = [_respan(text, a, a.begin, b.end)]
            continue
        i += 1
    return out


def words_of(text: str) -> tuple[list[Token], list[str]]:
    """The article's tokens and their normalized forms: what ``known_names`` and ``refine_persons`` read (a caller
    running both may compute them once and pass them to each)."""
    tokens = list(iter_tokens(text))
    return tokens, [_norm(t.text) for t in tokens]


def _refined(m: Mention) -> bool:
    """A person mention the pass works on (a descriptor actor or a population group is no name)."""
    return m.kind == "Person" and not m.key.startswith("actor:") and m.subtype != "PopulationGroup"


def refine_persons(text: str, mentions: list[Mention], words: tuple[list[Token], list[str]] | None = None) -> list[Mention]:
    """Person mentions with whole names and without common phrases; other mentions as they are."""
    if not any(m.kind == "Person" for m in mentions):
        return mentions
    covered = bytearray(len(text))
    for o in mentions:
        covered[o.begin:o.end] = b"\x01" * (o.end - o.begin)
    mentions = _join_cut_words(text, mentions)  # (sorted)
    if not any(_refined(m) for m in mentions):
        return mentions  # descriptor actors only: no need to read the words
    g = lexicons()
    tokens, norms = words or words_of(text)
    starts = [t.begin for t in tokens]
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.begin, -m.end)):
        if not _refined(m):
            out.append(m)
            continue
        t = trim(text, tokens, norms, m, g, starts)
        if t is None:
            continue
        t = extend(text, tokens, norms, covered, t, g, starts)
        if plausible_person(t, g):
            out.append(t)
    return out


# ---- names without a title: the names mined from the news corpus ------------------------------------

@lru_cache(maxsize=1)
def _known_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the mined names it opens (``kg/lexicons/person_names.tsv``), longest first."""
    from kg.lexicon import rows

    by_first: dict[str, list[tuple[str, ...]]] = {}
    for r in rows("person_names.tsv"):
        name = tuple(normalize_token(t.text) for t in iter_tokens(r["form"]) if t.text[0].isalnum())
        if len(name) >= 2:
            by_first.setdefault(name[0], []).append(name)
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in by_first.items()}


def known_names(text: str, rules: list[Mention], model: list[Mention],
                words: tuple[list[Token], list[str]] | None = None) -> list[Mention]:
    """Mentions of the names the recognizer found as people in many corpus articles (longest match first), where
    no rules mention lies and no longer model person holds them: one more source of evidence, like a lexicon."""
    from kg.recognize.link import name_key

    names = _known_names()
    if not names:
        return []
    taken = bytearray(len(text) + 1)
    for m in rules:
        taken[m.begin:m.end] = b"\x01" * (m.end - m.begin)
    longer = [(m.begin, m.end) for m in model if m.kind == "Person"]
    tokens, norms = words or words_of(text)
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        word = norms[i]
        cl = split_proclitics(word)
        found = None
        readings = [(word, 0), (cl.host, len(cl.conj) + len(cl.prep))]
        if word[:1] in "وف" and len(word) > 3:
            readings.insert(1, (word[1:], 1))  # وبشار: و + بشار (not و + ب + شار)
        for first, cut in readings:
            if first not in names or (cut and word.startswith("لل")):
                continue
            for name in names[first]:
                last = i + len(name)
                if last <= len(tokens) and tuple(norms[i + 1:last]) == name[1:] \
                        and all(_one_space(text, tokens[j], tokens[j + 1]) for j in range(i, last - 1)):
                    found = (name, cut, last)
                    break
            if found:
                break
        if not found:
            i += 1
            continue
        name, cut, last = found
        begin, end = tokens[i].begin + raw_cut(tokens[i].text, cut), tokens[last - 1].end
        if not any(taken[begin:end]) and not any(b <= begin and end <= e and e - b > end - begin for b, e in longer):
            label = " ".join(text[begin:end].split())
            out.append(Mention(begin, end, text[begin:end], kind="Person", key=name_key("Person", label),
                               label_ar=label, source="names", confidence=0.9))
        i = last
    return out
