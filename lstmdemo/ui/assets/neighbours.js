// The nearest words to the page's current word in the model's own word vectors: frozen GloVe beside the
// fine-tuned model's, when the task has one. Follows the "lstmdemo:word" event; draws from one JSON value.
// User words only enter the DOM through textContent.
(() => {
  const root = element.querySelector(".nb-root");
  const store = (window.lstmdemo = window.lstmdemo || { current: 0 });
  let data = null;

  const column = (title, rows) => {
    const box = document.createElement("div");
    box.className = "nb-column";
    const head = document.createElement("div");
    head.className = "nb-title";
    head.textContent = title;
    box.appendChild(head);
    for (const [word, cos] of rows) {
      const row = document.createElement("div");
      row.className = "nb-row";
      const name = document.createElement("span");
      name.className = "nb-word";
      name.textContent = word;
      const bar = document.createElement("span");
      bar.className = "nb-bar";
      bar.style.width = `${Math.max(0, cos) * 100}%`;
      const value = document.createElement("span");
      value.className = "nb-value";
      value.textContent = cos.toFixed(2);
      row.append(name, bar, value);
      box.appendChild(row);
    }
    return box;
  };

  const draw = () => {
    root.replaceChildren();
    if (!data) return;
    const index = Math.min(store.current || 0, data.tokens.length - 1);
    const key = data.tokens[index];
    const head = document.createElement("div");
    head.className = "nb-head";
    const entry = data.words[key];
    head.textContent = (entry ? data.text.title : data.text.unknown).replace("{word}", data.written[index]);
    root.appendChild(head);
    if (!entry) return;
    const columns = document.createElement("div");
    columns.className = "nb-columns";
    columns.appendChild(column(data.text.frozen, entry.frozen));
    if (entry.tuned) columns.appendChild(column(data.text.tuned, entry.tuned));
    root.appendChild(columns);
  };

  window.addEventListener("lstmdemo:word", (e) => {
    store.current = e.detail.index;
    draw();
  });
  watch("value", () => {
    data = props.value ? JSON.parse(props.value) : null;
    draw();
  });
  data = props.value ? JSON.parse(props.value) : null;
  draw();
})();
