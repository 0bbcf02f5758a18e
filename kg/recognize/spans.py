"""The rules recognizer's working data: tokens with their offsets, and matches over token ranges."""
from __future__ import annotations

from dataclasses import dataclass

from kg.recognize.gazetteer import Entry


@dataclass
class Tok:
    text: str  # normalized
    begin: int  # normalized offsets
    end: int
    after_quote: bool = False  # a quotation mark stood before it: names end there
    raw: str = ""  # the raw surface, for word-frequency look-ups

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


@dataclass
class Match:
    start: int  # token index
    stop: int  # token index, exclusive
    cut: int  # normalized characters of proclitic to leave out of the span
    entries: list[Entry]
    kind: str  # gazetteer | person | place | organization
    role: str = ""
    key: str = ""  # places: the key of the larger place it is part of (a site's town), when known
    name_start: int = -1  # places: where the name begins after its head noun (مدينة | إينسبروك), -1: at start
