"""Checks a SPARQL query must pass before any engine sees it (``kg query`` and ``kg serve``).

* **Size and nesting** are bounded first, on the text: pyoxigraph's parser recurses once per
  bracket level (5,000 levels overflow its stack and kill the process) and slows down
  steeply with nested blank nodes and lists. The depth is the largest of two counts over the
  query with its ``\\uXXXX`` escapes expanded (as the engines expand them): brackets outside
  strings, IRIs and comments, and every bracket of the raw text (closers that would go below
  zero ignored). A lexer that mistakes an operator ``<`` for an IRI cannot hide a level from both.
* **SERVICE** is decided on the parsed query: rdflib's SPARQL 1.1 parser builds the syntax tree
  and any ``ServiceGraphPattern`` in it (nested groups, subqueries, ``SILENT``, any case or
  spacing) refuses the query. Where rdflib cannot parse what pyoxigraph may accept (SPARQL 1.2
  syntax, or nesting too deep for its recursion), the query is refused if the word ``service``
  appears anywhere outside strings, IRIs and comments: a refusal too many, never a fetch.
* **SPARQL Update** is refused by its first keyword (pyoxigraph's query parser would reject it
  too, with a less helpful message).

``kg serve`` also runs each query in a worker process (:mod:`kg.sparql_worker`): a crash or a
runaway evaluation ends there, the process is killed at the time limit, and on Linux it cannot
open network sockets (seccomp), so a gap here would still fetch nothing.
"""
from __future__ import annotations

import re

__all__ = ["MAX_QUERY_CHARS", "MAX_NESTING", "check_query", "expand_escapes", "blank_out", "nesting_depth"]

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 40  # bracket levels; real queries stay under 15, pyoxigraph takes ~1 s at 64 nested [ ]

# Strings, IRIs and comments, so that keywords and prefixes are looked for in SPARQL text only.
_LEXICAL = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                          |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
                          |<[^<>"{}|^`\\\s]*>|\#[^\n]*''', re.VERBOSE)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*", re.IGNORECASE)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = "({[", ")}]"


class GuardError(ValueError):
    """Base of the refusals below; ``kind`` is ``size``, ``update`` or ``service``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def expand_escapes(query: str) -> str:
    """``\\u0053`` -> ``S``: SPARQL expands codepoint escapes before tokenising, anywhere."""
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()
    return _ESCAPE.sub(one, query)


def blank_out(query: str) -> str:
    """The query with string literals, IRIs and comments replaced by a blank (IRIs by ``<>``)."""
    return _LEXICAL.sub(lambda m: "<>" if m.group().startswith("<") else " ", query)


def _depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE and depth:
            depth -= 1
    return deepest


def nesting_depth(query: str) -> int:
    """An upper bound of the query's bracket nesting (see the module docstring)."""
    return max(_depth(blank_out(query)), _depth(query))


def _has_service(query: str) -> bool:
    """SERVICE anywhere in the parsed query; conservative when rdflib cannot parse it."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue

        tree = parseQuery(query)
    except Exception:  # noqa: BLE001 (ParseException, RecursionError: rdflib cannot decide)
        return re.search(r"service", blank_out(expand_escapes(query)), re.IGNORECASE) is not None

    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return False


def check_query(query: str, *, max_chars: int = MAX_QUERY_CHARS, max_nesting: int = MAX_NESTING) -> None:
    """Raise :class:`GuardError` for a query too long or too deep, an Update, or a SERVICE call."""
    if len(query) > max_chars:
        raise GuardError("size", f"query too long: {len(query)} characters (limit {max_chars})")
    expanded = expand_escapes(query)
    depth = nesting_depth(expanded)
    if depth > max_nesting:
        raise GuardError("size", f"query nested too deeply: {depth} bracket levels (limit {max_nesting})")
    code = blank_out(expanded)
    body = code[_PROLOGUE.match(code).end():]
    word = re.match(r"[A-Za-z]*", body).group().upper()
    if word in _UPDATE_WORDS:
        raise GuardError("update", f"SPARQL Update ({word}) refused: the graph is read-only; "
                                   "use SELECT, ASK, CONSTRUCT or DESCRIBE")
    if _has_service(query):
        raise GuardError("service", "SERVICE (federated query) refused: Hadath queries only its own graph, "
                                    "without network access")
