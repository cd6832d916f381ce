/* The PaperKG graph page, part 1: the network, its layout and names, focus and type filters.
   Paper text comes only from the JSON data block and reaches the DOM only through textContent.
   Part 2 (panel.js) adds the search box and the side panel on top of `window.kg`. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var papers = data.papers || {};
  var BASE = data.options.nodes.font.size;  // canvas size of a name: readable once zoomed in
  var NAME_PX = 13;                         // screen size of the names always shown
  var INK = data.options.nodes.font.color;
  var EDGE_FONT = data.options.edges.font.size;
  var DIM = {background: "#e8ebee", border: "#d3d8de",
             highlight: {background: "#e8ebee", border: "#d3d8de"},
             hover: {background: "#e8ebee", border: "#d3d8de"}};
  var DIM_INK = "#b3bac2";
  var DIM_EDGE = {color: "#e3e7eb", highlight: "#e3e7eb", hover: "#e3e7eb"};

  function tipLine(box, key, value) {
    var line = document.createElement("div");
    var k = document.createElement("span");
    k.className = "kg-tip-k";
    k.textContent = key + ":";
    line.appendChild(k);
    line.appendChild(document.createTextNode(value));
    box.appendChild(line);
  }

  function tip(item) {
    var box = document.createElement("div");
    var h = document.createElement("div");
    h.className = "kg-tip-h";
    h.textContent = item.tip.h;
    box.appendChild(h);
    item.tip.rows.forEach(function (row) { tipLine(box, row[0], row[1]); });
    if (item.ev) { tipLine(box, "Evidence", item.ev); }
    if (item.paper && item.kind !== "Paper") {
      tipLine(box, "Paper", (papers[item.paper] || {}).t || item.paper);
    }
    return box;
  }

  [data.nodes, data.edges].forEach(function (items) {
    items.forEach(function (item) { item.title = tip(item); });
  });
  var colourOf = {};
  data.nodes.forEach(function (n) { colourOf[n.id] = n.color; });
  var edgeColourOf = {};
  data.edges.forEach(function (e) { edgeColourOf[e.id] = e.color; });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  var status = document.getElementById("kg-status");
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.network = network;
  window.kgStable = false;
  window.kgFocus = null;
  window.kgMoving = false;  // true while the view glides to a focused neighbourhood

  var focus = null;   // {id, near: {id: true}} while a node is focused
  var hiddenTypes = {};
  var fontOf = {};    // id -> "size colour" last given to vis, to update only what changes
  var dimmed = {};    // node or edge key -> true while drawn faded

  function near(id) { return focus !== null && focus.near[id] === true; }

  /* Names. Zoomed out, the overview's (named: the most connected) are candidates; zoomed in
     far enough to read a name at its canvas size, every node's is; with a focus, only its
     neighbourhood's. Candidates are placed biggest first (the focus first), each only where
     it overlaps no name already placed and at NAME_PX on screen whatever the zoom; every
     other name is made too small to draw. */
  var SIZE_HIDDEN = 1;
  var ALL_NAMES_AT = data.options.nodes.scaling.label.drawThreshold / BASE;
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = NAME_PX + "px " + data.options.nodes.font.face;
  var widthOf = {};
  function placeNames(scale) {
    var all = scale >= ALL_NAMES_AT;
    var wanted = nodes.get({filter: function (n) {
      return !hiddenTypes[n.kind] && (focus ? near(n.id) : (all || n.named === true));
    }});
    var first = focus ? focus.id : null;
    wanted.sort(function (a, b) {
      return (b.id === first) - (a.id === first) || (b.named === true) - (a.named === true) || b.size - a.size;
    });
    var at = network.getPositions(wanted.map(function (n) { return n.id; }));
    var width = container.clientWidth, height = container.clientHeight;
    var placed = [], shown = {};
    wanted.forEach(function (n) {
      var p = network.canvasToDOM(at[n.id]);
      if (widthOf[n.id] === undefined) { widthOf[n.id] = measure.measureText(n.label).width + 6; }
      var top = p.y + n.size * scale + 2;
      var box = [p.x - widthOf[n.id] / 2, top, p.x + widthOf[n.id] / 2, top + NAME_PX + 4];
      if (box[0] < 0 || box[2] > width || box[1] < 0 || box[3] > height) { return; }  // cut off: not readable
      var free = placed.every(function (o) {
        return box[2] < o[0] || box[0] > o[2] || box[3] < o[1] || box[1] > o[3];
      });
      if (free) { placed.push(box); shown[n.id] = true; }
    });
    return shown;
  }

  function relabel() {
    if (!window.kgStable) { return; }
    var scale = network.getScale();
    var big = Math.round(NAME_PX / scale * 4) / 4;
    var shown = placeNames(scale);
    var updates = [];
    nodes.forEach(function (n) {
      var size = shown[n.id] ? (focus !== null && n.id === focus.id ? big * 1.3 : big) : SIZE_HIDDEN;
      var ink = focus && !near(n.id) ? DIM_INK : INK;
      var key = size + " " + ink;
      if (fontOf[n.id] !== key) {
        fontOf[n.id] = key;
        updates.push({id: n.id, font: {size: size, color: ink}});
      }
    });
    if (updates.length) { nodes.update(updates); }
    window.kgNamed = Object.keys(shown);
  }

  var pending = false;
  function relabelSoon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; relabel(); });
  }

  /* Fade everything outside the focused neighbourhood; give the rest its colours back. */
  function paint() {
    var nodeUpdates = [], edgeUpdates = [];
    nodes.forEach(function (n) {
      var dim = focus !== null && !near(n.id);
      if (!!dimmed[n.id] !== dim) {
        dimmed[n.id] = dim;
        nodeUpdates.push({id: n.id, color: dim ? DIM : colourOf[n.id]});
      }
    });
    edges.forEach(function (e) {
      var dim = focus !== null && e.from !== focus.id && e.to !== focus.id;
      var key = "e" + e.id;
      if (!!dimmed[key] !== dim) {
        dimmed[key] = dim;
        edgeUpdates.push({id: e.id, color: dim ? DIM_EDGE : edgeColourOf[e.id], width: dim || !focus ? 1 : 1.5,
                          font: {size: dim ? SIZE_HIDDEN : EDGE_FONT}});
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
  }

  function announce(kind, id) {
    document.dispatchEvent(new CustomEvent("kg:" + kind, {detail: {id: id}}));
  }

  /* Focus a node: it and its neighbours stay in colour with their names, the view moves to
     them (unless opts.fit is false), and the side panel shows the node. */
  function focusNode(id, opts) {
    var node = nodes.get(id);
    if (!node) { return false; }
    if (hiddenTypes[node.kind]) { showType(node.kind, true); }
    var around = {};
    around[id] = true;
    network.getConnectedNodes(id).forEach(function (other) { around[other] = true; });
    focus = {id: id, near: around};
    window.kgFocus = id;
    paint();
    network.selectNodes([id], false);
    if (!opts || opts.fit !== false) {
      var shown = Object.keys(around).filter(function (other) { return !hiddenTypes[nodes.get(other).kind]; });
      // vis-network animates frame by frame, so a big graph on a slow machine would crawl: it jumps
      var animate = nodes.length <= 300 && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.kgMoving = animate;
      network.fit({nodes: shown, animation: animate ? {duration: 400, easingFunction: "easeInOutQuad"} : false,
                   maxZoomLevel: 1});
    }
    relabel();
    announce("focus", id);
    return true;
  }

  function clearFocus() {
    focus = null;
    window.kgFocus = null;
    network.unselectAll();
    paint();
    relabel();
    announce("clear", null);
  }

  function showType(label, visible) {
    hiddenTypes[label] = !visible;
    var updates = nodes.get({filter: function (n) { return n.kind === label; }})
      .map(function (n) { return {id: n.id, hidden: !visible}; });
    nodes.update(updates);
    var box = document.querySelector('#kg-legend input[value="' + CSS.escape(label) + '"]');
    if (box) { box.checked = visible; }
    if (!visible && focus !== null && nodes.get(focus.id).kind === label) { clearFocus(); }
  }

  document.querySelectorAll("#kg-legend input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () { showType(box.value, box.checked); });
  });

  network.on("click", function (p) {
    if (p.nodes.length) { focusNode(p.nodes[0], {fit: false}); }
    else if (p.edges.length) { clearFocus(); announce("edge", p.edges[0]); }
    else if (focus !== null) { clearFocus(); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { focusNode(p.nodes[0]); } });
  network.on("zoom", relabelSoon);
  network.on("animationFinished", function () { window.kgMoving = false; relabel(); });

  document.getElementById("kg-fit").addEventListener("click", function () {
    clearFocus();
    network.fit({animation: false});
    relabel();
  });

  function settle() {
    if (window.kgStable) { return; }
    network.stopSimulation();
    network.setOptions({physics: false});
    network.fit({animation: false});
    window.kgStable = true;
    relabel();
    document.body.setAttribute("data-stable", "true");
    status.textContent = "Layout done. Scroll to zoom, drag to move; click a node for its evidence.";
    // A page drawn around one focus (kg viz --focus) opens with that node in the side panel.
    if (data.focus.length === 1) { announce("focus", data.focus[0]); }
  }
  network.on("stabilizationProgress", function (p) {
    if (window.kgStable) { return; }
    status.textContent = "Laying out " + nodes.length + " nodes\u2026 " +
      Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  // A layout that never converges must still stop moving (a slow machine takes ~30 s for 2,000 nodes).
  setTimeout(settle, 60000);
  if (data.nodes.length === 0) { settle(); }

  window.kg = {focusNode: focusNode, clearFocus: clearFocus, showType: showType, papers: papers,
               styles: data.styles, isHidden: function (label) { return hiddenTypes[label] === true; }};
})();
