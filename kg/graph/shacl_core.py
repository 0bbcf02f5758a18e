"""A fast SHACL checker for the constraints ontology/shapes.ttl uses, over one indexed pass of the data.

pyshacl evaluates every constraint per focus node through rdflib (and every SHACL-SPARQL
constraint as one rdflib query per focus node): 45 s for a 300-article graph. Here the data
is parsed once with pyoxigraph into plain Python indexes; the core constraints are checked
in Python over those indexes, and each SHACL-SPARQL constraint runs *once* on an Oxigraph
store with ``$this`` as an ordinary variable, its rows kept for the shape's focus nodes.
The findings are pyshacl's (kg/graph/validate.py compares both engines in its tests).

Terms are plain values: an IRI is its string, a blank node ``"_:" + id``, a literal a
``(lexical form, datatype IRI, language or None)`` tuple (plain literals are xsd:string).

A shapes graph using anything this module does not implement raises :class:`Unsupported`
from :func:`compile_shapes`, and the caller falls back to pyshacl.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

__all__ = ["Unsupported", "Finding", "Shapes", "Data", "compile_shapes", "data_from_triples", "check"]

Term = "str | tuple[str, str, str | None]"
_XSD_STRING, _LANG_STRING = str(XSD.string), str(RDF.langString)
_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)


class Unsupported(Exception):
    """The shapes use a SHACL feature this checker does not implement."""


@dataclass(frozen=True)
class Finding:
    focus: object  # a term
    path: str | None
    message: str
    severity: str  # Violation | Warning | Info
    value: object = None  # a term, or None
    shape: str | None = None


# ---------------------------------------------------------------- the data


@dataclass
class Data:
    out: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))  # s -> p -> [o]
    inv: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))  # o -> p -> [s]
    subjects_of: dict = field(default_factory=lambda: defaultdict(set))  # p -> {s}
    objects_of: dict = field(default_factory=lambda: defaultdict(set))  # p -> {o}
    store: ox.Store | None = None  # for the SHACL-SPARQL constraints
    _subclasses: dict = field(default_factory=dict)

    def instances(self, cls: str) -> set:
        """Nodes typed ``cls`` or one of its rdfs:subClassOf* subclasses (SHACL class instances)."""
        out = set()
        for c in self.subclasses(cls):
            out.update(self.inv[c][_TYPE]) if c in self.inv else None
        return out

    def subclasses(self, cls: str) -> set:
        if cls not in self._subclasses:
            seen, todo = {cls}, [cls]
            while todo:
                c = todo.pop()
                for sub in (self.inv[c][_SUBCLASS] if c in self.inv else ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            self._subclasses[cls] = seen
        return self._subclasses[cls]

    def is_instance(self, node, cls: str) -> bool:
        if isinstance(node, tuple) or node not in self.out:
            return False
        classes = self.subclasses(cls)
        return any(t in classes for t in self.out[node].get(_TYPE, ()))


def ox_term(term) -> object:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return (term.value, term.datatype.value, term.language)
    raise Unsupported(f"RDF-star term {term}")


def data_from_triples(triples, *, sparql: bool) -> Data:
    """Index pyoxigraph triples (or quads, graph names ignored); with ``sparql``, also load them into an in-memory Oxigraph store."""
    data = Data()
    kept = []
    out, inv, subj_of, obj_of = data.out, data.inv, data.subjects_of, data.objects_of
    for t in triples:
        s, p, o = ox_term(t.subject), t.predicate.value, ox_term(t.object)
        out[s][p].append(o)
        inv[o][p].append(s)
        subj_of[p].add(s)
        obj_of[p].add(o)
        if sparql:
            kept.append(t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object))
    if sparql:
        data.store = ox.Store()
        data.store.bulk_extend(kept)
    return data


# ---------------------------------------------------------------- the shapes


_VALUE_PARAMS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH.pattern, SH.flags,
                 SH.languageIn, SH["or"], SH["not"], SH["and"]}
_COUNT_PARAMS = {SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang,
                 SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_IGNORED = {RDF.type, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.path,
            SH.property, SH.sparql, SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
            SH.targetObjectsOf, RDFS.label, RDFS.comment, SH.qualifiedValueShapesDisjoint}


@dataclass
class Constraints:
    """The value-level parameters of a shape (the ones that apply to each value node)."""

    classes: list = field(default_factory=list)
    datatype: str | None = None
    node_kind: str | None = None
    in_list: list | None = None
    has_value: list = field(default_factory=list)
    patterns: list = field(default_factory=list)  # compiled regexes
    language_in: list | None = None
    any_of: list = field(default_factory=list)  # [[Constraints, ...], ...] for each sh:or
    none_of: list = field(default_factory=list)  # Constraints for each sh:not
    all_of: list = field(default_factory=list)  # Constraints of each sh:and member
    _parts: list | None = None  # the constraints one by one (see _split)


@dataclass
class PropertyShape:
    path: tuple  # ("iri", p) | ("alt", [p, ...]) | ("inv", p)
    path_text: str | None
    message: str | None
    severity: str
    node: str
    values: Constraints
    min_count: int | None = None
    max_count: int | None = None
    less_than: list = field(default_factory=list)
    less_or_equal: list = field(default_factory=list)
    unique_lang: bool = False
    qualified: Constraints | None = None
    q_min: int | None = None
    q_max: int | None = None


@dataclass
class SparqlConstraint:
    query: str
    message: str | None


@dataclass
class NodeShape:
    node: str
    message: str | None
    severity: str
    targets: list  # [("class"|"subjectsOf"|"objectsOf"|"node", term)]
    values: Constraints
    properties: list
    sparql: list


@dataclass
class Shapes:
    shapes: list


def _severity(g: rdflib.Graph, node) -> str:
    sev = g.value(node, SH.severity)
    return str(sev).rpartition("#")[2] if sev is not None else "Violation"


def _term(node) -> object:
    if isinstance(node, rdflib.URIRef):
        return str(node)
    if isinstance(node, rdflib.BNode):
        return "_:" + str(node)
    if isinstance(node, rdflib.Literal):
        datatype = str(node.datatype) if node.datatype else (_LANG_STRING if node.language else _XSD_STRING)
        return (str(node), datatype, node.language)
    raise Unsupported(f"term {node!r}")


def _list(g: rdflib.Graph, head) -> list:
    return list(Collection(g, head))


def _constraints(g: rdflib.Graph, node, *, allowed: set) -> Constraints:
    c = Constraints()
    for p in set(g.predicates(node, None)):
        if p not in allowed and p not in _IGNORED:
            raise Unsupported(f"SHACL parameter {p}")
    c.classes = [str(o) for o in g.objects(node, SH["class"])]
    dtype = list(g.objects(node, SH.datatype))
    c.datatype = str(dtype[0]) if dtype else None
    if len(dtype) > 1:
        raise Unsupported("several sh:datatype")
    kind = g.value(node, SH.nodeKind)
    c.node_kind = str(kind).rpartition("#")[2] if kind is not None else None
    lst = g.value(node, SH["in"])
    c.in_list = [_term(x) for x in _list(g, lst)] if lst is not None else None
    c.has_value = [_term(o) for o in g.objects(node, SH.hasValue)]
    flags = str(g.value(node, SH.flags) or "")
    re_flags = (re.I if "i" in flags else 0) | (re.S if "s" in flags else 0) | (re.M if "m" in flags else 0) \
        | (re.X if "x" in flags else 0)
    c.patterns = [re.compile(str(o), re_flags) for o in g.objects(node, SH.pattern)]
    langs = g.value(node, SH.languageIn)
    c.language_in = [str(x).lower() for x in _list(g, langs)] if langs is not None else None
    for head in g.objects(node, SH["or"]):
        c.any_of.append([_constraints(g, m, allowed=_VALUE_PARAMS) for m in _list(g, head)])
    for m in g.objects(node, SH["not"]):
        c.none_of.append(_constraints(g, m, allowed=_VALUE_PARAMS))
    for head in g.objects(node, SH["and"]):
        c.all_of.extend(_constraints(g, m, allowed=_VALUE_PARAMS) for m in _list(g, head))
    return c


def _path(g: rdflib.Graph, node) -> tuple[tuple, str | None]:
    if isinstance(node, rdflib.URIRef):
        return ("iri", str(node)), str(node)
    alt = g.value(node, SH.alternativePath)
    if alt is not None:
        members = _list(g, alt)
        if not all(isinstance(m, rdflib.URIRef) for m in members):
            raise Unsupported("nested alternative path")
        return ("alt", [str(m) for m in members]), "_:" + str(node)
    inverse = g.value(node, SH.inversePath)
    if isinstance(inverse, rdflib.URIRef):
        return ("inv", str(inverse)), "_:" + str(node)
    raise Unsupported(f"property path {node}")


def _prefixes(g: rdflib.Graph, node) -> str:
    lines = []
    for holder in g.objects(node, SH.prefixes):
        for decl in g.objects(holder, SH.declare):
            lines.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(lines)))


def compile_shapes(g: rdflib.Graph) -> Shapes:
    """The shapes of ``g``, or :class:`Unsupported` when they use a feature not implemented here."""
    property_params = _VALUE_PARAMS | _COUNT_PARAMS
    shapes = []
    node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        node_shapes |= set(g.subjects(p, None))
    if set(g.subjects(RDF.type, RDFS.Class)) & node_shapes:
        raise Unsupported("implicit class targets")
    if set(g.subjects(SH.target, None)):
        raise Unsupported("SHACL-AF targets")
    for shape in sorted(node_shapes, key=str):
        if g.value(shape, SH.path) is not None:
            raise Unsupported("property shape with targets")
        if str(g.value(shape, SH.deactivated) or "").lower() == "true":
            continue
        targets = ([("class", str(o)) for o in g.objects(shape, SH.targetClass)]
                   + [("subjectsOf", str(o)) for o in g.objects(shape, SH.targetSubjectsOf)]
                   + [("objectsOf", str(o)) for o in g.objects(shape, SH.targetObjectsOf)]
                   + [("node", _term(o)) for o in g.objects(shape, SH.targetNode)])
        message = g.value(shape, SH.message)
        props = []
        for prop in g.objects(shape, SH.property):
            if str(g.value(prop, SH.deactivated) or "").lower() == "true":
                continue
            path, path_text = _path(g, g.value(prop, SH.path))
            pm = g.value(prop, SH.message)
            ps = PropertyShape(path, path_text, str(pm) if pm is not None else None, _severity(g, prop),
                               "_:" + str(prop) if isinstance(prop, rdflib.BNode) else str(prop),
                               _constraints(g, prop, allowed=property_params))
            mn, mx = g.value(prop, SH.minCount), g.value(prop, SH.maxCount)
            ps.min_count = int(mn) if mn is not None else None
            ps.max_count = int(mx) if mx is not None else None
            ps.less_than = [str(o) for o in g.objects(prop, SH.lessThan)]
            ps.less_or_equal = [str(o) for o in g.objects(prop, SH.lessThanOrEquals)]
            ps.unique_lang = str(g.value(prop, SH.uniqueLang) or "").lower() == "true"
            qs = g.value(prop, SH.qualifiedValueShape)
            if qs is not None:
                ps.qualified = _constraints(g, qs, allowed=_VALUE_PARAMS)
                qmin, qmax = g.value(prop, SH.qualifiedMinCount), g.value(prop, SH.qualifiedMaxCount)
                ps.q_min = int(qmin) if qmin is not None else None
                ps.q_max = int(qmax) if qmax is not None else None
            props.append(ps)
        sparql = []
        for sc in g.objects(shape, SH.sparql):
            if str(g.value(sc, SH.deactivated) or "").lower() == "true":
                continue
            select = g.value(sc, SH.select)
            if select is None:
                raise Unsupported("SPARQL constraint without sh:select")
            text = re.sub(r"\$this\b", "?this", str(select))
            if not re.search(r"SELECT\s+(DISTINCT\s+)?[^{]*\?this\b", text, re.I):
                raise Unsupported("SPARQL constraint that does not select $this")
            if re.search(r"\$\w", text):
                raise Unsupported("SPARQL constraint with pre-bound variables other than $this")
            sm = g.value(sc, SH.message)
            sparql.append(SparqlConstraint(_prefixes(g, sc) + "\n" + text, str(sm) if sm is not None else None))
        shapes.append(NodeShape(str(shape) if isinstance(shape, rdflib.URIRef) else "_:" + str(shape),
                                str(message) if message is not None else None, _severity(g, shape), targets,
                                _constraints(g, shape, allowed=_VALUE_PARAMS | {SH.sparql}), props, sparql))
    return Shapes(shapes)


# ---------------------------------------------------------------- checking


_INTEGER_TYPES = {str(XSD[n]) for n in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                        "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                        "unsignedInt", "unsignedShort", "unsignedByte")}
_NUMERIC = _INTEGER_TYPES | {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_NNI, _PI = str(XSD.nonNegativeInteger), str(XSD.positiveInteger)
_DECIMAL, _DOUBLE, _FLOAT = str(XSD.decimal), str(XSD.double), str(XSD.float)
_XDATE, _XDATETIME, _BOOLEAN = str(XSD.date), str(XSD.dateTime), str(XSD.boolean)
_CHECKED = _NUMERIC | {_XDATE, _XDATETIME, _BOOLEAN}
_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _typed_value(lit: tuple):
    """The value of a literal for comparisons and well-formedness, or None when ill-formed or unknown."""
    lex, datatype, _ = lit
    try:
        if datatype in _INTEGER_TYPES:
            if not _INT.match(lex):
                return None
            v = int(lex)
            if (datatype == _NNI and v < 0) or (datatype == _PI and v < 1):
                return None
            return Decimal(v)
        if datatype == _DECIMAL:
            return Decimal(lex) if _DEC.match(lex) else None
        if datatype in (_DOUBLE, _FLOAT):
            return Decimal(str(float(lex)))
        if datatype == _XDATE:
            return dt.date.fromisoformat(lex[:10]) if _DATE.match(lex) else None
        if datatype == _XDATETIME:
            return dt.datetime.fromisoformat(lex[:19]) if _DATETIME.match(lex) else None
        if datatype == _BOOLEAN:
            return lex in ("true", "false", "1", "0") or None
    except (ValueError, InvalidOperation):
        return None
    return lex


def _well_formed(lit: tuple) -> bool:
    lex, datatype, lang = lit
    if datatype == _LANG_STRING:
        return bool(lang)
    if datatype in _CHECKED:
        return _typed_value(lit) is not None
    return True


def _node_kind_ok(value, kind: str) -> bool:
    is_lit, is_blank = isinstance(value, tuple), (not isinstance(value, tuple)) and value.startswith("_:")
    is_iri = not is_lit and not is_blank
    return {"IRI": is_iri, "BlankNode": is_blank, "Literal": is_lit, "BlankNodeOrIRI": not is_lit,
            "BlankNodeOrLiteral": not is_iri, "IRIOrLiteral": not is_blank}.get(kind, True)


def _lang_matches(lang: str, ranges: list[str]) -> bool:
    lang = lang.lower()
    return any(r == "*" or lang == r or lang.startswith(r + "-") for r in ranges)


def _value_failures(data: Data, value, c: Constraints) -> int:
    """How many of ``c``'s value-level constraints ``value`` fails (0 when it conforms)."""
    bad = 0
    for cls in c.classes:
        bad += not data.is_instance(value, cls)
    if c.datatype is not None:
        ok = isinstance(value, tuple) and value[1] == c.datatype and _well_formed(value)
        bad += not ok
    if c.node_kind is not None:
        bad += not _node_kind_ok(value, c.node_kind)
    if c.in_list is not None:
        bad += value not in c.in_list
    for pattern in c.patterns:
        text = value[0] if isinstance(value, tuple) else value
        bad += isinstance(value, str) and value.startswith("_:") or not pattern.search(text)
    if c.language_in is not None:
        bad += not (isinstance(value, tuple) and value[2] and _lang_matches(value[2], c.language_in))
    for members in c.any_of:
        bad += not any(_value_failures(data, value, m) == 0 and _has_values_ok(data, [value], m) for m in members)
    for m in c.none_of:
        bad += _value_failures(data, value, m) == 0 and _has_values_ok(data, [value], m)
    for m in c.all_of:
        bad += _value_failures(data, value, m) > 0 or not _has_values_ok(data, [value], m)
    return bad


