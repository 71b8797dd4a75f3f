"""What the page's events call: explain a text, render it (again) in a language (the API: ``api``).

Nothing here computes an attribution or calls the model itself: every number comes from one
``explain()`` call, kept as ``Shown`` in a ``gr.State`` so that choosing another gate, layer or
language re-draws without recomputing. Every handler takes the page's language last.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ..explain import Explanation, explain
from ..i18n import Say, say, sayer
from ..modeling.loading import pause_point
from ..modeling.text import MAX_CHARS, MAX_TOKENS
from ..studies import sentence_edits
from . import explanation_text, sections
from . import formatting as fmt
from .figures import explanation as figures
from .misses_text import misses_markdown
from .served_tasks import Served

log = logging.getLogger(__name__)


def _target(choice: str | None) -> str | None:
    return None if not choice or choice == sections.AUTO else choice


@dataclass(frozen=True)
class Shown:
    """What the page shows for one text: its explanation and its edits read through the same model."""

    explanation: Explanation
    edits: sentence_edits.EditReadings


@dataclass(frozen=True)
class GateViews:
    """What depends on the chosen gate and layer."""

    gate_reading: str
    heatmap: Any  # a Plotly figure
    means: Any
    highway_reading: str
    highway_plot: Any


@dataclass(frozen=True)
class Rendered:
    """Everything the explain tab shows for one explanation, by name (``Page.fill`` puts each in its place)."""

    shown: Shown
    status: str
    prediction: dict[str, Any]  # the prediction box's value (label -> probability) and heading
    words: list[tuple[str, float | None]]
    details: str
    bars: Any
    views: GateViews
    reach_reading: str
    reach_plot: Any
    misses: str


@dataclass(frozen=True)
class Failure:
    """A text that could not be explained: the status line that says why, in the page's language."""

    status: str


class Handlers:
    """What the page's events call, for the tasks ``served``; each takes the page's language last."""

    def __init__(self, served: dict[str, Served]) -> None:
        self.served = served
        self.first = next(iter(served.values()))

    def served_in(self, task: str | None, say: Say) -> Served:
        """The served ``task`` (default the first), its words in the language of ``say``."""
        return self.served.get(task or "", self.first).worded(say)

    def explain_safely(
        self,
        say: Say,
        text: str,
        task: str,
        target: str | None,
        baseline: str,
        tolerance: float,
        n_steps: int | None = None,
        model: str | None = None,
    ) -> Explanation | str:
        """The explanation, or a message fit for the page in the language of ``say`` (never a stack trace).

        ``model`` (the API's) names other weights of a served task, e.g. a remedy; its card names the task.
        """
        s = self.served.get(task or "", self.first)
        chosen = {"task": task or None, "model": model} if model else {"model": s.model, "compare": s.compare}
        try:
            return explain(
                text or "", target=_target(target), baseline=baseline, tolerance=float(tolerance), n_steps=n_steps,
                **chosen,
            )  # fmt: skip
        except ValueError as e:
            return explanation_text.failure_message(e, s.worded(say).task.input_noun, say)
        except Exception:
            log.exception("explain failed on %r", (text or "")[:200])
            return say("error.fault")

    def views(self, shown: Shown | None, gate: str, layer: int | str, lang: str) -> GateViews | None:
        """What depends on the chosen gate and layer, from the cached explanation."""
        if shown is None:
            return None
        exp, k, say = shown.explanation, int(layer or 1), sayer(lang)
        return GateViews(
            gate_reading=explanation_text.gate_markdown(exp, say, gate, k),
            heatmap=figures.gate_heatmap(exp, say, gate, k),
            means=figures.gate_means(exp, say, k),
            highway_reading=explanation_text.highway_markdown(exp, say, k),
            highway_plot=figures.highway_curve(exp, say, k),
        )

    def run(
        self, text: str, task: str, target: str, baseline: str, tolerance: float, gate: str, layer: int, lang: str
    ) -> Rendered | Failure:
        say = sayer(lang)
        exp = self.explain_safely(say, text, task, target, baseline, tolerance)
        if isinstance(exp, str):
            return Failure(say("status.error", message=fmt.text(exp)))
        edits = sentence_edits.read(exp)
        pause_point()  # a request cancelled by now is not drawn for nobody; a long one lets quick ones go first
        rendered = self.show(Shown(exp, edits), task, gate, layer, lang)
        assert rendered is not None
        return rendered

    def show(self, shown: Shown | None, task: str, gate: str, layer: int, lang: str) -> Rendered | None:
        """Everything the page shows for one explanation, in ``lang``; nothing is recomputed."""
        if shown is None:
            return None
        say = sayer(lang)
        s = self.served_in(task, say)
        t, exp = s.task, shown.explanation
        views = self.views(shown, gate, layer, lang)
        assert views is not None
        return Rendered(
            shown=shown,
            status=explanation_text.status_markdown(exp, t, say),
            prediction={
                "value": dict(zip(t.label_names(say), exp.probabilities, strict=True)),
                "label": explanation_text.prediction_label(exp, t, say),
            },
            words=explanation_text.highlighted(exp),
            details=explanation_text.details_markdown(exp, say),
            bars=figures.attribution_bars(exp, say),
            views=views,
            reach_reading=explanation_text.reach_markdown(exp, say),
            reach_plot=figures.reach_curve(exp, say),
            misses=misses_markdown(explanation_text.modifiers_markdown(exp, t, say), shown.edits, s, say),
        )

    def running(self, lang: str) -> str:
        """The status line while a new explanation runs (the page dims the old results meanwhile)."""
        return say("status.running", lang=lang)

    def gloss(self, text: str, task: str, lang: str) -> Any:
        """Under the text box: what the example in it means in ``lang``, when it has a gloss there, and how
        much of a text is read."""
        t, say_ = self.served.get(task, self.first).task, sayer(lang)
        note = say_("limits.note", chars=fmt.num(MAX_CHARS), tokens=MAX_TOKENS)
        return gr.update(info=" · ".join(filter(None, [sections.example_gloss(t, text, say_, lang), note])))

    def pick(self, index: int, task: str) -> str:
        return self.served.get(task, self.first).task.examples()[index].text
