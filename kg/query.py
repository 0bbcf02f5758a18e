"""SPARQL over finished Hadath graphs: load, query, format.

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

import csv
import io
import json
import re
import threading
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import Union

import pyoxigraph as ox

from kg.graph.vocab import PREFIXES
from kg.sparql_guard import GuardError, blank_out, check_query

__all__ = [
    "QueryError", "SourceError", "QuerySyntaxError", "UpdateRefused", "QueryTimeout",
    "ResultTooLarge", "ServerBusy", "QueryTooComplex", "QueryResult", "Term", "RESULT_FORMATS", "RDF_FORMATS",
    "TURTLE_PREFIXES", "is_oxigraph_store", "check_read_only", "parse_error",
    "resolve_sources", "rdf_format", "load_store", "execute", "run_query", "format_result",
    "shorten", "query_iri", "display_term",
]

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
PathArg = Union[str, "PathLike[str]"]

XSD_NS = PREFIXES["xsd"]
XSD_STRING = XSD_NS + "string"
RDF_LANGSTRING = PREFIXES["rdf"] + "langString"
# Literals shown bare in tables: their value says what they are.
_BARE_DATATYPES = {XSD_NS + t for t in ("string", "integer", "decimal", "double", "float", "boolean",
                                          "date", "dateTime", "nonNegativeInteger", "int", "long")}

# Extension -> parser format. pyoxigraph reads more than the contract needs; all are cheap to allow.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES, ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
}

# Output formats of format_result, by kind of result.
RESULT_FORMATS: dict[str, tuple[str, ...]] = {
    "select": ("table", "csv", "tsv", "json", "xml"),
    "ask": ("table", "csv", "tsv", "json", "xml"),
    "graph": ("table", "turtle", "ntriples", "json", "jsonld", "rdfxml"),
}

# Prefixes for Turtle output. Not hdr: pyoxigraph would write hdr:entity\/aleppo (a legal but
# unreadable escape); the full IRI reads better.
TURTLE_PREFIXES = {prefix: ns for prefix, ns in PREFIXES.items() if prefix != "hdr"}

_TABLE_CELL_MAX = 80  # characters; longer values (article texts) are cut with "…" in tables only


# --------------------------------------------------------------------------- errors


class QueryError(Exception):
    """A problem a user can fix, in one line: what and where. The CLI prints it and exits 2."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class SourceError(QueryError):
    """A graph source is missing, unreadable or not valid RDF (names the file and line)."""


class QuerySyntaxError(QueryError):
    """The query is not valid SPARQL 1.1."""


class UpdateRefused(QueryError):
    """A SPARQL Update (or a SERVICE call) was sent to a read-only tool."""


class QueryTooComplex(QueryError):
    """The query is longer or more deeply nested than the engine can take safely."""


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class ResultTooLarge(QueryError):
    """The result has more rows or triples than allowed."""


