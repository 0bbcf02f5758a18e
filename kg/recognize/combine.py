"""The default recognizer: the trained model and the rules, combined in one place.

The rule, in one sentence: **the rules' mentions the model cannot produce (descriptor
actors, head-noun places, several-word lexicon names, a name the model cut in pieces:
``backed``/``splits``) win on overlap, then the model's plausible mentions
(``plausible``), then the rest of the rules' mentions fill what is left, unless the model is sure a rules person
there is no name (``refuted``); finally each
name is made consistent across the article** (``kg.recognize.consistency``: one type per
name, its other mentions labelled, a surname alone linked to the full name).

Why that way round: the rules recognizer only fires on evidence it can name — a
gazetteer entry (GeoNames, CLDR, the organization and descriptor-actor lexicons),
a title before a name, a head noun (حي، وزارة، بلدة), a byline — and it binds
what it finds to a key (a GeoNames id, a lexicon key, a descriptor role with its
country); the CRF, trained on newswire with word clusters learned from 41,000 news
articles, finds the names that come with no such cue (خليفة حفتر, newspapers,
parties) but knows no keys. Linking (``kg.recognize.link``) gives model mentions
their keys afterwards, in the pipeline.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

from kg.model import Mention
from kg.recognize.consistency import make_consistent, name_of
from kg.recognize.features import cue_class, iter_tokens, normalize_token, split_proclitics, tokenize
from kg.recognize.persons import known_names, refine_persons, words_of
from kg.recognize.spans import bare, common_word_zipf, relational_adjective
from kg.recognize.orgs import description, find_organizations, prefer_organizations
from kg.recognize.registry import RecognizerUnavailable, register


# The model's least sure mentions are left out (lowest per-token marginal probability of the span).
MIN_MODEL_CONFIDENCE = 0.5
# A place made of common words is kept without a word of place before it when the model is this sure.
SURE_PLACE_CONFIDENCE = 0.9

def _common(word: str) -> bool:
    from kg.recognize.consistency import common_word as common

    return common(word)


def plausible(text: str, m: Mention) -> bool:
    """A model mention is kept when the model is fairly sure; a place must also be able to be a name: at least
    one word that is not a common Arabic word (wordfreq Zipf >= 4), or a word of place before it (في، إلى،
    مدينة …), or the model very sure of it (``SURE_PLACE_CONFIDENCE``): a common word that is also a foreign
    town's name is a place only in context, but the most frequent names are common words too (العراق،
    لبنان، إسرائيل: without the last test the filter dropped half the model's places on held-out ANERcorp
    train sentences, LOC recall 87 -> 47). (People and organizations are not filtered so: حسن، أمل، الأمل are
    names too, and on ANERcorp the filter cost a quarter of the model's people.) Neither an adjective is a place
    (``_nisba_adjective``: هجوما جويا، شرق أوسطية) nor a title with its adjectives a person (``_description``:
    القائد العسكري الليبي), however sure the model."""
    if m.confidence < MIN_MODEL_CONFIDENCE:
        return False
    if m.kind == "Place" and _nisba_adjective(m.anchor):
        return False
    if m.kind == "Person" and (_description(m.anchor) or joined(m)):
        return False
    if m.kind == "Organization" and description(m.anchor):
        return False  # (kg.recognize.orgs: جماعة إرهابية)
    if m.kind != "Place" or m.confidence >= SURE_PLACE_CONFIDENCE:
        return True
    name = name_of(m.anchor)
    if not name or any(not _common(w) for w in name):
        return True
    before = [normalize_token(t.text) for t in iter_tokens(text[max(0, m.begin - 40):m.begin])]
    if not before:
        return False
    return cue_class(before[-1], split_proclitics(before[-1])) in ("LOC", "PREP")  # features' cue words


def _nisba_adjective(anchor: str) -> bool:
    """One indefinite word of an adjective's shape — a relational adjective in -ي with the accusative ending ا
    or the feminine ة (هجوما جويا وبريا، هجوما كيميائيا، جولة شرق أوسطية) — whose stem is a word about as
    frequent as it (``kg.recognize.spans.relational_adjective``): an adjective, not a place, unless the
    gazetteer knows it as a country or a city of a million (سوريا، تركيا: names of an adjective's shape)."""
    from kg.recognize.gazetteer import MIN_POPULATION_SINGLE_TOKEN, load_gazetteer

    words = bare(anchor).split()
    if len(words) != 1:
        return False
    word = words[0][1:] if words[0][:1] == "و" and len(words[0]) > 4 else words[0]  # وبريا
    if not word.endswith(("يا", "ية", "يه")) or not relational_adjective(word):
        return False
    return not any(e.kind == "Place" and (e.subtype == "Country" or e.curated
                                          or e.population >= MIN_POPULATION_SINGLE_TOKEN)
                   for e in load_gazetteer().lookup((normalize_token(word),)))


def _description(anchor: str) -> bool:
    """Two words or more, each definite and common, the last an adjective in -ي and the first a title or an
    adjective too: a title and its adjectives (السيناتور الجمهوري، القائد العسكري الليبي), not a person's name
    (الصادق المهدي opens with a name)."""
    from kg.recognize.gazetteer import load_gazetteer
    from kg.text.normalize import normalize_ar

    words = bare(anchor).split()
    if len(words) < 2 or not all(w.startswith("ال") and common_word_zipf(w, 3.5) for w in words):
        return False
    adjective = [normalize_ar(w).endswith(("ي", "يه")) for w in words]
    return adjective[-1] and (adjective[0] or (normalize_ar(words[0]),) in load_gazetteer().titles)


def tidy(text: str, model: list[Mention]) -> list[Mention]:
    """The model's person names, trimmed: a definite noun before a name of two words or more is its
    description, not part of it (الأسير مروان البرغوثي, السعودي سلمان بن عبد العزيز); an imperfect verb after
    such a name is the verb of the sentence (خالد بن الوليد يحتجز). (Joining two person mentions side by side
    was tried and lost on both ANERcorp and the dev articles.)"""
    return [_trim(text, m) if m.kind == "Person" else m for m in model]


def _trim(text: str, m: Mention) -> Mention:
    tokens = list(iter_tokens(m.anchor))
    words = [normalize_token(t.text) for t in tokens]
    first, last = 0, len(tokens)
    if last - first >= 3 and split_proclitics(words[0]).article and not split_proclitics(words[1]).article:
        first += 1
    if last - first >= 3 and words[-1][:1] in "يت" and len(words[-1]) >= 4 and not _known_name(words[-1]):
        last -= 1
    if (first, last) == (0, len(tokens)):
        return m
    begin, end = m.begin + tokens[first].begin, m.begin + tokens[last - 1].end
    return replace(m, begin=begin, end=end, anchor=text[begin:end])


def _known_name(word: str) -> bool:
    from kg.recognize.gazetteer import load_gazetteer

    return word in load_gazetteer().given_names


def backed(m: Mention) -> bool:
    """A rules mention that wins over the model: what the model cannot have found — a descriptor actor (قوات
    النظام، الفصائل المعارضة), a population group (مدنيين), a place named after a head noun (حي الفردوس،
    بلدة X) — or a name of several words listed in a gazetteer or lexicon (الجمعية العامة للأمم المتحدة).
    Everything else the rules find (one-word towns and countries, titled names, names opened by a given name,
    organizations after a head noun) the model finds too, with better extents: on ANERcorp, where both fire on
    the same words, the model is right 34 times to the rules' 6 for one-word towns, 27 to 3 for names opened by
    a given name, 18 to 4 for titled names, 8 to 1 for organizations after a head noun."""
    if m.key.startswith("actor:") or m.subtype == "PopulationGroup":
        return True
    if m.kind == "Place" and m.key.startswith("place:"):
        return True  # a head-noun place (the gazetteer's carry a GeoNames key)
    return bool(m.label_en or m.geonames_id is not None or m.source == "names") \
        and len(m.anchor.replace("_", " ").split()) > 1  # (a hashtag's words: #كوريا_الشمالية)


def joined(m: Mention) -> bool:
    """A person's name with a common word glued to و after its first word (بول ودم، عايشه وغنى): two things
    joined by a conjunction, not one name: the word is rare as written, its stem is common (وليد، وائل، ولي are
    words of their own)."""
    words = bare(m.anchor).split()
    return m.kind == "Person" and any(w[:1] == "و" and len(w) > 2 and common_word_zipf(w[1:])
                                      and not common_word_zipf(w) and not _known_name(normalize_token(w))
                                      for w in words[1:])


def a_persons_name(m: Mention, model: list[Mention]) -> bool:
    """A gazetteer place opened by a given name (صلاح الدين: an Iraqi province and a man's name) that the model
    reads as the start of a longer person's name (صلاح الدين دميرتاش): the person's, the place yields."""
    if m.kind != "Place" or not name_of(m.anchor) or not _known_name(normalize_token(m.anchor.split()[0])):
        return False
    return any(p.kind == "Person" and p.begin == m.begin and p.end > m.end for p in model)


def is_name(m: Mention) -> bool:
    """A name, not a description: the recognizer also returns the descriptions the graph needs as actors and
    places — a descriptor actor (الحكومة، القوات الأميركية، المسلحين: key ``actor:…``), a population group
    (مدنيين), a country adjective (الإسرائيلي: role ``adjective``) — which name no one. A benchmark of names
    (ANERcorp tags names only) scores the mentions for which this is true."""
    return not (m.key.startswith("actor:") or m.subtype == "PopulationGroup" or m.role == "adjective")


def splits(r: Mention, model: list[Mention]) -> bool:
    """The model cut one rules name into pieces (دونالد | ترمب, ستافان دي | ميستورا): two or more of its mentions
    lie inside the rules mention; or it stopped short inside a longer organization name. The whole name wins."""
    inside = [m for m in model if r.begin <= m.begin and m.end <= r.end]
    if r.kind == "Organization" and any(m.kind == "Organization" and m.end - m.begin < r.end - r.begin
                                        for m in inside):
        return True  # the model stopped short inside an institution's name: منظمة الطيران المدني | الدولي
    return len(inside) >= 2


def combine(rules: list[Mention], model: list[Mention]) -> list[Mention]:
    """Rules mentions, plus every model mention that overlaps none of them; in text order."""
    spans = sorted((m.begin, m.end) for m in rules)
    starts = [b for b, _ in spans]
    # rules mentions may nest (a country inside a descriptor actor): the furthest end so far
    reach, furthest = [], -1
    for _, e in spans:
        furthest = max(furthest, e)
        reach.append(furthest)
    out = list(rules)
    for m in model:
        i = bisect_right(starts, m.end - 1)  # rules mentions beginning before m ends
        if i and reach[i - 1] > m.begin:
            continue
        out.append(m)
    return sorted(out, key=lambda m: (m.begin, -m.end))


# The model's probability that a token is no part of a name, above which it refutes a rules person.
SURE_OUTSIDE = 0.98


def refuted(m: Mention, outside: list[tuple[int, int, float]]) -> bool:
    """A rules person of two words or more that fills a gap is dropped when the model is sure (``SURE_OUTSIDE``)
    every token of it is no name: what follows a title is then no name (الفريق | استقدم لاعبين جددا, وزير
    الخارجية | اتصالين هاتفيين); the model saw the title as a feature, and the words after it. (Refuting
    one-word persons lost surnames (خاشقجي, ترامب) and the dev figures' speakers; refuting places lost
    towns (دبلن، سوتشي); organizations the model learned from ANERcorp's convention, which leaves an
    institution named by its head noun untagged. Held-out ANERcorp train: PERS P 74.9 -> 77.0; dev entity
    precision 0.730 -> 0.735, recall unchanged.)"""
    if m.source != "rules" or m.kind != "Person" or not outside or len(name_of(m.anchor)) < 2:
        return False
    probs = [p for b, e, p in outside if b < m.end and m.begin < e]
    return bool(probs) and min(probs) >= SURE_OUTSIDE


class CombinedRecognizer:
    """Rules + CRF (``combine``), then one name, one type, every mention (``make_consistent``)."""

    name = "combined"

    def __init__(self, rules, model):
        self.rules = rules
        self.model = model

    def __call__(self, text: str) -> list[Mention]:
        tokens = tokenize(text)  # the model's and the consistency pass's tokens (raw offsets)
        found, outside = self.model.read(text, tokens=tokens) if hasattr(self.model, "read") \
            else (self.model(text), [])
        model = [m for m in tidy(text, found) if plausible(text, m)]
        rules = prefer_organizations(find_organizations(text), self.rules(text))  # kg.recognize.orgs
        words = words_of(text)  # one tokenization for both person passes
        rules = sorted(rules + known_names(text, rules, model, words), key=lambda m: (m.begin, -m.end))  # mined names
        rules = [m for m in rules if not joined(m)]
        wins = [(backed(m) and not a_persons_name(m, model)) or m.source == "orgs" or splits(m, model) for m in rules]
        strong = [m for m, w in zip(rules, wins) if w]
        weak = [m for m, w in zip(rules, wins) if not w]
        weak = [m for m in weak if not refuted(m, outside)]
        return make_consistent(text, refine_persons(text, combine(strong, combine(model, weak)), words), tokens)


@register("combined")
def combined_factory(argument: str = "") -> CombinedRecognizer:
    """``--ner combined`` (the default) uses the shipped model; ``combined:MODEL`` another CRF model."""
    from kg.recognize.crf import CRFRecognizer
    from kg.recognize.rules import rules_factory
    from kg.recognize.training import MODEL_DIR, MODEL_NAME

    path = Path(argument).expanduser() if argument else MODEL_DIR / MODEL_NAME
    if path.suffix == ".pt" or (not argument and (MODEL_DIR / "ner.neural.pt").is_file()):
        from kg.recognize.neural import shipped_or_none  # the neural model when shipped and torch is here

        neural = shipped_or_none(path if argument else None)
        if neural is not None:
            return CombinedRecognizer(rules_factory(), neural)
    if not argument and not path.is_file():
        raise RecognizerUnavailable(f"the shipped model {path} is missing (reinstall, or run kg ner train --data)")
    return CombinedRecognizer(rules_factory(), CRFRecognizer(path))
