"""kg.events_table: ``kg export --format events-csv``, one row per event, ACLED-like columns."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.events_table import EVENT_COLUMNS, _cell, event_rows
from kg.export import export

from tests.conftest import SEEDS

ARABIC = re.compile("[\u0600-\u06ff]")
HD = "https://w3id.org/hadath/ontology#"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("events") / "out"
    report = build(SEEDS, out, views=False)
    assert report.articles_built == 5, report.problems
    return out


@pytest.fixture(scope="module")
def table(seeds_out, tmp_path_factory) -> tuple[Path, list[dict]]:
    path = tmp_path_factory.mktemp("csv") / "events.csv"
    summary = export(seeds_out, path, "events-csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert summary.rows == len(rows)
    return path, rows


def _events_in_graph(out: Path) -> int:
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    (row,) = store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{HD}Event> }}")
    return int(row["n"].value)


def test_one_row_per_event_with_the_documented_columns(seeds_out, table):
    path, rows = table
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheets
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert tuple(next(csv.reader(f))) == EVENT_COLUMNS
    assert len(rows) == _events_in_graph(seeds_out) > 0
    assert len({r["event_iri"] for r in rows}) == len(rows)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for column in EVENT_COLUMNS:
        assert f"`{column}`" in readme, f"README does not document the column {column}"


def test_arabic_is_intact_and_pandas_reads_it(table):
    path, rows = table
    assert all(ARABIC.search(r["event_class_ar"]) for r in rows if r["event_class"] != "Event")
    assert any(ARABIC.search(r["notes"]) for r in rows)
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert frame["notes"].tolist() == [r["notes"] for r in rows]


def test_places_have_coordinates_and_a_country(table):
    _, rows = table
    located = [r for r in rows if r["latitude"]]
    assert located
    for r in located:
        assert -90 <= float(r["latitude"]) <= 90 and -180 <= float(r["longitude"]) <= 180
        assert r["location"] and r["geo_precision"] in {"1", "2", "3"}
    assert any(r["country"] for r in located)


def test_figures_keep_their_sources(table):
    _, rows = table
    with_figures = [r for r in rows if r["killed"] or r["displaced"] or r["injured"]]
    assert with_figures
    for r in with_figures:
        for family in ("killed", "injured", "displaced"):
            if r[family]:
                assert r[f"{family}_sources"], r
                for value in r[family].split("; "):
                    assert value in r[f"{family}_sources"]


def test_dates_and_precision(table):
    _, rows = table
    for r in rows:
        if r["event_date"]:
            assert r["time_precision"] == "1" and r["date_earliest"] == r["event_date"] == r["date_latest"]
        elif r["date_earliest"]:
            assert r["time_precision"] in {"2", "3"} and r["date_earliest"] < r["date_latest"]
            assert r["year"] == r["date_earliest"][:4]


def test_notes_hold_the_sentence_of_a_mention(table):
    _, rows = table
    texts = "\n".join(" ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS.glob("*.txt"))
    for r in rows:
        if r["notes"]:
            assert r["notes"].rstrip("…") in texts or r["notes"].endswith("…")


GRAPH = """
@prefix hd: <https://w3id.org/hadath/ontology#> . @prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<urn:e1> a hd:Event, hd:Killing ; sem:hasEarliestBeginTimeStamp "2018-02-01"^^xsd:date ;
    sem:hasLatestEndTimeStamp "2018-02-20"^^xsd:date ; hd:agent <urn:a> ; sem:hasActor <urn:a>, <urn:b> ;
    hd:target <urn:b> .
<urn:a> skos:prefLabel "=HYPERLINK(\\"x\\")"@ar .
<urn:b> skos:prefLabel "المدنيون"@ar .
<urn:f1> a hd:Figure ; hd:figureOf <urn:e1> ; hd:value 12.0 ; hd:measure hd:killed ; prov:wasAttributedTo "مصدر طبي" .
<urn:f2> a hd:Figure ; hd:figureOf <urn:e1> ; hd:value 9.0 ; hd:measure hd:killed ; hd:approximation hd:atLeast .
"""


def test_acled_conventions_on_a_small_graph(tmp_path):
    store = ox.Store()
    store.load(GRAPH.encode(), format=ox.RdfFormat.TURTLE)
    (row,) = event_rows(store)
    assert row["event_class"] == "Killing" and row["event_date"] == "" and row["time_precision"] == "3"
    assert row["actor1"] == '=HYPERLINK("x")' and row["actor2"] == "المدنيون"
    assert row["fatalities"] == "9"  # the most conservative total, as ACLED counts
    assert row["killed"] == "9; 12"
    assert "مصدر طبي" in row["killed_sources"] and "(atLeast)" in row["killed_sources"]


@pytest.mark.parametrize("text, cell", [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("+1 أخرى", "'+1 أخرى"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("-12", "-12"),  # a number stays a number
    ("قوات النظام", "قوات النظام"),
])
def test_no_cell_is_a_formula(text, cell):
    assert _cell(text) == cell


def test_cli_writes_the_table(seeds_out, tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(app, ["export", str(seeds_out), "--format", "events-csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "events" in result.output
