"""Everything ``kg build`` writes into its output folder.

graph.ttl (sorted, deterministic), graph.html, timeline.html, a copy of the
ontology, and report.json. Files are written into a staging folder beside the
output and swapped in at the end, so an interrupted build never leaves a
half-written folder nor destroys the previous one. With ``store``, the graph is
also bulk-loaded into an Oxigraph store folder (swapped in the same way) that
``kg query`` and ``kg serve`` open read-only.

Scale (docs/scaling.md, bench/RESULTS.md):

* The triples are sorted and deduplicated as tuples of plain strings (C-speed hashing and
  comparison), not as rdflib terms, whose ``__hash__`` and ``__lt__`` are Python code; the order
  and the bytes are those of ``kg.graph.write.serialize(sorted_unique(...))``.
* The views never get more than a usable page: above ``VIEW_FULL_MAX_NODES`` nodes (or
  ``VIEW_FULL_MAX_TRIPLES`` triples) they are drawn from a sample (:func:`view_sample`) — the
  ``VIEW_MAX_ENTITIES`` entities taking part in most events, up to ``VIEW_MAX_EVENTS`` of their
  events, up to ``VIEW_MAX_FIGURES`` figures about those, ``VIEW_EVIDENCE`` evidence spans per
  node — and the report says so. graph.ttl and the store always hold everything.
"""
from __future__ import annotations

import datetime as dt
import errno
import heapq
import itertools
import json
import marshal
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.outdir import OutputRefused, check_output, is_build_output, replace_folder, staging_folder

# kg.graph and the views are imported where used: the store loader runs in a child process
# (``python -m kg.outputs``) that needs nothing but pyoxigraph.
if TYPE_CHECKING:
    from kg.model import Corpus

GRAPH_FILE = "graph.ttl"
NETWORK_FILE = "graph.html"
TIMELINE_FILE = "timeline.html"
ACTORS_FILE = "actors.html"
MAP_FILE = "map.html"
REPORT_FILE = "report.json"
ONTOLOGY_FOLDER = "ontology"

# Views at scale: above either limit the views show a sample of the graph.
VIEW_FULL_MAX_NODES = 1500  # entities + events + figures
VIEW_FULL_MAX_TRIPLES = 300_000
VIEW_MAX_ENTITIES = 150  # the entities taking part in most events
VIEW_MAX_EVENTS = 600  # their events, those involving most of the chosen entities first
VIEW_MAX_FIGURES = 300  # figures about the chosen events
VIEW_EVIDENCE = 3  # evidence spans (and their articles) kept per node


def write_outputs(corpus: Corpus, out: Path, report, *, views: bool = True, store: Path | None = None,
                  staging: Path | None = None) -> None:
    """Write every output into a staging folder beside ``out`` and swap it in (kg.outdir's rules:
    ``out`` and ``store`` must be replaceable; the caller holds their locks).

    ``staging`` is a staging folder the caller made (kg.outdir.staging_folder) and already wrote
    into (the analysis store); by default a new one. Either way it is removed if writing fails."""
    from kg.graph.build import corpus_triples
    from kg.graph.validate import ontology_dir
    from kg.progress import peak_mb

    out = check_output(out)
    if store is not None:
        store = check_store_target(Path(store), out)
    staging = staging_folder(out) if staging is None else staging
    loader: StoreLoader | None = None
    graph: SortedTriples | None = None
    try:
        clock = time.perf_counter()
        graph = SortedTriples.of(corpus_triples(corpus), folder=staging)  # past RUN_KEYS: sorted runs on disk
        graph.serialize(staging / GRAPH_FILE)
        report.counts["triples"] = len(graph)
        report.seconds["graph"] = time.perf_counter() - clock
        report.peak_mb["graph"] = peak_mb()

        if store is not None:  # loads in a child process while the views are drawn here
            loader = StoreLoader(staging / GRAPH_FILE, staging_folder(Path(store)))

        shutil.copytree(ontology_dir(), staging / ONTOLOGY_FOLDER)
        files = [GRAPH_FILE, ONTOLOGY_FOLDER + "/"]
        if views:
            clock = time.perf_counter()
            write_views(corpus, graph, staging, report)
            files += [NETWORK_FILE, TIMELINE_FILE, ACTORS_FILE, MAP_FILE]
            report.seconds["views"] = time.perf_counter() - clock
            report.peak_mb["views"] = peak_mb()
        graph.close()
        graph = None
        if loader is not None:
            report.seconds["store"] = loader.wait()
        from kg.store import STORE_FILE

        if (staging / STORE_FILE).is_file():
            files.append(STORE_FILE)
        report.outputs = files + [REPORT_FILE]
        report.built_at = utc_now()  # the one time-based value of a build, kept out of graph.ttl
        (staging / REPORT_FILE).write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2, sort_keys=True),
                                           encoding="utf-8")
    except BaseException:
        if graph is not None:
            graph.close()
        shutil.rmtree(staging, ignore_errors=True)
        if loader is not None:
            loader.abandon()
        raise
    replace_folder(staging, out)
    if loader is not None:
        replace_folder(loader.folder, store, replaceable=is_store_output)


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


