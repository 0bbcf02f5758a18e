"""Argument finding by position in the clause (kg.extract.arguments). Sentences quoted from articles of the
ANT corpus (shared/data/news; ids in the comments), none of them annotated in the dev set or among the
five samples."""
from __future__ import annotations

import datetime as dt

from kg.extract.analysis import analyze
from kg.extract.arguments import subject_after
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.recognize.registry import get_recognizer
from kg.text.sentences import split_sentences


def doc_of(text: str, published: dt.date):
    mentions = get_recognizer("rules")(text)
    return analyze(Article("t", text, published), split_sentences(text), mentions,
                   find_time_expressions(text, published)).doc


def test_past_a_number_min_names_the_counted():
    # BB-middleEast-173-20180310: «900 من المدنيين»: the people counted, read as what follows the word
    text = ("ويعتقد أن الجيش السوري يسيطر حتى الآن على نصف الغوطة الشرقية في العمليات العسكرية التي أدت إلى مقتل "
            "900 من المدنيين.")
    doc = doc_of(text, dt.date(2018, 3, 10))
    at = next(i for i in range(len(doc.toks)) if doc.word(i) == "مقتل")
    assert [doc.mentions[m].anchor for m in subject_after(doc, at)] == ["المدنيين"]
    # without a number, «من X» is a preposition's complement, not a subject
    at = next(i for i in range(len(doc.toks)) if doc.word(i) == "نصف")
    assert subject_after(doc, at) == []
