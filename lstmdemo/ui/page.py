"""The demo page: the text and its prediction on top, then the chapter's eight lessons in its order (a tab
each), and the About tab; what fills them from one ``explain()`` call (the events that call it: ``events``).

Nothing here computes an attribution or calls the model itself: every number on the page comes from one
``explain()`` call, kept in a ``gr.State`` so that choosing another gate or layer, or another language,
re-draws without recomputing, or from the model cards. Every word comes from the message catalogue;
every task word from the task being served.

The language is chosen on the server: a radio at the top is an input of every event, so the text computed
per explanation follows it, and switching it re-makes every fixed word from the same ``words`` functions
that built the page. It opens in the browser's language, or in the one a shared link names
(``?lang=ko&task=sentiment&text=...&lesson=4``: ``opening``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ..i18n import DEFAULT_LANG, languages, sayer
from . import events, nextstep, sections, serving
from .about import About, about_tab
from .handlers import LESSONS, Choices, Failure, Handlers, Rendered
from .lessons.base import ORDER, Shown, tab_label
from .served_tasks import served_tasks

#: A shared link's text is cut here before anything reads it.
MAX_LINK_TEXT = 2000


@dataclass(frozen=True)
class Page:
    demo: gr.Blocks
    handlers: Handlers
    lang: gr.Radio
    shell: gr.Column
    tabs: dict[str, gr.Tab]  # catalogue key of the label -> tab
    lesson_tabs: gr.Tabs
    lesson_tab: dict[str, gr.Tab]  # lesson key -> its tab
    state: gr.State
    results: gr.Column
    ins: sections.InputsSection
    words: sections.WordsSection
    lessons: dict[str, Any]  # lesson key -> its section
    about: About

    @property
    def outputs(self) -> list[Any]:
        """Every component one explanation fills (the keys of ``fill``)."""
        w = self.words
        top = [self.state, self.ins.status, self.results, self.ins.prediction, w.words, w.details, w.bars, w.share]
        return list(dict.fromkeys([*top, *(c for lesson in self.lessons.values() for c in lesson.filled)]))

    def fill(self, r: Rendered | Failure | None) -> dict[Any, Any]:
        """Each rendered part on its component; a failure says why and hides the old results."""
        if r is None:
            return {}
        if isinstance(r, Failure):
            hidden = gr.update(visible=False)
            return {self.state: None, self.ins.status: r.status, self.results: hidden}
        out = {
            self.state: r.shown,
            self.ins.status: r.status,
            self.results: gr.update(visible=True),
            self.ins.prediction: gr.update(**r.prediction),
            self.words.words: r.sentence,
            self.words.details: r.details,
            self.words.bars: r.bars,
            self.words.share: r.share,
        }
        for key, lesson in self.lessons.items():
            if r.lessons.get(key) is not None:
                out |= lesson.fill(r.lessons[key])
        return out

    def run(
        self,
        text: str,
        task: str,
        target: str,
        baseline: str,
        tolerance: float,
        gate: str,
        layer: int,
        highway_layer: int,
        units_open: bool,
        lang: str,
    ) -> dict[Any, Any]:
        """``Handlers.run`` on the page's inputs, each part on its component."""
        choices = Choices(gate, int(layer or 1), int(highway_layer or 1), bool(units_open))
        return self.fill(self.handlers.run(text, task, target, baseline, tolerance, choices, lang))

    def units(self, shown: Shown | None, task: str, gate: str, layer: int, lang: str) -> dict[Any, Any]:
        """Every unit's gates for the chosen gate and layer, from the cached explanation: when the details
        open, or another gate or layer is chosen in them."""
        lesson = self.lessons["gates"]
        if shown is None:
            return {lesson.units_open: True}
        ctx = self.handlers.context(shown, task, lang, Choices(gate, int(layer or 1), units_open=True))
        return {lesson.units_open: True} | lesson.fill_units(LESSONS["gates"].view(ctx))

    def units_closed(self) -> dict[Any, Any]:
        """The details closed: later explanations leave every unit's gates undrawn."""
        return {self.lessons["gates"].units_open: False}

    def highway_layer(self, shown: Shown | None, task: str, layer: int, lang: str) -> dict[Any, Any]:
        """Another layer in the highway lesson, from the cached explanation."""
        if shown is None:
            return {}
        ctx = self.handlers.context(shown, task, lang, Choices(highway_layer=int(layer or 1)), highway=True)
        return self.lessons["highway"].fill(LESSONS["highway"].view(ctx))

    def texts(self, task: str, lang: str) -> dict[Any, Any]:
        """Every fixed word of the page in ``lang``, for the served ``task``."""
        say = sayer(lang)
        s = self.handlers.served_in(task, say)
        served = self.handlers.served
        out: dict[Any, Any] = {self.lang: gr.update(label=say("page.language"))}
        out |= {tab: gr.update(label=say(key)) for key, tab in self.tabs.items()}
        out |= {tab: gr.update(label=tab_label(key, say)) for key, tab in self.lesson_tab.items()}
        out |= self.ins.texts(sections.inputs_words(served, s, say))
        out |= self.words.texts(sections.words_words(say))
        for key, lesson in self.lessons.items():
            out |= lesson.texts(LESSONS[key].words(s, say))
        comparison = self.lessons["next_step"].comparison
        out |= comparison.texts(say) if comparison is not None else {}
        return out | self.about.texts(served, say)

    def opening(self, lang: str, request: gr.Request) -> dict[Any, Any]:
        """The page in the browser's language (or a shared link's), shown once its words are in it; a link's
        task, text and lesson are put in place before the first explanation reads them, and the text's gloss
        under it (one round trip fewer before the first explanation)."""
        link = _link(request, self.handlers)
        lang = link.get("lang", lang)
        task = link.get("task", self.handlers.first.task.name)
        words = self.texts(task, lang)
        out = words | {self.lang: gr.update(value=lang, **words[self.lang]), self.shell: gr.update(visible=True)}
        if "task" in link:
            out |= self.switch(task, lang)
            out[self.ins.task] = gr.update(**{**out.get(self.ins.task, {}), "value": task})
        text = link.get("text", self.handlers.served[task].task.examples()[0].text)
        gloss = self.handlers.gloss(text, task, lang)
        out[self.ins.text] = gr.update(**{**out.get(self.ins.text, {}), **gloss, "value": text})
        if "lesson" in link:
            out[self.lesson_tabs] = gr.Tabs(selected=link["lesson"])
        return out

    @property
    def relabel_inputs(self) -> list[Any]:
        """What ``relabel`` reads: the language, the task, the cached results and every lesson's choice."""
        gates, highway, memory = self.lessons["gates"], self.lessons["highway"], self.lessons["dependency"]
        step = [self.lessons["next_step"].comparison.results] if self.lessons["next_step"].comparison else []
        choices = [gates.gate, gates.layer, highway.layer, gates.units_open, memory.n, memory.bias]
        return [self.lang, self.ins.task, self.state, *choices, self.lessons["modifiers"].pair_state, *step]

    def relabel(
        self,
        lang: str,
        task: str,
        shown: Shown | None,
        gate: str,
        layer: int,
        highway_layer: int,
        units_open: bool,
        memory_n: int,
        memory_bias: str,
        pair: Any = None,
        step: nextstep.Results | None = None,
    ) -> dict[Any, Any]:
        """Another language: every fixed word, and the shown results re-rendered from their caches."""
        choices = Choices(gate, int(layer or 1), int(highway_layer or 1), bool(units_open))
        shown_now = self.fill(self.handlers.show(shown, task, choices, lang))
        shown_now[self.lessons["dependency"].answers] = LESSONS["dependency"].answers(memory_n, memory_bias, lang)
        modifiers = self.lessons["modifiers"]
        shown_now |= {modifiers.pair: LESSONS["modifiers"].pair_view(pair, lang), modifiers.pair_state: pair}
        comparison = self.lessons["next_step"].comparison
        if comparison is not None:
            shown_now |= comparison.shown(step, lang)
        return _merged(self.texts(task, lang), shown_now)

    def switch(self, task: str, lang: str) -> dict[Any, Any]:
        """A new task: its page words, labels, examples and lessons; the explanation follows."""
        say = sayer(lang)
        s = self.handlers.served_in(task, say)
        out = self.ins.texts(sections.task_words(s, say))
        for key, lesson in self.lessons.items():
            out |= lesson.texts(LESSONS[key].words(s, say))
        text, target, prediction = self.ins.text, self.ins.target, self.ins.prediction
        out[text] = gr.update(value=s.task.examples()[0].text, **out[text])
        out[target] = gr.update(value=sections.AUTO, **out[target])
        out[prediction] = gr.update(value=None, **out[prediction])
        return out


