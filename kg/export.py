"""Export a finished graph to other formats (``kg export``).

* ``turtle``, ``ntriples``, ``nquads``: streamed through pyoxigraph's parser and writer, never a
  ``Store``, so every literal keeps its lexical form and datatype (a Store would turn
  ``xsd:nonNegativeInteger`` offsets into ``xsd:integer``; see :mod:`kg.query`).
* ``jsonld``: rdflib's writer, compacted with a ``@context`` of the Hadath prefixes (pyoxigraph
  0.5 writes expanded JSON-LD only and ignores prefixes).
* ``graphml``: the event network for Gephi, yEd or networkx. Nodes are entities (persons,
  organisations, places) and events, with ``label`` (Arabic, else English), ``label_ar``,
  ``label_en``, ``kind`` (entity/event/other), ``type`` (most specific ``hd:`` class), ``iri``,
  ``mentions`` (number of text spans), the dates ``date``, ``date_earliest``, ``date_latest`` and,
  for places with a geometry, ``latitude``/``longitude`` (Gephi's GeoLayout reads these). Edges
  are ``sem:hasActor``, ``hd:agent``, ``hd:target``, ``hd:speaker``, ``sem:hasPlace`` and
  ``hd:partOf`` with ``property`` (prefixed name) and ``label``; the ``sem:hasActor`` that the
  contract asserts beside every role is dropped where a role edge links the same pair, so Gephi
  does not show (and merge) two edges for one participation.
* ``events-csv``: one row per event in ACLED-like columns, UTF-8 with BOM (:mod:`kg.events_table`).
"""
from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.graph.vocab import PARENT, PREFIXES, hadath_ancestors
from kg.query import (TURTLE_PREFIXES, QueryError, SourceError, is_oxigraph_store, load_store, parse_error,
                      rdf_format, resolve_sources, shorten)

__all__ = ["EXPORT_FORMATS", "ExportSummary", "export", "to_networkx"]

EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "jsonld", "graphml", "events-csv")
_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
            "n-quads": "nquads", "json-ld": "jsonld", "json": "jsonld", "events_csv": "events-csv"}
_RDF_WRITERS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                "nquads": ox.RdfFormat.N_QUADS}

HD, SEM = PREFIXES["hd"], PREFIXES["sem"]
NODE_CLASSES = {"entity": [HD + "Person", HD + "Organization", HD + "Place", SEM + "Actor", SEM + "Place"],
                "event": [HD + "Event", SEM + "Event"]}
