/* Hadath views under `kg serve`: page through the whole store, filters run as SPARQL there.
 *
 * Opened as a file, a page's `hadath-endpoint` meta is empty and its Content-Security-Policy says
 * connect-src 'none': this script does nothing and the page shows its sample. `kg serve` names its
 * endpoint in that meta and allows connect-src 'self' (kg/views/page.py served_page): the page
 * then gets a section listing *all* events, actors or places of the store, page by page, ordered
 * by date (events) or by number of events (actors, places), with filters (time, class, actor,
 * place, text) sent as SPARQL to that same-origin endpoint.
 *
 * Queries are built here from the user's filters: text only as SPARQL string literals (lit():
 * backslash, quotes and line breaks escaped, other control characters dropped), dates only as
 * YYYY-MM-DD, classes only from the ontology's list, IRIs only as the store gave them and only
 * when they hold no character that could end an IRI reference; every query has a LIMIT. The
 * server checks them again (kg/sparql_guard.py) and runs them read-only.
 * Everything the store returns is untrusted: it goes into the page with textContent only.
 */
"use strict";

(function () {
  var H = Hadath, D = H.DATA;
  var meta = document.querySelector('meta[name="hadath-endpoint"]');
  var ENDPOINT = meta ? meta.getAttribute("content") : "";
  if (!ENDPOINT || !/^[a-z]+$/.test(ENDPOINT) || !/^https?:$/.test(location.protocol)) return;

  var CLASSES = D.eventClasses || {};
  var size = parseInt(new URLSearchParams(location.search).get("pagesize") || "500", 10);
  var PAGE = Math.min(1000, Math.max(5, isNaN(size) ? 500 : size));
  var MAX_PARTNERS = 100, MAX_EVIDENCE = 20;
  var TABS = {
    events: { ar: "الأحداث", noun: ["حدثًا", "events"] },
    actors: { ar: "الفاعلون", noun: ["فاعلًا", "actors"] },
    places: { ar: "الأماكن", noun: ["مكانًا", "places"] },
  };
  var first = document.body.getAttribute("data-store-tab")
    || (D.actors ? "actors" : D.map ? "places" : "events");
  var state = { tab: TABS[first] ? first : "events", page: 0, pages: 1, count: 0, totals: {}, filters: {}, token: 0 };

  // ---------------------------------------------------------------- SPARQL text
  function lit(s) {
    return '"' + String(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\"']/g, function (c) {
      return { "\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t" }[c] || " ";
    }) + '"';
  }
  function iri(s) {
    return /^https?:\/\/[^\u0000-\u0020<>"{}|^`\\]+$/.test(String(s)) ? "<" + s + ">" : null;
  }
  function day(s) {
    return /^\d{4}-\d{2}-\d{2}$/.test(s) ? lit(s) + "^^xsd:date" : null;
  }
  function cls(c) {
    return Object.prototype.hasOwnProperty.call(CLASSES, c) && /^[A-Za-z][A-Za-z0-9_]*$/.test(c) ? "hd:" + c : null;
  }
  /* The search form of a text, as the graph's skos:hiddenLabel holds it (kg/text/normalize.py):
   * no diacritics, tatweel or invisible marks, one alef, ya for alef maqsura, ha for ta marbuta,
   * hamza seats, Western digits, lower case. A filter matches a label that contains the text as
   * typed or its search form: no per-label regex on the server (REPLACE over every label of a
   * large store runs past the time limit). */
  function norm(s) {
    return String(s || "").replace(/[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
      .replace(/[أإآٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه").replace(/ؤ/g, "و").replace(/ئ/g, "ي")
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[۰-۹]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); })
      .toLowerCase().replace(/\s+/g, " ").trim().slice(0, 200);
  }
  function matches(v, text) {
    var raw = String(text || "").replace(/\s+/g, " ").trim().slice(0, 200), n = norm(text);
    return "FILTER(CONTAINS(STR(" + v + "), " + lit(raw) + ")" + (n !== raw ? " || CONTAINS(STR(" + v + "), " + lit(n) + ")" : "") + ")";
  }
  var LABELS = "skos:prefLabel|skos:altLabel|skos:hiddenLabel|rdfs:label";
  /* The nodes one of whose labels matches: a sub-select that scans the labels once. */
  function labelled(v, text) {
    return "{ SELECT DISTINCT " + v + " WHERE { " + v + " " + LABELS + " " + v + "_l . " + matches(v + "_l", text) + " } }";
  }

  /* The graph pattern of the events the filters keep, on ?e, with ?lo and ?hi their first and
   * last possible day when `dates` (or a time filter) asks for them. `skip` leaves one filter out
   * (the actors list filters actors itself); `also` are triples joined first (the selective ones
   * come before the OPTIONALs, where the engine can order them). */
  function eventPattern(skip, also, dates) {
    var f = state.filters, p = [];
    if (skip !== "actor" && !(f.actorIri && iri(f.actorIri)) && norm(f.actor)) p.push(labelled("?fa", f.actor), "?e sem:hasActor ?fa .");
    if (skip !== "place" && !(f.placeIri && iri(f.placeIri)) && norm(f.place)) {
      p.push("{ SELECT DISTINCT ?fp WHERE { " + labelled("?fx", f.place) + " ?fp hd:partOf* ?fx . } }", "?e sem:hasPlace ?fp .");
    }
    if (norm(f.text)) {
      p.push("{ SELECT DISTINCT ?e WHERE { { " + labelled("?e", f.text) + " } UNION { " + labelled("?fo", f.text)
        + " ?e sem:hasActor|sem:hasPlace ?fo . } } }");
    }
    if (f.cls && cls(f.cls)) p.push("?e a " + cls(f.cls) + " .");
    if (skip !== "actor" && f.actorIri && iri(f.actorIri)) p.push("?e sem:hasActor " + iri(f.actorIri) + " .");
    if (skip !== "place" && f.placeIri && iri(f.placeIri)) p.push("?e sem:hasPlace/hd:partOf* " + iri(f.placeIri) + " .");
    p = p.concat(also || [], ["?e a hd:Event ."]);
    if (dates || day(f.from) || day(f.to)) {
      p.push("OPTIONAL { ?e sem:hasTimeStamp ?ts } OPTIONAL { ?e sem:hasEarliestBeginTimeStamp ?eb }",
             "OPTIONAL { ?e sem:hasLatestEndTimeStamp ?le }",
             "BIND(COALESCE(?ts, ?eb, ?le) AS ?lo) BIND(COALESCE(?ts, ?le, ?eb) AS ?hi)",
             "BIND(COALESCE(?lo, \"9999-12-31\"^^xsd:date) AS ?k)");
    }
    if (day(f.from)) p.push("FILTER(BOUND(?hi) && ?hi >= " + day(f.from) + ")");
    if (day(f.to)) p.push("FILTER(BOUND(?lo) && ?lo <= " + day(f.to) + ")");
    return p.join("\n  ");
  }
  function labelOf(v, out) {
    return "OPTIONAL { " + v + " skos:prefLabel " + out + "_ar FILTER(LANG(" + out + "_ar) = \"ar\") }\n  "
      + "OPTIONAL { " + v + " skos:prefLabel|rdfs:label " + out + "_any }";
  }

  var QUERIES = {
    events: {
      count: function () { return "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {\n  " + eventPattern() + "\n}"; },
      page: function (offset) {
        /* by first possible day, the undated last; within a day in the store's order (a tie-break on
         * the IRI makes the sort 3-4 times slower on 40,000 events, and the order is the same on every
         * page: one query plan over one read-only store) */
        return "SELECT ?e (?lo AS ?first) (?hi AS ?last) WHERE {\n  " + eventPattern("", [], true)
          + "\n} ORDER BY ?k LIMIT " + PAGE + " OFFSET " + offset;
      },
    },
    actors: {
      count: function () {
        return "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {\n  " + eventPattern("actor", ["?e sem:hasActor ?a ."])
          + actorText() + "\n}";
      },
      page: function (offset) {
        return "SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE {\n  " + eventPattern("actor", ["?e sem:hasActor ?a ."])
          + actorText() + "\n} GROUP BY ?a ORDER BY DESC(?n) ?a LIMIT " + PAGE + " OFFSET " + offset;
      },
    },
    places: {
      count: function () {
        return "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {\n  " + eventPattern("place", ["?e sem:hasPlace ?p ."])
          + placeText() + "\n}";
      },
      page: function (offset) {
        return "SELECT ?p (COUNT(DISTINCT ?e) AS ?n) WHERE {\n  " + eventPattern("place", ["?e sem:hasPlace ?p ."])
          + placeText() + "\n} GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT " + PAGE + " OFFSET " + offset;
      },
    },
  };
  function actorText() {
    var f = state.filters;
    if (f.actorIri && iri(f.actorIri)) return "\n  FILTER(?a = " + iri(f.actorIri) + ")";
    return norm(f.actor) ? "\n  FILTER EXISTS { ?a " + LABELS + " ?al . " + matches("?al", f.actor) + " }" : "";
  }
  function placeText() {
    var f = state.filters;
    if (f.placeIri && iri(f.placeIri)) return "\n  ?p hd:partOf* " + iri(f.placeIri) + " .";
    return norm(f.place) ? "\n  FILTER EXISTS { ?p " + LABELS + " ?pl . " + matches("?pl", f.place) + " }" : "";
  }
  function values(v, iris) {
    return "VALUES " + v + " { " + iris.map(iri).filter(Boolean).join(" ") + " }";
  }

  // ---------------------------------------------------------------- the endpoint
  function sparql(query) {
    return fetch(ENDPOINT, {
      method: "POST", body: query, credentials: "same-origin", cache: "no-store", redirect: "error",
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" },
    }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + " " + String(t).slice(0, 300)); });
      return r.json();
    }).then(function (j) { return (j.results && j.results.bindings) || []; });
  }
  function v(row, name) { return row[name] ? String(row[name].value) : ""; }
  function int(row, name) { var n = parseInt(v(row, name), 10); return isNaN(n) ? 0 : n; }

  /* Labels (Arabic first) of some IRIs: {iri: label}. */
  function labels(iris) {
    if (!iris.length) return Promise.resolve({});
    return sparql("SELECT ?x (SAMPLE(?x_ar) AS ?ar) (SAMPLE(?x_any) AS ?any) WHERE {\n  " + values("?x", iris) + "\n  "
      + labelOf("?x", "?x") + "\n} GROUP BY ?x LIMIT " + (iris.length + 1)).then(function (rows) {
      var out = {};
      rows.forEach(function (r) { out[v(r, "x")] = v(r, "ar") || v(r, "any"); });
      return out;
    });
  }

  /* Per event: its types and title, and its participants and places with their roles. */
  function eventDetails(iris) {
    if (!iris.length) return Promise.resolve({});
    var q1 = "SELECT ?e (GROUP_CONCAT(DISTINCT STR(?t); separator=\" \") AS ?types) (SAMPLE(?e_ar) AS ?ar) (SAMPLE(?e_any) AS ?any) WHERE {\n  "
      + values("?e", iris) + "\n  ?e a ?t .\n  " + labelOf("?e", "?e") + "\n} GROUP BY ?e LIMIT " + (iris.length + 1);
    var q2 = "SELECT ?e ?r ?o (SAMPLE(?o_ar) AS ?ar) (SAMPLE(?o_any) AS ?any) WHERE {\n  " + values("?e", iris)
      + "\n  ?e ?r ?o . FILTER(?r IN (hd:agent, hd:target, hd:speaker, sem:hasActor, sem:hasPlace))\n  "
      + labelOf("?o", "?o") + "\n} GROUP BY ?e ?r ?o LIMIT " + Math.min(iris.length * 40, 10000);
    return Promise.all([sparql(q1), sparql(q2)]).then(function (res) {
      var out = {};
      iris.forEach(function (e) { out[e] = { cls: "Event", title: "", roles: [] }; });
      res[0].forEach(function (r) {
        var d = out[v(r, "e")];
        if (!d) return;
        d.title = v(r, "ar") || v(r, "any");
        d.cls = specific(v(r, "types").split(" "));
      });
      res[1].forEach(function (r) {
        var d = out[v(r, "e")];
        if (d) d.roles.push({ role: v(r, "r").replace(/^.*[#\/]/, ""), iri: v(r, "o"), label: v(r, "ar") || v(r, "any") });
      });
      return out;
    });
  }
  function depth(c) {
    var n = 0;
    while (CLASSES[c] && CLASSES[c].parent && n < 20) { c = CLASSES[c].parent; n++; }
    return n;
  }
  function specific(types) {
    var best = "Event";
    types.forEach(function (t) {
      var m = /^https:\/\/w3id\.org\/hadath\/ontology#([A-Za-z0-9_]+)$/.exec(t);
      if (m && CLASSES[m[1]] && depth(m[1]) > depth(best)) best = m[1];
    });
    return best;
  }
  function classAr(c) { return CLASSES[c] ? CLASSES[c].ar : c; }

  // ---------------------------------------------------------------- the section
  var el = H.el, LRI = "\u2066", PDI = "\u2069";
  function dayText(a, b) {
    if (!a) return "بلا تاريخ";
    return a === b || !b ? LRI + a + PDI : LRI + a + PDI + " ← " + LRI + b + PDI;
  }
  function fmt(n) { return Number(n).toLocaleString("en-US"); }
  function input(id, type, label, attrs) {
    var i = el("input", { attrs: Object.assign({ id: id, type: type, autocomplete: "off" }, attrs || {}) });
    return el("label", {}, [label + " ", i]);
  }

  var classSelect = el("select", { attrs: { id: "sf-class", dir: "rtl" } }, [el("option", { text: "كل الأصناف", attrs: { value: "" } })]);
  Object.keys(CLASSES).sort(function (a, b) { return classAr(a) < classAr(b) ? -1 : classAr(a) > classAr(b) ? 1 : 0; })
    .forEach(function (c) { classSelect.appendChild(el("option", { text: classAr(c), attrs: { value: c } })); });
  var tabs = el("span", { cls: "store-tabs", attrs: { role: "tablist" } });
  Object.keys(TABS).forEach(function (t) {
    var b = el("button", { text: TABS[t].ar, attrs: { type: "button", role: "tab", "data-tab": t, id: "store-tab-" + t } });
    b.addEventListener("click", function () { state.tab = t; state.page = 0; load(); });
    tabs.appendChild(b);
  });
  var chips = el("span", { attrs: { id: "store-chips" } });
  var form = el("form", { attrs: { id: "store-filters" } }, [
    input("sf-from", "date", "من", { dir: "ltr" }), input("sf-to", "date", "إلى", { dir: "ltr" }),
    el("label", {}, ["الصنف ", classSelect]),
    input("sf-actor", "search", "الفاعل", { dir: "rtl", maxlength: "200" }),
    input("sf-place", "search", "المكان", { dir: "rtl", maxlength: "200" }),
    input("sf-text", "search", "نص", { dir: "rtl", maxlength: "200" }),
    el("button", { text: "تصفية", attrs: { type: "submit", id: "sf-apply" } }),
    el("button", { text: "إعادة الضبط", attrs: { type: "button", id: "sf-reset" } }), chips,
  ]);
  var prev = el("button", { text: "السابقة", attrs: { type: "button", id: "store-prev" } });
  var next = el("button", { text: "التالية", attrs: { type: "button", id: "store-next" } });
  var firstB = el("button", { text: "الأولى", attrs: { type: "button", id: "store-first" } });
  var lastB = el("button", { text: "الأخيرة", attrs: { type: "button", id: "store-last" } });
  var pageText = el("span", { attrs: { id: "store-page", "aria-live": "polite" } });
  var error = el("p", { attrs: { id: "store-error", role: "alert" } });
  var rows = el("ol", { attrs: { id: "store-rows" } });
  var detail = el("div", { attrs: { id: "store-detail", "aria-live": "polite" } });
  var hide = el("button", { text: "إخفاء", attrs: { type: "button", id: "store-hide", "aria-expanded": "true" } });
  var body = el("div", { cls: "store-body" }, [rows, detail]);
  var section = el("section", { attrs: { id: "store", dir: "rtl", "data-state": "loading", "aria-label": "المخزن كله" } }, [
    el("div", { cls: "store-bar" }, [el("strong", { text: "كل ما في المخزن (kg serve)" }), tabs, firstB, prev, pageText, next, lastB, hide]),
    form, error, body,
  ]);
  var scope = document.getElementById("scope");
  (scope || document.body.firstChild).parentNode.insertBefore(section, scope ? scope.nextSibling : document.body.firstChild);
  var sampleText = scope ? scope.textContent : "";
  if (scope) scope.title = sampleText;

  function $(id) { return document.getElementById(id); }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = state.filters;
    f.from = $("sf-from").value; f.to = $("sf-to").value; f.cls = classSelect.value;
    if ($("sf-actor").value !== (f.actor || "")) f.actorIri = "";
    if ($("sf-place").value !== (f.place || "")) f.placeIri = "";
    f.actor = $("sf-actor").value; f.place = $("sf-place").value; f.text = $("sf-text").value;
    state.page = 0;
    load();
  });
  $("sf-reset").addEventListener("click", function () {
    form.reset(); state.filters = {}; state.page = 0; load();
  });
  prev.addEventListener("click", function () { if (state.page > 0) { state.page--; load(); } });
  next.addEventListener("click", function () { if (state.page + 1 < state.pages) { state.page++; load(); } });
  firstB.addEventListener("click", function () { state.page = 0; load(); });
  lastB.addEventListener("click", function () { state.page = Math.max(0, state.pages - 1); load(); });
  hide.addEventListener("click", function () {
    var shown = body.style.display !== "none";
    body.style.display = form.style.display = shown ? "none" : "";
    hide.textContent = shown ? "إظهار" : "إخفاء";
    hide.setAttribute("aria-expanded", shown ? "false" : "true");
  });

  /* Filter on one actor or place (an IRI of the store), from a row or a panel. */
  function pick(kind, id, name) {
    var f = state.filters;
    f[kind + "Iri"] = id; f[kind] = name;
    $("sf-" + kind).value = name;
    state.tab = "events"; state.page = 0;
    load();
  }
  function pickButton(kind, id, name, extra) {
    var b = el("button", { cls: "store-pick", attrs: { type: "button", "data-iri": id } }, [el("bdi", { text: name || id })]);
    if (extra) b.appendChild(el("span", { cls: "muted", text: " " + extra }));
    b.addEventListener("click", function () { pick(kind, id, name || id); });
    return b;
  }
  function renderChips() {
    H.clear(chips);
    ["actor", "place"].forEach(function (k) {
      var f = state.filters;
      if (!f[k + "Iri"]) return;
      var x = el("button", { text: "✕", attrs: { type: "button", "aria-label": "إلغاء" } });
      x.addEventListener("click", function () { f[k + "Iri"] = ""; f[k] = ""; $("sf-" + k).value = ""; state.page = 0; load(); });
      chips.appendChild(el("span", { cls: "chip", attrs: { "data-kind": k } }, [el("bdi", { text: f[k] }), " ", x]));
    });
  }

  function banner() {
    var t = TABS[state.tab], total = state.totals[state.tab], count = state.count;
    var filtered = count !== total;
    var text = "صفحة " + fmt(state.page + 1) + " من " + fmt(state.pages) + " — كل " + fmt(total) + " " + t.noun[0] + " من المخزن"
      + (filtered ? "، " + fmt(count) + " منها تطابق التصفية" : "")
      + " (page " + fmt(state.page + 1) + " of " + fmt(state.pages) + " — all " + fmt(total) + " " + t.noun[1] + " from the store"
      + (filtered ? ", " + fmt(count) + " match the filters" : "") + "). الرسم أدناه عيّنة الصفحة.";
    pageText.textContent = fmt(state.page + 1) + " / " + fmt(state.pages);
    if (scope) {
      scope.textContent = text;
      scope.className = "store";
      scope.setAttribute("data-page", state.page + 1);
      scope.setAttribute("data-pages", state.pages);
      scope.setAttribute("data-store-total", total);
      scope.setAttribute("data-store-count", count);
      scope.setAttribute("data-store-tab", state.tab);
    }
    prev.disabled = firstB.disabled = state.page === 0;
    next.disabled = lastB.disabled = state.page + 1 >= state.pages;
    Array.prototype.forEach.call(tabs.children, function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-tab") === state.tab ? "true" : "false");
    });
  }

  function unfiltered(build) {
    var saved = state.filters;
    state.filters = {};
    try { return build(); } finally { state.filters = saved; }
  }

  function load() {
    var token = ++state.token, tab = state.tab, q = QUERIES[tab];
    section.setAttribute("data-state", "loading");
    error.textContent = "";
    renderChips();
    var totals = state.totals[tab] !== undefined ? Promise.resolve(state.totals[tab])
      : sparql(unfiltered(q.count)).then(function (r) { return r.length ? int(r[0], "n") : 0; });
    var active = Object.keys(state.filters).some(function (k) { return state.filters[k]; });
    return totals.then(function (total) {
      state.totals[tab] = total;
      return active ? sparql(q.count()) : [{ n: { value: String(total) } }];
    }).then(function (r) {
      if (token !== state.token) return null;
      state.count = r.length ? int(r[0], "n") : 0;
      state.pages = Math.max(1, Math.ceil(state.count / PAGE));
      if (state.page >= state.pages) state.page = state.pages - 1;
      return sparql(q.page(state.page * PAGE));
    }).then(function (page) {
      if (!page || token !== state.token) return null;
      return (tab === "events" ? showEvents : showEntities)(page, tab, token);
    }).then(function () {
      if (token !== state.token) return;
      banner();
      section.setAttribute("data-state", "ready");
    }).catch(function (err) {
      if (token !== state.token) return;
      error.textContent = "تعذّر الاستعلام من المخزن (the store query failed): " + String(err && err.message || err).slice(0, 300);
      section.setAttribute("data-state", "error");
    });
  }

  function showEvents(page, tab, token) {
    var iris = page.map(function (r) { return v(r, "e"); }).filter(function (e) { return iri(e); });
    return eventDetails(iris).then(function (details) {
      if (token !== state.token) return;
      H.clear(rows); H.clear(detail);
      rows.setAttribute("start", state.page * PAGE + 1);
      var shown = {};
      page.forEach(function (r) {
        var e = v(r, "e"), d = details[e];
        if (!d || shown[e]) return;  // an event with two time stamps comes twice
        shown[e] = true;
        var who = d.roles.filter(function (x) { return x.role === "agent" || x.role === "speaker"; }).map(function (x) { return x.label; });
        var where = d.roles.filter(function (x) { return x.role === "hasPlace"; }).map(function (x) { return x.label; });
        var b = el("button", { cls: "store-event", attrs: { type: "button" } }, [
          el("span", { cls: "store-date", text: dayText(v(r, "first"), v(r, "last")) }), " ",
          el("span", { cls: "store-cls", text: classAr(d.cls) }), " ",
          el("bdi", { cls: "store-title", text: d.title || e }),
          who.length ? el("span", { cls: "muted", text: " — " + who.slice(0, 3).join("، ") }) : null,
          where.length ? el("span", { cls: "muted", text: " — " + where.slice(0, 2).join("، ") }) : null,
        ]);
        b.addEventListener("click", function () { showEvent(e, d, v(r, "first"), v(r, "last")); });
        rows.appendChild(el("li", { attrs: { "data-iri": e, "data-first": v(r, "first") } }, [b]));
      });
    });
  }

  function showEntities(page, tab, token) {
    var key = tab === "actors" ? "a" : "p";
    var iris = page.map(function (r) { return v(r, key); }).filter(function (x) { return iri(x); });
    var geo = tab === "places" && H.mapOverlay ? sparql("SELECT ?p (SAMPLE(?w) AS ?wkt) WHERE {\n  " + values("?p", iris)
      + "\n  ?p geo:hasGeometry/geo:asWKT ?w .\n} GROUP BY ?p LIMIT " + (iris.length + 1)) : Promise.resolve([]);
    return Promise.all([labels(iris), geo]).then(function (res) {
      if (token !== state.token) return;
      var names = res[0];
      H.clear(rows); H.clear(detail);
      rows.setAttribute("start", state.page * PAGE + 1);
      page.forEach(function (r) {
        var x = v(r, key);
        if (!iri(x)) return;
        var b = el("button", { cls: "store-entity", attrs: { type: "button" } }, [
          el("bdi", { cls: "store-title", text: names[x] || x }), el("span", { cls: "muted", text: " (" + fmt(int(r, "n")) + ")" })]);
        b.addEventListener("click", function () {
          if (tab === "actors") showActor(x, names[x] || x); else pick("place", x, names[x] || x);
        });
        rows.appendChild(el("li", { attrs: { "data-iri": x, "data-events": int(r, "n") } }, [b]));
      });
      if (tab === "places" && H.mapOverlay) drawPlaces(page, names, res[1]);
    });
  }

  function showEvent(e, d, a, b) {
    H.clear(detail);
    detail.appendChild(el("h3", {}, [el("bdi", { text: d.title || e })]));
    detail.appendChild(el("p", { text: classAr(d.cls) + " · " + dayText(a, b) }));
    var byRole = { agent: "الفاعل", target: "المستهدف", speaker: "المتحدث", hasActor: "مشارك", hasPlace: "المكان" };
    var list = el("ul", { cls: "store-roles" });
    var seen = {};
    ["agent", "target", "speaker", "hasPlace", "hasActor"].forEach(function (role) {
      d.roles.filter(function (x) { return x.role === role && !seen[x.iri]; }).forEach(function (x) {
        seen[x.iri] = true;
        list.appendChild(el("li", {}, [byRole[role] + ": ", pickButton(role === "hasPlace" ? "place" : "actor", x.iri, x.label)]));
      });
    });
    detail.appendChild(list);
    detail.appendChild(el("p", { cls: "iri", text: e }));
    var target = iri(e);
    if (!target) return;
    var evidence = el("ol", { cls: "evidence" });
    detail.appendChild(el("h3", { text: "الأدلة" }));
    detail.appendChild(evidence);
    sparql("SELECT ?doc ?date ?anchor ?before ?after WHERE {\n  " + target + " gaf:denotedBy ?s .\n"
      + "  ?s nif:anchorOf ?anchor ; nif:beginIndex ?b ; nif:endIndex ?n ; nif:referenceContext ?d .\n"
      + "  OPTIONAL { ?d schema:identifier ?doc } OPTIONAL { ?d schema:datePublished ?date }\n"
      + "  OPTIONAL { ?d nif:isString ?text . BIND(IF(?b > 160, ?b - 159, 1) AS ?from)\n"
      + "    BIND(SUBSTR(?text, ?from, ?b + 1 - ?from) AS ?before) BIND(SUBSTR(?text, ?n + 1, 160) AS ?after) }\n"
      + "} ORDER BY ?doc ?b LIMIT " + MAX_EVIDENCE).then(function (found) {
      found.forEach(function (r) {
        var quote = el("blockquote", { dir: "rtl" }, [v(r, "before"), el("mark", { text: v(r, "anchor") }), v(r, "after")]);
        evidence.appendChild(el("li", {}, [quote, el("div", { cls: "source" }, [
          el("bdi", { cls: "article-id", text: v(r, "doc") }), v(r, "date") ? " · " : "", el("bdi", { text: v(r, "date") })])]));
      });
    }).catch(function (err) { error.textContent = String(err && err.message || err).slice(0, 300); });
  }

  /* An actor from the store: who shares its events (the actor network around it, all of it). */
  function showActor(a, name) {
    H.clear(detail);
    var target = iri(a);
    if (!target) return;
    var events = el("button", { text: "أحداثه", attrs: { type: "button", id: "store-actor-events" } });
    events.addEventListener("click", function () { pick("actor", a, name); });
    detail.appendChild(el("h3", {}, [el("bdi", { text: name })]));
    detail.appendChild(events);
    var list = el("ol", { cls: "store-partners" });
    detail.appendChild(el("h4", { text: "يشترك في أحداثه (against: فاعل ← مستهدف)" }));
    detail.appendChild(list);
    var pattern = eventPattern("actor", ["?e sem:hasActor " + target + " , ?b ."]);
    sparql("SELECT ?b (COUNT(DISTINCT ?e) AS ?n) (COUNT(DISTINCT ?against) AS ?k) WHERE {\n  " + pattern
      + "\n  FILTER(?b != " + target + ")\n  OPTIONAL { ?e hd:agent " + target + " ; hd:target ?b . BIND(?e AS ?against) }\n"
      + "} GROUP BY ?b ORDER BY DESC(?n) ?b LIMIT " + MAX_PARTNERS).then(function (found) {
      var iris = found.map(function (r) { return v(r, "b"); }).filter(function (x) { return iri(x); });
      return labels(iris).then(function (names) {
        found.forEach(function (r) {
          var b = v(r, "b");
          if (!iri(b)) return;
          var extra = "(" + fmt(int(r, "n")) + (int(r, "k") ? "، ضده: " + fmt(int(r, "k")) : "") + ")";
          list.appendChild(el("li", { attrs: { "data-iri": b } }, [pickButton("actor", b, names[b], extra)]));
        });
      });
    }).catch(function (err) { error.textContent = String(err && err.message || err).slice(0, 300); });
  }

  /* The map page: this page of places, drawn over the sample's, where the store has a point. */
  function drawPlaces(page, names, geo) {
    var M = H.mapOverlay, g = M.layer;
    M.layer.parentNode.classList.add("store-on");
    while (g.firstChild) g.removeChild(g.firstChild);
    var points = {};
    geo.forEach(function (r) {
      var m = /POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)/i.exec(v(r, "wkt"));
      if (m) points[v(r, "p")] = [parseFloat(m[1]), parseFloat(m[2])];
    });
    var u = M.unit();
    page.forEach(function (r) {
      var p = v(r, "p"), pt = points[p];
      if (!pt || !isFinite(pt[0]) || !isFinite(pt[1]) || Math.abs(pt[0]) > 180 || Math.abs(pt[1]) > 90) return;
      var n = int(r, "n");
      var c = M.svg("circle", { cx: M.px(pt[0]), cy: M.py(pt[1]), r: ((3 + 1.2 * Math.sqrt(n)) * u).toFixed(2),
        "class": "store-place", tabindex: "0", "data-iri": p, "data-events": n });
      var t = M.svg("title"); t.textContent = (names[p] || p) + " — " + n; c.appendChild(t);
      c.addEventListener("click", function () { pick("place", p, names[p] || p); });
      g.appendChild(c);
    });
  }

  load();
})();
