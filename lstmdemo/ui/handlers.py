"""What the page's events call: explain a text, render it (again) in a language (the API: ``api``).

Nothing here computes an attribution or calls the model itself: every number comes from one
``explain()`` call (and its edits and word neighbours), kept as ``Shown`` in a ``gr.State`` so that
choosing another gate, layer or language re-draws without recomputing. Every lesson renders its own
view (``lessons.<key>.view``). Every handler takes the page's language last.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ..explain import Explanation, explain
from ..i18n import Say, sayer
from ..modeling.loading import pause_point
from ..modeling.text import MAX_CHARS, MAX_TOKENS
from ..studies import sentence_edits
from . import explanation_text, sections, sentence, share
from . import formatting as fmt
from .figures import explanation as figures
from .kept import Kept
from .lessons import dependency, gates, glove, gradient, highway, model, modifiers, next_step
from .lessons import glove as glove_lesson
from .lessons.base import ORDER, Context, Shown
from .served_tasks import Served

#: Each lesson's module, by its key.
LESSONS = {m.KEY: m for m in (dependency, gradient, highway, gates, glove, model, modifiers, next_step)}

log = logging.getLogger(__name__)


def _target(choice: str | None) -> str | None:
    return None if not choice or choice == sections.AUTO else choice


@dataclass(frozen=True)
class Rendered:
    """Everything the explain tab shows for one explanation, by name (``Page.fill`` puts each in its place)."""

    shown: Shown
    status: str
    prediction: dict[str, Any]  # the prediction box's value (label -> probability) and heading
    sentence: str  # the coloured words' value (``sentence.value``)
    details: str
    bars: Any
    share: str  # what a link to this view carries (``share.value``)
    lessons: dict[str, Any]  # lesson key -> its view of this explanation (None: it does not follow the text)


@dataclass(frozen=True)
class Failure:
    """A text that could not be explained: the status line that says why, in the page's language."""

    status: str


@dataclass(frozen=True)
class Choices:
    """What the page's controls chose for the lessons that have a choice."""

    gate: str = "f"
    layer: int = 1  # the gates' layer (lesson 4)
    highway_layer: int = 1  # the highway's layer (lesson 3)
    units_open: bool = False  # lesson 4's every-unit details are open: draw their heatmap and means


class Handlers:
    """What the page's events call, for the tasks ``served``; each takes the page's language last."""

    def __init__(self, served: dict[str, Served]) -> None:
        self.served = served
        self.first = next(iter(served.values()))
        self.kept = Kept()

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

    def context(self, shown: Shown, task: str, lang: str, choices: Choices, *, highway: bool = False) -> Context:
        say = sayer(lang)
        layer = choices.highway_layer if highway else choices.layer
        served = self.served_in(task, say)
        return Context(shown, served, say, lang, choices.gate, int(layer or 1), choices.units_open)

    def run(self, text: str, task: str, target: str, baseline: str, tolerance: float, choices: Choices, lang: str):
        """Explain ``text`` and render it; a text that cannot be explained gives the status that says why."""
        s = self.served.get(task or "", self.first)
        example = any(e.text == text for e in s.task.examples())
        key = (s.task.name, text, target, baseline, repr(tolerance))
        shown = self.kept.get(key) if example else None
        if shown is None:
            say = sayer(lang)
            exp = self.explain_safely(say, text, task, target, baseline, tolerance)
            if isinstance(exp, str):
                return Failure(say("status.error", message=fmt.text(exp)))
            shown = Shown(exp, sentence_edits.read(exp), glove_lesson.neighbours(exp, s))
            if example:
                self.kept.put(key, shown)
        pause_point()  # a request cancelled by now is not drawn for nobody; a long one lets quick ones go first
        rendered = self.show(shown, task, choices, lang)
        assert rendered is not None
        return rendered

    def show(self, shown: Shown | None, task: str, choices: Choices, lang: str) -> Rendered | None:
        """Everything the page shows for one explanation, in ``lang``; nothing is recomputed."""
        if shown is None:
            return None
        ctx = self.context(shown, task, lang, choices)
        say, t, exp = ctx.say, ctx.served.task, shown.explanation
        views = {key: LESSONS[key].view(ctx) for key in ORDER.values()}
        views["highway"] = LESSONS["highway"].view(self.context(shown, task, lang, choices, highway=True))
        return Rendered(
            shown=shown,
            status=explanation_text.status_markdown(exp, t, say),
            prediction={
                "value": dict(zip(t.label_names(say), exp.probabilities, strict=True)),
                "label": explanation_text.prediction_label(exp, t, say),
            },
            sentence=sentence.value(exp, say),
            details=explanation_text.details_markdown(exp, say),
            bars=figures.attribution_bars(exp, say),
            share=share.value(exp, lang),
            lessons=views,
        )

    def gloss(self, text: str, task: str, lang: str) -> Any:
        """Under the text box: what the example in it means in ``lang``, when it has a gloss there, and how
        much of a text is read."""
        t, say_ = self.served.get(task, self.first).task, sayer(lang)
        note = say_("limits.note", chars=fmt.num(MAX_CHARS), tokens=MAX_TOKENS)
        return gr.update(info=" · ".join(filter(None, [sections.example_gloss(t, text, say_, lang), note])))

    def pick(self, index: int, task: str) -> str:
        return self.served.get(task, self.first).task.examples()[index].text