ROLE_PROPERTIES = [HD + "agent", HD + "target", HD + "speaker"]
EDGE_PROPERTIES = [SEM + "hasActor", *ROLE_PROPERTIES, SEM + "hasPlace", HD + "partOf"]
_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export` wrote."""

    path: Path
    format: str
    triples: int = 0
    nodes: int = 0
    edges: int = 0
    rows: int = 0

    def __str__(self) -> str:
        size = (f"{self.nodes} nodes, {self.edges} edges" if self.format == "graphml"
                else f"{self.rows} events" if self.format == "events-csv"
                else f"{self.triples} {'quads' if self.format == 'nquads' else 'triples'}")
        return f"wrote {self.path} ({self.format}): {size}"


def export(graph_path: Path, out: Path, fmt: str) -> ExportSummary:
    """Write the graph at ``graph_path`` (a file, a ``kg build`` output folder or an Oxigraph
    store) to ``out`` in ``fmt``: turtle, ntriples, nquads, jsonld, graphml or events-csv.

    The file appears whole or not at all (written beside ``out``, then renamed). Raises
    :class:`kg.query.QueryError` for an unknown format, a bad source or a graph that the format
    cannot hold (named graphs in a triples-only format).
    """
    fmt = _ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    (source,) = resolve_sources([graph_path])
    out = Path(out)
    if out.is_dir():
        raise QueryError(f"{out}: is a folder; give the file to write, e.g. {out / ('graph.' + fmt)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            if fmt in _RDF_WRITERS:
                counter = _Counter()
                quads = counter.wrap(_read_quads(source))
                items = quads if fmt == "nquads" else _triples_only(quads, source, fmt)
                prefixes = TURTLE_PREFIXES if fmt == "turtle" else None
                ox.serialize(items, stream, _RDF_WRITERS[fmt], prefixes=prefixes)
                summary = ExportSummary(out, fmt, triples=counter.count)
            elif fmt == "jsonld":
                graph = _to_rdflib(_read_quads(source))
                stream.write(graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True,
                                             encoding="utf-8"))
                summary = ExportSummary(out, fmt, triples=len(graph))
            elif fmt == "events-csv":
                from kg.events_table import write_events_csv

                from kg.graph.validate import ontology_dir

                ontology = source.parent / "ontology" / "hadath.ttl"
                if not ontology.is_file():
                    try:
                        ontology = ontology_dir() / "hadath.ttl"
                    except FileNotFoundError:
                        ontology = None  # no CAMEO/ACLED codes then
                rows = write_events_csv(load_store([source]), stream, ontology=ontology)
                summary = ExportSummary(out, fmt, rows=rows)
            else:
                network = to_networkx(source)
                import networkx as nx

                nx.write_graphml(network, stream, encoding="utf-8", prettyprint=True)
                summary = ExportSummary(out, fmt, nodes=network.number_of_nodes(),
                                        edges=network.number_of_edges())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return summary


# --------------------------------------------------------------------------- RDF streams


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def wrap(self, items: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
        for item in items:
            self.count += 1
            yield item


def _read_quads(source: Path) -> Iterator[ox.Quad]:
    """The quads of one source, streamed, with parse errors naming the file and line."""
    if is_oxigraph_store(source):
        yield from load_store([source])
        return
    try:
        yield from ox.parse(path=str(source), format=rdf_format(source), base_iri=source.resolve().as_uri())
    except SyntaxError as err:
        raise parse_error(source, err) from None
    except OSError as err:
        raise SourceError(f"{source}: cannot read: {err}") from None


def _triples_only(quads: Iterator[ox.Quad], source: Path, fmt: str) -> Iterator[ox.Triple]:
    for quad in quads:
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            raise QueryError(f"{source}: has named graphs ({quad.graph_name}), which {fmt} cannot hold; "
                             "export to nquads or jsonld")
        yield quad.triple


def _to_rdflib(quads: Iterator[ox.Quad]):  # -> rdflib.Graph | rdflib.Dataset
    """pyoxigraph quads -> an rdflib Graph (a Dataset if any quad is in a named graph)."""
    import rdflib

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return rdflib.Literal(t.value, lang=t.language)
            if t.datatype.value == PREFIXES["xsd"] + "string":
                return rdflib.Literal(t.value)
            return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value), normalize=False)
        raise QueryError(f"JSON-LD export cannot hold RDF-star triple terms ({t})")

    quads = list(quads)
    if all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        graph = rdflib.Graph()
        for q in quads:
            graph.add((term(q.subject), term(q.predicate), term(q.object)))
        return graph
    dataset = rdflib.Dataset()
    for q in quads:
        g = dataset.default_graph if isinstance(q.graph_name, ox.DefaultGraph) else dataset.graph(term(q.graph_name))
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return dataset


# --------------------------------------------------------------------------- GraphML


def _node_id(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _class_depth(iri: str) -> tuple[int, str]:
    name = iri[len(HD):]
    # A class missing from vocab.PARENT is a newer, presumably more specific one.
    return (len(hadath_ancestors(name)) if name in PARENT else 10, name)


def to_networkx(source: Path):  # -> networkx.MultiDiGraph
    """The entity-event network of a graph as a ``networkx.MultiDiGraph`` (see module docstring)."""
    import networkx as nx

    store = load_store([source])

    def rows(query: str):
        return store.query(query, prefixes=PREFIXES)

    values = lambda iris: " ".join(f"<{i}>" for i in iris)  # noqa: E731
    kinds: dict[str, str] = {}
    for kind in ("entity", "event"):  # an event typed as an actor too stays an event
        for (node,) in rows(f"SELECT DISTINCT ?n WHERE {{ VALUES ?c {{ {values(NODE_CLASSES[kind])} }} ?n a ?c }}"):
            kinds[_node_id(node)] = kind

    raw_edges = defaultdict(set)  # (s, o) -> properties
    for s, p, o in rows(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values(EDGE_PROPERTIES)} }} ?s ?p ?o "
                        "FILTER(!isLiteral(?o)) }"):
        raw_edges[(_node_id(s), _node_id(o))].add(p.value)
    for s, o in raw_edges:
        kinds.setdefault(s, "other")
        kinds.setdefault(o, "other")

    attrs: dict[str, dict[str, object]] = {n: {"kind": k, "iri": n} for n, k in kinds.items()}
    hd_types: dict[str, list[str]] = defaultdict(list)
    for n, c in rows(f"SELECT ?n ?c WHERE {{ ?n a ?c FILTER(STRSTARTS(STR(?c), \"{HD}\")) }}"):
        if _node_id(n) in attrs:
            hd_types[_node_id(n)].append(c.value)
    for n, types in hd_types.items():
        attrs[n]["type"] = max(types, key=_class_depth)[len(HD):]
    for n, p, label in rows("SELECT ?n ?p ?l WHERE { VALUES ?p { skos:prefLabel rdfs:label } ?n ?p ?l "
                            "FILTER(lang(?l) IN ('ar', 'en')) }"):
        key = f"label_{label.language}"
        # skos:prefLabel wins over rdfs:label
        if _node_id(n) in attrs and (key not in attrs[_node_id(n)] or p.value.endswith("prefLabel")):
            attrs[_node_id(n)][key] = label.value
    for n, p, date in rows("SELECT ?n ?p ?d WHERE { VALUES ?p { sem:hasTimeStamp sem:hasEarliestBeginTimeStamp "
                           "sem:hasLatestEndTimeStamp } ?n ?p ?d }"):
        key = {"hasTimeStamp": "date", "hasEarliestBeginTimeStamp": "date_earliest",
               "hasLatestEndTimeStamp": "date_latest"}[p.value[len(SEM):]]
        if _node_id(n) in attrs:
            attrs[_node_id(n)][key] = date.value
    for n, wkt in rows("SELECT ?n ?w WHERE { ?n geo:hasGeometry/geo:asWKT ?w }"):
        point = _POINT.search(wkt.value)
        if _node_id(n) in attrs and point:
            attrs[_node_id(n)]["longitude"] = float(point.group(1))
            attrs[_node_id(n)]["latitude"] = float(point.group(2))
    for n, count in rows("SELECT ?n (COUNT(DISTINCT ?m) AS ?k) WHERE { ?n gaf:denotedBy ?m } GROUP BY ?n"):
        if _node_id(n) in attrs:
            attrs[_node_id(n)]["mentions"] = int(count.value)

    network = nx.MultiDiGraph()
    for n in sorted(attrs):
        a = attrs[n]
        a.setdefault("mentions", 0)
        a["label"] = a.get("label_ar") or a.get("label_en") or shorten(n)
        network.add_node(n, **a)
    for (s, o), props in sorted(raw_edges.items()):
        if props & set(ROLE_PROPERTIES):
            props = props - {SEM + "hasActor"}
        for p in sorted(props):
            name = shorten(p)
            network.add_edge(s, o, key=name, property=name, label=name.split(":", 1)[1])
    return network
