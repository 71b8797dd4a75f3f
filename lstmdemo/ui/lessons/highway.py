"""Lesson 3, 셀 상태 = 장기기억 고속도로: the units whose forget gate stays near 1 carry what early words
wrote to the end; cutting the memory after a word shows what it carried."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ... import lessons
from ...i18n import Say
from ...tasks import Task
from .. import explanation_text
from .. import formatting as fmt
from ..figures import explanation as figures
from ..section import Words
from ..served_tasks import Served
from .base import Context, Lesson, heading

KEY = "highway"


def cut_markdown(ctx: Context) -> str:
    """What cutting the memory after one word does to the answer: the highway's load, measured."""
    c, say = lessons.cut(ctx.exp), ctx.say
    if c is None:
        return ""
    values = {
        "word": fmt.text(c.word),
        "label": fmt.text(Task.label_name(c.label, say)),
        "before": fmt.whole_pct(c.probability),
        "after": fmt.whole_pct(c.probability_after),
        "label_after": fmt.text(Task.label_name(c.label_after, say)),
        "top_after": fmt.whole_pct(c.top_after),
    }
    return say("lesson.highway.cut_turns" if c.turns else "lesson.highway.cut_keeps", **values)


@dataclass(frozen=True)
class HighwayView:
    reading: str
    figure: Any


def view(ctx: Context) -> HighwayView:
    highway = explanation_text.highway_markdown(ctx.exp, ctx.say, ctx.layer)
    cut = cut_markdown(ctx)
    return HighwayView("\n\n".join(p for p in (highway, cut) if p), figures.highway_curve(ctx.exp, ctx.say, ctx.layer))


def words(s: Served, say: Say) -> Words:
    return {
        "heading": heading(KEY, say),
        "layer": {
            "choices": [(say("gates.layer.choice", layer=k), k) for k in range(1, s.n_layers + 1)],
            "label": say("gates.layer"),
        },
    }


@dataclass(frozen=True)
class HighwayLesson(Lesson):
    heading: gr.Markdown
    reading: gr.Markdown
    plot: gr.Plot
    layer: gr.Radio

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.reading, self.plot]

    def fill(self, v: HighwayView) -> dict[Any, Any]:
        return {self.reading: v.reading, self.plot: v.figure}


def build(s: Served, say: Say) -> HighwayLesson:
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    reading = gr.Markdown(elem_id="highway-reading")
    plot = gr.Plot(show_label=False, elem_id="highway")
    layer = gr.Radio(**w["layer"], value=1, elem_id="highway-layer")
    return HighwayLesson(head, reading, plot, layer)
