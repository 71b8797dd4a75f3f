/* The step-through view, part 1 of 3: what is drawn once per payload (the sentence, the controls, the
   answer so far, the LSTM cell, the interventions), keeping a reference to everything a step changes. */
const SVG = "http://www.w3.org/2000/svg";
const LABEL_COLOURS = ["#0077bb", "#ee7733", "#009988", "#ee3377", "#33bbee", "#cc3311"];
const GATE_COLOURS = { f: "#d62728", i: "#1f77b4", g: "#2ca02c", o: "#ff7f0e" };
const TOWARD = [239, 68, 60]; // the page's colours for a word's push toward / away from the target
const AWAY = [128, 90, 213];

/* ---- small helpers ---------------------------------------------------------------------- */

function node(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c); // strings become text nodes
  return el;
}

function shape(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/* A template's text with each filled-in value kept on one line ("부정적(Negative)" must not break). */
function parts(template, values) {
  return template.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    const k = piece.slice(1, -1);
    return piece.startsWith("{") && k in values ? node("span", { class: "st-v" }, String(values[k])) : piece;
  });
}

const two = (hundredths) => (hundredths / 100).toFixed(2);

function pct(perMille) {
  const v = perMille / 10;
  return (v > 0 && v < 1) || (v > 99 && v < 100) ? v.toFixed(1) + "%" : Math.round(v) + "%";
}

const row = (flat, t, n) => flat.slice(t * n, t * n + n);
const argmax = (xs) => xs.reduce((best, x, k) => (x > xs[best] ? k : best), 0);

/* ---- building: once per payload --------------------------------------------------------- */

function icon(d) {
  const s = shape("svg", { viewBox: "0 0 16 16", "aria-hidden": "true" });
  s.append(shape("path", { d }));
  return s;
}

function buildHead(d, refs) {
  const tools = node("div", { class: "st-tools" });
  if (d.layers && d.layers.length > 1) {
    const group = node("div", { class: "st-layers", role: "group", "aria-label": d.text.layers });
    refs.layerButtons = d.layers.map((_, l) => {
      const b = node("button", { type: "button", "aria-pressed": "false" }, fill(d.text.layer, { layer: l + 1 }));
      b.addEventListener("click", () => setLayer(l));
      group.append(b);
      return b;
    });
    tools.append(group);
  }
  refs.present = node("button", { type: "button", class: "st-present", "aria-pressed": "false", title: d.text.present_hint }, d.text.present);
  refs.present.addEventListener("click", togglePresent);
  tools.append(refs.present);
  return [node("div", { class: "st-head" }, node("h3", { class: "st-title" }, d.text.title), tools),
    node("p", { class: "st-caption" }, d.text.caption)];
}

function buildSentence(d, refs) {
  const box = node("div", { class: "st-sentence" });
  refs.words = d.words.map((w, t) => {
    const span = node("span", { class: "st-word", "data-i": String(t) }, w);
    const ig = d.ig[t] / 100;
    const [r, g, b] = ig >= 0 ? TOWARD : AWAY;
    span.style.borderBottomColor = `rgba(${r}, ${g}, ${b}, ${Math.min(1, Math.abs(ig) * 0.9 + 0.05).toFixed(2)})`;
    if (d.space[t]) box.append(" "); // as written: "year," stays one word
    box.append(span);
    return span;
  });
  box.addEventListener("click", (e) => {
    const w = e.target.closest(".st-word");
    if (w) go(Number(w.dataset.i), true, true);
  });
  refs.sentence = box;
  return [node("p", { class: "st-note" }, ...parts(d.text.sentence, { target: d.labels[d.target] })), box];
}

function buildControls(d, refs) {
  const button = (label, path, step) => {
    const b = node("button", { type: "button", "aria-label": label, title: label }, icon(path));
    b.addEventListener("click", step);
    return b;
  };
  refs.back = button(d.text.back, "M11 2 4 8l7 6z", () => go(state.t - 1, true, true));
  refs.play = button(d.text.play, "M4 2v12l10-6z", () => (state.timer ? pause() : play()));
  refs.forward = button(d.text.forward, "M5 2l7 6-7 6z", () => go(state.t + 1, true, true));
  refs.slider = node("input", { type: "range", class: "st-slider", min: "0", max: String(d.words.length - 1), step: "1", value: "0", "aria-label": d.text.slider });
  refs.slider.addEventListener("input", () => go(Number(refs.slider.value), true, true));
  refs.pos = node("span", { class: "st-pos" });
  return node("div", { class: "st-controls" }, refs.back, refs.play, refs.forward, refs.slider, refs.pos);
}

const CHART = { x0: 34, x1: 352, y0: 10, y1: 108 };

function chartX(t, n) {
  return n > 1 ? CHART.x0 + ((CHART.x1 - CHART.x0) * t) / (n - 1) : (CHART.x0 + CHART.x1) / 2;
}

function chartY(perMille) {
  return CHART.y1 - ((CHART.y1 - CHART.y0) * perMille) / 1000;
}

