"""actors.html: who acts with or against whom — actors linked by the events they share.

Nodes are the actors of the view data (persons, organizations, countries and other sem:Actor
nodes that take part in at least one event); two actors are linked when they take part in the
same events. A link has a kind, from the roles the events give them:

* ``against``: one is an agent (hd:agent) and the other a target (hd:target) of the same event,
  drawn as an arrow from agent to target;
* ``speaks``: one is the speaker (hd:speaker) of an event the other takes part in;
* ``with``: both on the same side of an event (both agents, both targets, or both plain
  sem:hasActor participants).

A link's width grows with the number of shared events; its colour is its dominant kind. A node's
size grows with its number of events; its colour is its community (networkx Louvain, fixed seed,
on the weighted links). Positions come from a spring layout here (fixed seed), scaled so the
default selection of the most active actors fills a screen at zoom 1 with labels of 14–26 px:
legible at first load. The event-level network (graph.html) stays for one node's neighbourhood.
One self-contained file, vis-network inlined as in graph.html, the same bytes for the same graph.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.views.common import ViewData, read_view_data, view_page, vis_network_js, write_text

__all__ = ["ActorStats", "actor_network", "actors_html", "write_actors_html", "LINK_COLOURS"]

SEED = 42
DEFAULT_SHOWN = 60  # actors drawn at first load, the most active
MAX_ACTORS = 400  # actors on the page at all (the most active); the rest are counted
MAX_EVENTS_PER_LINK = 30  # event ids kept per link for its panel
_ACTOR_GROUPS = {"Person", "Organization", "Actor"}
LINK_COLOURS = {"against": "#c0392b", "speaks": "#2980b9", "with": "#27ae60"}
COMMUNITY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                     "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")
_WIDTH = 1400.0  # the width the parts are packed in, in pixels at zoom 1
_SPACING = 120.0  # pixels between neighbouring actors, roughly
_LABEL_W, _LABEL_H = 150.0, 60.0  # the room an actor and its label need (a label's width by default)


@dataclass(frozen=True)
class ActorStats:
    actors: int  # actors on the page
    total_actors: int  # actors taking part in events, before MAX_ACTORS
    links: int
    communities: int
    bytes: int


def _is_actor(data: ViewData, i: int) -> bool:
    item = data.items[i]
    return item.kind in ("entity", "source") and (item.group in _ACTOR_GROUPS or item.cls == "Country")


def actor_network(data: ViewData, *, max_actors: int = MAX_ACTORS) -> dict:
    """The actor network as plain data: ``actors`` [[item, events, community, x, y], …] (most active
    first), ``links`` [[a, b, weight, kind, {kind: count}, [event, …]], …], ``total`` actors."""
    roles: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for a, b, kind in data.links:
        if data.items[a].kind == "event" and kind in ("agent", "target", "speaker", "actor") and _is_actor(data, b):
            roles[a][kind].add(b)
    activity: dict[int, set[int]] = defaultdict(set)
    for event, by_kind in roles.items():
        for members in by_kind.values():
            for m in members:
                activity[m].add(event)
    ranked = sorted(activity, key=lambda i: (-len(activity[i]), data.items[i].label, data.items[i].iri))
    chosen = set(ranked[:max_actors])

    pairs: dict[tuple[int, int], dict] = {}

    def add(a: int, b: int, kind: str, event: int) -> None:
        if a == b or a not in chosen or b not in chosen:
            return
        if kind != "against" and a > b:
            a, b = b, a
        link = pairs.setdefault((a, b), {"kinds": defaultdict(int), "events": set()})
        if event not in link["events"]:
            link["events"].add(event)
        link["kinds"][kind] += 1

    for event in sorted(roles):
        r = roles[event]
        agents, targets, speakers = r["agent"], r["target"], r["speaker"]
        plain = r["actor"] - agents - targets - speakers
        for a in sorted(agents):
            for t in sorted(targets - {a}):
                add(a, t, "against", event)
        for s in sorted(speakers):
            for o in sorted((agents | targets | plain) - {s}):
                add(s, o, "speaks", event)
        for side in (agents, targets, plain, speakers):
            members = sorted(side)
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    add(members[x], members[y], "with", event)

    links = []
    for (a, b), link in sorted(pairs.items()):
        kinds = dict(sorted(link["kinds"].items()))
        kind = max(kinds, key=lambda k: (kinds[k], k == "against", k == "speaks"))
        events = sorted(link["events"])
        links.append([a, b, len(events), kind, kinds, events[:MAX_EVENTS_PER_LINK]])

    graph = nx.Graph()
    graph.add_nodes_from(ranked[:max_actors])
    for a, b, weight, *_ in links:
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
        else:
            graph.add_edge(a, b, weight=weight)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if graph.number_of_edges() else \
        [{n} for n in graph.nodes]
    rank = {n: r for r, n in enumerate(ranked)}
    communities = sorted(communities, key=lambda c: (-len(c), min(rank[n] for n in c)))
    community_of = {n: k for k, c in enumerate(communities) for n in c}
    most = len(activity[ranked[0]]) if ranked else 1
    widths = {i: _label_width(data.items[i].label, len(activity[i]) / most) for i in ranked[:max_actors]}
    positions = _layout(graph, ranked[:max_actors], widths)
    actors = [[i, len(activity[i]), community_of.get(i, 0), *positions[i]] for i in ranked[:max_actors]]
    return {"actors": actors, "links": links, "total": len(activity), "communities": len(communities),
            "shown": min(DEFAULT_SHOWN, len(actors))}


def _label_width(label: str, share: float) -> float:
    """About how wide an actor's label is drawn, in pixels: the page writes at most 32 characters at
    14 + 12·√share px (actors.js), an Arabic letter being about 0.55 of the font size wide."""
    font = 14 + 12 * math.sqrt(max(share, 0.0))
    return min(len(label), 32) * 0.55 * font + 16


def _layout(graph: nx.Graph, ranked: list[int],
            widths: dict[int, float] | None = None) -> dict[int, tuple[float, float]]:
    """Each connected part laid out on its own (spring layout, log-weighted links, fixed seed) at
    about _SPACING pixels between neighbours, then the parts packed in rows, largest first, the
    largest at the origin: at zoom 1 the labels keep their own size and do not pile up."""
    if not ranked:
        return {}
    rank = {n: r for r, n in enumerate(ranked)}
    weighted = nx.Graph()
    weighted.add_nodes_from(graph.nodes)
    for a, b, d in graph.edges(data=True):
        weighted.add_edge(a, b, weight=1 + math.log(d["weight"]))
    parts = sorted((sorted(c, key=rank.get) for c in nx.connected_components(weighted)),
                   key=lambda c: (-len(c), rank[c[0]]))
    boxes = []
    for part in parts:
        if len(part) == 1:
            boxes.append({part[0]: (0.0, 0.0)})
            continue
        raw = nx.spring_layout(weighted.subgraph(part), seed=SEED, weight="weight",
                               k=1.6 / math.sqrt(len(part)), iterations=150)
        scale = _SPACING * math.sqrt(len(part)) * 0.9
        boxes.append(_spread({i: (float(raw[i][0]) * scale, float(raw[i][1]) * scale) for i in part}, widths or {}))
    pos: dict[int, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for k, box in enumerate(boxes):
        xs = [p[0] for p in box.values()]
        ys = [p[1] for p in box.values()]
        w, h = max(xs) - min(xs) + _SPACING * 1.6, max(ys) - min(ys) + _SPACING * 1.2
        if k == 0:  # the largest part, centred on the origin
            cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            pos.update({i: (p[0] - cx, p[1] - cy) for i, p in box.items()})
            x, y, row_height = -_WIDTH / 2, (max(ys) - min(ys)) / 2 + _SPACING * 1.5, 0.0
            continue
        if x + w > _WIDTH / 2 and x > -_WIDTH / 2:
            x, y, row_height = -_WIDTH / 2, y + row_height, 0.0
        pos.update({i: (x + p[0] - min(xs) + _SPACING * 0.8, y + p[1] - min(ys) + _SPACING * 0.6)
                    for i, p in box.items()})
        x += w
        row_height = max(row_height, h)
    return {i: (round(pos[i][0], 1), round(pos[i][1], 1)) for i in ranked}


def _spread(pos: dict[int, tuple[float, float]], widths: dict[int, float], *,
            rounds: int = 150) -> dict[int, tuple[float, float]]:
    """Push apart actors whose labels would overlap: two nodes closer than their labels' boxes (the
    mean of their widths across, _LABEL_H high, as an ellipse) move away from each other."""
    import numpy as np

    keys = sorted(pos)
    xy = np.array([pos[k] for k in keys], dtype=float)
    w = np.array([widths.get(k, _LABEL_W) for k in keys], dtype=float)
    across = (w[:, None] + w[None, :]) / 2
    for _ in range(rounds):
        d = xy[:, None, :] - xy[None, :, :]
        metric = np.sqrt((d[..., 0] / across) ** 2 + (d[..., 1] / _LABEL_H) ** 2)
        np.fill_diagonal(metric, np.inf)
        close = metric < 1.0
        if not close.any():
            break
        with np.errstate(invalid="ignore", divide="ignore"):
            push = np.where(close, (1.0 - metric) / np.maximum(metric, 1e-6), 0.0)[..., None] * d * 0.5
        push = np.where(np.isfinite(push), push, 0.0)
        xy = xy + push.sum(axis=1)
    return {k: (float(x), float(y)) for k, (x, y) in zip(keys, xy)}


def actors_html(data: ViewData, *, title: str = "Hadath", scope: dict | None = None) -> tuple[str, ActorStats]:
    network = actor_network(data)
    extra = {"actors": network, "communityColours": list(COMMUNITY_COLOURS)}
    extra["actorLinkKinds"] = {
        "against": {"ar": "ضد (فاعل ← مستهدف)", "en": "against (agent → target)", "color": LINK_COLOURS["against"]},
        "speaks": {"ar": "يتحدث عن", "en": "speaks of", "color": LINK_COLOURS["speaks"]},
        "with": {"ar": "مع (الجانب نفسه)", "en": "with (same side)", "color": LINK_COLOURS["with"]},
    }
    page = view_page(data, page="actors", title=title, scope=scope, extra=extra, before=(vis_network_js(),))
    stats = ActorStats(actors=len(network["actors"]), total_actors=network["total"], links=len(network["links"]),
                       communities=network["communities"], bytes=len(page.encode("utf-8")))
    return page, stats


def write_actors_html(graph: Graph, path: Path, *, title: str = "Hadath") -> ActorStats:
    """Write actors.html for ``graph`` to ``path``; deterministic for the same graph."""
    text, stats = actors_html(read_view_data(graph), title=title)
    write_text(path, text)
    return stats
