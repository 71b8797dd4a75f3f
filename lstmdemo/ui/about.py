"""The About tab: every served task's model cards and confusion matrices, then why an LSTM.

``card_views`` makes one card's words and figure; the tab is built from it and, when the page
switches language, ``About.texts`` re-makes them in the new language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ..i18n import Say
from .card_text import card_markdown
from .figures import cards as card_figures
from .served_tasks import Served

#: Each task's models as the tab shows them: its LSTM, then its RNN baseline, with the key of their title.
MODELS = (("card", "card.title.model"), ("compare_card", "card.title.baseline"))


def card_views(s: Served, card: dict, key: str, say: Say) -> tuple[str, str, Any]:
    """One model's task line, fact sheet and confusion matrix (``s`` worded in the language of ``say``)."""
    title = say(key, arch=Served.arch_of(card))
    return (
        say("card.task", task_title=s.task.title),
        card_markdown(card, title, s.task.label_noun, say),
        card_figures.confusion_matrix(card, say, s.task.label_noun),
    )


def _cards(served: dict[str, Served], say: Say) -> list[tuple[str, str, Any]]:
    """Every served model's views, in the tab's order."""
    return [
        card_views(x, card, key, say)
        for x in (s.worded(say) for s in served.values())
        for field, key in MODELS
        if (card := getattr(x, field)) is not None
    ]


@dataclass(frozen=True)
class About:
    cards: tuple[tuple[gr.Markdown, gr.Markdown, gr.Plot], ...]
    why: gr.Markdown

    def texts(self, served: dict[str, Served], say: Say) -> dict[Any, Any]:
        out: dict[Any, Any] = {self.why: say("about.why")}
        for components, views in zip(self.cards, _cards(served, say), strict=True):
            out.update(zip(components, views, strict=True))
        return out


def about_tab(served: dict[str, Served], say: Say) -> About:
    views = iter(_cards(served, say))
    cards = []
    for s in served.values():
        with gr.Row():
            for field, _ in MODELS:
                if getattr(s, field) is not None:
                    task, card, figure = next(views)
                    with gr.Column(min_width=300):
                        cards.append((gr.Markdown(task), gr.Markdown(card), gr.Plot(figure, show_label=False)))
    return About(tuple(cards), gr.Markdown(say("about.why")))
