// "Copy a link to this view": the page's language, task and text (from the last explanation) and the
// lesson open now, as URL parameters the page reads when it opens (?lang=ko&task=...&text=...&lesson=4).
(() => {
  const root = element.querySelector(".share-root");
  const link = () => {
    if (!props.value) return "";
    const data = JSON.parse(props.value);
    const url = new URL(window.location.href.split("?")[0]);
    url.searchParams.set("lang", data.lang);
    url.searchParams.set("task", data.task);
    url.searchParams.set("text", data.text);
    const tabs = [...document.querySelectorAll("#lessons [role=tab]")];
    const open = tabs.findIndex((t) => t.getAttribute("aria-selected") === "true");
    if (open >= 0) url.searchParams.set("lesson", String(open + 1));
    return url.toString();
  };
  const draw = () => {
    root.replaceChildren();
    if (!props.value) return;
    const data = JSON.parse(props.value);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "share-button";
    button.textContent = data.button;
    const field = document.createElement("input");
    field.className = "share-link";
    field.readOnly = true;
    field.setAttribute("aria-label", data.label);
    button.addEventListener("click", async () => {
      field.value = link();
      field.style.display = "block";
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = data.copied;
      } catch {
        button.textContent = data.select;
      }
    });
    root.append(button, field);
  };
  watch("value", draw);
  draw();
})();
