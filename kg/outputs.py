"""Everything ``kg build`` writes into its output folder.

graph.ttl (sorted, deterministic), graph.html, timeline.html, a copy of the
ontology, and report.json. Files are written into a staging folder beside the
output and swapped in at the end, so an interrupted build never leaves a
half-written folder nor destroys the previous one.
"""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from kg.graph.build import corpus_triples
from kg.graph.validate import ontology_dir
from kg.graph.write import serialize, sorted_unique, to_rdflib
from kg.model import Corpus

GRAPH_FILE = "graph.ttl"
NETWORK_FILE = "graph.html"
TIMELINE_FILE = "timeline.html"
REPORT_FILE = "report.json"
ONTOLOGY_FOLDER = "ontology"


def write_outputs(corpus: Corpus, out: Path, report, *, views: bool = True) -> None:
    from kg.pipeline import replace_folder, staging_folder, utc_now

    staging = staging_folder(out)
    try:
        clock = time.perf_counter()
        triples = sorted_unique(corpus_triples(corpus))
        serialize(triples, staging / GRAPH_FILE)
        report.counts["triples"] = len(triples)
        report.seconds["graph"] = time.perf_counter() - clock

        shutil.copytree(ontology_dir(), staging / ONTOLOGY_FOLDER)
        files = [GRAPH_FILE, ONTOLOGY_FOLDER + "/"]
        if views:
            clock = time.perf_counter()
            graph = to_rdflib(triples)
            title = f"Hadath — {Path(report.source).name}"
            from kg.views.network import write_network_html
            from kg.views.timeline import write_timeline_html

            write_network_html(graph, staging / NETWORK_FILE, title=title)
            write_timeline_html(graph, staging / TIMELINE_FILE, title=title)
            files += [NETWORK_FILE, TIMELINE_FILE]
            report.seconds["views"] = time.perf_counter() - clock
        report.outputs = files + [REPORT_FILE]
        report.built_at = utc_now()  # the one time-based value of a build, kept out of graph.ttl
        (staging / REPORT_FILE).write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2, sort_keys=True),
                                           encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_folder(staging, out)
