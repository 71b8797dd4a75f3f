"""Lesson 8, 다음 단계 (the next step: attention and FastText): the words of this text the vocabulary does
not know, beside the test set's share, the hook for sub-word vectors; then the two remedies the chapter
points to, run on a review beside the reference LSTM, with what their cards measured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ...i18n import Say
from ...lessons.unknowns import unknowns
from .. import formatting as fmt
from .. import nextstep
from ..section import Words
from ..served_tasks import Served
from .base import Context, Lesson, heading

KEY = "next_step"
#: Unknown words named in the sentence; the rest are counted.
NAMED = 6


def unknowns_markdown(ctx: Context) -> str:
    u, say = unknowns(ctx.exp, ctx.served.card), ctx.say
    test = (
        say("lesson.next_step.test_share", share=fmt.pct(u.test_share), texts=fmt.whole_pct(u.test_texts_share))
        if u.test_share is not None and u.test_texts_share is not None
        else ""
    )
    if u.words:
        shown = ", ".join(f"“{fmt.text(w)}”" for w in u.words[:NAMED]) + (" …" if len(u.words) > NAMED else "")
        here = say("lesson.next_step.unknown", n=u.n_unknown, words=u.n_words, shown=shown)
    else:
        here = say("lesson.next_step.none_unknown", n=u.n_words)
    fasttext = (
        say("lesson.next_step.fasttext", word=fmt.text(u.example), pieces=fmt.text(", ".join(u.pieces)))
        if u.example
        else ""
    )
    return " ".join(p for p in (here, test, fasttext) if p)


@dataclass(frozen=True)
class NextStepView:
    reading: str


def view(ctx: Context) -> NextStepView:
    return NextStepView(unknowns_markdown(ctx))


def words(s: Served, say: Say) -> Words:
    return {"heading": heading(KEY, say), "attention": {"value": say("lesson.next_step.attention")}}


@dataclass(frozen=True)
class NextStepLesson(Lesson):
    heading: gr.Markdown
    reading: gr.Markdown
    attention: gr.Markdown
    comparison: nextstep.NextStep | None  # the remedies, when their weights are on disk

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.reading]

    def fill(self, v: NextStepView) -> dict[Any, Any]:
        return {self.reading: v.reading}


def build(s: Served, say: Say) -> NextStepLesson:
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    reading = gr.Markdown(elem_id="unknowns-reading")
    attention = gr.Markdown(**w["attention"])
    comparison = None
    if nextstep.available():
        with gr.Column(elem_id="nextstep-tab"):
            comparison = nextstep.nextstep_tab(say)
    return NextStepLesson(head, reading, attention, comparison)
