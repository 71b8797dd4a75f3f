"""Lesson 4, 세 게이트 (the three gates): the step-through is its centre, where a student watches the
LSTM read one word at a time; the sentence says where the answer turned, what the gates did there and
what the interventions on the memory give there; every unit's gates wait on demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ... import lessons
from ...attribution.gates import GATE_NAMES
from ...i18n import Say
from ...tasks import Task
from .. import explanation_text, step_through
from .. import formatting as fmt
from ..figures import explanation as figures
from ..section import Words
from ..served_tasks import Served
from .base import Context, Lesson, heading

KEY = "gates"


def _answer(probabilities: tuple[float, ...], labels: tuple[str, ...], say: Say) -> str:
    k = max(range(len(probabilities)), key=probabilities.__getitem__)
    return say(
        "lesson.gates.answer", label=fmt.text(Task.label_name(labels[k], say)), pct=fmt.sure_pct(probabilities[k])
    )


def turn_markdown(ctx: Context) -> str:
    """Where the running prediction moved most, the gates there, and the interventions there."""
    t, say, exp = lessons.turn(ctx.exp), ctx.say, ctx.exp
    if t is None:
        return say("lesson.gates.one_word")
    parts = [
        say(
            "lesson.gates.turn",
            word=fmt.text(t.word),
            before=_answer((t.probability_before,), (t.label_before,), say),
            after=_answer((t.probability,), (t.label,), say),
        )
    ]
    if exp.gates is not None:
        parts.append(
            say(
                "lesson.gates.turn_gates",
                word=fmt.text(t.word),
                i=fmt.plain(t.input_gate, 2),
                i_mean=fmt.plain(t.input_gate_mean, 2),
                f=fmt.plain(t.forget_gate, 2),
                f_mean=fmt.plain(t.forget_gate_mean, 2),
            )
        )
    if t.without_write is not None:
        parts.append(
            say(
                "lesson.gates.turn_write",
                word=fmt.text(t.word),
                write=_answer(t.without_write, exp.labels, say),
                deleted=_answer(t.without_word, exp.labels, say),
            )
        )
    return " ".join(parts)


@dataclass(frozen=True)
class GatesView:
    reading: str
    step: str  # the step-through's payload
    gate_reading: str
    heatmap: Any  # None while the details are closed
    means: Any  # None while the details are closed


def view(ctx: Context) -> GatesView:
    """The lesson for one explanation. Every unit's heatmap and means (~160 KB at 200 words, more than the
    rest of the page together) are drawn only while their details are open: most visitors never open them."""
    exp, say = ctx.exp, ctx.say
    return GatesView(
        reading=turn_markdown(ctx),
        step=step_through.payload(exp, say),
        gate_reading=explanation_text.gate_markdown(exp, say, ctx.gate, ctx.layer),
        heatmap=figures.gate_heatmap(exp, say, ctx.gate, ctx.layer) if ctx.units_open else None,
        means=figures.gate_means(exp, say, ctx.layer) if ctx.units_open else None,
    )


def words(s: Served, say: Say) -> Words:
    return {
        "heading": heading(KEY, say),
        "details": {"label": say("lesson.gates.details")},
        "gate": {"choices": [(say(f"gate.{g}"), g) for g in GATE_NAMES], "label": say("gates.gate")},
        "layer": {
            "choices": [(say("gates.layer.choice", layer=k), k) for k in range(1, s.n_layers + 1)],
            "label": say("gates.layer"),
        },
        "caption": {"value": say("gates.caption")},
        "equations": {"value": say("gates.equations")},
    }


@dataclass(frozen=True)
class GatesLesson(Lesson):
    heading: gr.Markdown
    step: gr.HTML
    reading: gr.Markdown
    details: gr.Accordion
    caption: gr.Markdown
    gate: gr.Radio
    layer: gr.Radio
    gate_reading: gr.Markdown
    heatmap: gr.Plot
    equations: gr.Markdown
    means: gr.Plot
    units_open: gr.State  # whether ``details`` is open: the page draws the units only then

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.reading, self.step, self.gate_reading, self.heatmap, self.means]

    def fill(self, v: GatesView) -> dict[Any, Any]:
        return {self.reading: v.reading, self.step: v.step} | self.fill_units(v)

    def fill_units(self, v: GatesView) -> dict[Any, Any]:
        """What follows the chosen gate and layer."""
        return {self.gate_reading: v.gate_reading, self.heatmap: v.heatmap, self.means: v.means}


def build(s: Served, say: Say) -> GatesLesson:
    """The step-through and its reading; every unit's gates with the equations, collapsed."""
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    reading = gr.Markdown(elem_id="turn-reading")
    step = step_through.build(say)
    units_open = gr.State(False)
    with gr.Accordion(**w["details"], open=False, elem_id="gate-details") as details:
        caption = gr.Markdown(**w["caption"])
        with gr.Row():
            gate = gr.Radio(**w["gate"], value="f", scale=3)
            layer = gr.Radio(**w["layer"], value=1, scale=1, min_width=200)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=320):
                gate_reading = gr.Markdown(elem_id="gate-reading")
                heatmap = gr.Plot(show_label=False, elem_id="gate-heatmap")
            with gr.Column(scale=1, min_width=280):
                equations = gr.Markdown(**w["equations"], elem_id="equations")
        means = gr.Plot(show_label=False, elem_id="gate-means")
    return GatesLesson(
        head, step, reading, details, caption, gate, layer, gate_reading, heatmap, equations, means, units_open
    )
