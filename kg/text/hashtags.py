"""Hashtags in news text: ``#الخارجية_التركية`` is the phrase «الخارجية التركية».

News sites tag names in running text (وزارة #الخارجية_التركية، غرّد على #تويتر، #عمر_الرزاز): the ``#``
opens the tag and ``_`` joins its words. Recognizers keep offsets on the raw text, so a mention's anchor is
the raw span *without* the ``#`` (``text[b:e] == anchor`` still holds, underscores included) and its label
is the phrase with spaces (:func:`readable`). The tokenizer (``kg.text.tokens``) already splits a tag into
its words (``_`` is neither a word nor a punctuation token); ``#`` stays a punctuation token, which
:func:`is_hash` lets a recognizer step over when a word follows it directly.
"""
from __future__ import annotations

import re

__all__ = ["HASHTAG", "hashtags", "readable", "is_hash"]

# "#" then words joined by "_" (letters or digits; a tag cannot start with a digit)
HASHTAG = re.compile(r"#([^\W\d_][^\W_]*(?:_[^\W_]+)*)")


def hashtags(text: str) -> list[tuple[int, int, str]]:
    """(begin, end, label) of each hashtag: the raw span without "#", the label with spaces."""
    return [(m.start(1), m.end(1), m.group(1).replace("_", " ")) for m in HASHTAG.finditer(text)]


def readable(anchor: str) -> str:
    """A label from a raw span that may hold hashtags: no "#", "_" between words read as a space."""
    return " ".join(HASHTAG.sub(lambda m: m.group(1), anchor).replace("_", " ").split())


def is_hash(text: str, begin: int, end: int) -> bool:
    """The raw span [begin, end) is a lone "#" glued to the word after it (a hashtag's opening)."""
    return text[begin:end] == "#" and end < len(text) and not text[end].isspace() and text[end] != "#"