def _link(request: gr.Request | None, handlers: Handlers) -> dict[str, Any]:
    """The parameters of a shared link that the page knows how to honour; anything else is ignored."""
    params = dict(request.query_params) if request is not None else {}
    out: dict[str, Any] = {}
    if params.get("lang") in languages():
        out["lang"] = params["lang"]
    if params.get("task") in handlers.served:
        out["task"] = params["task"]
    if isinstance(params.get("text"), str) and params["text"].strip():
        out["text"] = params["text"][:MAX_LINK_TEXT]
    lesson = params.get("lesson", "")
    if lesson.isdigit() and int(lesson) in ORDER:
        out["lesson"] = int(lesson)
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
            lesson_tab: dict[str, gr.Tab] = {}
            lessons: dict[str, Any] = {}
            with gr.Tabs():
                with gr.Tab(say("page.tab.explain")) as tabs["page.tab.explain"]:
                    ins = sections.inputs_section(handlers.served, first, say)
                    with gr.Column(visible=False, elem_id="results") as results:
                        words = sections.words_section(say)
                        with gr.Tabs(selected=1, overflow_behavior="wrap", elem_id="lessons") as lesson_tabs:
                            for number, key in ORDER.items():
                                with gr.Tab(tab_label(key, say), id=number, elem_id=f"lesson-{number}") as tab:
                                    lesson_tab[key] = tab
                                    lessons[key] = LESSONS[key].build(first, say)
                with gr.Tab(say("page.tab.about")) as tabs["page.tab.about"]:
                    about = about_tab(handlers.served, say)
        page = Page(
            demo, handlers, choice, shell, tabs, lesson_tabs, lesson_tab, state, results, ins, words, lessons, about
        )
        events.wire(page)
    return serving.configure(demo)
