(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  function tip(t) {
    var box = document.createElement("div");
    var h = document.createElement("div");
    h.className = "kg-tip-h";
    h.textContent = t.h;
    box.appendChild(h);
    t.rows.forEach(function (row) {
      var line = document.createElement("div");
      var k = document.createElement("span");
      k.className = "kg-tip-k";
      k.textContent = row[0] + ":";
      line.appendChild(k);
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
    return box;
  }
  [data.nodes, data.edges].forEach(function (items) {
    items.forEach(function (item) { item.title = tip(item.tip); delete item.tip; });
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.network = network;
  window.kgStable = false;
  function settle() {
    if (window.kgStable) { return; }
    network.setOptions({physics: false});
    window.kgStable = true;
    document.body.setAttribute("data-stable", "true");
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  // A layout that never converges must still stop moving.
  setTimeout(settle, 20000);
  if (data.nodes.length === 0) { settle(); }
})();
