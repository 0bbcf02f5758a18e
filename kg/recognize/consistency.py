"""One name, one type, every mention: consistency of the mentions of one article.

Given the mentions recognizers found in an article's raw text:

1. **One type per name.** Mentions of the same name (normalized, conjunction and
   preposition stripped) take one type: the rules' type when the rules found the
   name (they saw a title, a head noun or a lexicon entry), else the type the model
   gave it with the highest summed confidence.
2. **A surname alone is the full name.** A person named in full (خليفة حفتر) and
   later by the last part of the name alone (حفتر, with a particle: دي ميستورا)
   is one person: those mentions take the full name's key and label. A surname
   shared by two full names in the article stays unlinked.
3. **A name recognized once labels its other mentions.** Every other occurrence
   of a recognized name (or of a person's surname) that no mention covers becomes
   a mention of the same entity — except single words common in Arabic (wordfreq),
   which need their own evidence each time (أمل, the name, is also "hope").

Pure: a function of the text and the mentions.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from kg.model import Mention
from kg.recognize.features import Token, iter_tokens, normalize_token, split_proclitics
from kg.recognize.link import name_key

# A single-word name at least this frequent in Arabic (Zipf, wordfreq) is not propagated on its own.
COMMON_WORD_ZIPF = 4.0
# The surname of a person named in full in the article is linked unless it is a very common word (الأسد 4.9,
# صالح 5.2): famous surnames are frequent in news (أردوغان 4.4, القذافي 4.4, الحوثي 4.5) and were left alone.
SURNAME_COMMON_ZIPF = 4.6
_SURNAME_PARTICLES = frozenset(normalize_token(w) for w in ("دي", "دو", "دا", "فان", "فون", "عبد", "أبو", "بن",
                                                            "ابن", "آل", "ولد", "لو", "لا"))


@lru_cache(maxsize=100_000)
def _common(word: str, zipf: float = COMMON_WORD_ZIPF) -> bool:
    """The matching form is frequent as written (wordfreq): a proper name spelt with ة or أ never is, so
    famous single-word names with those letters still spread (إدلب, الرقة) while أمل, the word, does not."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar") >= zipf


@lru_cache(maxsize=100_000)
def common_word(word: str) -> bool:
    """A common Arabic word (wordfreq knows written forms: أ and ة are tried back from the matching form)."""
    from wordfreq import zipf_frequency

    forms = {word}
    if word.endswith("ه"):
        forms.add(word[:-1] + "ة")
    if word.startswith("ا"):
        forms |= {"أ" + f[1:] for f in forms} | {"إ" + f[1:] for f in forms}
    if word.startswith("ال") and len(word) > 3 and word[2] == "ا":
        forms |= {f[:2] + "أ" + f[3:] for f in forms} | {f[:2] + "إ" + f[3:] for f in forms}
    return max(zipf_frequency(f, "ar") for f in forms) >= COMMON_WORD_ZIPF


def name_of(anchor: str) -> tuple[str, ...]:
    """A mention's name: normalized words, the first one without conjunction or preposition."""
    words = [normalize_token(t.text) for t in iter_tokens(anchor) if t.text.strip()]
    if not words:
        return ()
    words[0] = split_proclitics(words[0]).host
    return tuple(words)


def _surname(name: tuple[str, ...]) -> tuple[str, ...]:
    if len(name) >= 3 and name[-2] in _SURNAME_PARTICLES:
        return name[-2:]
    return name[-1:]


def _weight(m: Mention) -> float:
    return m.confidence


def one_type_per_name(mentions: list[Mention]) -> list[Mention]:
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[name_of(m.anchor)].append(i)
    out = list(mentions)
    for name, members in groups.items():
        if len(members) < 2 or not name:
            continue
        rules_kinds = {mentions[i].kind for i in members if mentions[i].key}
        if len(rules_kinds) == 1:
            kind = rules_kinds.pop()
        else:
            votes: dict[str, float] = defaultdict(float)
            for i in members:
                votes[mentions[i].kind] += _weight(mentions[i])
            kind = max(sorted(votes), key=votes.__getitem__)
        for i in members:
            if not mentions[i].key and mentions[i].kind != kind:
                out[i] = replace(mentions[i], kind=kind)
    return out


