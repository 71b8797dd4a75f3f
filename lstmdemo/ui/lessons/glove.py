"""Lesson 5, GloVe (frozen): the nearest words to the current word in the model's own vectors, frozen and
(where the task has a fine-tuned model) fine-tuned; the sentence reads a word beside its opposite and a
word alike, and says why 50 dimensions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr
import orjson

from ...i18n import Say
from ...lessons import glove
from ...modeling.loading import load_model
from .. import assets
from .. import formatting as fmt
from ..section import Words
from ..served_tasks import Served
from .base import Context, Lesson, heading

KEY = "glove"
#: An opposite within this cosine of the word alike is "as close" to the word as it.
AS_CLOSE = 0.03


def tuned_model(s: Served) -> str | None:
    """The task's remedy whose word vectors were trained, when its weights are on disk."""
    names = [r.weights for r in s.task.remedies if r.variant.get("finetune_embeddings")]
    return next((n for n in names if s.weights_exist(n)), None)


def neighbours(exp: Any, s: Served) -> dict:
    """Each distinct word's nearest words, frozen and fine-tuned: the view follows the current word."""
    norms = [t.norm for t in exp.tokens]
    frozen = glove.nearest(load_model(s.model), norms)
    tuned_name = tuned_model(s)
    tuned = glove.nearest(load_model(tuned_name), norms) if tuned_name else {}
    return {w: {"frozen": _rows(ns), "tuned": _rows(tuned[w]) if w in tuned else None} for w, ns in frozen.items()}


def _rows(near: tuple[glove.Neighbour, ...]) -> list[list[Any]]:
    return [[n.word, round(n.cosine, 3)] for n in near]


def pair_markdown(ctx: Context) -> str:
    s, say = ctx.served, ctx.say
    tuned_name = tuned_model(s)
    p = glove.pair(
        load_model(s.model), load_model(tuned_name) if tuned_name else None, [t.norm for t in ctx.exp.tokens]
    )
    if p is None:
        return ""
    values = {
        "word": fmt.text(p.word),
        "opposite": fmt.text(p.opposite),
        "alike": fmt.text(p.alike),
        "cos_opposite": fmt.plain(p.frozen_opposite, 2),
        "cos_alike": fmt.plain(p.frozen_alike, 2),
    }
    closeness = say(
        "lesson.glove.as_close" if p.frozen_opposite >= p.frozen_alike - AS_CLOSE else "lesson.glove.closer"
    )
    parts = [say("lesson.glove.pair_text" if p.in_text else "lesson.glove.pair_example", closeness=closeness, **values)]
    if p.tuned_opposite is not None and p.tuned_alike is not None:
        parts.append(
            say(
                "lesson.glove.tuned",
                tuned_opposite=fmt.plain(p.tuned_opposite, 2),
                tuned_alike=fmt.plain(p.tuned_alike, 2),
                **values,
            )
        )
    else:
        parts.append(say("lesson.glove.frozen_only"))
    return " ".join(parts)


@dataclass(frozen=True)
class GloveView:
    reading: str
    neighbours: str


def view(ctx: Context) -> GloveView:
    say, exp = ctx.say, ctx.exp
    data = {
        "tokens": [t.norm for t in exp.tokens],
        "written": [t.text for t in exp.tokens],
        "words": ctx.shown.neighbours,
        "text": {
            "title": say("lesson.glove.view_title", word="{word}"),  # the view puts the word in
            "unknown": say("lesson.glove.view_unknown", word="{word}"),
            "frozen": say("lesson.glove.view_frozen"),
            "tuned": say("lesson.glove.view_tuned"),
        },
    }
    return GloveView(pair_markdown(ctx), orjson.dumps(data).decode().replace("<", "\\u003c"))


def words(s: Served, say: Say) -> Words:
    glove_card = s.card.get("glove") or {}
    dims = (s.card.get("config") or {}).get("embed_dim", 50)
    return {
        "heading": heading(KEY, say),
        "why": {
            "value": say(
                "lesson.glove.why",
                dims=dims,
                vocab=fmt.pct(glove_card.get("vocab_share")),
                tokens=fmt.pct(glove_card.get("token_share")),
            )
        },
    }


@dataclass(frozen=True)
class GloveLesson(Lesson):
    heading: gr.Markdown
    reading: gr.Markdown
    neighbours: gr.HTML
    why: gr.Markdown

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return [self.reading, self.neighbours]

    def fill(self, v: GloveView) -> dict[Any, Any]:
        return {self.reading: v.reading, self.neighbours: v.neighbours}


def build(s: Served, say: Say) -> GloveLesson:
    w = words(s, say)
    head = gr.Markdown(**w["heading"])
    reading = gr.Markdown(elem_id="glove-reading")
    view_ = assets.view("neighbours", "nb-root", "neighbours", "neighbours")
    why = gr.Markdown(**w["why"], elem_id="glove-why")
    return GloveLesson(head, reading, view_, why)
