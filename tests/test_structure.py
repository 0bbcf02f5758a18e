"""The package's shape: no module too big to read in one sitting, no import cycle anywhere.

Imports are read from the source (``ast``), at any depth: an import inside a function still
ties two modules together, so it counts."""
from __future__ import annotations

import ast

import networkx as nx

from tests.conftest import ROOT

PACKAGE = ROOT / "kg"
MAX_LINES = 600


def _module(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> nx.DiGraph:
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in modules and t != name)
    return graph


def test_no_module_is_longer_than_a_sitting():
    long = {_module(p): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_cycle_in_the_package():
    graph = _import_graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_the_import_graph_sees_the_stages():
    graph = _import_graph()  # the test reads real imports: the pipeline reaches the recognizer and the writer
    assert nx.has_path(graph, "kg.cli", "kg.pipeline")
    assert graph.number_of_edges() > 100
