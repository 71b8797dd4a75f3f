/* The step-through view, part 2 of 3: what a step changes. Only attributes and text of what
   step_through_build.js drew, so a step is one frame even at 200 words on a phone. */

function showSentence(t) {
  const w = view.words[t];
  view.current?.removeAttribute("aria-current");
  w.setAttribute("aria-current", "true");
  view.current = w;
  if (!view.revealing) {  // read the layout once, in the frame the step is drawn in
    view.revealing = requestAnimationFrame(() => {
      view.revealing = 0;
      if (view) reveal(view.current);
    });
  }
}

/* Scroll a long text's box (not the page) so the current word shows, its line second from the top. */
function reveal(w) {
  const box = view.sentence;
  if (box.scrollHeight <= box.clientHeight) return;
  const inView = w.offsetTop >= box.scrollTop && w.offsetTop + w.offsetHeight <= box.scrollTop + box.clientHeight;
  if (inView) return;
  const line = parseFloat(getComputedStyle(box).lineHeight);
  box.scrollTop = Math.max(0, Math.floor(w.offsetTop / line) - 1) * line;
}

function showControls(t) {
  const d = view.data;
  const n = d.words.length;
  const position = fill(d.text.position, { n: t + 1, total: n });
  view.slider.value = String(t);
  view.slider.setAttribute("aria-valuetext", `${position}: ${d.words[t]}`);
  view.pos.textContent = position;
  view.back.setAttribute("aria-disabled", String(t === 0));
  view.forward.setAttribute("aria-disabled", String(t === n - 1));
}

function showRunning(t) {
  const d = view.data;
  const n = d.words.length;
  const c = d.labels.length;
  const x = chartX(t, n);
  view.clip.setAttribute("width", String(x + 1));
  view.cursor.setAttribute("x1", x);
  view.cursor.setAttribute("x2", x);
  view.cursorWord.textContent = d.words[t];
  view.cursorWord.setAttribute("x", x);
  view.cursorWord.setAttribute("text-anchor", x < 90 ? "start" : x > 300 ? "end" : "middle"); // inside the chart
  view.runAfter.textContent = fill(d.text["running.after"], { word: d.words[t] });
  [d.running, d.running_compare].filter(Boolean).forEach((probs, s) => {
    const p = row(probs, t, c);
    view.dots[s].forEach((dot, k) => {
      dot.setAttribute("cx", x);
      dot.setAttribute("cy", chartY(p[k]));
    });
    view.runCells.forEach((cells, k) => (cells[s].textContent = pct(p[k])));
  });
}

/* One unit's (or the mean over units') values at word t of the layer shown. */
function unitValues(L, t, unit) {
  if (unit < 0) {
    return { before: t ? L.c[t - 1] : 0, f: L.f[t], i: L.i[t], g: L.g[t], o: L.o[t], after: L.c[t], write: L.w[t], keep: L.keep[t] };
  }
  const k = L.units.length;
  const at = (a, s) => a[s * k + unit];
  const v = { before: t ? at(L.hc, t - 1) : 0, f: at(L.hf, t), i: at(L.hi, t), g: at(L.hg, t), o: at(L.ho, t), after: at(L.hc, t) };
  v.write = Math.round(v.after - (v.f * v.before) / 100);
  v.h = Math.round(v.o * Math.tanh(v.after / 100));
  return v;
}

function showUnits(t) {
  const d = view.data;
  const L = d.layers[state.layer];
  view.unitRows.forEach(({ tr, button, cells }, r) => {
    const v = unitValues(L, t, r - 1);
    [v.before, v.f, v.write, v.after, v.o].forEach((x, j) => (cells[j].textContent = two(x)));
    button.textContent = r ? fill(d.text["cell.unit"], { unit: L.units[r - 1] }) : fill(d.text["cell.all"], { n: d.n_units });
    const on = r - 1 === state.unit;
    tr.classList.toggle("st-on", on);
    button.setAttribute("aria-pressed", String(on));
  });
}

