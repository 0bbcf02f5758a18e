"""The closed word classes of the event stages, read from ``kg/lexicons/cues.tsv`` (normalized there),
and the small helpers every stage uses to look at a normalized word."""
from __future__ import annotations

import re

from kg.lexicon import word_set
from kg.text.normalize import normalize_ar

PREPOSITIONS = word_set("prepositions")
LOCATIVE = word_set("locative")
PLACE_HEADS = word_set("place_heads")
CLAUSE_BREAKS = word_set("clause_breaks")
SUBORDINATORS = word_set("subordinators")
SKIP_AFTER_VERB = word_set("skip_after_verb")
COMPLEMENTIZERS = word_set("complementizers")
ABOUT_CLAUSE_CUES = word_set("about_clause_cues")
ABOUT_NP_CUES = word_set("about_np_cues")
NEGATIONS = word_set("negations")
NOUN_NEGATIONS = word_set("noun_negations")
FUTURE_WORDS = word_set("future_words")
HYPOTHETICAL = word_set("hypothetical")
HYPOTHESIS_STRONG = word_set("hypothesis_strong")
CAUSE_WORDS = word_set("cause_words")
FORCE_VERBS = word_set("force_verbs")
TEMPORAL_LINKS = word_set("temporal_links")
CONCURRENT = word_set("concurrent")
RELATIVE_HOURS = word_set("relative_hours")
SCALE_WORDS = word_set("scale_words")
LAUNCH_VERBS = word_set("launch_verbs")
IMMINENT = word_set("imminent")
CONTINUATION_NOUNS = word_set("continuation_nouns")
BELIEF = word_set("belief")
HABITUAL = word_set("habitual")
CUE_BEFORE_MA = word_set("cue_before_ma")
ATTRIBUTION_BEFORE_MA = word_set("attribution_before_ma")
INTENTION = word_set("intention")
STATE_BEFORE = word_set("state_before")
RELATIVES = word_set("relatives")
ANAPHORA_AFTER = word_set("anaphora_after")
ANAPHORA_SETTING = word_set("anaphora_setting")
DAY_AFTER = word_set("day_after")
DAY_BEFORE = word_set("day_before")
VERBISH_BEFORE = word_set("verbish_before")
PURPOSE_NOUNS = word_set("purpose_nouns")
STOP_NOUNS = word_set("stop_nouns")
NAME_HEADS = word_set("name_heads")
GOAL_HEADS = word_set("goal_heads")
UNDER = word_set("under")
SUBJECT_TO = word_set("subject_to")
DATE_HEADS = word_set("date_heads")
DATE_HEADS_FAR = word_set("date_heads_far")
BEFORE_AFTER = word_set("before_after")
AGENT_LINKS = word_set("agent_links")
ACTOR_HEADS = word_set("actor_heads")
LIST_OPENERS = word_set("list_openers")
SPEAKS_FOR = word_set("speaks_for")
TOPIC_MARKERS = word_set("topic_markers")
TITLE_MODIFIERS = word_set("title_modifiers")
PERSON_TITLES = word_set("person_titles")
NUMBER_WORDS = word_set("number_words")
TIME_UNITS = word_set("time_units")
NOT_COUNTS_BEFORE = word_set("not_counts_before")
FRACTIONS = word_set("fractions")
ORG_HEADS = word_set("org_heads")
APPOSITION_HEADS = word_set("apposition_heads")
OTHER_STORY = word_set("other_story")
GENERIC_BEFORE = word_set("generic_before")
GENERIC_AFTER = word_set("generic_after")
PROSPECT_HEADS = word_set("prospect_heads")
POSSIBILITY = word_set("possibility")
PROSPECT_VERBS = word_set("prospect_verbs")
AVERTING = word_set("averting")
CONDITIONALS = word_set("conditionals")
ADVERBIAL_AFTER = word_set("adverbial_after")
UNNAMED_SPEAKERS = word_set("unnamed_speakers")
TOPIC_WORDS = (ABOUT_NP_CUES - {normalize_ar("عن"), normalize_ar("على")}) | {normalize_ar("شأن")}

QUOTES = frozenset('"«»“”')
OPEN_QUOTES = frozenset('«“')
CLOSE_QUOTES = frozenset('»”')
COORD = frozenset({"،", ","})

_WORD = re.compile(r"[^\W_]+|[^\w\s]")


def words_of(text: str) -> tuple[str, ...]:
    """The normalized words (and punctuation marks) of a text."""
    return tuple(_WORD.findall(normalize_ar(text)))


def n(word: str) -> str:
    """One word as code writes it, normalized (code literals are never written pre-normalized)."""
    return normalize_ar(word)


def strip_conj(w: str, k: int = 0) -> str:
    """The word without a leading و/ف (the first word of a phrase only)."""
    if k == 0 and w[:1] in ("و", "ف") and len(w) > 3:
        return w[1:]
    return w
