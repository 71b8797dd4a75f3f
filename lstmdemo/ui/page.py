"""The demo page: the sections laid out, and the events that fill them from one ``explain()`` call.

Nothing here computes an attribution or calls the model itself: every number on the page
comes from one ``explain()`` call, kept in a ``gr.State`` so that choosing another gate or
layer, or another language, re-draws without recomputing, or from the model cards. Every
word comes from the message catalogue; every task word from the task being served.

The language is chosen on the server: a radio at the top is an input of every event, so the
text computed per explanation follows it, and switching it re-makes every fixed word from the
same ``*_words`` functions that built the page. It opens in the browser's language. (Gradio's
``gr.I18n`` translates fixed keys in the browser only, without placeholders, and the server
cannot read its choice, so it could not translate the readings computed from numbers.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ..i18n import DEFAULT_LANG, languages, sayer
from . import api, nextstep, sections, serving
from .about import About, about_tab
from .handlers import Failure, GateViews, Handlers, Rendered, Shown
from .served_tasks import served_tasks
from .serving import EXPLAIN_EVENT, QUICK_EVENT, RENDER_EVENT

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


@dataclass(frozen=True)
class Page:
    demo: gr.Blocks
    handlers: Handlers
    lang: gr.Radio
    shell: gr.Column
    tabs: dict[str, gr.Tab]  # catalogue key of the label -> tab
    state: gr.State
    results: gr.Column
    ins: sections.InputsSection
    words: sections.WordsSection
    gates: sections.GatesSection
    highway: sections.LessonSection
    reach: sections.ReachSection
    misses: sections.MissesSection
    nextstep: nextstep.NextStep | None
    about: About

    @property
    def outputs(self) -> list[Any]:
        """Every component one explanation fills (the keys of ``fill``)."""
        words, reach = self.words, self.reach
        return [
            self.state, self.ins.status, self.results, self.ins.prediction, words.words, words.details, words.bars,
            *self.view_outputs, reach.reading, reach.plot, self.misses.sentence,
        ]  # fmt: skip

    @property
    def view_outputs(self) -> list[Any]:
        """The components that follow the chosen gate and layer (the keys of ``fill_views``)."""
        gates, highway = self.gates, self.highway
        return [gates.reading, gates.heatmap, gates.means, highway.reading, highway.plot]

    def fill(self, r: Rendered | Failure | None) -> dict[Any, Any]:
        """Each rendered part on its component; a failure says why and hides the old results."""
        if r is None:
            return {}
        if isinstance(r, Failure):
            hidden = gr.update(visible=False, elem_classes=[])
            return {self.state: None, self.ins.status: r.status, self.results: hidden}
        return {
            self.state: r.shown,
            self.ins.status: r.status,
            self.results: gr.update(visible=True, elem_classes=[]),
            self.ins.prediction: gr.update(**r.prediction),
            self.words.words: r.words,
            self.words.details: r.details,
            self.words.bars: r.bars,
            **self.fill_views(r.views),
            self.reach.reading: r.reach_reading,
            self.reach.plot: r.reach_plot,
            self.misses.sentence: r.misses,
        }

    def fill_views(self, v: GateViews | None) -> dict[Any, Any]:
        if v is None:
            return {}
        gates, highway = self.gates, self.highway
        return {
            gates.reading: v.gate_reading,
            gates.heatmap: v.heatmap,
            gates.means: v.means,
            highway.reading: v.highway_reading,
            highway.plot: v.highway_plot,
        }

    def run(
        self, text: str, task: str, target: str, baseline: str, tolerance: float, gate: str, layer: int, lang: str
    ) -> dict[Any, Any]:
        """``Handlers.run`` on the page's inputs, each part on its component."""
        return self.fill(self.handlers.run(text, task, target, baseline, tolerance, gate, layer, lang))

    def views(self, shown: Shown | None, gate: str, layer: int, lang: str) -> dict[Any, Any]:
        return self.fill_views(self.handlers.views(shown, gate, layer, lang))

    def running(self, lang: str) -> dict[Any, Any]:
        """Mark the shown results as stale while a new explanation runs."""
        return {self.ins.status: self.handlers.running(lang), self.results: gr.update(elem_classes=["stale"])}

    def texts(self, task: str, lang: str) -> dict[Any, Any]:
        """Every fixed word of the page in ``lang``, for the served ``task``."""
        say = sayer(lang)
        s = self.handlers.served_in(task, say)
        served = self.handlers.served
        out: dict[Any, Any] = {self.lang: gr.update(label=say("page.language"))}
        out |= {tab: gr.update(label=say(key)) for key, tab in self.tabs.items()}
        out |= self.ins.texts(sections.inputs_words(served, s, say))
        out |= self.words.texts(sections.words_words(say))
        out |= self.gates.texts(sections.gates_words(s.n_layers, say))
        out |= self.highway.texts(sections.highway_words(say))
        out |= self.reach.texts(sections.reach_words(s, say))
        out |= self.misses.texts(sections.misses_words(s, say))
        out |= self.nextstep.texts(say) if self.nextstep else {}
        return out | self.about.texts(served, say)

    def opening(self, lang: str) -> dict[Any, Any]:
        """The page in the browser's language, shown once its words are in it."""
        words = self.texts(self.handlers.first.task.name, lang)
        return words | {self.lang: gr.update(value=lang, **words[self.lang]), self.shell: gr.update(visible=True)}

    @property
    def relabel_inputs(self) -> list[Any]:
        """What ``relabel`` reads: the language, the task, both tabs' cached results and the gate choice."""
        step = [self.nextstep.results] if self.nextstep else []
        return [self.lang, self.ins.task, self.state, self.gates.gate, self.gates.layer, *step]

    def relabel(
        self, lang: str, task: str, shown: Shown | None, gate: str, layer: int, step: nextstep.Results | None = None
    ) -> dict[Any, Any]:
        """Another language: every fixed word, and both tabs' shown results re-rendered from their caches."""
        shown_now = self.fill(self.handlers.show(shown, task, gate, layer, lang))
        if self.nextstep:
            shown_now |= self.nextstep.shown(step, lang)
        return _merged(self.texts(task, lang), shown_now)

    def switch(self, task: str, lang: str) -> dict[Any, Any]:
        """A new task: its page words, labels, examples and study; the explanation follows."""
        say = sayer(lang)
        s = self.handlers.served_in(task, say)
        out = self.ins.texts(sections.task_words(s, say)) | self.reach.texts(sections.reach_words(s, say))
        out |= self.misses.texts({"study": sections.misses_words(s, say)["study"]})
        text, target, prediction = self.ins.text, self.ins.target, self.ins.prediction
        out[text] = gr.update(value=s.task.examples()[0].text, **out[text])
        out[target] = gr.update(value=sections.AUTO, **out[target])
        out[prediction] = gr.update(value=None, **out[prediction])
        return out