class ServerBusy(QueryError):
    """All evaluation slots are taken (by running or abandoned queries)."""


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class QueryResult:
    """The answer to one query.

    ``kind`` is ``"select"`` (``variables`` and ``rows``; a row holds one pyoxigraph term or
    ``None`` per variable), ``"ask"`` (``boolean``) or ``"graph"`` for CONSTRUCT and DESCRIBE
    (``triples``, pyoxigraph :class:`~pyoxigraph.Triple`, duplicates removed).
    """

    kind: TypingLiteral["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    def __len__(self) -> int:
        return {"select": len(self.rows), "graph": len(self.triples)}.get(self.kind, 1)


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


def shorten(iri: str) -> str:
    """``https://w3id.org/hadath/id/entity/aleppo`` -> ``hdr:entity/aleppo`` (for display only)."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


# A local name that needs no escape in a SPARQL prefixed name (PN_LOCAL, kept to ASCII).
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def query_iri(iri: str) -> str:
    """An IRI as it can be pasted back into a query: ``hd:Killing`` when the local name needs
    no escape, else ``<https://w3id.org/hadath/id/event/…>`` (``hdr:event/x`` is not SPARQL)."""
    short = shorten(iri)
    if short != iri and _PLAIN_LOCAL.fullmatch(short.split(":", 1)[1]):
        return short
    return "<" + iri + ">"


def display_term(term: Term | None) -> str:
    """A term as people read it and queries take it: prefixed names or ``<IRI>``, bare values,
    ``@ar`` tags, Arabic as is."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return query_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        datatype = term.datatype.value
        return term.value if datatype in _BARE_DATATYPES else f"{term.value}^^{query_iri(datatype)}"
    return f"<< {display_term(term.subject)} {display_term(term.predicate)} {display_term(term.object)} >>"


def _cell(term: Term | None) -> str:
    text = " ".join(display_term(term).split())
    if isinstance(term, ox.NamedNode) or len(text) <= _TABLE_CELL_MAX:  # IRIs whole: they are pasted back
        return text
    return text[:_TABLE_CELL_MAX - 1] + "…"


def _table(header: Sequence[str], rows: Iterable[Sequence[Term | None]], count: int, noun: str) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, caption_justify="left",
                  caption=f"{count} {noun}{'' if count == 1 else 's'}")
    for name in header:
        table.add_column(Text(name), no_wrap=True, overflow="ignore")
    for row in rows:
        table.add_row(*(Text(_cell(term)) for term in row))
    buffer = io.StringIO()
    Console(file=buffer, width=100_000, color_system=None, force_terminal=False, highlight=False,
            emoji=False, markup=False, soft_wrap=True).print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n") + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


_SRX = "http://www.w3.org/2005/sparql-results#"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """XML 1.0 cannot hold most control characters: they become U+FFFD in XML results only."""
    return _XML_ILLEGAL.sub("\ufffd", value)


def _xml_term(parent: "ET.Element", term: Term) -> None:
    import xml.etree.ElementTree as ET

    if isinstance(term, ox.NamedNode):
        ET.SubElement(parent, "uri").text = _xml_text(term.value)
    elif isinstance(term, ox.BlankNode):
        ET.SubElement(parent, "bnode").text = _xml_text(term.value)
    elif isinstance(term, ox.Literal):
        node = ET.SubElement(parent, "literal")
        if term.language:
            node.set("xml:lang", term.language)
        elif term.datatype.value != XSD_STRING:
            node.set("datatype", term.datatype.value)
        node.text = _xml_text(term.value)
    else:
        triple = ET.SubElement(parent, "triple")
        for part, value in (("subject", term.subject), ("predicate", term.predicate), ("object", term.object)):
            _xml_term(ET.SubElement(triple, part), value)


def _xml_results(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("sparql", xmlns=_SRX)
    head = ET.SubElement(root, "head")
    if result.kind == "ask":
        ET.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for var in result.variables:
            ET.SubElement(head, "variable", name=var)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            solution = ET.SubElement(results, "result")
            for var, term in zip(result.variables, row):
                if term is not None:
                    _xml_term(ET.SubElement(solution, "binding", name=var), term)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def format_result(result: QueryResult, fmt: str) -> str:
    """Serialise a result; always ends with a newline.

    ``table`` (readable: prefixed names, Arabic as is, long values cut), ``csv`` / ``tsv`` /
    ``json`` (SPARQL 1.1 Query Results CSV/TSV and JSON) for SELECT and ASK; ``turtle`` /
    ``ntriples`` / ``json`` (= ``jsonld``) and ``table`` for CONSTRUCT and DESCRIBE.
    """
    fmt = fmt.lower()
    if fmt not in RESULT_FORMATS[result.kind]:
        what = "CONSTRUCT/DESCRIBE" if result.kind == "graph" else result.kind.upper()
        raise QueryError(f"format {fmt!r} does not fit this {what} query; use one of: "
                         f"{', '.join(RESULT_FORMATS[result.kind])}")
    if fmt == "xml":
        return _xml_results(result)
    if fmt == "rdfxml":
        return ox.serialize(result.triples, format=ox.RdfFormat.RDF_XML).decode("utf-8") + "\n"
    if result.kind == "ask":
        value = "true" if result.boolean else "false"
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return f"{value}\n"
    if result.kind == "select":
        if fmt == "table":
            return _table(result.variables, result.rows, len(result.rows), "row")
        if fmt == "json":
            bindings = [{var: _json_term(term) for var, term in zip(result.variables, row) if term is not None}
                        for row in result.rows]
            return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                              ensure_ascii=False) + "\n"
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(result.variables)
            writer.writerows([_csv_value(term) for term in row] for row in result.rows)
            return buffer.getvalue()
        lines = ["\t".join(f"?{var}" for var in result.variables)]
        lines += ["\t".join("" if term is None else str(term) for term in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        return _table(("subject", "predicate", "object"), result.triples, len(result.triples), "triple")
    if fmt in ("json", "jsonld"):
        return ox.serialize(result.triples, format=ox.RdfFormat.JSON_LD).decode("utf-8") + "\n"
    rdf = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
    text = ox.serialize(result.triples, format=rdf, prefixes=TURTLE_PREFIXES if fmt == "turtle" else None)
    return text.decode("utf-8") if text.endswith(b"\n") or not text else text.decode("utf-8") + "\n"
