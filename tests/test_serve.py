"""kg.serve: the read-only SPARQL endpoint and the build output files, over loopback HTTP."""
from __future__ import annotations

import csv
import http.client
import io
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import SourceError
from kg.serve import SparqlServer, make_server, serve
from kg.views.page import ENDPOINT_META, render_page

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini_graph.ttl"
LABELS = "SELECT ?label WHERE { ?e a hd:Killing ; skos:prefLabel ?label } ORDER BY ?label"
GRAPH_HTML = '<!doctype html><html lang="ar" dir="rtl"><body>شبكة الأحداث</body></html>\n'


def _start(server: SparqlServer) -> SparqlServer:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    (out / "graph.ttl").write_bytes(FIXTURE.read_bytes())
    (out / "graph.html").write_text(GRAPH_HTML, encoding="utf-8")
    (out / "timeline.html").write_text("<!doctype html><title>الخط الزمني</title>\n", encoding="utf-8")
    (out / "report.json").write_text('{"secret": "not served"}', encoding="utf-8")
    for name in ("actors.html", "map.html"):  # pages as the views write them (CSP, endpoint meta)
        (out / name).write_text(render_page(title=name, body="<p>الفاعلون</p>", css=[], scripts=[], data={}),
                                encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(out_dir) -> Iterator[SparqlServer]:
    srv = _start(make_server(out_dir, port=0, query_timeout_s=5, max_results=100))
    yield srv
    srv.shutdown()
    srv.server_close()


def request(srv: SparqlServer, path: str, *, data: bytes | None = None, method: str | None = None,
            **headers: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(srv.url + path.lstrip("/"), data=data, method=method,
                                 headers={k.replace("_", "-"): v for k, v in headers.items()})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def raw_get(srv: SparqlServer, raw_path: str) -> tuple[int, bytes]:
    """GET a path exactly as written (urllib might normalise dot segments)."""
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=10)
    try:
        conn.putrequest("GET", raw_path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def q(query: str, **params: str) -> str:
    return "sparql?" + urllib.parse.urlencode({"query": query, **params})


# --------------------------------------------------------------------------- queries


def test_binds_to_loopback(server):
    assert server.server_address[0] == "127.0.0.1"


def test_get_json(server):
    status, headers, body = request(server, q(LABELS))
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    values = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert values == ["60 people killed in eastern Aleppo", "مقتل 60 شخصا في شرق حلب"]


def test_get_csv_on_the_query_alias(server):
    status, headers, body = request(server, q(LABELS).replace("sparql", "query", 1), Accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows == [["label"], ["60 people killed in eastern Aleppo"], ["مقتل 60 شخصا في شرق حلب"]]


def test_post_form(server):
    data = urllib.parse.urlencode({"query": LABELS}).encode()
    status, headers, body = request(server, "sparql", data=data, Accept="text/tab-separated-values, */*;q=0.1",
                                    Content_Type="application/x-www-form-urlencoded")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert len(list(ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV))) == 2


def test_post_sparql_query_body(server):
    status, headers, body = request(server, "sparql", data=LABELS.encode("utf-8"), Accept="text/csv",
                                    Content_Type="application/sparql-query")
    assert status == 200 and "مقتل 60 شخصا" in body.decode("utf-8")


def test_construct_negotiates_rdf(server):
    construct = "CONSTRUCT { ?e sem:hasPlace ?p } WHERE { ?e sem:hasPlace ?p }"
    status, headers, body = request(server, q(construct))
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 4
    status, headers, body = request(server, q(construct), Accept="application/n-triples")
    assert headers["Content-Type"] == "application/n-triples"
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == 4


def test_ask_and_format_parameter(server):
    status, _, body = request(server, q("ASK { ?x a hd:Figure }", format="json"))
    assert status == 200 and json.loads(body)["boolean"] is True


# --------------------------------------------------------------------------- refusals and errors


@pytest.mark.parametrize("how", ["get", "form", "update-form", "update-body"])
def test_updates_are_refused(server, how):
    insert = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    if how == "get":
        status, _, body = request(server, q(insert))
    elif how == "form":
        status, _, body = request(server, "sparql", data=urllib.parse.urlencode({"query": insert}).encode(),
                                  Content_Type="application/x-www-form-urlencoded")
    elif how == "update-form":
        status, _, body = request(server, "sparql", data=urllib.parse.urlencode({"update": insert}).encode(),
                                  Content_Type="application/x-www-form-urlencoded")
    else:
        status, _, body = request(server, "sparql", data=insert.encode(), Content_Type="application/sparql-update")
    assert status == 403 and b"read-only" in body
    status, _, body = request(server, q("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", format="csv"))
    assert body.split() == [b"n", b"264"]


def test_other_methods_are_refused(server):
    status, headers, _ = request(server, "sparql", data=b"x", method="PUT")
    assert status == 405 and "POST" in headers["Allow"]


@pytest.mark.parametrize("raw_path", ["/../pyproject.toml", "/graph.html/../../pyproject.toml",
                                      "/%2e%2e/pyproject.toml", "/..%2fpyproject.toml", "//etc/passwd",
                                      "/report.json", "/graph.ttl%00.html", "/./graph.html"])
def test_nothing_but_the_listed_files(server, raw_path):
    status, body = raw_get(server, raw_path)
    assert status == 404
    assert b"secret" not in body and b"[project]" not in body and b"root:" not in body


def test_errors_are_one_clear_line(server):
    status, headers, body = request(server, q("SELEC ?x WHERE { ?x ?p ?o }"))
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.decode().startswith("SPARQL syntax error") and body.count(b"\n") == 1
    status, _, body = request(server, "sparql")
    assert status == 400 and b"query" in body
    status, _, body = request(server, q(LABELS), Accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, body = request(server, "sparql", data=b"query=x", Content_Type="text/plain")
    assert status == 415


def test_result_size_limit(server):
    status, _, body = request(server, q("SELECT * WHERE { ?s ?p ?o }"))
    assert status == 413 and b"more than 100 result rows" in body and b"LIMIT" in body


def test_time_limit(tmp_path):
    big = tmp_path / "big.nt"
    big.write_text("".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(3000)))
    srv = _start(make_server([FIXTURE, big], port=0, query_timeout_s=0.3, max_results=10**9))
    try:
        start = time.monotonic()
        status, _, body = request(srv, q("SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }"))  # 10 million rows
        assert time.monotonic() - start < 3
        assert status == 503 and b"time limit" in body
        status, _, _ = request(srv, q(LABELS))  # still answering
        assert status == 200
    finally:
        srv.shutdown()
        srv.server_close()


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("path, name, media", [("graph.html", "graph.html", "text/html"),
                                               ("timeline.html", "timeline.html", "text/html"),
                                               ("graph.ttl", "graph.ttl", "text/turtle")])
def test_output_files_are_served(server, out_dir, path, name, media):
    status, headers, body = request(server, path)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert body == (out_dir / name).read_bytes()


@pytest.mark.parametrize("name", ["actors.html", "map.html"])
def test_views_are_served_naming_the_endpoint(server, out_dir, name):
    """A view is sent with this endpoint in its meta and connect-src 'self' (so its script pages
    through the store); on disk it stays as built, connecting nowhere."""
    status, headers, body = request(server, name)
    page, on_disk = body.decode("utf-8"), (out_dir / name).read_text(encoding="utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<meta name="hadath-endpoint" content="sparql">' in page and "connect-src 'self'" in page
    assert "connect-src 'none'" not in page
    assert ENDPOINT_META in on_disk and "connect-src 'none'" in on_disk


_SCRIPT = """
import json, sys, threading, urllib.parse, urllib.request
from kg.serve import make_server

def main():
    srv = make_server(sys.argv[1], port=0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    query = urllib.parse.urlencode({"query": "ASK { ?x a hd:Killing }"})
    try:
        with urllib.request.urlopen(srv.url + "sparql?" + query, timeout=30) as resp:
            print("answer", json.load(resp)["boolean"])
    finally:
        srv.shutdown()
        srv.server_close()

GUARD
    main()
"""


@pytest.mark.parametrize("guard, works", [('if __name__ == "__main__":', True), ("if True:", False)])
def test_a_script_serving_needs_the_main_guard(tmp_path, guard, works):
    """Query processes start from a forkserver (else spawn), which imports the script's main module
    again: a script calling make_server or serve must do so under the ``__main__`` guard (as the
    kg command does); without it the query's process dies and the server answers 500."""
    import subprocess
    import sys

    script = tmp_path / "serve_script.py"
    script.write_text(_SCRIPT.replace("GUARD", guard), encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # the store copies the re-run script makes stay in tmp_path
    run = subprocess.run([sys.executable, str(script), str(FIXTURE)], capture_output=True, text=True, timeout=120,
                         env=env)
    if works:
        assert run.returncode == 0 and "answer True" in run.stdout, run.stderr[-500:]
    else:
        assert run.returncode != 0 and "500" in run.stderr


def test_views_with_a_built_store(out_dir, tmp_path):
    """--store: the views of OUT, the queries on an Oxigraph store built beforehand (no loading)."""
    from kg.query import load_store

    store = load_store([FIXTURE], into=tmp_path / "store")
    store.flush()
    del store
    srv = _start(make_server(out_dir, port=0, store=tmp_path / "store"))
    try:
        assert srv.store_path == tmp_path / "store"
        assert request(srv, q("ASK { ?x a hd:Killing }"))[2] == b'{"head": {}, "boolean": true}\n'
        assert request(srv, "map.html")[0] == 200
    finally:
        srv.shutdown()
        srv.server_close()
    assert (tmp_path / "store").is_dir()  # the user's store is not removed
    with pytest.raises(SourceError, match="not an Oxigraph store"):
        make_server(out_dir, port=0, store=out_dir)


def test_index_links_views_and_endpoint(server):
    status, headers, body = request(server, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert 'href="graph.html"' in page and 'href="timeline.html"' in page and "/sparql" in page


def test_a_graph_file_alone_serves_no_files():
    srv = _start(make_server(FIXTURE, port=0))
    try:
        assert request(srv, "graph.html")[0] == 404
        assert request(srv, q("ASK { ?x a hd:Killing }"))[0] == 200
    finally:
        srv.shutdown()
        srv.server_close()


def test_bad_source_fails_before_binding(tmp_path):
    with pytest.raises(SourceError):
        make_server(tmp_path / "missing", port=0)


def test_serve_blocks_until_shut_down():
    ready: list[SparqlServer] = []
    thread = threading.Thread(target=serve, args=(FIXTURE,), kwargs={"port": 0, "ready": ready.append}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not ready and time.monotonic() < deadline:
        time.sleep(0.01)
    assert request(ready[0], q("ASK { ?x a hd:Killing }"))[0] == 200
    ready[0].shutdown()
    thread.join(5)
    assert not thread.is_alive()
