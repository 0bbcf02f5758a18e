"""A read-only SPARQL 1.1 endpoint over a finished graph (``kg serve``).

``make_server(out_dir)`` answers SPARQL 1.1 Protocol queries at ``/sparql`` and ``/query``
(GET ``?query=``, POST form-encoded or ``application/sparql-query``) and, for a ``kg build`` output
folder, serves its views (``/graph.html``, ``/timeline.html``, ``/actors.html``, ``/map.html``) and
``/graph.ttl`` plus an index page at ``/``. Nothing else on disk is reachable: paths are looked up
in a fixed table, never joined to a folder. A view is sent with this endpoint named in its head
and ``connect-src 'self'`` in its Content-Security-Policy (:func:`kg.views.page.served_page`):
its script then pages through all events, actors and places of the store, filters running as
SPARQL here (kg/views/assets/store.js); opened as a file, the same page shows its sample.

Query processes start with ``forkserver`` (else ``spawn``), never plain ``fork``: a script or
notebook cell that calls :func:`serve` or :func:`make_server` from a file must do so under
``if __name__ == "__main__":`` (the child processes import the main module on platforms where
they are spawned); a notebook needs nothing (its main module is not re-imported).

Why the standard library's ``http.server`` rather than the ``oxigraph`` server CLI: no new
dependency or second process, the same prefixes, refusals and formats as ``kg query``, and
static files beside the endpoint. Each query runs in a child process that is killed at the time
limit (:mod:`kg.sparql_worker`) over an on-disk copy of the graph opened read-only; at most
``max_running`` run at once and a request that finds every slot taken gets 503.

What the server promises (docs/security.md): read-only (Update refused), nothing fetched
(SERVICE refused on the parsed query), loopback by default with Host and Origin checked
(DNS rebinding, cross-site pages), and limits on query length and nesting, time, rows and
response bytes, request bodies; control characters in request lines are escaped in the log. For graphs far beyond a news corpus,
``oxigraph serve --location DB`` (PyPI ``oxigraph``) is the tool to reach for.

Status codes: 400 bad request or SPARQL syntax error; 403 SPARQL Update or SERVICE, or a Host or
Origin not allowed; 500 the query's worker process died; 404 unknown
path; 405 other methods; 406 no acceptable result format; 411 POST without Content-Length; 413
result (or request body) over the limit; 415 unsupported POST body; 503 time limit reached, or
busy (with ``Retry-After``). A time limit is 503, as Fuseki does, and not 408: 408 says the
*request* arrived too slowly, and clients may resend it automatically, running the same slow
query again. Error bodies are one line of plain text.
"""
from __future__ import annotations

import html
import ipaddress
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.query import (QueryError, QuerySyntaxError, QueryTimeout, QueryTooComplex, ResultTooLarge,
                      ServerBusy, SourceError, UpdateRefused, is_oxigraph_store, load_store, resolve_sources)
from kg.sparql_worker import QueryCrashed, run_isolated, warm_up
from kg.views.page import served_page

__all__ = ["SparqlServer", "make_server", "serve", "STATIC_FILES"]

log = logging.getLogger(__name__)

# URL path -> (file name in the build output folder, media type). Only these are ever served.
STATIC_FILES: dict[str, tuple[str, str]] = {
    "/graph.html": ("graph.html", "text/html; charset=utf-8"),
    "/timeline.html": ("timeline.html", "text/html; charset=utf-8"),
    "/actors.html": ("actors.html", "text/html; charset=utf-8"),
    "/map.html": ("map.html", "text/html; charset=utf-8"),
    "/graph.ttl": ("graph.ttl", "text/turtle; charset=utf-8"),
}
ENDPOINTS = ("/sparql", "/query")
MAX_BODY = 1 << 20  # bytes of POST body accepted
MAX_RESPONSE = 64 << 20  # bytes of one SPARQL response, by default
_LOOPBACK_NAMES = {"localhost", "localhost.", "127.0.0.1", "::1", "[::1]"}
# C0 and C1 controls and DEL, escaped in the log (the standard library's log_message does this).
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}

