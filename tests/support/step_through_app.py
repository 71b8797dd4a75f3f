"""A page that serves only the step-through view, filled with real explanations of the shipped weights.

The browser tests drive the view alone, apart from the page that will hold it, and a person can look
at it: ``python -m tests.support.step_through_app`` serves it on http://127.0.0.1:7861/. A case and a
language come from the URL (``/?case=not&lang=ko``) or from the two choices above the view.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

import gradio as gr

from lstmdemo import tasks
from lstmdemo.explain import Explanation, explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.text import tokenize
from lstmdemo.ui import step_through
from lstmdemo.ui.style import CSS, THEME

from .server import free_port

#: Words in the long case: near the explained maximum (200), where the payload is largest.
LONG_WORDS = 190
#: The browser's own time for each of ``n`` steps from word ``from`` (the view updates inside the event's
#: dispatch), and with the style and layout the step causes.
STEP_TIMES_JS = """([from, n]) => {
  const bare = [], laid = [];
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    window.dispatchEvent(new CustomEvent("lstmdemo:word", { detail: { index: from + k } }));
    const t1 = performance.now();
    document.body.offsetHeight;  // the layout the step causes
    laid.push(performance.now() - t0);
    bare.push(t1 - t0);
  }
  return { bare, laid };
}"""
#: The document's language follows the choice, so Korean gets its fonts and line breaks.
DOCUMENT_JS = "(name, lang) => { document.documentElement.lang = lang; return [name, lang]; }"


def _long_text() -> str:
    """The topic examples one after another, cut at ``LONG_WORDS`` tokens."""
    text = " ".join(e.text for e in tasks.get("topic").examples())
    return text[: tokenize(text)[LONG_WORDS - 1].end]


#: Case name -> the text and how it is explained.
CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "not": ("The movie is not good", {"task": "sentiment"}),
    "far": (tasks.get("sentiment").examples()[8].text, {"task": "sentiment"}),
    "topic": (tasks.get("topic").examples()[0].text, {"task": "topic"}),
    "long": (_long_text(), {"task": "topic"}),
    "rnn": ("The movie is not good", {"model": "sentiment-rnn"}),
    "markup": ('Not "good" & 1<2 > 0, it\'s `${x}` {{x}} <img src=x onerror=alert(1)>', {"task": "sentiment"}),
}


@functools.cache
def explained(case: str) -> Explanation:
    text, how = CASES[case]
    return explain(text, **how)


def fill(case: str, lang: str) -> str:
    """The view's payload for ``case`` in ``lang``."""
    return step_through.payload(explained(case), sayer(lang))


def opened(request: gr.Request) -> tuple[str, str, str]:
    """The case and language the URL names (``not``, ``en`` when it names none), and their payload."""
    case = request.query_params.get("case", "not")
    lang = request.query_params.get("lang", "en")
    case, lang = (case if case in CASES else "not"), (lang if lang in ("en", "ko") else "en")
    return case, lang, fill(case, lang)


def harness() -> gr.Blocks:
    with gr.Blocks(analytics_enabled=False, title="step-through") as demo:
        with gr.Row():
            case = gr.Dropdown(list(CASES), value="not", label="case", elem_id="case")
            lang = gr.Radio(["en", "ko"], value="en", label="language", elem_id="lang")
        view = step_through.build(sayer("en"), elem_id="step")
        demo.load(opened, None, [case, lang, view]).then(None, [case, lang], [case, lang], js=DOCUMENT_JS)
        gr.on([case.input, lang.input], fill, [case, lang], [view], js=DOCUMENT_JS)
    return demo


def launch(port: int | None = None) -> tuple[gr.Blocks, str]:
    """The harness on a free loopback port (or ``port``); returns it and its URL."""
    demo = harness()
    port = port or free_port()
    demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
        theme=THEME,
        css=CSS + step_through.PAGE_CSS,
    )
    return demo, f"http://127.0.0.1:{port}/"


if __name__ == "__main__":
    served, url = launch(int(sys.argv[1]) if len(sys.argv) > 1 else 7861)
    print(url, flush=True)
    served.block_thread()
