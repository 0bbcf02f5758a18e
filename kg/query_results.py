"""What a SPARQL query answers, and how it is written out (``kg query`` formats, ``kg serve`` bodies).

:class:`QueryResult`, the :class:`QueryError` family every query tool raises, and
:func:`format_result`: a readable table (prefixed names or ``<IRI>`` that paste back into a
query, Arabic as is), SPARQL 1.1 Query Results JSON, XML, CSV and TSV, and Turtle, N-Triples,
JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE. Running queries is :mod:`kg.query`'s; this module
imports nothing from it (no cycle).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal as TypingLiteral
from typing import Union

import pyoxigraph as ox

from kg.graph.vocab import PREFIXES

__all__ = [
    "QueryError", "SourceError", "QuerySyntaxError", "UpdateRefused", "QueryTimeout",
    "ResultTooLarge", "ServerBusy", "QueryTooComplex", "QueryResult", "Term", "RESULT_FORMATS",
    "TURTLE_PREFIXES", "format_result", "shorten", "query_iri", "display_term",
]

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]

XSD_NS = PREFIXES["xsd"]
XSD_STRING = XSD_NS + "string"
# Literals shown bare in tables: their value says what they are.
_BARE_DATATYPES = {XSD_NS + t for t in ("string", "integer", "decimal", "double", "float", "boolean",
                                          "date", "dateTime", "nonNegativeInteger", "int", "long")}


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