def _has_values_ok(data: Data, values: list, c: Constraints) -> bool:
    return all(v in values for v in c.has_value)


def _value_findings(data: Data, values: list, c: Constraints) -> list:
    """(value or None) for each failure of the value-level constraints, in pyshacl's manner: one
    result per failing value node per constraint; a missing sh:hasValue is one result."""
    out = []
    for value in values:
        for one in _split(c):
            if _value_failures(data, value, one):
                out.append(value)
    for hv in c.has_value:
        if hv not in values:
            out.append(None)
    return out


def _split(c: Constraints) -> list:
    """The constraints of ``c`` one by one, so each failure makes its own result (computed once)."""
    if c._parts is None:
        c._parts = list(_parts(c))
    return c._parts


def _parts(c: Constraints):
    for cls in c.classes:
        yield Constraints(classes=[cls])
    if c.datatype is not None:
        yield Constraints(datatype=c.datatype)
    if c.node_kind is not None:
        yield Constraints(node_kind=c.node_kind)
    if c.in_list is not None:
        yield Constraints(in_list=c.in_list)
    if c.patterns:
        yield Constraints(patterns=c.patterns)
    if c.language_in is not None:
        yield Constraints(language_in=c.language_in)
    for members in c.any_of:
        yield Constraints(any_of=[members])
    for m in c.none_of:
        yield Constraints(none_of=[m])
    if c.all_of:
        yield Constraints(all_of=c.all_of)


