"""The public API, ``/explain``: its arguments checked before the request joins the queue.

Every bad argument (a wrong type, a value out of range, an unknown name) gets one clear message in the
language asked for (``lang``; English when that is the bad one), through Gradio's validator: the request
is refused before it takes a place in the queue, and gradio_client raises ``ValidationError`` with the
message. The settings stay within what the page offers (``MIN_TOLERANCE``, adaptive steps) or a little
past it (``MAX_STEPS`` fixed steps, other models), which the lanes count as long. A fault of the server
is said to be one, never blamed on the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.context import get_blocks_context

from .. import tasks
from ..attribution.integrated_gradients import BASELINES
from ..i18n import DEFAULT_LANG, Say, languages, sayer
from ..modeling.loading import load_model
from .handlers import Handlers
from .served_tasks import served_models
from .serving import EXPLAIN_EVENT

#: The smallest tolerance the API takes: the page's "exact" (smaller ones cost far more: up to 13 s a text).
MIN_TOLERANCE = 0.01
#: Most fixed Integrated Gradients steps the API takes (~0.9 s on 200 tokens); 0 chooses them adaptively.
MAX_STEPS = 128
#: The API's parameters, in order.
PARAMETERS = ("text", "target", "baseline", "n_steps", "task", "tolerance", "model", "lang")
AUTO = "auto"
#: The message naming each kind of value a parameter takes.
KINDS = {"text": "api.kind.text", "integer": "api.kind.integer", "number": "api.kind.number"}


def _shown(value: object) -> str:
    """A value as the message quotes it: short, whatever it is."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _kind(value: object, kind: str) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and (kind == "number" or float(value).is_integer())


@dataclass(frozen=True)
class Api:
    """``/explain`` for the tasks ``handlers`` serve, naming any of ``models`` (all verified at start-up)."""

    handlers: Handlers
    models: dict[str, str | Path]

    def explain(
        self,
        text: str,
        target: str = AUTO,
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
        flow, modifiers); `json.loads` it. Only the first 10,000 characters of `text` are read and the first
        200 words and symbols of those explained (`truncated` says whether any were left out). `target` is
        "auto" (the predicted label) or one of the task's labels; `baseline` is pad, unk or zero; `n_steps`
        0 chooses the steps until the attributions add up within `tolerance` (0.01 to 1) of F(x) -
        F(baseline), another number (2 to 128) fixes them; a request gets 4 s of computing, after which
        Integrated Gradients stops refining (`ig.stopped`). `model` names other weights the page serves (e.g.
        "sentiment-lstm-attention", whose Explanation carries its attention weights). `lang` ("en", "ko")
        changes only the readable sentences (each modifier's verdict, error messages), never a number, label
        or token."""
        # A JSON string rather than a dict: Gradio walks every value of a returned dict twice
        # looking for files, which for ~70,000 gate values cost more than the explanation itself.
        args = (text, target, baseline, n_steps, task, tolerance, model, lang)
        if problems := self.problems(*args):
            raise gr.Error(next(iter(problems.values())), print_exception=False)
        steps, where = int(n_steps) or None, self.models.get(model)
        exp = self.handlers.explain_safely(sayer(lang), text, task, target, baseline, tolerance, steps, where)
        if isinstance(exp, str):
            raise gr.Error(exp, print_exception=False)
        return exp.to_json(lang)

    def check(self, *args: Any) -> list[dict[str, Any]]:
        """Gradio's validator: one verdict per parameter, before the request joins the queue."""
        problems = self.problems(*args)
        return [gr.validate(name not in problems, problems.get(name, "")) for name in PARAMETERS]

    def problems(self, *args: Any) -> dict[str, str]:
        """What is wrong with each argument (in the order of ``PARAMETERS``, defaults filled in), by name."""
        defaults = (None, AUTO, "pad", 0, "", 0.01, "", DEFAULT_LANG)
        given = dict(zip(PARAMETERS, (*args, *defaults[len(args) :]), strict=True))
        lang = given["lang"] if isinstance(given["lang"], str) and given["lang"] in languages() else DEFAULT_LANG
        say = sayer(lang)
        out: dict[str, str] = {}
        for name, kind in (("text", "text"), ("n_steps", "integer"), ("tolerance", "number")):
            if not _kind(given[name], kind):
                out[name] = say("api.type", name=name, kind=say(KINDS[kind]), got=_shown(given[name]))
        for name in ("target", "baseline", "task", "model", "lang"):
            if not isinstance(given[name], str):
                out[name] = say("api.type", name=name, kind=say(KINDS["text"]), got=_shown(given[name]))
        if "n_steps" not in out and given["n_steps"] != 0 and not 2 <= given["n_steps"] <= MAX_STEPS:
            out["n_steps"] = say("api.n_steps", high=MAX_STEPS, got=_shown(given["n_steps"]))
        if "tolerance" not in out and not MIN_TOLERANCE <= given["tolerance"] <= 1:
            out["tolerance"] = say("api.range", name="tolerance", low=MIN_TOLERANCE, high=1, got=given["tolerance"])
        choices = {"baseline": BASELINES, "task": ("", *self.handlers.served), "model": ("", *self.models)}
        choices["lang"] = languages()
        for name, allowed in choices.items():
            if name not in out and given[name] not in allowed:
                out[name] = self._unknown(name, given[name], [c for c in allowed if c], say)
        if not {"task", "model", "target"} & out.keys():
            out |= self._fit(given["task"], given["model"], given["target"], say)
        return out

    @staticmethod
    def _unknown(name: str, got: object, allowed: list[str], say: Say) -> str:
        return say("api.unknown", name=name, got=_shown(got), choices=", ".join(allowed))

    def _fit(self, task: str, model: str, target: str, say: Say) -> dict[str, str]:
        """The model must serve the task asked for, and the target must be one of its labels."""
        served = self.handlers.served.get(task, self.handlers.first)
        card = load_model(self.models[model]).card if model else served.card
        serves = tasks.of_card(card)
        if task and model and serves.name != task:
            return {"model": say("api.model_task", model=model, served=serves.name, task=task)}
        labels = tuple(card.get("labels") or serves.labels)
        if target != AUTO and target.lower() not in (label.lower() for label in labels):
            return {"target": self._unknown("target", target, [AUTO, *labels], say)}
        return {}


def register(handlers: Handlers) -> Api:
    """Add ``/explain`` to the page being built, its checks as the validator that runs before queuing."""
    api = Api(handlers, served_models(handlers.served))
    dependency = gr.api(api.explain, api_name="explain", **{**EXPLAIN_EVENT, "api_visibility": "public"})
    config = get_blocks_context()
    assert config is not None  # gr.api above has already refused to run outside a Blocks
    config.fns[dependency["id"]].validator = api.check
    return api
