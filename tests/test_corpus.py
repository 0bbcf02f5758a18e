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


# ---- issue 16: what an input folder may hold, through kg build -----------------------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from typer.testing import CliRunner  # noqa: E402

from kg.cli import app  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

SENTENCE = "قال وزير الخارجية الروسي سيرغي لافروف إن 15 مدنيا قتلوا في حلب يوم الثلاثاء."
OTHER = "أعلنت وزارة الدفاع التركية مقتل ثلاثة جنود في هجوم قرب مدينة الباب شمال سوريا."


def kg_build(src, out, *more, env=None, timeout=120):
    """kg build in a subprocess (a hang is a failure, not a stuck test run)."""
    return subprocess.run([sys.executable, "-m", "kg", "build", str(src), "-o", str(out), "-q", "--no-views",
                           *map(str, more)], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "CI": "1", **(env or {})})


def cli_build(src, out, *more):
    return CliRunner().invoke(app, ["build", str(src), "-o", str(out), "-q", "--no-views", *map(str, more)])


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("problem: ")]


def test_only_regular_files_of_a_folder_are_read(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (src / "archive.jsonl").mkdir()
    (src / "notes.txt").mkdir()
    (src / "gone.jsonl").symlink_to(tmp_path / "deleted.jsonl")
    os.mkfifo(src / "pipe.jsonl")
    os.mkfifo(src / "pipe.txt")
    (src / "zero.jsonl").symlink_to("/dev/zero")
    (src / "zero.txt").symlink_to("/dev/zero")
    run = kg_build(src, tmp_path / "out", "--follow-links")  # even when links may lead out of the folder
    assert run.returncode == 1, run.stderr  # built, with inputs skipped
    assert "Traceback" not in run.stderr
    problems = "\n".join(problem_lines(run.stderr))
    for name, what in [("archive.jsonl", "a folder"), ("notes.txt", "a folder"), ("pipe.jsonl", "a FIFO"),
                       ("pipe.txt", "a FIFO"), ("zero.jsonl", "a device"), ("zero.txt", "a device")]:
        assert f"{name}: not a regular file ({what}); skipped" in problems, (name, problems)
    assert "gone.jsonl: a symbolic link to nothing; skipped" in problems
    assert (tmp_path / "out" / "graph.ttl").is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder named .jsonl"])
def test_a_source_that_is_not_a_regular_file_is_one_line(tmp_path, kind):
    source = tmp_path / "news.jsonl"
    if kind == "fifo":
        os.mkfifo(source)
    elif kind == "device":
        source.symlink_to("/dev/zero")
    else:
        source.mkdir()
        (source / "a.txt").write_text(SENTENCE, encoding="utf-8")
    run = kg_build(source, tmp_path / "out")
    if kind == "folder named .jsonl":  # a folder is a folder, whatever its name
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 2 and "not a regular file" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_links_out_of_the_input_folder_are_not_followed(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "inner.txt").write_text(OTHER, encoding="utf-8")
    (src / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (src / "inside.txt").symlink_to(src / "sub" / "inner.txt")  # stays inside: read
    (src / "env.txt").symlink_to("/proc/self/environ")
    outside = tmp_path / "secret.txt"
    outside.write_text("كلمة السر hunter2 " + SENTENCE, encoding="utf-8")
    (src / "secret.txt").symlink_to(outside)
    (src / "metadata.csv").symlink_to(tmp_path / "elsewhere.csv")
    (tmp_path / "elsewhere.csv").write_text("file,published,publisher\ngood.txt,2016-12-13,hunter2\n", encoding="utf-8")
    run = kg_build(src, tmp_path / "out", env={"HADATH_TEST_SECRET": "hunter2-env"})
    assert run.returncode == 1, run.stderr
    problems = "\n".join(problem_lines(run.stderr))
    for name in ("env.txt", "secret.txt"):
        assert f"{name}: a symbolic link leading out of the input folder (--follow-links to read it); skipped" in problems
    assert "metadata.csv: a symbolic link leading out of the input folder" in problems
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "hunter2" not in graph
    assert '"inside"' in graph and '"good"' in graph


def test_follow_links_reads_them_and_bounds_the_bytes_actually_read(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (src / "env.txt").symlink_to("/proc/self/environ")  # st_size 0, thousands of bytes when read
    outside = tmp_path / "other.txt"
    outside.write_text(OTHER, encoding="utf-8")
    (src / "other.txt").symlink_to(outside)
    run = kg_build(src, tmp_path / "out", "--follow-links", "--max-bytes", 500,
                   env={"HADATH_TEST_PADDING": "x" * 2000})
    assert run.returncode == 1, run.stderr
    assert "env.txt: more than 500 bytes when read, over the limit (--max-bytes); skipped" in run.stderr
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "HADATH_TEST_PADDING" not in graph and '"other"' in graph


@pytest.mark.parametrize("line", ["[" * 100_000, '{"id": "deep", "text": "%s", "x": %s}' % (SENTENCE, "[" * 50_000 + "]" * 50_000),
                                  '{"id": %s, "text": "%s"}' % ("[" * 900 + "]" * 900, SENTENCE)])
def test_deeply_nested_json_is_one_bad_line(tmp_path, line):
    path = tmp_path / "news.jsonl"
    good = json.dumps({"id": "ok", "text": SENTENCE}, ensure_ascii=False)
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    result = cli_build(path, tmp_path / "out")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 1:
        assert f"{path}:2: JSON nested too deeply; skipped" in result.output


def test_a_byte_order_mark_does_not_cost_the_first_article(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in (("first", SENTENCE), ("second", OTHER))]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    result = cli_build(path, tmp_path / "out")
    assert result.exit_code == 0, result.output
    articles, problems = split(read_corpus(path))
    assert [a.id for a in articles] == ["first", "second"] and problems == []


def test_a_second_metadata_row_for_a_file_is_reported_and_ignored(tmp_path):
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,published,publisher\na.txt,2016-12-13,X\nb.txt,2016-12-14,Y\n"
                                           "a.txt,1999-01-01,Z\n", encoding="utf-8")
    articles, problems = split(read_corpus(tmp_path))
    assert [(a.id, a.published, a.publisher) for a in articles] == [
        ("a", dt.date(2016, 12, 13), "X"), ("b", dt.date(2016, 12, 14), "Y")]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'metadata.csv'}:4: a second row for 'a.txt' (the first is line 2); row ignored"]


def test_an_open_quote_in_metadata_costs_only_its_row(tmp_path):
    for name, text in (("a", SENTENCE), ("b", OTHER), ("c", SENTENCE + " " + OTHER)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text('file,published,publisher\na.txt,2016-12-13,"Reuters\n'
                                           'b.txt,2016-12-14,AFP\nc.txt,2016-12-15,"BBC, عربي"\n', encoding="utf-8")
    articles, problems = split(read_corpus(tmp_path))
    assert [(a.id, a.published) for a in articles] == [
        ("a", None), ("b", dt.date(2016, 12, 14)), ("c", dt.date(2016, 12, 15))]
    assert articles[2].publisher == "BBC, عربي"
    (problem,) = problems
    assert problem.origin == f"{tmp_path / 'metadata.csv'}:2" and "row ignored" in problem.message
    result = cli_build(tmp_path, tmp_path.parent / f"{tmp_path.name}-out")
    assert result.exit_code == 0 and "metadata.csv:2: malformed CSV row" in result.output  # said, not skipped


# ---- .jsonl.gz and several sources (issue 14) ----------------------------------------------------

import gzip  # noqa: E402

from kg.corpus import read_sources  # noqa: E402

NEWS_LINES = [  # sentences of ANT news articles, one article each, with the kinds of bad line read_corpus names
    json.dumps({"id": "n1", "date": "2018-05-28", "text": "قتل فلسطيني وأصيب آخر بجروح في قصف إسرائيلي على شمال "
                "قطاع غزة، الاثنين."}, ensure_ascii=False),
    '{"id": "n2", "text": ',
    json.dumps({"id": "n3", "date": "the 9th", "text": "وذكرت القيادة الأميركية في أفريقيا أن الضربة الجوية لم تسفر "
                "عن مقتل مدنيين."}, ensure_ascii=False),
    json.dumps({"id": "n1", "text": "أعلنت القوات المسلحة المصرية، الأربعاء، القضاء على أمير تنظيم."},
               ensure_ascii=False),
    json.dumps({"text": "ورغم أن السلطات السويدية أسقطت ملاحقته العام الماضي، تريد السلطات البريطانية اعتقاله."},
               ensure_ascii=False),
    json.dumps({"id": "big", "text": "نص " * 400}, ensure_ascii=False),
]


def _described(items, path):
    """Articles and problems as comparable values, the file's path left out of origins."""
    return [(type(i).__name__, str(i).replace(str(path), "F")) if isinstance(i, InputProblem)
            else (type(i).__name__, i.id, i.text, i.published, i.origin.replace(str(path), "F")) for i in items]


def test_a_jsonl_gz_file_reads_as_the_same_jsonl(tmp_path):
    data = ("\n".join(NEWS_LINES) + "\n").encode("utf-8")
    (tmp_path / "news.jsonl").write_bytes(data)
    (tmp_path / "news.jsonl.gz").write_bytes(gzip.compress(data))
    plain = list(read_corpus(tmp_path / "news.jsonl", max_bytes=1000))
    packed = list(read_corpus(tmp_path / "news.jsonl.gz", max_bytes=1000))
    assert _described(packed, tmp_path / "news.jsonl.gz") == _described(plain, tmp_path / "news.jsonl")
    assert [i.id for i in packed if isinstance(i, Article)] == ["n1", "n3", "news-5"]  # the default id drops .gz too
    messages = [str(i) for i in packed if isinstance(i, InputProblem)]
    assert any(m.startswith(f"{tmp_path / 'news.jsonl.gz'}:6: line longer than the limit") for m in messages)


def test_a_cut_short_jsonl_gz_is_one_problem_naming_file_and_line(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "text": f"{NEWS_LINES[0]} {i}"}, ensure_ascii=False) for i in range(400)]
    packed = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    articles, problems = split(read_corpus(path))
    assert 0 < len(articles) < 400 and len(problems) == 1
    assert str(problems[0]) == f"{path}:{len(articles) + 1}: compressed stream cut short, the rest of the file is lost; skipped"
    path.write_bytes(b"not gzip at all\n")
    articles, problems = split(read_corpus(path))
    assert not articles and str(problems[0]).startswith(f"{path}:1: compressed stream is not valid gzip data")


