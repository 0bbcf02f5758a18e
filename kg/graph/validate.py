"""Check a built graph against the contract's SHACL shapes (ontology/shapes.ttl).

    result = validate(Path("out/graph.ttl"))
    if not result.conforms:
        print(result.summary())

Validation needs no inference: the contract asks the graph to materialise its
types, so the shapes need no reasoner. It runs kg.graph.shacl_core (the data
indexed once, core constraints in Python, each SHACL-SPARQL constraint as one
Oxigraph query: seconds for a 300-article graph, bench/RESULTS_HTML.md); shapes
using a SHACL feature that module does not implement are run by pyshacl instead
(``engine="pyshacl"`` forces it; both give the same findings, tests/graph/test_validate.py). ``conforms`` is False
only for ``sh:Violation`` results; warnings (``sh:Warning``) are reported in
``violations`` but do not break conformance.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SH
from rdflib.term import Node
from rdflib.util import guess_format

import kg

__all__ = ["Violation", "ValidationResult", "validate", "ontology_dir", "shapes_path", "load_graph"]


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    focus_node: str  # the node that fails, as an IRI or "_:b0" for a blank node
    path: str | None  # the property path (an IRI), None for node-level constraints
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: str | None = None  # the offending value, where the constraint names one
    source_shape: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"[{self.severity}] <{self.focus_node}>{where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationResult:
    """What :func:`validate` found: conformance, the results one by one, and pyshacl's report."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""

    @property
    def errors(self) -> list[Violation]:
        """The results of severity sh:Violation (those that break conformance)."""
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]

    def summary(self, limit: int = 20) -> str:
        """A short human-readable report: counts per message, then the first ``limit`` results."""
        if not self.violations:
            return "graph conforms to the Hadath shapes"
        head = (f"graph {'conforms' if self.conforms else 'does NOT conform'}: "
                f"{len(self.errors)} violation(s), {len(self.warnings)} warning(s)")
        counts: dict[tuple[str, str], int] = {}
        for v in self.violations:
            counts[(v.severity, v.message)] = counts.get((v.severity, v.message), 0) + 1
        lines = [head]
        lines += [f"  {n:>5} × [{sev}] {msg}" for (sev, msg), n in sorted(counts.items(), key=lambda kv: -kv[1])]
        shown = self.violations[:limit]
        lines += ["first results:"] + [f"  {v}" for v in shown]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more")
        return "\n".join(lines)


def ontology_dir() -> Path:
    """The repository's ``ontology/`` folder (hadath.ttl, shapes.ttl), next to the ``kg`` package."""
    path = Path(kg.__file__).resolve().parent.parent / "ontology"
    if not path.is_dir():
        raise FileNotFoundError(
            f"{path}: ontology folder not found (expected next to the kg package, "
            f"at {Path(kg.__file__).resolve().parent}; install Hadath from a checkout, e.g. `pip install -e .`)")
    return path


def shapes_path() -> Path:
    """The default SHACL shapes file, ``ontology/shapes.ttl``."""
    path = Path(kg.__file__).resolve().parent.parent / "ontology" / "shapes.ttl"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: SHACL shapes file not found")
    return path


def load_graph(source: rdflib.Graph | str | Path) -> rdflib.Graph:
    """A graph as given, or parsed from a file (format from the suffix, Turtle by default)."""
    if isinstance(source, rdflib.Graph):
        return source
    path = Path(source)
    if not path.is_file():
        hint = ""
        if isinstance(source, str) and ("\n" in source or source.lstrip().startswith(("@prefix", "PREFIX", "<"))):
            hint = " (this looks like RDF text: parse it into an rdflib.Graph and pass the graph)"
        shown = source if len(str(source)) < 200 else str(source)[:200] + "…"
        raise FileNotFoundError(f"{shown}: no such file{hint}")
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises a variety of parser errors
        raise ValueError(f"{path}: cannot be parsed as RDF ({exc})") from exc
    return graph


@functools.lru_cache(maxsize=4)
def _shapes(path: str, mtime_ns: int) -> rdflib.Graph:
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:
        raise ValueError(f"{path}: the SHACL shapes cannot be parsed ({exc})") from exc
    return graph


