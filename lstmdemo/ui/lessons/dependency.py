"""Lesson 1, 장기 의존성 (long-term dependency): the memory experiment, where the first word decides the
label and N words stand between it and the end (the chapter's "The cat, which ..., finally woke up")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ...i18n import Say
from ..section import Section, Words
from ..served_tasks import Served
from .base import heading

KEY = "dependency"


def words(s: Served, say: Say) -> Words:
    return {"heading": heading(KEY, say)}


@dataclass(frozen=True)
class DependencyLesson(Section):
    heading: gr.Markdown

    @property
    def filled(self) -> list[Any]:
        """The components ``fill`` sets."""
        return []

    def fill(self, v: Any) -> dict[Any, Any]:
        return {}


def build(s: Served, say: Say) -> DependencyLesson:
    return DependencyLesson(gr.Markdown(**words(s, say)["heading"]))


def view(ctx: Any) -> None:
    return None
