"""Small helpers shared by the regex-driven text stages (times, numbers)."""
from __future__ import annotations

import re
from collections.abc import Iterable


def word_trie(words: Iterable[str]) -> str:
    """A regex alternation of literal words as a trie: one scan finds them all, same matches."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(k) + build(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(root)


def extend_over_marks(raw: str, end: int) -> int:
    """Extend a raw end over diacritics and tatweel that belong to the last letter."""
    n = len(raw)
    while end < n and (raw[end] == "ـ" or "\u064b" <= raw[end] <= "\u065f" or raw[end] == "\u0670"):
        end += 1
    return end
