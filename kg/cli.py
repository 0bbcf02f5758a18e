"""The ``kg`` command: a thin layer over the library (kg.pipeline, kg.query, …).

Exit codes: 0 success; 1 built, but some inputs were skipped; 2 nothing done
(bad arguments, unreadable input, invalid graph). Errors are one line, never a
traceback.
"""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Hadath: Arabic news articles in, an event-timeline knowledge graph out.")
ner_app = typer.Typer(no_args_is_help=True, help="Train and inspect named-entity recognizers.")
app.add_typer(ner_app, name="ner")

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def build(
    source: Path = typer.Argument(..., help="A folder of .txt files (+ metadata.csv), one .txt, or a .jsonl file."),
    output: Path = typer.Option(Path("out"), "--output", "-o", help="Output folder (replaced atomically)."),
    ner: str = typer.Option("rules", "--ner", help="Recognizer: rules | camel | camel:MODEL_DIR | crf:MODEL."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes for the per-article stages."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1, help="Skip an article (file or JSONL line) above this size."),
    views: bool = typer.Option(True, "--views/--no-views", help="Write graph.html and timeline.html."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
) -> None:
    """Build the knowledge graph of SOURCE into OUTPUT: graph.ttl, graph.html, timeline.html, report.json."""
    from kg.corpus import CorpusError
    from kg.pipeline import build as run_build

    try:
        report = run_build(source, output, recognizer=ner, workers=workers, max_bytes=max_bytes,
                           progress=False if quiet else None, views=views)
    except CorpusError as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or output}: {e.strerror or e}")
    for line in report.problems:
        err.print(f"[yellow]problem:[/] {line}", highlight=False)
    for line in report.warnings:
        err.print(f"[yellow]warning:[/] {line}", highlight=False)
    if not quiet:
        table = Table(title=f"kg build {source} → {output}", show_header=False)
        table.add_row("articles built", f"{report.articles_built} of {report.articles_read + report.skipped}")
        for key in ("entities", "events", "figures", "quotes", "triples"):
            table.add_row(key, str(report.counts.get(key, 0)))
        table.add_row("seconds", ", ".join(f"{k} {v:.2f}" for k, v in report.seconds.items()))
        table.add_row("written", ", ".join(report.outputs))
        out.print(table)
    if report.articles_built == 0:
        fail("no article could be built", 2)
    if report.skipped:
        raise typer.Exit(1)


@app.command()
def validate(graph: Path = typer.Argument(..., help="A graph.ttl written by kg build."),
             shapes: Path = typer.Option(None, "--shapes", help="SHACL shapes (default: ontology/shapes.ttl).")) -> None:
    """Check GRAPH against the SHACL shapes of the contract."""
    from kg.graph.validate import validate as run_validate

    if not graph.is_file():
        fail(f"{graph}: no such file")
    try:
        result = run_validate(graph, shapes)
    except (ValueError, SyntaxError) as e:
        fail(f"{graph}: cannot be parsed as RDF ({e})")
    if result.conforms:
        out.print(f"{graph}: conforms to the Hadath shapes")
        return
    err.print(result.summary(), highlight=False)
    fail(f"{graph}: {len(result.errors)} violation(s)", 2)


@app.command()
def conflicts(
    graph: Path = typer.Argument(..., help="graph.ttl, or the output folder of kg build."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Figures that disagree: the same measure about the same event, with different values, side by side."""
    import json
    from dataclasses import asdict

    from kg.conflicts import find_conflicts

    folder = graph if graph.is_dir() else graph.parent
    path = graph / "graph.ttl" if graph.is_dir() else graph
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        found = find_conflicts(path, folder / "ontology" / "hadath.ttl")
    except (OSError, SyntaxError, ValueError) as e:
        fail(f"{path}: {e}")
    if as_json:
        out.print_json(json.dumps([asdict(c) | {"values": c.values} for c in found], ensure_ascii=False))
        return
    if not found:
        out.print("no conflicting figures")
    for c in found:
        table = Table(title=f"{c.measure} — {c.event_class} in {c.place or '?'} ({c.begin} … {c.end})")
        for column in ("value", "approximation", "source", "article", "published", "words"):
            table.add_column(column)
        for a in c.accounts:
            table.add_row(f"{a.value:g}", a.approximation, a.source or "—", a.article, a.published, a.anchor)
        out.print(table)
