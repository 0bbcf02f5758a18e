"""Reading articles: a folder of .txt files (+ optional metadata.csv), one .txt, or a .jsonl file
(or .jsonl.gz, read compressed, as a stream); ``read_sources`` reads several of these in turn.

``read_corpus`` streams ``Article`` records and ``InputProblem`` records in input
order; a problem never stops the stream, so one bad file or line costs only
itself. Reads are bounded: a file or JSONL line above ``max_bytes`` is skipped
without being loaded into memory (for .jsonl.gz: never decompressed whole). Article ids
name graph nodes, so they are unique across everything read together: a later article with an
id already read is reported and skipped.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import itertools
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.model import Article

DEFAULT_MAX_BYTES = 1_000_000  # a news article is a few KB; 1 MB is already a long report
METADATA_FILE = "metadata.csv"
METADATA_MAX_BYTES = 64_000_000  # a row per article: 10,000 articles take about 2 MB
_CHUNK = 1 << 20
_BOM = b"\xef\xbb\xbf"


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


def is_jsonl(path: Path) -> bool:
    """A JSONL file by its name: ``.jsonl``, or ``.jsonl.gz`` (gzip-compressed)."""
    name = Path(path).name.lower()
    return name.endswith(".jsonl") or name.endswith(".jsonl.gz")


def is_gzip(path: Path) -> bool:
    return Path(path).name.lower().endswith(".gz")


def check_source(path: Path) -> Path:
    """``path`` if it is a source ``read_corpus`` can read; :class:`CorpusError` (one line) otherwise."""
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            raise CorpusError(f"{path}: a symbolic link to nothing")
        raise CorpusError(f"{path}: no such file or folder")
    if path.is_dir():
        return path
    if not (is_jsonl(path) or path.suffix.lower() == ".txt"):
        raise CorpusError(f"{path}: expected a folder, a .txt file, a .jsonl file or a .jsonl.gz file")
    if (kind := _irregular(path.stat().st_mode)) is not None:
        raise CorpusError(f"{path}: not a regular file ({kind})")
    return path


def read_corpus(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, follow_links: bool = False,
                seen: set[str] | None = None) -> Iterator[Article | InputProblem]:
    """Articles and problems of a folder, a .txt, a .jsonl or a .jsonl.gz file, in input order.

    In a folder only regular files are read: a sub-folder, FIFO, device or dangling link named
    ``*.txt``/``*.jsonl``/``*.jsonl.gz`` is reported and skipped, and so is a symbolic link
    leading out of the folder unless ``follow_links``. A file named as ``path`` itself is read
    wherever it is, but must be a regular file too. ``seen`` holds the ids already read (by
    :func:`read_sources`, from earlier sources): an article with one of them is a duplicate, and
    the ids read here are added to it."""
    path = check_source(path)
    seen = set() if seen is None else seen
    if path.is_dir():
        items = _read_folder(path, max_bytes, follow_links, seen)
    elif is_jsonl(path):
        items = _read_jsonl(path, max_bytes, seen)
    else:
        items = _read_txt_files([path], {}, max_bytes)
    yield from unique_ids(items, seen)


def read_sources(paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 follow_links: bool = False) -> Iterator[Article | InputProblem]:
    """The articles and problems of several sources, one after the other, as one stream.

    Every source is checked before the first is read (a missing second source fails at once,
    before any work). An id read from an earlier source makes a later article a duplicate, reported
    as within one source."""
    checked = [check_source(p) for p in paths]
    if not checked:
        raise CorpusError("no source given")
    seen: set[str] = set()
    for path in checked:
        yield from read_corpus(path, max_bytes=max_bytes, follow_links=follow_links, seen=seen)


def _irregular(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


def entry_problem(entry: Path, root: Path, follow_links: bool = False) -> str | None:
    """Why a folder entry must not be read (None: it is a regular file that may be).

    ``root`` is the input folder, resolved: a symbolic link must lead to a file inside it
    unless ``follow_links``."""
    try:
        mode = entry.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = entry.resolve()
            if not target.exists():
                return "a symbolic link to nothing"
            if not follow_links and not target.is_relative_to(root):
                return "a symbolic link leading out of the input folder (--follow-links to read it)"
            mode = target.stat().st_mode
    except (OSError, RuntimeError) as err:  # RuntimeError: a loop of links
        return f"cannot be read ({getattr(err, 'strerror', None) or err})"
    kind = _irregular(mode)
    return None if kind is None else f"not a regular file ({kind})"


def open_regular(path: Path, *, follow: bool = True):
    """A binary file object on ``path`` if it is a regular file (OSError otherwise).

    Opened without blocking (a FIFO swapped in since it was checked cannot hang the build)
    and, unless ``follow``, without following a final symbolic link."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        kind = _irregular(os.fstat(fd).st_mode)
        if kind is not None:
            raise OSError(f"not a regular file ({kind})")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: Path, max_bytes: int, *, follow: bool = True) -> bytes | None:
    """The bytes of a regular file, or None when it holds more than ``max_bytes`` (counted as
    read, not as reported: /proc files say 0)."""
    chunks: list[bytes] = []
    size = 0
    with open_regular(path, follow=follow) as f:
        while size <= max_bytes:  # in chunks: read(max_bytes + 1) would allocate all of it at once
            chunk = f.read(min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return None if size > max_bytes else b"".join(chunks)


def unique_ids(items: Iterable[Article | InputProblem], seen: set[str] | None = None
               ) -> Iterator[Article | InputProblem]:
    """Article ids name graph nodes: a second article with an id already read (here or in ``seen``,
    which gets the ids read here) is skipped (a.txt, a.TXT, id "a")."""
    seen = set() if seen is None else seen
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


def _read_folder(folder: Path, max_bytes: int, follow_links: bool = False,
                 seen: set[str] | frozenset = frozenset()) -> Iterator[Article | InputProblem]:
    root = folder.resolve()
    meta: dict[str, dict[str, str]] = {}
    meta_path = folder / METADATA_FILE
    if meta_path.exists() or meta_path.is_symlink():
        problem = entry_problem(meta_path, root, follow_links)
        if problem:
            yield InputProblem(str(meta_path), f"{problem}; metadata ignored", False)
        else:
            meta, problems = _read_metadata(meta_path, follow=meta_path.is_symlink())
            yield from problems
    entries = sorted(folder.iterdir())
    txt = [p for p in entries if p.suffix.lower() == ".txt"]
    jsonl = [p for p in entries if is_jsonl(p)]
    yield from _read_txt_files(_readable(txt, root, follow_links), meta, max_bytes)
    yield from _read_jsonl_files(_readable(jsonl, root, follow_links), max_bytes, seen)


def _readable(entries: list[Path], root: Path, follow_links: bool) -> Iterator[Path | InputProblem]:
    for entry in entries:
        problem = entry_problem(entry, root, follow_links)
        yield entry if problem is None else InputProblem(str(entry), problem)


def _read_jsonl_files(files: Iterable[Path | InputProblem], max_bytes: int,
                      seen: set[str] | frozenset = frozenset()) -> Iterator[Article | InputProblem]:
    for f in files:
        if isinstance(f, InputProblem):
            yield f
        else:
            yield from _read_jsonl(f, max_bytes, seen)


def _read_metadata(path: Path, *, follow: bool = True) -> tuple[dict[str, dict[str, str]], list[InputProblem]]:
    """Rows of metadata.csv by file name. A bad row is reported and ignored, never the rest: a
    quote left open (which would swallow every later row) costs only the row it starts, and a
    second row for the same file is ignored (the first one counts)."""
    try:
        data = read_bounded(path, METADATA_MAX_BYTES, follow=follow)
    except OSError as err:
        return {}, [InputProblem(str(path), f"cannot be read ({err.strerror or err}); metadata ignored", False)]
    if data is None:
        return {}, [InputProblem(str(path), f"over {METADATA_MAX_BYTES:,} bytes; metadata ignored", False)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return {}, [InputProblem(str(path), f"not UTF-8 (byte 0x{err.object[err.start]:02x} at offset {err.start}); metadata ignored", False)]
    lines = list(io.StringIO(text, newline=""))
    rows: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    problems: list[InputProblem] = []
    header: list[str] | None = None
    pos = 0
    while pos < len(lines):
        reader = csv.reader(lines[pos:], strict=True)
        while True:
            line = pos + reader.line_num + 1  # where the next row starts
            try:
                record = next(reader)
            except StopIteration:
                pos = len(lines)
                break
            except csv.Error as err:
                if header is None:
                    return {}, [InputProblem(f"{path}:{line}", f"malformed CSV header ({err}); metadata ignored", False)]
                problems.append(InputProblem(f"{path}:{line}", f"malformed CSV row ({err}); row ignored", False))
                pos = line  # read on from the next line, not from where the open quote ended
                break
            if not record:
                continue
            if header is None:
                header = record
                if "file" not in header:
                    return {}, [InputProblem(str(path), "no 'file' column in the header; metadata ignored", False)]
                continue
            problem = _metadata_row(header, record, line, rows, first_line)
            if problem:
                problems.append(InputProblem(f"{path}:{line}", problem, False))
    if header is None:
        return {}, [InputProblem(str(path), "no 'file' column in the header; metadata ignored", False)]
    return rows, problems


def _file_key(name: str) -> str:
    return name[:-4] if name.lower().endswith(".txt") else name


def _metadata_row(header: list[str], record: list[str], line: int, rows: dict[str, dict[str, str]],
                  first_line: dict[str, int]) -> str | None:
    """Add the row starting at ``line`` to ``rows``; the words of its problem, if any."""
    if len(record) > len(header):
        return "more fields than the header names; row ignored"
    row = {k: (v or "").strip() for k, v in zip(header, record) if k}
    name = row.get("file", "")
    if not name:
        return "empty 'file' field; row ignored"
    if _file_key(name) in first_line:
        return f"a second row for {name!r} (the first is line {first_line[_file_key(name)]}); row ignored"
    first_line[_file_key(name)] = line
    problem = None
    published = row.get("published", "")
    if published:
        try:
            parse_date(published)
        except ValueError:
            problem = f"'published' is not a date (YYYY-MM-DD): {published!r}; date ignored"
            row["published"] = ""
    rows[name] = row
    return problem


def _read_txt_files(files: Iterable[Path | InputProblem], meta: dict[str, dict[str, str]],
                    max_bytes: int) -> Iterator[Article | InputProblem]:
    for f in files:
        if isinstance(f, InputProblem):
            yield f
            continue
        origin = str(f)
        try:
            size = f.stat().st_size
            if size > max_bytes:  # skipped unopened
                yield InputProblem(origin, f"{size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)")
                continue
            data = read_bounded(f, max_bytes)
        except OSError as err:
            yield InputProblem(origin, f"cannot be read ({err.strerror or err})")
            continue
        if data is None:  # more bytes than its size said (a /proc file, a growing file)
            yield InputProblem(origin, f"more than {max_bytes:,} bytes when read, over the limit (--max-bytes)")
            continue
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
    number ``first_line``: how kg.engines reads one partition of a JSONL file. A ``.gz`` file is
    decompressed as it is read (offsets are then those of the decompressed bytes; a damaged
    stream raises :class:`CompressedDataError` naming the line it stopped at).
    """
    with open_regular(path) as raw:
        f = gzip.GzipFile(fileobj=raw, mode="rb") if is_gzip(path) else raw
        number = first_line - 1
        try:
            f.seek(start)
            while end is None or f.tell() < end:
                at_start = f.tell() == 0
                line = f.readline(max_bytes + 1)
                if not line:
                    return
                number += 1
                if at_start and line.startswith(_BOM):  # a byte order mark is not part of the first line
                    line = line[len(_BOM):]
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    while line and not line.endswith(b"\n"):  # drain the rest of the oversized line
                        line = f.readline(_CHUNK)
                    yield number, None
                    continue
                yield number, line
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            raise CompressedDataError(path, number + 1, err) from None
        finally:
            if f is not raw:
                f.close()


class CompressedDataError(OSError):
    """A .jsonl.gz whose compressed stream is damaged or cut short: reading stops at ``line``."""

    def __init__(self, path: Path, line: int, error: BaseException):
        self.what = ("compressed stream " + ("cut short" if isinstance(error, EOFError) else "is not valid gzip data")
                     + ", the rest of the file is lost")
        super().__init__(f"{path}:{line}: {self.what}")
        self.line = line


def _read_jsonl(path: Path, max_bytes: int, known: set[str] | frozenset = frozenset()
                ) -> Iterator[Article | InputProblem]:
    """The lines of one JSONL file; an id in ``known`` (read before) or earlier in it is a duplicate."""
    seen: set[str] = set()
    try:
        lines = bounded_lines(path, max_bytes)
        first = next(lines, None)
    except CompressedDataError as err:
        yield InputProblem(f"{path}:{err.line}", err.what)
        return
    except OSError as err:
        yield InputProblem(str(path), f"cannot be read ({err.strerror or err})")
        return
    try:
        for number, line in ([] if first is None else itertools.chain([first], lines)):
            parsed = parse_jsonl_line(path, number, line, max_bytes)
            if parsed is None:
                continue
            problems, article = parsed
            if article is not None and (article.id in seen or article.id in known):
                yield InputProblem(article.origin, f"duplicate id {article.id!r}")  # and nothing else of it
                continue
            yield from problems
            if article is not None:
                seen.add(article.id)
                yield article
    except CompressedDataError as err:
        yield InputProblem(f"{path}:{err.line}", err.what)
    except OSError as err:  # a read error half way (a disk, a network share)
        yield InputProblem(str(path), f"reading stopped ({err.strerror or err}), the rest of the file is lost")


def jsonl_stem(path: Path) -> str:
    """The name of a JSONL file without ``.jsonl`` or ``.jsonl.gz``: default ids are ``STEM-LINE``."""
    name = Path(path).name
    for suffix in (".gz", ".jsonl"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


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
        return _parse_record(path, number, origin, line)
    except RecursionError:  # "[[[[…" 100,000 deep, or deep nesting inside an article's fields
        return (InputProblem(origin, "JSON nested too deeply"),), None


def _parse_record(path: Path, number: int, origin: str, line: bytes
                  ) -> tuple[tuple[InputProblem, ...], Article | None]:
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
        id=str(record.get("id") or f"{jsonl_stem(path)}-{number}"),
        text=text,
        published=published,
        publisher=str(record["source"]) if record.get("source") else None,
        title=title or None,
        url=str(record["url"]) if record.get("url") else None,
        origin=origin,
    )
