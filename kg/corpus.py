"""Reading articles: a folder of .txt files (+ optional metadata.csv), one .txt, or a .jsonl file.

``read_corpus`` streams ``Article`` records and ``InputProblem`` records in input
order; a problem never stops the stream, so one bad file or line costs only
itself. Reads are bounded: a file or JSONL line above ``max_bytes`` is skipped
without being loaded into memory.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article

DEFAULT_MAX_BYTES = 1_000_000  # a news article is a few KB; 1 MB is already a long report
METADATA_FILE = "metadata.csv"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class InputProblem:
    """Something wrong with one input: the article (or row) it names is skipped or degraded."""

    origin: str  # "seeds/bad.txt" or "news.jsonl:17"
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}" + ("; skipped" if self.skipped else "")


class CorpusError(Exception):
    """The input as a whole cannot be read (missing path, unsupported kind)."""


def read_corpus(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputProblem]:
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_dir():
        items = _read_folder(path, max_bytes)
    elif path.suffix.lower() == ".jsonl":
        items = _read_jsonl(path, max_bytes)
    elif path.suffix.lower() == ".txt":
        items = _read_txt_files([path], {}, max_bytes)
    else:
        raise CorpusError(f"{path}: expected a folder, a .txt file or a .jsonl file")
    yield from unique_ids(items)


def unique_ids(items: Iterable[Article | InputProblem]) -> Iterator[Article | InputProblem]:
    """Article ids name graph nodes: a second article with an id already read is skipped (a.txt, a.TXT, id "a")."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Article):
            if item.id in seen:
                yield InputProblem(item.origin, f"duplicate id {item.id!r}")
                continue
            seen.add(item.id)
        yield item


_YEARS = range(1800, 2200)  # news dates; year 1 would overflow date arithmetic downstream


def parse_date(value: str) -> dt.date:
    """An ISO date (2016-11-30), also accepting a datetime prefix (2016-11-30T10:00)."""
    date = dt.date.fromisoformat(value.strip()[:10])
    if date.year not in _YEARS:
        raise ValueError(f"year {date.year} is outside {_YEARS.start}-{_YEARS.stop - 1}")
    return date


# ---- folders and .txt files -----------------------------------------------------------


def _read_folder(folder: Path, max_bytes: int) -> Iterator[Article | InputProblem]:
    meta: dict[str, dict[str, str]] = {}
    meta_path = folder / METADATA_FILE
    if meta_path.is_file():
        meta, problems = _read_metadata(meta_path)
        yield from problems
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    yield from _read_txt_files(files, meta, max_bytes)
    yield from _read_jsonl_files(sorted(p for p in folder.iterdir() if p.suffix.lower() == ".jsonl"), max_bytes)


def _read_jsonl_files(files: list[Path], max_bytes: int) -> Iterator[Article | InputProblem]:
    for f in files:
        yield from _read_jsonl(f, max_bytes)


def _read_metadata(path: Path) -> tuple[dict[str, dict[str, str]], list[InputProblem]]:
    rows: dict[str, dict[str, str]] = {}
    problems: list[InputProblem] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                return {}, [InputProblem(str(path), "no 'file' column in the header; metadata ignored", False)]
            for row in reader:
                line = reader.line_num
                name = (row.get("file") or "").strip()
                if None in row:
                    problems.append(InputProblem(f"{path}:{line}", "more fields than the header names; row ignored", False))
                    continue
                if not name:
                    problems.append(InputProblem(f"{path}:{line}", "empty 'file' field; row ignored", False))
                    continue
                published = (row.get("published") or "").strip()
                if published:
                    try:
                        parse_date(published)
                    except ValueError:
                        problems.append(InputProblem(
                            f"{path}:{line}", f"'published' is not a date (YYYY-MM-DD): {published!r}; date ignored", False))
                        row = {**row, "published": ""}
                rows[name] = {k: (v or "").strip() for k, v in row.items() if k}
    except UnicodeDecodeError as err:
        return {}, [InputProblem(str(path), f"not UTF-8 (byte 0x{err.object[err.start]:02x} at offset {err.start}); metadata ignored", False)]
    except csv.Error as err:
        problems.append(InputProblem(str(path), f"malformed CSV ({err}); the rest of the metadata ignored", False))
    return rows, problems


