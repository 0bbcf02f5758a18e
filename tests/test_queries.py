"""The competency questions (kg/queries/*.rq) on a real build of the seeds.

The graph is built once per session (``kg.pipeline.build(seeds, tmp)``). The expectations come
from the reference annotation of the seeds (shared/gold/seeds.yaml): if one fails, either the
query or the extraction is wrong; the assertions are not to be loosened to make them pass.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.queries import QUESTIONS, load_query, parameters, question_text
from kg.query import run_query

from tests.conftest import ROOT, SEEDS

FIXTURE = ROOT / "tests" / "fixtures" / "mini_graph.ttl"
QUERY_DIR = ROOT / "kg" / "queries"
NAMES = [name for name, _ in QUESTIONS]
XSD = "http://www.w3.org/2001/XMLSchema#"
ALEPPO = "حلب"
SOHR = "المرصد السوري"  # the Syrian Observatory for Human Rights, however the graph spells the rest


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """A kg build output folder for seeds/ (graph.ttl, ontology/), built once per test session."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("queries") / "out"
    report = build(SEEDS, out, views=False)
    assert report.articles_built == 5, report.problems
    return out


@pytest.fixture(scope="session")
def graph(seeds_build: Path) -> Path:
    return seeds_build / "graph.ttl"


def _value(term):
    """A result term as a Python value: str, int, Decimal, date, or the IRI as str; None if unbound."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer":
            return int(term.value)
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype == XSD + "date":
            return dt.date.fromisoformat(term.value)
    return term.value


def ask(sources, name: str, **values) -> list[dict]:
    result = run_query(list(sources), load_query(name, **values))
    return [dict(zip(result.variables, map(_value, row))) for row in result.rows]


def seed_texts_by_id() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


# --------------------------------------------------------------------------- the files


def test_every_query_file_is_listed_with_its_title():
    files = sorted(p.stem for p in QUERY_DIR.glob("*.rq"))
    assert sorted(NAMES) == files
    assert NAMES[:7] == ["events_in_place", "figures_by_source", "actors_by_articles", "actor_timeline",
                         "conflicting_figures", "event_map", "event_evidence"]
    for name, title in QUESTIONS:
        text = load_query(name)
        assert text.startswith(f"# title: {title}\n# question: "), name
        assert question_text(name).endswith("?"), name


@pytest.mark.parametrize("name", NAMES)
def test_query_declares_its_prefixes(name):
    """Each file parses without kg.query's injected prefixes, so it runs in any SPARQL store."""
    text = load_query(name)
    used = set(re.findall(r"(?<![\w?$:<])([a-z]+):(?=[A-Za-z_(])", re.sub(r"#[^\n]*|\"[^\"\n]*\"|<[^>\s]*>", "", text)))
    declared = set(re.findall(r"^PREFIX\s+(\w+):", text, re.MULTILINE))
    assert used <= declared, f"{name}: undeclared prefixes {sorted(used - declared)}"
    ox.Store().query(text)  # parses with no default prefixes; raises SyntaxError otherwise


