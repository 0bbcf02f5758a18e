"""kg.query: loading, SPARQL with the Hadath prefixes, formats, errors, limits; and the fixture."""
from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.graph.vocab import PREFIXES
from kg.query import (QueryError, QueryResult, QuerySyntaxError, QueryTimeout, ResultTooLarge, ServerBusy,
                      SourceError, UpdateRefused, execute, format_result, load_store, run_query, shorten)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "mini_graph.ttl"
SEEDS = ROOT / "seeds"
FIXTURE_TRIPLES = 264

SELECT = """SELECT ?event ?label ?date ?place WHERE {
  ?event a hd:Event ; skos:prefLabel ?label ; sem:hasPlace ?place .
  OPTIONAL { ?event sem:hasTimeStamp ?date }
  FILTER(lang(?label) = "ar")
} ORDER BY ?event"""
ASK = "ASK { ?e a hd:Killing ; sem:hasPlace/skos:prefLabel \"حلب\"@ar }"
CONSTRUCT = "CONSTRUCT { ?e sem:hasActor ?a } WHERE { ?e sem:hasActor ?a }"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store([FIXTURE])


# --------------------------------------------------------------------------- the fixture itself


def test_fixture_spans_are_exact(store):
    rows = list(store.query(
        "SELECT ?span ?anchor ?b ?e ?text WHERE { ?span a nif:OffsetBasedString ; nif:anchorOf ?anchor ; "
        "nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext/nif:isString ?text }", prefixes=PREFIXES))
    assert len(rows) == 18
    for span, anchor, begin, end, text in rows:
        b, e = int(begin.value), int(end.value)
        assert text.value[b:e] == anchor.value, span
        assert span.value.endswith(f"#char={b},{e}")


def test_fixture_texts_are_the_seed_files(store):
    for doc, stem, text in store.query("SELECT ?d ?id ?t WHERE { ?d a schema:NewsArticle, nif:Context ; "
                                       "schema:identifier ?id ; nif:isString ?t }", prefixes=PREFIXES):
        assert doc.value == PREFIXES["hdr"] + "doc/" + stem.value
        assert text.value == (SEEDS / f"{stem.value}.txt").read_text(encoding="utf-8")


def test_fixture_follows_the_contract(store):
    def ask(q: str) -> bool:
        return bool(store.query(q, prefixes=PREFIXES))

    assert not ask("ASK { ?e a hd:Killing FILTER NOT EXISTS { ?e a hd:Event, sem:Event } }")
    assert not ask("ASK { ?e hd:agent ?a FILTER NOT EXISTS { ?e sem:hasActor ?a } }")
    assert not ask("ASK { ?n gaf:denotedBy ?s FILTER NOT EXISTS { ?n prov:wasDerivedFrom ?d } }")
    assert not ask("ASK { ?f a hd:Figure FILTER NOT EXISTS { ?f hd:value ?v ; hd:measure ?m ; "
                   "prov:wasAttributedTo ?w ; schema:about ?e } }")
    assert ask("ASK { ?e sem:hasEarliestBeginTimeStamp ?b ; sem:hasLatestEndTimeStamp ?l }")


def test_fixture_parses_alike_in_rdflib_and_pyoxigraph():
    assert len(rdflib.Graph().parse(FIXTURE)) == len(list(ox.parse(path=str(FIXTURE)))) == FIXTURE_TRIPLES


# --------------------------------------------------------------------------- results and formats


@pytest.mark.parametrize("query, kind", [(SELECT, "select"), (ASK, "ask"), (CONSTRUCT, "graph")])
def test_kinds(query, kind):
    result = run_query([FIXTURE], query)
    assert result.kind == kind
    if kind == "select":
        assert result.variables == ("event", "label", "date", "place")
        assert len(result.rows) == 4
        dates = {row[0].value.rsplit("/", 1)[1]: row[2] for row in result.rows}
        assert dates["002-displacement-1"] is None  # only a range is known
        assert dates["003-killing-1"] == ox.Literal("2016-12-12", datatype=ox.NamedNode(PREFIXES["xsd"] + "date"))
    elif kind == "ask":
        assert result.boolean is True
    else:
        assert len(result.triples) == 3


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_select_formats(fmt):
    result = run_query([FIXTURE], SELECT)
    text = format_result(result, fmt)
    assert text.endswith("\n")
    if fmt == "table":
        assert "مقتل 60 شخصا في شرق حلب@ar" in text  # Arabic as is
        assert "<" + PREFIXES["hdr"] + "event/003-killing-1>" in text and "<" + PREFIXES["hdr"] + "entity/aleppo>" in text
        assert "2016-12-12" in text and "4 rows" in text
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == ["event", "label", "date", "place"]
        assert ["https://w3id.org/hadath/id/event/003-killing-1", "مقتل 60 شخصا في شرق حلب", "2016-12-12",
                "https://w3id.org/hadath/id/entity/aleppo"] in rows
        assert "\r\n" in text
    else:
        parsed = ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV if fmt == "tsv"
                                        else ox.QueryResultsFormat.JSON)
        assert [v.value for v in parsed.variables] == list(result.variables)
        assert [tuple(s) for s in parsed] == list(result.rows)
    if fmt == "json":
        assert "حلب" in text  # not \u-escaped


