/* Hadath timeline.html: every event on a right-to-left time axis (plain SVG, no library).
 * Exact days are points, ranges are bars, undated events are listed below.
 * The axis shows a window of time: it opens on the focus window (where most events are,
 * computed in kg/views/timeline.py), zooms and pans; events outside it are counted at its
 * edges and listed under the chart. */
"use strict";

(function () {
  var H = Hadath, D = H.DATA, EVENTS = D.timeline.events;
  var SVGNS = "http://www.w3.org/2000/svg";
  var ROW = 26, AXIS = 58, MARGIN = 18, FLAGS = 30;
  var MIN_SPAN = 3;  // days: the closest zoom
  // Month names as both the Egyptian/Gulf and the Levantine/Iraqi press write them.
  var MONTHS = [["يناير", "كانون الثاني"], ["فبراير", "شباط"], ["مارس", "آذار"], ["أبريل", "نيسان"],
    ["مايو", "أيار"], ["يونيو", "حزيران"], ["يوليو", "تموز"], ["أغسطس", "آب"], ["سبتمبر", "أيلول"],
    ["أكتوبر", "تشرين الأول"], ["نوفمبر", "تشرين الثاني"], ["ديسمبر", "كانون الأول"]];

  function $(id) { return document.getElementById(id); }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 864e5;
  }

  function ymd(day) {  // [year, month 0-11, day of month] of a day number
    var d = new Date(Math.floor(day) * 864e5);
    return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  }

  function dayOf(y, m, d) { return Date.UTC(y, m, d) / 864e5; }  // months past 11 roll over

  function isoOf(day) {
    var p = ymd(day);
    return p[0] + "-" + (p[1] < 9 ? "0" : "") + (p[1] + 1) + "-" + (p[2] < 10 ? "0" : "") + p[2];
  }

  function monthName(m) { return MONTHS[m][0] + "/" + MONTHS[m][1]; }

  function longDate(day) {  // 12 نوفمبر/تشرين الثاني 2016
    var p = ymd(day);
    return p[2] + " " + monthName(p[1]) + " " + p[0];
  }

  /* Arabic counted nouns: 1 حدث واحد, 2 حدثان, 3–10 أحداث, 11+ حدثًا. */
  function counted(n, forms) {
    if (n === 1) return forms[0];
    if (n === 2) return forms[1];
    return n + " " + (n % 100 >= 3 && n % 100 <= 10 ? forms[2] : forms[3]);
  }
  var EVENT_FORMS = ["حدث واحد", "حدثان", "أحداث", "حدثًا"];
  var DAY_FORMS = ["يوم واحد", "يومان", "أيام", "يومًا"];

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

  // ---------------------------------------------------------------- the window of time shown
  var TL = D.timeline;
  var SPAN = TL.span && TL.span[0] ? [dayNumber(TL.span[0]), dayNumber(TL.span[1]) + 1] : null;
  var FOCUS = TL.focus && TL.focus[0] ? [dayNumber(TL.focus[0]), dayNumber(TL.focus[1]) + 1] : null;
  var view = null;  // {lo, hi, mode}: day numbers, hi exclusive; mode focus | all | custom

  function padded(lo, hi) {
    var pad = Math.max(0.5, 0.02 * (hi - lo));
    return [lo - pad, hi + pad];
  }

  function extent(list) {  // [first day, last day + 1] of dated events
    var lo = Infinity, hi = -Infinity;
    list.forEach(function (i) {
      var it = D.items[i];
      if (!it.start) return;
      lo = Math.min(lo, dayNumber(it.start));
      hi = Math.max(hi, dayNumber(it.end) + 1);
    });
    return lo < hi ? [lo, hi] : null;
  }

  function limits() {  // how far the window may go: the whole span and a little more
    var s = SPAN || [0, 1];
    var m = Math.max(2, 0.05 * (s[1] - s[0]));
    return [s[0] - m, s[1] + m];
  }

  /* The window shown; redrawn at once, or at the next frame for the wheel and drags (coalesced). */
  function setView(lo, hi, mode, nextFrame) {
    var lim = limits();
    if (hi - lo < MIN_SPAN) { var c = (lo + hi) / 2; lo = c - MIN_SPAN / 2; hi = c + MIN_SPAN / 2; }
    if (hi - lo > lim[1] - lim[0]) { lo = lim[0]; hi = lim[1]; }
    if (lo < lim[0]) { hi += lim[0] - lo; lo = lim[0]; }
    if (hi > lim[1]) { lo -= hi - lim[1]; hi = lim[1]; }
    view = { lo: lo, hi: hi, mode: mode || "custom" };
    if (nextFrame) scheduleDraw();
    else if (ready) render();
  }

  function showFocus() {
    if (!FOCUS) return;
    var p = padded(FOCUS[0], FOCUS[1]);
    setView(p[0], p[1], FOCUS[0] === SPAN[0] && FOCUS[1] === SPAN[1] ? "all" : "focus");
  }

  function showAll() {
    var e = extent(visible()) || SPAN;
    if (!e) return;
    var p = padded(e[0], e[1]);
    setView(p[0], p[1], e[0] === SPAN[0] && e[1] === SPAN[1] ? "all" : "custom");
  }

  function zoom(factor, center, nextFrame) {
    if (!view) return;
    var span = view.hi - view.lo;
    if (center === undefined) center = (view.lo + view.hi) / 2;
    var next = Math.max(MIN_SPAN, span * factor);
    var lo = center - (center - view.lo) * next / span;
    setView(lo, lo + next, "custom", nextFrame);
  }

  function pan(days) {
    if (view) setView(view.lo + days, view.hi + days, "custom");
  }

  // ---------------------------------------------------------------- the axis
  /* Ticks for the window: days (major tier: months), months (major tier: years) or years,
   * whichever leaves room for their labels. */
  function ticks(lo, hi, px) {
    var ppd = px / (hi - lo), minor = [], major = [], step, k, y, m, d, a, b;
    var first = ymd(lo), last = ymd(hi);
    var daySteps = [1, 2, 5];
    for (k = 0; k < daySteps.length; k++) if (ppd * daySteps[k] >= 26) break;
    if (k < daySteps.length) {
      step = daySteps[k];
      var days = step === 1 ? null : step === 2 ? [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]
        : [1, 5, 10, 15, 20, 25];
      for (y = first[0], m = first[1]; dayOf(y, m, 1) < hi; m++) {
        a = dayOf(y, m, 1); b = dayOf(y, m + 1, 1);
        major.push({ from: a, to: b, text: monthName(ymd(a)[1]) + " " + ymd(a)[0] });
        var list = days || [];
        if (!days) for (d = 1; a + d - 1 < b; d++) list.push(d);
        list.forEach(function (dd, n) {
          var t = a + dd - 1;
          if (t >= b) return;
          var next = n + 1 < list.length ? Math.min(a + list[n + 1] - 1, b) : b;
          if (t + 1 > lo && t < hi) minor.push({ from: t, to: step === 1 ? t + 1 : next, text: String(dd), cell: step === 1 });
        });
      }
      return { level: "day", step: step, minor: minor, major: major };
    }
    var ppm = ppd * 30.44, monthSteps = [1, 2, 3, 6];
    for (k = 0; k < monthSteps.length; k++) if (ppm * monthSteps[k] >= 60) break;
    if (k < monthSteps.length) {
      step = monthSteps[k];
      var both = ppm * step >= 84;
      for (y = first[0]; dayOf(y, 0, 1) < hi; y++) {
        major.push({ from: dayOf(y, 0, 1), to: dayOf(y + 1, 0, 1), text: String(y) });
        for (m = 0; m < 12; m += step) {
          a = dayOf(y, m, 1); b = dayOf(y, m + step, 1);
          if (b > lo && a < hi) minor.push({ from: a, to: b, text: MONTHS[m][0], sub: both ? MONTHS[m][1] : "", cell: step === 1 });
        }
      }
      return { level: "month", step: step, minor: minor, major: major };
    }
    var ppy = ppd * 365.25, yearSteps = [1, 2, 5, 10, 20, 50, 100];
    for (k = 0; k < yearSteps.length - 1; k++) if (ppy * yearSteps[k] >= 44) break;
    step = yearSteps[k];
    for (y = Math.floor(first[0] / step) * step; dayOf(y, 0, 1) < hi; y += step) {
      a = dayOf(y, 0, 1); b = dayOf(y + step, 0, 1);
      if (b > lo) minor.push({ from: a, to: b, text: String(y), cell: step === 1 });
    }
    return { level: "year", step: step, minor: minor, major: major };
  }

  // ---------------------------------------------------------------- drawing
  var selected = null;
  var geometry = null;  // {left, right, lo, hi} of the last drawing, for the pointer

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function fit(text, px) {  // cut a label to about px pixels (13px font), the full text stays in the tooltip
    var max = Math.max(8, Math.floor(px / 7.2));
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  // the parts of #timeline, made once and redrawn
  var box = $("timeline");
  var headBox = H.el("div", { cls: "tl-head" });
  var edges = H.el("div", { cls: "tl-edges" });
  var earlierBtn = H.el("button", { attrs: { type: "button", id: "more-earlier" } });
  var laterBtn = H.el("button", { attrs: { type: "button", id: "more-later" } });
  edges.appendChild(earlierBtn);
  edges.appendChild(laterBtn);
  var axisBox = H.el("div", { cls: "tl-axis" });
  headBox.appendChild(edges);
  headBox.appendChild(axisBox);
  var rowsBox = H.el("div", { cls: "tl-rows" });
  var outsideBox = H.el("div", { cls: "tl-outside" });
  box.appendChild(headBox);
  box.appendChild(rowsBox);
  box.appendChild(outsideBox);

  var outside = { earlier: [], later: [] };
  earlierBtn.addEventListener("click", function () {
    var e = extent(outside.earlier);
    if (e && view) setView(e[0] - Math.max(0.5, 0.02 * (view.hi - e[0])), view.hi, "custom");
  });
  laterBtn.addEventListener("click", function () {
    var e = extent(outside.later);
    if (e && view) setView(view.lo, e[1] + Math.max(0.5, 0.02 * (e[1] - view.lo)), "custom");
  });

  function outsideList(id, title, list) {
    if (!list.length) return null;
    var ul = H.el("ul", { cls: "outside-list" });
    list.forEach(function (i) {
      var it = D.items[i];
      var b = H.el("button", { cls: "ref", attrs: { type: "button" } }, [
        H.el("span", { cls: "swatch", attrs: { style: "background:" + H.colourOf(it) } }),
        H.el("bdi", { text: H.label(it) }),
        H.el("span", { cls: "muted", text: " · " + H.dateText(it) })]);
      b.addEventListener("click", function () { selectEvent(i); });
      ul.appendChild(H.el("li", { cls: "tl-event" + (i === selected ? " selected" : ""), attrs: { "data-item": i } }, [b]));
    });
    var det = H.el("details", { attrs: { id: id } }, [H.el("summary", { text: title }), ul]);
    return det;
  }

  function windowText(inside) {
    var wt = $("window-text");
    if (!view) { wt.textContent = ""; return; }
    var from = Math.ceil(view.lo - 1e-6), to = Math.floor(view.hi + 1e-6) - 1;  // the days wholly shown
    if (to < from) to = from;
    var mode = view.mode === "focus" ? "فترة التركيز" : view.mode === "all" ? "كل الفترة" : "فترة مختارة";
    wt.textContent = "المعروض: " + longDate(from) + " – " + longDate(to) + " (" + counted(to - from + 1, DAY_FORMS) + ") · "
      + mode + " · " + counted(inside, EVENT_FORMS) + " ضمنها";
    wt.setAttribute("data-from", isoOf(from));
    wt.setAttribute("data-to", isoOf(to));
    wt.setAttribute("data-mode", view.mode);
    $("zoom-focus").classList.toggle("active", view.mode === "focus");
    $("zoom-all").classList.toggle("active", view.mode === "all");
  }

  var facts = {};
  function rowFacts(i) {  // what a row shows besides its place on the axis: the same at every zoom
    if (facts[i]) return facts[i];
    var it = D.items[i], flags = [], said = H.quotesOfEvent(i).length;
    if (H.figureConflict(i)) flags.push(["⚠", "tl-conflict", "#d9480f", "أرقام متعارضة"]);
    if (said) flags.push(["«»", "tl-quote", "#2980b9", "أقوال منقولة: " + said]);
    var tip = [H.label(it), H.classLabel(it.cls), H.dateText(it)];
    var words = H.mentionsOf(it);
    if (words.length) tip.push("في النص: " + words.join("، "));
    facts[i] = { flags: flags, tip: tip.join("\n") };
    return facts[i];
  }

  /* Gantt-like: one row per event inside the window, labels in a column at the right (where
   * Arabic starts), time running right to left in the chart area beside it. */
  function draw(list) {
    H.clear(axisBox); H.clear(rowsBox); H.clear(outsideBox);
    outside = { earlier: [], later: [] };
    if (!list.length || !view) {
      edges.hidden = true;
      rowsBox.appendChild(H.el("p", { cls: "muted", text: "لا أحداث مؤرخة ضمن هذه التصفية." }));
      windowText(0);
      return;
    }
    var lo = view.lo, hi = view.hi;
    var inside = list.filter(function (i) {
      var it = D.items[i], a = dayNumber(it.start), b = dayNumber(it.end) + 1;
      if (b <= lo) { outside.earlier.push(i); return false; }
      if (a >= hi) { outside.later.push(i); return false; }
      return true;
    });
    var width = Math.max(box.clientWidth || 900, 640);
    var labelWidth = Math.min(340, Math.round(width * 0.36));
    var right = width - labelWidth - MARGIN, left = MARGIN;
    geometry = { left: left, right: right, lo: lo, hi: hi };
    function x(day) { return right - (day - lo) / (hi - lo) * (right - left); }
    function clampX(v) { return Math.max(left, Math.min(right, v)); }

    // edges: how many events lie before and after the window
    edges.hidden = false;
    edges.style.paddingRight = (labelWidth + MARGIN - 6) + "px";
    [[earlierBtn, outside.earlier, "أقدم", "▶ "], [laterBtn, outside.later, "أحدث", ""]].forEach(function (e) {
      var n = e[1].length, ext = extent(e[1]);
      e[0].hidden = !n;
      e[0].setAttribute("data-count", n);
      e[0].textContent = n ? (e[3] + counted(n, EVENT_FORMS) + " " + e[2] + (e[3] ? "" : " ◀")) : "";
      e[0].title = n ? "خارج الفترة المعروضة: " + isoOf(ext[0]) + " – " + isoOf(ext[1] - 1) + " · انقر لتوسيع الفترة" : "";
    });

    var t = ticks(lo, hi, right - left);
    // the axis
    var axis = svg("svg", { width: width, height: AXIS, viewBox: "0 0 " + width + " " + AXIS, "class": "axis",
      "aria-label": "محور الزمن", "data-level": t.level });
    if (view.mode !== "focus" && FOCUS) {  // where the focus window lies, when it is not the window
      var fa = clampX(x(FOCUS[0])), fb = clampX(x(FOCUS[1]));
      if (fa - fb > 1) axis.appendChild(svg("rect", { "class": "focus-band", x: fb, y: 0, width: fa - fb, height: AXIS, fill: "#fff8d6" }));
    }
    axis.appendChild(svg("line", { x1: left, x2: right, y1: AXIS - 3, y2: AXIS - 3, stroke: "#999" }));
    var majors = [];
    t.major.forEach(function (mj) {
      var a = Math.max(mj.from, lo), b = Math.min(mj.to, hi);
      if (b <= a) return;
      if (mj.from >= lo) axis.appendChild(svg("line", { x1: x(mj.from), x2: x(mj.from), y1: 2, y2: AXIS - 3, stroke: "#bbb" }));
      majors.push({ x: x(a) - 4, w: 7 * mj.text.length + 8, text: mj.text });
    });
    majors.forEach(function (mj, k) {
      var next = majors[k + 1];
      if (next && mj.x - mj.w < next.x + 4) return;  // a cut-off segment whose label would run into the next
      if (mj.x - mj.w < 0) return;  // or out of the drawing
      axis.appendChild(svg("text", { "class": "major", x: mj.x, y: 15, "text-anchor": "start", direction: "rtl",
        "font-size": 12, "font-weight": "bold", fill: "#333" }, mj.text));
    });
    var levelLabel = { day: "يوم", month: "شهر", year: "سنة" }[t.level];
    t.minor.forEach(function (mn) {
      var a = Math.max(mn.from, lo), b = Math.min(mn.to, hi);
      if (mn.from >= lo) axis.appendChild(svg("line", { x1: x(mn.from), x2: x(mn.from), y1: AXIS - 9, y2: AXIS - 3, stroke: "#999" }));
      var tx = mn.cell ? (x(a) + x(b)) / 2 : x(mn.from);
      if (tx < left - 2 || tx > right + 2) return;
      if (mn.cell && x(a) - x(b) < 14) return;
      axis.appendChild(svg("text", { "class": "minor", x: tx, y: 33, "text-anchor": "middle", direction: "rtl",
        "font-size": 11, fill: "#444", "data-unit": levelLabel }, mn.text));
      if (mn.sub) axis.appendChild(svg("text", { "class": "minor-sub", x: tx, y: 46, "text-anchor": "middle", direction: "rtl",
        "font-size": 10, fill: "#888" }, mn.sub));
    });
    axisBox.appendChild(axis);

    // the rows
    var height = inside.length * ROW + 8;
    var root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "list" });
    var grid = svg("g", { "class": "grid" });
    t.minor.forEach(function (mn) {
      if (mn.from > lo && mn.from < hi) grid.appendChild(svg("line", { x1: x(mn.from), x2: x(mn.from), y1: 0, y2: height, stroke: "#f0f0f0" }));
    });
    t.major.forEach(function (mj) {
      if (mj.from > lo && mj.from < hi) grid.appendChild(svg("line", { x1: x(mj.from), x2: x(mj.from), y1: 0, y2: height, stroke: "#d8d8d8" }));
    });
    root.appendChild(grid);
    inside.forEach(function (i, k) {
      var it = D.items[i];
      var y = k * ROW + ROW / 2 + 4;
      var colour = H.colourOf(it);
      var g = svg("g", { "class": "tl-event" + (i === selected ? " selected" : ""), "data-item": i, role: "listitem", tabindex: 0 });
      g.appendChild(svg("rect", { "class": "tl-bg", x: 0, y: y - ROW / 2, width: width, height: ROW, fill: "transparent" }));
      g.appendChild(svg("text", { x: width - 6, y: y + 5, direction: "rtl", "text-anchor": "start", "font-size": 13, fill: "#222" },
        fit(H.label(it), labelWidth - 12 - FLAGS)));
      rowFacts(i).flags.forEach(function (f, n) {
        var flag = svg("text", { "class": f[1], x: width - labelWidth + 4 + n * 15, y: y + 5, "font-size": 13, fill: f[2],
          "text-anchor": "start", direction: "ltr" }, f[0]);
        flag.appendChild(svg("title", {}, f[3]));
        g.appendChild(flag);
      });
      var a0 = dayNumber(it.start), b0 = dayNumber(it.end) + 1;
      var markLeft, markRight;
      if (it.start === it.end) {
        var cx = x(a0 + 0.5);
        g.appendChild(svg("circle", { cx: cx, cy: y, r: 6, fill: colour, stroke: "#333", "stroke-width": 1 }));
        markLeft = cx - 6; markRight = cx + 6;
      } else {
        var xa = x(a0), xb = x(b0);
        markRight = clampX(xa); markLeft = clampX(xb);
        if (markRight - markLeft < 8) { markLeft -= 4; markRight += 4; }
        g.appendChild(svg("rect", { x: markLeft, y: y - 6, width: markRight - markLeft, height: 12, rx: 4,
          fill: colour, "fill-opacity": 0.75, stroke: "#333", "stroke-width": 1 }));
        if (xa > right + 0.5) g.appendChild(svg("path", { "class": "cut", d: "M" + (right + 1) + " " + (y - 6) + " l7 6 l-7 6 z", fill: "#333" }));
        if (xb < left - 0.5) g.appendChild(svg("path", { "class": "cut", d: "M" + (left - 1) + " " + (y - 6) + " l-7 6 l7 6 z", fill: "#333" }));
      }
      var dateOnLeft = markLeft - left > right - markRight;
      g.appendChild(svg("text", { x: dateOnLeft ? markLeft - 6 : markRight + 6, y: y + 4, "font-size": 11, fill: "#666",
        "text-anchor": dateOnLeft ? "end" : "start", direction: "ltr" },
        it.start === it.end ? it.start : it.start + " → " + it.end));
      g.appendChild(svg("title", {}, rowFacts(i).tip));
      g.addEventListener("click", function () { if (!dragged) selectEvent(i); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") selectEvent(i); });
      root.appendChild(g);
    });
    rowsBox.appendChild(root);
    if (!inside.length) rowsBox.appendChild(H.el("p", { cls: "muted", text: "لا أحداث في هذه الفترة؛ وسّعها أو اعرض كل الفترة." }));
    var before = outsideList("outside-earlier", counted(outside.earlier.length, EVENT_FORMS) + " قبل الفترة المعروضة", outside.earlier);
    var after = outsideList("outside-later", counted(outside.later.length, EVENT_FORMS) + " بعد الفترة المعروضة", outside.later);
    if (before) outsideBox.appendChild(before);
    if (after) outsideBox.appendChild(after);
    windowText(inside.length);
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

  var pending = false;
  function scheduleDraw() {
    if (!ready || pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }

  // ---------------------------------------------------------------- zoom and pan by hand
  function dayAt(clientX) {
    var r = box.getBoundingClientRect(), px = clientX - r.left;
    if (!geometry) return undefined;
    px = Math.max(geometry.left, Math.min(geometry.right, px));
    return geometry.lo + (geometry.right - px) / (geometry.right - geometry.left) * (geometry.hi - geometry.lo);
  }

  box.addEventListener("wheel", function (ev) {
    if (!view || !geometry) return;
    var onAxis = headBox.contains(ev.target);
    if (!onAxis && !ev.ctrlKey) return;  // over the rows a plain wheel scrolls the list
    ev.preventDefault();
    var delta = ev.deltaY || ev.deltaX;
    if (!delta) return;
    zoom(Math.pow(1.0015, Math.max(-300, Math.min(300, delta))), dayAt(ev.clientX), true);
  }, { passive: false });

  var drag = null, dragged = false;
  box.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0 || !view || !geometry || !(headBox.contains(ev.target) || rowsBox.contains(ev.target))) return;
    if (ev.target.closest && ev.target.closest("button")) return;
    drag = { x: ev.clientX, lo: view.lo, hi: view.hi, moved: false };
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < 5) return;
    drag.moved = true;
    document.body.classList.add("panning");
    var perPx = (drag.hi - drag.lo) / (geometry.right - geometry.left);
    setView(drag.lo + dx * perPx, drag.hi + dx * perPx, "custom", true);  // content follows the pointer
  });
  window.addEventListener("pointerup", function () {
    if (!drag) return;
    dragged = drag.moved;
    drag = null;
    document.body.classList.remove("panning");
    setTimeout(function () { dragged = false; }, 0);  // the click that ends a drag selects nothing
  });

  $("zoom-focus").addEventListener("click", showFocus);
  $("zoom-all").addEventListener("click", showAll);
  $("zoom-in").addEventListener("click", function () { zoom(1 / 1.6); });
  $("zoom-out").addEventListener("click", function () { zoom(1.6); });
  $("pan-earlier").addEventListener("click", function () { if (view) pan(-(view.hi - view.lo) / 3); });
  $("pan-later").addEventListener("click", function () { if (view) pan((view.hi - view.lo) / 3); });
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "+" || ev.key === "=") { zoom(1 / 1.6); ev.preventDefault(); }
    else if (ev.key === "-" || ev.key === "_") { zoom(1.6); ev.preventDefault(); }
  });

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

  function fitToFilter() {  // from / to: the window follows the events they leave
    var e = extent(visible());
    if (e) { var p = padded(e[0], e[1]); setView(p[0], p[1], "custom"); }
    else render();
  }

  ["actor", "place"].forEach(function (id) { $(id).addEventListener("change", render); });
  ["from", "to"].forEach(function (id) { $(id).addEventListener("change", fitToFilter); });
  $("text").addEventListener("input", render);
  $("reset").addEventListener("click", function () {
    $("actor").value = ""; $("place").value = ""; $("text").value = ""; $("from").value = ""; $("to").value = "";
    setAllClasses(true);
    showFocus();
  });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 150);
  });

  window.HADATH = {
    select: selectEvent, visible: visible, zoom: zoom, pan: pan, showAll: showAll, showFocus: showFocus,
    view: function () {
      var wt = $("window-text");
      return view && { from: wt.getAttribute("data-from"), to: wt.getAttribute("data-to"), mode: view.mode,
        earlier: outside.earlier.length, later: outside.later.length };
    },
    setView: function (from, to) { setView(dayNumber(from), dayNumber(to) + 1, "custom"); },
  };
  var ready = false;
  showFocus();
  ready = true;
  render();
  document.body.setAttribute("data-ready", "1");
})();
