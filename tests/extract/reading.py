"""Reading one short text through the per-article stages up to its events, as ``kg build`` does."""
from __future__ import annotations

import datetime as dt

from kg.extract.analysis import analyze
from kg.extract.events import extract_events
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.text.sentences import split_sentences


def read(text: str, recognizer, published: dt.date = dt.date(2018, 4, 10)):
    """(analysis, events, mentions) of ``text`` published on ``published``."""
    article = Article("t", text, published)
    mentions = recognizer(text)
    analysis = analyze(article, split_sentences(text), mentions, find_time_expressions(text, published))
    return analysis, extract_events(analysis), mentions
