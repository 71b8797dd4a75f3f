"""Lesson 6, the model: four weight blocks where the RNN has one (counted from the shipped weights), and
the accuracy both reach against what the chapter expects, with where the gap between them opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ...i18n import Say
from ...lessons.parameters import CHAPTER_ACCURACY, CHAPTER_GAP, Sizes, accuracy, parameters
from ...modeling.loading import load_model
from .. import formatting as fmt
from ..figures.model import parameter_blocks
from ..section import Words
from ..served_tasks import Served
from .base import Lesson, heading

KEY = "model"
#: A gap that grows by more than this many points from the shortest to the longest quarter "widens".
WIDENS = 0.03


def sizes(s: Served) -> Sizes | None:
    if s.compare is None:
        return None
    return Sizes(parameters(load_model(s.model)), parameters(load_model(s.compare)))


def parameters_markdown(z: Sizes, say: Say) -> str:
    first_lstm, first_rnn = z.lstm.blocks[0], z.rnn.blocks[0]
    return say(
        "lesson.model.parameters",
        lstm=fmt.num(z.lstm.trainable),
        rnn=fmt.num(z.rnn.trainable),
        ratio=fmt.times(z.ratio, say),
        hidden=z.lstm.hidden,
        inputs=z.lstm.inputs,
        layer1=fmt.num(4 * first_lstm.size),
        rnn1=fmt.num(first_rnn.size),
        classifier=fmt.num(z.lstm.classifier),
        embedding=fmt.num(z.lstm.embedding),
    )


def accuracy_markdown(s: Served, say: Say) -> str:
    a = accuracy(s.card, s.compare_card or {})
    if a is None:
        return ""
    parts = [
        say(
            "lesson.model.accuracy",
            n=fmt.num(a.n),
            lstm=fmt.pct(a.lstm),
            rnn=fmt.pct(a.rnn),
            gap=fmt.plain(100 * a.gap, 1),
            low=fmt.whole_pct(CHAPTER_ACCURACY[0]),
            high=fmt.whole_pct(CHAPTER_ACCURACY[1]),
            gap_low=round(100 * CHAPTER_GAP[0]),
            gap_high=round(100 * CHAPTER_GAP[1]),
            verdict=say("lesson.model.as_expected" if a.as_expected else "lesson.model.not_expected"),
        )
    ]
    groups = (s.card.get("length_accuracy") or {}).get("groups") or []
    if len(groups) >= 2:
        short, long = groups[0], groups[-1]
        gap_short, gap_long = short["lstm"] - short["rnn"], long["lstm"] - long["rnn"]
        parts.append(
            say(
                "lesson.model.lengths_widen" if gap_long - gap_short > WIDENS else "lesson.model.lengths_even",
                short_min=short["min_tokens"],
                short_max=short["max_tokens"],
                long_min=long["min_tokens"],
                long_max=long["max_tokens"],
                gap_short=fmt.plain(100 * gap_short, 1),
                gap_long=fmt.plain(100 * gap_long, 1),
            )
        )
    return " ".join(parts)


def words(s: Served, say: Say) -> Words:
    z = sizes(s)
    reading = "\n\n".join(p for p in (parameters_markdown(z, say) if z else "", accuracy_markdown(s, say)) if p)
    return {
        "heading": heading(KEY, say),
        "reading": {"value": reading},
        "plot": {"value": parameter_blocks(z, say) if z else None, "visible": z is not None},
        "formula": {"value": say("lesson.model.formula")},
    }


@dataclass(frozen=True)
class ModelLesson(Lesson):
    """Everything here follows the served task's weights and cards, not the text: its words are its content."""

    heading: gr.Markdown
    reading: gr.Markdown
    plot: gr.Plot
    formula: gr.Markdown


def build(s: Served, say: Say) -> ModelLesson:
    w = words(s, say)
    return ModelLesson(
        gr.Markdown(**w["heading"]),
        gr.Markdown(**w["reading"], elem_id="model-reading"),
        gr.Plot(**w["plot"], show_label=False, elem_id="parameters"),
        gr.Markdown(**w["formula"], elem_id="model-formula"),
    )


def view(ctx: Any) -> None:
    """The model lesson shows nothing of the text: its words follow the task (``words``)."""
    return None
