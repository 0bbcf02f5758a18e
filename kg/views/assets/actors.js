/* Hadath actors.html: actors linked by the events they share (kg/views/actors.py computes the
 * links, communities and positions; this draws them with vis-network, physics off). */
"use strict";

(function () {
  var H = Hadath, D = H.DATA, A = D.actors, KINDS = D.actorLinkKinds, COLOURS = D.communityColours;
  var FONT = "DejaVu Sans, Noto Naskh Arabic, Noto Sans Arabic, Tahoma, Arial, sans-serif";
  function $(id) { return document.getElementById(id); }

  var maxEvents = A.actors.length ? A.actors[0][1] : 1;
  var rankOf = {};
  A.actors.forEach(function (a, r) { rankOf[a[0]] = r; });
  Object.keys(KINDS).forEach(function (k) { $("sw-" + k).style.background = KINDS[k].color; });

  var nodeList = A.actors.map(function (a) {
    var item = D.items[a[0]], share = Math.sqrt(a[1] / maxEvents);
    return {
      id: a[0], x: a[3], y: a[4], label: H.shortLabel ? H.shortLabel(item) : H.label(item),
      title: H.label(item) + " — " + a[1] + " حدث",
      shape: item.cls === "Person" ? "dot" : item.cls === "Country" ? "triangle" : "square",
      size: 8 + 22 * share,
      color: { background: COLOURS[a[2] % COLOURS.length], border: "#333" },
      font: { face: FONT, size: Math.round(14 + 12 * share), color: "#111", strokeWidth: 4, strokeColor: "#fff" },
    };
  });
  var edgeList = A.links.map(function (l, k) {
    return {
      id: k, from: l[0], to: l[1], value: l[2], width: Math.min(1 + 2.2 * Math.log(l[2]) + 0.5, 12),
      color: { color: KINDS[l[3]].color, opacity: 0.75 },
      arrows: { to: { enabled: l[3] === "against", scaleFactor: 0.6 } },
      title: l[2] + " حدث مشترك · " + KINDS[l[3]].ar,
    };
  });
  var nodes = new vis.DataSet(nodeList), edges = new vis.DataSet(edgeList);
  var network = new vis.Network($("net"), { nodes: nodes, edges: edges }, {
    autoResize: true, physics: { enabled: false }, layout: { improvedLayout: false },
    edges: { smooth: false, selectionWidth: 2 },
    interaction: { hover: true, tooltipDelay: 200, multiselect: false, keyboard: false },
  });
  window.HADATH = { nodes: nodes, edges: edges, network: network, select: selectActor };

  var hidden = {}, hiddenEdge = {};
  function apply() {
    var n = $("top-n").value === "all" ? A.actors.length : +$("top-n").value;
    var minW = +$("min-weight").value, on = {};
    Object.keys(KINDS).forEach(function (k) { on[k] = $("k-" + k).checked; });
    var nu = [], eu = [], shownNodes = 0, shownEdges = 0;
    A.actors.forEach(function (a, r) {
      var h = r >= n;
      if (!h) shownNodes++;
      if (!!hidden[a[0]] !== h) { hidden[a[0]] = h; nu.push({ id: a[0], hidden: h }); }
    });
    A.links.forEach(function (l, k) {
      var h = hidden[l[0]] || hidden[l[1]] || l[2] < minW || !on[l[3]];
      if (!h) shownEdges++;
      if (!!hiddenEdge[k] !== h) { hiddenEdge[k] = h; eu.push({ id: k, hidden: h }); }
    });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    var c = $("counts");
    c.textContent = "الفاعلون الظاهرون: " + shownNodes + " من " + A.actors.length
      + (A.total > A.actors.length ? " (من أصل " + A.total + ")" : "") + " · الروابط: " + shownEdges + " من " + A.links.length
      + " · المجموعات: " + A.communities;
    c.setAttribute("data-visible", shownNodes);
    c.setAttribute("data-links", shownEdges);
  }
  ["top-n", "min-weight", "k-against", "k-speaks", "k-with"].forEach(function (id) {
    $(id).addEventListener("change", apply);
  });
  $("fit").addEventListener("click", function () { network.fit({ animation: false }); });

  var panel = $("panel");
  var ctx = { select: function (i) { if (rankOf[i] !== undefined) selectActor(i); else H.renderPanel(panel, i, ctx); } };
  function selectActor(i) {
    network.selectNodes([i]);
    H.renderPanel(panel, i, ctx);
  }
  function showLink(k) {
    var l = A.links[k];
    H.clear(panel);
    panel.appendChild(H.el("h2", { text: H.label(D.items[l[0]]) + " — " + H.label(D.items[l[1]]) }));
    panel.appendChild(H.el("p", { cls: "muted", text: l[2] + " حدث مشترك: " + Object.keys(l[4]).map(function (kind) {
      return KINDS[kind].ar + " " + l[4][kind];
    }).join("، ") }));
    var list = H.el("ul");
    l[5].slice().sort(H.byDateThenLabel).forEach(function (e) {
      var b = H.el("button", { cls: "link", text: H.label(D.items[e]) + " — " + H.dateText(D.items[e]), attrs: { type: "button" } });
      b.addEventListener("click", function () { H.renderPanel(panel, e, ctx); });
      list.appendChild(H.el("li", {}, [b]));
    });
    panel.appendChild(list);
  }
  network.on("click", function (p) {
    if (p.nodes.length) selectActor(p.nodes[0]);
    else if (p.edges.length) showLink(p.edges[0]);
  });

  apply();
  network.once("afterDrawing", function () { document.body.setAttribute("data-ready", "1"); });
  // the shown actors fitted, but never below zoom 1: the labels keep their 14–26 px and the
  // room kg/views/actors.py made for them ("ملاءمة العرض" shows everything)
  network.fit({ nodes: A.actors.slice(0, A.shown).map(function (a) { return a[0]; }), animation: false });
  if (network.getScale() < 1) network.moveTo({ position: { x: 0, y: 0 }, scale: 1 });
  if (!nodeList.length) document.body.setAttribute("data-ready", "1");
})();
