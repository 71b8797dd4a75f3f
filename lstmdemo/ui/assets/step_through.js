/* The step-through view (lstmdemo/ui/step_through.py), part 3 of 3: its state, keys and links.
   Gradio runs the three files, joined, as gr.HTML's js_on_load, with `element`, `props` and `watch` in
   scope; this part runs last and starts the view. The view draws everything from the payload
   (props.value, JSON) once per explanation (step_through_build.js); a step only changes attributes and
   text of what is drawn (step_through_show.js), so it takes one frame. User words reach the DOM as text
   nodes only.

   Linking: the current word is window.lstmdemo.current; every change is announced as the window event
   "lstmdemo:word" (detail.index), and the same event from another view moves this one. */
const PLAY_MS = 700;
const root = element.querySelector('[data-testid="step-through"]');
const shared = (window.lstmdemo = window.lstmdemo || {});
const id = "step-through-" + Math.random().toString(36).slice(2); // this view, as events name their sender
const state = { t: 0, layer: 0, unit: -1, timer: null, hover: false };
let view = null;

/* ---- state -------------------------------------------------------------------------------- */

function go(t, announce, byUser) {
  if (!view) return;
  const to = Math.max(0, Math.min(view.data.words.length - 1, t));
  if (byUser) pause();
  if (to === state.t && view.current) return;
  state.t = to;
  show();
  shared.current = to;
  if (announce) window.dispatchEvent(new CustomEvent("lstmdemo:word", { detail: { index: to, from: id } }));
}

function setLayer(l) {
  state.layer = l;
  state.unit = -1;
  view.layerButtons?.forEach((b, k) => b.setAttribute("aria-pressed", String(k === l)));
  showCell(state.t);
}

function setUnit(k) {
  state.unit = k;
  showCell(state.t);
}

function togglePresent() {
  const on = root.classList.toggle("st-present");
  view.present.setAttribute("aria-pressed", String(on));
  reveal(view.words[state.t]);
}

const PLAY_ICON = "M4 2v12l10-6z";
const PAUSE_ICON = "M3 2h4v12H3zM9 2h4v12H9z";

function play() {
  if (!view) return;
  if (state.t >= view.data.words.length - 1) go(0, true, false);
  state.timer = setInterval(() => {
    if (!root.isConnected || !view || state.t >= view.data.words.length - 1) pause();
    else go(state.t + 1, true, false);
  }, PLAY_MS);
  view.play.setAttribute("aria-label", view.data.text.pause);
  view.play.title = view.data.text.pause;
  view.play.querySelector("path").setAttribute("d", PAUSE_ICON);
}

function pause() {
  if (!state.timer) return;
  clearInterval(state.timer);
  state.timer = null;
  if (!view) return;
  view.play.setAttribute("aria-label", view.data.text.play);
  view.play.title = view.data.text.play;
  view.play.querySelector("path").setAttribute("d", PLAY_ICON);
}

function load(value) {
  pause();
  let d = null;
  try {
    d = value ? JSON.parse(value) : null;
  } catch (e) {
    console.error("step-through: not a payload", e);
  }
  if (!d || !d.words || !d.words.length) {
    view = null;
    root.replaceChildren();
    root.hidden = true;
    return;
  }
  const same = view && view.data.key === d.key;
  const t = same ? state.t : d.start;
  const present = root.classList.contains("st-present");
  view = build(d);
  root.hidden = false;
  state.layer = !d.layers ? 0 : same ? Math.min(state.layer, d.layers.length - 1) : d.layers.length - 1; // the last layer, as the lesson's sentence reads it
  state.unit = -1;
  view.layerButtons?.forEach((b, k) => b.setAttribute("aria-pressed", String(k === state.layer)));
  view.present.setAttribute("aria-pressed", String(present));
  state.t = -1;
  go(t, true, false);
}

/* ---- keys and links ----------------------------------------------------------------------- */

function typing(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["range", "button", "checkbox", "radio", "submit", "reset"].includes(target.type);
}

function onKey(e) {
  if (!view || !root.isConnected || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  if (!root.contains(document.activeElement) && !state.hover) return;
  if (typing(e.target)) return;
  const n = view.data.words.length;
  const moves = { ArrowLeft: state.t - 1, ArrowRight: state.t + 1, Home: 0, End: n - 1 };
  if (e.key in moves) {
    go(moves[e.key], true, true);
  } else if (e.key === " " && !(e.target instanceof HTMLButtonElement)) {
    if (state.timer) pause();
    else play();
  } else {
    return;
  }
  e.preventDefault();
}

function onWord(e) {
  const detail = e.detail || {};
  if (!root.isConnected || detail.from === id || !Number.isInteger(detail.index)) return;
  go(detail.index, false, true);
}

/* A view Gradio re-mounted leaves its old root behind: drop that one's listeners. */
shared.views = (shared.views || []).filter((v) => v.root.isConnected || (v.stop(), false));
document.addEventListener("keydown", onKey);
window.addEventListener("lstmdemo:word", onWord);
shared.views.push({ root, stop: () => {
  pause();
  document.removeEventListener("keydown", onKey);
  window.removeEventListener("lstmdemo:word", onWord);
} });
root.addEventListener("pointerenter", () => (state.hover = true));
root.addEventListener("pointerleave", () => (state.hover = false));
watch("value", () => load(props.value));
load(props.value);
