"""kg.progress: the build's display has a total, the current stage and a time estimate for every stage."""
from __future__ import annotations

import gzip
import io
import json
import time

from rich.console import Console

from kg.pipeline import build
from kg.progress import BuildProgress, count_lines, estimates
from tests.conftest import SEEDS

LINE = json.dumps({"id": "a", "text": "قتل فلسطيني وأصيب آخر بجروح في قصف إسرائيلي على شمال قطاع غزة."},
                  ensure_ascii=False)


def test_the_total_counts_lines_of_plain_and_compressed_jsonl_and_txt_files(tmp_path):
    (tmp_path / "a.jsonl").write_text(LINE + "\n" + LINE, encoding="utf-8")  # no final newline
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(((LINE + "\n") * 3).encode("utf-8")))
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.txt").write_text("نص", encoding="utf-8")
    (folder / "y.jsonl").write_text(LINE + "\n", encoding="utf-8")
    assert count_lines([tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz", folder, SEEDS / "000_794ff0148909e9aa.txt"]) \
        == 2 + 3 + 2 + 1


def test_estimates_come_from_the_previous_report_else_from_the_bench_rates(tmp_path):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"articles_built": 1000, "seconds": {"resolve": 2.0, "graph": 1.5, "views": 4.0,
                                                                      "store": 3.0}}), encoding="utf-8")
    assert estimates(report, 2000) == {"resolve": 4.0, "write": 11.0}
    fresh = estimates(tmp_path / "none.json", 10_000)
    assert fresh["resolve"] > 10 and fresh["write"] > 10


def test_the_display_shows_every_stage_with_a_total_and_an_estimate():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120, color_system=None)
    display = BuildProgress(True, total=3, guesses={"resolve": 5.0, "write": 65.0}, console=console)
    display.stage("analyse")
    for _ in range(3):
        display.tick()
    display.stage("resolve")
    time.sleep(0.6)
    display.progress.refresh()
    during = screen.getvalue()
    display.stage("write")
    display.close()
    shown = screen.getvalue()
    assert "3/3 articles" in shown
    assert "resolve" in during and "left" in during and "~0:01:05" in during  # write: not started, its estimate
    assert shown.count("done") >= 3


def test_a_disabled_display_does_nothing():
    display = BuildProgress(False, total=10)
    display.stage("analyse")
    display.tick(5)
    display.close()
    assert not display.tasks


def test_a_build_with_the_display_on(tmp_path, capsys):
    report = build(SEEDS, tmp_path / "out", recognizer="rules", views=False, progress=True)
    assert report.articles_built == 5
    err = capsys.readouterr().err
    assert "analyse" in err and "write" in err
