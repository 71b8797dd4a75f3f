"""The demo page: the sections laid out, and the events that fill them from one ``explain()`` call.

Nothing here computes an attribution or calls the model itself: every number on the page
comes from one ``explain()`` call, kept in a ``gr.State`` so that choosing another gate or
layer re-draws without recomputing, or from the model cards. Every word comes from the
message catalogue; every task word from the task being served.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from .. import checkpoint, misses, plots
from ..explain import Explanation, explain
from ..i18n import DEFAULT_LANG, Say, sayer
from . import fmt, nextstep, render, sections
from .cards import modifier_study_markdown
from .misses import misses_markdown
from .served import Served, served_tasks

log = logging.getLogger(__name__)

#: Every explaining event shares one queue slot: the core holds a lock around the model anyway,
#: and the free Spaces tier has 2 vCPUs, so more workers would only add contention.
EXPLAIN_EVENT = {"concurrency_id": "explain", "concurrency_limit": 1, "api_visibility": "private"}
#: Events that only change what is shown skip the queue, so they answer at once.
#: What the API's ``model`` may name: a folder directly under weights/, never a path.
WEIGHTS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
QUICK_EVENT = {"queue": False, "api_visibility": "private", "show_progress": "hidden"}


def _target(choice: str | None) -> str | None:
    return None if not choice or choice == sections.AUTO else choice


class Handlers:
    """What the page's events call, for the tasks ``served`` in the language of ``say``."""

    def __init__(self, served: dict[str, Served], say: Say) -> None:
        self.served = served
        self.first = next(iter(served.values()))
        self.say = say

    def _served(self, task: str | None) -> Served:
        return self.served.get(task or "", self.first)

    def explain_safely(
        self,
        text: str,
        task: str,
        target: str | None,
        baseline: str,
        tolerance: float,
        n_steps: int | None = None,
        model: str | None = None,
    ) -> Explanation | str:
        """The explanation, or a message fit for the page (never a stack trace).

        ``model`` (the API's) names other weights of a served task, e.g. a remedy; its card names the task.
        """
        s = self._served(task)
        chosen = {"task": task or None, "model": model} if model else {"model": s.model, "compare": s.compare}
        try:
            return explain(
                text or "", target=_target(target), baseline=baseline, tolerance=float(tolerance), n_steps=n_steps,
                **chosen,
            )  # fmt: skip
        except ValueError as e:
            return str(e)
        except Exception:
            log.exception("explain failed on %r", (text or "")[:200])
            return self.say("error.generic")

    def views(self, exp: Explanation | None, gate: str, layer: int | str) -> tuple[Any, ...]:
        """What depends on the chosen gate and layer, from the cached explanation."""
        if exp is None:
            return (gr.skip(),) * 5
        k, say = int(layer or 1), self.say
        return (
            render.gate_markdown(exp, say, gate, k),
            plots.gate_heatmap(exp, say, gate, k),
            plots.gate_means(exp, say, k),
            render.highway_markdown(exp, say, k),
            plots.highway_curve(exp, say, k),
        )

    def run(self, text: str, task: str, target: str, baseline: str, tolerance: float, gate: str, layer: int) -> tuple:
        exp = self.explain_safely(text, task, target, baseline, tolerance)
        say = self.say
        if isinstance(exp, str):
            failed = say("status.error", message=fmt.text(exp))
            return (None, failed, gr.update(visible=False, elem_classes=[]), None, *([gr.skip()] * 12))
        s = self._served(task)
        t = s.task
        return (
            exp,
            render.status_markdown(exp, t, say),
            gr.update(visible=True, elem_classes=[]),
            gr.update(
                value=dict(zip(exp.labels, exp.probabilities, strict=True)), label=render.prediction_label(exp, t, say)
            ),
            render.highlighted(exp),
            render.details_markdown(exp, say),
            plots.attribution_bars(exp, say),
            *self.views(exp, gate, layer),
            render.reach_markdown(exp, say),
            plots.reach_curve(exp, say),
            misses_markdown(render.modifiers_markdown(exp, t, say), misses.read(exp), s, say),
        )

    def running(self) -> tuple:
        """Mark the shown results as stale while a new explanation runs."""
        return self.say("status.running"), gr.update(elem_classes=["stale"])

    def switch(self, task: str) -> tuple:
        """A new task: its page words, labels, examples and study; the explanation follows."""
        s, say = self._served(task), self.say
        t = s.task
        return (
            sections.header_markdown(s, say),
            gr.update(
                value=t.examples()[0].text,
                label=say("input.label", input_noun=t.input_noun),
                placeholder=say("input.placeholder", input_noun=t.input_noun),
            ),
            gr.update(
                choices=sections.target_choices(t, say),
                value=sections.AUTO,
                label=say("input.target", label_noun=t.label_noun),
            ),
            gr.Dataset(samples=[[x] for x in sections.example_labels(t, say)]),
            gr.update(value=None, label=say("prediction.label", label_noun=t.label_noun)),
            modifier_study_markdown(s.card, say),
            *sections.dataset_views(s.card, say),
        )

    def pick(self, index: int, task: str) -> str:
        return self._served(task).task.examples()[index].text

    def explain_api(
        self,
        text: str,
        target: str = "auto",
        baseline: str = "pad",
        n_steps: int = 0,
        task: str = "",
        tolerance: float = 0.01,
        model: str = "",
    ) -> str:
        """Explain why the LSTM of `task` (default: the page's first task) labels `text` as it does: the
        Explanation as a JSON document (tokens, probabilities, Integrated Gradients with the steps used and
        whether the completeness bound held, occlusion, every gate [layers, T, units], retention, gradient
        flow, modifiers); `json.loads` it. `target` is "auto" (the predicted label) or one of the task's
        labels; `baseline` is pad, unk or zero; `n_steps` 0 chooses the steps until the attributions add up
        within `tolerance` of F(x) - F(baseline), another number fixes them. `model` names other weights
        under weights/ (e.g. "sentiment-lstm-attention", whose Explanation carries its attention weights)."""
        # A JSON string rather than a dict: Gradio walks every value of a returned dict twice
        # looking for files, which for ~70,000 gate values cost more than the explanation itself.
        if task and task not in self.served:
            raise gr.Error(f"unknown task {task!r}; this page serves {', '.join(self.served)}")
        if model and not (WEIGHTS_NAME.fullmatch(model) and (checkpoint.WEIGHTS_DIR / model).is_dir()):
            raise gr.Error(f"unknown model {model!r}; name a folder under weights/, e.g. sentiment-lstm-attention")
        exp = self.explain_safely(text, task, target, baseline, tolerance, int(n_steps) or None, model or None)
        if isinstance(exp, str):
            raise gr.Error(exp)
        return exp.to_json()


