"""The ``kg`` command: a thin layer over the library (kg.pipeline, kg.query, …).

Exit codes: 0 success; 1 built, but some inputs were skipped; 2 nothing done
(bad arguments, unreadable input, invalid graph). Errors are one line, never a
traceback.
"""
from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.corpus import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Hadath: Arabic news articles in, an event-timeline knowledge graph out.")
ner_app = typer.Typer(no_args_is_help=True, help="Train and inspect named-entity recognizers.")
app.add_typer(ner_app, name="ner")

out = Console()
err = Console(stderr=True)


# C0 (line breaks and tabs too: a file name holding "\nerror: …" would forge a line), DEL, C1, and
# the bidirectional controls and line separators that reorder or break what the terminal shows
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """File names and article ids come from outside: no control character reaches the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def fail(message: str, code: int = 2) -> None:
    err.print(Text.assemble(("error: ", "bold red"), printable(message)), soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def build(
    source: list[Path] = typer.Argument(..., help="One or more sources, read in turn: a folder of .txt files "
                                                  "(+ metadata.csv), a .txt, a .jsonl or a .jsonl.gz file."),
    output: Path = typer.Option(Path("out"), "--output", "-o",
                                help="Output folder (replaced atomically). If an earlier build wrote it, the build "
                                     "is an update: unchanged articles are not analysed again."),
    prune: bool = typer.Option(False, "--prune", help="Update: drop the articles of the earlier build that are "
                                                      "missing from the sources (default: keep them)."),
    fresh: bool = typer.Option(False, "--fresh", help="Ignore an earlier build in OUTPUT: analyse every article, "
                                                      "and write the sources' articles alone."),
    ner: str = typer.Option("combined", "--ner", help="Recognizer: combined (default: the shipped model + rules) | rules | camel | camel:MODEL_DIR | crf:MODEL."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes for the per-article stages."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Skip an article (file or JSONL line) above this size."),
    views: bool = typer.Option(True, "--views/--no-views", help="Write graph.html and timeline.html."),
    engine: str = typer.Option("local", "--engine", help="Where the per-article stages run: local | dask."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="dask engine: processes (default) | threads | synchronous | the address of a "
                                       "dask.distributed scheduler (tcp://host:8786)."),
    store: Path = typer.Option(None, "--store", help="Also load the graph into this Oxigraph store folder "
                                                     "(replaced atomically; kg query / kg serve open it)."),
    follow_links: bool = typer.Option(False, "--follow-links",
                                      help="Read symbolic links of the input folder that lead out of it."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary."),
) -> None:
    """Build the knowledge graph of SOURCE... into OUTPUT: graph.ttl, the views, report.json, analyses.sqlite.

    OUTPUT is replaced only if an earlier kg build wrote it, or it is empty; anything else is refused.
    Into an earlier build's OUTPUT, the build is an update: new articles are added, changed ones analysed
    again, unchanged ones reused; the graph is the one a full build of the same articles writes."""
    from kg.corpus import CorpusError
    from kg.engines import EngineError
    from kg.pipeline import BuildError
    from kg.pipeline import build as run_build

    # SIGTERM unwinds like Ctrl-C, so the staging folder is removed and the previous output kept
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        report = run_build(source, output, recognizer=ner, workers=workers, max_bytes=max_bytes,
                           progress=False if quiet else None, views=views, engine=engine, scheduler=scheduler,
                           store=store, follow_links=follow_links, prune=prune, fresh=fresh)
    except (CorpusError, EngineError, BuildError) as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or output}: {e.strerror or e}")
    for line in report.problems:
        err.print(Text.assemble(("problem: ", "yellow"), printable(line)), soft_wrap=True)
    for line in report.warnings:
        err.print(Text.assemble(("warning: ", "yellow"), printable(line)), soft_wrap=True)
    if not quiet:
        table = Table(title=Text(printable(f"kg build {' '.join(map(str, source))} → {output}")), show_header=False)
        table.add_row("articles built", f"{report.articles_built} of {report.articles_read + report.skipped}"
                      + (" read" if report.update else ""))
        if report.update:
            table.add_row("update", ", ".join(f"{k} {report.update[k]}" for k in
                                              ("added", "changed", "removed", "reused", "kept", "reanalysed")))
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


@app.command()
def query(
    args: list[str] = typer.Argument(..., metavar="GRAPH... [QUERY]",
                                     help="Graph files, kg build output folders or Oxigraph stores, then the SPARQL "
                                          "query (text or a .rq file) unless --file is given. hd:, sem:, skos: … need no PREFIX."),
    file: Path = typer.Option(None, "--file", help="Read the query from this file ('-': standard input)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | tsv | json | turtle | ntriples"),
    timeout: float = typer.Option(None, "--timeout", help="Stop the query after this many seconds."),
) -> None:
    """Run a SPARQL query over finished graphs."""
    import sys

    from kg.query import QueryError, format_result, run_query

    try:
        if file is not None:
            sources, text = args, sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        elif len(args) >= 2:
            sources, last = args[:-1], Path(args[-1])
            text = last.read_text(encoding="utf-8") if last.suffix in (".rq", ".sparql") and last.is_file() else args[-1]
        else:
            raise QueryError("no query: kg query GRAPH... 'SELECT …' (or --file Q.rq)")
        typer.echo(format_result(run_query([Path(s) for s in sources], text, timeout_s=timeout), fmt), nl=False)
    except QueryError as e:
        fail(str(e))
    except OSError as e:  # an unreadable --file
        fail(f"{e.filename or file}: {e.strerror or e}")


@app.command()
def serve(
    out_dir: list[Path] = typer.Argument(..., metavar="OUT",
                                         help="A kg build output folder (its views and graph.ttl are served too; "
                                              "the views page through the whole graph), or graph files, or an Oxigraph store."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; keep 127.0.0.1 unless others must reach it."),
    port: int = typer.Option(7878, "--port", min=0, help="Port (0: any free port)."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.01, help="Time limit of one query, in seconds."),
    max_results: int = typer.Option(10000, "--max-results", min=1, help="Most rows or triples one query may return."),
    max_bytes: int = typer.Option(64 << 20, "--max-bytes", min=1, help="Most bytes one SPARQL response may hold."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="A Host name to answer besides loopback ones (repeatable)."),
    cors: list[str] = typer.Option([], "--cors", help="An origin browsers may read results from, e.g. https://yasgui.org (repeatable; off by default)."),
    store: Path = typer.Option(None, "--store", help="An Oxigraph store of the same graph (kg build --store): queried instead of loading graph.ttl, so a large build starts at once."),
) -> None:
    """Serve a read-only SPARQL endpoint at /sparql (and /query) until Ctrl-C."""
    import logging

    from kg.query import QueryError
    from kg.serve import serve as run_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")  # one line per request, on stderr
    try:
        run_server(out_dir, host, port, query_timeout_s=timeout, max_results=max_results, max_bytes=max_bytes,
                   allowed_hosts=allow_host, cors_origins=cors, store=store)
    except QueryError as e:
        fail(str(e))
    except OSError as e:  # address in use, or not ours to bind
        fail(f"cannot listen on {host}:{port}: {e.strerror or e}")


@app.command()
def export(
    graph: Path = typer.Argument(..., help="graph.ttl (or any RDF file), a kg build output folder or an Oxigraph store."),
    fmt: str = typer.Option(..., "--format", "-f", help="turtle | ntriples | nquads | jsonld | graphml | events-csv"),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
) -> None:
    """Export the graph to another RDF format, to GraphML for Gephi, or to an events table (CSV)."""
    from kg.export import export as run_export
    from kg.query import QueryError

    try:
        err.print(str(run_export(graph, output, fmt)), highlight=False, markup=False)
    except QueryError as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or output}: {e.strerror or e}")


@ner_app.command("train")
def ner_train(
    conll: Path = typer.Option(None, "--conll", help="Training data: one 'token tag' per line (IOB2), blank line between sentences."),
    model: Path = typer.Option(None, "--output", "-o", help="Where to write the model (use it with --ner crf:MODEL); "
                               "with --data, the model folder (default: the package's own)."),
    iterations: int = typer.Option(100, "--iterations", min=1, help="Training iterations (L-BFGS), with --conll."),
    data: Path = typer.Option(None, "--data", help="The shared data folder (anercorp/, wojood_sample/, news/): "
                              "reproduce the shipped default model."),
    new_clusters: bool = typer.Option(False, "--new-clusters", help="With --data: relearn the word clusters from "
                                      "the news even when the model folder has them."),
    neural: bool = typer.Option(False, "--neural", help="With --data: train the neural model (ner.neural.pt; needs "
                                "torch; word vectors of the news cached in /tmp/kg-embeddings.npz) instead of the CRF."),
) -> None:
    """Train the CRF recognizer: on a CoNLL file, or (--data) the default recognizer's model as shipped."""
    if (conll is None) == (data is None):
        fail("give either --conll FILE -o MODEL, or --data SHARED_DATA_DIR [-o MODEL_DIR]")
    try:
        if data is not None:
            from kg.recognize.training import MODEL_DIR, train_default

            train_default(data, model or MODEL_DIR, reuse_clusters=not new_clusters, neural=neural,
                          log=lambda m: err.print(m, highlight=False, markup=False))
            return
        from kg.recognize.crf import train_crf

        if not conll.is_file():
            fail(f"{conll}: no such file")
        if model is None:
            fail("--conll needs --output MODEL")
        report = train_crf(conll, model, max_iterations=iterations)
    except (ValueError, UnicodeDecodeError) as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename or model}: {e.strerror or e}")
    out.print(str(report), highlight=False)


