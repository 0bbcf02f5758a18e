"""timeline.html: every event of the graph on a time axis, linked to its sources.

Exact days (``sem:hasTimeStamp``) are points, ranges (``sem:hasEarliestBeginTimeStamp``
.. ``sem:hasLatestEndTimeStamp``) are bars, undated events are listed apart.
Plain SVG drawn by our own script (kg/views/assets/timeline.js): no library, no
request, right-to-left, one self-contained file; the same graph gives the same bytes.

The page opens on the *focus window* (:func:`focus_window`): the span where most events
are, so a few events dated years earlier do not squeeze the weeks the articles are about
into a sliver. Buttons switch between that window and the whole span; the axis zooms
(wheel over the axis, Ctrl+wheel, + and −) and pans (drag); events outside the window are
counted at its edges and listed there.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.views.common import ViewData, read_view_data, view_page, write_text

__all__ = ["TimelineStats", "write_timeline_html", "timeline_html", "focus_window"]

FOCUS_LOW, FOCUS_HIGH = 0.10, 0.90  # the focus window runs between these quantiles of event dates
FOCUS_MIN_EVENTS = 5  # with fewer dated events the whole span is the focus
FOCUS_PAD_DAYS = 3  # the window is widened by this many days (or 5% of its width) on each side
FOCUS_MAX_SHARE = 0.8  # a window this close to the whole span is the whole span


@dataclass(frozen=True)
class TimelineStats:
    events: int
    exact: int  # dated to one day
    ranged: int  # dated by a range
    undated: int
    figures: int  # figures about events
    conflicts: int  # measure groups whose figures disagree
    bytes: int
    span: tuple[str, str] = ("", "")  # first and last day of any dated event
    focus: tuple[str, str] = ("", "")  # the window the page opens on
    outside: int = 0  # dated events wholly outside the focus window
    quotes: int = 0  # quotes shown in the panels of events and speakers


def write_timeline_html(graph: Graph, path: Path, *, title: str = "Hadath") -> TimelineStats:
    """Write timeline.html for ``graph`` to ``path``; deterministic for the same graph."""
    text, stats = timeline_html(read_view_data(graph), title=title)
    write_text(path, text)
    return stats


def timeline_html(data: ViewData, *, title: str = "Hadath", scope: dict | None = None) -> tuple[str, TimelineStats]:
    """The page and its numbers; ``scope`` as for :func:`kg.views.network.network_html`."""
    events = sorted((i for i, it in enumerate(data.items) if it.kind == "event"),
                    key=lambda i: (data.items[i].start or "9999", data.items[i].end, data.items[i].label,
                                   data.items[i].iri))
    span, focus = focus_window([(data.items[i].start, data.items[i].end) for i in events])
    page = view_page(data, page="timeline", title=title, scope=scope,
                     extra={"timeline": {"events": events, "span": list(span), "focus": list(focus)}})
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
        span=span,
        focus=focus,
        outside=sum(1 for it in items if it.start and (it.end < focus[0] or it.start > focus[1])),
        quotes=len(data.quotes),
    )
    return page, stats


def focus_window(dates: list[tuple[str, str]]) -> tuple[tuple[str, str], tuple[str, str]]:
    """(whole span, focus window) of events given as (start, end) ISO days ("" when undated).

    The focus runs from the 10th to the 90th percentile of the events' middle days, widened by
    FOCUS_PAD_DAYS (or 5% of its width) on each side and kept inside the whole span; with few
    events, or when it would cover most of the span anyway, it is the whole span."""
    spans = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in dates if a and b]
    if not spans:
        return ("", ""), ("", "")
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    whole = (lo.isoformat(), hi.isoformat())
    if len(spans) < FOCUS_MIN_EVENTS or lo == hi:
        return whole, whole
    middles = sorted(a.toordinal() + (b.toordinal() - a.toordinal()) / 2 for a, b in spans)
    n = len(middles)
    first = middles[math.floor(FOCUS_LOW * (n - 1))]
    last = middles[math.ceil(FOCUS_HIGH * (n - 1))]
    pad = max(FOCUS_PAD_DAYS, 0.05 * (last - first))
    f_lo = max(lo.toordinal(), math.floor(first - pad))
    f_hi = min(hi.toordinal(), math.ceil(last + pad))
    if f_hi - f_lo >= FOCUS_MAX_SHARE * (hi.toordinal() - lo.toordinal()):
        return whole, whole
    return whole, (dt.date.fromordinal(f_lo).isoformat(), dt.date.fromordinal(f_hi).isoformat())
