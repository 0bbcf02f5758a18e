"""The lexicon loader (kg.lexicon): declared columns, normalization at load time, one-line errors."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kg import lexicon
from kg.graph.vocab import EVENT_CLASSES, EVENT_TRAITS
from kg.lexicon import LexiconError, parse, rows, word_set, word_sets
from kg.text.normalize import normalize_ar

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(lexicon.SPECS))
def test_every_declared_lexicon_loads(name):
    assert rows(name)


@pytest.mark.parametrize("name, text, message", [
    ("triggers.tsv", "# header\n\nقتل\tKiling\tverb\n", "triggers.tsv:3: unknown class 'Kiling'"),
    ("triggers.tsv", "قتل\tKilling\tverbb\n", "triggers.tsv:1: unknown pos 'verbb'"),
    ("triggers.tsv", "قتل\tKilling\tverb\t\tinvrse\n", "triggers.tsv:1: unknown flag 'invrse'"),
    ("triggers.tsv", "هجوم\tAttack\tnoun\t\tescalate=Ofensive\n", "triggers.tsv:1: unknown class 'Ofensive' in escalate="),
    ("triggers.tsv", "\tKilling\tverb\n", "triggers.tsv:1: empty forms"),
    ("attribution.tsv", "cue\tبحسب\n\ncontinu\tبدوره\n", "attribution.tsv:3: unknown kind 'continu'"),
    ("measures.tsv", "approx\tنحو\tabout\tbefor\n", "measures.tsv:1: unknown place 'befor'"),
    ("time.tsv", "month\tيناير\tone\n", "time.tsv:1: value is not a number: 'one'"),
    ("cues.tsv", "negations\tلم\tnote\textra\n", "cues.tsv:1: 4 columns, at most 3 expected"),
])
def test_a_bad_row_is_one_line_naming_file_and_line(name, text, message):
    with pytest.raises(LexiconError) as err:
        parse(name, text)
    assert str(err.value) == message


@pytest.mark.parametrize("name, text, message", [
    # the entity lexicons of the gazetteer go through the same loader
    ("heads.tsv", "# header\nحي\tplace-lst\tNeighbourhood\n", "heads.tsv:2: unknown what 'place-lst'"),
    ("nisba.tsv", "السوري\tSYR\n", "nisba.tsv:1: unknown country 'SYR'"),
    ("actors.tsv", "قوات النظام\tgovernment-force\tArmedForce\n", "actors.tsv:1: unknown role 'government-force'"),
    ("places.tsv", "سوتشي\tSochi\tCity\tRU\t49142x\n", "places.tsv:1: geonames_id is not a number: '49142x'"),
    ("given_names.tsv", "محمد\tanyone\n", "given_names.tsv:1: unknown use 'anyone'"),
    ("organizations.tsv", "un\tIGO\tالأمم المتحدة\tUnited Nations\n", "organizations.tsv:1: unknown subtype 'IGO'"),
])
def test_a_bad_entity_lexicon_row_names_file_and_line(name, text, message):
    with pytest.raises(LexiconError) as err:
        parse(name, text)
    assert str(err.value) == message


def test_the_gazetteer_reads_its_lexicons_normalized_through_the_loader():
    from kg.recognize.gazetteer import load_gazetteer

    g = load_gazetteer()
    assert normalize_ar("بلدة") in g.heads and "بلدة" not in g.heads
    assert g.given_names[normalize_ar("أحمد")] is True and g.nisba[normalize_ar("السورية")] == "SY"


@pytest.mark.parametrize("written, normalized", [
    ("إلى", "الي"), ("لدى", "لدي"), ("مؤسسة", "موسسه"), ("أمام", "امام"),
])
def test_words_are_normalized_at_load_time(written, normalized):
    rows_ = parse("cues.tsv", f"prepositions\t{written}\n")
    assert rows_[0]["words"] == (normalized,)
    assert normalize_ar(written) == normalized


def test_trigger_forms_are_normalized_and_split():
    (row,) = parse("triggers.tsv", "قصف|يقصف\tShelling\tverb\t\tarmed=Shelling,with=أنفسهم\n")
    assert row["forms"] == ("قصف", "يقصف")
    flags, params = row["flags"]
    assert dict(params) == {"armed": "Shelling", "with": normalize_ar("أنفسهم")}


def test_word_sets_of_the_shipped_cues():
    assert normalize_ar("لدى") in word_set("prepositions")
    assert normalize_ar("الذين") in word_set("relatives")
    with pytest.raises(LexiconError, match="cues.tsv: no word set 'nope'"):
        word_set("nope")
    assert all(sets for sets in word_sets().values())


def test_continuation_rows_are_read():
    from kg.extract.triggers import load_triggers

    assert normalize_ar("بدورها") in load_triggers().continuations


def test_trigger_classes_and_traits_are_the_ontology_event_classes():
    assert lexicon.EVENT_CLASS_NAMES == set(EVENT_CLASSES) - {"Event"}
    assert set(EVENT_TRAITS) == lexicon.EVENT_CLASS_NAMES
    assert {c for t in EVENT_TRAITS.values() for c in t} <= {"communication", "physical", "military",
                                                              "patient-subject"}


# ---- the shape of kg/extract: small stages, no cycle, no private imports -------------------------

def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and getattr(block.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(block)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # annotations only: no import at run time
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg.extract"):
            out.add(node.module)
            for alias in node.names:
                assert not alias.name.startswith("_") or alias.name == "__future__", \
                    f"{path.name} imports private {node.module}.{alias.name}"
        elif isinstance(node, ast.ImportFrom) and node.module == "kg.extract":
            out.update(f"kg.extract.{a.name}" for a in node.names)
    return out


def test_extract_modules_are_small_acyclic_at_run_time_and_figures_do_not_read_events():
    folder = ROOT / "kg" / "extract"
    graph = {f"kg.extract.{p.stem}": _imports(p) for p in folder.glob("*.py") if p.stem != "__init__"}
    for p in folder.glob("*.py"):
        assert len(p.read_text(encoding="utf-8").splitlines()) <= 600, p.name
    assert "kg.extract.events" not in graph["kg.extract.figures"] | graph["kg.extract.claims"]

    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            assert state.get(nxt) != 1, f"import cycle: {' -> '.join(path + [nxt])}"
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
