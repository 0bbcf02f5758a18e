"""kg.export: RDF formats round-trip (rdflib, pyoxigraph, Apache Jena when present); GraphML for Gephi."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.export import ExportSummary, export
from kg.graph.vocab import PREFIXES
from kg.query import QueryError, SourceError

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini_graph.ttl"
FIXTURE_TRIPLES = 264
RDF_FORMATS = {"turtle": ("ttl", "turtle"), "ntriples": ("nt", "nt"), "nquads": ("nq", "nquads"),
               "jsonld": ("jsonld", "json-ld")}
HDR = PREFIXES["hdr"]
# rdflib 7.6's own N-Quads and JSON-LD plugins call its deprecated Dataset API.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


def _rdflib(path: Path, rdflib_format: str) -> rdflib.Graph:
    if rdflib_format == "nquads":
        dataset = rdflib.Dataset()
        dataset.parse(path, format="nquads")
        graph = rdflib.Graph()
        for s, p, o, _ in dataset.quads():
            graph.add((s, p, o))
        return graph
    return rdflib.Graph().parse(path, format=rdflib_format)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    paths = {}
    for fmt, (ext, _) in {**RDF_FORMATS, "graphml": ("graphml", None)}.items():
        paths[fmt] = out / f"graph.{ext}"
        summary = export(FIXTURE, paths[fmt], fmt)
        assert isinstance(summary, ExportSummary) and summary.path == paths[fmt]
    return paths


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_round_trip(exported, fmt):
    path = exported[fmt]
    assert len(list(ox.parse(path=str(path)))) == FIXTURE_TRIPLES
    back = _rdflib(path, RDF_FORMATS[fmt][1])
    assert len(back) == FIXTURE_TRIPLES
    assert isomorphic(back, rdflib.Graph().parse(FIXTURE))  # same triples, datatypes and all


def test_offsets_keep_their_datatype(exported):
    text = exported["ntriples"].read_text(encoding="utf-8")
    assert text.count("XMLSchema#nonNegativeInteger>") == 36  # 18 spans x begin/end
    assert "XMLSchema#integer>" not in text


def test_jsonld_is_compact_with_the_hadath_context(exported):
    text = exported["jsonld"].read_text(encoding="utf-8")
    assert '"hd": "https://w3id.org/hadath/ontology#"' in text
    assert '"hd:Killing"' in text and "حلب" in text


def test_summary_counts(tmp_path):
    assert str(export(FIXTURE, tmp_path / "g.nt", "nt")).endswith(f"{FIXTURE_TRIPLES} triples")
    assert export(FIXTURE, tmp_path / "g.graphml", "graphml").nodes == 14


# --------------------------------------------------------------------------- GraphML


def _expected_network() -> tuple[int, int]:
    """Node and edge counts computed with rdflib, independently of kg.export."""
    g = rdflib.Graph().parse(FIXTURE)
    ns = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
    nodes = {row[0] for row in g.query(ns + """SELECT ?n WHERE { { ?n a/rdfs:subClassOf* ?c }
        VALUES ?c { hd:Person hd:Organization hd:Place hd:Event sem:Actor sem:Place sem:Event } }""")}
    edges = set(g.query(ns + """SELECT ?s ?p ?o WHERE {
        VALUES ?p { hd:agent hd:target hd:speaker sem:hasPlace hd:partOf sem:hasActor } ?s ?p ?o
        FILTER(?p != sem:hasActor || NOT EXISTS { VALUES ?r { hd:agent hd:target hd:speaker } ?s ?r ?o }) }"""))
    return len(nodes), len(edges)


def test_graphml_reads_back_with_the_same_counts(exported):
    network = nx.read_graphml(exported["graphml"])
    assert (network.number_of_nodes(), network.number_of_edges()) == _expected_network() == (14, 10)


def test_graphml_attributes(exported):
    network = nx.read_graphml(exported["graphml"])
    aleppo = network.nodes[HDR + "entity/aleppo"]
    assert aleppo["label"] == aleppo["label_ar"] == "حلب" and aleppo["label_en"] == "Aleppo"
    assert (aleppo["kind"], aleppo["type"], aleppo["mentions"]) == ("entity", "City", 2)
    assert (aleppo["latitude"], aleppo["longitude"]) == (36.20124, 37.16117)
    killing = network.nodes[HDR + "event/003-killing-1"]
    assert (killing["kind"], killing["type"], killing["date"]) == ("event", "Killing", "2016-12-12")
    flight = network.nodes[HDR + "event/002-displacement-1"]
    assert (flight["date_earliest"], flight["date_latest"]) == ("2016-12-10", "2016-12-11")
    assert network.nodes[HDR + "entity/syrian-army"]["type"] == "ArmedForce"
    edges = network.get_edge_data(HDR + "event/003-killing-1", HDR + "entity/syrian-army")
    assert edges["property"] == "hd:agent" and edges["label"] == "agent"  # sem:hasActor folded into the role
    assert network.get_edge_data(HDR + "entity/al-firdaws", HDR + "entity/aleppo")["property"] == "hd:partOf"


# --------------------------------------------------------------------------- errors and sources


def test_unknown_format(tmp_path):
    with pytest.raises(QueryError, match="unknown export format 'csv'"):
        export(FIXTURE, tmp_path / "g.csv", "csv")


def test_bad_source_leaves_no_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"bad.ttl: line 3"):
        export(bad, tmp_path / "out" / "g.nt", "ntriples")
    assert list((tmp_path / "out").iterdir()) == []


def test_named_graphs_need_a_quad_format(tmp_path):
    quads = tmp_path / "g.nq"
    quads.write_text("<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n")
    with pytest.raises(QueryError, match="named graphs"):
        export(quads, tmp_path / "g.ttl", "turtle")
    assert export(quads, tmp_path / "copy.nq", "nquads").triples == 1
    assert len(rdflib.Dataset().parse(export(quads, tmp_path / "g.jsonld", "jsonld").path, format="json-ld")) == 1


def test_from_a_build_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(FIXTURE, out / "graph.ttl")
    assert export(out, tmp_path / "g.nt", "ntriples").triples == FIXTURE_TRIPLES


# --------------------------------------------------------------------------- an independent parser: Jena


def _jena_classpath(workdir: Path) -> str | None:
    """Debian's libapache-jena-java 4.5, made to start: its jena-core.jar keeps the shaded Xerces
    message files under org/apache/jena/ext/xerces/ while the classes look for them under xerces/,
    so XSD datatypes fail to initialise ("internal error"); copying them fixes it. The SLF4J
    bindings that clash (log4j12 with log4j-over-slf4j, and others) are left out."""
    java_dir = Path("/usr/share/java")
    core = java_dir / "jena-core.jar"
    if not core.is_file() or shutil.which("java") is None:
        return None
    fix = workdir / "jena-fix"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = fix / name.replace("org/apache/jena/ext/xerces/", "xerces/", 1)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    clash = re.compile(r"slf4j-(log4j12|jdk14|simple|nop|jcl)|log4j-over-slf4j|jcl-over-slf4j")
    jars = [str(j) for j in sorted(java_dir.glob("*.jar")) if not clash.search(j.name)]
    return os.pathsep.join([str(fix), *jars])


def test_jena_riot_reads_fixture_and_exports(exported, tmp_path):
    classpath = _jena_classpath(tmp_path)
    if classpath is None:
        pytest.skip("Apache Jena (Debian libapache-jena-java) and java not installed")
    files = [FIXTURE, exported["turtle"], exported["ntriples"], exported["nquads"]]
    run = subprocess.run(["java", "-cp", classpath, "riotcmd.riot", "--count", *map(str, files)],
                         capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    counts = re.findall(r"(?:Triples|Quads) = (\d+)", output)
    assert counts == [str(FIXTURE_TRIPLES)] * len(files), output
    assert "ERROR" not in output