@pytest.mark.parametrize("fmt, expected", [("table", "true\n"), ("csv", "true\n"), ("tsv", "true\n"),
                                           ("json", None)])
def test_ask_formats(fmt, expected):
    text = format_result(run_query([FIXTURE], ASK), fmt)
    if expected:
        assert text == expected
    else:
        assert json.loads(text) == {"head": {}, "boolean": True}
        assert bool(ox.parse_query_results(text, format=ox.QueryResultsFormat.JSON)) is True


@pytest.mark.parametrize("fmt, rdf_format", [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                             ("json", ox.RdfFormat.JSON_LD), ("table", None)])
def test_construct_formats(fmt, rdf_format):
    result = run_query([FIXTURE], CONSTRUCT)
    text = format_result(result, fmt)
    if rdf_format is None:
        assert "sem:hasActor" in text and "<" + PREFIXES["hdr"] + "entity/syrian-army>" in text and "3 triples" in text
    else:
        assert {q.triple for q in ox.parse(text, format=rdf_format)} == set(result.triples)


@pytest.mark.parametrize("query, fmt", [(SELECT, "turtle"), (ASK, "ntriples"), (CONSTRUCT, "csv"),
                                        (SELECT, "rdfxml")])
def test_format_that_does_not_fit(query, fmt):
    with pytest.raises(QueryError, match="does not fit"):
        format_result(run_query([FIXTURE], query), fmt)


def test_table_cuts_long_values_and_keeps_one_line_per_row():
    text = format_result(run_query([FIXTURE], "SELECT ?t WHERE { ?d nif:isString ?t }"), "table")
    lines = text.splitlines()
    assert len(lines) == 5  # header, rule, 2 rows, caption
    assert all(len(line) < 120 for line in lines) and "…" in text


def test_table_iris_can_be_pasted_back_into_a_query(store):
    text = format_result(execute(store, "SELECT ?e ?c ?a WHERE { ?e a ?c ; hd:agent ?a }"), "table")
    rows = [line.split() for line in text.splitlines()[2:-1]]
    assert rows
    for event, cls, agent in rows:
        assert event.startswith("<") and ":" in cls and not cls.startswith("<")
        assert execute(store, f"ASK {{ {event} a {cls} ; hd:agent {agent} }}").boolean is True


def test_shorten():
    assert shorten(PREFIXES["hdr"] + "entity/aleppo") == "hdr:entity/aleppo"
    assert shorten(PREFIXES["hd"] + "Killing") == "hd:Killing"
    assert shorten("https://sws.geonames.org/170063/") == "https://sws.geonames.org/170063/"


# --------------------------------------------------------------------------- prefixes


def test_prefixes_need_no_declaration():
    result = run_query([FIXTURE], "SELECT ?p WHERE { ?p a hd:Person ; skos:prefLabel \"بان كي مون\"@ar }")
    assert [row[0].value for row in result.rows] == [PREFIXES["hdr"] + "entity/ban-ki-moon"]


def test_a_declared_prefix_wins_over_the_builtin_one():
    query = "PREFIX hd: <http://example.org/other#>\nSELECT ?x WHERE { BIND(hd:Killing AS ?x) }"
    assert run_query([FIXTURE], query).rows[0][0].value == "http://example.org/other#Killing"
    query = "PREFIX hd: <http://example.org/other#>\nASK { ?e a hd:Killing }"
    assert run_query([FIXTURE], query).boolean is False


def test_syntax_error_lines_are_the_users():
    with pytest.raises(QuerySyntaxError, match=r"error at 3:"):
        run_query([FIXTURE], "SELECT ?x\nWHERE {\n  ?x a ] .\n}")


def test_unknown_prefix_is_named():
    with pytest.raises(QuerySyntaxError, match=r"unknown prefix foo:"):
        run_query([FIXTURE], "SELECT ?x WHERE { ?x foo:bar ?y }")


# --------------------------------------------------------------------------- sources


