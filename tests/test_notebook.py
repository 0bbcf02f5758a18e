"""notebooks/explore.ipynb: committed without outputs, and runs headless from top to bottom.

The notebook is executed with nbclient in a temporary working directory, so its ``out/`` folder
lands there and nothing is written into the repository.
"""
from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _read() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_committed_notebook_is_valid_and_has_no_outputs():
    nb = _read()
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], f"outputs committed in cell {cell.get('id')}: clear them before committing"
        assert cell.execution_count is None, f"execution count committed in cell {cell.get('id')}"
    # a journalist reads the notebook: every step is explained before its code
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= len(code) // 2


def test_notebook_runs_every_competency_question():
    from kg.queries import QUESTIONS

    source = "\n".join(c.source for c in _read().cells if c.cell_type == "code")
    for name, _ in QUESTIONS:
        assert f'ask("{name}"' in source, f"the notebook does not show {name}"


def _ensure_python3_kernel() -> None:
    """ipykernel in this environment provides "python3"; on a machine without a kernel spec, install one."""
    from jupyter_client.kernelspec import find_kernel_specs

    if "python3" not in find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--user", "--name", "python3"], check=True,
                       capture_output=True)


def _texts(nb: nbformat.NotebookNode) -> list[str]:
    """Every output of the executed notebook as text (streams, plain-text and HTML results)."""
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                texts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                texts.extend(str(v) for k, v in output.data.items() if k in ("text/plain", "text/html"))
            elif output.output_type == "error":
                texts.append(f"ERROR {output.ename}: {output.evalue}")
    return texts


@pytest.mark.slow
def test_notebook_executes_headless(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    _ensure_python3_kernel()
    monkeypatch.delenv("HADATH_OUT", raising=False)
    monkeypatch.delenv("HADATH_SEEDS", raising=False)
    before = sorted(p.name for p in NOTEBOOK.parent.iterdir())
    committed = NOTEBOOK.read_bytes()

    nb = _read()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()

    texts = _texts(nb)
    everything = "\n".join(texts)
    assert not any(t.startswith("ERROR") for t in texts), everything[-3000:]
    assert "Articles in the graph: 5" in everything
    assert "articles read: 5, built: 5" in everything
    # the competency questions came back as tables with the facts the seeds hold
    assert "civiliansKilled" in everything and "463" in everything
    assert "TakeControl" in everything
    # network analytics: centrality table and Louvain communities
    assert "betweenness" in everything
    assert "communities" in everything and "community 1 (" in everything
    # the network and the timeline shown inline, offline (the pages are embedded, not linked)
    frames = [t for t in texts if "<iframe srcdoc=" in t]
    assert len(frames) == 2
    for frame in frames:  # no script or style sheet fetched from the network
        assert not re.search(r"(src|href)=(&quot;|&#x27;|[\"'])https?:", frame)

    # the build went into the temporary working directory, not into the repository
    assert (tmp_path / "out" / "graph.ttl").is_file() and (tmp_path / "out" / "graph.html").is_file()
    assert sorted(p.name for p in NOTEBOOK.parent.iterdir()) == before
    assert NOTEBOOK.read_bytes() == committed
