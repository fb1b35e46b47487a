// The lineage page: draws the graph from the JSON in #ayeaye-graph with
// ayeayeLayout (layout.js), and lets the reader pan, zoom, find a node and
// click it to highlight everything upstream and downstream of it.
//
// Every piece of graph data reaches the document through textContent or
// setAttribute, never as markup, so names cannot inject HTML.
(function () {
  "use strict";

  // Whatever goes wrong, say so on the page rather than show a blank one.
  window.addEventListener("error", (ev) => {
    const box = document.getElementById("error");
    box.hidden = false;
    box.textContent = "This page could not draw the graph: " + ev.message;
  });

  const SVG = "http://www.w3.org/2000/svg";
  // The same family as --font in page.css: canvas measures what SVG draws.
  const FONT = '"DejaVu Sans", "Helvetica Neue", Helvetica, Arial, sans-serif';
  const TEXT = "12px " + FONT, TITLE = "bold 13px " + FONT, SUB = "11px " + FONT;
  const PAD = 10, HEAD = 26, LINE = 16, COL_SEP = 18, MIN_W = 132;
  const MAX_ROWS = 12, MAX_PORTS = 8, MAX_CHARS = 42;
  const DETAIL_BELOW = 0.4; // zoom under which only names are drawn

  const graph = JSON.parse(document.getElementById("ayeaye-graph").textContent);
  const status = graph.status || {};
  const byLocation = new Map(graph.datasets.map((d) => [d.location, d]));
  const measure = document.createElement("canvas").getContext("2d");
  const textWidth = (s, font) => {
    measure.font = font;
    return measure.measureText(s).width;
  };

  // --- node content ------------------------------------------------------

  const clip = (s) => (s.length > MAX_CHARS ? s.slice(0, MAX_CHARS - 1) + "…" : s);
  const count = (n) => Number(n).toLocaleString("en-US");

  function statusClass(s) {
    const v = String(s).toLowerCase();
    if (/^(succeeded|success|successful|ok|done|passed|completed|complete)$/.test(v)) return "status-ok";
    if (/fail|error|abort/.test(v)) return "status-failed";
    if (/skip|cancel/.test(v)) return "status-skipped";
    if (/run|start|pending|queued/.test(v)) return "status-running";
    return "status-other";
  }

  // content lists what a node shows: a title, an optional grey line and
  // rows of (left, right) text.
  function content(n) {
    if (n.kind === "dataset") {
      const d = n.data;
      const rows = d.fields.slice(0, MAX_ROWS).map((f) => ({ left: f.name, right: f.type }));
      if (d.fields.length > MAX_ROWS) rows.push({ left: `+${d.fields.length - MAX_ROWS} more fields`, right: "", more: true });
      if (d.fields.length === 0) rows.push({ left: "no schema", right: "", more: true });
      return { title: d.name, sub: d.location, rows };
    }
    const m = n.data, st = status[m.name];
    const rows = [];
    const side = (locs, arrow) => {
      locs.slice(0, MAX_PORTS).forEach((loc) => {
        const recs = st && st.records && loc in st.records ? count(st.records[loc]) : "";
        rows.push({ left: arrow + " " + byLocation.get(loc).name, right: recs });
      });
      if (locs.length > MAX_PORTS) rows.push({ left: `${arrow} +${locs.length - MAX_PORTS} more`, right: "", more: true });
    };
    side(m.inputs, "←");
    side(m.outputs, "→");
    const sub = st ? [st.status, st.finished].filter(Boolean).join(" · ") : "";
    return { title: m.name, sub, rows, status: st ? statusClass(st.status) : "" };
  }

  function size(n) {
    const c = (n.content = content(n));
    let left = 0, right = 0;
    for (const r of c.rows) {
      left = Math.max(left, textWidth(clip(r.left), TEXT));
      right = Math.max(right, textWidth(clip(r.right), TEXT));
    }
    const inner = Math.max(textWidth(clip(c.title), TITLE), c.sub ? textWidth(clip(c.sub), SUB) : 0, left + (right ? COL_SEP + right : 0));
    return {
      w: Math.ceil(Math.max(MIN_W, inner + 2 * PAD)),
      h: HEAD + (c.sub ? LINE : 0) + c.rows.length * LINE + 8,
    };
  }

  // --- drawing -------------------------------------------------------------

  function el(name, attrs, parent, text) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  const svg = document.getElementById("graph");
  const viewport = el("g", { id: "viewport" }, svg);
  const edgeLayer = el("g", { class: "edges" }, viewport);
  const nodeLayer = el("g", { class: "nodes" }, viewport);
  const started = performance.now();
  const laid = ayeayeLayout(graph, size);
  const laidOut = performance.now();
  const byId = new Map();

  for (const n of laid.nodes) {
    const c = n.content;
    const g = el("g", {
      class: "node " + n.kind,
      id: n.id,
      transform: `translate(${n.x},${n.y})`,
      tabindex: "0",
      role: "button",
      "aria-label": `${n.kind} ${c.title}`,
    }, nodeLayer);
    el("title", {}, g, n.kind === "dataset" ? `${c.title}\n${n.data.location}` : c.title);
    el("rect", { class: "box", width: n.w, height: n.h, rx: 7 }, g);
    el("path", { class: "band", d: `M0,${HEAD} V7 a7,7 0 0 1 7,-7 H${n.w - 7} a7,7 0 0 1 7,7 V${HEAD} Z` }, g);
    if (c.status) el("rect", { class: "status-bar " + c.status, x: 0, y: HEAD, width: 5, height: n.h - HEAD - 4 }, g);
    el("text", { class: "title", x: PAD, y: 17 }, g, clip(c.title));
    let y = HEAD + 13;
    if (c.sub) {
      el("text", { class: "sub detail " + (c.status || ""), x: PAD, y }, g, clip(c.sub));
      y += LINE;
    }
    for (const r of c.rows) {
      el("text", { class: "detail " + (r.more ? "more" : "left"), x: PAD, y }, g, clip(r.left));
      if (r.right) el("text", { class: "detail right", x: n.w - PAD, y, "text-anchor": "end" }, g, clip(r.right));
      y += LINE;
    }
    n.el = g;
    n.preds = [];
    n.succs = [];
    byId.set(n.id, n);
  }
  for (const e of laid.edges) {
    const kind = e.self ? "self" : e.from.kind === "dataset" ? "read" : e.appends ? "write appends" : "write";
    e.el = el("path", { class: "edge " + kind, d: e.d, "data-from": e.from.id, "data-to": e.to.id }, edgeLayer);
    e.from.succs.push(e.to);
    e.to.preds.push(e.from);
  }

  // --- lineage highlight ---------------------------------------------------

  function reach(n, next) {
    const seen = new Set(), todo = [n];
    while (todo.length) {
      for (const x of todo.pop()[next]) {
        if (x !== n && !seen.has(x)) {
          seen.add(x);
          todo.push(x);
        }
      }
    }
    return seen;
  }

  let selected = null;
  function select(n) {
    selected = n;
    svg.classList.toggle("has-selection", !!n);
    const up = n ? reach(n, "preds") : new Set(), down = n ? reach(n, "succs") : new Set();
    for (const x of laid.nodes) {
      const cl = x.el.classList;
      cl.toggle("selected", x === n);
      cl.toggle("upstream", up.has(x));
      cl.toggle("downstream", down.has(x));
      cl.toggle("dim", !!n && x !== n && !up.has(x) && !down.has(x));
    }
    for (const e of laid.edges) {
      const isUp = !!n && up.has(e.from) && (e.to === n || up.has(e.to));
      const isDown = !!n && down.has(e.to) && (e.from === n || down.has(e.from));
      e.el.classList.toggle("upstream", isUp);
      e.el.classList.toggle("downstream", isDown && !isUp);
      e.el.classList.toggle("dim", !!n && !isUp && !isDown);
    }
    details(n, up, down);
  }

  // --- the side panel -------------------------------------------------------

  const panel = document.getElementById("details");
  function h(name, attrs, parent, text) {
    const e = document.createElement(name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  const modelNode = new Map(), datasetNode = new Map();
  for (const n of laid.nodes) (n.kind === "model" ? modelNode : datasetNode).set(n.kind === "model" ? n.data.name : n.data.location, n);

  function link(parent, n, label) {
    const b = h("button", { class: "link", type: "button" }, parent, label);
    b.addEventListener("click", () => focus(n));
    return b;
  }

  function table(parent, head, rows) {
    const t = h("table", {}, parent);
    const tr = h("tr", {}, h("thead", {}, t));
    head.forEach((x) => h("th", {}, tr, x));
    const body = h("tbody", {}, t);
    for (const r of rows) {
      const row = h("tr", {}, body);
      r.forEach((cell) => {
        const td = h("td", {}, row);
        if (typeof cell === "function") cell(td);
        else td.textContent = cell;
      });
    }
    return t;
  }

  function details(n, up, down) {
    panel.replaceChildren();
    if (!n && laid.nodes.length === 0) {
      h("p", { class: "hint" }, panel, "The collection has no models.");
      return;
    }
    if (!n) {
      h("p", { class: "hint" }, panel, "Click a model or dataset to see its details and highlight its lineage: upstream in orange, downstream in blue. Drag to pan, scroll to zoom.");
      return;
    }
    h("div", { class: "kind" }, panel, n.kind);
    h("h2", {}, panel, n.content.title);
    h("p", { class: "lineage" }, panel, `${up.size} upstream, ${down.size} downstream`);
    if (n.kind === "dataset") {
      const d = n.data;
      h("p", { class: "location" }, panel, d.location);
      const who = (title, names) => {
        h("h3", {}, panel, title);
        const p = h("p", {}, panel);
        if (!names.length) p.textContent = "none";
        names.forEach((m) => link(p, modelNode.get(m), m));
      };
      who("Written by", d.writers);
      who("Read by", d.readers);
      h("h3", {}, panel, `Fields (${d.fields.length})`);
      if (d.fields.length) table(panel, ["field", "type", "description"], d.fields.map((f) => [f.name, f.type, f.description || ""]));
      else h("p", {}, panel, "The dataset declares no schema.");
      return;
    }
    const m = n.data, st = status[m.name];
    if (st) {
      const p = h("p", { class: "status" }, panel);
      h("span", { class: "badge " + statusClass(st.status) }, p, st.status);
      if (st.finished) h("span", {}, p, " finished " + st.finished);
    } else {
      h("p", { class: "status" }, panel, "No run recorded.");
    }
    const io = (title, locs) => {
      h("h3", {}, panel, `${title} (${locs.length})`);
      if (!locs.length) return h("p", {}, panel, "none");
      table(panel, ["dataset", "records"], locs.map((loc) => [
        (td) => {
          link(td, datasetNode.get(loc), byLocation.get(loc).name);
          h("div", { class: "location" }, td, loc);
        },
        st && st.records && loc in st.records ? count(st.records[loc]) : "",
      ]));
    };
    io("Reads", m.inputs);
    io("Writes", m.outputs);
  }

  // --- pan and zoom ---------------------------------------------------------

  const view = { k: 1, x: 0, y: 0 };
  function apply() {
    viewport.setAttribute("transform", `translate(${view.x},${view.y}) scale(${view.k})`);
    svg.classList.toggle("zoomed-out", view.k < DETAIL_BELOW);
  }
  function zoomAt(factor, px, py) {
    const k = Math.min(3, Math.max(0.03, view.k * factor));
    view.x = px - ((px - view.x) * k) / view.k;
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    apply();
  }
  function fit() {
    const r = svg.getBoundingClientRect();
    const k = Math.min(1.2, r.width / laid.width, r.height / laid.height);
    view.k = k;
    view.x = (r.width - laid.width * k) / 2;
    view.y = (r.height - laid.height * k) / 2;
    apply();
  }
  // The page opens on the whole graph when it fits at a readable size, and
  // otherwise at a readable size on the top left, where the first pipeline
  // starts.
  function home() {
    const r = svg.getBoundingClientRect();
    if (Math.min(r.width / laid.width, r.height / laid.height) >= 0.6) return fit();
    view.k = 0.8;
    view.x = 0;
    view.y = 0;
    apply();
  }
  function centreOn(n) {
    const r = svg.getBoundingClientRect();
    view.k = Math.max(view.k, 0.8);
    view.x = r.width / 2 - (n.x + n.w / 2) * view.k;
    view.y = r.height / 2 - (n.y + n.h / 2) * view.k;
    apply();
  }
  function focus(n) {
    select(n);
    centreOn(n);
  }

  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false };
  });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    svg.classList.add("dragging");
    view.x = drag.vx + dx;
    view.y = drag.vy + dy;
    apply();
  });
  window.addEventListener("pointerup", () => {
    svg.classList.remove("dragging");
    if (drag && drag.moved) {
      // the click that ends a drag must not change the selection
      const swallow = (e) => e.stopPropagation();
      window.addEventListener("click", swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener("click", swallow, { capture: true }), 0);
    }
    drag = null;
  });
  svg.addEventListener("click", (ev) => {
    const g = ev.target.closest(".node");
    select(g ? byId.get(g.id) : null);
  });
  svg.addEventListener("keydown", (ev) => {
    const g = ev.target.closest && ev.target.closest(".node");
    if (g && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      select(byId.get(g.id));
    }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") select(null);
  });
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const delta = ev.deltaMode === 1 ? ev.deltaY * 16 : ev.deltaY;
    zoomAt(Math.exp(-delta * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
  }, { passive: false });
  const centre = () => {
    const r = svg.getBoundingClientRect();
    return [r.width / 2, r.height / 2];
  };
  document.getElementById("zoom-in").addEventListener("click", () => zoomAt(1.25, ...centre()));
  document.getElementById("zoom-out").addEventListener("click", () => zoomAt(0.8, ...centre()));
  document.getElementById("fit").addEventListener("click", fit);

  // --- find -------------------------------------------------------------------

  const find = document.getElementById("find");
  const names = document.getElementById("names");
  const labels = [...new Set(laid.nodes.map((n) => n.content.title))].sort();
  for (const s of labels) h("option", { value: s }, names);
  function search() {
    const q = find.value.trim().toLowerCase();
    if (!q) return;
    const hit = laid.nodes.find((n) => n.content.title.toLowerCase() === q) ||
      laid.nodes.find((n) => n.content.title.toLowerCase().includes(q) || (n.kind === "dataset" && n.data.location.toLowerCase().includes(q)));
    find.classList.toggle("missing", !hit);
    if (hit) focus(hit);
  }
  find.addEventListener("change", search);
  find.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") search();
  });

  // --- summary ------------------------------------------------------------------

  const runs = Object.values(status);
  let summary = `${graph.models.length} models · ${graph.datasets.length} datasets`;
  if (runs.length) {
    const by = {};
    for (const r of runs) by[r.status] = (by[r.status] || 0) + 1;
    summary += " · " + Object.keys(by).sort().map((s) => `${by[s]} ${s}`).join(", ");
  }
  document.getElementById("summary").textContent = summary;
  document.getElementById("summary").title = summary;

  svg.setAttribute("aria-label", `Lineage graph: ${summary}`);
  details(null);
  home();
  window.addEventListener("resize", apply);
  // For scripts and tests driving the page.
  const timing = { layout: Math.round(laidOut - started), total: Math.round(performance.now() - started) };
  window.ayeaye = { select: (id) => select(byId.get(id) || null), layout: laid, view, timing };
  document.body.dataset.ready = "true";
})();
