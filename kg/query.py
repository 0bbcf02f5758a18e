"""SPARQL over finished Hadath graphs: load and query (formatting is :mod:`kg.query_results`).

The library behind ``kg query`` and ``kg serve``::

    result = run_query([Path("out/graph.ttl")], "SELECT ?e WHERE { ?e a hd:Killing }")
    print(format_result(result, "table"))

Sources are RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML; chosen by extension),
an Oxigraph store folder (opened read-only), or a ``kg build`` output folder (its ``graph.ttl``).
Queries run on pyoxigraph, 10-100x faster than rdflib here (shared/docs/dependencies.md).

The Hadath prefixes (``kg.graph.vocab.PREFIXES``: hd, hdr, sem, gaf, nif, prov, schema, skos,
geo, owl, rdf, rdfs, xsd) need no declaration. They are handed to pyoxigraph's parser as default
prefixes, which has the effect of prepending only the missing ``PREFIX`` lines: a prefix the query
declares itself wins, and line numbers in syntax errors stay those of the user's text.

Everything here is read-only: SPARQL Update is refused, and so is ``SERVICE`` (pyoxigraph would
otherwise fetch remote endpoints; Hadath does no network at run time), decided on the parsed
query; length and nesting are bounded before any parser runs (:mod:`kg.sparql_guard`).

Two pyoxigraph 0.5 facts shape the code:

* ``Store.query`` has no time limit or cancellation (oxigraph issue #1926). A query with a time
  limit is evaluated in a worker thread (pyoxigraph releases the GIL); the caller gets
  :class:`QueryTimeout` on time, and the worker stops at the next result row. A query that blocks
  inside one call (ORDER BY or GROUP BY over a huge join) cannot be stopped and finishes in the
  background; ``slots`` lets a server cap how many such evaluations run at once.
* A ``Store`` canonicalises numeric literals: ``"5"^^xsd:nonNegativeInteger`` and
  ``"5"^^xsd:int`` come back as ``"5"^^xsd:integer``. Queries comparing values are unaffected;
  ``DATATYPE(?x)`` is. :mod:`kg.export` therefore streams files through the parser, never a Store.
"""
from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Union

import pyoxigraph as ox

from kg.graph.vocab import PREFIXES
from kg.query_results import (RESULT_FORMATS, TURTLE_PREFIXES, QueryError, QueryResult, QuerySyntaxError,
                              QueryTimeout, QueryTooComplex, ResultTooLarge, ServerBusy, SourceError, Term,
                              UpdateRefused, display_term, format_result, query_iri, shorten)
from kg.sparql_guard import GuardError, blank_out, check_query

__all__ = [
    "QueryError", "SourceError", "QuerySyntaxError", "UpdateRefused", "QueryTimeout",
    "ResultTooLarge", "ServerBusy", "QueryTooComplex", "QueryResult", "Term", "RESULT_FORMATS", "RDF_FORMATS",
    "TURTLE_PREFIXES", "is_oxigraph_store", "check_read_only", "parse_error",
    "resolve_sources", "rdf_format", "load_store", "execute", "run_query", "format_result",
    "shorten", "query_iri", "display_term",
]

PathArg = Union[str, "PathLike[str]"]

# Extension -> parser format. pyoxigraph reads more than the contract needs; all are cheap to allow.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES, ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
}


# --------------------------------------------------------------------------- loading


def _as_paths(sources: PathArg | Sequence[PathArg]) -> list[Path]:
    if isinstance(sources, (str, PathLike)):
        return [Path(sources)]
    return [Path(s) for s in sources]


def is_oxigraph_store(path: Path) -> bool:
    """True for a folder holding an Oxigraph (RocksDB) store."""
    return path.is_dir() and (path / "CURRENT").is_file() and (path / "IDENTITY").is_file()


def resolve_sources(sources: PathArg | Sequence[PathArg]) -> list[Path]:
    """Check each source and turn a ``kg build`` output folder into its ``graph.ttl``."""
    paths = _as_paths(sources)
    if not paths:
        raise SourceError("no graph given: name a graph file, a kg build output folder or an Oxigraph store")
    resolved = []
    for path in paths:
        if not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        if path.is_dir() and not is_oxigraph_store(path):
            if not (path / "graph.ttl").is_file():
                raise SourceError(f"{path}: a folder, but neither a kg build output (no graph.ttl) "
                                  "nor an Oxigraph store")
            path = path / "graph.ttl"
        elif path.is_file():
            rdf_format(path)  # fail early on an unknown extension
        resolved.append(path)
    return resolved


def rdf_format(path: Path) -> ox.RdfFormat:
    """The parser format for a file, from its extension."""
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise SourceError(f"{path}: unknown RDF file extension {path.suffix!r} (known: {known})") from None


def parse_error(path: Path, err: SyntaxError) -> SourceError:
    """``SyntaxError`` from pyoxigraph's parsers -> ``file: line L, column C: message``."""
    message = re.sub(r"^Parser error (?:at|between) [^:]*: ", "", err.msg or str(err))
    where = f"line {err.lineno}, column {err.offset}" if err.lineno else "syntax error"
    return SourceError(f"{path}: {where}: {message}")


