/* Hadath timeline.html: every event on a right-to-left time axis (plain SVG, no library).
 * Exact days are points, ranges are bars, undated events are listed below. */
"use strict";

(function () {
  var H = Hadath, D = H.DATA, EVENTS = D.timeline.events;
  var SVGNS = "http://www.w3.org/2000/svg";
  var ROW = 26, AXIS = 46, MARGIN = 18;
  var MONTH = new Intl.DateTimeFormat("ar-u-nu-latn", { month: "short", year: "numeric", timeZone: "UTC" });
  var DAY = new Intl.DateTimeFormat("ar-u-nu-latn", { day: "numeric", month: "short", timeZone: "UTC" });
  var DAY_YEAR = new Intl.DateTimeFormat("ar-u-nu-latn", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

  function $(id) { return document.getElementById(id); }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 864e5;
  }

  // ---------------------------------------------------------------- per-event indexes
  var ACTOR_KINDS = ["agent", "target", "speaker", "actor"];
  var partOf = {};
  D.links.forEach(function (l) { if (l[2] === "partOf") (partOf[l[0]] = partOf[l[0]] || []).push(l[1]); });

  function withLarger(places) {  // a place and every place it is part of
    var out = {}, stack = places.slice();
    while (stack.length) {
      var p = stack.pop();
      if (out[p]) continue;
      out[p] = true;
      (partOf[p] || []).forEach(function (q) { stack.push(q); });
    }
    return out;
  }

  var info = {};
  var actorCount = {}, placeCount = {};
  EVENTS.forEach(function (i) {
    var it = D.items[i];
    var actors = {}, places;
    H.outLinks(i, ACTOR_KINDS).forEach(function (l) { actors[l[1]] = true; });
    places = withLarger(H.outLinks(i, ["place"]).map(function (l) { return l[1]; }));
    Object.keys(actors).forEach(function (a) { actorCount[a] = (actorCount[a] || 0) + 1; });
    Object.keys(places).forEach(function (p) { placeCount[p] = (placeCount[p] || 0) + 1; });
    var words = H.searchForms(it).concat([H.norm(H.classLabel(it.cls)), H.norm((D.classes[it.cls] || {}).en)]);
    Object.keys(actors).concat(Object.keys(places)).forEach(function (j) { words = words.concat(H.searchForms(D.items[j])); });
    (it.spans || []).forEach(function (s) {
      var sp = D.spans[s];
      words.push(H.norm(sp[3] + sp[4] + sp[5]));
      words.push(H.norm(sp[0]));
    });
    info[i] = { actors: actors, places: places, text: words.join(" | ") };
  });

  function fillSelect(sel, counts) {
    Object.keys(counts).map(Number).sort(function (a, b) {
      var la = H.label(D.items[a]), lb = H.label(D.items[b]);
      return la < lb ? -1 : la > lb ? 1 : a - b;
    }).forEach(function (j) {
      var opt = H.el("option", { text: H.label(D.items[j]) + " (" + counts[j] + ")" });
      opt.value = String(j);
      sel.appendChild(opt);
    });
  }
  fillSelect($("actor"), actorCount);
  fillSelect($("place"), placeCount);

  // ---------------------------------------------------------------- class filter
  var classOn = {}, classCount = {};
  EVENTS.forEach(function (i) { var c = D.items[i].cls; classCount[c] = (classCount[c] || 0) + 1; });
  Object.keys(classCount).sort(function (a, b) {
    var la = D.classes[a].ar, lb = D.classes[b].ar;
    return la < lb ? -1 : la > lb ? 1 : 0;
  }).forEach(function (c) {
    classOn[c] = true;
    var box = H.el("input", { attrs: { type: "checkbox", "data-class": c } });
    box.checked = true;
    box.addEventListener("change", function () { classOn[c] = box.checked; render(); });
    $("classes").appendChild(H.el("label", {}, [box,
      H.el("span", { cls: "swatch", attrs: { style: "background:" + D.classes[c].color } }),
      H.el("bdi", { text: D.classes[c].ar }),
      H.el("span", { cls: "muted", text: " (" + D.classes[c].en + ") · " + classCount[c] })]));
  });

  function setAllClasses(on) {
    Array.prototype.forEach.call(document.querySelectorAll("#classes input"), function (b) {
      b.checked = on;
      classOn[b.getAttribute("data-class")] = on;
    });
    render();
  }
  $("all-classes").addEventListener("click", function () { setAllClasses(true); });
  $("no-classes").addEventListener("click", function () { setAllClasses(false); });

  var dates = [];
  EVENTS.forEach(function (i) { var it = D.items[i]; if (it.start) dates.push(it.start, it.end); });
  dates.sort();
  if (dates.length) ["from", "to"].forEach(function (id) { $(id).min = dates[0]; $(id).max = dates[dates.length - 1]; });

  function visible() {
    var actor = $("actor").value, place = $("place").value, q = H.norm($("text").value);
    var from = $("from").value, to = $("to").value;
    return EVENTS.filter(function (i) {
      var it = D.items[i], inf = info[i];
      if (!classOn[it.cls]) return false;
      if (actor && !inf.actors[actor]) return false;
      if (place && !inf.places[place]) return false;
      if (q && inf.text.indexOf(q) < 0) return false;
      if ((from || to) && it.start) {
        if (from && it.end < from) return false;
        if (to && it.start > to) return false;
      }
      return true;
    });
  }

  // ---------------------------------------------------------------- drawing
  var selected = null;

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function ticks(lo, hi, width) {
    var span = hi - lo, most = Math.max(2, Math.floor(width / 95)), out = [], d, step;
    var daySteps = [1, 2, 7, 14];
    for (var k = 0; k < daySteps.length; k++) {
      step = daySteps[k];
      if (span / step <= most) {
        for (d = Math.ceil(lo / step) * step; d <= hi; d += step) out.push({ day: d, fmt: "day" });
        return out;
      }
    }
    var monthSteps = [1, 2, 3, 6, 12, 24, 60, 120];
    for (k = 0; k < monthSteps.length; k++) {
      step = monthSteps[k];
      if (span / (30.4 * step) <= most) break;
    }
    var first = new Date(lo * 864e5);
    var y = first.getUTCFullYear(), m = first.getUTCMonth() + 1;
    m = Math.ceil(m / step) * step;
    for (;;) {
      while (m >= 12) { m -= 12; y += 1; }
      d = Date.UTC(y, m, 1) / 864e5;
      if (d > hi) break;
      if (d >= lo) out.push({ day: d, fmt: step >= 12 ? "year" : "month" });
      m += step;
    }
    return out;
  }

  function tickText(t, isFirst) {
    var date = new Date(t.day * 864e5);
    if (t.fmt === "day") return (isFirst || date.getUTCDate() === 1 ? DAY_YEAR : DAY).format(date);
    if (t.fmt === "year") return String(date.getUTCFullYear());
    return MONTH.format(date);
  }

  function fit(text, px) {  // cut a label to about px pixels (13px font), the full text stays in the tooltip
    var max = Math.max(8, Math.floor(px / 7.2));
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  /* Gantt-like: one row per event, labels in a column at the right (where Arabic starts),
   * time running right to left in the chart area beside it. */
  function draw(list) {
    var box = $("timeline");
    H.clear(box);
    if (!list.length) {
      box.appendChild(H.el("p", { cls: "muted", text: "لا أحداث مؤرخة ضمن هذه التصفية." }));
      return;
    }
    var width = Math.max(box.clientWidth || 900, 640);
    var labelWidth = Math.min(340, Math.round(width * 0.36));
    var lo = Infinity, hi = -Infinity;
    list.forEach(function (i) {
      var it = D.items[i];
      lo = Math.min(lo, dayNumber(it.start));
      hi = Math.max(hi, dayNumber(it.end) + 1);
    });
    lo -= 1; hi += 1;
    var right = width - labelWidth - MARGIN, left = MARGIN;
    function x(day) { return right - (day - lo) / (hi - lo) * (right - left); }
    var height = AXIS + list.length * ROW + 10;
    var root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "list" });
    var axis = svg("g", { "class": "axis", "font-size": 12, fill: "#555" });
    axis.appendChild(svg("line", { x1: left, x2: right, y1: AXIS - 12, y2: AXIS - 12, stroke: "#999" }));
    ticks(lo, hi, right - left).forEach(function (t, k) {
      var tx = x(t.fmt === "day" ? t.day + 0.5 : t.day);
      axis.appendChild(svg("line", { x1: tx, x2: tx, y1: AXIS - 16, y2: height, stroke: "#eee" }));
      axis.appendChild(svg("text", { x: tx, y: AXIS - 20, "text-anchor": "middle", direction: "rtl" }, tickText(t, k === 0)));
    });
    root.appendChild(axis);
    list.forEach(function (i, k) {
      var it = D.items[i];
      var y = AXIS + k * ROW + ROW / 2;
      var colour = H.colourOf(it);
      var g = svg("g", { "class": "tl-event" + (i === selected ? " selected" : ""), "data-item": i, role: "listitem", tabindex: 0 });
      g.appendChild(svg("rect", { "class": "tl-bg", x: 0, y: y - ROW / 2, width: width, height: ROW, fill: "transparent" }));
      g.appendChild(svg("text", { x: width - 6, y: y + 5, direction: "rtl", "text-anchor": "start", "font-size": 13, fill: "#222" },
        fit(H.label(it), labelWidth - 12)));
      var a = x(dayNumber(it.start) + (it.start === it.end ? 0.5 : 0)), b = x(dayNumber(it.end) + 1);
      var markLeft, markRight;
      if (it.start === it.end) {
        g.appendChild(svg("circle", { cx: a, cy: y, r: 6, fill: colour, stroke: "#333", "stroke-width": 1 }));
        markLeft = a - 6; markRight = a + 6;
      } else {
        markLeft = Math.min(a, b); markRight = Math.max(a, b);
        if (markRight - markLeft < 8) { markLeft -= 4; markRight += 4; }
        g.appendChild(svg("rect", { x: markLeft, y: y - 6, width: markRight - markLeft, height: 12, rx: 4,
          fill: colour, "fill-opacity": 0.75, stroke: "#333", "stroke-width": 1 }));
      }
      var dateOnLeft = markLeft - left > right - markRight;
      g.appendChild(svg("text", { x: dateOnLeft ? markLeft - 6 : markRight + 6, y: y + 4, "font-size": 11, fill: "#666",
        "text-anchor": dateOnLeft ? "end" : "start", direction: "ltr" }, H.dateText(it).replace(" ← ", " → ")));
      g.appendChild(svg("title", {}, H.label(it) + "\n" + H.classLabel(it.cls) + "\n" + H.dateText(it)));
      g.addEventListener("click", function () { selectEvent(i); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") selectEvent(i); });
      root.appendChild(g);
    });
    box.appendChild(root);
  }

  function drawUndated(list) {
    var ul = $("undated-list");
    H.clear(ul);
    list.forEach(function (i) {
      var it = D.items[i];
      var b = H.el("button", { cls: "ref", attrs: { type: "button" } }, [
        H.el("span", { cls: "swatch", attrs: { style: "background:" + H.colourOf(it) } }),
        H.el("bdi", { text: H.label(it) }), H.el("span", { cls: "muted", text: " · " + H.classLabel(it.cls) })]);
      b.addEventListener("click", function () { selectEvent(i); });
      ul.appendChild(H.el("li", { cls: "tl-event" + (i === selected ? " selected" : ""), attrs: { "data-item": i } }, [b]));
    });
    $("undated-title").hidden = !list.length;
  }

  function render() {
    var list = visible();
    draw(list.filter(function (i) { return D.items[i].start; }));
    drawUndated(list.filter(function (i) { return !D.items[i].start; }));
    var c = $("count");
    c.textContent = "الأحداث الظاهرة: " + list.length + " من " + EVENTS.length;
    c.setAttribute("data-visible", list.length);
  }

  // ---------------------------------------------------------------- panel
  var panel = $("panel");
  var ctx = { select: function (i) { if (D.items[i].kind === "event") selectEvent(i); else H.renderPanel(panel, i, ctx); } };

  function selectEvent(i) {
    selected = i;
    Array.prototype.forEach.call(document.querySelectorAll(".tl-event"), function (n) {
      n.classList.toggle("selected", +n.getAttribute("data-item") === i);
    });
    var node = document.querySelector('.tl-event[data-item="' + i + '"]');
    if (node && node.scrollIntoView) node.scrollIntoView({ block: "nearest" });
    H.renderPanel(panel, i, ctx);
    $("side").scrollTop = 0;
  }

  ["actor", "place", "from", "to"].forEach(function (id) { $(id).addEventListener("change", render); });
  $("text").addEventListener("input", render);
  $("reset").addEventListener("click", function () {
    $("actor").value = ""; $("place").value = ""; $("text").value = ""; $("from").value = ""; $("to").value = "";
    setAllClasses(true);
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 150);
  });

  window.HADATH = { select: selectEvent, visible: visible };
  render();
  document.body.setAttribute("data-ready", "1");
})();
