"""kg.serve under attack (issue 16 items 2-7, 18, 19) and SPARQL clients (issue 15 item 4), over
loopback HTTP. A local listener counts every request that reaches it: nothing may be fetched."""
from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import QueryTooComplex, UpdateRefused, execute, load_store
from kg.serve import SparqlServer, make_server

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini_graph.ttl"
SRX = "{http://www.w3.org/2005/sparql-results#}"


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def _any(self) -> None:
        type(self).hits.append(self.command + " " + self.path)
        body = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"LEAKED"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _any  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[str, list[str]]]:
    srv = ThreadingHTTPServer(("127.0.0.2" if _can_bind("127.0.0.2") else "127.0.0.1", 0), _Counter)
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://{srv.server_address[0]}:{srv.server_address[1]}/sparql", _Counter.hits
    srv.shutdown()
    srv.server_close()


def _can_bind(host: str) -> bool:
    try:
        with socket.socket() as s:
            s.bind((host, 0))
        return True
    except OSError:
        return False


def _start(server: SparqlServer) -> SparqlServer:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    srv = _start(make_server(FIXTURE, port=0, query_timeout_s=5, max_results=100, max_bytes=4000,
                             cors_origins=["https://yasgui.example"], allowed_hosts=["kg.lan"]))
    yield srv
    srv.shutdown()
    srv.server_close()


def call(srv: SparqlServer, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True, skip_host="Host" in (headers or {}))
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None and "Content-Length" not in (headers or {}):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, dict(resp.headers), resp.read()
    finally:
        conn.close()


