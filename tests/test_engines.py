"""kg.engines: the registry, streaming with bounded work in flight, JSONL partitions read like
read_corpus reads the file, the fast graph writer, --store, and views of a large graph."""
from __future__ import annotations

import itertools
import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from kg import engines, outputs, pipeline, stages
from kg.corpus import read_corpus
from kg.engines import (
    ENGINES,
    EngineOptions,
    Partition,
    UnknownEngine,
    get_engine,
    plan_partitions,
)
from kg.model import Article, ArticleAnalysis
from kg.pipeline import BuildReport
from tests.conftest import SEEDS

# ---- the registry -----------------------------------------------------------------------------


def test_registry_names_the_engines():
    assert set(ENGINES) == {"local", "dask"}
    assert get_engine("local") is engines.run_local
    assert get_engine("dask") is engines.run_dask


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(UnknownEngine, match="unknown engine 'spark'; choose one of: dask, local"):
        get_engine("spark")


def test_unknown_dask_scheduler_is_a_clear_error(tmp_path):
    with pytest.raises(UnknownEngine, match="unknown dask scheduler 'yarn'"):
        engines.run_dask(SEEDS, "rules", BuildReport("x"), EngineOptions(scheduler="yarn"))


def test_cli_refuses_an_unknown_engine(tmp_path):
    run = subprocess.run([sys.executable, "-c", "from kg.cli import app; app()", "build", str(SEEDS),
                          "-o", str(tmp_path / "out"), "--engine", "spark", "-q"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "unknown engine 'spark'" in run.stderr
    assert not (tmp_path / "out").exists()


# ---- a fake analysis, to test the plumbing without the extraction stages ----------------------


def _fake_analysis(article: Article, recognizer) -> ArticleAnalysis:
    if "BOOM" in article.text:
        raise pipeline.StageFailed(article, "events", ValueError("boom"))
    warnings = () if article.published else (f"{article.origin}: no publication date",)
    return ArticleAnalysis(article=article, warnings=warnings)


needs_fork = pytest.mark.skipif(multiprocessing.get_all_start_methods()[0] != "fork",
                                reason="the fake stages reach worker processes only through fork")


@pytest.fixture
def fake_stages(monkeypatch):
    """analyze_article and the recognizer factory replaced in this process (and in forked workers)."""
    monkeypatch.setattr(stages, "analyze_article", _fake_analysis)
    monkeypatch.setattr(stages, "get_recognizer", lambda spec: object())
    monkeypatch.setattr(stages, "_WORKER_SPEC", None)
    monkeypatch.setattr(stages, "_WORKER_RECOGNIZER", None)


def _messy_jsonl(path: Path) -> Path:
    """Every kind of line read_corpus reports, and duplicate ids far apart and close together."""
    good = lambda i, **kw: json.dumps({"id": f"a{i:03d}", "text": f"نص الخبر رقم {i} " * 20,
                                       "date": "2018-03-01", "source": "test", **kw}, ensure_ascii=False)
    lines = []
    for i in range(60):
        lines.append(good(i))
        if i == 5:
            lines.append(b"\xff\xfe not utf-8".decode("latin-1"))  # written as bytes below
        if i == 9:
            lines.append("{not json")
        if i == 12:
            lines.append("[1, 2]")
            lines.append('{"id": "lone", "text": "\\ud800 نص"}')  # an escaped lone surrogate
        if i == 20:
            lines.append(json.dumps({"id": "empty", "text": "  "}))
        if i == 25:
            lines.append(good(3))  # a duplicate of an earlier partition
        if i == 30:
            lines.append(good(30, date="yesterday"))  # duplicate with a bad date: only the duplicate is said
        if i == 33:
            lines.append(good(1000, date="03/2018"))
        if i == 40:
            lines.append("")
            lines.append(json.dumps({"text": "بلا معرف " * 10}, ensure_ascii=False))  # id from the file name and line
        if i == 44:
            lines.append(json.dumps({"id": "big", "text": "x" * 5000}))  # over max_bytes below
        if i == 50:
            lines.append(good(1050, text="BOOM " * 10))  # a stage failure
    data = b"".join((line.encode("latin-1") if line.startswith("\xff") else line.encode("utf-8")) + b"\n"
                    for line in lines)
    path.write_bytes(data + good(999).encode("utf-8"))  # the last line without a newline
    return path


@pytest.mark.parametrize("partition_bytes", [1, 700, 5000, 10 ** 9])
def test_partitions_cover_the_file_at_line_boundaries(tmp_path, partition_bytes):
    path = _messy_jsonl(tmp_path / "news.jsonl")
    data = path.read_bytes()
    parts = plan_partitions(path, partition_bytes=partition_bytes)
    assert parts[0].start == 0 and parts[-1].end == len(data)
    for a, b in itertools.pairwise(parts):
        assert a.end == b.start and data[a.end - 1:a.end] == b"\n"
    for p in parts:
        assert p.first_line == data[:p.start].count(b"\n") + 1
    if partition_bytes == 1:
        assert len(parts) == data.count(b"\n") + 1  # one line each


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_reports_what_local_reports(tmp_path, fake_stages, scheduler):
    """Same articles, same problems in the same order (duplicates across partitions included)."""
    path = _messy_jsonl(tmp_path / "news.jsonl")
    local, dask = BuildReport(str(path)), BuildReport(str(path))
    a = engines.run_local(path, "fake", local, EngineOptions(max_bytes=4000))
    b = engines.run_dask(path, "fake", dask, EngineOptions(max_bytes=4000, scheduler=scheduler, workers=2,
                                                            partition_bytes=900))
    assert len(plan_partitions(path, partition_bytes=900)) > 10
    assert list(a) == list(b) and a == b
    assert local.problems == dask.problems
    assert local.warnings == dask.warnings
    assert (local.articles_read, local.articles_built) == (dask.articles_read, dask.articles_built)
    problems = "\n".join(local.problems)
    for expected in ("not UTF-8", "malformed JSON", "a JSON object was expected", "no 'text'", "surrogate",
                     "duplicate id 'a003'", "duplicate id 'a030'", "'date' is not a date",
                     "internal error in stage 'events'", "line longer than the limit"):
        assert expected in problems
    assert "yesterday" not in problems  # a skipped duplicate reports nothing else
    number = next(i for i, line in enumerate(path.read_bytes().split(b"\n"), 1) if "بلا".encode() in line)
    assert f"news-{number}" in a  # an id made from the file name and the line number


def test_dask_on_a_folder_reads_it_here_in_batches(fake_stages):
    local, dask = BuildReport("seeds"), BuildReport("seeds")
    a = engines.run_local(SEEDS, "fake", local, EngineOptions())
    b = engines.run_dask(SEEDS, "fake", dask, EngineOptions(scheduler="synchronous"))
    assert a == b and local.problems == dask.problems and len(a) == len(list(SEEDS.glob("*.txt")))


def test_dask_reads_several_sources_as_local_does(tmp_path, fake_stages):
    """A plain JSONL (byte ranges), a .jsonl.gz (read here) and a folder, with ids repeated across them."""
    import gzip

    path = _messy_jsonl(tmp_path / "news.jsonl")
    lines = path.read_bytes().split(b"\n")
    (tmp_path / "more.jsonl.gz").write_bytes(gzip.compress(b"\n".join(lines[:3] + lines[-4:])))
    sources = [path, tmp_path / "more.jsonl.gz", SEEDS]
    local, dask = BuildReport("x"), BuildReport("x")
    a = engines.run_local(sources, "fake", local, EngineOptions(max_bytes=4000))
    b = engines.run_dask(sources, "fake", dask, EngineOptions(max_bytes=4000, scheduler="synchronous",
                                                               partition_bytes=900))
    assert list(a) == list(b) and a == b and len(a) > 60
    assert local.problems == dask.problems
    assert sum("more.jsonl.gz" in p and "duplicate id" in p for p in local.problems) >= 3
    assert (local.articles_read, local.articles_built) == (dask.articles_read, dask.articles_built)


@needs_fork
def test_local_engine_streams_with_bounded_work_in_flight(fake_stages):
    """The pool never reads far ahead of the results (ProcessPoolExecutor.map would read it all)."""
    pulled = 0

    def articles():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield Article(id=f"a{i:06d}", text="نص " * 50, origin=f"gen:{i}")

    outcomes = engines._pooled(articles(), "fake", 2, 4)
    try:
        seen = [next(outcomes) for _ in range(200)]
        assert [o.article.id for o in seen] == [f"a{i:06d}" for i in range(200)]  # input order
        window = 2 * engines.IN_FLIGHT_PER_WORKER * 4
        assert pulled <= 200 + window + 4
    finally:
        outcomes.close()


@needs_fork
def test_analyze_corpus_keeps_its_signature(fake_stages):
    report = BuildReport("seeds")
    result = pipeline.analyze_corpus(read_corpus(SEEDS), "fake", report, 2, False)
    assert sorted(result) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert report.articles_read == report.articles_built == len(result)


def test_worker_builds_its_recognizer_once(monkeypatch):
    built = []
    monkeypatch.setattr(stages, "get_recognizer", lambda spec: built.append(spec) or object())
    monkeypatch.setattr(stages, "_WORKER_SPEC", None)
    monkeypatch.setattr(stages, "_WORKER_RECOGNIZER", None)
    for _ in range(3):
        stages.init_worker("rules")
    stages.init_worker("crf:x")
    assert built == ["rules", "crf:x"]


# ---- the real pipeline on the seeds -----------------------------------------------------------


@pytest.fixture(scope="session")
def seeds_corpus():
    report = BuildReport(str(SEEDS))
    analyses = engines.run_local(SEEDS, "rules", report, EngineOptions())
    return pipeline.resolve_corpus(analyses)


def test_fast_writer_writes_the_reference_bytes(seeds_corpus, tmp_path):
    from kg.graph.build import corpus_triples
    from kg.graph.write import serialize, sorted_unique

    serialize(sorted_unique(corpus_triples(seeds_corpus)), tmp_path / "reference.ttl")
    graph = outputs.SortedTriples.of(corpus_triples(seeds_corpus))
    graph.serialize(tmp_path / "fast.ttl")
    assert (tmp_path / "fast.ttl").read_bytes() == (tmp_path / "reference.ttl").read_bytes()
    assert len(graph) == len(sorted_unique(corpus_triples(seeds_corpus))) > 100


@pytest.mark.parametrize("run_keys", [1, 37, 500, 10 ** 6])
def test_streamed_writer_in_sorted_runs_writes_the_same_bytes(seeds_corpus, tmp_path, run_keys):
    """Past ``run_keys`` triples the sort goes to run files merged from disk: same bytes, same keys,
    the runs in a temporary folder under the one given, removed by close()."""
    from kg.graph.build import corpus_triples

    whole = outputs.SortedTriples.of(corpus_triples(seeds_corpus))
    whole.serialize(tmp_path / "whole.ttl")
    (tmp_path / "runs").mkdir()
    with outputs.SortedTriples.of(corpus_triples(seeds_corpus), run_keys=run_keys, folder=tmp_path / "runs") as runs:
        assert runs.spilled == (run_keys < len(whole))
        runs.serialize(tmp_path / "runs.ttl")
        assert len(runs) == len(whole) and list(runs.keys) == whole.keys  # every pass reads the same
        assert list(runs.keys) == whole.keys
        sample = outputs.view_sample(seeds_corpus, runs, max_entities=5, max_events=4, max_figures=2, evidence=1)
        assert sample == outputs.view_sample(seeds_corpus, whole, max_entities=5, max_events=4, max_figures=2,
                                             evidence=1)
    assert (tmp_path / "runs.ttl").read_bytes() == (tmp_path / "whole.ttl").read_bytes()
    assert list((tmp_path / "runs").iterdir()) == []


def test_a_build_writing_in_runs_is_the_same_and_leaves_no_runs(tmp_path, monkeypatch):
    pipeline.build(SEEDS, tmp_path / "whole", workers=1, progress=False, views=False)
    monkeypatch.setattr(outputs, "RUN_KEYS", 100)
    made = []
    real = outputs.SortedTriples.of.__func__
    monkeypatch.setattr(outputs.SortedTriples, "of", classmethod(lambda cls, *a, **kw: made.append(real(cls, *a, **kw))
                                                                 or made[-1]))
    pipeline.build(SEEDS, tmp_path / "runs", workers=1, progress=False, views=False)
    assert [graph.spilled for graph in made] == [True]
    assert (tmp_path / "runs" / "graph.ttl").read_bytes() == (tmp_path / "whole" / "graph.ttl").read_bytes()
    assert not [p for p in (tmp_path / "runs").rglob("*") if "kg-triples" in p.name]


def test_workers_2_equals_workers_1_byte_for_byte(tmp_path):
    one = pipeline.build(SEEDS, tmp_path / "one", workers=1, progress=False)
    two = pipeline.build(SEEDS, tmp_path / "two", workers=2, progress=False)
    for name in ("graph.ttl", "graph.html", "timeline.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert one.counts == two.counts and one.problems == two.problems and one.warnings == two.warnings
    assert set(one.seconds) >= {"analyze", "resolve", "graph", "views"}


def test_store_folder_opens_in_kg_query(tmp_path):
    from kg.query import is_oxigraph_store, run_query

    report = pipeline.build(SEEDS, tmp_path / "out", store=tmp_path / "store", views=False, progress=False)
    assert is_oxigraph_store(tmp_path / "store") and "store" in report.seconds
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    from_store = run_query([tmp_path / "store"], count).rows[0][0].value
    from_file = run_query([tmp_path / "out" / "graph.ttl"], count).rows[0][0].value
    assert int(from_store) == int(from_file) == report.counts["triples"]
    # built again: the store is replaced, not added to
    pipeline.build(SEEDS, tmp_path / "out", store=tmp_path / "store", views=False, progress=False)
    assert int(run_query([tmp_path / "store"], count).rows[0][0].value) == int(from_file)
    run = subprocess.run([sys.executable, "-c", "from kg.cli import app; app()", "query", str(tmp_path / "store"),
                          "ASK { ?e a hd:Event }", "--format", "json"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_store_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(OSError, match="not an Oxigraph store; refusing"):
        pipeline.build(SEEDS, tmp_path / "out", store=precious, views=False, progress=False)
    with pytest.raises(OSError, match="outside the output folder"):
        pipeline.build(SEEDS, tmp_path / "out", store=tmp_path / "out" / "store", views=False, progress=False)
    assert (precious / "notes.txt").read_text() == "keep me"


def test_views_of_a_large_graph_show_a_stated_sample(seeds_corpus, tmp_path, monkeypatch):
    from kg.graph.build import corpus_triples
    from kg.views.common import read_view_data

    graph = outputs.SortedTriples.of(corpus_triples(seeds_corpus))
    sample = outputs.view_sample(seeds_corpus, graph, max_entities=5, max_events=4, max_figures=2, evidence=1)
    data = read_view_data(graph.rdflib(sample.keys))
    kinds = [it.kind for it in data.items]
    assert kinds.count("event") == sample.events <= 4
    assert kinds.count("figure") == sample.figures <= 2
    assert 0 < kinds.count("entity") == sample.entities <= 5 + sample.figures
    assert all(len(it.spans) <= 1 for it in data.items)
    assert all(t in set(graph.keys) for t in sample.keys)

    monkeypatch.setattr(outputs, "VIEW_FULL_MAX_NODES", 10)
    report = pipeline.build(SEEDS, tmp_path / "out", progress=False)
    (said,) = [w for w in report.warnings if w.startswith("views:")]
    assert "graph.ttl holds everything" in said
    assert report.counts["views.entities"] <= outputs.VIEW_MAX_ENTITIES
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<script" in page and (tmp_path / "out" / "timeline.html").is_file()


def test_partition_dataclass_is_small_to_ship():
    import pickle

    assert len(pickle.dumps(Partition("/data/news.jsonl", 0, 1 << 30, 1))) < 200


def test_turtle_chunks_are_whole_statements(seeds_corpus, tmp_path):
    """The store loader's pieces of graph.ttl parse alone, and together hold exactly its triples."""
    import pyoxigraph as ox

    from kg.graph.build import corpus_triples

    path = tmp_path / "graph.ttl"
    outputs.SortedTriples.of(corpus_triples(seeds_corpus)).serialize(path)
    chunks = list(outputs.turtle_chunks(path, 2000))
    assert len(chunks) > 10
    assert all(c.startswith(b"@prefix") for c in chunks)
    pieces = [set(ox.parse(input=c, format=ox.RdfFormat.TURTLE)) for c in chunks]
    assert set().union(*pieces) == set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert sum(map(len, pieces)) == len(set().union(*pieces))  # no statement cut in two


def test_unreachable_scheduler_is_one_clear_line(tmp_path):
    pytest.importorskip("distributed")
    from kg.engines import EngineError

    with pytest.raises(EngineError, match=r"dask scheduler tcp://127\.0\.0\.1:9: cannot connect"):
        engines.run_dask(SEEDS, "rules", BuildReport("x"), EngineOptions(scheduler="tcp://127.0.0.1:9"))


def test_engines_and_stages_do_not_import_the_pipeline():
    """The stage table and worker state sit below both kg.pipeline and kg.engines: no import cycle."""
    import ast

    for module in (engines, stages):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "kg.pipeline" not in imported, module.__name__