@ner_app.command("list")
def ner_list() -> None:
    """The recognizers this installation knows; the default first, with where its model came from."""
    from kg.recognize.registry import DEFAULT, available
    from kg.recognize.training import model_info

    out.print(f"{DEFAULT} (default): rules + {model_info()}", highlight=False, markup=False)
    for name in available():
        if name != DEFAULT:
            out.print(name)


@app.command()
def explain(
    target: str = typer.Argument(..., help="A sentence (or text) to read, or an output folder of kg build."),
    article_id: str = typer.Argument(None, help="With an output folder: the id of one of its articles."),
    other_id: str = typer.Argument(None, help="With an output folder and an article: a second article, to say "
                                              "why their event mentions became one event (or did not)."),
    date: str = typer.Option(None, "--date", help="Publication date of a sentence (YYYY-MM-DD): resolves أمس, "
                                                  "السبت …"),
    ner: str = typer.Option(None, "--ner", help="Recognizer for a sentence (default: combined, as kg build; "
                                                "an output's own)."),
) -> None:
    """Every trigger candidate of a text, kept or dropped and why, and the rule behind each argument.

    kg explain "قصفت طائرات روسية مدينة دوما أمس" --date 2018-04-07   ·   kg explain OUT ARTICLE-ID   ·
    kg explain OUT ARTICLE-ID OTHER-ARTICLE-ID (why their mentions are one event or two)"""
    import datetime as dt

    from kg.extract.explain import (ExplainError, article_from_output, explain_merges, explain_text, render,
                                    render_merges)
    from kg.recognize.registry import RecognizerUnavailable, UnknownRecognizer

    try:
        if other_id is not None:
            if date or ner:
                fail("--date and --ner are for a sentence; articles of an output have their own")
            lines = render_merges(explain_merges(Path(target), article_id, other_id))
            for line in lines:
                out.print(printable(line), highlight=False, markup=False, soft_wrap=True)
            return
        if article_id is not None:
            text, published, recognizer = article_from_output(Path(target), article_id)
            if date:
                fail("--date is for a sentence; an article of an output has its own date")
        else:
            published = None
            if date:
                try:
                    published = dt.date.fromisoformat(date)
                except ValueError:
                    fail(f"--date {date!r}: not a date (YYYY-MM-DD)")
            text, recognizer = target, "combined"
        spec = ner or recognizer
        try:
            explanation = explain_text(text, published, spec, article_id=article_id or "explain")
        except RecognizerUnavailable as e:  # as kg build: say so, and read with the rules
            err.print(Text.assemble(("warning: ", "yellow"), printable(f"recognizer {spec!r} unavailable: {e}")),
                      soft_wrap=True)
            explanation = explain_text(text, published, "rules", article_id=article_id or "explain")
    except (ValueError, OSError) as e:  # a recognizer asked for explicitly and broken (camel:DIR, crf:MODEL)
        fail(f"--ner {ner}: {e}")
    except (ExplainError, UnknownRecognizer) as e:
        fail(str(e))
    for line in render(explanation):
        out.print(printable(line), highlight=False, markup=False, soft_wrap=True)


if __name__ == "__main__":
    app()