# ---- the sorted graph -------------------------------------------------------------------------

# A triple as plain values, in the order graph.ttl lists them: subject, predicate, then the object
# as kg.graph.write orders it (IRIs before literals; a literal by text, language, datatype). The
# two flags (blank subject, blank object) only keep apart terms that print alike.
Key = tuple[str, str, int, str, str, str, bool, bool]


def _key(triple, intern=sys.intern) -> Key:
    # IRIs repeat (a subject has ~7 triples, predicates and classes are few): one interned copy
    # each keeps the graph of 10,000 articles at about a third of the memory of plain copies.
    s, p, o = triple
    if isinstance(o, Literal):
        datatype = o.datatype
        return (intern(str(s)), intern(str(p)), 1, str(o), o.language or "",
                intern(str(datatype)) if datatype else "", isinstance(s, BNode), False)
    return (intern(str(s)), intern(str(p)), 0, intern(str(o)), "", "", isinstance(s, BNode), isinstance(o, BNode))


RUN_KEYS = 250_000  # triples sorted in memory at a time; more go to sorted run files on disk
RUN_BATCH = 4096  # keys per marshal record in a run file


class SortedTriples:
    """The graph as sorted, unique plain tuples: the one copy the writers and the views read.

    A graph of up to ``RUN_KEYS`` triples is held in memory. A larger one is sorted in runs of
    ``RUN_KEYS`` triples written to disk, merged (``heapq.merge``, duplicates dropped) into one
    sorted file, and read from it on each pass: memory is bounded by one run, whatever the corpus.
    The order and the bytes written are the same either way. :meth:`close` removes the files."""

    def __init__(self, keys: list[Key] | None = None, *, path: Path | None = None, count: int = 0,
                 folder: Path | None = None):
        self._list = keys
        self._path = path
        self._count = len(keys) if keys is not None else count
        self._folder = folder  # the temporary folder of the runs, removed by close()

    @property
    def keys(self) -> Iterable[Key]:
        """The keys in order: a list, or a fresh pass over the sorted file on disk."""
        if self._list is not None:
            return self._list
        if self._path is None:
            raise ValueError("the sorted triples were closed")
        return _read_run(self._path)

    @property
    def spilled(self) -> bool:
        return self._list is None

    @classmethod
    def of(cls, triples: Iterable, *, run_keys: int | None = None, folder: Path | None = None) -> SortedTriples:
        """Deduplicated and sorted per subject: sorting 250,000 subjects, then each subject's few
        triples, is 2.5 times faster than one sort of 1.7 million tuples sharing long prefixes.

        Past ``run_keys`` (``RUN_KEYS``) triples the sorted run goes to a file in a new temporary
        folder under ``folder`` (by default the system's), and the runs are merged at the end."""
        run_keys = RUN_KEYS if run_keys is None else run_keys
        by_subject: dict[str, set[Key]] = {}
        held = 0
        runs: list[Path] = []
        tmp: Path | None = None
        try:
            for key in map(_key, triples):
                group = by_subject.get(key[0])
                if group is None:
                    by_subject[key[0]] = group = set()
                group.add(key)
                held += 1
                if held >= run_keys:
                    if tmp is None:
                        tmp = Path(tempfile.mkdtemp(prefix="kg-triples-", dir=folder))
                    runs.append(tmp / f"run-{len(runs):05d}")
                    _write_run(runs[-1], _sorted_groups(by_subject))
                    by_subject, held = {}, 0
            if not runs:
                return cls(list(_sorted_groups(by_subject)))
            if by_subject:
                runs.append(tmp / f"run-{len(runs):05d}")
                _write_run(runs[-1], _sorted_groups(by_subject))
            del by_subject
            merged = tmp / "merged"
            count = _write_run(merged, _unique(heapq.merge(*(_read_run(r) for r in runs))))
            for run in runs:
                run.unlink()
            return cls(path=merged, count=count, folder=tmp)
        except BaseException:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            raise

    def close(self) -> None:
        """Remove the run files (a graph held in memory has none)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = self._path = None

    def __enter__(self) -> SortedTriples:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self._count

    def oxigraph(self, keys: Iterable[Key] | None = None) -> Iterator[ox.Triple]:
        """pyoxigraph triples, in order; a term repeated from the previous triple is reused."""
        named: dict[str, ox.NamedNode] = {}
        last_s, last_subject = None, None
        for s, p, kind, o, lang, datatype, s_blank, o_blank in self.keys if keys is None else keys:
            if s != last_s:
                last_s, last_subject = s, (ox.BlankNode(s) if s_blank else ox.NamedNode(s))
            predicate = named.get(p) or named.setdefault(p, ox.NamedNode(p))
            if kind:
                if lang:
                    obj = ox.Literal(o, language=lang)
                elif datatype:
                    obj = ox.Literal(o, datatype=named.get(datatype) or named.setdefault(datatype, ox.NamedNode(datatype)))
                else:
                    obj = ox.Literal(o)
            elif o_blank:
                obj = ox.BlankNode(o)
            else:
                obj = named.get(o)
                if obj is None:
                    obj = ox.NamedNode(o)
                    if len(named) < 100_000:  # classes, entities: repeated; spans: mostly not
                        named[o] = obj
            yield ox.Triple(last_subject, predicate, obj)

    def serialize(self, path: Path, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> None:
        """The same bytes as ``kg.graph.write.serialize`` for the same triples."""
        from kg.graph.vocab import PREFIXES

        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        ox.serialize(self.oxigraph(), str(path), fmt, prefixes=prefixes)

    def rdflib(self, keys: Iterable[Key] | None = None) -> Graph:
        """An rdflib graph of the triples (or of ``keys``), for the views."""
        from kg.graph.write import to_rdflib

        return to_rdflib(_rdflib_term_triples(self.keys if keys is None else keys))


def _rdflib_term_triples(keys: Iterable[Key]) -> Iterator[tuple]:
    iri: dict[str, URIRef] = {}
    for s, p, kind, o, lang, datatype, s_blank, o_blank in keys:
        subject = BNode(s) if s_blank else (iri.get(s) or iri.setdefault(s, URIRef(s)))
        if kind:
            obj = Literal(o, lang=lang or None, datatype=URIRef(datatype) if datatype and not lang else None)
        else:
            obj = BNode(o) if o_blank else (iri.get(o) or iri.setdefault(o, URIRef(o)))
        yield subject, iri.get(p) or iri.setdefault(p, URIRef(p)), obj


def _sorted_groups(by_subject: dict[str, set[Key]]) -> Iterator[Key]:
    """The keys of ``by_subject`` in order, emptying it as it goes."""
    for subject in sorted(by_subject):
        yield from sorted(by_subject.pop(subject))


def _unique(keys: Iterable[Key]) -> Iterator[Key]:
    last = None
    for key in keys:
        if key != last:
            yield key
            last = key


def _write_run(path: Path, keys: Iterable[Key]) -> int:
    """Write sorted keys to ``path`` in records of ``RUN_BATCH`` keys (a length, then the marshal
    bytes: ``marshal.load`` on a file reads it a few bytes at a time); the number written."""
    count = 0
    with open(path, "wb") as f:
        for batch in itertools.batched(keys, RUN_BATCH) if hasattr(itertools, "batched") else _batched(keys):
            data = marshal.dumps(batch)
            f.write(len(data).to_bytes(8, "little"))
            f.write(data)
            count += len(batch)
    return count


def _batched(keys: Iterable[Key]) -> Iterator[tuple[Key, ...]]:
    it = iter(keys)
    while batch := tuple(itertools.islice(it, RUN_BATCH)):
        yield batch


def _read_run(path: Path) -> Iterator[Key]:
    with open(path, "rb") as f:
        while size := f.read(8):
            yield from marshal.loads(f.read(int.from_bytes(size, "little")))


# ---- the Oxigraph store -----------------------------------------------------------------------


def is_store_output(folder: Path) -> bool:
    """A --store folder a build may replace: one it wrote (marked) or any Oxigraph store."""
    from kg.query import is_oxigraph_store

    return is_build_output(folder) or is_oxigraph_store(folder)


def check_store_target(store: Path, out: Path, source: Path | None = None) -> Path:
    """The --store folder, resolved, if replacing it destroys nothing else; OSError otherwise."""
    resolved, out = Path(store).resolve(), Path(out).resolve()
    if resolved == out or out in resolved.parents or resolved in out.parents:
        raise OSError(errno.EINVAL, f"the store folder must be outside the output folder {out}", str(store))
    try:
        return check_output(store, source=source, what="store folder", replaceable=is_store_output)
    except OutputRefused as refused:
        if refused.errno == errno.EEXIST and resolved.is_dir():
            raise OutputRefused(store, "exists and is not an Oxigraph store; refusing to replace it") from None
        raise


STORE_CHUNK_BYTES = 8 << 20  # Turtle per bulk load: bounds the loader's memory


def load_store_folder(graph_file: Path, folder: Path, chunk_bytes: int = STORE_CHUNK_BYTES) -> None:
    """Load a Turtle file written by :class:`SortedTriples` into a new Oxigraph store at ``folder``.

    One ``bulk_load`` of the whole file buffers all of it (1.2 GB for the 1.7 million triples of
    10,000 articles); whole statements in chunks of ``chunk_bytes`` keep it near 250 MB at the same
    speed (measured: bench/RESULTS.md). The store is closed when this returns."""
    store = ox.Store(str(folder))
    try:
        for chunk in turtle_chunks(graph_file, chunk_bytes):
            store.bulk_load(input=chunk, format=ox.RdfFormat.TURTLE)
        store.optimize()
    finally:
        del store


def turtle_chunks(path: Path, chunk_bytes: int) -> Iterator[bytes]:
    """Pieces of a Turtle file as Oxigraph writes it, each the prefix lines plus whole statements.

    Oxigraph writes one statement per subject: its first line starts the line, continuation lines
    start with a tab, and it ends with " ." at the end of a line; line breaks inside literals are
    escaped. A piece is cut only before a line that starts a statement."""
    header: list[bytes] = []
    body: list[bytes] = []
    size = 0
    previous = b""
    with open(path, "rb") as f:
        for line in f:
            if not body and line.startswith((b"@prefix", b"@base", b"PREFIX", b"BASE")):
                header.append(line)
                continue
            if size >= chunk_bytes and line[:1] not in (b"\t", b" ", b"\n") and previous.rstrip().endswith(b"."):
                yield b"".join(header + body)
                body, size = [], 0
            body.append(line)
            size += len(line)
            previous = line
    if body:
        yield b"".join(header + body)


class StoreLoader:
    """``load_store_folder`` in a child process (pyoxigraph's loader holds the GIL: a thread would
    stall the views), so the store is built while the main process draws the views."""

    def __init__(self, graph_file: Path, folder: Path):
        self.folder = folder
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "kg.outputs", str(graph_file), str(folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self) -> float:
        """Seconds from start to the end of loading; OSError if the loader failed."""
        _, err = self.process.communicate()
        if self.process.returncode != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise OSError(errno.EIO, f"loading the Oxigraph store failed: {lines[-1] if lines else self.process.returncode}",
                          str(self.folder))
        return time.perf_counter() - self.started

    def abandon(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


# ---- views ------------------------------------------------------------------------------------


def write_views(corpus: Corpus, graph: SortedTriples, folder: Path, report) -> None:
    """graph.html and timeline.html, read from the graph once; a sample of it when it is large."""
    from kg.views.common import read_view_data, view_scope, write_text
    from kg.views.network import network_html
    from kg.views.timeline import timeline_html

    nodes = len(corpus.entities) + len(corpus.events) + len(corpus.figures)
    rule, evidence = "", 0
    if nodes > VIEW_FULL_MAX_NODES or len(graph) > VIEW_FULL_MAX_TRIPLES:
        rule, evidence = "most-events", VIEW_EVIDENCE
        sample = view_sample(corpus, graph)
        view_graph = graph.rdflib(sample.keys)
        report.counts.update({"views.entities": sample.entities, "views.events": sample.events,
                              "views.figures": sample.figures})
        report.warnings.append(
            f"views: the graph has {nodes:,} entities, events and figures, too many for a usable page; "
            f"graph.html and timeline.html show the {sample.entities:,} entities taking part in most events "
            f"(of {len(corpus.entities):,}), {sample.events:,} of their events (of {len(corpus.events):,}) "
            f"and {sample.figures:,} figures about them (of {len(corpus.figures):,}), with at most "
            f"{VIEW_EVIDENCE} evidence spans each; graph.ttl holds everything (kg query for the rest)")
    else:
        view_graph = graph.rdflib()
    data = read_view_data(view_graph)
    title = "Hadath — " + " + ".join(Path(s).name for s in (getattr(report, "sources", None) or [report.source]))
    # every page says what it shows out of the whole graph, and how the part was chosen
    scope = view_scope(data, rule=rule, evidence=evidence, totals=None if not rule else {
        "events": len(corpus.events), "entities": len(corpus.entities), "figures": len(corpus.figures)})
    network_page, _ = network_html(data, title=title, scope=scope)
    write_text(folder / NETWORK_FILE, network_page)
    timeline_page, _ = timeline_html(data, title=title, scope=scope)
    write_text(folder / TIMELINE_FILE, timeline_page)
    from kg.views.actors import actors_html
    from kg.views.map import map_html

    write_text(folder / ACTORS_FILE, actors_html(data, title=title, scope=scope)[0])
    write_text(folder / MAP_FILE, map_html(data, title=title, scope=scope)[0])


@dataclass(frozen=True)
class ViewSample:
    keys: list[Key]  # the triples the views get, sorted
    entities: int
    events: int
    figures: int


def view_sample(corpus: Corpus, graph: SortedTriples, *, max_entities: int = VIEW_MAX_ENTITIES,
                max_events: int = VIEW_MAX_EVENTS, max_figures: int = VIEW_MAX_FIGURES,
                evidence: int = VIEW_EVIDENCE) -> ViewSample:
    """The part of a large graph the views show (deterministic: ties broken by key).

    Entities are ranked by the number of events they take part in (any role, place or topic),
    then by mentions; events by how many chosen entities they involve, then by how many
    mentions report them; figures by the rank of their event. Sources of the chosen figures
    are added as entities. Every chosen node keeps all its triples except evidence: its first
    ``evidence`` spans (gaf:denotedBy) and the articles they come from."""
    from kg.graph import iris
    from kg.graph.vocab import GAF, PROV

    degree: Counter[str] = Counter()
    for event in corpus.events.values():
        for key in event.agents | event.targets | event.speakers | event.allies | event.places | event.about:
            degree[key] += 1
    ranked = sorted(corpus.entities, key=lambda k: (-degree[k], -len(corpus.entities[k].mentions), k))
    entities = set(ranked[:max_entities])

    def involved(event) -> int:
        return len((event.agents | event.targets | event.speakers | event.allies | event.places | event.about)
                   & entities)

    candidates = [e for e in corpus.events.values() if involved(e)]
    candidates.sort(key=lambda e: (-involved(e), -len(e.mentions), e.key))
    events = {e.key: rank for rank, e in enumerate(candidates[:max_events])}
    figures = sorted((f for f in corpus.figures if f.event in events), key=lambda f: (events[f.event], f.key))
    figures = figures[:max_figures]
    entities |= {f.source for f in figures if f.source and f.source in corpus.entities}

    nodes = ({str(iris.entity_iri(k)) for k in entities} | {str(iris.event_iri(k)) for k in events}
             | {str(iris.figure_iri(f.key)) for f in figures})
    geometries = {str(iris.geometry_iri(k)) for k in entities}
    denoted, derived = str(GAF.denotedBy), str(PROV.wasDerivedFrom)

    spans: set[str] = set()
    docs_of: dict[str, set[str]] = {}
    taken: Counter[str] = Counter()
    for key in graph.keys:  # first pass: the evidence kept per node
        s = key[0]
        if key[1] == denoted and s in nodes and taken[s] < evidence:
            taken[s] += 1
            spans.add(key[3])
            docs_of.setdefault(s, set()).add(key[3].split("#", 1)[0])
    docs = set().union(*docs_of.values()) if docs_of else set()

    kept: list[Key] = []
    for key in graph.keys:
        s, p = key[0], key[1]
        if s in nodes:
            if p == denoted and key[3] not in spans:
                continue
            if p == derived and key[3] not in docs_of.get(s, ()):
                continue
            kept.append(key)
        elif s in spans or s in docs or s in geometries:
            kept.append(key)
    return ViewSample(kept, len(entities), len(events), len(figures))


if __name__ == "__main__":  # the child process of StoreLoader: python -m kg.outputs GRAPH.ttl STORE_FOLDER
    load_store_folder(Path(sys.argv[1]), Path(sys.argv[2]))