function showCell(t) {
  const d = view.data;
  const word = d.words[t];
  if (!d.layers) return;
  view.cellTitle.textContent = fill(d.text["cell.title"], { word });
  const L = d.layers[state.layer];
  const last = state.layer === d.layers.length - 1;
  const v = unitValues(L, t, state.unit);
  const cell = view.cell;
  const layerName = fill(d.text.layer, { layer: state.layer + 1 });
  const who = state.unit < 0 ? fill(d.text["cell.all"], { n: d.n_units }) : fill(d.text["cell.unit"], { unit: L.units[state.unit] });
  view.cellSub.textContent = `${layerName} · ${who}`;
  const c = state.unit < 0 ? "|c| " : "c ";
  cell.before.textContent = c + two(v.before);
  cell.after.textContent = c + two(v.after);
  const keeps = state.unit < 0 ? fill(d.text["cell.keeps"], { keep: v.keep, n: d.n_units }).split("\n") : [];
  cell.keep.forEach((line, k) => (line.textContent = keeps[k] || ""));
  cell.h.textContent = v.h === undefined ? "h" : "h " + two(v.h);
  const short = word.length > 24 ? word.slice(0, 23) + "…" : word;
  cell.word.textContent = state.layer ? fill(d.text["cell.from_layer"], { layer: state.layer, word: short }) : `${d.text["cell.word"]}: “${short}”`;
  const strength = (x) => (0.25 + 0.75 * Math.min(1, Math.abs(x) / 100)).toFixed(2);
  cell.kept.style.opacity = strength(v.f);
  cell.written.style.opacity = strength(v.i);
  cell.written.style.strokeWidth = (1.5 + (4 * Math.abs(v.i)) / 100).toFixed(1);
  cell.shown.style.opacity = strength(v.o);
  for (const gate of ["f", "i", "g", "o"]) {
    const { value, bar, x } = cell.boxes[gate];
    const g = v[gate] / 100;
    value.textContent = `${gate} ${g < 0 ? "−" : ""}${Math.abs(g).toFixed(2)}`;
    const width = gate === "g" ? 29 * Math.min(1, Math.abs(g)) : 58 * Math.max(0, Math.min(1, g));
    bar.setAttribute("width", width.toFixed(1));
    bar.setAttribute("x", (gate === "g" ? (g < 0 ? x - width : x) : x - 29).toFixed(1));
  }
  const reader = last ? d.text["cell.to_classifier"] : fill(d.text["cell.to_layer"], { layer: state.layer + 2 });
  const mean = unitValues(L, t, -1);
  view.reading.textContent = fill(d.text["cell.reading"], { word, layer: state.layer + 1, n: d.n_units, f: two(mean.f), keep: mean.keep, i: two(mean.i), o: two(mean.o), reader });
  view.unitsNote.textContent = fill(d.text["cell.highway"], { k: L.units.length, layer: state.layer + 1, n: d.n_units });
  showUnits(t);
}

function showInterventions(t) {
  const d = view.data;
  const n = d.words.length;
  const c = d.labels.length;
  const word = d.words[t];
  const real = row(d.running, n - 1, c);
  const top = argmax(real);
  view.intTitle.textContent = fill(d.text["int.title"], { word });
  for (const r of view.ints) {
    const p = r.kind === "real" ? real : row(d[r.kind], t, c);
    r.segments.forEach((s, k) => (s.style.width = p[k] / 10 + "%"));
    const best = argmax(p);
    r.value.textContent = `${d.labels[best]} ${pct(p[best])}`;
    if (r.kind === "real") continue;
    r.name.textContent = fill(d.text["int." + r.kind], { word });
    const change = parts(d.text["int.change"], { label: d.labels[top], before: pct(real[top]), after: pct(p[top]) });
    const flipped = best !== top;
    r.el.classList.toggle("st-flip", flipped);
    const lead = flipped ? parts(d.text["int.flip"], { label: d.labels[best] }) : Math.abs(p[top] - real[top]) < 5 ? [d.text["int.same"]] : [];
    r.change.replaceChildren(...lead, ...(lead.length ? [" · "] : []), ...change);
  }
}

function show() {
  const t = state.t;
  showSentence(t);
  showControls(t);
  showRunning(t);
  showCell(t);
  showInterventions(t);
}
