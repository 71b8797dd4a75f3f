"""A link a teacher can share: the page opened in the same language, task, text and lesson.

The server knows the language, task and text of the last explanation; the lesson open is the browser's
(``assets/share.js`` reads the selected tab when the link is made). The page reads the parameters back
when it opens (``Page.opening``).
"""

from __future__ import annotations

import gradio as gr
import orjson

from ..explain import Explanation
from ..i18n import sayer
from . import assets


def component() -> gr.HTML:
    return assets.view("share", "share-root", "share", "share")


def value(exp: Explanation, lang: str) -> str:
    say = sayer(lang)
    data = {
        "lang": lang,
        "task": exp.task,
        "text": exp.text[: exp.tokens[-1].end],  # what was read: a link carries no more than that
        "button": say("share.button"),
        "copied": say("share.copied"),
        "select": say("share.select"),
        "label": say("share.label"),
    }
    return orjson.dumps(data).decode().replace("<", "\\u003c")
