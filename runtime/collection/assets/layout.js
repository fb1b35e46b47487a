// Layered left-to-right layout of an Aye-aye lineage graph.
//
// A small Sugiyama-style layout, written for this page so that it needs no
// library: (1) columns by dependency depth, models and datasets
// alternating, each dataset just right of the model that writes it (a
// source dataset just left of its first reader); (2) edges longer than one
// column get a virtual node per column they pass, so they route around
// nodes instead of through them; (3) barycentre sweeps order each column
// to reduce crossings, keeping the best order seen; (4) vertical positions
// pull each node towards its neighbours while keeping the column order and
// a gap between nodes (isotonic regression), so nodes never overlap.
// Everything is deterministic: the same graph and sizes give the same
// picture. The page script calls ayeayeLayout; the helpers stay private.
const ayeayeLayout = (function () {
  "use strict";

  // layout lays out graph g (the page's JSON) given size(node) -> {w, h}
  // for each real node. It returns {nodes, edges, width, height}; each node
  // has x, y, w, h (top-left corner), each edge from, to and an SVG path d.
  function layout(g, size) {
    const COL_GAP = 64, NODE_GAP = 22, LANE_GAP = 6, LANE_H = 8, MARGIN = 24, COMPONENT_GAP = 56;
    const nodes = [], edges = [];
    const model = new Map(), dataset = new Map();
    g.models.forEach((m, i) => {
      const n = { id: "m" + i, kind: "model", index: i, data: m, ins: [], outs: [] };
      nodes.push(n);
      model.set(m.name, n);
    });
    g.datasets.forEach((d, i) => {
      const n = { id: "d" + i, kind: "dataset", index: g.models.length + i, data: d, ins: [], outs: [] };
      nodes.push(n);
      dataset.set(d.location, n);
    });

    // Edges: dataset -> model for reads, model -> dataset for writes. A model
    // that reads what it writes gets a "self" edge drawn as a loop back.
    for (const n of nodes) {
      if (n.kind !== "model") continue;
      for (const loc of n.data.inputs) {
        edges.push({ from: dataset.get(loc), to: n, self: n.data.outputs.includes(loc) });
      }
      for (const loc of n.data.outputs) {
        const d = dataset.get(loc);
        edges.push({ from: n, to: d, self: false, appends: d.data.appenders.includes(n.data.name) });
      }
    }

    // (1) Ranks. Model groups come from the collection: group i is column
    // 2i+1. A model reading nothing moves right to just before its first
    // reader; datasets sit right of their writer or left of their first reader.
    g.groups.forEach((grp, i) => grp.forEach((name) => { model.get(name).rank = 2 * i + 1; }));
    const readersOf = (d) => d.data.readers.filter((r) => !d.data.writers.includes(r)).map((r) => model.get(r));
    for (const n of nodes) {
      if (n.kind !== "model" || n.data.inputs.some((l) => !n.data.outputs.includes(l))) continue;
      let first = Infinity;
      for (const loc of n.data.outputs) {
        for (const r of readersOf(dataset.get(loc))) first = Math.min(first, r.rank);
      }
      if (first !== Infinity) n.rank = Math.max(n.rank, first - 2);
    }
    for (const n of nodes) {
      if (n.kind !== "dataset") continue;
      if (n.data.writers.length > 0) {
        // Right of its last writer: appenders run after the one that replaces it.
        n.rank = Math.max(...n.data.writers.map((w) => model.get(w).rank)) + 1;
      } else {
        n.rank = Math.min(...readersOf(n).map((r) => r.rank)) - 1;
      }
    }
    // Drop empty columns.
    const used = [...new Set(nodes.map((n) => n.rank))].sort((a, b) => a - b);
    const column = new Map(used.map((r, i) => [r, i]));
    for (const n of nodes) n.rank = column.get(n.rank);
    const layers = used.map(() => []);
    for (const n of nodes) layers[n.rank].push(n);

    // (2) Virtual nodes for long edges.
    for (const e of edges) {
      e.chain = [];
      if (e.self) continue;
      let prev = e.from;
      for (let r = e.from.rank + 1; r < e.to.rank; r++) {
        const v = { id: "v" + nodes.length, kind: "virtual", rank: r, index: e.from.index, ins: [prev], outs: [], w: 0, h: LANE_H };
        prev.outs.push(v);
        nodes.push(v);
        layers[r].push(v);
        e.chain.push(v);
        prev = v;
      }
      prev.outs.push(e.to);
      e.to.ins.push(prev);
    }

    // Separate pipelines are laid out one under the other: ordering and
    // placing them together would interleave them for nothing.
    const parent = new Map(nodes.map((n) => [n, n]));
    const root = (n) => {
      while (parent.get(n) !== n) {
        parent.set(n, parent.get(parent.get(n)));
        n = parent.get(n);
      }
      return n;
    };
    for (const n of nodes) for (const s of n.outs) parent.set(root(s), root(n));
    for (const e of edges) parent.set(root(e.to), root(e.from));
    const parts = new Map();
    for (const n of nodes) {
      const r = root(n);
      if (!parts.has(r)) parts.set(r, []);
      parts.get(r).push(n);
    }

    // (3) Order within columns: start from the program's model order.
    const key = (n) => {
      if (n.kind === "model") return n.index;
      if (n.kind === "dataset") {
        const names = n.data.writers.concat(n.data.readers);
        return Math.min(...names.map((x) => model.get(x).index)) + 0.5;
      }
      return n.index + 0.25;
    };
    for (const n of nodes) n.key = key(n);
    const components = [...parts.values()]
      .map((members) => ({ members, first: Math.min(...members.map((n) => n.key)) }))
      .sort((a, b) => a.first - b.first);

    // (4) Coordinates. Columns are as wide as their widest node, and the gap
    // after a column grows with the number of edges crossing it, so that
    // bundles of edges stay distinguishable.
    for (const n of nodes) {
      if (n.kind !== "virtual") Object.assign(n, size(n));
    }
    const colX = [], colW = [];
    let x = MARGIN;
    layers.forEach((layer, l) => {
      colX[l] = x;
      colW[l] = Math.max(0, ...layer.map((n) => n.w));
      const between = layer.reduce((s, n) => s + n.outs.length, 0);
      x += colW[l] + COL_GAP + Math.min(160, 3 * between);
    });
    for (const n of nodes) n.x = colX[n.rank] + (colW[n.rank] - n.w) / 2;
    const gap = (a, b) => (a.kind === "virtual" && b.kind === "virtual" ? LANE_GAP : NODE_GAP);

    let bottom = MARGIN;
    for (const c of components) {
      const sub = layers.map(() => []);
      for (const n of c.members) sub[n.rank].push(n);
      order(sub);
      placeAll(sub, gap);
      let top = Infinity, low = -Infinity;
      for (const n of c.members) {
        top = Math.min(top, n.y);
        low = Math.max(low, n.y + n.h);
      }
      for (const n of c.members) n.y += bottom - top;
      bottom += low - top + COMPONENT_GAP;
    }
    const centre = (n) => n.y + n.h / 2;

    // Edge paths: spread the ends along each node's side, ordered by where
    // the other end is, then join columns with horizontal-tangent curves and
    // pass through virtual nodes in straight lanes.
    const real = nodes.filter((n) => n.kind !== "virtual");
    for (const n of real) {
      n.inY = ports(n, n.ins);
      n.outY = ports(n, n.outs);
    }
    for (const e of edges) {
      if (e.self) {
        const ax = e.from.x + e.from.w / 2, ay = e.from.y + e.from.h;
        const bx = e.to.x + e.to.w / 2, by = e.to.y + e.to.h;
        const dip = Math.max(ay, by) + 36;
        e.d = `M${r1(ax)},${r1(ay)} C${r1(ax)},${r1(dip)} ${r1(bx)},${r1(dip)} ${r1(bx)},${r1(by)}`;
        continue;
      }
      const first = e.chain.length ? e.chain[0] : e.to;
      const last = e.chain.length ? e.chain[e.chain.length - 1] : e.from;
      const pts = [[e.from.x + e.from.w, e.from.outY.get(first)]];
      for (const v of e.chain) {
        pts.push([colX[v.rank], centre(v)], [colX[v.rank] + colW[v.rank], centre(v)]);
      }
      pts.push([e.to.x, e.to.inY.get(last)]);
      let d = `M${r1(pts[0][0])},${r1(pts[0][1])}`;
      for (let i = 1; i < pts.length; i++) {
        const [x0, y0] = pts[i - 1], [x1, y1] = pts[i];
        if (i % 2 === 0) {
          d += ` L${r1(x1)},${r1(y1)}`; // across a column, in its lane
        } else {
          const mid = (x0 + x1) / 2;
          d += ` C${r1(mid)},${r1(y0)} ${r1(mid)},${r1(y1)} ${r1(x1)},${r1(y1)}`;
        }
      }
      e.d = d;
    }
    let width = 0, height = 0;
    for (const n of real) {
      width = Math.max(width, n.x + n.w + MARGIN);
      height = Math.max(height, n.y + n.h + MARGIN + 40);
    }
    return { nodes: real, edges, width, height };
  }

  // order sorts each column by barycentre sweeps, alternately from the
  // left and from the right, and keeps the order with fewest crossings.
  function order(layers) {
    for (const layer of layers) {
      layer.sort((a, b) => a.key - b.key || a.index - b.index || cmp(a.id, b.id));
      layer.forEach((n, i) => { n.pos = i; });
    }
    let best = layers.map((l) => l.slice()), bestCross = crossings(layers), stale = 0;
    for (let iter = 0; iter < 32 && bestCross > 0 && stale < 6; iter++) {
      const down = iter % 2 === 0;
      for (const l of down ? range(1, layers.length) : range(layers.length - 2, -1)) {
        const layer = layers[l];
        for (const n of layer) {
          const nb = down ? n.ins : n.outs;
          n.bary = nb.length ? nb.reduce((s, x) => s + x.pos, 0) / nb.length : n.pos;
        }
        layer.sort((a, b) => a.bary - b.bary || a.pos - b.pos);
        layer.forEach((n, i) => { n.pos = i; });
      }
      const c = crossings(layers);
      if (c < bestCross) {
        best = layers.map((l) => l.slice());
        bestCross = c;
        stale = 0;
      } else {
        stale++;
      }
    }
    best.forEach((layer, l) => {
      layers[l] = layer;
      layer.forEach((n, i) => { n.pos = i; });
    });
  }

  // placeAll stacks each column, then moves every node towards the median
  // of its neighbours' centres, sweeping left and right.
  function placeAll(layers, gap) {
    const centre = (n) => n.y + n.h / 2;
    for (const layer of layers) {
      let y = 0;
      layer.forEach((n, i) => {
        n.y = y;
        y += n.h + (i + 1 < layer.length ? gap(n, layer[i + 1]) : 0);
      });
    }
    for (let iter = 0; iter < 12; iter++) {
      const right = iter % 2 === 0;
      for (const l of right ? range(1, layers.length) : range(layers.length - 2, -1)) {
        const layer = layers[l];
        const want = layer.map((n) => {
          const nb = (right ? n.ins : n.outs).map(centre).sort((a, b) => a - b);
          return nb.length ? (nb[(nb.length - 1) >> 1] + nb[nb.length >> 1]) / 2 : centre(n);
        });
        place(layer, want, gap);
      }
    }
  }

  // ports spreads the edge ends on one side of node n over the middle of
  // that side, in the order of the neighbours' heights so that they do not
  // cross at the node, and maps each neighbour to its end's y.
  function ports(n, neighbours) {
    const centre = (p) => p.y + p.h / 2;
    const order = neighbours.slice().sort((a, b) => centre(a) - centre(b) || a.pos - b.pos);
    const step = Math.min(10, Math.max(0, n.h - 12) / Math.max(1, order.length));
    const start = n.y + n.h / 2 - (step * (order.length - 1)) / 2;
    const m = new Map();
    order.forEach((p, k) => m.set(p, start + k * step));
    return m;
  }

  // place moves the nodes of one column as close as possible to want (their
  // desired centres), in least squares, keeping their order and gaps. With
  // offsets o_i (the stacked height before node i), y_i = z_i + o_i turns
  // the no-overlap constraints into z nondecreasing: pool adjacent violators.
  function place(layer, want, gap) {
    const off = [];
    let o = 0;
    layer.forEach((n, i) => {
      off.push(o);
      o += n.h + (i + 1 < layer.length ? gap(n, layer[i + 1]) : 0);
    });
    const blocks = []; // {sum, weight, count}
    layer.forEach((n, i) => {
      const w = n.kind === "virtual" ? 2 : 1; // straight long edges matter most
      blocks.push({ sum: w * (want[i] - n.h / 2 - off[i]), weight: w, count: 1 });
      while (blocks.length > 1) {
        const b = blocks[blocks.length - 1], a = blocks[blocks.length - 2];
        if (a.sum / a.weight <= b.sum / b.weight) break;
        blocks.pop();
        a.sum += b.sum;
        a.weight += b.weight;
        a.count += b.count;
      }
    });
    let i = 0;
    for (const b of blocks) {
      const z = b.sum / b.weight;
      for (let k = 0; k < b.count; k++, i++) layer[i].y = z + off[i];
    }
  }

  // crossings counts edge crossings between adjacent columns: sort each
  // column pair's edges by their upper end and count inversions of the
  // lower ends with a Fenwick tree.
  function crossings(layers) {
    let total = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      const segs = [];
      for (const n of layers[l]) for (const s of n.outs) segs.push([n.pos, s.pos]);
      segs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const size = layers[l + 1].length, tree = new Array(size + 1).fill(0);
      let seen = 0;
      for (const [, b] of segs) {
        let le = 0; // seen edges whose lower end is at or above b
        for (let i = b + 1; i > 0; i -= i & -i) le += tree[i];
        total += seen - le;
        for (let i = b + 1; i <= size; i += i & -i) tree[i]++;
        seen++;
      }
    }
    return total;
  }

  function range(from, to) {
    const out = [];
    if (from <= to) for (let i = from; i < to; i++) out.push(i);
    else for (let i = from; i > to; i--) out.push(i);
    return out;
  }

  function cmp(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function r1(v) {
    return Math.round(v * 10) / 10;
  }

  return layout;
})();
