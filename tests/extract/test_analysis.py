"""The event analysis as one declared stage output (kg.extract.analysis), shared by the events, figures
and claims stages: no module-level cache, so threads cannot lose articles; internal errors name the
article and the stage, never its text."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from kg import pipeline, stages
from kg.model import Article
from kg.pipeline import ARTICLE_STAGES, StageFailed
from tests.conftest import SHARED

NEWS = SHARED / "data" / "news" / "ant2_scale_10k.jsonl"


def test_the_analysis_is_a_declared_stage_output_read_by_events_figures_and_claims():
    stages = {s.name: s for s in ARTICLE_STAGES}
    assert stages["analysis"].writes == ("analysis",)
    for name in ("events", "figures", "claims"):
        assert "analysis" in stages[name].reads
    import kg.extract.events as events

    assert not [name for name in vars(events) if name.startswith("_RECENT")]


@pytest.mark.skipif(not NEWS.is_file(), reason="the ANT news sample (shared/data/news) is not here")
def test_dask_threads_build_every_article(tmp_path: Path):
    """200 articles through --engine dask --scheduler threads: all 200 analysed and built (an article
    cache shared between threads once lost one in three runs)."""
    source = tmp_path / "news.jsonl"
    with NEWS.open(encoding="utf-8") as f:
        lines = [line for line in itertools.islice(f, 400) if json.loads(line).get("text", "").strip()][:200]
    source.write_text("".join(lines), encoding="utf-8")
    report = pipeline.build(source, tmp_path / "out", engine="dask", scheduler="threads", workers=2, views=False,
                            progress=False)
    assert report.articles_read == 200
    assert report.articles_built == 200, report.problems[:3]
    assert not report.problems


def test_an_internal_error_names_article_and_stage_not_the_text(monkeypatch):
    secret = "نص المقال الذي لا يطبع في رسالة الخطأ"
    article = Article("a7", secret, None, origin="news.jsonl:7")

    def broken(state):
        raise KeyError(state["article"].text)  # an exception whose words quote the article

    stage = next(s for s in ARTICLE_STAGES if s.name == "analysis")
    monkeypatch.setattr(stages, "ARTICLE_STAGES",  # the table analyze_article reads
                        tuple(s if s.name != "analysis" else type(s)(s.name, s.reads, s.writes, broken)
                              for s in ARTICLE_STAGES))
    with pytest.raises(StageFailed) as failure:
        pipeline.analyze_article(article, lambda text: [])
    message = str(failure.value)
    assert message.startswith("news.jsonl:7: internal error in stage 'analysis': KeyError")
    assert secret not in message and secret[:10] not in message
    assert stage.run is not broken