def q(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


# --------------------------------------------------------------------------- 2: nothing fetched

SERVICE_QUERIES = {
    "dot-before": "SELECT * WHERE {{ ?s ?p ?o .SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "lowercase": "select * {{ service <{url}> {{ ?a ?b ?c }} }}",
    "comments-newlines": "SELECT * {{\n ?s ?p ?o .# note\nSERVICE # the endpoint\n\n <{url}>\n{{ ?a ?b ?c }} }}",
    "nested-groups": "SELECT * {{ {{ OPTIONAL {{ {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }} }}",
    "subquery": "SELECT * {{ {{ SELECT ?a WHERE {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }} }} }}",
    "variable-endpoint": "SELECT * {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?a ?b ?c }} }}",
    "codepoint-escape": "SELECT * {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
    "ask": "ASK {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "construct": "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "deep-for-rdflib": "SELECT * " + "{" * 30 + " SERVICE <{url}> {{ ?a ?b ?c }} " + "}" * 30,
}


@pytest.mark.parametrize("name", sorted(SERVICE_QUERIES))
def test_service_is_refused_and_nothing_fetched(server, listener, name):
    url, hits = listener
    template = SERVICE_QUERIES[name]
    query = template.replace("{url}", url).replace("{{", "{").replace("}}", "}") if name.startswith("deep") \
        else template.format(url=url)
    before = len(hits)
    status, _, body = call(server, "GET", q(query))
    assert status == 403 and b"SERVICE" in body and b"LEAKED" not in body
    form = urllib.parse.urlencode({"query": query}).encode()
    status, _, _ = call(server, "POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    with pytest.raises(UpdateRefused):
        execute(load_store(FIXTURE), query)
    time.sleep(0.05)
    assert len(hits) == before, hits[before:]


@pytest.mark.parametrize("query", ["SELECT ?service WHERE { ?service a hd:Killing }",
                                   "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
                                   'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }'])
def test_the_word_alone_is_not_refused(server, query):
    assert call(server, "GET", q(query))[0] == 200


# --------------------------------------------------------------------------- 3: nesting and length


@pytest.mark.parametrize("query", ["SELECT * WHERE " + "{" * 5000 + "}" * 5000,
                                   "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
                                   "SELECT * WHERE { ?s ?p " + "[ ?p " * 2000 + "1" + "]" * 2000 + " }",
                                   "SELECT * WHERE { FILTER(?x<" + "(" * 3000 + "1>2" + ")" * 3000 + ") }",
                                   "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000])
def test_deep_or_long_queries_are_refused_and_the_server_lives(server, query):
    status, _, body = call(server, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and (b"nested too deeply" in body or b"too long" in body)
    with pytest.raises(QueryTooComplex):
        execute(load_store(FIXTURE), query)
    assert call(server, "GET", q("ASK { ?s ?p ?o }"))[0] == 200


# --------------------------------------------------------------------------- 4: time limit stops


def test_timed_out_queries_stop_and_free_their_slots(tmp_path):
    big = tmp_path / "big.nt"
    big.write_text("".join(f'<http://e/s{i}> <http://e/p> "{i}" .\n' for i in range(300)))
    srv = _start(make_server([FIXTURE, big], port=0, query_timeout_s=0.5, max_results=10**9, max_running=2))
    product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"  # hours of CPU
    try:
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda: statuses.append(call(srv, "GET", q(product))[0]))
                   for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert statuses == [503, 503]
        start = time.monotonic()
        assert call(srv, "GET", q("ASK { ?x a hd:Killing }"))[0] == 200  # both slots are free again
        assert time.monotonic() - start < 3  # no "busy" wait for a slot
    finally:
        srv.shutdown()
        srv.server_close()


# --------------------------------------------------------------------------- 5: Host and Origin


@pytest.mark.parametrize("headers, status", [
    ({"Host": "attacker.example"}, 403),
    ({"Host": "attacker.example:7878"}, 403),
    ({"Host": "localhost:7878"}, 200),
    ({"Host": "127.0.0.1"}, 200),
    ({"Host": "[::1]:7878"}, 200),
    ({"Host": "kg.lan:7878"}, 200),  # named with allowed_hosts
    ({"Origin": "http://attacker.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}, 403),  # <img src=…/sparql?query=…>
    ({"Origin": "https://yasgui.example"}, 200),  # named with cors_origins
])
def test_host_and_origin(server, headers, status):
    assert call(server, "GET", q("ASK { ?s ?p ?o }"), headers=headers)[0] == status
    if status == 403 and "Host" in headers:
        assert call(server, "GET", "/graph.ttl", headers=headers)[0] == 403


def test_cors_only_for_named_origins(server):
    _, headers, _ = call(server, "GET", q("ASK { ?s ?p ?o }"), headers={"Origin": "https://yasgui.example"})
    assert headers["Access-Control-Allow-Origin"] == "https://yasgui.example"
    status, headers, _ = call(server, "OPTIONS", "/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"})
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, _ = call(server, "OPTIONS", "/sparql", headers={"Origin": "https://other.example"})
    assert status in (403, 405) and "Access-Control-Allow-Origin" not in headers
    _, headers, _ = call(server, "GET", q("ASK { ?s ?p ?o }"))
    assert "Access-Control-Allow-Origin" not in headers


# --------------------------------------------------------------------------- 6, 7: sizes


def test_response_bytes_are_bounded(server):
    concat = "SELECT (GROUP_CONCAT(STR(?o); separator=' ') AS ?all) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"  # 1 row
    status, _, body = call(server, "GET", q(concat))
    assert status == 413 and b"bytes" in body and len(body) < 1000


@pytest.mark.parametrize("length", ["-1", "-200000000", "abc"])
def test_bad_content_length(server, length):
    status, _, _ = call(server, "POST", "/sparql", b"ASK { ?s ?p ?o }",
                        {"Content-Type": "application/sparql-query", "Content-Length": length})
    assert status in (400, 411)


# --------------------------------------------------------------------------- 18, 19: log and backlog


def test_control_characters_are_escaped_in_the_log(server, caplog):
    with caplog.at_level(logging.INFO, logger="kg.serve"):
        with socket.create_connection(server.server_address[:2], timeout=10) as sock:
            sock.sendall(b"GET /\x1b[2J\x1b]0;pwned\x07\x9b HTTP/1.1\r\nHost: localhost\r\n\r\n")
            sock.recv(4096)
        time.sleep(0.1)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "\\x1b[2J" in text and "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_listen_backlog_takes_many_clients():
    srv = make_server(FIXTURE, port=0)  # bound, not yet accepting: connections wait in the backlog
    socks = []
    try:
        for _ in range(40):
            socks.append(socket.create_connection(srv.server_address[:2], timeout=1))
    finally:
        for s in socks:
            s.close()
        srv.server_close()
    assert len(socks) == 40


# --------------------------------------------------------------------------- 15.4: SPARQL clients


def test_xml_results_follow_the_sparql_results_format(server):
    status, headers, body = call(server, "GET", q("SELECT ?e ?label ?none WHERE { ?e a hd:Killing ; "
                                                  "skos:prefLabel ?label OPTIONAL { ?e <http://e/none> ?none } }"),
                                 headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    root = ET.fromstring(body)
    assert root.tag == SRX + "sparql"
    assert [v.get("name") for v in root.find(SRX + "head")] == ["e", "label", "none"]
    results = root.find(SRX + "results").findall(SRX + "result")
    assert len(results) == 2
    for result in results:
        bindings = {b.get("name"): b[0] for b in result.findall(SRX + "binding")}
        assert set(bindings) == {"e", "label"}  # unbound ?none has no binding element
        assert bindings["e"].tag == SRX + "uri"
        assert bindings["label"].tag == SRX + "literal"
        assert bindings["label"].get("{http://www.w3.org/XML/1998/namespace}lang") in ("ar", "en")
    parsed = list(ox.parse_query_results(body, format=ox.QueryResultsFormat.XML))
    assert "مقتل 60 شخصا في شرق حلب" in {s["label"].value for s in parsed}
    status, _, body = call(server, "GET", q("ASK { ?s ?p ?o }", format="xml"))
    assert ET.fromstring(body).find(SRX + "boolean").text == "true"


def test_construct_as_rdf_xml(server):
    status, headers, body = call(server, "GET", q("CONSTRUCT { ?e sem:hasPlace ?p } WHERE { ?e sem:hasPlace ?p }"),
                                 headers={"Accept": "application/rdf+xml"})
    assert status == 200 and headers["Content-Type"] == "application/rdf+xml"
    assert len(list(ox.parse(body, format=ox.RdfFormat.RDF_XML))) == 4


def test_sparqlwrapper_with_its_defaults(server):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(server.url + "sparql")
    client.setQuery("PREFIX hd: <https://w3id.org/hadath/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                    "SELECT ?label WHERE { ?e a hd:Killing ; skos:prefLabel ?label }")
    document = client.query().convert()  # XML by default: an xml.dom.minidom Document
    values = {n.firstChild.data for n in document.getElementsByTagName("literal")}
    assert "مقتل 60 شخصا في شرق حلب" in values
    client.setQuery("CONSTRUCT { ?e ?p ?o } WHERE { ?e ?p ?o } LIMIT 5")
    assert len(client.query().convert()) == 5  # an rdflib Graph, parsed from RDF/XML


# --------------------------------------------------------------------------- second line: no sockets


@pytest.mark.parametrize("sandboxed", [False, True])
def test_query_process_cannot_reach_the_network(listener, sandboxed):
    """Behind the checks: a query process that skipped them still fetches nothing (the control
    run without the sandbox shows the listener counts pyoxigraph's SERVICE request)."""
    import subprocess
    import sys

    url, hits = listener
    script = ("import sys, pyoxigraph as ox\nfrom kg.sparql_worker import deny_network\n"
              f"if {sandboxed} and not deny_network(): sys.exit(77)\n"
              f"print(len(list(ox.Store().query('SELECT * {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}'))))\n")
    before = len(hits)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    if done.returncode == 77:
        pytest.skip("no seccomp here")
    assert done.returncode == 0, done.stderr[-300:]
    time.sleep(0.05)
    assert len(hits) - before == (0 if sandboxed else 1)