def _merged(words: dict[Any, Any], shown: dict[Any, Any]) -> dict[Any, Any]:
    """One update per component from its words (label updates) and what it shows (values or updates)."""
    out = dict(words)
    for component, v in shown.items():
        update = v if isinstance(v, dict) and v.get("__type__") == "update" else {"value": v}
        out[component] = {**out[component], **update} if component in out else v
    return out


def build_demo(model: str | Path = "lstm", compare: str | Path | None = "rnn", lang: str = DEFAULT_LANG) -> gr.Blocks:
    """The whole page for weights ``model`` (its card names its task), ``compare`` as its RNN baseline,
    and every other registered task whose weights are on disk; the task switch chooses among them.
    ``lang`` is the language it is built in; it opens in the browser's own when the page speaks it.

    Loads and verifies every model first, so that broken weights stop the app from starting.
    """
    say = sayer(lang)
    handlers = Handlers(served_tasks(model, compare))
    first = handlers.first.worded(say)
    with gr.Blocks(title=say("page.title", task_title=first.task.title), analytics_enabled=False) as demo:
        state = gr.State(None)
        # The course's language leads the switch ("한국어 | English"), the rest follow by code.
        spoken = [(sayer(code)("language.name"), code) for code in sorted(languages(), key=lambda c: (c != "ko", c))]
        with gr.Column(visible=False) as shell:
            choice = gr.Radio(spoken, value=lang, label=say("page.language"), elem_id="lang", container=False)
            tabs: dict[str, gr.Tab] = {}
            with gr.Tabs():
                with gr.Tab(say("page.tab.explain")) as tabs["page.tab.explain"]:
                    ins = sections.inputs_section(handlers.served, first, say)
                    with gr.Column(visible=False, elem_id="results") as results:
                        words, gates = sections.words_section(say), sections.gates_section(first.n_layers, say)
                        highway, reach = sections.highway_section(say), sections.reach_section(first, say)
                        miss = sections.misses_section(first, say)
                step = None
                if nextstep.available():
                    with gr.Tab(say("nextstep.tab"), elem_id="nextstep-tab") as tabs["nextstep.tab"]:
                        step = nextstep.nextstep_tab(say)
                with gr.Tab(say("page.tab.about")) as tabs["page.tab.about"]:
                    about = about_tab(handlers.served, say)
        page = Page(
            demo, handlers, choice, shell, tabs, state, results, ins, words, gates, highway, reach, miss, step, about
        )
        _wire(page)
    return serving.configure(demo)