function buildRunning(d, refs) {
  const n = d.words.length;
  const c = d.labels.length;
  const colour = (k) => LABEL_COLOURS[k % LABEL_COLOURS.length];
  const svg = shape("svg", { class: "st-chart", viewBox: "0 0 360 126", "aria-hidden": "true" });
  const clip = shape("clipPath", { id: id + "-clip" });
  refs.clip = shape("rect", { x: "0", y: "0", height: "126", width: "0" });
  clip.append(refs.clip);
  const defs = shape("defs");
  defs.append(clip);
  svg.append(defs);
  for (const p of [0, 500, 1000]) {
    svg.append(shape("line", { class: "st-axis", x1: CHART.x0, x2: CHART.x1, y1: chartY(p), y2: chartY(p) }));
    svg.append(shape("text", { class: "st-small", x: CHART.x0 - 4, y: chartY(p) + 3, "text-anchor": "end" }, pct(p)));
  }
  const lines = shape("g", { "clip-path": `url(#${id}-clip)` });
  const series = [[d.running, "st-lstm"], [d.running_compare, "st-rnn"]].filter(([probs]) => probs);
  for (const [probs, cls] of series) {
    for (let k = 0; k < c; k++) {
      const pts = Array.from({ length: n }, (_, t) => `${chartX(t, n).toFixed(1)},${chartY(probs[t * c + k]).toFixed(1)}`);
      lines.append(shape("polyline", { class: cls, points: pts.join(" "), stroke: colour(k) }));
    }
  }
  refs.cursor = shape("line", { class: "st-cursor", y1: CHART.y0 - 6, y2: CHART.y1 });
  refs.cursorWord = shape("text", { class: "st-small", y: CHART.y1 + 15 });
  svg.append(lines, refs.cursor, refs.cursorWord);
  refs.dots = series.map(([, cls]) => d.labels.map((_, k) => {
    const dot = shape("circle", cls === "st-lstm" ? { r: "4", fill: colour(k) } : { r: "3", fill: "white", stroke: colour(k), "stroke-width": "1.5" });
    svg.append(dot);
    return dot;
  }));
  refs.runAfter = node("span");
  const head = node("tr", {}, node("th", {}, refs.runAfter), ...series.map((_, s) => node("th", {}, s ? d.compare : d.model)));
  const body = node("tbody");
  refs.runCells = d.labels.map((label, k) => {
    const swatch = node("span", { class: "st-swatch" });
    swatch.style.background = colour(k);
    const cells = series.map(() => node("td"));
    body.append(node("tr", {}, node("td", {}, swatch, label), ...cells));
    return cells;
  });
  const legend = d.running_compare ? [node("p", { class: "st-sub" }, fill(d.text["running.legend"], { model: d.model, compare: d.compare }))] : [];
  return node("section", { class: "st-panel st-run" }, node("h4", {}, d.text["running.title"]), svg, ...legend,
    node("table", {}, node("thead", {}, head), body));
}

/* The cell as the chapter draws it: the cell state on top carries the memory from the word before; the
   forget gate multiplies it, the input gate adds the candidate, the output gate reads it out. */
