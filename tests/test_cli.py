"""What ``kg build`` prints: names from outside are shown, never obeyed (no markup, no line breaks,
no bidi reordering), and what it writes validates whatever the article ids (issue 16: items 12, 14, 17)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app, printable
from tests.conftest import ROOT

SENTENCE = "قال وزير الخارجية الروسي سيرغي لافروف إن 15 مدنيا قتلوا في حلب يوم الثلاثاء."
CONTROLS = "\n\r\t\x1b\x85\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def kg(*args: object, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, "CI": "1"})


@pytest.mark.parametrize("name", ["[/bold]src", "[red]src[/red]", "[link=file:x]src", "src]["])
def test_markup_in_a_path_is_printed_as_it_is(tmp_path, name):
    src = tmp_path / name
    src.mkdir(parents=True)  # "[/bold]src" is the folder "bold]src" in the folder "["
    (src / "a.txt").write_text(SENTENCE, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(src), "-o", str(tmp_path / "out"), "--no-views"])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert name in "".join(result.output.split())  # the summary's title, verbatim (maybe wrapped)


def test_printable_escapes_every_control_and_keeps_arabic():
    shown = printable("حلب" + CONTROLS + "x\u200dy\u200cz")
    assert not any(c in shown for c in CONTROLS)
    assert shown.startswith("حلب\\x0a\\x0d\\x09\\x1b\\x85\\u061c") and shown.endswith("x\u200dy\u200cz")


def test_file_names_cannot_forge_lines_or_reorder_the_terminal(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(SENTENCE, encoding="utf-8")
    (src / "x\nerror: all your articles were deleted\n.txt").write_text("", encoding="utf-8")
    (src / "\u202etxt.exe\u202c.txt").write_text("", encoding="utf-8")
    (src / "tab\there\rreturn\u2028sep.txt").write_text("", encoding="utf-8")
    run = kg("build", src, "-o", tmp_path / "out", "-q", "--no-views")
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert all(line.startswith(("problem: ", "warning: ")) for line in lines), lines
    assert sum(line.startswith("problem: ") for line in lines) == 3, lines
    assert not any(c in run.stderr for c in CONTROLS.replace("\n", ""))
    assert "x\\x0aerror: all your articles were deleted\\x0a.txt: empty file; skipped" in run.stderr


def test_an_output_path_with_a_line_break_is_one_error_line(tmp_path):
    bad = tmp_path / "out\nerror: forged"
    bad.write_text("a file", encoding="utf-8")
    run = kg("build", ROOT / "seeds", "-o", bad, "-q", "--no-views")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: ") and "\\x0aerror: forged" in run.stderr


def test_article_ids_with_dots_validate(tmp_path):
    path = tmp_path / "news.jsonl"
    ids = ["a.b", "AFP.", ".", "..", "v1.2.3", "مقال.عربي", "plain"]
    path.write_text("".join(json.dumps({"id": i, "text": f"{SENTENCE} ({n})", "date": "2016-12-13"},
                                       ensure_ascii=False) + "\n" for n, i in enumerate(ids)), encoding="utf-8")
    built = kg("build", path, "-o", tmp_path / "out", "-q", "--no-views")
    assert built.returncode == 0, built.stderr
    checked = kg("validate", tmp_path / "out" / "graph.ttl")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "conforms" in checked.stdout


def test_build_takes_several_sources_and_says_what_an_update_did(tmp_path):
    """kg build A.jsonl.gz B.jsonl folder/ -o OUT, then the same into OUT: every article reused (issue 14)."""
    import gzip

    line = lambda i, text: json.dumps({"id": i, "date": "2018-05-28", "text": text}, ensure_ascii=False) + "\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(line("a1", SENTENCE).encode("utf-8")))
    (tmp_path / "b.jsonl").write_text(line("b1", "قتل فلسطيني وأصيب آخر بجروح في قصف إسرائيلي على شمال قطاع غزة."),
                                      encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "c1.txt").write_text("أعلنت القوات المسلحة المصرية القضاء على أمير تنظيم في سيناء.",
                                                encoding="utf-8")
    sources = [str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.jsonl"), str(tmp_path / "folder")]
    args = ["build", *sources, "-o", str(tmp_path / "out"), "--no-views", "--ner", "rules"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "3 of 3" in first.output
    again = CliRunner().invoke(app, args + ["--prune"])
    assert again.exit_code == 0, again.output
    assert "reused 3" in " ".join(again.output.split()) and "added 0" in again.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["sources"] == sources and report["update"]["reused"] == 3


EXPLAINED = "قصفت طائرات حربية مدينة إدلب أمس، ما أسفر عن مقتل 12 مدنيا."


def test_explain_reads_a_sentence_with_the_build_default():
    result = kg("explain", EXPLAINED, "--date", "2018-03-02")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "«قصفت»" in result.stdout


def test_explain_with_an_unavailable_recognizer_warns_and_reads_with_the_rules():
    from kg.recognize.camel import installed_model_dir
    from kg.recognize.registry import RecognizerUnavailable

    try:
        installed_model_dir()
        pytest.skip("CAMeL Tools NER data is installed here")
    except RecognizerUnavailable:
        pass
    result = kg("explain", EXPLAINED, "--date", "2018-03-02", "--ner", "camel")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("warning: recognizer 'camel' unavailable")
    assert "«قصفت»" in result.stdout


def test_explain_with_a_missing_model_fails_in_one_line(tmp_path):
    result = kg("explain", EXPLAINED, "--ner", f"crf:{tmp_path / 'none.crfsuite'}")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: --ner crf:") and len(result.stderr.strip().splitlines()) == 1
