"""Updating a build (kg build into an earlier output): the graph equals a full build of the same
articles, byte for byte; unchanged articles are not analysed again; IRIs stay where the thing is the
same; a killed update leaves the previous output as it was (issue 14)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import outputs, store
from kg.pipeline import build

# Sentences of ANT news articles (outside the dev set), one short article each.
NEWS = {
    "ant-a": ("2018-05-28", "قتل فلسطيني وأصيب آخر بجروح في قصف إسرائيلي على شمال قطاع غزة، الاثنين، وفقا لما "
                            "أعلنته وزارة الصحة في غزة."),
    "ant-b": ("2018-04-18", "أعلنت القوات المسلحة المصرية، الأربعاء، القضاء على أمير تنظيم \"بيت المقدس\" "
                            "الإرهابي بوسط سيناء، ناصر أبو زقول."),
    "ant-c": ("2018-07-09", "وقالت لوبن إن قاضيين قررا خفض مليوني يورو، أو قرابة نصف 4.5 ملايين يورو من الدعم العام "
                            "كان من المفترض أن يحصل عليها الحزب هذا العام."),
    "ant-d": ("2018-10-09", "وذكرت القيادة الأميركية في أفريقيا: \"تقييمنا حاليا هو أن هذه الضربة الجوية لم تسفر "
                            "عن إصابة أو مقتل مدنيين\"."),
    "ant-e": ("2018-05-18", "ورغم أن السلطات السويدية أسقطت ملاحقته العام الماضي، إلا أن السلطات البريطانية تريد "
                            "اعتقاله لانتهاكه شروط الإفراج بكفالة."),
}
CHANGED_B = ("2018-04-18", "أعلنت القوات المسلحة المصرية، الأربعاء، القضاء على 12 مسلحا في غارة جوية بوسط سيناء.")


def _jsonl(path: Path, articles: dict[str, tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "date": d, "source": "ANT", "text": t}, ensure_ascii=False) + "\n"
                            for i, (d, t) in articles.items()), encoding="utf-8")
    return path


def _build(source: Path, out: Path, **kw):
    return build(source, out, recognizer="rules", views=False, progress=False, **kw)


def _subset(*ids: str, **changed) -> dict[str, tuple[str, str]]:
    return {i: changed.get(i.replace("-", "_"), NEWS[i]) for i in ids}


@pytest.mark.parametrize("before, after, prune, expected", [
    (("ant-a", "ant-b", "ant-c"), ("ant-a", "ant-b", "ant-c", "ant-d", "ant-e"), False,
     {"added": 2, "reused": 3, "changed": 0, "removed": 0, "kept": 0}),
    (("ant-a", "ant-b", "ant-c"), ("ant-a", "ant-b*", "ant-c"), False,
     {"added": 0, "reused": 2, "changed": 1, "removed": 0, "kept": 0}),
    (("ant-a", "ant-b", "ant-c", "ant-d"), ("ant-a", "ant-c"), True,
     {"added": 0, "reused": 2, "changed": 0, "removed": 2, "kept": 0}),
    (("ant-a", "ant-b", "ant-c", "ant-d"), ("ant-d", "ant-e"), False,
     {"added": 1, "reused": 1, "changed": 0, "removed": 0, "kept": 3}),
], ids=["add", "change", "remove", "keep"])
def test_an_update_writes_the_graph_of_a_full_build(tmp_path, before, after, prune, expected):
    def articles(ids):
        return {i.rstrip("*"): (CHANGED_B if i.endswith("*") else NEWS[i]) for i in ids}

    final = articles(after) if prune else articles(before) | articles(after)
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "before.jsonl", articles(before)), out)
    report = _build(_jsonl(tmp_path / "after.jsonl", articles(after)), out, prune=prune)
    full = tmp_path / "full"
    _build(_jsonl(tmp_path / "all.jsonl", dict(sorted(final.items(), reverse=True))), full)  # another order too

    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()
    assert {k: report.update[k] for k in expected} == expected
    assert report.update["analysed"] == expected["added"] + expected["changed"]
    assert report.articles_built == len(final)
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["update"] == report.update
    with store.AnalysisStore(out / store.STORE_FILE, readonly=True) as kept:
        assert sorted(kept.digests()) == sorted(final)


def test_unchanged_articles_are_not_analysed_again(tmp_path, monkeypatch):
    source = _jsonl(tmp_path / "news.jsonl", _subset("ant-a", "ant-b", "ant-c"))
    _build(source, tmp_path / "out")
    analysed = []
    from kg import stages

    real = stages.analyze_article
    monkeypatch.setattr(stages, "analyze_article", lambda a, r: analysed.append(a.id) or real(a, r))
    _jsonl(source, _subset("ant-a", "ant-b", "ant-c", "ant-d"))
    report = _build(source, tmp_path / "out")
    assert analysed == ["ant-d"]
    assert report.articles_read == 4 and report.articles_built == 4


def test_another_pipeline_version_analyses_everything_again(tmp_path, monkeypatch):
    source = _jsonl(tmp_path / "news.jsonl", _subset("ant-a", "ant-b"))
    _build(source, tmp_path / "out")
    first = (tmp_path / "out" / "graph.ttl").read_bytes()
    monkeypatch.setattr(store, "pipeline_version", lambda spec: "another-version")
    _jsonl(source, _subset("ant-a"))  # ant-b is kept: analysed again from its stored text
    report = _build(source, tmp_path / "out")
    assert report.update["reanalysed"] == 2 and report.update["reused"] == 0 and report.update["kept"] == 1
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == first


def test_the_dask_engine_updates_alike(tmp_path):
    pytest.importorskip("dask.bag")
    out, full = tmp_path / "out", tmp_path / "full"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a", "ant-b")), out, engine="dask", scheduler="synchronous")
    report = _build(_jsonl(tmp_path / "b.jsonl", _subset("ant-b", "ant-c", "ant-d")), out, engine="dask",
                    scheduler="synchronous")
    assert report.update["reused"] == 1 and report.update["added"] == 2 and report.update["kept"] == 1
    _build(_jsonl(tmp_path / "all.jsonl", _subset("ant-a", "ant-b", "ant-c", "ant-d")), full)
    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()


def _iris(graph: Path, kind: str) -> set[str]:
    import pyoxigraph as ox

    return {t.subject.value for t in ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE)
            if f"/id/{kind}/" in t.subject.value}


def test_entity_and_event_iris_stay_when_unrelated_articles_arrive(tmp_path):
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a", "ant-b")), out)
    entities, events = _iris(out / "graph.ttl", "entity"), _iris(out / "graph.ttl", "event")
    assert entities and events
    _build(_jsonl(tmp_path / "b.jsonl", _subset("ant-c", "ant-e")), out)
    assert entities <= _iris(out / "graph.ttl", "entity")
    assert events <= _iris(out / "graph.ttl", "event")


def test_a_killed_update_leaves_the_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a", "ant-b")), out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as Ctrl-C (or SIGTERM through the CLI) half way through writing

    monkeypatch.setattr(outputs.SortedTriples, "serialize", killed)
    with pytest.raises(KeyboardInterrupt):
        _build(_jsonl(tmp_path / "b.jsonl", _subset("ant-a", "ant-c")), out, prune=True)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "b.jsonl", "out"]  # no staging left
    monkeypatch.undo()
    report = _build(tmp_path / "b.jsonl", out)  # and the next update starts from it
    assert report.update["reused"] == 1 and report.update["added"] == 1


def test_an_output_without_a_store_is_built_in_full(tmp_path):
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a")), out)
    (out / store.STORE_FILE).unlink()  # an output of an earlier Hadath
    report = _build(tmp_path / "a.jsonl", out)
    assert not report.update and any("no analysis store" in w for w in report.warnings)
    assert (out / store.STORE_FILE).is_file()


def test_a_damaged_store_is_said_and_everything_analysed(tmp_path):
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a")), out)
    (out / store.STORE_FILE).write_bytes(b"not sqlite at all" * 100)
    report = _build(tmp_path / "a.jsonl", out)
    assert report.articles_built == 1 and any("not a readable analysis store" in w for w in report.warnings)


def test_a_small_update_runs_in_this_process(tmp_path):
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a", "ant-b")), out, workers=2)
    report = _build(_jsonl(tmp_path / "b.jsonl", _subset("ant-a", "ant-b", "ant-c")), out, workers=2)
    assert report.workers == 1 and report.update["added"] == 1  # one article: not worth starting two workers


def test_fresh_ignores_the_earlier_build(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a", "ant-b")), out)
    analysed = []
    from kg import stages

    real = stages.analyze_article
    monkeypatch.setattr(stages, "analyze_article", lambda a, r: analysed.append(a.id) or real(a, r))
    report = _build(_jsonl(tmp_path / "b.jsonl", _subset("ant-b", "ant-c")), out, fresh=True)
    assert analysed == ["ant-b", "ant-c"] and not report.update and report.articles_built == 2
    _build(tmp_path / "b.jsonl", tmp_path / "full")
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()


def test_an_update_killed_with_sigkill_leaves_the_previous_output_readable(tmp_path):
    """kill -9 while the update writes its staging folder: the output and its store are the previous
    ones, readable, and the next build removes what the killed one left."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    out = tmp_path / "out"
    _build(_jsonl(tmp_path / "a.jsonl", _subset("ant-a", "ant-b")), out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    many = {f"late-{i:03d}": NEWS["ant-c"] for i in range(300)}  # long enough to be caught half way
    source = _jsonl(tmp_path / "b.jsonl", _subset("ant-a") | many)
    child = subprocess.Popen([sys.executable, "-m", "kg", "build", str(source), "-o", str(out), "--ner", "rules",
                              "--no-views", "-q"], cwd=ROOT, env={**os.environ, "CI": "1"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        staging = []
        while time.monotonic() < deadline and child.poll() is None:
            staging = [p for p in tmp_path.glob(".out.building-*") if (p / store.STORE_FILE).is_file()]
            if staging:
                break
            time.sleep(0.05)
        assert staging, "the update ended before it could be killed"
        time.sleep(0.5)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    with store.AnalysisStore(out / store.STORE_FILE, readonly=True) as kept:
        assert sorted(kept.digests()) == ["ant-a", "ant-b"]
    report = _build(source, out, prune=True)
    assert report.update["reused"] == 1 and report.update["added"] == 300 and report.update["removed"] == 1
    assert not list(tmp_path.glob(".out.building-*"))
