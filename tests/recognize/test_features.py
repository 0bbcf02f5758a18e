"""The recognizer modules' imports: no cycle, even through imports made inside functions."""
from __future__ import annotations

import ast
from pathlib import Path

import kg.recognize

PACKAGE = Path(kg.recognize.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return {n for n in names if n.startswith("kg.recognize.")}


def _graph() -> dict[str, set[str]]:
    return {"kg.recognize." + p.stem: _imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}


def _cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def test_statistical_recognizer_modules_are_in_no_import_cycle():
    graph = _graph()
    for module in ("crf", "features", "clusters", "training", "combine", "registry"):
        assert _cycle_through(graph, "kg.recognize." + module) is None, module


def test_the_lexicon_classes_are_shared_from_features():
    from kg.recognize.features import project_lexicon

    lex = project_lexicon()
    assert lex("محمد") in ("GIVEN", "GIVEN2")