def test_several_sources_and_formats(tmp_path):
    extra = tmp_path / "extra.nt"
    extra.write_text('<https://w3id.org/hadath/id/entity/aleppo> '
                     '<http://www.w3.org/2004/02/skos/core#altLabel> "حلب الشهباء"@ar .\n', encoding="utf-8")
    jsonld = tmp_path / "extra.jsonld"
    jsonld.write_text(json.dumps({"@id": PREFIXES["hdr"] + "entity/syria",
                                  PREFIXES["skos"] + "altLabel": {"@value": "سورية", "@language": "ar"}}),
                      encoding="utf-8")
    result = run_query([FIXTURE, extra, jsonld], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(result.rows[0][0].value) == FIXTURE_TRIPLES + 2


def test_build_output_folder_and_oxigraph_store(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(FIXTURE.read_bytes())
    assert run_query([out], ASK).boolean is True
    db = tmp_path / "db"
    writer = ox.Store(str(db))
    writer.load(path=str(FIXTURE))
    writer.flush()
    del writer
    assert run_query([db], ASK).boolean is True
    # An RDF merge: equal triples once, blank nodes (the two geometries) kept apart.
    no_blanks = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }"
    assert run_query([db, FIXTURE], no_blanks).rows == run_query([FIXTURE], no_blanks).rows
    assert run_query([db, FIXTURE], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value == str(
        FIXTURE_TRIPLES + 4)


# --------------------------------------------------------------------------- errors


def _one_line(err: pytest.ExceptionInfo) -> str:
    message = str(err.value)
    assert "\n" not in message
    return message


def test_missing_file():
    with pytest.raises(SourceError) as err:
        run_query([FIXTURE, Path("no/such/graph.ttl")], ASK)
    assert "no/such/graph.ttl" in _one_line(err)


@pytest.mark.parametrize("name, content, where", [
    ("bad.ttl", "@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b \"حلب .\n", "line 3"),
    ("bad2.ttl", "@prefix ex: <http://e/> .\n\nex:a zz:b ex:c .\n", "line 3"),
    ("bad.nt", "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> .\n", "line 2"),
    ("bad.jsonld", '{"@id": "http://e/a", "http://e/p": [1, }', "line 1"),
])
def test_bad_data_file_names_file_and_line(tmp_path, name, content, where):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        run_query([FIXTURE, path], ASK)
    message = _one_line(err)
    assert str(path) in message and where in message


def test_unknown_extension_and_plain_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SourceError, match="unknown RDF file extension"):
        load_store([tmp_path / "notes.txt"])
    with pytest.raises(SourceError, match="neither a kg build output"):
        load_store([tmp_path])
    with pytest.raises(SourceError, match="no graph given"):
        load_store([])


def test_bad_sparql():
    with pytest.raises(QuerySyntaxError) as err:
        run_query([FIXTURE], "SELEC ?x WHERE { ?x ?p ?o }")
    assert _one_line(err).startswith("SPARQL syntax error")


@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "PREFIX ex: <http://e/> # a comment with SELECT\nDELETE WHERE { ?s ex:p ?o }",
    "  clear all",
    "LOAD <http://example.org/x.ttl>",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_updates_and_service_are_refused(store, query):
    before = len(store)
    with pytest.raises(UpdateRefused):
        execute(store, query)
    assert len(store) == before


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?service ?p "INSERT DATA" } LIMIT 1',
    "# INSERT DATA { <a> <b> <c> }\nASK { ?s <http://e/SERVICE> ?o }",
])
def test_refusal_looks_at_sparql_not_at_strings_iris_or_comments(store, query):
    execute(store, query)


# --------------------------------------------------------------------------- limits


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> ox.Store:
    path = tmp_path_factory.mktemp("big") / "big.nt"
    path.write_text("".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(3000)))
    return load_store([path])


def _workers() -> int:
    return sum(t.name == "kg-query" for t in threading.enumerate())


def test_timeout_stops_a_cartesian_product(big_store):
    # 9 million rows: only the time limit can end this query (how fast is a benchmark's business, not a test's)
    with pytest.raises(QueryTimeout, match="0.3 s") as err:
        execute(big_store, "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }", timeout_s=0.3)
    _one_line(err)
    deadline = time.monotonic() + 3
    while _workers() and time.monotonic() < deadline:  # the worker notices and stops
        time.sleep(0.02)
    assert _workers() == 0


def test_result_limit(store):
    with pytest.raises(ResultTooLarge, match="more than 10 result rows"):
        execute(store, "SELECT * WHERE { ?s ?p ?o }", max_results=10)
    with pytest.raises(ResultTooLarge, match="more than 10 result triples"):
        execute(store, "CONSTRUCT WHERE { ?s ?p ?o }", max_results=10, timeout_s=5)
    assert len(execute(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", max_results=10).rows) == 10


def test_no_free_slot_means_busy(store):
    with pytest.raises(ServerBusy):
        execute(store, ASK, slots=threading.Semaphore(0), slot_wait_s=0.01)
    slots = threading.BoundedSemaphore(1)
    assert execute(store, ASK, slots=slots, timeout_s=5).boolean is True
    assert slots.acquire(blocking=False)  # released again after the run


def test_result_length():
    assert len(QueryResult("ask", boolean=False)) == 1
    assert len(run_query([FIXTURE], SELECT)) == 4