def _full_names(mentions: list[Mention]) -> dict[tuple[str, ...], Mention]:
    """Surname -> the one full-name person mention that has it (surnames of two people are left out)."""
    found: dict[tuple[str, ...], Mention] = {}
    ambiguous: set[tuple[str, ...]] = set()
    for m in mentions:
        if m.kind != "Person":
            continue
        name = name_of(m.anchor)
        if len(name) < 2:
            continue
        surname = _surname(name)
        if len("".join(surname)) < 3 or (len(surname) == 1 and _common(surname[0], SURNAME_COMMON_ZIPF)):
            continue
        person = _as_person(m)
        other = found.get(surname)
        if other is not None and other.key != person.key:
            ambiguous.add(surname)
        found.setdefault(surname, person)
    return {s: m for s, m in found.items() if s not in ambiguous}


def _as_person(m: Mention) -> Mention:
    """The mention with its resolution key filled (a model mention has none yet)."""
    if m.key:
        return m
    label = " ".join(m.anchor.split())
    return replace(m, key=name_key("Person", label), label_ar=label)


def raw_cut(token: str, letters: int) -> int:
    """Raw characters covering the first ``letters`` letters of a token (diacritics and tatweel skipped)."""
    i = 0
    for _ in range(letters):
        i += 1
        while i < len(token) and (token[i] == "ـ" or "\u064b" <= token[i] <= "\u065f" or token[i] == "\u0670"):
            i += 1
    return i


def make_consistent(text: str, mentions: list[Mention], tokens: list[Token] | None = None) -> list[Mention]:
    """The mentions made consistent (the module's three steps); ``tokens``: the text's
    ``kg.recognize.features.tokenize``, when the caller has it already."""
    mentions = [_as_person(m) if m.kind == "Person" else m for m in one_type_per_name(mentions)]
    surnames = _full_names(mentions)
    # mentions that are a bare surname of a full name take its key
    for i, m in enumerate(mentions):
        if m.kind != "Person" and m.key:
            continue
        person = surnames.get(name_of(m.anchor))
        if person is not None and len(name_of(m.anchor)) < len(name_of(person.anchor)):
            mentions[i] = replace(person, begin=m.begin, end=m.end, anchor=m.anchor, role="",
                                  confidence=min(m.confidence, person.confidence), source=m.source)
    # names to spread: every recognized name, and each person's surname
    templates: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        if m.key.startswith("actor:") or m.subtype == "PopulationGroup":
            continue  # descriptors (قوات النظام) are found by the rules wherever they stand
        name = name_of(m.anchor)
        if not name or (len(name) == 1 and (len(name[0]) < 3 or _common(name[0]))):
            continue
        if not any(c.isalpha() for c in name[0]):
            continue
        templates.setdefault(name, _as_person(m) if m.kind == "Person" else m)
    for surname, person in surnames.items():
        templates.setdefault(surname, person)
    if not templates:
        return sorted(mentions, key=lambda m: (m.begin, -m.end))
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in templates:
        by_first[name[0]].append(name)
    for names in by_first.values():
        names.sort(key=len, reverse=True)  # longest name first
    covered = bytearray(len(text))
    for m in mentions:
        covered[m.begin:m.end] = b"\x01" * (m.end - m.begin)
    if tokens is None:
        tokens = list(iter_tokens(text))
    norms = [normalize_token(t.text) for t in tokens]
    added: list[Mention] = []
    for i, tok in enumerate(tokens):
        if covered[tok.begin]:
            continue
        word = norms[i]
        cl = split_proclitics(word)
        for first, letters in ((word, 0), (cl.host, len(cl.conj) + len(cl.prep))):
            if first not in by_first or (letters and word.startswith("لل")):
                continue
            for name in by_first[first]:
                last = i + len(name)
                if last > len(tokens) or tuple(norms[i + 1:last]) != name[1:]:
                    continue
                begin, end = tok.begin + raw_cut(tok.text, letters), tokens[last - 1].end
                if begin >= end or any(covered[begin:end]):
                    continue
                template = templates[name]
                added.append(replace(template, begin=begin, end=end, anchor=text[begin:end], role="",
                                     confidence=min(template.confidence, 0.9)))
                covered[begin:end] = b"\x01" * (end - begin)
                break
            else:
                continue
            break
    return sorted(mentions + added, key=lambda m: (m.begin, -m.end))