def _open_read_only(path: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise SourceError(f"{path}: cannot open the Oxigraph store read-only: {err}") from None


def load_store(sources: PathArg | Sequence[PathArg], into: Path | None = None) -> ox.Store:
    """A pyoxigraph ``Store`` holding every source.

    One Oxigraph store folder alone is opened read-only and used as it is; files (and stores
    mixed with files) are loaded into a new in-memory store. Triples go to the default graph,
    quads keep their graphs. With ``into`` (an empty folder) the new store is on disk there
    instead. Raises :class:`SourceError` naming the file (and line).
    """
    paths = resolve_sources(sources)
    if len(paths) == 1 and is_oxigraph_store(paths[0]) and into is None:
        return _open_read_only(paths[0])
    store = ox.Store(str(into)) if into is not None else ox.Store()
    for path in paths:
        if is_oxigraph_store(path):
            store.extend(_open_read_only(path))
            continue
        try:
            store.load(path=str(path), format=rdf_format(path), base_iri=path.resolve().as_uri())
        except SyntaxError as err:
            raise parse_error(path, err) from None
        except (OSError, ValueError) as err:
            raise SourceError(f"{path}: cannot load: {err}") from None
    return store


# --------------------------------------------------------------------------- checking queries

def check_read_only(query: str) -> None:
    """Refuse SPARQL Update, ``SERVICE`` and queries too long or too deeply nested
    (:mod:`kg.sparql_guard`): :class:`UpdateRefused` or :class:`QueryTooComplex`."""
    try:
        check_query(query)
    except GuardError as err:
        raise (QueryTooComplex if err.kind == "size" else UpdateRefused)(str(err)) from None


def _syntax_error(query: str, err: SyntaxError) -> QuerySyntaxError:
    message = " ".join(str(err).split())
    declared = set(re.findall(r"PREFIX\s+([^\s:]*):", blank_out(query), re.IGNORECASE))
    used = re.findall(r"(?<![\w?$:<.-])([A-Za-z][\w.-]*)?:(?=[\w%\\-])", blank_out(query))
    unknown = sorted({p for p in used if p not in declared and p not in PREFIXES and p})
    if unknown:
        return QuerySyntaxError(f"SPARQL syntax error: unknown prefix {unknown[0]}: (declare it with "
                                f"PREFIX {unknown[0]}: <…>; built in: {', '.join(PREFIXES)})")
    if len(message) > 240:  # pyoxigraph lists every expected character class
        message = message[:240] + "…"
    return QuerySyntaxError(f"SPARQL syntax error: {message}")


# --------------------------------------------------------------------------- running


class _Cancelled(Exception):
    pass


def _evaluate(store: ox.Store, query: str, max_results: int | None,
              cancelled: threading.Event | None) -> QueryResult:
    try:
        answer = store.query(query, prefixes=PREFIXES)
    except SyntaxError as err:
        raise _syntax_error(query, err) from None
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"query failed: {err}") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    limit = max_results if max_results is not None else -1
    try:
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            rows = []
            for i, solution in enumerate(answer):
                if i == limit:
                    raise ResultTooLarge(f"more than {max_results} result rows; add a LIMIT "
                                         "(and OFFSET to page) or a narrower pattern")
                if cancelled is not None and not i & 1023 and cancelled.is_set():
                    raise _Cancelled
                rows.append(tuple(solution))
            return QueryResult("select", variables=variables, rows=tuple(rows))
        triples: dict[ox.Triple, None] = {}
        for i, triple in enumerate(answer):
            if cancelled is not None and not i & 1023 and cancelled.is_set():
                raise _Cancelled
            triples[triple] = None
            if len(triples) == limit + 1:
                raise ResultTooLarge(f"more than {max_results} result triples; add a LIMIT "
                                     "or a narrower pattern")
        return QueryResult("graph", triples=tuple(triples))
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"query failed: {err}") from None


def _drop_frames(err: BaseException | None) -> None:
    """Clear the frames an exception holds, in this thread: pyoxigraph's result iterators are
    "unsendable" and must not be freed by the thread that re-raises the exception."""
    while err is not None:
        traceback.clear_frames(err.__traceback__)
        err = err.__context__


def execute(store: ox.Store, query: str, *, timeout_s: float | None = None,
            max_results: int | None = None, slots: threading.Semaphore | None = None,
            slot_wait_s: float = 2.0) -> QueryResult:
    """Run one read-only query on ``store``.

    With ``timeout_s`` the evaluation runs in a worker thread and :class:`QueryTimeout` is raised
    on time (see the module docstring for what can and cannot be stopped). ``max_results`` bounds
    rows (SELECT) or triples (CONSTRUCT/DESCRIBE): :class:`ResultTooLarge`. ``slots``, if given,
    is held for the whole evaluation, including the part that outlives a timeout;
    :class:`ServerBusy` when none frees up within ``slot_wait_s``.
    """
    check_read_only(query)
    if timeout_s is None and slots is None:
        return _evaluate(store, query, max_results, None)
    if slots is not None and not slots.acquire(timeout=slot_wait_s):
        raise ServerBusy("busy: too many queries are running (or still finishing after their time "
                         "limit); retry shortly")
    cancelled = threading.Event()
    done = threading.Event()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["result"] = _evaluate(store, query, max_results, cancelled)
        except _Cancelled:
            pass
        except BaseException as err:  # handed to the caller below
            _drop_frames(err)
            outcome["error"] = err
        finally:
            if slots is not None:
                slots.release()
            done.set()

    threading.Thread(target=work, name="kg-query", daemon=True).start()
    if not done.wait(timeout_s):
        cancelled.set()
        raise QueryTimeout(f"query stopped: it ran past the {timeout_s:g} s time limit")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def run_query(sources: Sequence[Path], query: str, *, timeout_s: float | None = None) -> QueryResult:
    """Load ``sources`` (see :func:`load_store`) and run one SPARQL 1.1 query over them."""
    return execute(load_store(sources), query, timeout_s=timeout_s)


# --------------------------------------------------------------------------- formatting
