/* Hadath graph.html: the network of entities, events and figures (vis-network).
 * Labels and tooltips are plain text; panels are built with textContent (see common.js). */
"use strict";

(function () {
  var H = Hadath, D = H.DATA, NET = D.network;
  var FONT = "DejaVu Sans, Noto Naskh Arabic, Noto Sans Arabic, Tahoma, sans-serif";
  var SHAPE_GLYPH = { dot: "●", square: "■", triangle: "▲", diamond: "◆", hexagon: "⬢", star: "★" };
  var GROUP_ORDER = ["Person", "Organization", "Actor", "Source", "Place", "Event", "Figure"];
  var big = !NET.physics;

  function $(id) { return document.getElementById(id); }

  // ---------------------------------------------------------------- data sets
  var shown = {};
  NET.nodes.forEach(function (n) { shown[n[0]] = true; });
  var edgeList = [];
  var adjacency = {};
  D.links.forEach(function (l, k) {
    if (!shown[l[0]] || !shown[l[1]]) return;
    var kind = D.linkKinds[l[2]] || { ar: l[2], en: l[2], color: "#999" };
    edgeList.push({
      id: k, from: l[0], to: l[1], kind: l[2], title: kind.ar + " (" + kind.en + ")",
      color: { color: kind.color, highlight: kind.color, opacity: 0.75 },
      dashes: l[2] === "actor" || l[2] === "figure",
    });
    (adjacency[l[0]] = adjacency[l[0]] || []).push(l[1]);
    (adjacency[l[1]] = adjacency[l[1]] || []).push(l[0]);
  });

  function tooltip(it, i) {
    var lines = [H.label(it)];
    if (it.en && it.ar) lines.push(it.en);
    lines.push(H.classLabel(it.cls));
    if (it.kind === "event") {
      lines.push(H.dateText(it));
      var words = H.mentionsOf(it);
      if (words.length) lines.push("في النص: " + words.join("، "));
      var said = H.quotesOfEvent(i).length;
      if (said) lines.push("أقوال منقولة: " + said);
    }
    if (it.kind === "figure") lines.push(H.figureText(it));
    return lines.join("\n");  // plain text: vis-network 9 renders string titles as text
  }

  var nodeList = NET.nodes.map(function (n) {
    var it = D.items[n[0]];
    var cls = D.classes[it.cls] || { color: "#888", shape: "dot" };
    var degree = (adjacency[n[0]] || []).length;
    var node = {
      id: n[0],
      label: H.shortLabel(it, it.kind === "event" ? 32 : 28),
      title: tooltip(it, n[0]),
      shape: cls.shape,
      size: (it.kind === "figure" ? 7 : 10) + Math.min(18, 2.5 * Math.sqrt(degree)),
      color: { background: cls.color, border: "#333", highlight: { background: cls.color, border: "#000" } },
      borderWidth: 1,
      font: { face: FONT, size: 14, color: "#222", strokeWidth: 3, strokeColor: "#ffffff" },
    };
    if (n.length > 2) { node.x = n[1]; node.y = n[2]; }
    return node;
  });

  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);

  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    nodes: { font: { face: FONT } },
    edges: {
      width: 1,
      smooth: big ? false : { enabled: true, type: "continuous", roundness: 0.3 },
      arrows: { to: { enabled: !big, scaleFactor: 0.45 } },
      selectionWidth: 2,
    },
    interaction: {
      hover: !big, tooltipDelay: 250, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      navigationButtons: false, keyboard: false, multiselect: false,
    },
    physics: NET.physics ? {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -70, springLength: 110, springConstant: 0.06, avoidOverlap: 0.3 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 25, fit: true },
    } : { enabled: false },
  };

  var container = $("net");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var state = { ready: false, timings: {} };
  window.HADATH = { nodes: nodes, edges: edges, network: network, state: state, select: selectItem };

  function markReady() {
    if (state.ready) return;
    state.ready = true;
    state.timings.ready = performance.now();
    document.body.setAttribute("data-ready", "1");
    updateCounts();
  }
  network.once("afterDrawing", function () {
    state.timings.firstDraw = performance.now();
    if (!NET.physics) markReady();
  });
  if (NET.physics) {
    network.on("stabilizationProgress", function (p) {
      $("counts").textContent = "جارٍ ترتيب الشبكة… " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      markReady();
    });
  }
  if (!nodeList.length) markReady();

  // ---------------------------------------------------------------- legend and filters
  var classOn = {};
  var classCount = {};
  NET.nodes.forEach(function (n) { var c = D.items[n[0]].cls; classCount[c] = (classCount[c] || 0) + 1; });
  var classNames = Object.keys(classCount).sort(function (a, b) {
    var ga = GROUP_ORDER.indexOf(D.classes[a].group), gb = GROUP_ORDER.indexOf(D.classes[b].group);
    if (ga !== gb) return ga - gb;
    return D.classes[a].ar < D.classes[b].ar ? -1 : D.classes[a].ar > D.classes[b].ar ? 1 : 0;
  });
  var legend = $("legend");
  classNames.forEach(function (c) {
    classOn[c] = true;
    var info = D.classes[c];
    var box = H.el("input", { attrs: { type: "checkbox", "data-class": c } });
    box.checked = true;
    box.addEventListener("change", function () { classOn[c] = box.checked; applyFilters(); });
    var glyph = H.el("span", { cls: "shape", text: SHAPE_GLYPH[info.shape] || "●", attrs: { style: "color:" + info.color } });
    legend.appendChild(H.el("label", { title: info.en }, [box, glyph, H.el("bdi", { text: info.ar }),
      H.el("span", { cls: "muted", text: " · " + classCount[c] })]));
  });
  var kindsUsed = {};
  edgeList.forEach(function (e) { kindsUsed[e.kind] = true; });
  Object.keys(D.linkKinds).forEach(function (k) {
    if (!kindsUsed[k]) return;
    var info = D.linkKinds[k];
    $("edge-legend").appendChild(H.el("div", { cls: "edge-key" }, [
      H.el("span", { cls: "line", attrs: { style: "border-top-color:" + info.color + (k === "actor" || k === "figure" ? ";border-top-style:dashed" : "") } }),
      H.el("bdi", { text: info.ar }), H.el("span", { cls: "muted", text: " (" + info.en + ")" })]));
  });

  var articleSel = $("article");
  Object.keys(D.articles).sort().forEach(function (id) {
    var a = D.articles[id];
    var text = id + (a.date ? " · " + a.date : "") + (a.title ? " · " + (a.title.length > 50 ? a.title.slice(0, 49) + "…" : a.title) : "");
    var opt = H.el("option", { text: text });
    opt.value = id;
    articleSel.appendChild(opt);
  });

  var dates = [];
  NET.nodes.forEach(function (n) { var it = D.items[n[0]]; if (it.start) { dates.push(it.start); dates.push(it.end); } });
  dates.sort();
  if (dates.length) {
    ["from", "to"].forEach(function (id) { $(id).min = dates[0]; $(id).max = dates[dates.length - 1]; });
  }

  var isActor = {};
  NET.nodes.forEach(function (n) {
    var it = D.items[n[0]];
    if (it.kind === "entity" && ["Person", "Organization", "Actor"].indexOf((D.classes[it.cls] || {}).group) >= 0) isActor[n[0]] = true;
    if (it.kind === "source") isActor[n[0]] = true;
  });
  D.links.forEach(function (l) { if (["agent", "target", "speaker", "actor"].indexOf(l[2]) >= 0) isActor[l[1]] = true; });

  var selected = null;
  var hiddenNode = {}, hiddenEdge = {};
  var visibleCount = nodeList.length;

  function passesTime(it, from, to, undated) {
    if (it.kind !== "event") return true;
    if (!it.start) return undated;
    if (from && it.end < from) return false;
    if (to && it.start > to) return false;
    return true;
  }

  function applyFilters() {
    var mode = $("mode").value, depth = +$("depth").value;
    var from = $("from").value, to = $("to").value, undated = $("undated").checked, art = articleSel.value;
    var timeOn = !!(from || to);
    var vis = {};
    NET.nodes.forEach(function (n) {
      var i = n[0], it = D.items[i];
      if (!classOn[it.cls]) return;
      if (art && (it.articles || []).indexOf(art) < 0) return;
      if (mode === "events" && it.kind !== "event") return;
      if (mode === "actors" && !isActor[i]) return;
      if (!passesTime(it, from, to, undated)) return;
      vis[i] = true;
    });
    if (timeOn) {  // with a time window, entities and figures stay only through an event inside it
      Object.keys(vis).forEach(function (k) {
        var i = +k;
        if (D.items[i].kind === "event") return;
        var ok = (adjacency[i] || []).some(function (j) { return vis[j] && D.items[j].kind === "event"; });
        if (!ok) delete vis[i];
      });
    }
    var notice = "";
    if (mode === "hood") {
      if (selected === null) {
        notice = "اختر عقدة (بالنقر أو بالبحث) لعرض جوارها.";
      } else {
        var keep = {}, frontier = [selected];
        keep[selected] = true;
        for (var d = 0; d < depth; d++) {
          var next = [];
          frontier.forEach(function (i) {
            (adjacency[i] || []).forEach(function (j) { if (!keep[j] && vis[j]) { keep[j] = true; next.push(j); } });
          });
          frontier = next;
        }
        vis = keep;
      }
    }
    var nu = [], eu = [];
    visibleCount = 0;
    NET.nodes.forEach(function (n) {
      var h = !vis[n[0]];
      if (!h) visibleCount++;
      if (!!hiddenNode[n[0]] !== h) { hiddenNode[n[0]] = h; nu.push({ id: n[0], hidden: h }); }
    });
    var visibleEdges = 0;
    edgeList.forEach(function (e) {
      var h = !(vis[e.from] && vis[e.to]);
      if (!h) visibleEdges++;
      if (!!hiddenEdge[e.id] !== h) { hiddenEdge[e.id] = h; eu.push({ id: e.id, hidden: h }); }
    });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    setNotice(notice);
    updateCounts(visibleEdges);
  }

  var baseNotice = NET.total > NET.nodes.length
    ? "تعرض الشبكة " + NET.nodes.length + " عقدة من أصل " + NET.total + " (الأكثر ارتباطًا)؛ الخط الزمني يعرض كل أحداث هذه الصفحة." : "";
  function setNotice(extra) {
    var text = [baseNotice, extra].filter(Boolean).join(" ");
    $("notice").textContent = text;
    $("notice").hidden = !text;
  }
  setNotice("");

  function updateCounts(visibleEdges) {
    if (NET.physics && !state.ready) return;
    if (visibleEdges === undefined) visibleEdges = edgeList.filter(function (e) { return !hiddenEdge[e.id]; }).length;
    var c = $("counts");
    c.textContent = "العقد الظاهرة: " + visibleCount + " من " + nodeList.length + " · الروابط: " + visibleEdges;
    c.setAttribute("data-visible", visibleCount);
  }

  function resetFilters() {
    $("mode").value = "all";
    $("from").value = "";
    $("to").value = "";
    $("undated").checked = true;
    articleSel.value = "";
    Array.prototype.forEach.call(legend.querySelectorAll("input[type=checkbox]"), function (b) {
      b.checked = true;
      classOn[b.getAttribute("data-class")] = true;
    });
    applyFilters();
  }

  ["mode", "depth", "from", "to", "undated", "article"].forEach(function (id) {
    $(id).addEventListener("change", applyFilters);
  });
  $("reset").addEventListener("click", function () { resetFilters(); network.fit(); });
  $("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // ---------------------------------------------------------------- selection and panel
  var panel = $("panel");
  var ctx = { select: function (i) { selectItem(i, true); } };

  function selectItem(i, focus) {
    i = +i;
    if (shown[i]) {
      if (hiddenNode[i] && $("mode").value !== "hood") resetFilters();
      selected = i;
      if ($("mode").value === "hood") applyFilters();
      network.selectNodes([i]);
      if (focus) {
        network.focus(i, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
      }
    }
    $("legend-box").open = false;  // the panel needs the room; the legend is one click away
    H.renderPanel(panel, i, ctx);
    $("side").scrollTop = 0;
  }

  network.on("click", function (p) {
    if (p.nodes && p.nodes.length) selectItem(p.nodes[0], false);
  });

  // ---------------------------------------------------------------- search
  var index = NET.nodes.map(function (n) { return { i: n[0], forms: H.searchForms(D.items[n[0]]) }; });
  var input = $("search"), results = $("search-results");
  var active = -1, found = [];

  function rank(forms, q) {
    var best = 9;
    forms.forEach(function (f) {
      var r = f === q ? 0 : f.indexOf(q) === 0 ? 1 : f.indexOf(" " + q) >= 0 ? 2 : f.indexOf(q) > 0 ? 3 : 9;
      if (r < best) best = r;
    });
    return best;
  }

  function search(text) {
    var q = H.norm(text);
    if (!q) return [];
    var hits = [];
    index.forEach(function (e) {
      var r = rank(e.forms, q);
      if (r < 9) hits.push([r, H.label(D.items[e.i]).length, e.i]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, 30).map(function (h) { return h[2]; });
  }

  function showResults() {
    H.clear(results);
    found.forEach(function (i, k) {
      var it = D.items[i];
      var b = H.el("button", { attrs: { type: "button", role: "option", "data-item": i } }, [
        H.el("span", { cls: "swatch", attrs: { style: "background:" + H.colourOf(it) } }),
        H.el("bdi", { text: H.label(it) }),
        H.el("span", { cls: "muted", text: " · " + H.classLabel(it.cls) + (it.en && it.ar ? " · " + it.en : "") }),
      ]);
      b.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      results.appendChild(H.el("li", { cls: k === active ? "active" : "" }, [b]));
    });
    if (!found.length && input.value.trim()) results.appendChild(H.el("li", { cls: "muted", text: "لا نتائج" }));
    results.hidden = !input.value.trim();
  }

  function choose(i) {
    results.hidden = true;
    input.value = H.label(D.items[i]);
    selectItem(i, true);
  }

  input.addEventListener("input", function () { found = search(input.value); active = found.length ? 0 : -1; showResults(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && found.length) { active = (active + 1) % found.length; showResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && found.length) { active = (active - 1 + found.length) % found.length; showResults(); ev.preventDefault(); }
    else if (ev.key === "Enter") { if (found.length) choose(found[Math.max(active, 0)]); ev.preventDefault(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  input.addEventListener("blur", function () { setTimeout(function () { results.hidden = true; }, 150); });
  input.addEventListener("focus", function () { if (input.value.trim()) showResults(); });

  applyFilters();
})();
