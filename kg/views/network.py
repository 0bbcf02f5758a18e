"""graph.html: the interactive network of entities, events and figures.

One self-contained file that works opened from disk: vis-network as pyvis ships
it (``cdn_resources="in_line"``'s copy, read from the pyvis package) inlined,
our own page instead of pyvis's template (no Bootstrap, no CDN, no tom-select,
whose select menus mangle Arabic), our own search, filters and side panel.

Layout: every node gets a position computed here with networkx (fixed seed), so
the same graph always gives the same bytes. Up to ``PHYSICS_MAX_NODES`` nodes the
page lets vis-network's physics tidy that start and switches physics off once
stabilized; above it physics stays off (vis-network needs minutes to settle
thousands of nodes), and the layout is a spring layout of the best-connected
nodes with the rest placed around their neighbours.
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.views.common import ViewData, read_view_data, view_page, vis_network_js, write_text

__all__ = ["NetworkStats", "write_network_html", "network_html"]

PHYSICS_MAX_NODES = 300  # above this, positions are final and physics is off
SPRING_MAX_NODES = 1000  # above this, only the best-connected nodes get a spring layout
SEED = 42
_SPACING = 55.0  # pixels between neighbouring nodes, roughly


@dataclass(frozen=True)
class NetworkStats:
    nodes: int  # nodes drawn
    edges: int  # edges drawn
    entities: int
    events: int
    figures: int
    total_nodes: int  # nodes the graph has for the network, before max_nodes
    physics: bool  # whether the page runs physics before freezing the layout
    bytes: int


def write_network_html(graph: Graph, path: Path, *, title: str = "Hadath", max_nodes: int = 3000) -> NetworkStats:
    """Write graph.html for ``graph`` to ``path``; deterministic for the same graph."""
    text, stats = network_html(read_view_data(graph), title=title, max_nodes=max_nodes)
    write_text(path, text)
    return stats


def network_html(data: ViewData, *, title: str = "Hadath", max_nodes: int = 3000,
                 scope: dict | None = None) -> tuple[str, NetworkStats]:
    """The page and its numbers; ``scope`` (:func:`kg.views.common.view_scope`) says what part of the
    whole graph ``data`` is, for the banner (default: all of it)."""
    shown = _choose_nodes(data, max_nodes)
    in_view = set(shown)
    edges = [(a, b) for a, b, _ in data.links if a in in_view and b in in_view]
    physics = len(shown) <= PHYSICS_MAX_NODES
    positions = layout_positions(shown, edges)
    network = {"nodes": [[i, *positions[i]] for i in shown], "physics": physics, "total": len(data.items)}
    page = view_page(data, page="network", title=title, scope=scope, extra={"network": network},
                     before=(vis_network_js(),))
    kinds = [data.items[i].kind for i in shown]
    stats = NetworkStats(
        nodes=len(shown), edges=len(edges), entities=kinds.count("entity") + kinds.count("source"),
        events=kinds.count("event"), figures=kinds.count("figure"), total_nodes=len(data.items),
        physics=physics, bytes=len(page.encode("utf-8")),
    )
    return page, stats


def _choose_nodes(data: ViewData, max_nodes: int) -> list[int]:
    """All items, or the ``max_nodes`` best connected (events and entities before figures)."""
    n = len(data.items)
    if n <= max_nodes:
        return list(range(n))
    degree = [0] * n
    for a, b, _ in data.links:
        degree[a] += 1
        degree[b] += 1
    minor = {"figure": 1, "source": 1}
    ranked = sorted(range(n), key=lambda i: (minor.get(data.items[i].kind, 0), -degree[i], data.items[i].iri))
    return sorted(ranked[:max(max_nodes, 0)])


def layout_positions(nodes: list[int], edges: list[tuple[int, int]]) -> dict[int, tuple[float, float]]:
    """Deterministic positions in pixels for every node."""
    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    if len(nodes) <= SPRING_MAX_NODES:
        raw = nx.spring_layout(graph, seed=SEED)
        scale = _SPACING * math.sqrt(len(nodes))
        return {i: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for i, (x, y) in raw.items()}
    return _skeleton_layout(graph)


def _skeleton_layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    """Spring layout of the SPRING_MAX_NODES best-connected nodes, then every other node placed,
    breadth first, near the centre of its already placed neighbours on a small golden-angle spiral;
    parts not connected to that core are laid out the same way on a grid beside it."""
    degree = dict(graph.degree())
    order = sorted(graph.nodes, key=lambda i: (-degree[i], i))
    core = sorted(order[:SPRING_MAX_NODES])
    raw = nx.spring_layout(graph.subgraph(core), seed=SEED)
    scale = _SPACING * math.sqrt(len(core))
    pos: dict[int, tuple[float, float]] = {i: (float(x) * scale, float(y) * scale) for i, (x, y) in raw.items()}
    satellites: dict[int, int] = {}
    golden = math.pi * (3 - math.sqrt(5))

    def place_around(frontier: list[int]) -> None:
        queue = deque(frontier)
        while queue:
            wave = sorted(set(queue))
            queue.clear()
            placed_now = []
            for v in wave:
                if v in pos:
                    continue
                anchors = sorted(u for u in graph.neighbors(v) if u in pos)
                if not anchors:
                    continue
                cx = sum(pos[u][0] for u in anchors) / len(anchors)
                cy = sum(pos[u][1] for u in anchors) / len(anchors)
                hub = min(anchors, key=lambda u: (-degree[u], u))
                k = satellites.get(hub, 0)
                satellites[hub] = k + 1
                r = 0.5 * _SPACING + 0.35 * _SPACING * math.sqrt(k)
                pos[v] = (cx + r * math.cos(k * golden), cy + r * math.sin(k * golden))
                placed_now.append(v)
            for v in placed_now:
                queue.extend(u for u in graph.neighbors(v) if u not in pos)

    place_around([u for v in core for u in graph.neighbors(v) if u not in pos])
    # the rest: components not reached from the core, on a grid of cells to the side
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    left, top, right = min(xs), min(ys), max(xs)
    cell = 4 * _SPACING
    per_row = max(1, int((right - left) / cell))
    slot = 0
    for v in order:
        if v in pos:
            continue
        pos[v] = (right + 2 * cell + (slot % per_row) * cell, top + (slot // per_row) * cell)
        slot += 1
        place_around([u for u in graph.neighbors(v) if u not in pos])
    return {i: (round(x, 1), round(y, 1)) for i, (x, y) in pos.items()}
