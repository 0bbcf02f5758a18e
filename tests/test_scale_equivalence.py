"""The dask engine builds the same graph as the local engine: on the seeds (a folder, read by the
client and shipped in batches), on a dask.distributed LocalCluster, and on 1,000 real articles
(a JSONL file, cut into byte-range partitions that the workers read themselves)."""
from __future__ import annotations

import logging
import re
from itertools import islice
from pathlib import Path

import pytest

from kg.pipeline import build
from tests.conftest import SEEDS, SHARED

SCALE_DATA = SHARED / "data" / "news" / "ant2_scale_10k.jsonl"
_IRI = re.compile(rb"<(https://w3id\.org/hadath/id/(?:entity|event)/[^>]+)>")


def _prefix(path: Path, lines: int, to: Path) -> Path:
    with path.open("rb") as f, to.open("wb") as out:
        out.writelines(islice(f, lines))
    return to


def _assert_same_graph(a: Path, b: Path, ra, rb) -> None:
    """Byte-identical graph.ttl; the report's counts and problems agree too."""
    ta, tb = (a / "graph.ttl").read_bytes(), (b / "graph.ttl").read_bytes()
    assert ra.counts["triples"] == rb.counts["triples"]
    assert set(_IRI.findall(ta)) == set(_IRI.findall(tb))  # entity and event IRIs (said first if bytes differ)
    assert ta == tb
    assert ra.counts == rb.counts
    assert (ra.articles_read, ra.articles_built, ra.problems) == (rb.articles_read, rb.articles_built, rb.problems)


def test_dask_processes_equals_local_on_seeds(tmp_path):
    local = build(SEEDS, tmp_path / "local", views=False, progress=False)
    dask = build(SEEDS, tmp_path / "dask", engine="dask", scheduler="processes", workers=2, views=False,
                 progress=False)
    _assert_same_graph(tmp_path / "local", tmp_path / "dask", local, dask)


def test_dask_distributed_local_cluster_equals_local(tmp_path):
    """Through a real dask.distributed scheduler address, as on a cluster (kg build --scheduler tcp://…)."""
    distributed = pytest.importorskip("distributed")
    source = _prefix(SCALE_DATA, 120, tmp_path / "news.jsonl") if SCALE_DATA.is_file() else SEEDS
    local = build(source, tmp_path / "local", views=False, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        dask = build(source, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address,
                     views=False, progress=False)
    _assert_same_graph(tmp_path / "local", tmp_path / "dask", local, dask)


@pytest.mark.slow
@pytest.mark.skipif(not SCALE_DATA.is_file(), reason=f"{SCALE_DATA} absent (shared data not here)")
def test_dask_equals_local_on_1000_real_articles(tmp_path):
    source = _prefix(SCALE_DATA, 1000, tmp_path / "ant2_1k.jsonl")
    local = build(source, tmp_path / "local", workers=2, views=False, progress=False)
    dask = build(source, tmp_path / "dask", engine="dask", scheduler="processes", workers=2, views=False,
                 progress=False)
    assert local.articles_built > 900
    _assert_same_graph(tmp_path / "local", tmp_path / "dask", local, dask)
