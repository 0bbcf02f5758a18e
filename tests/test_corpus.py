import datetime as dt
import json

import pytest

from kg.corpus import CorpusError, InputProblem, read_corpus
from kg.model import Article
from tests.conftest import SEEDS, seed_text

GOOD = seed_text("004")


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputProblem)]


def test_seed_folder_reads_five_dated_articles():
    articles, problems = split(read_corpus(SEEDS))
    assert problems == []
    assert [a.id[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert articles[0].published == dt.date(2016, 11, 30)
    assert articles[3].publisher == "BBC عربي"


def test_bad_files_are_named_and_the_good_one_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("حلب".encode("utf-8") + b"\xff\xfe")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    articles, problems = split(read_corpus(tmp_path))
    assert [a.id for a in articles] == ["good"]
    messages = sorted(str(p) for p in problems)
    assert messages[0].endswith("empty.txt: empty file; skipped")
    assert "latin1.txt: not UTF-8 (byte 0xff at offset 6); skipped" in messages[1]


@pytest.mark.parametrize("line, message", [
    ('{"id": "x", "text": ', "malformed JSON"),
    ('[1, 2]', "a JSON object was expected"),
    ('{"id": "y", "date": "2016-12-05"}', "no 'text'"),
])
def test_jsonl_bad_lines_are_named_with_their_number(tmp_path, line, message):
    good = json.dumps({"id": "a1", "date": "2016-12-05", "source": "outlet", "title": "t", "text": GOOD},
                      ensure_ascii=False)
    path = tmp_path / "news.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    articles, problems = split(read_corpus(path))
    assert [a.id for a in articles] == ["a1"] and articles[0].publisher == "outlet"
    assert len(problems) == 1 and problems[0].origin == f"{path}:2" and message in problems[0].message


def test_jsonl_bad_date_builds_the_article_without_it(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "a", "date": "5 Dec", "text": GOOD}, ensure_ascii=False), encoding="utf-8")
    articles, problems = split(read_corpus(path))
    assert articles[0].published is None
    assert not problems[0].skipped and "'date' is not a date" in str(problems[0])


def test_metadata_row_with_a_bad_date_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,published,publisher\na.txt,yesterday,X\n", encoding="utf-8")
    articles, problems = split(read_corpus(tmp_path))
    assert articles[0].published is None and articles[0].publisher == "X"
    assert str(problems[0]).startswith(f"{tmp_path / 'metadata.csv'}:2: 'published' is not a date")


def test_oversized_inputs_are_skipped_without_reading_them(tmp_path):
    (tmp_path / "big.txt").write_text("حلب " * 1000, encoding="utf-8")
    big_line = json.dumps({"id": "b", "text": "حلب " * 1000}, ensure_ascii=False)
    (tmp_path / "news.jsonl").write_text(big_line + "\n" + json.dumps({"id": "s", "text": "حلب"}) + "\n",
                                         encoding="utf-8")
    articles, problems = split(read_corpus(tmp_path, max_bytes=1000))
    assert [a.id for a in articles] == ["s"]
    assert {p.origin.rsplit("/", 1)[-1] for p in problems} == {"big.txt", "news.jsonl:1"}
    assert all("over the limit" in p.message or "longer than the limit" in p.message for p in problems)


def test_missing_path_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        list(read_corpus(tmp_path / "nope"))
