"""Lesson 7, 남은 문제 (what the LSTM still misses): modifiers such as "not" and "very" in this text, what
deleting each does, its edits read through the same model, a minimal pair side by side, the probe suite
and the data-set study.

The minimal pair is computed on demand (one more ``explain`` of the other sentence): the student picks
the other sentence (its first automatic edit, to begin with) and can send it up to the step-through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ...explain import explain
from ...i18n import Say, sayer
from ...studies import counterfactual, minimal_pair
from ...studies.minimal_pair import MinimalPair
from .. import explanation_text, pair_text
from .. import formatting as fmt
from ..card_text import modifier_study_markdown
from ..misses_text import misses_markdown, suite_markdown
from ..section import Words
from ..served_tasks import Served
from .base import Context, Lesson, Shown, heading

KEY = "modifiers"


@dataclass(frozen=True)
class ModifiersView:
    sentence: str
    other: str  # the sentence the minimal pair starts from: the first automatic edit ("" without one)


def view(ctx: Context) -> ModifiersView:
    table = explanation_text.modifiers_markdown(ctx.exp, ctx.served.task, ctx.say)
    edits = counterfactual.edits(ctx.exp.text)
    return ModifiersView(misses_markdown(table, ctx.shown.edits, ctx.served, ctx.say), edits[0].text if edits else "")


def compare(shown: Shown | None, other: str, lang: str) -> tuple[MinimalPair | None, str]:
    """The explained sentence beside ``other`` under the same model, target, baseline and tolerance; a
    sentence that cannot be explained gives the reason instead of a pair."""
    say = sayer(lang)
    if shown is None:
        return None, ""
    exp = shown.explanation
    try:
        second = explain(
            other or "",
            model=exp.model,
            target=exp.target,
            baseline=exp.ig.baseline,
            tolerance=exp.ig.tolerance,
            compare=None,
        )
    except ValueError as e:
        return None, say("status.error", message=fmt.text(explanation_text.failure_message(e, "", say)))
    pair = minimal_pair.pair(exp, second)
    return pair, pair_text.pair_html(pair, say)


def pair_view(pair: MinimalPair | None, lang: str) -> str:
    """The cached pair again, in ``lang``."""
    return pair_text.pair_html(pair, sayer(lang)) if pair is not None else ""


def words(s: Served, say: Say) -> Words:
    return {
        "heading": heading(KEY, say),
        "pair_heading": {"value": f"#### {say('lesson.modifiers.pair')}"},
        "other": {"label": say("lesson.modifiers.other")},
        "pair_button": {"value": say("lesson.modifiers.pair_button")},
        "send": {"value": say("lesson.modifiers.send")},
        "dataset_box": {"label": say("misses.dataset")},
        "study": {"value": f"{suite_markdown(s, say)}\n\n{modifier_study_markdown(s.card, say)}"},
        "why": {"value": say("misses.why")},
    }


@dataclass(frozen=True)
class ModifiersLesson(Lesson):
    heading: gr.Markdown
    sentence: gr.Markdown
    pair_heading: gr.Markdown
    other: gr.Textbox
    pair_button: gr.Button
    send: gr.Button
    pair: gr.HTML
    pair_state: gr.State  # the last pair, re-rendered when the language changes
    dataset_box: gr.Accordion
    study: gr.Markdown
    why: gr.Markdown

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.sentence, self.other, self.pair, self.pair_state]

    def fill(self, v: ModifiersView) -> dict[Any, Any]:
        """A new text: its modifiers, and its first edit offered for a pair (the old pair is gone)."""
        return {self.sentence: v.sentence, self.other: v.other, self.pair: "", self.pair_state: None}


def build(s: Served, say: Say) -> ModifiersLesson:
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    sentence = gr.Markdown(elem_id="misses")
    pair_heading = gr.Markdown(**w["pair_heading"])
    with gr.Row(equal_height=True):
        other = gr.Textbox(**w["other"], lines=1, max_lines=4, scale=4, min_width=240, elem_id="pair-text")
        with gr.Column(scale=1, min_width=160):
            pair_button = gr.Button(**w["pair_button"], variant="secondary", elem_id="pair-compare")
            send = gr.Button(**w["send"], variant="secondary", size="sm", elem_id="pair-send")
    pair = gr.HTML(value="", elem_id="pair")
    pair_state = gr.State(None)
    why = gr.Markdown(**w["why"])
    with gr.Accordion(**w["dataset_box"], open=False) as dataset_box:
        study = gr.Markdown(**w["study"])
    return ModifiersLesson(
        head, sentence, pair_heading, other, pair_button, send, pair, pair_state, dataset_box, study, why
    )
