// The text as typed, each word coloured by how much it pushed the answer (Integrated Gradients), and the
// page's one "current word": clicking a word makes it current for every view that listens
// (the step-through, the GloVe neighbours, ...), and the current word is outlined here.
// `element`, `props` and `watch` are Gradio's (gr.HTML js_on_load). User text only ever enters the DOM
// through textContent.
(() => {
  const root = element.querySelector(".sentence-root");
  const store = (window.lstmdemo = window.lstmdemo || { current: 0 });
  let spans = [];

  const colour = (score) => {
    const a = Math.min(1, Math.abs(score));
    return score >= 0 ? `rgba(239, 68, 60, ${a})` : `rgba(128, 90, 213, ${a})`;
  };

  const mark = (index) => {
    spans.forEach((s, i) => {
      if (i === index) s.setAttribute("aria-current", "true");
      else s.removeAttribute("aria-current");
    });
  };

  const select = (index) => {
    store.current = index;
    mark(index);
    window.dispatchEvent(new CustomEvent("lstmdemo:word", { detail: { index, from: "sentence" } }));
  };

  const draw = () => {
    root.replaceChildren();
    spans = [];
    if (!props.value) return;
    const data = JSON.parse(props.value);
    if (data.label) {
      const label = document.createElement("div");
      label.className = "sentence-label";
      label.textContent = data.label;
      root.appendChild(label);
    }
    const line = document.createElement("div");
    line.className = "sentence-line";
    for (const [text, score] of data.segments) {
      if (score === null) {
        line.appendChild(document.createTextNode(text));
        continue;
      }
      const word = document.createElement("span");
      const index = spans.length;
      word.className = "sentence-word";
      word.textContent = text;
      word.style.background = colour(score);
      word.style.color = Math.abs(score) > 0.55 ? "white" : "inherit";
      word.tabIndex = -1;
      word.title = data.hint.replace("{score}", score.toFixed(2));
      word.addEventListener("click", () => select(index));
      spans.push(word);
      line.appendChild(word);
    }
    if (data.truncated) line.appendChild(document.createTextNode(" …"));
    root.appendChild(line);
    mark(Math.min(store.current || 0, spans.length - 1));
  };

  window.addEventListener("lstmdemo:word", (e) => {
    if (e.detail.from !== "sentence") mark(e.detail.index);
  });
  watch("value", draw);
  draw();
})();
