"""The page's events: what each control, the page's opening and the language switch run, and how.

Explaining events (``serving.EXPLAIN_EVENT``) go through the queue and its lanes; re-drawing from the
cached explanation or the cards is the render lane (``RENDER_EVENT``); what computes nothing runs in the
browser or outside the queue (``QUICK_EVENT``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import gradio as gr

from ..i18n import DEFAULT_LANG, languages, say
from . import api, nextstep
from .handlers import LESSONS
from .lessons.base import Shown
from .serving import EXPLAIN_EVENT, QUICK_EVENT, RENDER_EVENT

if TYPE_CHECKING:
    from .page import Page

#: The browser's first preferred language the page speaks, else the default (runs before the page opens).
BROWSER_LANG_JS = f"""() => {{
    const spoken = {json.dumps(languages())};
    const preferred = (navigator.languages || [navigator.language]).map((l) => l.toLowerCase().split("-")[0]);
    return [preferred.find((l) => spoken.includes(l)) || "{DEFAULT_LANG}"];
}}"""
#: The document's language (so the browser picks fonts for it) and title (the header's first line).
DOCUMENT_JS = """(lang, header) => {
    document.documentElement.lang = lang;
    document.title = header.split("\\n")[0].replace(/^#\\s*/, "");
}"""
#: Marks the shown results stale and says a new explanation runs, in the page's language, in the browser:
#: a round trip to the server before the explanation is even queued cost a short text a third of its wait.
RUNNING_JS = f"""(lang) => {{
    document.body.classList.add("lstm-stale");
    const said = {json.dumps({code: say("status.running", lang=code) for code in languages()}, ensure_ascii=False)};
    return said[lang] ?? said[{json.dumps(DEFAULT_LANG)}];
}}"""
#: The explanation is in (or refused): the results are current again.
DONE_JS = '() => { document.body.classList.remove("lstm-stale"); }'


def wire(page: Page) -> None:
    """The events: explain (button, Enter, an example, the task switch, page load), re-draws, language."""
    ins, h, lang = page.ins, page.handlers, page.lang
    gates, highway = page.lessons["gates"], page.lessons["highway"]
    choices = [gates.gate, gates.layer, highway.layer, gates.units_open]
    inputs = [ins.text, ins.task, ins.target, ins.baseline, ins.precision, *choices, lang]
    outputs = page.outputs

    marked = {"fn": None, "inputs": [lang], "outputs": [ins.status], "js": RUNNING_JS, **QUICK_EVENT}
    # The progress shows on the status line alone: drawn on each of the ~30 outputs, it cost a short text
    # more of the browser's time than its explanation (the old results are dimmed meanwhile).
    explaining = {**EXPLAIN_EVENT, "show_progress_on": [ins.status]}

    def explain(marking: Any) -> None:
        """After ``marking`` (the old results marked stale, in the browser): the explanation, then the mark
        removed, whether it was explained or refused."""
        run = marking.then(page.run, inputs, outputs, **explaining)
        run.then(None, js=DONE_JS, **QUICK_EVENT)
        run.failure(None, js=DONE_JS, **QUICK_EVENT)  # a refusal ("busy", too many places) too

    def explained(event: Any) -> None:
        explain(event.then(**marked))

    explain(gr.on([ins.button.click, ins.text.submit], **marked))
    explained(ins.examples.click(h.pick, [ins.examples, ins.task], [ins.text], **QUICK_EVENT))
    every_text = list(page.texts(h.first.task.name, DEFAULT_LANG))
    switched = list(page.switch(h.first.task.name, DEFAULT_LANG))
    explained(ins.task.input(page.switch, [ins.task, lang], switched, **QUICK_EVENT))
    document = {"fn": None, "inputs": [lang, ins.header], "js": DOCUMENT_JS, **QUICK_EVENT}
    gloss = {"fn": h.gloss, "inputs": [ins.text, ins.task, lang], "outputs": [ins.text], **QUICK_EVENT}
    ins.text.change(**gloss, trigger_mode="always_last")
    opened = list(dict.fromkeys([lang, page.shell, page.lesson_tabs, *every_text, *switched]))
    page.demo.load(page.opening, [lang], opened, js=BROWSER_LANG_JS, **RENDER_EVENT).then(**document).then(
        page.run, inputs, outputs, **explaining
    )
    comparison = page.lessons["next_step"].comparison
    step_outputs = comparison.outputs if comparison else []
    kept = [page.lessons["dependency"].answers, page.lessons["modifiers"].pair]
    relabelled = list(dict.fromkeys([*every_text, *outputs, *step_outputs, *kept]))
    lang.input(page.relabel, page.relabel_inputs, relabelled, **RENDER_EVENT).then(**document).then(**gloss)
    api.register(h)
    if comparison is not None:
        nextstep.wire(comparison, lang, EXPLAIN_EVENT)
    # Re-drawing from the cached explanation never touches the model: the render lane.
    units = [gates.units_open, gates.gate_reading, gates.heatmap, gates.means]
    for control in (gates.details.expand, gates.gate.change, gates.layer.change):
        control(page.units, [page.state, ins.task, gates.gate, gates.layer, lang], units, **RENDER_EVENT)
    gates.details.collapse(page.units_closed, None, [gates.units_open], **RENDER_EVENT)
    drawn = [highway.reading, highway.plot]
    highway.layer.change(page.highway_layer, [page.state, ins.task, highway.layer, lang], drawn, **RENDER_EVENT)
    _wire_pair(page, explained)
    memory = page.lessons["dependency"]
    for control in (memory.n, memory.bias):
        control.change(LESSONS["dependency"].answers, [memory.n, memory.bias, lang], [memory.answers], **RENDER_EVENT)


def _wire_pair(page: Page, explained: Callable[[Any], None]) -> None:
    """The minimal pair: compare the text with another sentence (one more explanation, queued), or send the
    other sentence up to be explained and stepped through."""
    m, lang = page.lessons["modifiers"], page.lang

    def compare(shown: Shown | None, text: str, lang: str) -> dict[Any, Any]:
        """The other sentence (named ``text``, which the lanes read to put a long one in the long lane)."""
        pair, shown_pair = LESSONS["modifiers"].compare(shown, text, lang)
        return {m.pair_state: pair, m.pair: shown_pair}

    gr.on(
        [m.pair_button.click, m.other.submit],
        compare,
        [page.state, m.other, lang],
        [m.pair_state, m.pair],
        **EXPLAIN_EVENT,
    )
    explained(m.send.click(None, [m.other], [page.ins.text], js="(other) => other", **QUICK_EVENT))
