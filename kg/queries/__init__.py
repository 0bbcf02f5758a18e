"""The competency questions: SPARQL an analyst can run on any Hadath graph.

Each ``NAME.rq`` file in this package starts with ``# title:`` and ``# question:`` comment
lines, declares the prefixes it uses (``kg query`` would add them, other stores would not) and
runs on ``graph.ttl`` alone, with no reasoner::

    from kg.queries import QUESTIONS, load_query
    from kg.query import run_query, format_result

    for name, title in QUESTIONS:
        print(title)
    text = load_query("events_in_place", place="تدمر")   # Palmyra instead of the default, Aleppo
    print(format_result(run_query([Path("out/graph.ttl")], text), "table"))

From the shell: ``kg query out/graph.ttl --file kg/queries/events_in_place.rq``.

A question with a parameter has one ``VALUES ?var { … }`` line holding its default (a commented
one, ``# VALUES ?event { … }``, means "no restriction by default"); ``load_query(name, var=value)``
puts ``value`` there: a ``str`` becomes a string literal (an IRI if it starts with ``http://`` or
``https://``), a number a number, a ``datetime.date`` an ``xsd:date``, a list several values.
"""
from __future__ import annotations

import datetime as dt
import re
from importlib import resources

__all__ = ["QUESTIONS", "load_query", "question_text", "parameters"]

_HEADER = re.compile(r"^#\s*(title|question):\s*(.+?)\s*$", re.MULTILINE)
_VALUES = r"^([ \t]*)(?:#[ \t]*)?VALUES[ \t]+\?{name}[ \t]*\{{[^}}\n]*\}}[^\n]*$"


def _names() -> list[str]:
    return sorted(p.name[:-3] for p in resources.files(__name__).iterdir() if p.name.endswith(".rq"))


def _read(name: str) -> str:
    path = resources.files(__name__).joinpath(f"{name}.rq")
    if not name.replace("_", "").isalnum() or not path.is_file():
        raise KeyError(f"no competency question {name!r}; known: {', '.join(_names())}")
    return path.read_text(encoding="utf-8")


def _header(name: str, field: str) -> str:
    found = dict((k, v) for k, v in _HEADER.findall(_read(name)))
    return found.get(field, name)


def question_text(name: str) -> str:
    """The question a query answers, in plain words (its ``# question:`` line)."""
    return _header(name, "question")


def parameters(name: str) -> list[str]:
    """The variables of a query that ``load_query`` can set (its ``VALUES`` lines)."""
    return re.findall(r"^[ \t]*(?:#[ \t]*)?VALUES[ \t]+\?(\w+)[ \t]*\{", _read(name), re.MULTILINE)


def _term(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'
    text = str(value)
    if re.match(r"^https?://[^\s<>\"{}|\\^`]+$", text):
        return f"<{text}>"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def load_query(name: str, /, **values: object) -> str:
    """The SPARQL text of the competency question ``name`` (``events_in_place`` …), with the
    ``VALUES`` line of each keyword argument set to that value (see the module docstring)."""
    text = _read(name)
    for var, value in values.items():
        items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
        pattern = re.compile(_VALUES.format(name=re.escape(var)), re.MULTILINE)
        if not pattern.search(text):
            raise KeyError(f"{name}: no parameter ?{var}; it has: {', '.join(parameters(name)) or 'none'}")
        line = f"VALUES ?{var} {{ {' '.join(_term(v) for v in items)} }}"
        text = pattern.sub(lambda m: m.group(1) + line, text, count=1)
    return text


#: (name, title) of every competency question, in the order the README and the notebook show them.
_ORDER = ["events_in_place", "figures_by_source", "actors_by_articles", "actor_timeline",
          "conflicting_figures", "event_map", "event_evidence"]
QUESTIONS: list[tuple[str, str]] = [
    (n, _header(n, "title")) for n in sorted(_names(), key=lambda n: (_ORDER.index(n) if n in _ORDER else 99, n))]