function buildDiagram(d, refs) {
  const svg = shape("svg", { class: "st-diagram", viewBox: "0 0 360 214", "aria-hidden": "true" });
  const marker = shape("marker", { id: id + "-arrow", viewBox: "0 0 10 10", refX: "8", refY: "5", markerWidth: "12", markerHeight: "12", markerUnits: "userSpaceOnUse", orient: "auto" });
  marker.append(shape("path", { d: "M0 0 10 5 0 10z", fill: "#374151" }));
  const defs = shape("defs");
  defs.append(marker);
  const arrow = `url(#${id}-arrow)`;
  const cell = (refs.cell = {});
  svg.append(defs,
    shape("text", { class: "st-small", x: "8", y: "14" }, d.text["cell.memory_in"]),
    shape("text", { class: "st-small", x: "352", y: "14", "text-anchor": "end" }, d.text["cell.memory_out"]),
    shape("path", { class: "st-highway", d: "M8 42H98" }));
  cell.kept = shape("path", { class: "st-highway", d: "M122 42H203" });
  cell.passed = shape("path", { class: "st-highway", d: "M227 42H344", "marker-end": arrow });
  cell.before = shape("text", { class: "st-mem", x: "54", y: "33", "text-anchor": "middle" });
  cell.after = shape("text", { class: "st-mem", x: "282", y: "33", "text-anchor": "middle" });
  cell.keep = [66, 80].map((y) => shape("text", { class: "st-small", x: "118", y }));
  cell.written = shape("path", { class: "st-wire", d: "M215 82V55" });
  cell.shown = shape("path", { class: "st-wire", d: "M328 92H350", "marker-end": arrow });
  cell.h = shape("text", { class: "st-small", x: "358", y: "82", "text-anchor": "end" });
  cell.word = shape("text", { class: "st-word-in", x: "8", y: "208" });
  svg.append(cell.kept, cell.passed, cell.before, cell.after, ...cell.keep, cell.written, cell.shown, cell.h, cell.word,
    shape("path", { class: "st-wire", d: "M110 122V55" }),
    shape("path", { class: "st-wire", d: "M180 122V92H205" }),
    shape("path", { class: "st-wire", d: "M250 122V92H225" }),
    shape("path", { class: "st-wire", d: "M318 43V81M318 122V103" }),
    shape("text", { class: "st-small", x: "313", y: "68", "text-anchor": "end" }, "tanh"),
    shape("path", { class: "st-wire", d: "M20 188H318M110 188V160M180 188V160M250 188V160M318 188V160" }));
  for (const [x, y, r, op] of [[110, 42, 12, "×"], [215, 42, 12, "+"], [215, 92, 10, "×"], [318, 92, 10, "×"]]) {
    svg.append(shape("circle", { class: "st-node", cx: x, cy: y, r }), shape("text", { class: "st-op", x, y: y + 5, "text-anchor": "middle" }, op));
  }
  cell.boxes = {};
  for (const [gate, x, name] of [["f", 110, "forget"], ["i", 180, "input"], ["g", 250, "candidate"], ["o", 318, "output"]]) {
    const box = shape("g");
    box.append(shape("rect", { class: "st-box", x: x - 33, y: "120", width: "66", height: "40", rx: "6", stroke: GATE_COLOURS[gate] }),
      shape("text", { class: "st-name", x, y: "133", "text-anchor": "middle" }, d.text["cell." + name]),
      shape("rect", { class: "st-track", x: x - 29, y: "154", width: "58", height: "3" }));
    const value = shape("text", { class: "st-val", x, y: "150", "text-anchor": "middle" });
    const bar = shape("rect", { x: x - 29, y: "154", width: "0", height: "3", fill: GATE_COLOURS[gate] });
    box.append(value, bar);
    svg.append(box);
    cell.boxes[gate] = { value, bar, x };
  }
  return svg;
}

function buildUnits(d, refs) {
  const cols = ["unit", "before", "f", "write", "after", "o"].map((k) => node("th", {}, d.text["cell.col." + k]));
  const body = node("tbody");
  refs.unitRows = [-1, ...d.layers[0].units.map((_, k) => k)].map((k) => {
    const button = node("button", { type: "button", "aria-pressed": "false" });
    const cells = Array.from({ length: 5 }, () => node("td"));
    const tr = node("tr", { "data-unit": String(k) }, node("td", {}, button), ...cells);
    body.append(tr);
    return { tr, button, cells };
  });
  body.addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-unit]");
    if (tr) setUnit(Number(tr.dataset.unit));
  });
  refs.unitsNote = node("p", { class: "st-sub" });
  const table = node("table", { class: "st-units" }, node("thead", {}, node("tr", {}, ...cols)), body);
  return [refs.unitsNote, node("div", { class: "st-scroll" }, table)];
}

function buildCell(d, refs) {
  refs.cellTitle = node("h4");
  const section = node("section", { class: "st-panel st-cell" }, refs.cellTitle);
  if (!d.layers) {
    refs.cellTitle.textContent = d.model;
    section.append(node("p", { class: "st-none" }, fill(d.text["cell.none"], { model: d.model })));
    return section;
  }
  refs.cellSub = node("p", { class: "st-sub" });
  refs.reading = node("p", { class: "st-reading" });
  section.append(refs.cellSub, buildDiagram(d, refs), refs.reading, ...buildUnits(d, refs));
  return section;
}

function buildInterventions(d, refs) {
  const kinds = ["real", ...(d.write ? ["write", "cell"] : []), "deleted"];
  refs.intTitle = node("h4");
  refs.ints = kinds.map((kind) => {
    const name = node("span", { class: "st-row-name" }, kind === "real" ? d.text["int.real"] : "");
    const segments = d.labels.map((_, k) => {
      const s = node("span");
      s.style.background = LABEL_COLOURS[k % LABEL_COLOURS.length];
      return s;
    });
    const value = node("span", { class: "st-row-val" });
    const change = node("span", { class: "st-row-change" });
    const el = node("div", { class: "st-row" + (kind === "real" ? " st-real" : ""), "data-kind": kind },
      name, value, node("div", { class: "st-bar" }, ...segments), ...(kind === "real" ? [] : [change]));
    return { kind, el, name, segments, value, change };
  });
  return node("section", { class: "st-panel st-int" }, refs.intTitle, node("p", { class: "st-sub" }, d.text["int.note"]),
    node("div", { class: "st-rows" }, ...refs.ints.map((r) => r.el)));
}

function build(d) {
  const refs = { data: d, current: null };
  const grid = node("div", { class: "st-grid" }, buildRunning(d, refs), buildCell(d, refs), buildInterventions(d, refs));
  root.replaceChildren(...buildHead(d, refs), ...buildSentence(d, refs), buildControls(d, refs), grid);
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", d.text.title);
  return refs;
}