@dataclass(frozen=True)
class Page:
    demo: gr.Blocks
    state: gr.State
    results: gr.Column
    ins: sections.Inputs
    words: sections.Words
    gates: sections.Gates
    highway: sections.Lesson
    reach: sections.Reach
    misses: sections.Misses


def build_demo(model: str | Path = "lstm", compare: str | Path | None = "rnn", lang: str = DEFAULT_LANG) -> gr.Blocks:
    """The whole page for weights ``model`` (its card names its task), ``compare`` as its RNN baseline,
    and every other registered task whose weights are on disk; the task switch chooses among them.

    Loads and verifies every model first, so that broken weights stop the app from starting.
    """
    say = sayer(lang)
    handlers = Handlers(served_tasks(model, compare), say)
    first = handlers.first
    with gr.Blocks(title=say("page.title", task_title=first.task.title), analytics_enabled=False) as demo:
        state = gr.State(None)
        with gr.Tabs():
            with gr.Tab(say("page.tab.explain")):
                ins = sections.inputs_section(handlers.served, first, say)
                with gr.Column(visible=False, elem_id="results") as results:
                    page = Page(
                        demo,
                        state,
                        results,
                        ins,
                        sections.words_section(say),
                        sections.gates_section(first.n_layers, say),
                        sections.highway_section(say),
                        sections.reach_section(first, say),
                        sections.misses_section(first, say),
                    )
            if nextstep.available():
                with gr.Tab(say("nextstep.tab"), elem_id="nextstep-tab"):
                    nextstep.wire(nextstep.nextstep_tab(say), say, EXPLAIN_EVENT)
            with gr.Tab(say("page.tab.about")):
                sections.about_tab(handlers.served, say)
        _wire(page, handlers)
    demo.queue(default_concurrency_limit=1, max_size=64)
    return demo


def _wire(page: Page, h: Handlers) -> None:
    """The events: explain (button, Enter, an example, the task switch, page load) and gate re-draws."""
    ins, gates, words, highway, reach, misses = page.ins, page.gates, page.words, page.highway, page.reach, page.misses
    state, results = page.state, page.results
    inputs = [ins.text, ins.task, ins.target, ins.baseline, ins.precision, gates.gate, gates.layer]
    gate_views = [gates.reading, gates.heatmap, gates.means, highway.reading, highway.plot]
    outputs = [
        state, ins.status, results, ins.prediction, words.words, words.details, words.bars,
        *gate_views, reach.reading, reach.plot, misses.sentence,
    ]  # fmt: skip
    stale = [ins.status, results]
    run, running = h.run, h.running

    gr.on([ins.button.click, ins.text.submit], running, None, stale, **QUICK_EVENT).then(
        run, inputs, outputs, **EXPLAIN_EVENT
    )
    ins.examples.click(h.pick, [ins.examples, ins.task], [ins.text], **QUICK_EVENT).then(
        running, None, stale, **QUICK_EVENT
    ).then(run, inputs, outputs, **EXPLAIN_EVENT)
    switched = [ins.header, ins.text, ins.target, ins.examples, ins.prediction, misses.study]
    switched += [reach.dataset_plot, reach.dataset_reading]
    ins.task.input(h.switch, [ins.task], switched, **QUICK_EVENT).then(running, None, stale, **QUICK_EVENT).then(
        run, inputs, outputs, **EXPLAIN_EVENT
    )
    page.demo.load(run, inputs, outputs, **EXPLAIN_EVENT)
    gr.api(h.explain_api, api_name="explain", concurrency_id="explain", concurrency_limit=1)
    # Re-drawing from the cached explanation never touches the model: no limit needed.
    for control in (gates.gate, gates.layer):
        control.change(
            h.views,
            [state, gates.gate, gates.layer],
            gate_views,
            concurrency_limit=None,
            api_visibility="private",
            show_progress="hidden",
        )
