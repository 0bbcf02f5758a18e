"""Sentence spans on the raw text.

Arabic news separates sentences with full stops, question/exclamation marks
(؟ !), line breaks, and in some outlets with a lone hyphen heading; a full stop
between digits (2.5) does not end a sentence.
"""
from __future__ import annotations

import re

from kg.model import Sentence

_BOUNDARY = re.compile(r"(?<!\d)[.!?؟…]+(?!\d)[\"'»”)]*|\n+")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    start = 0

    def emit(begin: int, end: int) -> None:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            out.append(Sentence(begin, end, text[begin:end], index=len(out)))

    for m in _BOUNDARY.finditer(text):
        emit(start, m.end() if m.group().strip() else m.start())
        start = m.end()
    emit(start, len(text))
    return tuple(out)