def _comparable(text: str | None):
    """A cell compared across engines: numbers by value, GROUP_CONCAT lists as sets (SPARQL leaves
    the order of a GROUP_CONCAT to the engine)."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        pass
    for separator in (" | ", "، ", " "):
        if separator in text:
            return frozenset(text.split(separator))
    return text


@pytest.mark.parametrize("name", NAMES)
def test_query_runs_the_same_in_rdflib(name, request):
    """Portable SPARQL: rdflib's engine gives the rows pyoxigraph gives. On the hand-built fixture;
    on the seeds for the conflicts, which the fixture has none of (rdflib is too slow for the
    seeds on the others)."""
    import rdflib

    source = request.getfixturevalue("graph") if name == "conflicting_figures" else FIXTURE
    rdf = rdflib.Graph().parse(source, format="turtle")
    theirs = {tuple(_comparable(None if v is None else str(v)) for v in row) for row in rdf.query(load_query(name))}
    ours = {tuple(_comparable(None if t is None else t.value) for t in row)
            for row in run_query([source], load_query(name)).rows}
    assert ours, f"{name}: no answer on {source.name}"
    assert theirs == ours


def test_load_query_sets_parameters():
    text = load_query("events_in_place", place='تدمر "x"')
    assert 'VALUES ?place { "تدمر \\"x\\"" }' in text and '"حلب"' not in text
    text = load_query("event_evidence", event="https://w3id.org/hadath/id/event/x")
    assert re.search(r"^\s*VALUES \?event \{ <https://w3id.org/hadath/id/event/x> \}$", text, re.MULTILINE)
    assert 'VALUES ?place { "حلب" "تدمر" }' in load_query("events_in_place", place=["حلب", "تدمر"])
    dated = load_query("event_evidence", event=[dt.date(2016, 12, 12), 3])
    assert 'VALUES ?event { "2016-12-12"^^<http://www.w3.org/2001/XMLSchema#date> 3 }' in dated
    assert parameters("actor_timeline") == ["actor"]
    with pytest.raises(KeyError, match="no parameter"):
        load_query("events_in_place", actor="x")
    with pytest.raises(KeyError, match="no competency question"):
        load_query("../pipeline")


# --------------------------------------------------------------------------- (a) events in a place


def test_events_in_aleppo_in_time_order_with_neighbourhoods(graph):
    rows = ask([graph], "events_in_place")
    assert len(rows) >= 10
    dated = [r["from"] for r in rows if r["from"] is not None]
    assert dated == sorted(dated), "events must come back in date order"
    assert all(r["from"] is not None for r in rows[:len(dated)]), "undated events come last"
    # the army retook al-Sheikh Saeed and other eastern neighbourhoods on Monday 12 December 2016
    assert any("TakeControl" in r["kind"].split() and r["from"] == r["to"] == dt.date(2016, 12, 12)
               for r in rows), [(r["from"], r["to"], r["kind"]) for r in rows]
    # neighbourhoods count: some event happened in a place that is part of Aleppo, not Aleppo itself
    assert any(r["where"] and ALEPPO not in r["where"].split("، ") for r in rows)
    # ... and nothing outside it
    assert not any("تدمر" in (r["where"] or "") or "جنيف" in (r["where"] or "") for r in rows)


def test_events_in_place_by_english_name_and_other_places(graph):
    arabic = {r["event"] for r in ask([graph], "events_in_place")}
    assert {r["event"] for r in ask([graph], "events_in_place", place="Aleppo")} == arabic
    palmyra = ask([graph], "events_in_place", place="تدمر")
    # the Islamic State withdrew from Palmyra at dawn on Sunday 11 December (002)
    assert any("Withdrawal" in r["kind"].split() and r["from"] == dt.date(2016, 12, 11) for r in palmyra)
    assert not {r["event"] for r in palmyra} & arabic
    assert ask([graph], "events_in_place", place="لا يوجد مكان بهذا الاسم") == []


def test_event_kind_is_the_most_specific_class_with_the_ontology(seeds_build):
    sources = [seeds_build / "graph.ttl", seeds_build / "ontology" / "hadath.ttl"]
    rows = ask(sources, "events_in_place")
    kinds = {r["kind"] for r in rows}
    assert all(len(k.split()) == 1 for k in kinds), kinds
    plain = {r["event"]: set(r["kind"].split()) for r in ask([seeds_build / "graph.ttl"], "events_in_place")}
    for r in rows:  # with the class tree loaded, the most specific of the materialised classes
        assert r["kind"] in plain[r["event"]]


# --------------------------------------------------------------------------- (b) figures


def test_who_reported_which_figure(graph):
    rows = ask([graph], "figures_by_source")
    by_value = {}
    for r in rows:
        by_value.setdefault(r["value"], []).append(r)
    # "بمقتل 463 مدنيا على الأقل ... بحسب المرصد" (001)
    (killed,) = [r for r in by_value[Decimal(463)] if r["measure"] == "civiliansKilled"]
    assert SOHR in killed["source"]
    assert killed["article"].startswith("001_") and killed["published"] == dt.date(2016, 12, 13)
    assert killed["approximation"] == "atLeast"
    assert "463" in killed["evidence"] and killed["event"]
    # "وافادت وكالة الانباء السورية الرسمية (سانا) ... خروج اربعة الاف مدني" (002)
    assert any("سانا" in r["source"] and r["article"].startswith("002_") for r in by_value[Decimal(4000)])
    # Russia says 2,200 fighters surrendered (003)
    assert any(r["measure"] == "surrendered" and r["source"] == "روسيا" for r in by_value[Decimal(2200)])
    # every row has what an analyst needs to check it
    assert all(r["measure"] and r["approximation"] and r["article"] and r["evidence"] for r in rows)
    assert len({r["figure"] for r in rows}) == len(rows), "one row per figure"


def test_figures_evidence_is_the_article_text(graph):
    texts = seed_texts_by_id()
    for r in ask([graph], "figures_by_source"):
        assert r["evidence"] in texts[r["article"]]


# --------------------------------------------------------------------------- (c) actors named often


def test_people_and_organizations_named_by_several_articles(graph):
    rows = ask([graph], "actors_by_articles")
    assert rows and all(r["articles"] >= 2 and r["mentions"] >= r["articles"] for r in rows)
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)
    assert {r["kind"] for r in rows} <= {"Person", "Organization"}
    names = {r["name"]: r for r in rows}
    # Staffan de Mistura, the UN envoy, speaks in 000 and 002
    (mistura,) = [r for n, r in names.items() if "دي ميستورا" in n]
    assert mistura["kind"] == "Person" and mistura["articles"] >= 2
    # the Syrian Observatory is cited by all five articles
    (sohr,) = [r for n, r in names.items() if n.startswith(SOHR)]
    assert sohr["kind"] == "Organization" and sohr["articles"] == 5
    assert not any(n in ("حلب", "سوريا") for n in names), "places are not people or organizations"


# --------------------------------------------------------------------------- (d) an actor's timeline


def test_actor_timeline_of_the_syrian_army(graph):
    rows = ask([graph], "actor_timeline")
    dated = [r["from"] for r in rows if r["from"] is not None]
    assert dated == sorted(dated)
    assert all(set(r["role"].split()) <= {"agent", "target", "speaker", "participant"} for r in rows)
    assert any("TakeControl" in r["kind"].split() and "agent" in r["role"].split() and ALEPPO in r["where"]
               for r in rows)
    # ~100 government soldiers killed by the Islamic State in Palmyra (002): the army is the target
    assert any("Killing" in r["kind"].split() and "target" in r["role"].split() and "تدمر" in r["where"]
               for r in rows)


def test_actor_timeline_of_de_mistura(graph):
    rows = ask([graph], "actor_timeline", actor="ستافان دي ميستورا")
    # "وكان المبعوث الخاص للامم المتحدة الى سوريا ستافان دي ميستورا قال السبت" (002, Saturday 10 December)
    assert any("Statement" in r["kind"].split() and r["role"] == "speaker" and r["from"] == dt.date(2016, 12, 10)
               for r in rows)
    assert len({r["event"] for r in rows}) >= 2  # also speaks in 000


# --------------------------------------------------------------------------- (e) conflicts


def test_conflicting_figures(graph):
    rows = ask([graph], "conflicting_figures")
    assert rows
    for r in rows:
        assert r["disagreeing"] >= 1 and r["others"]
        others = [Decimal(part.split(" ", 1)[0]) for part in r["others"].split(" | ")]
        assert r["says"] not in others
    # SOHR's 463 civilians killed (001) disagrees with 415 (SOHR, 003) and 311 (004)
    (killed,) = [r for r in rows if r["measure"] == "civiliansKilled" and r["says"] == 463]
    assert SOHR in killed["source"] and killed["in"].startswith("001_") and killed["where"] == ALEPPO
    assert "415" in killed["others"] and "311" in killed["others"]


def test_conflicting_figures_agree_with_kg_conflicts(seeds_build):
    """The SPARQL version and `kg conflicts` name the same figures."""
    from kg.conflicts import find_conflicts

    graph_ttl = seeds_build / "graph.ttl"
    expected = {a.figure for c in find_conflicts(graph_ttl, seeds_build / "ontology" / "hadath.ttl")
                for a in c.accounts}
    assert {r["figure"] for r in ask([graph_ttl], "conflicting_figures")} == expected


# --------------------------------------------------------------------------- (f) map


def test_event_map_has_coordinates(graph):
    rows = ask([graph], "event_map")
    located = [r for r in rows if r["wkt"]]
    assert len(located) >= 0.8 * len(rows)
    for r in located:
        assert -90 <= r["latitude"] <= 90 and -180 <= r["longitude"] <= 180
        lon, lat = re.match(r"POINT\(\s*(\S+)\s+(\S+)\s*\)", r["wkt"]).groups()
        assert (Decimal(lon), Decimal(lat)) == (r["longitude"], r["latitude"])
    aleppo = [r for r in located if r["where"] == ALEPPO]
    assert aleppo and all(abs(r["latitude"] - Decimal("36.20")) < 1 and abs(r["longitude"] - Decimal("37.16")) < 1
                          for r in aleppo)
    assert all(r["sameAs"] == "https://sws.geonames.org/170063/" for r in aleppo)
    palmyra = [r for r in located if r["where"] == "تدمر"]
    assert palmyra and all(abs(r["latitude"] - Decimal("34.56")) < 1 for r in palmyra)
    # a neighbourhood without a point of its own is placed at its city, and says so
    inside = [r for r in located if r["precision"] != "place"]
    assert any(r["precision"] == f"within {ALEPPO}" and r["latitude"] == aleppo[0]["latitude"] for r in inside)
    assert all(r["precision"].startswith("within ") for r in inside)
    dated = [r["from"] for r in rows if r["from"] is not None]
    assert dated == sorted(dated)


# --------------------------------------------------------------------------- (g) evidence


def test_event_evidence_points_into_the_articles(graph):
    texts = seed_texts_by_id()
    rows = ask([graph], "event_evidence")
    assert len({r["event"] for r in rows}) >= 30
    for r in rows:
        text = texts[r["article"]]
        assert text[r["begin"]:r["end"]] == r["anchor"], r["span"]
        assert r["anchor"] in r["context"] or " ".join(r["anchor"].split()) in r["context"]
        assert r["span"].endswith(f"#char={r['begin']},{r['end']}")


def test_evidence_of_one_event_reported_by_several_articles(graph):
    aleppo = ask([graph], "events_in_place")
    event = next(r["event"] for r in aleppo if r["articles"] >= 2)
    rows = ask([graph], "event_evidence", event=event)
    assert {r["event"] for r in rows} == {event}
    assert len({r["article"] for r in rows}) >= 2
    assert all(r["published"] is not None for r in rows)


# --------------------------------------------------------------------------- the command line


def test_cli_runs_a_query_file(graph):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["query", str(graph), "--file", str(QUERY_DIR / "figures_by_source.rq"),
                                      "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert any(r["value"] == "463" and SOHR in r["source"] and r["approximation"] == "atLeast" for r in rows)


def test_cli_runs_every_question_on_a_build_folder(seeds_build):
    """`kg query out/ kg/queries/NAME.rq` (the build folder, the .rq as last argument), as the README shows."""
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    for name in NAMES:
        result = runner.invoke(app, ["query", str(seeds_build), str(QUERY_DIR / f"{name}.rq")])
        assert result.exit_code == 0, f"{name}: {result.output}"
        assert re.search(r"^\d+ rows?$", result.stdout.strip().splitlines()[-1]), name
    result = runner.invoke(app, ["query", str(seeds_build / "graph.ttl"), "--file",
                                 str(QUERY_DIR / "events_in_place.rq"), "--format", "json"])
    assert result.exit_code == 0 and "TakeControl" in result.stdout


# --------------------------------------------------------------------------- the README section


def test_readme_section_names_every_question_and_its_sparql_runs(graph):
    doc = (ROOT / "docs" / "questions.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"kg/queries/{name}.rq" in doc, f"docs/questions.md does not show {name}"
    blocks = re.findall(r"```sparql\n(.*?)```", doc, re.DOTALL)
    full = [b for b in blocks if re.search(r"^SELECT", b, re.MULTILINE)]
    assert len(full) >= 3
    some_event = ask([graph], "event_evidence")[0]["event"]
    for block in full:
        block = block.replace("<https://w3id.org/hadath/id/event/…>", f"<{some_event}>")
        assert run_query([graph], block).rows, block


# --------------------------------------------------------------------------- an independent parser: Jena's ARQ


def _jena_qparse(classpath: str, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["java", "-cp", classpath, "arq.qparse", "--file", str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def jena_classpath(tmp_path_factory) -> str:
    from tests.test_export import _jena_classpath

    classpath = _jena_classpath(tmp_path_factory.mktemp("jena"))
    if classpath is None:
        pytest.skip("Apache Jena (Debian libapache-jena-java) and java not installed")
    return classpath


def test_jena_rejects_a_comment_ending_in_a_parenthesis_after_one(jena_classpath, tmp_path):
    """The control: ARQ reads «( # … )» across a comment as NIL, the trap conflicting_figures.rq fell in."""
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?p ?o FILTER(?o = 1 || (\n  # a note (in parentheses)\n  ?o = 2)) }\n",
                   encoding="utf-8")
    run = _jena_qparse(jena_classpath, bad)
    assert run.returncode != 0 and "NIL" in run.stdout + run.stderr


@pytest.mark.parametrize("name", NAMES)
def test_every_query_parses_in_jena_arq(jena_classpath, name):
    run = _jena_qparse(jena_classpath, QUERY_DIR / f"{name}.rq")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "SELECT" in run.stdout or "CONSTRUCT" in run.stdout or "ASK" in run.stdout