def _values(data: Data, focus, path: tuple) -> list:
    kind, p = path
    if kind == "iri":
        return list(dict.fromkeys(data.out[focus].get(p, ()))) if focus in data.out else []
    if kind == "inv":
        return list(dict.fromkeys(data.inv[focus].get(p, ()))) if focus in data.inv else []
    found = []
    for q in p:
        found.extend(data.out[focus].get(q, ()) if focus in data.out else ())
    return list(dict.fromkeys(found))


def _focus_nodes(data: Data, shape: NodeShape) -> set:
    nodes: set = set()
    for kind, term in shape.targets:
        if kind == "class":
            nodes |= data.instances(term)
        elif kind == "subjectsOf":
            nodes |= data.subjects_of.get(term, set())
        elif kind == "objectsOf":
            nodes |= data.objects_of.get(term, set())
        else:
            nodes.add(term)
    return nodes


def _less(a, b, or_equal: bool) -> bool:
    if not (isinstance(a, tuple) and isinstance(b, tuple)):
        return False
    va, vb = _typed_value(a), _typed_value(b)
    if va is None or vb is None or type(va) is not type(vb):
        return False
    return va <= vb if or_equal else va < vb


def check(data: Data, shapes: Shapes) -> list[Finding]:
    """Every result of validating ``data`` against ``shapes``."""
    found: list[Finding] = []
    for shape in shapes.shapes:
        focus_nodes = _focus_nodes(data, shape)
        if not focus_nodes:
            continue
        default = shape.message or "Node does not conform to shape " + shape.node
        for focus in focus_nodes:
            for value in _value_findings(data, [focus], shape.values):
                found.append(Finding(focus, None, default, shape.severity, value if value is not None else focus,
                                     shape.node))
            for ps in shape.properties:
                found.extend(_property_findings(data, focus, ps))
        for sc in shape.sparql:
            found.extend(_sparql_findings(data, shape, sc, focus_nodes))
    return found


