"""How the shipped model is made and said (kg.recognize.training): the Wojood reader, ``kg ner train --data``
on a slice of the shared data, ``kg ner list``."""
from __future__ import annotations

import itertools
import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.recognize.training import CLUSTERS_NAME, MODEL_DIR, MODEL_NAME, read_wojood
from tests.conftest import SHARED

DATA = SHARED / "data"
ANERCORP_TRAIN = DATA / "anercorp" / "ANERCorp_CamelLab_train.txt"


def test_wojood_outer_tags_mapped_to_three_types(tmp_path):
    path = tmp_path / "wojood.txt"
    path.write_text(
        "وزير B-OCC\nالخارجية I-OCC B-ORG\nالأردني I-OCC B-NORP\nأيمن B-PERS\nالصفدي I-PERS\n"
        "في O\nعمان B-GPE\n\nالأحد B-DATE\n", encoding="utf-8")
    assert read_wojood(path) == [
        [("وزير", "O"), ("الخارجية", "B-ORG"), ("الأردني", "O"), ("أيمن", "B-PERS"), ("الصفدي", "I-PERS"),
         ("في", "O"), ("عمان", "B-LOC")],
        [("الأحد", "O")]]


def test_wojood_line_without_tag_names_file_and_line(tmp_path):
    path = tmp_path / "wojood.txt"
    path.write_text("أيمن B-PERS\nالصفدي\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{path}:2:")):
        read_wojood(path)


def test_ner_list_names_the_default_and_its_model():
    result = CliRunner().invoke(app, ["ner", "list"], env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("combined (default): rules + CRF ")
    assert "ANERcorp" in lines[0] and "CC BY-SA 4.0" in lines[0] and str(MODEL_DIR / "LICENSE") in lines[0]
    assert {"rules", "crf", "camel"} <= {line.strip() for line in lines[1:]}


def test_ner_train_needs_data_or_conll():
    result = CliRunner().invoke(app, ["ner", "train"])
    assert result.exit_code != 0 and "--data" in result.output


def test_ner_train_data_without_anercorp_names_what_is_missing(tmp_path):
    result = CliRunner().invoke(app, ["ner", "train", "--data", str(tmp_path), "-o", str(tmp_path / "model")])
    assert result.exit_code != 0
    assert "ANERCorp_CamelLab_train.txt" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not ANERCORP_TRAIN.is_file(), reason="ANERcorp (shared/data) is not here")
def test_ner_train_data_makes_a_model_the_crf_recognizer_loads(tmp_path):
    """``kg ner train --data`` on a slice of ANERcorp's train split (tiny data in tmp), reusing the shipped
    word table: the model, its settings and a recognizer that finds names."""
    data = tmp_path / "data" / "anercorp"
    data.mkdir(parents=True)
    with ANERCORP_TRAIN.open(encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 6000))
    (data / ANERCORP_TRAIN.name).write_text("".join(lines[: max(i for i, x in enumerate(lines) if not x.strip())]),
                                            encoding="utf-8")
    out = tmp_path / "model"
    out.mkdir()
    shutil.copyfile(MODEL_DIR / CLUSTERS_NAME, out / CLUSTERS_NAME)
    result = CliRunner().invoke(app, ["ner", "train", "--data", str(tmp_path / "data"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / (MODEL_NAME + ".json")).read_text(encoding="utf-8"))
    assert meta["clusters"] == CLUSTERS_NAME and meta["lexicon"] == "project" and meta["sentences"] > 100
    from kg.recognize.registry import get_recognizer

    recognizer = get_recognizer(f"crf:{out / MODEL_NAME}")
    text = "وقال الرئيس الأمريكي جورج بوش في واشنطن إن الولايات المتحدة ستواصل الحرب ."
    assert {m.kind for m in recognizer(text)} & {"Person", "Place"}
