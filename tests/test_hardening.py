"""Hardening (issue 8): the same input gives the same graph; no input crashes a build or loses a
previous one; every hostile string survives the trip into graph.ttl and back.

The expensive builds run once per module and side by side: one in this process, two as
``kg build`` subprocesses with other ``PYTHONHASHSEED`` values (one with ``--workers 2``, over
a copy of the seeds beside a 50 MB article, an endless JSONL line and a file whose name holds
terminal escapes).
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import URIRef
from rdflib.term import _is_valid_uri

from kg.corpus import DEFAULT_MAX_BYTES, InputProblem, read_corpus
from kg.graph import iris
from kg.graph.vocab import NIF, SDO
from kg.model import Article
from kg.outdir import MARKER, MARKER_TEXT
from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# `python -m kg.cli` runs nothing (kg/cli.py has no __main__ guard): call the Typer app itself.
KG = [sys.executable, "-c", "import sys; from kg.cli import app; sys.argv[0] = 'kg'; app()"]
BIG_BYTES = 50_000_000
ENDLESS_BYTES = 20_000_000
ESCAPE_NAME = "evil\x1b]0;pwned\x07\x1b[2J.txt"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED", "COVERAGE_PROCESS_START")}
    env.update(extra, CI="1", PYTHONPATH=str(ROOT))
    return env


def _copy_seeds(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for p in SEEDS.iterdir():
        shutil.copy(p, dest / p.name)
    return dest


def make_big_file(path: Path, size: int = BIG_BYTES) -> None:
    """A file of ``size`` bytes without writing them (sparse)."""
    with path.open("wb") as f:
        f.truncate(size)


def make_endless_line(path: Path, size: int = ENDLESS_BYTES) -> None:
    """One JSONL line of ``size`` bytes and no newline, written in chunks."""
    chunk = ("قتل 5 مدنيين في حلب. " * 2000).encode("utf-8")
    with path.open("wb") as f:
        f.write(b'{"id": "endless", "text": "')
        written = 0
        while written < size:
            f.write(chunk)
            written += len(chunk)


class Run:
    """A ``kg build`` subprocess, with the resource usage of that very process (os.wait4)."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = log
        self.stdout = (log.with_suffix(".out")).open("wb")
        self.stderr = (log.with_suffix(".err")).open("wb")
        self.proc = subprocess.Popen(KG + args, env=env, cwd=ROOT, stdout=self.stdout, stderr=self.stderr)
        self.returncode: int | None = None
        self.maxrss_kb = 0

    def wait(self, timeout: float = 300) -> Run:
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                self.proc.kill()
                raise TimeoutError(f"kg build still running after {timeout} s")
            time.sleep(0.05)
        self.returncode = self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.maxrss_kb = usage.ru_maxrss
        self.stdout.close()
        self.stderr.close()
        return self

    @property
    def err(self) -> str:
        return self.log.with_suffix(".err").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """a: in this process; b: subprocess, PYTHONHASHSEED=1; c: subprocess, PYTHONHASHSEED=2,
    --workers 2, over the seeds plus oversized and oddly named inputs (a folder also named seeds,
    so the page titles match)."""
    base = tmp_path_factory.mktemp("builds")
    big = _copy_seeds(base / "big" / "seeds")
    make_big_file(big / "huge.txt")
    make_endless_line(big / "endless.jsonl")
    (big / ESCAPE_NAME).write_bytes(b"")
    b = Run([*map(str, ("build", SEEDS, "-o", base / "b", "-q"))], _env(PYTHONHASHSEED="1"), base / "b")
    c = Run([*map(str, ("build", big, "-o", base / "c", "--workers", "2", "-q"))], _env(PYTHONHASHSEED="2"),
            base / "c")
    report_a = build(SEEDS, base / "a")
    b.wait(), c.wait()
    return {"a": base / "a", "b": base / "b", "c": base / "c", "report_a": report_a, "run_b": b, "run_c": c,
            "big": big}


# ---- determinism ---------------------------------------------------------------------------------


def test_builds_succeed(builds):
    assert builds["run_b"].returncode == 0, builds["run_b"].err
    assert builds["report_a"].articles_built == 5 and not builds["report_a"].problems


