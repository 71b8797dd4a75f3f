"""Lesson 2, 기울기 소실 (the vanishing gradient): how far back each model still feels a word, on the
text explained, per word beside the chapter's 0.5^20, and averaged over the test set (from the card)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ... import lessons
from ...i18n import Say
from ...lessons import dependency
from ...lessons.reach import CHAPTER_FACTOR, CHAPTER_STEPS, chapter_product
from ...studies import memory
from .. import explanation_text
from .. import formatting as fmt
from ..figures import cards as card_figures
from ..figures import explanation as figures
from ..section import Words
from ..served_tasks import Served
from .base import Context, Lesson, heading

KEY = "gradient"


def factor_markdown(ctx: Context) -> str:
    """The gradient kept per word back, the chapter's arithmetic made concrete on this text."""
    r, say = lessons.reach(ctx.exp), ctx.say
    chapter = {
        "factor": fmt.plain(CHAPTER_FACTOR, 1),
        "steps": CHAPTER_STEPS,
        "product": fmt.share(chapter_product(), digits=2),
    }
    if r.factor_rnn is None or r.factor_lstm is None or r.n_words < 3:
        return say("lesson.gradient.factor_none", **chapter)
    return say(
        "lesson.gradient.factor",
        rnn=fmt.plain(r.factor_rnn, 2),
        lstm=fmt.plain(r.factor_lstm, 2),
        steps_here=r.n_words - 1,
        rnn_first=fmt.share(r.first_rnn),
        lstm_first=fmt.share(r.first_lstm),
        **chapter,
    )


def experiment_markdown(say: Say) -> str:
    """The memory experiment's gradient at the animal, before and after training, at the first N where the
    RNN cannot learn it: what vanishing gradients prevent is learning to use a word far back."""
    card = memory.read_card()
    if card is None:
        return ""
    d = dependency.read(card)
    rnn, lstm = d.curves["rnn"], d.curves["lstm"]
    n = rnn.chance_from
    if n is None:
        return ""
    i = d.ns.index(n)
    return say(
        "lesson.gradient.experiment",
        n=n,
        rnn_start=fmt.share(rnn.reach_start[i]),
        rnn_factor=fmt.plain(rnn.factor_start[i], 2),
        lstm_start=fmt.share(lstm.reach_start[i]),
        rnn_end=fmt.share(rnn.reach_end[i]),
    )


@dataclass(frozen=True)
class GradientView:
    reading: str
    figure: Any


def view(ctx: Context) -> GradientView:
    reading = f"{explanation_text.reach_markdown(ctx.exp, ctx.say)}\n\n{factor_markdown(ctx)}"
    return GradientView(reading, figures.reach_curve(ctx.exp, ctx.say))


def words(s: Served, say: Say) -> Words:
    summary = s.card.get("gradient_distance")
    shown = bool(summary and summary.get("distance"))
    return {
        "heading": heading(KEY, say),
        "experiment": {"value": experiment_markdown(say)},
        "details": {"label": say("lesson.gradient.dataset")},
        "dataset_reading": {"value": explanation_text.distance_markdown(s.card, say)},
        "dataset_plot": {
            "value": card_figures.distance_curve(summary, say) if shown else None,
            "visible": shown,
        },
    }


@dataclass(frozen=True)
class GradientLesson(Lesson):
    heading: gr.Markdown
    reading: gr.Markdown
    plot: gr.Plot
    experiment: gr.Markdown
    details: gr.Accordion
    dataset_reading: gr.Markdown
    dataset_plot: gr.Plot

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.reading, self.plot]

    def fill(self, v: GradientView) -> dict[Any, Any]:
        return {self.reading: v.reading, self.plot: v.figure}


def build(s: Served, say: Say) -> GradientLesson:
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    reading = gr.Markdown(elem_id="reach-reading")
    plot = gr.Plot(show_label=False, elem_id="reach")
    experiment = gr.Markdown(**w["experiment"], elem_id="reach-experiment")
    with gr.Accordion(**w["details"], open=False) as details:
        dataset_reading = gr.Markdown(**w["dataset_reading"], elem_id="distance-reading")
        dataset_plot = gr.Plot(**w["dataset_plot"], show_label=False, elem_id="distance")
    return GradientLesson(head, reading, plot, experiment, details, dataset_reading, dataset_plot)