def test_several_sources_read_in_turn_with_ids_unique_across_them(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress((NEWS_LINES[0] + "\n").encode("utf-8")))
    (tmp_path / "b.jsonl").write_text(NEWS_LINES[3] + "\n" + NEWS_LINES[2] + "\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "n3.txt").write_text("قال وزير الخارجية الروسي إن 15 مدنيا قتلوا في حلب.", encoding="utf-8")
    (folder / "more.jsonl.gz").write_bytes(gzip.compress((NEWS_LINES[4] + "\n").encode("utf-8")))
    articles, problems = split(read_sources([tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl", folder]))
    assert [a.id for a in articles] == ["n1", "n3", "more-1"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'b.jsonl'}:1: duplicate id 'n1'; skipped",  # and nothing else of that line
        f"{tmp_path / 'b.jsonl'}:2: 'date' is not a date (YYYY-MM-DD): 'the 9th'; built without it",
        f"{folder / 'n3.txt'}: duplicate id 'n3'; skipped"]


def test_a_missing_later_source_fails_before_anything_is_read(tmp_path):
    (tmp_path / "a.jsonl").write_text(NEWS_LINES[0] + "\n", encoding="utf-8")
    items = read_sources([tmp_path / "a.jsonl", tmp_path / "gone.jsonl.gz"])
    with pytest.raises(CorpusError, match="gone.jsonl.gz: no such file or folder"):
        next(items)
    (tmp_path / "a.csv.gz").write_bytes(gzip.compress(b"id,text\n"))
    with pytest.raises(CorpusError, match="expected a folder, a .txt file, a .jsonl file or a .jsonl.gz file"):
        next(read_sources([tmp_path / "a.jsonl", tmp_path / "a.csv.gz"]))
