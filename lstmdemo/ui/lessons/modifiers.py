"""Lesson 7, 남은 문제 (what the LSTM still misses): modifiers such as "not" and "very" in this text, what
deleting each does, its edits read through the same model, the probe suite and the data-set study."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ...i18n import Say
from .. import explanation_text
from ..card_text import modifier_study_markdown
from ..misses_text import misses_markdown
from ..section import Section, Words
from ..served_tasks import Served
from .base import Context, heading

KEY = "modifiers"


@dataclass(frozen=True)
class ModifiersView:
    sentence: str


def view(ctx: Context) -> ModifiersView:
    table = explanation_text.modifiers_markdown(ctx.exp, ctx.served.task, ctx.say)
    return ModifiersView(misses_markdown(table, ctx.shown.edits, ctx.served, ctx.say))


def words(s: Served, say: Say) -> Words:
    return {
        "heading": heading(KEY, say),
        "dataset_box": {"label": say("misses.dataset")},
        "study": {"value": modifier_study_markdown(s.card, say)},
        "why": {"value": say("misses.why")},
    }


@dataclass(frozen=True)
class ModifiersLesson(Section):
    heading: gr.Markdown
    sentence: gr.Markdown
    dataset_box: gr.Accordion
    study: gr.Markdown
    why: gr.Markdown

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.sentence]

    def fill(self, v: ModifiersView) -> dict[Any, Any]:
        return {self.sentence: v.sentence}


def build(s: Served, say: Say) -> ModifiersLesson:
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    sentence = gr.Markdown(elem_id="misses")
    why = gr.Markdown(**w["why"])
    with gr.Accordion(**w["dataset_box"], open=False) as dataset_box:
        study = gr.Markdown(**w["study"])
    return ModifiersLesson(head, sentence, dataset_box, study, why)