def _load_shapes(shapes: Path | str | None) -> rdflib.Graph:
    path = Path(shapes) if shapes is not None else shapes_path()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: SHACL shapes file not found")
    path = path.resolve()
    return _shapes(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _prepared(query: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query)


class _PreparedQueryGraph(rdflib.Graph):
    """A view of a graph (same store, no copy) that parses each SPARQL text once.

    pyshacl runs a SHACL-SPARQL constraint once per focus node, with the same query
    text and ``$this`` pre-bound; rdflib would parse the text every time (≈30 ms, against
    ≈0.5 ms to evaluate it), which made validation of a few thousand triples take tens
    of seconds.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        init_ns = args[2] if len(args) > 2 else kwargs.get("initNs")
        if isinstance(query_object, str) and not init_ns and not kwargs.get("base"):
            try:
                query_object = _prepared(query_object)
            except Exception:  # leave anything unusual to rdflib's own error reporting
                pass
        return super().query(query_object, *args, **kwargs)


def _fast_view(graph: rdflib.Graph) -> rdflib.Graph:
    if type(graph) is not rdflib.Graph:  # Datasets and other graph kinds: as they are
        return graph
    return _PreparedQueryGraph(store=graph.store, identifier=graph.identifier,
                               namespace_manager=graph.namespace_manager)


def _text(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return str(node)


def _results(report: rdflib.Graph) -> list[Violation]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        out.append(Violation(
            focus_node=_text(report.value(result, SH.focusNode)) or "",
            path=str(path) if isinstance(path, rdflib.URIRef) else _text(path),
            message=str(report.value(result, SH.resultMessage) or ""),
            severity=str(severity).rpartition("#")[2] if severity is not None else "Violation",
            value=_text(report.value(result, SH.value)),
            source_shape=_text(report.value(result, SH.sourceShape)),
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.sort(key=lambda v: (order.get(v.severity, 3), v.message, v.focus_node, v.path or "", v.value or ""))
    return out


def validate(data: rdflib.Graph | str | Path, shapes: Path | None = None, *,
             engine: str = "auto") -> ValidationResult:
    """Validate a graph (or a graph file) against the Hadath SHACL shapes.

    ``data`` is an rdflib Graph, or the path of a graph file (str or Path). ``shapes``
    defaults to the repository's ``ontology/shapes.ttl``; a missing file raises
    FileNotFoundError naming the path. ``engine``: "auto" (the fast checker when it
    implements every feature the shapes use, else pyshacl), "fast" or "pyshacl".
    """
    if engine not in ("auto", "fast", "pyshacl"):
        raise ValueError(f"unknown validation engine {engine!r} (auto, fast or pyshacl)")
    shapes_graph = _load_shapes(shapes)
    if engine != "pyshacl":
        from kg.graph import shacl_core

        try:
            compiled = _compiled(shapes_graph)
            if compiled is None:
                raise shacl_core.Unsupported("see the log of compile_shapes")
            return _fast_validate(data, compiled)
        except shacl_core.Unsupported:
            if engine == "fast":
                raise
    return _pyshacl_validate(data, shapes_graph)


def _compiled(shapes_graph: rdflib.Graph):
    from kg.graph import shacl_core

    key = id(shapes_graph)
    if key not in _COMPILED or _COMPILED[key][0] is not shapes_graph:
        try:
            _COMPILED[key] = (shapes_graph, shacl_core.compile_shapes(shapes_graph))
        except shacl_core.Unsupported:
            _COMPILED[key] = (shapes_graph, None)
    return _COMPILED[key][1]


_COMPILED: dict[int, tuple] = {}  # shapes graphs are cached by _shapes; their compiled form with them

_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nt11": "N_TRIPLES", "ntriples": "N_TRIPLES",
               "xml": "RDF_XML", "n3": "N3", "nquads": "N_QUADS", "trig": "TRIG"}


def _ox_triples(data: rdflib.Graph | str | Path) -> list:
    """The data as pyoxigraph quads (default graph): a file parsed by pyoxigraph, an rdflib graph through N-Triples."""
    import pyoxigraph as ox

    from kg.graph import shacl_core

    if isinstance(data, (rdflib.ConjunctiveGraph, rdflib.Dataset)):
        raise shacl_core.Unsupported("datasets go to pyshacl")
    if not isinstance(data, rdflib.Graph):
        path = Path(data)
        fmt = _OX_FORMATS.get(guess_format(str(path)) or "turtle")
        if path.is_file() and fmt is not None:
            try:
                return list(ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt)))
            except (SyntaxError, ValueError) as exc:
                raise ValueError(f"{path}: cannot be parsed as RDF ({exc})") from exc
            except UnicodeDecodeError as exc:
                raise ValueError(f"{path}: cannot be parsed as RDF (not UTF-8: {exc})") from exc
    graph = load_graph(data)
    return list(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))


def _fast_validate(data: rdflib.Graph | str | Path, compiled) -> ValidationResult:
    from kg.graph import shacl_core

    triples = _ox_triples(data)
    needs_store = any(shape.sparql for shape in compiled.shapes)
    findings = shacl_core.check(shacl_core.data_from_triples(triples, sparql=needs_store), compiled)

    def text(term) -> str | None:
        if term is None:
            return None
        return term[0] if isinstance(term, tuple) else term

    unique = {(text(f.focus), f.path, f.message, f.severity, text(f.value), f.shape) for f in findings}
    out = [Violation(focus_node=focus or "", path=path, message=message, severity=severity, value=value,
                     source_shape=shape) for focus, path, message, severity, value, shape in unique]
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    out.sort(key=lambda v: (order.get(v.severity, 3), v.message, v.focus_node, v.path or "", v.value or ""))
    conforms = not any(v.severity == "Violation" for v in out)
    lines = ["Validation Report", f"Conforms: {conforms}"]
    if out:
        lines.append(f"Results ({len(out)}):")
        lines += [f"  {v}" for v in out]
    return ValidationResult(conforms=conforms, violations=out, text="\n".join(lines) + "\n")


def _pyshacl_validate(data: rdflib.Graph | str | Path, shapes_graph: rdflib.Graph) -> ValidationResult:
    import pyshacl  # imported here: it is slow to import and only the fallback needs it

    data_graph = load_graph(data)
    conforms, report, text = pyshacl.validate(
        _fast_view(data_graph),
        shacl_graph=shapes_graph,
        inference="none",
        advanced=False,  # sh:sparql constraints are SHACL-SPARQL, run without it; True would clone the data
        allow_warnings=True,
        allow_infos=True,
        abort_on_first=False,
    )
    return ValidationResult(conforms=bool(conforms), violations=_results(report), text=str(text))