@pytest.mark.parametrize("name", ["graph.ttl", "graph.html", "timeline.html"])
def test_same_bytes_whatever_the_hash_seed_and_workers(builds, name):
    a = (builds["a"] / name).read_bytes()
    assert a == (builds["b"] / name).read_bytes(), f"{name}: differs with another PYTHONHASHSEED"
    assert a == (builds["c"] / name).read_bytes(), f"{name}: differs with --workers 2 (and skipped inputs beside)"


def test_ontology_copies_are_identical(builds):
    a = sorted(p.relative_to(builds["a"]) for p in (builds["a"] / "ontology").rglob("*"))
    assert a == sorted(p.relative_to(builds["b"]) for p in (builds["b"] / "ontology").rglob("*"))
    for rel in a:
        if (builds["a"] / rel).is_file():
            assert (builds["a"] / rel).read_bytes() == (builds["b"] / rel).read_bytes()


def test_report_differs_only_in_time_and_memory(builds):
    a = json.loads((builds["a"] / "report.json").read_text(encoding="utf-8"))
    b = json.loads((builds["b"] / "report.json").read_text(encoding="utf-8"))
    for r in (a, b):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", r.pop("built_at"))
        assert set(r.pop("seconds")) >= {"analyze", "resolve", "graph", "views"}
        peaks = r.pop("peak_mb")  # measured like the seconds: the process's RSS, not a result
        assert set(peaks) >= {"analyze", "resolve", "graph"} and all(v > 0 for v in peaks.values())
    assert a == b


# ---- resource bounds -------------------------------------------------------------------------------


def test_oversized_inputs_are_skipped_by_name(builds):
    run = builds["run_c"]
    assert run.returncode == 1, run.err  # built, but some inputs were skipped
    err = run.err
    assert f"huge.txt: {BIG_BYTES:,} bytes, over the limit of {DEFAULT_MAX_BYTES:,} (--max-bytes); skipped" in err
    assert f"endless.jsonl:1: line longer than the limit of {DEFAULT_MAX_BYTES:,} bytes (--max-bytes); skipped" in err
    assert "Traceback" not in err
    report = json.loads((builds["c"] / "report.json").read_text(encoding="utf-8"))
    assert report["articles_built"] == 5
    assert len(report["problems"]) == 3  # the big file, the endless line, the empty file
    assert any(ESCAPE_NAME in p for p in report["problems"])  # report.json keeps the name exactly, escaped


def test_no_terminal_escape_reaches_stderr(builds):
    assert "\x1b" not in builds["run_c"].err


_AUDIT = {"on": False, "hooked": False, "opened": []}


def _audit(event: str, args) -> None:
    if _AUDIT["on"] and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _AUDIT["opened"].append(os.fsdecode(args[0]))


