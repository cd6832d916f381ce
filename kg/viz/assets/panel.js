/* The PaperKG graph page, part 2: the search box and the side panel, on top of `window.kg`
   (page.js). Every text goes in through textContent; links only to http(s) addresses. */
(function () {
  "use strict";
  var kg = window.kg, nodes = window.kgNodes, edges = window.kgEdges, network = window.network;
  var search = document.getElementById("kg-search");
  var list = document.getElementById("kg-matches");
  var panel = document.getElementById("kg-panel");
  var hint = Array.prototype.slice.call(panel.childNodes);
  var MAX_MATCHES = 12, MAX_EVIDENCE = 25, MAX_NEIGHBOURS = 60;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function glyph(label) {
    var style = kg.styles[label] || ["#bab0ac", "\u25cf"];
    var g = el("span", style[1], "glyph");
    g.style.color = style[0];
    g.setAttribute("aria-hidden", "true");
    return g;
  }

  function safeUrl(url) { return typeof url === "string" && /^https?:\/\/[^\s\/]/i.test(url) ? url : null; }

  /* A link to a paper (its title, or `text`), or the title as plain text when it has no link. */
  function paperLink(pid, text) {
    var paper = kg.papers[pid] || {};
    var url = safeUrl(paper.u);
    var label = text || paper.t || pid;
    if (!url) { return el("span", label); }
    var a = el("a", label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.title = url;
    return a;
  }

  // ------------------------------------------------------------------ search

  var index = nodes.get().map(function (n) {
    var key = n.id.slice(n.kind.length + 1);
    return {id: n.id, kind: n.kind, name: n.name, low: n.name.toLowerCase(), size: n.size,
            text: (n.name + " " + key + " " + (n.paper || "")).toLowerCase()};
  });
  var matches = [], active = -1;

  /* Nodes of the shown types whose name, key or paper id contains the query: exact names
     first, then names that start with it, then the most connected. */
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var found = [];
    index.forEach(function (item) {
      if (kg.isHidden(item.kind) || item.text.indexOf(q) < 0) { return; }
      var rank = item.low === q ? 0 : (item.low.indexOf(q) === 0 ? 1 : 2);
      found.push({rank: rank, item: item});
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || b.item.size - a.item.size || a.item.name.length - b.item.name.length;
    });
    return found.slice(0, MAX_MATCHES).map(function (f) { return f.item; });
  }

  function closeMatches() {
    list.hidden = true;
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
  }

  function mark() {
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      if (i === active) { li.scrollIntoView({block: "nearest"}); }
    });
    if (active >= 0) { search.setAttribute("aria-activedescendant", "kg-opt-" + active); }
  }

  function showMatches() {
    matches = find(search.value);
    active = matches.length ? 0 : -1;
    list.replaceChildren();
    if (!search.value.trim()) { closeMatches(); return; }
    if (!matches.length) { list.appendChild(el("li", "No node matches", "none")); }
    matches.forEach(function (m, i) {
      var li = el("li");
      li.id = "kg-opt-" + i;
      li.setAttribute("role", "option");
      li.appendChild(glyph(m.kind));
      li.appendChild(el("span", m.name, "text"));
      li.appendChild(el("span", m.kind, "kind"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = false;
    search.setAttribute("aria-expanded", "true");
    mark();
  }

  function choose(i) {
    var m = matches[i];
    if (!m) { return; }
    closeMatches();
    search.value = m.name;
    kg.focusNode(m.id);
  }

  search.addEventListener("input", showMatches);
  search.addEventListener("blur", closeMatches);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (list.hidden) { showMatches(); return; }
      if (matches.length) {
        active = (active + (ev.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        mark();
      }
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (list.hidden) { showMatches(); }
      choose(active >= 0 ? active : 0);
    } else if (ev.key === "Escape") {
      ev.stopPropagation();
      if (!list.hidden) { closeMatches(); } else { search.value = ""; kg.clearFocus(); }
    }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.target === search || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "/") { ev.preventDefault(); search.focus(); search.select(); }
    else if (ev.key === "Escape") { kg.clearFocus(); }
  });

  // ------------------------------------------------------------------ side panel

  function heading(label, text) {
    var h = el("h2");
    h.id = "kg-panel-h";
    if (label) { h.appendChild(glyph(label)); h.appendChild(document.createTextNode(" ")); }
    h.appendChild(document.createTextNode(text));
    return h;
  }

  function fieldList(rows, skip) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === skip) { return; }
      dl.appendChild(el("dt", row[0]));
      dl.appendChild(el("dd", row[1]));
    });
    return dl;
  }

  /* Evidence sentences, each with where it comes from and a link to its paper. */
  function evidenceList(items, ownPaper) {
    var ul = el("ul", null, "evidence");
    var seen = {};
    var unique = 0;
    items.forEach(function (item) {
      var key = item.text + "\u0000" + (item.paper || "");
      if (seen[key]) { return; }
      seen[key] = true;
      unique += 1;
      if (unique > MAX_EVIDENCE) { return; }
      var li = el("li");
      li.appendChild(el("q", item.text));
      var src = el("div", item.via || null, "src");
      if (item.paper && item.paper !== ownPaper) {
        if (item.via) { src.appendChild(document.createTextNode(" \u00b7 ")); }
        src.appendChild(paperLink(item.paper));
      }
      li.appendChild(src);
      ul.appendChild(li);
    });
    return {list: ul, count: unique, more: Math.max(0, unique - MAX_EVIDENCE)};
  }

  function section(title, body, more) {
    panel.appendChild(el("h3", title));
    panel.appendChild(body);
    if (more > 0) { panel.appendChild(el("p", "\u2026 and " + more + " more", "more")); }
  }

  function neighbourButtons(ids) {
    var box = el("div", null, "neighbours");
    ids.slice(0, MAX_NEIGHBOURS).forEach(function (other) {
      var n = nodes.get(other);
      var button = el("button");
      button.type = "button";
      button.appendChild(glyph(n.kind));
      button.appendChild(document.createTextNode(n.label));
      button.setAttribute("aria-label", n.kind + ": " + n.name);
      button.title = n.name;
      button.addEventListener("click", function () { kg.focusNode(other); });
      box.appendChild(button);
    });
    return box;
  }

  /* How an edge ties the shown node to the other end, e.g. "PROPOSES \u2192 BERT"; just the
     relation when the other end is the paper the evidence links to anyway. */
  function relation(e, id) {
    var other = nodes.get(e.from === id ? e.to : e.from);
    if (!other || (other.kind === "Paper" && other.paper === e.paper)) { return e.label; }
    return e.from === id ? e.label + " \u2192 " + other.label : other.label + " \u2192 " + e.label;
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    panel.replaceChildren();
    panel.appendChild(heading(n.kind, n.name));
    if (n.kind === "Paper" && safeUrl((kg.papers[n.paper] || {}).u)) {
      var read = el("p", "Read it: ", "paper");
      read.appendChild(paperLink(n.paper, kg.papers[n.paper].u));
      panel.appendChild(read);
    } else if (n.paper) {
      var from = el("p", "From: ", "paper");
      from.appendChild(paperLink(n.paper));
      panel.appendChild(from);
    }
    panel.appendChild(fieldList(n.tip.rows, n.name));
    var items = n.ev ? [{text: n.ev, via: "", paper: n.paper}] : [];
    var around = network.getConnectedNodes(id);
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edges.get(eid);
      if (e.ev) { items.push({text: e.ev, via: relation(e, id), paper: e.paper}); }
    });
    around.forEach(function (other) {
      var o = nodes.get(other);
      if (o.ev && (o.kind === "Result" || o.kind === "Claim")) {
        items.push({text: o.ev, via: o.kind + ": " + o.label, paper: o.paper});
      }
    });
    if (items.length) {
      var ev = evidenceList(items, n.kind === "Paper" ? n.paper : null);
      section("Evidence (" + ev.count + ")", ev.list, ev.more);
    }
    around.sort(function (a, b) {
      var x = nodes.get(a), y = nodes.get(b);
      return (y.named === true) - (x.named === true) || y.size - x.size;
    });
    if (around.length) {
      section("Connected (" + around.length + ")", neighbourButtons(around), around.length - MAX_NEIGHBOURS);
    }
  }

  function showEdge(eid) {
    var e = edges.get(eid);
    if (!e) { return; }
    panel.replaceChildren();
    panel.appendChild(heading(null, e.tip.h));
    panel.appendChild(fieldList(e.tip.rows, null));
    if (e.ev) {
      section("Evidence", evidenceList([{text: e.ev, via: e.label, paper: e.paper}], null).list, 0);
    }
    section("Between", neighbourButtons([e.from, e.to]), 0);
  }

  document.addEventListener("kg:focus", function (ev) { showNode(ev.detail.id); });
  document.addEventListener("kg:edge", function (ev) { showEdge(ev.detail.id); });
  document.addEventListener("kg:clear", function () { panel.replaceChildren.apply(panel, hint); });
})();
