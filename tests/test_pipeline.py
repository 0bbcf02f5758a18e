"""kg build end to end on the sample articles: the files, the graph contract, bad input."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.validate import validate
from kg.graph.vocab import GAF, NIF, SDO
from kg.pipeline import ARTICLE_STAGES, BuildError, build, check_stages
from tests.conftest import ROOT, SEEDS, seed_text


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-build") / "out"
    report = build(SEEDS, out, progress=False)
    assert report.articles_built == 5 and not report.problems
    return out


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> rdflib.Graph:
    return rdflib.Graph().parse(seed_build / "graph.ttl")


def test_build_writes_every_output(seed_build):
    for name in ("graph.ttl", "graph.html", "timeline.html", "report.json", "ontology/hadath.ttl", "ontology/shapes.ttl"):
        assert (seed_build / name).is_file(), name
    report = json.loads((seed_build / "report.json").read_text(encoding="utf-8"))
    assert report["articles_built"] == 5 and report["counts"]["entities"] > 40 and report["counts"]["events"] > 30
    assert set(report["seconds"]) >= {"analyze", "resolve", "graph"}


def test_rdflib_and_oxigraph_read_the_same_graph(seed_build, seed_graph):
    store = ox.Store()
    store.load(path=str(seed_build / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(seed_graph) > 3000


def test_the_five_articles_are_news_articles(seed_graph):
    docs = set(seed_graph.subjects(RDF.type, SDO.NewsArticle))
    ids = sorted(str(seed_graph.value(d, SDO.identifier)) for d in docs)
    assert [i[:3] for i in ids] == ["000", "001", "002", "003", "004"]
    for d in docs:
        assert (d, RDF.type, NIF.Context) in seed_graph
        stem = str(seed_graph.value(d, SDO.identifier))
        assert str(seed_graph.value(d, NIF.isString)) == (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


def test_graph_conforms_to_the_shapes(seed_build):
    result = validate(seed_build / "graph.ttl")
    assert result.conforms, result.summary()


def test_every_span_anchor_is_the_text_between_its_offsets(seed_graph):
    texts = {d: str(t) for d, t in seed_graph.subject_objects(NIF.isString)}
    spans = set(seed_graph.subjects(RDF.type, NIF.OffsetBasedString))
    assert len(spans) > 300
    for span in spans:
        text = texts[seed_graph.value(span, NIF.referenceContext)]
        begin, end = int(seed_graph.value(span, NIF.beginIndex)), int(seed_graph.value(span, NIF.endIndex))
        assert text[begin:end] == str(seed_graph.value(span, NIF.anchorOf)), span
        assert str(span).endswith(f"#char={begin},{end}")
    # and every node that claims provenance points at such spans
    assert all(o in spans for o in seed_graph.objects(None, GAF.denotedBy))


@pytest.mark.parametrize("name", ["graph.html", "timeline.html"])
def test_views_reference_nothing_remote(seed_build, name):
    html = (seed_build / name).read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert "<link" not in html.lower() or "stylesheet" not in html.lower()


def test_a_folder_with_bad_files_builds_the_good_article(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_text(seed_text("004"), encoding="utf-8")
    (source / "broken.txt").write_bytes(b"\xd8\xad\xd9\x84\xd8\xa8 \xff\xfe")
    (source / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1, result.output  # built, but something was skipped
    assert "broken.txt: not UTF-8 (byte 0xff at offset 7); skipped" in result.output
    assert "empty.txt: empty file; skipped" in result.output
    graph = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    assert [str(i) for i in graph.objects(None, SDO.identifier)] == ["good"]


def test_nothing_buildable_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous build\n", encoding="utf-8")
    (out / ".hadath-build").write_text("", encoding="utf-8")  # kg.outdir.MARKER: a build wrote it
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(BuildError, match="no article could be built"):
        build(tmp_path / "in", out, progress=False)
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# previous build\n"


def test_an_article_without_a_date_is_built_with_a_warning(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(next(SEEDS.glob("003_*.txt")), tmp_path / "in" / "undated.txt")
    report = build(tmp_path / "in", tmp_path / "out", progress=False, views=False)
    assert report.articles_built == 1
    assert any("no publication date" in w for w in report.warnings)


def test_stage_order_is_checked():
    check_stages(ARTICLE_STAGES, ("article", "recognizer"))
    with pytest.raises(RuntimeError, match="reads"):
        check_stages(reversed(ARTICLE_STAGES), ("article", "recognizer"))


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert commands and all(f"kg {name}" in readme for name in commands), commands
    assert "kg ner train" in readme


@pytest.mark.parametrize("args, message", [
    (["--ner", "crf:/nonexistent/model.crfsuite"], "--ner crf:/nonexistent/model.crfsuite: CRF model"),
    (["--ner", "spacy"], "unknown recognizer 'spacy'"),
])
def test_a_bad_recognizer_is_one_line_not_a_traceback(tmp_path, args, message):
    result = CliRunner().invoke(app, ["build", str(SEEDS), "-o", str(tmp_path / "out"), "--quiet", *args])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_nothing_buildable_is_one_line_through_the_cli(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2 and "no article could be built" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_records_resolution_and_writing_never_read_change_nothing(seed_build, tmp_path):
    """The build reads time expressions and numbers back from the store uncounted-but-not-decoded,
    and drops sentences before writing (memory): the graph and the counts are those of the whole
    analyses resolved and written as they are."""
    from kg import engines, outputs, pipeline
    from kg.graph.build import corpus_triples
    from kg.store import STORE_FILE, AnalysisStore

    report = pipeline.BuildReport(str(SEEDS))
    analyses = engines.run_local(SEEDS, "combined", report, engines.EngineOptions())
    outputs.SortedTriples.of(corpus_triples(pipeline.resolve_corpus(analyses))).serialize(tmp_path / "whole.ttl")
    assert (tmp_path / "whole.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()
    said = json.loads((seed_build / "report.json").read_text(encoding="utf-8"))
    counts = said["counts"]
    assert set(said["peak_mb"]) == {"analyze", "resolve", "graph", "views"}
    assert 0 < said["peak_mb"]["analyze"] <= said["peak_mb"]["resolve"] <= said["peak_mb"]["views"]
    assert counts["time_expressions"] == sum(len(a.times) for a in analyses.values()) > 0
    assert counts["numbers"] == sum(len(a.numbers) for a in analyses.values()) > 0
    assert counts["sentences"] == sum(len(a.sentences) for a in analyses.values()) > 0
    with AnalysisStore(seed_build / STORE_FILE, readonly=True) as stored:  # the store itself keeps everything
        assert {a.article.id: a for a in stored.analyses()} == analyses
