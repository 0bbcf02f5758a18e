/* Hadath views: helpers shared by graph.html and timeline.html.
 *
 * Every string from the graph is untrusted. It is only ever put into the page with
 * textContent / createTextNode, and URLs only through safeUrl() (http and https).
 * Never use innerHTML with data here.
 */
"use strict";

var Hadath = (function () {
  var DATA = JSON.parse(document.getElementById("hadath-data").textContent);

  // ---------------------------------------------------------------- DOM
  function el(tag, opts, children) {
    var node = document.createElement(tag);
    opts = opts || {};
    if (opts.cls) node.className = opts.cls;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    if (opts.dir) node.dir = opts.dir;
    if (opts.title) node.title = String(opts.title);
    if (opts.attrs) {
      Object.keys(opts.attrs).forEach(function (k) { node.setAttribute(k, String(opts.attrs[k])); });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function safeUrl(url) {
    return /^https?:\/\/[^\s]+$/i.test(String(url || "")) ? String(url) : null;
  }

  function extLink(url, text) {
    var safe = safeUrl(url);
    if (!safe) return el("span", { text: text || url, dir: "ltr" });
    var a = el("a", { text: text || safe, dir: "ltr" });
    a.href = safe;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // ---------------------------------------------------------------- text
  var DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  var PUNCT = /[«»"'“”‘’()\[\]{}.,،؛:!?؟+\-–—\/\\&|_]/g;

  /* Search form of a string: no diacritics or tatweel, one alef, ya for alef maqsura,
   * ha for ta marbuta, lower case, single spaces. */
  function norm(s) {
    return String(s || "")
      .normalize("NFKC")
      .replace(DIACRITICS, "")
      .replace(/[أإآٱ]/g, "ا")
      .replace(/ى/g, "ي")
      .replace(/ة/g, "ه")
      .replace(/ؤ/g, "و")
      .replace(/ئ/g, "ي")
      .toLowerCase()
      .replace(PUNCT, " ")
      .replace(/\s+/g, " ")
      .trim();
  }

  function label(item) {
    if (!item) return "";
    return item.ar || item.en || (item.alt && item.alt[0]) || item.iri;
  }

  function shortLabel(item, max) {
    var s = label(item);
    max = max || 32;
    return s.length > max ? s.slice(0, max - 1) + "…" : s;
  }

  function classLabel(cls) {
    var c = DATA.classes[cls];
    return c ? c.ar : cls;
  }

  function dateText(item) {
    if (item.date) return item.date;
    if (item.start && item.end) return item.start === item.end ? item.start : item.start + " ← " + item.end;
    return "بلا تاريخ";
  }

  function figureText(item) {
    var parts = [];
    if (item.approx && item.approx !== "exact" && item.approxAr) parts.push(item.approxAr);
    parts.push(item.value || "?");
    if (item.unit === "percent" || item.unit === "%") parts.push("%");
    else if (item.unit) parts.push(item.unit);
    if (item.measureAr) parts.push(item.measureAr);
    return parts.join(" ");
  }

  /* All the forms a user may type for an item: labels in every language, alt and hidden labels. */
  function searchForms(item) {
    var forms = [item.ar, item.en].concat(item.alt || [], item.hidden || []);
    var out = [];
    forms.forEach(function (f) {
      var n = norm(f);
      if (n && out.indexOf(n) < 0) out.push(n);
    });
    return out;
  }

  // ---------------------------------------------------------------- graph indexes
  var OUT = {}, IN = {};
  DATA.links.forEach(function (l) {
    (OUT[l[0]] = OUT[l[0]] || []).push(l);
    (IN[l[1]] = IN[l[1]] || []).push(l);
  });

  function outLinks(i, kinds) {
    return (OUT[i] || []).filter(function (l) { return !kinds || kinds.indexOf(l[2]) >= 0; });
  }

  function inLinks(i, kinds) {
    return (IN[i] || []).filter(function (l) { return !kinds || kinds.indexOf(l[2]) >= 0; });
  }

  function linkKind(kind) {
    var k = DATA.linkKinds[kind];
    return k ? k.ar : kind;
  }

  function byDateThenLabel(a, b) {
    var ia = DATA.items[a], ib = DATA.items[b];
    var da = ia.start || "9999", db = ib.start || "9999";
    if (da !== db) return da < db ? -1 : 1;
    var la = label(ia), lb = label(ib);
    return la < lb ? -1 : la > lb ? 1 : a - b;
  }

  // ---------------------------------------------------------------- panel
  /* ctx.select(i): what clicking a reference to item i does. */
  function itemButton(i, ctx, extra) {
    var item = DATA.items[i];
    var b = el("button", { cls: "ref", attrs: { type: "button", "data-item": i } }, [
      el("span", { cls: "swatch", attrs: { style: "background:" + colourOf(item) } }),
      el("bdi", { text: label(item) }),
      extra ? el("span", { cls: "muted", text: " " + extra }) : null,
    ]);
    b.addEventListener("click", function () { ctx.select(i); });
    return b;
  }

  function colourOf(item) {
    var c = DATA.classes[item.cls];
    return c && /^#[0-9a-f]{3,8}$/i.test(c.color) ? c.color : "#888";
  }

  function section(title, children) {
    if (!children.length) return null;
    return el("section", {}, [el("h3", { text: title })].concat(children));
  }

  function row(name, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("div", { cls: "row" }, [el("span", { cls: "key", text: name + ": " }),
      typeof value === "string" ? el("bdi", { text: value }) : value]);
  }

  function renderEvidence(spanIdxs) {
    var list = el("ol", { cls: "evidence" });
    spanIdxs.forEach(function (s) {
      var sp = DATA.spans[s];
      if (!sp) return;
      var art = DATA.articles[sp[0]] || {};
      var parts = [el("bdi", { cls: "article-id", text: sp[0] })];
      if (art.date) parts.push(" · ", el("bdi", { cls: "article-date", text: art.date }));
      if (art.publisher) parts.push(" · ", el("bdi", { cls: "publisher", text: art.publisher }));
      if (art.title) parts.push(el("div", { cls: "article-title" }, [el("bdi", { text: art.title })]));
      var meta = el("div", { cls: "source" }, parts);
      var quote = el("blockquote", { dir: "rtl" }, [sp[3], el("mark", { text: sp[4] }), sp[5]]);
      list.appendChild(el("li", {}, [quote, meta]));
    });
    return list;
  }

  function sourcesOf(f) {
    var item = DATA.items[f];
    var srcs = outLinks(f, ["source"]).map(function (l) { return l[1]; });
    return { items: srcs, text: item.sourceText || [] };
  }

  function sourceNodes(f, ctx) {
    var s = sourcesOf(f);
    var nodes = s.items.map(function (i) { return itemButton(i, ctx); });
    s.text.forEach(function (t) { nodes.push(el("bdi", { text: t })); });
    if (!nodes.length) nodes.push(el("span", { cls: "muted", text: "مصدر غير مذكور" }));
    return nodes;
  }

  function figureCard(f, ctx) {
    var item = DATA.items[f];
    return el("div", { cls: "figure-card", attrs: { "data-item": f } }, [
      el("div", { cls: "figure-value" }, [el("bdi", { text: figureText(item) })]),
      el("div", { cls: "figure-source" }, [el("span", { cls: "key", text: "المصدر: " })].concat(sourceNodes(f, ctx))),
      el("div", { cls: "figure-articles muted" }, (item.articles || []).map(function (a) { return el("bdi", { text: a + " " }); })),
      item.spans && item.spans.length ? el("details", {}, [el("summary", { text: "النص" }), renderEvidence(item.spans)]) : null,
    ]);
  }

  function renderFigureGroups(eventIdx, ctx) {
    var groups = DATA.figureGroups[String(eventIdx)] || [];
    return groups.map(function (g) {
      var first = DATA.items[g.figures[0]];
      var title = (first.measureAr || g.measure || "رقم") + (g.conflict ? " — أرقام متعارضة" : "");
      var cards = el("div", { cls: "figure-group" + (g.conflict ? " conflict" : "") },
        g.figures.map(function (f) { return figureCard(f, ctx); }));
      return el("div", { cls: "figures" }, [el("h4", { text: title }), cards]);
    });
  }

  function renderPanel(container, i, ctx) {
    clear(container);
    var item = DATA.items[i];
    if (!item) return;
    container.setAttribute("data-item", i);
    var cls = DATA.classes[item.cls] || { ar: item.cls, en: item.cls };
    var head = el("header", {}, [
      el("h2", {}, [el("span", { cls: "swatch", attrs: { style: "background:" + colourOf(item) } }), el("bdi", { text: label(item) })]),
      item.en && item.ar ? el("div", { cls: "en", dir: "ltr", text: item.en }) : null,
      el("div", { cls: "muted" }, [el("bdi", { text: cls.ar }), " (", el("bdi", { text: cls.en, dir: "ltr" }), ")"]),
    ]);
    container.appendChild(head);

    var facts = [];
    if (item.alt && item.alt.length) facts.push(row("أسماء أخرى", item.alt.join("، ")));
    if (item.roles && item.roles.length) facts.push(row("الصفة", item.roles.join("، ")));
    if (item.kind === "event") facts.push(row("التاريخ", dateText(item)));
    if (item.kind === "figure") facts.push(row("الرقم", figureText(item)));
    (item.sameAs || []).forEach(function (u) {
      var geo = /geonames\.org\//i.test(u);
      facts.push(row(geo ? "GeoNames" : "مطابق لـ", extLink(u, u)));
    });
    if (item.wkt) facts.push(row("الإحداثيات", el("bdi", { text: item.wkt, dir: "ltr" })));
    facts.push(row("المعرّف", el("bdi", { cls: "iri", text: item.iri, dir: "ltr" })));
    container.appendChild(el("section", { cls: "facts" }, facts.filter(Boolean)));

    if (item.kind === "event") {
      ["place", "agent", "target", "speaker", "actor", "about"].forEach(function (kind) {
        var refs = outLinks(i, [kind]).map(function (l) { return itemButton(l[1], ctx); });
        var s = section(linkKind(kind), refs);
        if (s) container.appendChild(s);
      });
      var figs = renderFigureGroups(i, ctx);
      var s1 = section("الأرقام ومصادرها", figs);
      if (s1) container.appendChild(s1);
    } else if (item.kind === "figure") {
      var ev = outLinks(i, ["figure"]).map(function (l) { return itemButton(l[1], ctx, dateText(DATA.items[l[1]])); });
      var s2 = section("الحدث", ev);
      if (s2) container.appendChild(s2);
      container.appendChild(section("المصدر", sourceNodes(i, ctx)));
    } else {
      var up = outLinks(i, ["partOf"]).map(function (l) { return itemButton(l[1], ctx); });
      var s3 = section("جزء من", up);
      if (s3) container.appendChild(s3);
      var down = inLinks(i, ["partOf"]).map(function (l) { return itemButton(l[0], ctx); });
      var s4 = section("يضم", down);
      if (s4) container.appendChild(s4);
      var events = inLinks(i, ["agent", "target", "speaker", "actor", "place", "about"]);
      var seen = {};
      var evIdx = [];
      events.forEach(function (l) { if (!seen[l[0]]) { seen[l[0]] = []; evIdx.push(l[0]); } seen[l[0]].push(linkKind(l[2])); });
      evIdx.sort(byDateThenLabel);
      var s5 = section("الأحداث (" + evIdx.length + ")", evIdx.map(function (e) {
        return itemButton(e, ctx, "— " + seen[e].join("، ") + " — " + dateText(DATA.items[e]));
      }));
      if (s5) container.appendChild(s5);
      var given = inLinks(i, ["source"]).map(function (l) { return l[0]; });
      var s6 = section("أرقام منسوبة إليه", given.map(function (f) { return figureCard(f, ctx); }));
      if (s6) container.appendChild(s6);
    }
    if (item.spans && item.spans.length) {
      container.appendChild(section("الأدلة من النصوص (" + item.spans.length + ")", [renderEvidence(item.spans)]));
    }
  }

  return {
    DATA: DATA, el: el, clear: clear, norm: norm, label: label, shortLabel: shortLabel,
    classLabel: classLabel, dateText: dateText, figureText: figureText, searchForms: searchForms,
    outLinks: outLinks, inLinks: inLinks, linkKind: linkKind, colourOf: colourOf,
    renderPanel: renderPanel, renderEvidence: renderEvidence, byDateThenLabel: byDateThenLabel,
    safeUrl: safeUrl,
  };
})();
