"""Placeholder until the step-through view lands: the component and an empty payload."""

from __future__ import annotations

import gradio as gr

from ..explain import Explanation
from ..i18n import Say


def build(say: Say) -> gr.HTML:
    return gr.HTML(value="", html_template='<div data-testid="step-through"></div>', elem_id="step-through-box")


def payload(exp: Explanation, say: Say) -> str:
    return ""
