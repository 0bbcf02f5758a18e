"""The default recognizer: the trained model and the rules, combined in one place.

The rule, in one sentence: **a rules mention wins wherever it overlaps a model
mention, model mentions fill the text the rules left untouched, and then each
name is made consistent across the article** (``kg.recognize.consistency``: one
type per name, its other mentions labelled, a surname alone linked to the full
name).

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
from pathlib import Path

from kg.model import Mention
from kg.recognize.consistency import make_consistent
from kg.recognize.registry import RecognizerUnavailable, register


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


class CombinedRecognizer:
    """Rules + CRF (``combine``), then one name, one type, every mention (``make_consistent``)."""

    name = "combined"

    def __init__(self, rules, model):
        self.rules = rules
        self.model = model

    def __call__(self, text: str) -> list[Mention]:
        return make_consistent(text, combine(self.rules(text), self.model(text)))


@register("combined")
def combined_factory(argument: str = "") -> CombinedRecognizer:
    """``--ner combined`` (the default) uses the shipped model; ``combined:MODEL`` another CRF model."""
    from kg.recognize.crf import CRFRecognizer
    from kg.recognize.rules import rules_factory
    from kg.recognize.training import MODEL_DIR, MODEL_NAME

    path = Path(argument).expanduser() if argument else MODEL_DIR / MODEL_NAME
    if not argument and not path.is_file():
        raise RecognizerUnavailable(f"the shipped model {path} is missing (reinstall, or run kg ner train --data)")
    return CombinedRecognizer(rules_factory(), CRFRecognizer(path))
