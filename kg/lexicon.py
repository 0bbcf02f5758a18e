"""The one loader of the linguistic word lists (``kg/lexicons/*.tsv``).

Each file declares its columns here (:data:`SPECS`); a file whose first column is a
``kind`` declares columns per kind. Loading a file:

* skips blank lines and ``#`` comments, splits on tabs, strips each cell;
* **normalizes at load time** the columns that hold Arabic words (``form``: one
  word or phrase, ``forms``: several separated by ``|``, ``words``: a
  whitespace-separated list), so code and lexicon never need to be written
  pre-normalized (``لدى``, ``إلى`` and ``مؤسسة`` match as written);
* checks every closed column (an enum: classes, kinds, flags) and rejects a bad
  row with its file and line: ``triggers.tsv:158: unknown class 'Kiling'``.

:func:`rows` returns :class:`Row` records (a mapping from column name to value
plus the line number); :func:`word_sets` reads ``cues.tsv``, the closed word
classes of the event stages (prepositions, negations, relative pronouns …).
Results are read-only and cached per process (they are resources, not state).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from kg.text.normalize import normalize_ar

__all__ = ["LexiconError", "Column", "Row", "SPECS", "rows", "word_sets", "parse_flags", "EVENT_CLASS_NAMES"]


class LexiconError(ValueError):
    """A lexicon row that cannot be read: ``file:line: problem``."""


# The event classes a trigger may name (kg.graph.vocab.EVENT_CLASSES, checked by a test).
EVENT_CLASS_NAMES = frozenset({
    "Meeting", "Statement", "Appeal", "Negotiation", "Agreement", "Vote", "Attack", "Airstrike", "Shelling", "Clash",
    "Offensive", "Siege", "TakeControl", "Withdrawal", "Displacement", "Evacuation", "Killing", "Injury", "Arrest",
    "Surrender", "Protest", "Celebration"})

TRIGGER_FLAGS = frozenset({"adjective", "cause", "inverse", "object-agent", "place-object", "purpose-host", "speech",
                           "start", "stative", "estimate", "passive", "people", "dated",
                           "preposition"})
TRIGGER_PARAMS = {"with": "form", "needs": "form", "not": "form", "armed": "class", "escalate": "class"}
MEASURE_GROUPS = frozenset({"civilians", "children", "fighters", "soldiers", "persons", "areas", "share", "*"})
APPROXIMATIONS = frozenset({"moreThan", "about", "atLeast", "lessThan"})
# ISO 3166 alpha-2 codes (CLDR, through babel) for the entity lexicons' country columns.
try:
    from babel import Locale as _Locale

    COUNTRY_CODES = frozenset(c for c in _Locale("en").territories if len(c) == 2 and c.isalpha())
except ImportError:  # pragma: no cover - babel is a dependency
    COUNTRY_CODES = frozenset()
ACTOR_ROLES = frozenset({"government-forces", "government", "opposition", "civilians", "jihadists", "allied-militias",
                         "coalition", "security-forces", "protesters", "unknown-gunmen"})


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | form | forms | words | enum | int | float | flags
    values: frozenset[str] = frozenset()  # enum: the allowed values
    optional: bool = False


@dataclass(frozen=True)
class Spec:
    columns: tuple[Column, ...] = ()
    by_kind: Mapping[str, tuple[Column, ...]] = field(default_factory=dict)  # first column is the kind


def _c(name: str, kind: str = "text", values=(), optional: bool = False) -> Column:
    return Column(name, kind, frozenset(values), optional)


_CLASS_OR_SUPPORT = EVENT_CLASS_NAMES | {"-"}

SPECS: dict[str, Spec] = {
    "triggers.tsv": Spec(columns=(
        _c("forms", "forms"), _c("class", "enum", _CLASS_OR_SUPPORT),
        _c("pos", "enum", {"verb", "noun", "support", "support-noun"}),
        _c("notes", optional=True), _c("flags", "flags", optional=True))),
    "attribution.tsv": Spec(by_kind={
        "cue": (_c("form", "form"), _c("notes", optional=True)),
        "verb": (_c("forms", "forms"), _c("notes", optional=True)),
        "head": (_c("form", "form"), _c("notes", optional=True)),
        "source": (_c("form", "form"), _c("notes", optional=True)),
        "report": (_c("form", "form"), _c("notes", optional=True)),
        "continue": (_c("form", "form"), _c("notes", optional=True)),
        "pronoun": (_c("form", "form"), _c("notes", optional=True)),
        "that-verb": (_c("forms", "forms"), _c("notes", optional=True)),
    }),
    "measures.tsv": Spec(by_kind={
        "noun": (_c("form", "form"), _c("group", "enum", MEASURE_GROUPS), _c("notes", optional=True)),
        "measure": (_c("class", "enum", EVENT_CLASS_NAMES | {"*"}), _c("group", "enum", MEASURE_GROUPS),
                    _c("measure")),
        "context": (_c("form", "form"), _c("measure"), _c("notes", optional=True)),
        "approx": (_c("form", "form"), _c("approximation", "enum", APPROXIMATIONS),
                   _c("place", "enum", {"before", "after", ""}, optional=True)),
        "word": (_c("form", "form"), _c("use", "enum", {"not-counted", "tally", "time-anchor", "age", "partitive"}),
                 _c("notes", optional=True)),
    }),
    "time.tsv": Spec(by_kind={
        "month": (_c("form", "form"), _c("value", "int"), _c("flags", "enum", {"", "ambiguous"}, optional=True)),
        "weekday": (_c("form", "form"), _c("value", "int"), _c("flags", "enum", {""}, optional=True)),
        "season": (_c("form", "form"), _c("value", "enum", {"summer", "winter", "spring", "autumn"}),
                   _c("flags", "enum", {""}, optional=True)),
    }),
    "cues.tsv": Spec(columns=(_c("set"), _c("words", "words"), _c("notes", optional=True))),
    # kept as written: the CRF normalizes them with its own token normalization (kg.recognize.features)
    "ner_cues.tsv": Spec(columns=(_c("set", "enum", {"TITLE", "SAY", "LOC", "ORG", "PREP"}), _c("words"),
                                  _c("notes", optional=True))),
    "roles.tsv": Spec(columns=(_c("kind", "enum", {"modifier", "support", "agent", "done-by"}), _c("words", "words"),
                               _c("notes", optional=True))),
    # the entity lexicons of kg.recognize.gazetteer (forms of names are kept as written: they are labels too)
    "stopwords.tsv": Spec(columns=(_c("form", "form"), _c("notes", optional=True))),
    "not_places.tsv": Spec(columns=(_c("form", "form"), _c("notes", optional=True))),
    "nisba.tsv": Spec(columns=(_c("form", "form"), _c("country", "enum", COUNTRY_CODES))),
    "given_names.tsv": Spec(columns=(_c("form", "form"), _c("use", "enum", {"any", "title-only"}))),
    "person_names.tsv": Spec(columns=(_c("form"), _c("articles", "int"))),  # mined: bench/mine_names.py
    "titles.tsv": Spec(columns=(_c("form"), _c("role", optional=True))),
    "place_words.tsv": Spec(by_kind={  # kg.recognize.rules and sites: head nouns and words of place
        "head": (_c("form", "form"), _c("what", "enum", {"place", "place-known", "site", "place-list", "place-pair",
                                                    "numbered"}),
                 _c("class", "enum", {"City", "Region", "Site", "Neighbourhood"})),
        **{kind: (_c("words", "words"),) for kind in ("cue", "noun", "direction", "not-name", "opener", "name-noun",
                                                       "part-adjective", "locative", "head-prefix")}}),
    "heads.tsv": Spec(columns=(_c("form", "form"), _c("what", "enum", {"place-list", "place", "organization",
                                                                        "agent-noun"}), _c("class"),
                               _c("use", "enum", {"", "open", "local"}, optional=True))),
    "org_words.tsv": Spec(columns=(_c("set"), _c("words", "words"), _c("notes", optional=True))),
    "org_mined.tsv": Spec(by_kind={kind: (_c("form", "form"), _c("articles", "int"), _c("share", "float"))
                                   for kind in ("outlet", "group", "complement", "not-complement")}),
    "actors.tsv": Spec(columns=(_c("form"), _c("role", "enum", ACTOR_ROLES),
                                _c("subtype", "enum", {"ArmedForce", "ArmedGroup", "Government", "PopulationGroup"}))),
    "organizations.tsv": Spec(columns=(
        _c("key"), _c("subtype", "enum", {"ArmedForce", "ArmedGroup", "Government", "IntergovernmentalOrganization",
                                          "MediaOutlet", "Organization"}),
        _c("label_ar"), _c("label_en"), _c("country", "enum", COUNTRY_CODES | {""}, optional=True),
        _c("aliases", optional=True), _c("roles", optional=True))),
    "places.tsv": Spec(columns=(
        _c("form"), _c("label_en", optional=True), _c("subtype", "enum", {"City", "Region", "Site", "Neighbourhood",
                                                                          "Country"}),
        _c("country", "enum", COUNTRY_CODES | {""}, optional=True), _c("geonames_id", "int", optional=True),
        _c("lat", "float", optional=True), _c("lon", "float", optional=True), _c("part_of", optional=True))),
}


class Row(dict):
    """One lexicon row: column name -> value (normalized as declared), with ``line`` and ``kind``."""

    line: int = 0
    kind: str = ""


def parse_flags(cell: str, where: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """``inverse,with=أنفسهم`` -> ({"inverse"}, (("with", "انفسهم"),)); unknown flags are errors."""
    flags: set[str] = set()
    params: list[tuple[str, str]] = []
    for f in (x.strip() for x in cell.split(",") if x.strip()):
        if "=" in f:
            k, v = (x.strip() for x in f.split("=", 1))
            if k not in TRIGGER_PARAMS:
                raise LexiconError(f"{where}: unknown flag parameter {k!r}")
            if TRIGGER_PARAMS[k] == "class":
                if v not in EVENT_CLASS_NAMES:
                    raise LexiconError(f"{where}: unknown class {v!r} in {k}=")
            else:
                v = normalize_ar(v)
            params.append((k, v))
        else:
            if f not in TRIGGER_FLAGS:
                raise LexiconError(f"{where}: unknown flag {f!r}")
            flags.add(f)
    return frozenset(flags), tuple(params)


def _value(col: Column, cell: str, where: str):
    if not cell and not col.optional:
        raise LexiconError(f"{where}: empty {col.name}")
    if col.kind == "form":
        return normalize_ar(cell)
    if col.kind == "forms":
        forms = tuple(normalize_ar(f) for f in cell.split("|") if f.strip())
        if not forms and not col.optional:
            raise LexiconError(f"{where}: no form in {col.name}")
        return forms
    if col.kind == "words":
        return tuple(normalize_ar(w) for w in cell.split())
    if col.kind == "enum":
        if cell not in col.values:
            raise LexiconError(f"{where}: unknown {col.name} {cell!r}")
        return cell
    if col.kind in ("int", "float"):
        if not cell:
            return None  # an optional number left blank
        try:
            return int(cell) if col.kind == "int" else float(cell)
        except ValueError:
            raise LexiconError(f"{where}: {col.name} is not a number: {cell!r}") from None
    if col.kind == "flags":
        return parse_flags(cell, where)
    return cell


def parse(name: str, text: str, spec: Spec | None = None) -> list[Row]:
    """The rows of one lexicon file's text, checked against its declaration."""
    spec = spec or SPECS[name]
    out: list[Row] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        where = f"{name}:{lineno}"
        kind = ""
        if spec.by_kind:
            kind = cells.pop(0)
            if kind not in spec.by_kind:
                raise LexiconError(f"{where}: unknown kind {kind!r}")
            columns = spec.by_kind[kind]
        else:
            columns = spec.columns
        while len(cells) > len(columns) and not cells[-1]:
            cells.pop()
        if len(cells) > len(columns):
            raise LexiconError(f"{where}: {len(cells)} columns, at most {len(columns)} expected")
        cells += [""] * (len(columns) - len(cells))
        row = Row()
        row.line, row.kind = lineno, kind
        for col, cell in zip(columns, cells):
            row[col.name] = _value(col, cell, where)
        out.append(row)
    return out


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[Row, ...]:
    """The checked, normalized rows of ``kg/lexicons/<name>`` (cached per process, read-only)."""
    text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    return tuple(parse(name, text))


@lru_cache(maxsize=None)
def word_sets(name: str = "cues.tsv") -> Mapping[str, frozenset[str]]:
    """Named sets of normalized words (several rows of one set are joined)."""
    sets: dict[str, set[str]] = {}
    for row in rows(name):
        sets.setdefault(row["set"], set()).update(row["words"])
    return {k: frozenset(v) for k, v in sets.items()}


def word_set(name: str, file: str = "cues.tsv") -> frozenset[str]:
    """One set of :func:`word_sets`; an unknown name is an error naming the file."""
    sets = word_sets(file)
    if name not in sets:
        raise LexiconError(f"{file}: no word set {name!r}")
    return sets[name]


