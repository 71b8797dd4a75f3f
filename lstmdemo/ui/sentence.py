"""The text explained, as typed, each word coloured by Integrated Gradients: the page's first answer to
"which words decided it", and where a student picks the current word every lesson follows.

The browser draws it (``assets/sentence.js``) from one small JSON value; clicking a word makes it the
page's current word (the ``lstmdemo:word`` event the step-through and the GloVe view listen to).
"""

from __future__ import annotations

import gradio as gr
import orjson

from ..explain import Explanation
from ..i18n import Say
from . import assets
from .explanation_text import highlighted


def component() -> gr.HTML:
    return assets.view("sentence", "sentence-root", "sentence", "words")


def value(exp: Explanation, say: Say) -> str:
    """The JSON the view draws: the text's segments with each word's IG scaled to [-1, 1] (None: between
    words), the view's label and a word's hover hint in the page's language."""
    data = {
        "segments": [[text, score] for text, score in highlighted(exp) if text != " …"],
        "truncated": exp.truncated,
        "label": say("words.label"),
        "hint": say("words.hint", score="{score}"),  # the view puts each word's score in
    }
    return orjson.dumps(data).decode().replace("<", "\\u003c")