def _property_findings(data: Data, focus, ps: PropertyShape) -> list[Finding]:
    values = _values(data, focus, ps.path)
    msg = ps.message
    out = []

    def add(text: str, value=None):
        out.append(Finding(focus, ps.path_text, msg or text, ps.severity, value, ps.node))

    if ps.min_count is not None and len(values) < ps.min_count:
        add(f"Less than {ps.min_count} values on {focus}->{ps.path_text}")
    if ps.max_count is not None and len(values) > ps.max_count:
        add(f"More than {ps.max_count} values on {focus}->{ps.path_text}")
    for value in _value_findings(data, values, ps.values):
        add(f"Value {value} does not conform on {ps.path_text}", value)
    for others, or_equal in ((ps.less_than, False), (ps.less_or_equal, True)):
        for other in others:
            for o in (data.out[focus].get(other, ()) if focus in data.out else ()):
                for v in values:
                    if not _less(v, o, or_equal):
                        add(f"Value of {ps.path_text} is not less than {other}", v)
    if ps.unique_lang:
        langs: dict[str, int] = {}
        for v in values:
            if isinstance(v, tuple) and v[2]:
                langs[v[2].lower()] = langs.get(v[2].lower(), 0) + 1
        for lang, n in sorted(langs.items()):
            if n > 1:
                add(f"More than one value with language {lang}")
    if ps.qualified is not None:
        n = sum(1 for v in values
                if _value_failures(data, v, ps.qualified) == 0 and _has_values_ok(data, [v], ps.qualified))
        if ps.q_min is not None and n < ps.q_min:
            add(f"Less than {ps.q_min} values conform to the qualified shape")
        if ps.q_max is not None and n > ps.q_max:
            add(f"More than {ps.q_max} values conform to the qualified shape")
    return out


def _sparql_findings(data: Data, shape: NodeShape, sc: SparqlConstraint, focus_nodes: set) -> list[Finding]:
    if data.store is None:
        raise Unsupported("SPARQL constraints need the data in a store")
    out = []
    for row in data.store.query(sc.query):
        this = row["this"]
        if this is None:
            continue
        focus = ox_term(this)
        if focus not in focus_nodes:
            continue
        value = row["value"] if "value" in _variables(sc.query) else None
        value = ox_term(value) if value is not None else focus
        message = sc.message or shape.message or "SPARQL constraint violated"
        message = re.sub(r"\{[?$](\w+)\}", lambda m: _binding_text(row, m.group(1)), message)
        out.append(Finding(focus, None, message, shape.severity, value, shape.node))
    return out


def _variables(query: str) -> set[str]:
    head = query[:query.find("{")] if "{" in query else query
    return set(re.findall(r"[?$](\w+)", head))


def _binding_text(row, name: str) -> str:
    try:
        term = row[name]
    except (KeyError, IndexError):
        return "{?" + name + "}"
    if term is None:
        return ""
    t = ox_term(term)
    return t[0] if isinstance(t, tuple) else t
