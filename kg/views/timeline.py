"""timeline.html: every event of the graph on a time axis, linked to its sources.

Exact days (``sem:hasTimeStamp``) are points, ranges (``sem:hasEarliestBeginTimeStamp``
.. ``sem:hasLatestEndTimeStamp``) are bars, undated events are listed apart.
Plain SVG drawn by our own script (kg/views/assets/timeline.js): no library, no
request, right-to-left, one self-contained file; the same graph gives the same bytes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.views.common import ViewData, asset_text, read_view_data, render_page, view_payload, write_text

__all__ = ["TimelineStats", "write_timeline_html", "timeline_html"]


@dataclass(frozen=True)
class TimelineStats:
    events: int
    exact: int  # dated to one day
    ranged: int  # dated by a range
    undated: int
    figures: int  # figures about events
    conflicts: int  # measure groups whose figures disagree
    bytes: int


def write_timeline_html(graph: Graph, path: Path, *, title: str = "Hadath") -> TimelineStats:
    """Write timeline.html for ``graph`` to ``path``; deterministic for the same graph."""
    text, stats = timeline_html(read_view_data(graph), title=title)
    write_text(path, text)
    return stats


def timeline_html(data: ViewData, *, title: str = "Hadath") -> tuple[str, TimelineStats]:
    events = sorted((i for i, it in enumerate(data.items) if it.kind == "event"),
                    key=lambda i: (data.items[i].start or "9999", data.items[i].end, data.items[i].label,
                                   data.items[i].iri))
    payload = view_payload(data)
    payload["timeline"] = {"events": events}
    page = render_page(
        title=title,
        body=asset_text("timeline.html"),
        css=[asset_text("views.css")],
        scripts=[asset_text("common.js"), asset_text("timeline.js")],
        data=payload,
    )
    items = [data.items[i] for i in events]
    groups = [g for gs in data.figure_groups.values() for g in gs]
    stats = TimelineStats(
        events=len(items),
        exact=sum(1 for it in items if it.start and it.start == it.end),
        ranged=sum(1 for it in items if it.start and it.start != it.end),
        undated=sum(1 for it in items if not it.start),
        figures=sum(len(g["figures"]) for g in groups),
        conflicts=sum(1 for g in groups if g["conflict"]),
        bytes=len(page.encode("utf-8")),
    )
    return page, stats