def _wire(page: Page) -> None:
    """The events: explain (button, Enter, an example, the task switch, page load), gate re-draws, language."""
    ins, gates, h, lang = page.ins, page.gates, page.handlers, page.lang
    inputs = [ins.text, ins.task, ins.target, ins.baseline, ins.precision, gates.gate, gates.layer, lang]
    outputs = page.outputs
    stale = [ins.status, page.results]
    run, running = page.run, page.running

    gr.on([ins.button.click, ins.text.submit], running, [lang], stale, **QUICK_EVENT).then(
        run, inputs, outputs, **EXPLAIN_EVENT
    )
    ins.examples.click(h.pick, [ins.examples, ins.task], [ins.text], **QUICK_EVENT).then(
        running, [lang], stale, **QUICK_EVENT
    ).then(run, inputs, outputs, **EXPLAIN_EVENT)
    every_text = list(page.texts(h.first.task.name, DEFAULT_LANG))
    switched = list(page.switch(h.first.task.name, DEFAULT_LANG))
    ins.task.input(page.switch, [ins.task, lang], switched, **QUICK_EVENT).then(
        running, [lang], stale, **QUICK_EVENT
    ).then(run, inputs, outputs, **EXPLAIN_EVENT)
    document = {"fn": None, "inputs": [lang, ins.header], "js": DOCUMENT_JS, **QUICK_EVENT}
    gloss = {"fn": h.gloss, "inputs": [ins.text, ins.task, lang], "outputs": [ins.text], **QUICK_EVENT}
    ins.text.change(**gloss, trigger_mode="always_last")
    opened = list(dict.fromkeys([lang, page.shell, *every_text]))
    page.demo.load(page.opening, [lang], opened, js=BROWSER_LANG_JS, **RENDER_EVENT).then(**document).then(
        **gloss
    ).then(run, inputs, outputs, **EXPLAIN_EVENT)
    step_outputs = page.nextstep.outputs if page.nextstep else []
    relabelled = list(dict.fromkeys([*every_text, *outputs, *step_outputs]))
    lang.input(page.relabel, page.relabel_inputs, relabelled, **RENDER_EVENT).then(**document).then(**gloss)
    api.register(h)
    if page.nextstep is not None:
        nextstep.wire(page.nextstep, lang, EXPLAIN_EVENT)
    # Re-drawing from the cached explanation never touches the model: the render lane.
    for control in (gates.gate, gates.layer):
        control.change(page.views, [page.state, gates.gate, gates.layer, lang], page.view_outputs, **RENDER_EVENT)
