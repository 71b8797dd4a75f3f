"""What the page's events call: explain a text, render it (again) in a language, the API.

Nothing here computes an attribution or calls the model itself: every number comes from one
``explain()`` call, kept as ``Shown`` in a ``gr.State`` so that choosing another gate, layer or
language re-draws without recomputing. Every handler takes the page's language last.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import gradio as gr

from .. import checkpoint, misses, plots
from ..explain import Explanation, explain
from ..i18n import DEFAULT_LANG, Say, languages, say, sayer
from . import fmt, render, sections
from .misses import misses_markdown
from .served import Served

log = logging.getLogger(__name__)

#: What the API's ``model`` may name: a folder directly under weights/, never a path.
WEIGHTS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _target(choice: str | None) -> str | None:
    return None if not choice or choice == sections.AUTO else choice


@dataclass(frozen=True)
class Shown:
    """What the page shows for one text: its explanation and what the LSTM still misses in it."""

    explanation: Explanation
    misses: misses.Misses


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
            return render.failure_message(e, s.worded(say).task.input_noun, say)
        except Exception:
            log.exception("explain failed on %r", (text or "")[:200])
            return say("error.generic")

    def views(self, shown: Shown | None, gate: str, layer: int | str, lang: str) -> tuple[Any, ...]:
        """What depends on the chosen gate and layer, from the cached explanation."""
        if shown is None:
            return (gr.skip(),) * 5
        exp, k, say = shown.explanation, int(layer or 1), sayer(lang)
        return (
            render.gate_markdown(exp, say, gate, k),
            plots.gate_heatmap(exp, say, gate, k),
            plots.gate_means(exp, say, k),
            render.highway_markdown(exp, say, k),
            plots.highway_curve(exp, say, k),
        )

    def run(
        self, text: str, task: str, target: str, baseline: str, tolerance: float, gate: str, layer: int, lang: str
    ) -> tuple:
        say = sayer(lang)
        exp = self.explain_safely(say, text, task, target, baseline, tolerance)
        if isinstance(exp, str):
            failed = say("status.error", message=fmt.text(exp))
            return (None, failed, gr.update(visible=False, elem_classes=[]), None, *([gr.skip()] * 11))
        return self.show(Shown(exp, misses.read(exp)), task, gate, layer, lang)

    def show(self, shown: Shown | None, task: str, gate: str, layer: int, lang: str) -> tuple:
        """Everything the page shows for one explanation, in ``lang``; nothing is recomputed."""
        if shown is None:
            return (gr.skip(),) * 15
        say = sayer(lang)
        s = self.served_in(task, say)
        t, exp = s.task, shown.explanation
        return (
            shown,
            render.status_markdown(exp, t, say),
            gr.update(visible=True, elem_classes=[]),
            gr.update(
                value=dict(zip(t.label_names(say), exp.probabilities, strict=True)),
                label=render.prediction_label(exp, t, say),
            ),
            render.highlighted(exp),
            render.details_markdown(exp, say),
            plots.attribution_bars(exp, say),
            *self.views(shown, gate, layer, lang),
            render.reach_markdown(exp, say),
            plots.reach_curve(exp, say),
            misses_markdown(render.modifiers_markdown(exp, t, say), shown.misses, s, say),
        )

    def running(self, lang: str) -> tuple:
        """Mark the shown results as stale while a new explanation runs."""
        return say("status.running", lang=lang), gr.update(elem_classes=["stale"])

    def gloss(self, text: str, task: str, lang: str) -> Any:
        """Under the text box: what the example in it means in ``lang``, when it has a gloss there."""
        t = self.served.get(task, self.first).task
        return gr.update(info=sections.example_gloss(t, text, sayer(lang), lang))

    def pick(self, index: int, task: str) -> str:
        return self.served.get(task, self.first).task.examples()[index].text

    def explain_api(
        self,
        text: str,
        target: str = "auto",
        baseline: str = "pad",
        n_steps: int = 0,
        task: str = "",
        tolerance: float = 0.01,
        model: str = "",
        lang: str = DEFAULT_LANG,
    ) -> str:
        """Explain why the LSTM of `task` (default: the page's first task) labels `text` as it does: the
        Explanation as a JSON document (tokens, probabilities, Integrated Gradients with the steps used and
        whether the completeness bound held, occlusion, every gate [layers, T, units], retention, gradient
        flow, modifiers); `json.loads` it. `target` is "auto" (the predicted label) or one of the task's
        labels; `baseline` is pad, unk or zero; `n_steps` 0 chooses the steps until the attributions add up
        within `tolerance` of F(x) - F(baseline), another number fixes them. `model` names other weights
        under weights/ (e.g. "sentiment-lstm-attention", whose Explanation carries its attention weights).
        `lang` ("en", "ko") changes only the readable sentences (each modifier's verdict, error messages),
        never a number, label or token."""
        # A JSON string rather than a dict: Gradio walks every value of a returned dict twice
        # looking for files, which for ~70,000 gate values cost more than the explanation itself.
        if lang not in languages():
            raise gr.Error(f"unknown language {lang!r}; choose one of {', '.join(languages())}")
        if task and task not in self.served:
            raise gr.Error(f"unknown task {task!r}; this page serves {', '.join(self.served)}")
        if model and not (WEIGHTS_NAME.fullmatch(model) and (checkpoint.WEIGHTS_DIR / model).is_dir()):
            raise gr.Error(f"unknown model {model!r}; name a folder under weights/, e.g. sentiment-lstm-attention")
        exp = self.explain_safely(
            sayer(lang), text, task, target, baseline, tolerance, int(n_steps) or None, model or None
        )
        if isinstance(exp, str):
            raise gr.Error(exp)
        return exp.to_json(lang)