def test_oversized_inputs_are_never_loaded(builds):
    """The 50 MB file is never opened; the 20 MB line is never held whole (traced peak << 20 MB)."""
    if not _AUDIT["hooked"]:
        sys.addaudithook(_audit)  # cannot be removed: inert unless _AUDIT["on"]
        _AUDIT["hooked"] = True
    tracemalloc.start()
    _AUDIT.update(on=True, opened=[])
    try:
        items = list(read_corpus(builds["big"]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        _AUDIT["on"] = False
        tracemalloc.stop()
    problems = [str(x) for x in items if isinstance(x, InputProblem)]
    assert len([x for x in items if isinstance(x, Article)]) == 5
    assert any("huge.txt" in p for p in problems) and any("endless.jsonl:1" in p for p in problems)
    assert not [p for p in _AUDIT["opened"] if p.endswith("huge.txt")], "the oversized file was opened"
    assert peak < DEFAULT_MAX_BYTES + 6_000_000, f"reading took {peak:,} bytes at peak"


def test_max_bytes_option_bounds_both_kinds(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("قتل 5 مدنيين في حلب.", encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({"id": "j", "text": "قتل " * 50}) + "\n"
                                 + json.dumps({"id": "k", "text": "حلب"}) + "\n", encoding="utf-8")
    items = list(read_corpus(src, max_bytes=100))
    assert [x.id for x in items if isinstance(x, Article)] == ["a", "k"]  # the line after a long one is read
    assert [x.origin for x in items if isinstance(x, InputProblem)] == [f"{src / 'b.jsonl'}:1"]


# ---- an interrupted build keeps the previous output ---------------------------------------------


def _previous_output(parent: Path) -> tuple[Path, dict[str, bytes]]:
    out = parent / "out"
    (out / "ontology").mkdir(parents=True)
    (out / "graph.ttl").write_bytes(b"# the previous build\n")
    (out / "report.json").write_text("{}", encoding="utf-8")
    (out / "ontology" / "hadath.ttl").write_bytes(b"# previous ontology\n")
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a build wrote it: it may be replaced
    return out, _snapshot(out)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _small_source(parent: Path) -> Path:
    src = parent / "src"
    src.mkdir()
    shutil.copy(next(SEEDS.glob("004_*.txt")), src)
    return src


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name not in ("src", "out", "marker"))


class Boom(Exception):
    pass


def _raise(error: type[BaseException]):
    def f(*args, **kwargs):
        raise error("stopped half-way by the test")
    return f


def _half_then_raise(error: type[BaseException]):
    from kg.graph.build import corpus_triples as real

    def corpus_triples(corpus):
        for n, t in enumerate(real(corpus)):
            if n == 200:
                raise error("stopped half-way through the triples")
            yield t
    return corpus_triples


@pytest.mark.parametrize("error", [Boom, KeyboardInterrupt])
@pytest.mark.parametrize("where", ["views", "graph"])
def test_failure_half_way_keeps_previous_output(tmp_path, monkeypatch, where, error):
    import kg.outputs
    import kg.views.network

    out, before = _previous_output(tmp_path)
    src = _small_source(tmp_path)
    if where == "views":
        monkeypatch.setattr(kg.views.network, "network_html", _raise(error))
        monkeypatch.setattr(kg.views.network, "write_network_html", _raise(error))
    else:  # wherever kg.outputs takes it from
        import kg.graph.build

        broken = _half_then_raise(error)
        monkeypatch.setattr(kg.graph.build, "corpus_triples", broken)
        if hasattr(kg.outputs, "corpus_triples"):
            monkeypatch.setattr(kg.outputs, "corpus_triples", broken)
    with pytest.raises(error):
        build(src, out)
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == [], "a staging or backup folder was left behind"
    monkeypatch.undo()
    report = build(src, out)  # and the next build replaces it
    assert report.articles_built == 1 and (out / "graph.ttl").read_bytes() != before["graph.ttl"]
    assert _leftovers(tmp_path) == []


_STALL = """
import sys, time
from pathlib import Path
import kg.views.network as network
marker = Path(sys.argv[1])
def stall(*args, **kwargs):
    marker.write_text("writing")
    time.sleep(120)
network.network_html = stall
from kg.cli import app
sys.argv = ["kg", *sys.argv[2:]]
app()
"""


def _interrupt(tmp_path: Path, sig: int) -> tuple[int, dict[str, bytes], list[str], list[str]]:
    out, before = _previous_output(tmp_path)
    src = _small_source(tmp_path)
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", _STALL, str(marker), "build", str(src), "-o", str(out), "-q"],
                            env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():  # the graph is written to the staging folder, the views are under way
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the build never reached the views"
            time.sleep(0.05)
        staging = [p.name for p in tmp_path.iterdir() if ".building-" in p.name]
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert _snapshot(out) == before
    return proc.returncode, before, staging, _leftovers(tmp_path)


@pytest.mark.slow
def test_sigint_half_way_keeps_previous_output(tmp_path):
    code, _, staging, left = _interrupt(tmp_path, signal.SIGINT)
    assert staging, "the interrupt came before the staging folder existed"
    assert code != 0
    assert left == []


@pytest.mark.slow
def test_sigterm_half_way_keeps_previous_output_and_cleans_up(tmp_path):
    code, _, staging, left = _interrupt(tmp_path, signal.SIGTERM)
    assert staging and code != 0
    assert left == []


# ---- RDF safety: hostile text and ids through graph.ttl and back ----------------------------------

CONTROL = "".join(chr(c) for c in range(0x20) if c not in (0x0A, 0x0D)) + "\x7f\x85\x9f"
FRAGMENT = "قال وزير الخارجية الروسي سيرغي لافروف إن 15 مدنيا قتلوا في حلب يوم الثلاثاء."
HOSTILE_TEXTS = {
    "quotes": f'"{FRAGMENT}" \'single\' """triple""" \'\'\'triple\'\'\' «guillemets» \\" \\\\ \\n \\u0041 \\U0001F600',
    "lines": f"{FRAGMENT}\nsecond\r\nthird\rfourth\u2028fifth\u2029\n\n{FRAGMENT}",
    "controls": f"{FRAGMENT} NUL\x00NUL {CONTROL} {FRAGMENT}",
    "bidi": f"\u200f{FRAGMENT}\u202b سيرغي\u200dلافروف \u202c\u202e{FRAGMENT}\u202c\u2066x\u2069\u200e",
    "joiners": f"حلـــب وحـلب ح\u200cلب ح\u200dلب {FRAGMENT} 👨\u200d👩\u200d👧 🇸🇾 ٍّ ٰ",
    "turtle": f"{FRAGMENT} @prefix x: <http://e/> . <a> <b> <c> . _:b1 ; , ] [ ^^xsd:string @ar #comment",
}
HOSTILE_IDS = ["with space", "a/b/c", "frag#ment", "100%", "%41", "%2541", "%2E", "مقال عربي", "<tag>", ".", "..",
               "ends with a dot.", "a.b",
               'dq"sq\'', "back\\slash", "tab\tline\nend", "?q=1&x=2", "x" * 300, "A", "a", "\u202eevil",
               "{{7*7}}", "javascript:alert(1)"]


@pytest.fixture(scope="module")
def rdf_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("rdf")
    src = base / "src"
    src.mkdir()
    texts: dict[str, str] = {}
    with (src / "metadata.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "published", "title", "publisher"])
        for name, text in HOSTILE_TEXTS.items():
            (src / f"{name}.txt").write_bytes(text.encode("utf-8"))
            texts[name] = text
            w.writerow([f"{name}.txt", "2016-12-13", text[-80:].replace("\x00", ""), "\\ \" \n"])
    (src / "bom.txt").write_bytes("\ufeff".encode("utf-8") + FRAGMENT.encode("utf-8"))
    texts["bom"] = FRAGMENT  # the reader drops the byte order mark; offsets count from after it
    (src / "AFP..txt").write_text(FRAGMENT, encoding="utf-8")  # id "AFP.": a local name ending in "."
    texts["AFP."] = FRAGMENT
    (src / "surrogate.txt").write_bytes(FRAGMENT.encode("utf-8") + b"\xed\xa0\x80")  # a lone surrogate, encoded
    with (src / "ids.jsonl").open("w", encoding="utf-8") as f:
        for n, ident in enumerate(HOSTILE_IDS):
            text = f"{FRAGMENT} ({n})"
            f.write(json.dumps({"id": ident, "text": text, "date": "2016-12-13", "title": ident, "url": ident}) + "\n")
            texts[ident] = text
    report = build(src, base / "out")
    g = rdflib.Graph()
    g.parse(base / "out" / "graph.ttl", format="turtle")
    store = ox.Store()
    store.load(path=str(base / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    return {"report": report, "texts": texts, "rdflib": g, "oxigraph": store, "out": base / "out", "src": src}


def test_hostile_articles_are_built(rdf_build):
    report = rdf_build["report"]
    assert report.articles_built == len(rdf_build["texts"]), report.problems
    (problem,) = report.problems
    assert "surrogate.txt: not UTF-8 (byte 0xed at offset" in problem and problem.endswith("; skipped")


def test_article_text_round_trips_exactly(rdf_build):
    g, store = rdf_build["rdflib"], rdf_build["oxigraph"]
    for ident, text in rdf_build["texts"].items():
        doc = iris.doc_iri(ident)
        assert [str(o) for o in g.objects(doc, NIF.isString)] == [text], ident
        assert [str(o) for o in g.objects(doc, SDO.identifier)] == [ident], ident
        quads = list(store.quads_for_pattern(ox.NamedNode(str(doc)), ox.NamedNode(str(NIF.isString)), None))
        assert [q.object.value for q in quads] == [text], ident


def test_spans_hold_on_the_stored_text(rdf_build):
    g = rdf_build["rdflib"]
    texts = {iris.doc_iri(i): t for i, t in rdf_build["texts"].items()}
    per_doc: dict[URIRef, int] = {}
    for span in set(g.subjects(NIF.anchorOf, None)):
        doc = g.value(span, NIF.referenceContext)
        begin, end = int(g.value(span, NIF.beginIndex)), int(g.value(span, NIF.endIndex))
        text = str(g.value(doc, NIF.isString))
        assert str(span) == f"{doc}#char={begin},{end}"
        assert str(g.value(span, NIF.anchorOf)) == text[begin:end], span
        per_doc[doc] = per_doc.get(doc, 0) + 1
    assert set(per_doc) == set(texts), "every hostile article gives mentions"


def test_both_parsers_read_the_same_graph(rdf_build):
    g, store = rdf_build["rdflib"], rdf_build["oxigraph"]
    assert len(g) == len(store) == rdf_build["report"].counts["triples"]
    ox_literals = sorted(q.object.value for q in store if isinstance(q.object, ox.Literal))
    rdf_literals = sorted(str(o) for o in g.objects() if isinstance(o, rdflib.Literal))
    assert ox_literals == rdf_literals


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]')


def test_every_iri_is_valid(rdf_build):
    store = rdf_build["oxigraph"]
    names = {t.value for q in store for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    assert names
    for name in names:
        assert not _IRI_FORBIDDEN.search(name), name
        assert re.match(r"https?://|mailto:|urn:", name), name
        ox.NamedNode(name)
        assert _is_valid_uri(name), name  # what rdflib's URIRef checks (it only logs a warning)


def test_doc_iris_are_distinct_and_stable(rdf_build):
    docs = {ident: str(iris.doc_iri(ident)) for ident in HOSTILE_IDS}
    assert len(set(docs.values())) == len(HOSTILE_IDS)
    assert all(not re.search(r"/\.\.?$", d) for d in docs.values()), \
        "'.' and '..' ids would be dot segments an IRI resolver removes"
    code = ("import json, sys; from kg.graph import iris; ids = json.load(sys.stdin); "
            "print(json.dumps({i: [str(iris.doc_iri(i)), str(iris.entity_iri('person:' + i)), "
            "str(iris.event_iri(i))] for i in ids}))")
    for seed in ("0", "12345"):
        other = subprocess.run([sys.executable, "-c", code], input=json.dumps(HOSTILE_IDS), capture_output=True,
                               text=True, env=_env(PYTHONHASHSEED=seed), cwd=ROOT, check=True)
        there = json.loads(other.stdout)
        for ident in HOSTILE_IDS:
            assert there[ident] == [docs[ident], str(iris.entity_iri("person:" + ident)), str(iris.event_iri(ident))]


def test_lone_surrogate_in_jsonl_is_a_problem_not_a_crash(tmp_path):
    src = _small_source(tmp_path)
    escaped = '{"id": "lone\\ud800", "text": "' + FRAGMENT + ' \\udc00", "date": "2016-12-13"}\n'  # valid JSON
    (src / "s.jsonl").write_text(escaped, encoding="utf-8")
    report = build(src, tmp_path / "out")
    assert report.articles_built == 1
    assert any("s.jsonl:1" in p for p in report.problems)


def test_duplicate_ids_across_inputs_are_reported(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(FRAGMENT, encoding="utf-8")
    (src / "a.TXT").write_text(FRAGMENT + " 2", encoding="utf-8")
    (src / "x.jsonl").write_text(json.dumps({"id": "a", "text": FRAGMENT + " 3"}) + "\n", encoding="utf-8")
    report = build(src, tmp_path / "out", views=False)
    assert report.articles_built + report.skipped == 3, (report.articles_built, report.problems)
    assert sum("duplicate" in p for p in report.problems) == 2
