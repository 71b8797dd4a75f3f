"""What every section of the page shares: its components as named fields, and its words as updates.

A section's words come from one ``*_words`` function keyed by the section's field names: its builder
uses them at build time and ``Section.texts`` turns them into updates when the page switches language.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import gradio as gr

#: A section's words: field name -> the component's keyword arguments that carry text.
Words = dict[str, dict[str, Any]]


class Section:
    """A section's components as fields; ``texts`` maps its words onto them as updates."""

    def texts(self, words: Words) -> dict[Any, Any]:
        names = {f.name for f in fields(self)}  # type: ignore[arg-type]
        return {getattr(self, name): gr.update(**kw) for name, kw in words.items() if name in names}
