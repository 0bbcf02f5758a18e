"""Measures: what a reported number counts (``kg/lexicons/measures.tsv``), how exact it is, and where
a quantity phrase ends (ما لا يقل عن مئة، أكثر من عشرة آلاف، 50 ألف)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.lexicon import rows
from kg.extract.words import NUMBER_WORDS, words_of

if TYPE_CHECKING:
    from kg.extract.alignment import Doc


@dataclass(frozen=True)
class Measures:
    nouns: dict[str, str]  # normalized noun (with variants) -> group
    table: tuple[tuple[str, str, str], ...]  # (class, group, measure)
    context: dict[str, str]
    approx_before: tuple[tuple[tuple[str, ...], str], ...]
    approx_after: tuple[tuple[tuple[str, ...], str], ...]
    words: dict[str, str]  # normalized word -> use (not-counted, tally, time-anchor, age, partitive)

    def measure(self, cls: str, group: str) -> str:
        for c, g, m in self.table:
            if (c == "*" or c == cls) and (g == "*" or g == group):
                return m
        return "count"


def _variants(word: str) -> set[str]:
    stem = word[2:] if word.startswith("ال") and len(word) > 4 else word
    out = {stem, "ال" + stem}
    for end in ("ا", "ين", "ون", "ات", "ان", "ي"):
        out.add(stem + end)
        out.add("ال" + stem + end)
    if stem.endswith("ه"):
        out.add(stem[:-1] + "ات")
    return out


@lru_cache(maxsize=1)
def load_measures() -> Measures:
    nouns: dict[str, str] = {}
    table: list[tuple[str, str, str]] = []
    context: dict[str, str] = {}
    before: list[tuple[tuple[str, ...], str]] = []
    after: list[tuple[tuple[str, ...], str]] = []
    words: dict[str, str] = {}
    for row in rows("measures.tsv"):
        kind = row.kind
        if kind == "noun":
            for v in _variants(row["form"]):
                nouns.setdefault(v, row["group"])
        elif kind == "measure":
            table.append((row["class"], row["group"], row["measure"]))
        elif kind == "context":
            context[row["form"]] = row["measure"]
        elif kind == "approx":
            (before if row["place"] != "after" else after).append((words_of(row["form"]), row["approximation"]))
        elif kind == "word":
            words[row["form"]] = row["use"]
    before.sort(key=lambda x: -len(x[0]))
    after.sort(key=lambda x: -len(x[0]))
    return Measures(nouns, tuple(table), context, tuple(before), tuple(after), words)


def skip_quantity(doc: Doc, j: int) -> int:
    """The token after a quantity starting at j (ما لا يقل عن مئة، اكثر من عشرة آلاف، 50 ألف), else j."""
    k = j
    changed = True
    while changed:
        changed = False
        for cue, _ in load_measures().approx_before:
            L = len(cue)
            words = [doc.word(k + x) for x in range(L)]
            if words and words[0] != cue[0] and words[0][1:] == cue[0]:
                words[0] = cue[0]  # بأكثر من
            if tuple(words) == cue:
                k += L
                changed = True
                break
    while is_number_at(doc, k):
        k += 1
    return k if k > j and is_number_at(doc, k - 1) else j


def is_number_at(doc: Doc, k: int) -> bool:
    w = doc.word(k)
    return bool(w) and (w[0].isdigit() or w in NUMBER_WORDS or w[1:] in NUMBER_WORDS)