# Result media types by kind of result; the first is the default.
_SOLUTION_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                   "application/sparql-results+xml": "xml", "application/xml": "xml",
                   "text/csv": "csv", "text/tab-separated-values": "tsv"}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples",
                "application/ld+json": "jsonld", "text/plain": "ntriples", "application/rdf+xml": "rdfxml"}
_FORMAT_PARAM = {"json": ("application/sparql-results+json", "application/ld+json"),
                 "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
                 "turtle": (None, "text/turtle"), "ttl": (None, "text/turtle"),
                 "ntriples": (None, "application/n-triples"), "nt": (None, "application/n-triples"),
                 "jsonld": (None, "application/ld+json"),
                 "xml": ("application/sparql-results+xml", "application/rdf+xml"),
                 "rdfxml": (None, "application/rdf+xml")}


class _HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _negotiate(accept: str | None, offered: dict[str, str]) -> str:
    """The offered media type the Accept header likes best (first offered on ties and for */*)."""
    if not accept or not accept.strip():
        return next(iter(offered))
    best, best_q = None, 0.0
    for rank, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media == "*/*":
            candidate = next(iter(offered))
        elif media.endswith("/*"):
            candidate = next((m for m in offered if m.startswith(media[:-1])), None)
        else:
            candidate = media if media in offered else None
        score = q if "*" in media else q + 0.001  # a named type beats a wildcard of equal q
        if candidate and score > best_q:
            best, best_q = candidate, score
    if best is None:
        raise _HttpError(406, f"none of the accepted media types is offered; offered: {', '.join(offered)}")
    return best


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "Hadath"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request

    # ------------------------------------------------------------------ plumbing

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's name)
        log.info("%s %s", self.address_string(), (format % args).translate(_CONTROL))

    def _send(self, status: int, body: bytes, media: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        origin = self.headers.get("Origin")
        if origin and origin in self.server.cors_origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _check_caller(self) -> None:
        """Host must name this server (DNS rebinding), Origin must be this server or a --cors one,
        and a cross-site page may not run queries (an <img> sends no Origin, but Sec-Fetch-Site)."""
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if host and name not in self.server.allowed_hosts:
            raise _HttpError(403, f"Host {name[:80].translate(_CONTROL)!r} not allowed: this server answers "
                                  "loopback names (and those given with --allow-host)")
        origin = self.headers.get("Origin")
        if origin and origin not in self.server.cors_origins and origin != "null" and \
                origin.lower() not in {f"http://{host}", f"https://{host}"}:
            raise _HttpError(403, "cross-origin request refused (allow an origin with --cors ORIGIN)")
        if origin == "null" or (not origin and self.headers.get("Sec-Fetch-Site") == "cross-site"
                                and urlsplit(self.path).path in ENDPOINTS):
            raise _HttpError(403, "cross-site request refused (allow an origin with --cors ORIGIN)")

    def _fail(self, err: _HttpError) -> None:
        self._send(err.status, (err.message + "\n").encode("utf-8"), "text/plain; charset=utf-8", err.headers)

    def _route(self, method: str) -> None:
        try:
            self._check_caller()
            path = urlsplit(self.path).path
            if path in ENDPOINTS:
                self._sparql(method)
            elif method == "POST":
                raise _HttpError(405, f"POST is for {' or '.join(ENDPOINTS)} only", {"Allow": "GET, HEAD"})
            elif path == "/":
                self._send(200, self.server.index_html().encode("utf-8"), "text/html; charset=utf-8")
            elif path in self.server.files:
                self._static(path)
            else:
                raise _HttpError(404, f"not found: {path}")
        except _HttpError as err:
            self._fail(err)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._route("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._route("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def _refuse_method(self) -> None:
        self._fail(_HttpError(405, f"{self.command} not allowed: this endpoint is read-only",
                              {"Allow": "GET, HEAD, POST"}))

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    def do_OPTIONS(self) -> None:  # noqa: N802 (CORS preflight, for the --cors origins only)
        origin = self.headers.get("Origin")
        if origin and origin in self.server.cors_origins and urlsplit(self.path).path in ENDPOINTS:
            self._send(204, b"", "text/plain", {"Access-Control-Allow-Methods": "GET, POST",
                                                "Access-Control-Allow-Headers": "Content-Type, Accept",
                                                "Access-Control-Max-Age": "600"})
        else:
            self._refuse_method()

    # ------------------------------------------------------------------ static files

    def _static(self, path: str) -> None:
        name, media = STATIC_FILES[path]
        try:
            body = self.server.files[path].read_bytes()
        except OSError:
            raise _HttpError(404, f"{name} is no longer in the output folder") from None
        if name.endswith(".html"):  # the views query this endpoint (same origin) instead of showing a sample
            body = served_page(body.decode("utf-8", errors="replace"), ENDPOINTS[0][1:]).encode("utf-8")
        self._send(200, body, media)

    # ------------------------------------------------------------------ SPARQL

    def _read_params(self, method: str) -> tuple[dict[str, list[str]], str | None]:
        """Query-string (and form) parameters, and a query sent as the raw POST body."""
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if method != "POST":
            return params, None
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise _HttpError(411, "POST needs a Content-Length") from None
        if length < 0:
            raise _HttpError(400, "Content-Length must not be negative")
        if length > MAX_BODY:
            raise _HttpError(413, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            return params, None
        if media == "application/sparql-query":
            return params, body
        if media == "application/sparql-update":
            raise _HttpError(403, "SPARQL Update refused: this endpoint is read-only")
        raise _HttpError(415, "POST a form (application/x-www-form-urlencoded) or a query "
                              f"(application/sparql-query), not {media or 'no Content-Type'}")

    def _sparql(self, method: str) -> None:
        params, body_query = self._read_params(method)
        if "update" in params:
            raise _HttpError(403, "SPARQL Update refused: this endpoint is read-only")
        for unsupported in ("default-graph-uri", "named-graph-uri"):
            if unsupported in params:
                raise _HttpError(400, f"{unsupported} is not supported; use FROM / FROM NAMED in the query")
        queries = params.get("query", []) + ([body_query] if body_query is not None else [])
        if len(queries) != 1 or not queries[0].strip():
            raise _HttpError(400, "send exactly one SPARQL query: ?query=… (GET), a query= form field "
                                  "or an application/sparql-query body (POST)")
        fmt_param = (params.get("format") or params.get("output") or [""])[0].lower()
        if fmt_param and fmt_param not in _FORMAT_PARAM:
            raise _HttpError(400, f"unknown format {fmt_param!r}; use one of {', '.join(_FORMAT_PARAM)}")
        chosen: dict[str, str | _HttpError] = {}
        for kind, offered in (("select", _SOLUTION_TYPES), ("graph", _GRAPH_TYPES)):
            try:
                if fmt_param:
                    media = _FORMAT_PARAM[fmt_param][1 if kind == "graph" else 0]
                    if media is None:
                        raise _HttpError(400, f"format {fmt_param!r} does not fit this query's result")
                else:
                    media = _negotiate(self.headers.get("Accept"), offered)
                chosen[kind] = media
            except _HttpError as err:
                chosen[kind] = err
        chosen["ask"] = chosen["select"]
        formats = {kind: (None if isinstance(m, _HttpError) else
                          (_GRAPH_TYPES if kind == "graph" else _SOLUTION_TYPES)[m]) for kind, m in chosen.items()}
        kind, body = self._run(queries[0], formats)
        media = chosen[kind]
        if isinstance(media, _HttpError):
            raise media
        charset = "; charset=utf-8" if media.startswith("text/") else ""
        self._send(200, body, media + charset, {"Vary": "Accept"})

    def _run(self, query: str, formats: dict[str, str | None]) -> tuple[str, bytes]:
        srv = self.server
        if not srv.slots.acquire(timeout=2.0):
            raise _HttpError(503, "busy: too many queries are running; retry shortly", {"Retry-After": "5"})
        try:
            return run_isolated(srv.store_path, query, formats, timeout_s=srv.query_timeout_s,
                                max_results=srv.max_results, max_bytes=srv.max_bytes)
        except QuerySyntaxError as err:
            raise _HttpError(400, str(err)) from None
        except UpdateRefused as err:
            raise _HttpError(403, str(err)) from None
        except QueryTooComplex as err:
            raise _HttpError(413, str(err)) from None
        except ResultTooLarge as err:
            raise _HttpError(413, f"{err} (row limit {srv.max_results})") from None
        except QueryTimeout as err:
            raise _HttpError(503, str(err)) from None
        except ServerBusy as err:
            raise _HttpError(503, str(err), {"Retry-After": "5"}) from None
        except QueryCrashed as err:
            raise _HttpError(500, str(err)) from None
        except QueryError as err:
            raise _HttpError(400, str(err)) from None
        finally:
            srv.slots.release()


class SparqlServer(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` holding the store's folder, the limits and the table of served files."""

    daemon_threads = True
    request_queue_size = 128  # listen backlog (socketserver's default of 5 overflows at 20 clients)

    def __init__(self, address: tuple[str, int], store_path: Path, files: dict[str, Path], *,
                 query_timeout_s: float | None, max_results: int | None, max_running: int,
                 title: str, max_bytes: int | None = MAX_RESPONSE, allowed_hosts: Sequence[str] = (),
                 cors_origins: Sequence[str] = (), temporary: Path | None = None) -> None:
        super().__init__(address, _Handler)
        self.store_path = store_path
        self.files = files
        self.query_timeout_s = query_timeout_s
        self.max_results = max_results
        self.max_bytes = max_bytes
        self.slots = threading.BoundedSemaphore(max_running)
        self.title = title
        bound = str(address[0]).lower()
        self.allowed_hosts = {*_LOOPBACK_NAMES, bound, f"[{bound}]", *(h.lower() for h in allowed_hosts)}
        self.cors_origins = set(cors_origins)
        self._temporary = temporary

    def server_close(self) -> None:
        super().server_close()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:7878/``."""
        host, port = self.server_address[:2]
        return f"http://{host if ':' not in str(host) else f'[{host}]'}:{port}/"

    def index_html(self) -> str:
        links = "".join(f'<li><a href="{p[1:]}">{p[1:]}</a></li>' for p in STATIC_FILES if p in self.files)
        example = ("SELECT ?event ?date ?label WHERE {\n  ?event a hd:Event ; skos:prefLabel ?label .\n"
                   "  OPTIONAL { ?event sem:hasTimeStamp ?date }\n  FILTER(lang(?label) = \"ar\")\n"
                   "} ORDER BY ?date LIMIT 50")
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hadath: {html.escape(self.title)}</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}textarea{{width:100%;height:12em}}</style>
</head><body>
<h1>Hadath — {html.escape(self.title)}</h1>
<ul>{links}<li>SPARQL endpoint: <code>{ENDPOINTS[0]}</code> (read-only; prefixes hd:, hdr:, sem:, gaf:,
nif:, prov:, schema:, skos:, geo:, owl:, rdf:, rdfs:, xsd: need no declaration)</li></ul>
<form action="{ENDPOINTS[0]}" method="get">
<textarea name="query" dir="auto">{html.escape(example)}</textarea><br>
<select name="format"><option>json</option><option>csv</option><option>tsv</option>
<option>turtle</option><option>ntriples</option></select> <button>Run</button>
</form></body></html>
"""


def make_server(sources_or_out_dir: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                host: str = "127.0.0.1", port: int = 7878, *, query_timeout_s: float | None = 10,
                max_results: int | None = 10000, max_running: int | None = None,
                max_bytes: int | None = MAX_RESPONSE, allowed_hosts: Sequence[str] = (),
                cors_origins: Sequence[str] = (), store: str | os.PathLike[str] | None = None) -> SparqlServer:
    """Load the graph and bind (not yet serve) a read-only SPARQL server; ``port=0`` picks a free port.

    ``sources_or_out_dir`` is a ``kg build`` output folder (its HTML views and ``graph.ttl`` are
    served too), an Oxigraph store folder, or graph files (copied into an Oxigraph store in a
    temporary folder, removed by ``server_close``). ``max_running`` caps evaluations running at
    once (default: the CPU count, at least 2); ``max_bytes`` bounds one response; ``allowed_hosts``
    adds Host names to the loopback ones; ``cors_origins`` may read responses from a browser.
    ``store``: an Oxigraph store of the same graph (``kg build --store``), queried read-only instead
    of loading the sources' graph files (which then only give the served views): a large build
    starts at once rather than after minutes of loading.
    Raises :class:`kg.query.QueryError` for bad sources and ``OSError`` if the address is taken.
    """
    single = isinstance(sources_or_out_dir, (str, os.PathLike))
    sources = [Path(sources_or_out_dir)] if single else [Path(s) for s in sources_or_out_dir]
    files: dict[str, Path] = {}
    if len(sources) == 1 and sources[0].is_dir() and not is_oxigraph_store(sources[0]):
        files = {path: sources[0] / name for path, (name, _) in STATIC_FILES.items()
                 if (sources[0] / name).is_file()}
    paths = resolve_sources(sources)
    temporary = None
    if store is not None:
        if not is_oxigraph_store(Path(store)):
            raise SourceError(f"{store}: not an Oxigraph store (kg build --store STORE writes one)")
        store_path = Path(store)
    elif len(paths) == 1 and is_oxigraph_store(paths[0]):
        store_path = paths[0]
    else:
        temporary = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        store_path = temporary / "store"
        try:
            store = load_store(paths, into=store_path)
            store.flush()
            del store  # closed: the workers open it read-only
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    warm_up()
    if not _is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can query the graph", host)
    try:
        return SparqlServer((host, port), store_path, files, query_timeout_s=query_timeout_s,
                            max_results=max_results, max_running=max_running or max(2, os.cpu_count() or 2),
                            title=", ".join(s.name for s in sources), max_bytes=max_bytes,
                            allowed_hosts=allowed_hosts, cors_origins=cors_origins, temporary=temporary)
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _announce(server: SparqlServer) -> None:
    print(f"Hadath SPARQL endpoint at {server.url}sparql — views at {server.url} (Ctrl-C stops)",
          file=sys.stderr, flush=True)


def serve(sources_or_out_dir: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
          host: str = "127.0.0.1", port: int = 7878, *, query_timeout_s: float | None = 10,
          max_results: int | None = 10000, max_running: int | None = None,
          max_bytes: int | None = MAX_RESPONSE, allowed_hosts: Sequence[str] = (),
          cors_origins: Sequence[str] = (), store: str | os.PathLike[str] | None = None,
          ready: Callable[[SparqlServer], None] | None = _announce) -> None:
    """Serve until interrupted (Ctrl-C); ``ready`` is called once the socket is bound."""
    server = make_server(sources_or_out_dir, host, port, query_timeout_s=query_timeout_s,
                         max_results=max_results, max_running=max_running, max_bytes=max_bytes,
                         allowed_hosts=allowed_hosts, cors_origins=cors_origins, store=store)
    previous = None
    if threading.current_thread() is threading.main_thread():  # SIGTERM unwinds: the store copy is removed
        previous = signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        if ready is not None:
            ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

