"""kg explain (kg.extract.explain and the CLI command): every candidate, its verdict and each argument's rule."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extract.explain import ExplainError, article_from_output, explain_text, render

# BB-middleEast-120-20180301 (ANT corpus)
SENTENCE = "يتعرض الجيب لهجوم كبير من قبل القوات التركية والفصائل السورية."


def test_every_candidate_with_its_verdict_and_rules():
    lines = render(explain_text(SENTENCE, dt.date(2018, 3, 1)))
    text = "\n".join(lines)
    assert "«لهجوم» Offensive (noun) kept" in text
    assert "agent    القوات التركية (ArmedForce)  <- agent phrase: من قبل" in text
    assert "host     «يتعرض»" in text


def test_dropped_candidates_say_why():
    # FR-internationalNews-2180-20180705 (a relative clause on a place: a state, not a take-over)
    text = "\n".join(render(explain_text("المناطق التي تسيطر عليها المعارضة في ريف درعا.", dt.date(2018, 7, 5))))
    assert "«تسيطر» TakeControl (verb present) dropped: state" in text


def test_article_from_output(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text(json.dumps({"recognizer": "rules"}), encoding="utf-8")
    (out / "graph.ttl").write_text(
        '@prefix schema: <https://schema.org/> .\n'
        '@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .\n'
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        f'<https://w3id.org/hadath/id/doc/a1> nif:isString "{SENTENCE}" ;\n'
        '    schema:datePublished "2018-03-01"^^xsd:date ; schema:identifier "a1" .\n', encoding="utf-8")
    text, published, recognizer = article_from_output(out, "a1")
    assert text == SENTENCE and published == dt.date(2018, 3, 1) and recognizer == "rules"
    with pytest.raises(ExplainError, match="no article with id 'a2'"):
        article_from_output(out, "a2")
    with pytest.raises(ExplainError, match="no graph.ttl"):
        article_from_output(tmp_path, "a1")


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "explain", *args], capture_output=True, text=True, timeout=300)


def test_cli_sentence_and_bad_date():
    done = _kg(SENTENCE, "--date", "2018-03-01")
    assert done.returncode == 0, done.stderr
    assert "agent phrase" in done.stdout
    bad = _kg(SENTENCE, "--date", "yesterday")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "not a date" in bad.stderr


def test_cli_unknown_output_is_one_line(tmp_path: Path):
    done = _kg(str(tmp_path), "some-id")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error:") and "no graph.ttl" in done.stderr
    assert "Traceback" not in done.stderr


# Two outlets on one attack (ANT corpus, 8 April 2018, not in the dev set): CNN puts the town in its region,
# Sky News names only the region; a third sentence, on the two-month offensive, is another event
_PAIR = {
    "cnn": "نقلت عدة مجموعات تابعة للمعارضة السورية أخباراً عن هجوم عنيف على ما تبقى من مدينة دوما "
           "في الغوطة الشرقية، السبت، وأن الهجوم خلّف عشرات القتلى.",
    "sky": "ودانت الولايات المتحدة بشدة هجوما باسلحة كيميائية وقع في الغوطة الشرقية ليل السبت الاحد.",
}


@pytest.fixture(scope="module")
def pair_output(tmp_path_factory) -> Path:
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("pair")
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps({"id": k, "text": t, "date": "2018-04-08"}, ensure_ascii=False) + "\n"
                              for k, t in _PAIR.items()), encoding="utf-8")
    build(source, folder / "out", recognizer="rules", views=False, progress=False)
    return folder / "out"


def test_why_two_mentions_of_two_articles_became_one_event(pair_output: Path):
    from kg.extract.explain import explain_merges, render_merges

    verdicts = explain_merges(pair_output, "cnn", "sky")
    attack = next(v for v in verdicts if v.a[3] == v.b[3] == "Attack" and v.a[2] == "هجوم")
    assert attack.one_event is True and attack.score is not None and not attack.conflict
    assert ("scene", "same class, a place inside the other's, within days: place:douma in place:eastern ghouta") \
        in attack.reasons
    text = "\n".join(render_merges(verdicts))
    assert "cnn#0 «هجوم» Attack  ~  sky#0 «هجوما» Attack: one event; tied" in text
    assert "part of place:douma ~ place:eastern ghouta" in text


def test_cli_two_articles_of_an_output(pair_output: Path):
    done = _kg(str(pair_output), "cnn", "sky")
    assert done.returncode == 0, done.stderr
    assert "one event; tied" in done.stdout and "scene" in done.stdout
    bad = _kg(str(pair_output), "cnn", "nowhere")
    assert bad.returncode == 2 and "no article with id 'nowhere'" in bad.stderr and "Traceback" not in bad.stderr
