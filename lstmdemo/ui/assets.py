"""The page's own CSS and JavaScript files (``ui/assets/``): data the browser runs, kept out of Python strings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import gradio as gr

DIR = Path(__file__).resolve().parent / "assets"


@cache
def read(name: str) -> str:
    return (DIR / name).read_text(encoding="utf-8")


def view(name: str, root: str, testid: str, elem_id: str) -> gr.HTML:
    """A view that draws itself in the browser from its JSON value: one root element (class ``root``),
    styled by ``<name>.css`` and drawn by ``<name>.js``."""
    return gr.HTML(
        value="",
        html_template=f'<div class="{root}" data-testid="{testid}"></div>',
        css_template=read(f"{name}.css"),
        js_on_load=read(f"{name}.js"),
        elem_id=elem_id,
    )
