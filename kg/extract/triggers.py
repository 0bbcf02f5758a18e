"""Triggers: the event lexicon (``kg/lexicons/triggers.tsv``), its morphology, and matching it on a text.

Each lexicon form is expanded once, table-driven, with the proclitics (و ف ب ل ك، ال / لل، the future
س), the present prefixes (ي ت ن ا), the subject suffixes (ت وا ا تا ن نا تم / ون ان ين) and the object
or possessive pronouns (ه ها هم, ة → ت before them), into a dict from surface form to reading.
:func:`find_candidates` reads the longest phrase at each token outside names and dates and chooses
verb or noun for an ambiguous surface; each candidate is a :class:`Cand` that the later stages fill
(arguments, place, time) or drop (:class:`kg.extract.modality.Drop`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.lexicon import rows
from kg.model import TimeExpr
from kg.extract.words import COORD, PREPOSITIONS, VERBISH_BEFORE, words_of

if TYPE_CHECKING:
    from kg.extract.doc import Doc

@dataclass(frozen=True)
class Trigger:
    forms: tuple[str, ...]
    cls: str  # "-" for support verbs
    pos: str  # verb | noun | support | support-noun
    notes: str = ""
    flags: frozenset[str] = frozenset()
    params: tuple[tuple[str, str], ...] = ()  # with=…, needs=…, armed=…

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass(frozen=True)
class Reading:
    trigger: Trigger
    pos: str  # verb | noun
    tense: str  # past | present | future | "" (nouns)
    definite: bool
    proclitic: str  # normalized letters before the stem: و ف ب ل ك س
    suffixed: bool  # carries a subject/object/possessive suffix
    rest: tuple[str, ...] = ()  # the further words of a phrase


_VERB_PROCLITICS = ("", "و", "ف")
_PRESENT_PROCLITICS = ("", "و", "ف", "ل", "ول", "فل")
_PAST_SUFFIXES = ("", "ت", "ا", "وا", "تا", "ن", "نا", "تم", "تما")
_PRESENT_PERSONS = ("ي", "ت", "ن", "ا")
_PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "وا", "ن", "ا")
_OBJECTS = ("", "ه", "ها", "هم", "هما", "هن")
_NOUN_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
_NOUN_ENDINGS = ("", "ا", "ان", "ين")
_POSSESSIVES = ("ه", "ها", "هم", "هما", "هن", "نا", "ي")


def _verb_surfaces(form: str):
    """(surface, tense, proclitic, suffixed) for a past or present (ي…) verb form."""
    if form.startswith("ي") and len(form) > 2:
        stem = form[1:]
        for person in _PRESENT_PERSONS:
            for suffix in _PRESENT_SUFFIXES:
                for obj in _OBJECTS:
                    core = person + stem + suffix + obj
                    suffixed = bool(suffix or obj)
                    for proc in _PRESENT_PROCLITICS:
                        yield proc + core, "present", proc, suffixed
                    for proc in _VERB_PROCLITICS:
                        yield proc + "س" + core, "future", proc + "س", suffixed
    else:
        for suffix in _PAST_SUFFIXES:
            for obj in _OBJECTS:
                if obj == "ه" and suffix in ("", "ا"):
                    continue  # أشاره / إشارة: the object ه collides with ة
                core = form + suffix + obj
                for proc in _VERB_PROCLITICS:
                    yield proc + core, "past", proc, bool(suffix or obj)


def _noun_surfaces(form: str):
    """(surface, definite, proclitic, suffixed) for a noun form (singular or plural as listed)."""
    stem = form[2:] if form.startswith("ال") and len(form) > 4 else form
    t_stem = stem[:-1] + "ت" if stem.endswith("ه") else stem
    for article in ("", "ال"):
        for proc in _NOUN_PROCLITICS:
            prefix = proc + article
            if article and proc.endswith("ل"):
                prefix = proc + "ل"  # ل + ال -> لل
            for ending in _NOUN_ENDINGS:
                base = t_stem if ending in ("ان", "ين") else stem
                yield prefix + base + ending, bool(article), proc, bool(ending)
            if not article:
                for pos in _POSSESSIVES:
                    yield prefix + t_stem + pos, True, proc, True


@dataclass
class TriggerLexicon:
    surfaces: dict[str, list[Reading]]
    support_surfaces: dict[str, list[Reading]]
    speech_surfaces: dict[str, list[Reading]]  # reporting verbs of attribution.tsv (not events)
    cues: tuple[tuple[str, ...], ...]  # attribution cues (بحسب …), as word tuples
    heads: dict[tuple[str, ...], str]  # unnamed-source heads
    source_heads: frozenset[str]  # first words of organizations that report (المرصد، وكالة …)
    report_nouns: frozenset[str]  # what a report on the fighting opens with (المعركة، القتال)
    nisba: dict[str, str]  # country adjective (any inflection, normalized) -> country code
    continuations: frozenset[str] = frozenset()  # words that continue the previous source (attribution.tsv)

    def readings(self, word: str) -> list[Reading]:
        return self.surfaces.get(word, [])


def _add_readings(index: dict[str, list[Reading]], trigger: Trigger, forms: Sequence[str], pos: str) -> None:
    for form in forms:
        words = words_of(form)
        if not words:
            continue
        first, rest = words[0], tuple(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words[1:])
        if pos == "verb":
            for surface, tense, proc, suffixed in _verb_surfaces(first):
                _add(index, surface, Reading(trigger, "verb", tense, False, proc, suffixed, rest))
        else:
            for surface, definite, proc, suffixed in _noun_surfaces(first):
                _add(index, surface, Reading(trigger, "noun", "", definite, proc, suffixed, rest))


def _add(index: dict[str, list[Reading]], surface: str, reading: Reading) -> None:
    bucket = index.setdefault(surface, [])
    last = bucket[-1] if bucket else None
    # the same reading generated twice in a row: keep one (fields compared directly: dataclass equality
    # is the slowest part of loading the lexicon)
    if last is None or not (last.trigger is reading.trigger and last.tense == reading.tense
                            and last.proclitic == reading.proclitic and last.suffixed == reading.suffixed
                            and last.definite == reading.definite and last.pos == reading.pos
                            and last.rest == reading.rest):
        bucket.append(reading)


def _nisba_forms(nisba: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for adj, code in nisba.items():
        if not adj.startswith("ال"):
            continue
        bare = adj[2:]
        forms = {adj, bare}
        if bare.endswith("ي"):
            forms |= {bare + "ه", bare + "ين", bare + "ون", "ال" + bare + "ه", "ال" + bare + "ين", "ال" + bare + "ون"}
            if len(bare) >= 4:
                forms.add("ال" + bare[:-1])  # الروس
        for f in forms:
            out.setdefault(f, code)
    return out


@lru_cache(maxsize=1)
def load_triggers() -> TriggerLexicon:
    from kg.recognize.gazetteer import load_gazetteer

    surfaces: dict[str, list[Reading]] = {}
    support: dict[str, list[Reading]] = {}
    for row in rows("triggers.tsv"):
        flagset, params = row["flags"] or (frozenset(), ())
        pos = row["pos"]
        trig = Trigger(row["forms"], row["class"], pos, row["notes"], flagset, params)
        if pos == "support":
            _add_readings(support, trig, trig.forms, "verb")
        elif pos == "support-noun":
            _add_readings(support, trig, trig.forms, "noun")
        else:
            _add_readings(surfaces, trig, trig.forms, "verb" if pos == "verb" else "noun")
    speech: dict[str, list[Reading]] = {}
    cues: list[tuple[str, ...]] = []
    heads: dict[tuple[str, ...], str] = {}
    source_heads: set[str] = set()
    report_nouns: set[str] = set()
    continuations: set[str] = set()
    for row in rows("attribution.tsv"):
        kind = row.kind
        if kind == "cue":
            cues.append(words_of(row["form"]))
        elif kind == "verb":
            trig = Trigger(row["forms"], "-", "verb", row["notes"], frozenset({"speech", "estimate"}))
            _add_readings(speech, trig, trig.forms, "verb")
        elif kind == "head":
            heads[words_of(row["form"])] = row["notes"]
        elif kind == "source":
            source_heads.add(row["form"])
        elif kind == "report":
            report_nouns.add(words_of(row["form"])[0])
        elif kind == "continue":
            continuations.add(row["form"])
    cues.sort(key=len, reverse=True)
    g = load_gazetteer()
    return TriggerLexicon(surfaces, support, speech, tuple(cues), heads, frozenset(source_heads),
                          frozenset(report_nouns), _nisba_forms(g.nisba), frozenset(continuations))


# ---- candidates ------------------------------------------------------------------------------

@dataclass
class Cand:
    """A trigger being read; becomes an EventMention if it survives the filters."""

    start: int  # token range of the trigger
    stop: int
    reading: Reading
    cls: str
    pos: str
    tense: str
    sentence: int
    host: int | None = None  # token of the support verb governing a noun
    host_reading: Reading | None = None
    agents: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    speakers: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    about: list[int] = field(default_factory=list)
    allies: list[int] = field(default_factory=list)  # who backs it (بدعم من X), see kg.extract.roles
    time: TimeExpr | None = None
    time_source: str = ""
    negated: bool = False
    future: bool = False
    drop: str = ""  # why it is not an event ("" = kept)
    about_from: int | None = None  # where what a communication event is about starts
    content: int | None = None  # statements: first token of what is said
    attribution_only: bool = False
    absorbed: list[int] = field(default_factory=list)
    argued: bool = False
    imminent: bool = False  # على وشك، أوشك: about to happen
    why: dict = field(default_factory=dict)  # (role, mention) -> the rule that chose it, for kg explain

    @property
    def flags(self) -> frozenset[str]:
        return self.reading.trigger.flags



def match_at(doc: Doc, i: int, index: dict[str, list[Reading]]) -> tuple[list[Reading], int]:
    """Readings of the longest phrase starting at token i, and where it stops."""
    readings = index.get(doc.word(i), [])
    if not readings:
        return [], i
    best: list[Reading] = []
    best_stop = i
    for r in readings:
        stop = i + 1
        ok = True
        for w in r.rest:
            t = doc.word(stop)
            core = t[1:] if t[:1] == "و" and len(t) > 3 else t
            core = core[2:] if core.startswith("ال") and len(core) > 4 else core
            if core != w and t != w:
                ok = False
                break
            stop += 1
        if not ok:
            continue
        if stop > best_stop:
            best, best_stop = [r], stop
        elif stop == best_stop:
            best.append(r)
    return best, best_stop



def _choose(doc: Doc, i: int, readings: list[Reading]) -> Reading:
    """One reading of an ambiguous surface: verb or noun, by its affixes and neighbours."""
    verbs = [r for r in readings if r.pos == "verb"]
    nouns = [r for r in readings if r.pos == "noun"]
    if not verbs:
        return sorted(nouns, key=lambda r: (not r.definite, r.suffixed))[0]
    if not nouns:
        return verbs[0]
    if any(r.definite for r in nouns):
        return [r for r in nouns if r.definite][0]
    prev = doc.word(i - 1)
    if prev in VERBISH_BEFORE:
        return verbs[0]
    if prev in PREPOSITIONS or any(r.proclitic[-1:] in ("ب", "ل", "ك") for r in nouns if r.proclitic):
        return nouns[0]
    nxt = i + 1
    while doc.time_at[nxt] is not None if nxt < len(doc.toks) else False:
        nxt += 1
    if nxt < len(doc.toks) and doc.mention_at[nxt] is not None and doc.is_actor(doc.mention_at[nxt]):
        return verbs[0]
    if doc.word(i)[:1] in ("و", "ف") and (i == doc.sentence_range(i)[0] or doc.word(i - 1) in COORD):
        return verbs[0]
    return nouns[0]


def _possessive_clash(doc: Doc, i: int, r: Reading) -> bool:
    """قبضة الحوثيين read as القبض + ه: a word written with ة is a feminine noun, not a noun with the possessive ه
    (normalizing ة to ه makes the two one surface); a lexicon form that ends with ة keeps its own."""
    if r.pos != "noun" or not r.suffixed or r.rest:
        return False
    t = doc.toks[i]
    raw = doc.article.text[t.raw_begin:t.raw_end].rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
    return raw.endswith("ة") and not any(words_of(f)[:1] and words_of(f)[0].endswith("ه") for f in r.trigger.forms)


def find_candidates(doc: Doc) -> list[Cand]:
    lex = load_triggers()
    out: list[Cand] = []
    i = 0
    n = len(doc.toks)
    while i < n:
        if not doc.is_word(i) or doc.mention_at[i] is not None or doc.time_at[i] is not None:
            i += 1
            continue
        readings, stop = match_at(doc, i, lex.surfaces)
        if not readings:
            i += 1
            continue
        if any(doc.mention_at[k] is not None for k in range(i, stop)):
            i += 1
            continue
        readings = [r for r in readings if not _possessive_clash(doc, i, r)]
        if not readings:
            i += 1
            continue
        r = _choose(doc, i, readings)
        trig = r.trigger
        cls = trig.cls
        c = Cand(i, stop, r, cls, r.pos, r.tense, doc.sent_of[i])
        out.append(c)
        i = stop
    return out


def lex_support_at(doc: Doc, k: int) -> bool:
    rs, _ = match_at(doc, k, load_triggers().support_surfaces)
    return bool(rs) and rs[0].pos == "verb" and rs[0].tense == "past"


def is_trigger_word(w: str) -> bool:
    return bool(load_triggers().surfaces.get(w))
