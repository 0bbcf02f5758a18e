"""Alignment: builds one article's :class:`~kg.extract.doc.Doc` — its tokens with the sentences, mentions,
time expressions, quotations, people's titles and the clause's role phrases laid on them — from the
article stages' outputs and the lexicons (reporting sources, country adjectives).

``Doc`` is re-exported here: the stages import it from either module.
"""
from __future__ import annotations

from collections.abc import Sequence

from kg.extract.clause import role_phrases
from kg.extract.doc import Doc
from kg.extract.triggers import load_triggers
from kg.model import Article, Mention, Sentence, TimeExpr

__all__ = ["Doc", "align"]


def align(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
          times: Sequence[TimeExpr]) -> Doc:
    """The aligned article the event stages read."""
    lex = load_triggers()
    return Doc(article, sentences, mentions, tuple(times)).build(lex.source_heads, lex.nisba, role_phrases)
