"""The output folder of ``kg build`` (kg.outdir, kg.outputs), through the command: a build replaces
only what a build wrote (or an empty folder), never the input, a user's folder or file, the current
folder; one build at a time per output; what killed builds leave behind is cleaned up (issue 16:
items 1, 13, 20)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.outdir import MARKER, FolderLock
from tests.conftest import ROOT

SENTENCES = [
    "قال وزير الخارجية الروسي سيرغي لافروف إن 15 مدنيا قتلوا في حلب يوم الثلاثاء.",
    "أعلنت وزارة الدفاع التركية مقتل ثلاثة جنود في هجوم قرب مدينة الباب شمال سوريا.",
]


def kg(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with the bytes of files (None for folders)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    for word in words:
        assert word in errors[0], errors[0]


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    for n, sentence in enumerate(SENTENCES):
        (folder / f"a{n}.txt").write_text(sentence, encoding="utf-8")
    return folder


def build(src: Path, out: Path, *more: object):
    return kg("build", src, "-o", out, "-q", "--no-views", *more)


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---- item 1: what may be replaced --------------------------------------------------------------


def test_a_user_folder_is_refused_and_untouched(tmp_path, src):
    mine = tmp_path / "mydocs"
    (mine / "photos").mkdir(parents=True)
    (mine / "thesis.txt").write_text("five years of work", encoding="utf-8")
    (mine / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    before = snapshot(mine)
    one_line_error(build(src, mine), "mydocs", "not written by kg build")
    assert snapshot(mine) == before
    assert siblings(tmp_path) == ["mydocs", "src"], "nothing may be created beside it either"


@pytest.mark.parametrize("where", ["input", "parent of the input", "grandparent of the input"])
def test_the_input_or_a_folder_holding_it_is_refused(tmp_path, src, where):
    (src / MARKER).write_text("", encoding="utf-8")  # even if it looks like a previous output
    out = {"input": src, "parent of the input": tmp_path, "grandparent of the input": tmp_path.parent}[where]
    before = snapshot(src)
    one_line_error(build(src, out), "the input or a folder holding it")
    assert snapshot(src) == before


def test_a_jsonl_input_inside_a_previous_output_is_refused(tmp_path, src):
    out = tmp_path / "out"
    assert build(src, out).exit_code == 0
    (out / "news.jsonl").write_text('{"id": "x", "text": "%s"}\n' % SENTENCES[0], encoding="utf-8")
    one_line_error(build(out / "news.jsonl", out), "the input")
    assert (out / "news.jsonl").is_file()


def test_an_empty_folder_and_a_previous_output_are_replaced(tmp_path, src):
    out = tmp_path / "out"
    out.mkdir()
    assert build(src, out).exit_code == 0
    assert (out / MARKER).is_file() and (out / "graph.ttl").is_file()
    first = (out / "graph.ttl").read_bytes()
    (src / "a0.txt").unlink()
    assert build(src, out, "--prune").exit_code == 0  # marked: replaced (an update dropping a0)
    assert (out / "graph.ttl").read_bytes() != first
    assert siblings(tmp_path) == ["out", "src"], "no staging, backup or lock file left"


def test_a_users_dot_previous_folder_survives_rebuilds(tmp_path, src):
    keep = tmp_path / ".out.previous"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    for _ in range(2):
        assert build(src, tmp_path / "out").exit_code == 0
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_user_folder_put_in_place_during_the_build_is_not_replaced(tmp_path, src, monkeypatch):
    import kg.outputs

    out = tmp_path / "out"
    real = kg.outputs.replace_folder

    def meanwhile(staging, target, **kw):
        if Path(target) == out.resolve():
            out.mkdir(exist_ok=True)
            (out / "thesis.txt").write_text("mine", encoding="utf-8")
        return real(staging, target, **kw)

    monkeypatch.setattr(kg.outputs, "replace_folder", meanwhile)
    one_line_error(build(src, out), "may no longer be replaced")
    assert siblings(out) == ["thesis.txt"]
    assert siblings(tmp_path) == ["out", "src"]


# ---- item 13: files, the current folder, symbolic links -------------------------------------------


def test_an_existing_file_is_refused_not_hidden(tmp_path, src):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.4")
    one_line_error(build(src, target), "report.pdf", "not a folder")
    assert target.read_bytes() == b"%PDF-1.4"
    assert siblings(tmp_path) == ["report.pdf", "src"]


@pytest.mark.parametrize("dot", [".", ".."])
def test_the_current_folder_is_refused(tmp_path, src, monkeypatch, dot):
    here = tmp_path / "work" / "here"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    one_line_error(build(src, dot), "current folder")
    assert here.is_dir() and siblings(here) == []


def test_a_link_to_an_output_folder_is_followed_and_kept(tmp_path, src):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)
    for _ in range(2):
        result = build(src, link)
        assert result.exit_code == 0, result.output
        assert link.is_symlink() and (real / "graph.ttl").is_file() and (real / MARKER).is_file()
    assert siblings(tmp_path) == ["out", "real", "src"]


def test_a_link_to_nothing_is_refused(tmp_path, src):
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "nowhere")
    one_line_error(build(src, link), "symbolic link to nothing")
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


def test_a_store_holding_the_input_is_refused(tmp_path, src):
    one_line_error(build(src, tmp_path / "out", "--store", tmp_path), "store folder")
    assert siblings(src) == ["a0.txt", "a1.txt"]


# ---- item 20: one build at a time, stale staging folders removed -----------------------------------


def test_a_second_build_of_the_same_output_is_refused_at_once(tmp_path, src):
    out = tmp_path / "out"
    assert build(src, out).exit_code == 0
    before = snapshot(out)
    with FolderLock(out.resolve()):
        result = build(src, out)
        one_line_error(result, "another kg build is writing", str(os.getpid()))
    assert snapshot(out) == before
    assert build(src, out).exit_code == 0  # released


def test_stale_staging_folders_of_killed_builds_are_removed_and_others_kept(tmp_path, src):
    stale = tmp_path / ".out.building-k1ll3d"
    stale.mkdir()
    (stale / MARKER).write_text("", encoding="utf-8")
    (stale / "graph.ttl").write_text("# half", encoding="utf-8")
    empty_backup = tmp_path / ".out.previous-0dd"
    empty_backup.mkdir()
    users = tmp_path / ".out.building-notes"  # not ours: no marker
    users.mkdir()
    (users / "notes.txt").write_text("mine", encoding="utf-8")
    assert build(src, tmp_path / "out").exit_code == 0
    assert siblings(tmp_path) == [".out.building-notes", "out", "src"]


_STALL = """
import sys, time
from pathlib import Path
import kg.outputs as outputs
marker = Path(sys.argv[1])
real = outputs.SortedTriples.serialize
def stall(self, path, *args, **kwargs):
    real(self, path, *args, **kwargs)
    marker.write_text("written")
    time.sleep(120)
outputs.SortedTriples.serialize = stall
from kg.cli import app
sys.argv = ["kg", *sys.argv[2:]]
app()
"""


@pytest.mark.slow
def test_a_killed_build_leaves_the_output_whole_and_the_next_one_cleans_up(tmp_path, src):
    out = tmp_path / "out"
    assert build(src, out).exit_code == 0
    before = snapshot(out)
    marker = tmp_path.parent / f"{tmp_path.name}-written"
    env = {**os.environ, "CI": "1"}
    proc = subprocess.Popen([sys.executable, "-c", _STALL, str(marker), "build", str(src), "-o", str(out), "-q",
                             "--no-views"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        one_line_error(build(src, out), "another kg build is writing", str(proc.pid))  # while it runs
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert snapshot(out) == before
    assert any(".building-" in name for name in siblings(tmp_path)), "the killed build left its staging folder"
    assert build(src, out).exit_code == 0
    assert siblings(tmp_path) == ["out", "src"]