def _read_txt_files(files: list[Path], meta: dict[str, dict[str, str]], max_bytes: int) -> Iterator[Article | InputProblem]:
    for f in files:
        origin = str(f)
        size = f.stat().st_size
        if size > max_bytes:
            yield InputProblem(origin, f"{size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
            continue
        data = f.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            yield InputProblem(origin, f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})")
            continue
        if not text.strip():
            yield InputProblem(origin, "empty file")
            continue
        row = meta.get(f.name) or meta.get(f.stem) or {}
        published = row.get("published") or ""
        yield Article(
            id=f.stem,
            text=text,
            published=parse_date(published) if published else None,
            publisher=row.get("publisher") or None,
            title=row.get("title") or None,
            url=row.get("url") or None,
            origin=origin,
        )


# ---- JSONL ------------------------------------------------------------------------------


def bounded_lines(path: Path, max_bytes: int, start: int = 0, end: int | None = None,
                  first_line: int = 1) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than max_bytes (never held whole).

    ``start``/``end`` bound a byte range (the lines starting before ``end``) whose first line is
    number ``first_line``: how kg.engines reads one partition of a JSONL file.
    """
    with path.open("rb") as f:
        f.seek(start)
        number = first_line - 1
        while end is None or f.tell() < end:
            line = f.readline(max_bytes + 1)
            if not line:
                return
            number += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # drain the rest of the oversized line
                    line = f.readline(_CHUNK)
                yield number, None
                continue
            yield number, line


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | InputProblem]:
    seen: set[str] = set()
    for number, line in bounded_lines(path, max_bytes):
        parsed = parse_jsonl_line(path, number, line, max_bytes)
        if parsed is None:
            continue
        problems, article = parsed
        if article is not None and article.id in seen:
            yield InputProblem(article.origin, f"duplicate id {article.id!r}")  # and nothing else of it
            continue
        yield from problems
        if article is not None:
            seen.add(article.id)
            yield article


def parse_jsonl_line(path: Path, number: int, line: bytes | None, max_bytes: int
                     ) -> tuple[tuple[InputProblem, ...], Article | None] | None:
    """One JSONL line: its problems and the article it holds (None for a blank line).

    Shared by ``read_corpus`` and the partition readers of kg.engines, so both report alike.
    ``line`` is None for a line longer than ``max_bytes`` (see ``bounded_lines``).
    """
    origin = f"{path}:{number}"
    if line is None:
        return (InputProblem(origin, f"line longer than the limit of {max_bytes:,} bytes (--max-bytes)"),), None
    if not line.strip():
        return None
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as err:
        return (InputProblem(origin, f"not UTF-8 (byte 0x{line[err.start]:02x} at column {err.start + 1})"),), None
    except json.JSONDecodeError as err:
        return (InputProblem(origin, f"malformed JSON ({err.msg} at column {err.colno})"),), None
    if not isinstance(record, dict):
        return (InputProblem(origin, "a JSON object was expected"),), None
    try:  # JSON may escape a lone surrogate (\ud800): no such text can be written as UTF-8
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return (InputProblem(origin, "text holds an unpaired UTF-16 surrogate escape (not valid Unicode text)"),), None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return (InputProblem(origin, "no 'text'"),), None
    problems: tuple[InputProblem, ...] = ()
    published = None
    raw_date = record.get("date")
    if raw_date:
        try:
            published = parse_date(str(raw_date))
        except ValueError:
            problems = (InputProblem(origin, f"'date' is not a date (YYYY-MM-DD): {raw_date!r}; built without it", False),)
    title = record.get("title") if isinstance(record.get("title"), str) else None
    return problems, Article(
        id=str(record.get("id") or f"{path.stem}-{number}"),
        text=text,
        published=published,
        publisher=str(record["source"]) if record.get("source") else None,
        title=title or None,
        url=str(record["url"]) if record.get("url") else None,
        origin=origin,
    )
