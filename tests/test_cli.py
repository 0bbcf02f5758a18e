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
