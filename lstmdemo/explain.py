"""One sentence in, one ``Explanation`` out: the only place that composes the core."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import torch

from . import budget, tasks
from .attribution import gates, modifiers
from .attribution.gradient_flow import gradient_norms
from .attribution.integrated_gradients import IGResult, check_ig_arguments, integrate
from .attribution.interventions import Interventions, every_position
from .attribution.occlusion import occlusion
from .i18n import DEFAULT_LANG, sayer
from .modeling.checkpoint import Checkpoint
from .modeling.loading import MODEL_LOCK, load_model
from .modeling.predict import attention_weights, prefix_probabilities, running_probabilities, sentence_probabilities
from .modeling.text import MAX_CHARS, MAX_TOKENS, Token, head, tokenize
from .modeling.vocab import UNK_ID

#: ``compare``'s default: the RNN baseline of the explained model's task.
BASELINE = "baseline"


class NothingToExplain(ValueError):
    """The text leaves the model nothing to read; ``reason`` ("empty", "unreadable") names its message
    (``error.<reason>``), so a page can say it in its own language."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        say = sayer()
        super().__init__(say(f"error.{reason}", input_noun=say("error.any_input")))


@dataclass(frozen=True)
class TokenInfo:
    text: str  # as the user wrote it: original[start:end]
    norm: str  # lowercased form looked up in the vocabulary
    start: int
    end: int
    id: int
    unknown: bool


@dataclass(frozen=True)
class Flow:
    """One model's |d target logit / d embedding_t| per word: how strongly the answer still feels each word."""

    model: str  # the weights' name
    arch: str  # "lstm" or "rnn"
    norms: tuple[float, ...]


@dataclass(frozen=True)
class GradientFlow:
    """The explained model's gradient flow and, beside it, the comparison model's (None without one)."""

    model: Flow
    compare: Flow | None

    def of_arch(self, arch: str) -> tuple[float, ...] | None:
        """The norms of the first of (model, compare) built as ``arch``: the explained model's when both are."""
        return next((f.norms for f in (self.model, self.compare) if f is not None and f.arch == arch), None)

    @property
    def lstm(self) -> tuple[float, ...] | None:
        return self.of_arch("lstm")

    @property
    def rnn(self) -> tuple[float, ...] | None:
        return self.of_arch("rnn")


@dataclass(frozen=True)
class Explanation:
    """Everything the demo shows about one sentence. ``to_dict()`` is JSON-ready."""

    text: str  # the text read: as given, or cut right after the last token explained when the rest was left out
    model: str
    task: str  # the task the model serves: "topic", "sentiment"
    tokens: tuple[TokenInfo, ...]
    truncated: bool  # part of the text was left out: more than max_chars characters or max_tokens tokens
    n_tokens_total: int  # tokens in the characters read, before truncation to max_tokens
    max_tokens: int
    n_chars_total: int  # characters given (only the first max_chars are read)
    max_chars: int
    labels: tuple[str, ...]
    probabilities: tuple[float, ...]
    predicted: str
    target: str
    ig: IGResult
    occlusion: tuple[float, ...]  # target prob with the token minus without it, per token
    deleted: tuple[tuple[float, ...], ...]  # [T, C] the class probabilities with each word deleted
    gates: gates.GateTrace | None  # None for the RNN
    retention: gates.Retention | None
    gradient_flow: GradientFlow
    modifiers: tuple[modifiers.ModifierReport, ...]
    running: tuple[tuple[float, ...], ...]  # [T, C] the prediction after each word (the last row: probabilities)
    running_compare: tuple[tuple[float, ...], ...] | None  # [T, C] the same for the comparison model
    interventions: Interventions | None  # every word's memory interventions; None for the RNN
    # The attention model's weight on each token (sums to 1); None for models without attention.
    attention: tuple[float, ...] | None = None

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """Every field as plain data, plus each modifier's ``verdict``: the one readable sentence, in ``lang``.

        Every number, label and token is the same in every language.
        """
        out = _plain(self)
        say = sayer(lang)
        label_noun = tasks.get(self.task).worded(say).label_noun
        for m, plain in zip(self.modifiers, out["modifiers"], strict=True):
            plain["verdict"] = modifiers.verdict(m, label_noun, say)
        return out

    def to_json(self, lang: str = DEFAULT_LANG) -> str:
        """``to_dict(lang)`` as a JSON document (orjson: ten times faster than json on the gate arrays)."""
        return orjson.dumps(self.to_dict(lang)).decode()


def _plain(x: Any) -> Any:
    """Dataclasses, arrays and tuples -> dicts, lists and floats.

    Scalars keep 6 significant digits; arrays (gates, retention: tens of thousands of values
    in [-1, 1] or near it) keep 4 decimals, which halves the JSON and is far below what a
    plot or a reader can tell apart.
    """
    if is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in fields(x)}
    if isinstance(x, np.ndarray):
        return np.round(x.astype(np.float64), 4).tolist()
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, float):
        return float(f"{x:.6g}") if math.isfinite(x) else None
    return x


def resolve_target(target: int | str | None, predicted: int, labels: tuple[str, ...]) -> int:
    if target is None:
        return predicted
    if isinstance(target, int) and not isinstance(target, bool) and 0 <= target < len(labels):
        return target
    if isinstance(target, str):
        lowered = [lab.lower() for lab in labels]
        if target.lower() in lowered:
            return lowered.index(target.lower())
    raise ValueError(f"unknown target {target!r}; use None, 0-{len(labels) - 1} or one of {list(labels)}")


def resolve_models(
    task: str | None, model: str | Path | None, compare: str | Path | None
) -> tuple[tasks.Task, Checkpoint, Checkpoint | None]:
    """The task, its model and its comparison model; the task comes from ``task`` or the model's card."""
    wanted = tasks.get(task) if task is not None else None
    if model is None:
        model = (wanted or tasks.get(tasks.DEFAULT_TASK)).weights
    ck = load_model(model)
    served = tasks.of_card(ck.card)
    if wanted is not None and served.name != wanted.name:
        raise ValueError(
            f"model {str(model)!r} serves the {served.name!r} task, not {wanted.name!r}: "
            "give task= or model= alone, or a model whose card names that task"
        )
    if compare == BASELINE:
        compare = served.compare
    other = load_model(compare) if compare is not None else None
    if other is not None and tasks.of_card(other.card).name != served.name:
        raise ValueError(f"compare model {str(compare)!r} serves another task than {served.name!r}")
    return served, ck, other


def explain(
    text: str,
    *,
    task: str | None = None,
    model: str | Path | None = None,
    target: int | str | None = None,
    baseline: str = "pad",
    tolerance: float = 0.01,
    n_steps: int | None = None,
    compare: str | Path | None = BASELINE,
) -> Explanation:
    """Explain why ``model`` gives ``text`` its label (topic, sentiment, ...).

    Args:
        text: the sentence, as the user typed it.
        task: a task name (``"topic"``, ``"sentiment"``): its default weights and
            its RNN baseline. Default: the task ``model`` serves, else ``"topic"``.
        model: weights name (``"lstm"``, ``"sentiment-lstm"``) or folder; its card
            names its task, which must agree with ``task`` if both are given.
        target: class to explain (index or label); default the predicted one.
        baseline: Integrated Gradients baseline: ``"pad"``, ``"unk"`` or ``"zero"``.
        tolerance: Integrated Gradients completeness bound: the attributions must add up
            to F(x) - F(baseline) within ``tolerance`` of it (+ 1e-4); ``ig.converged`` says
            whether they do.
        n_steps: None (default) chooses the steps per sentence until the bound holds
            (``ig.n_steps`` says how many); a number fixes them (trapezoid rule).
        compare: a second model whose gradient flow is shown beside; default
            (``BASELINE``) the task's RNN baseline; None to skip it.

    The first ``MAX_CHARS`` characters are read, their first ``MAX_TOKENS`` tokens explained
    (``truncated``); under ``budget.within`` IG stops at the deadline (``ig.stopped``).

    Raises:
        ValueError: empty or whitespace-only text (or text with no readable
            characters left after cleaning), an unknown task, a model of another
            task than ``task``, or a bad argument.
        checkpoint.CheckpointError: missing or corrupt weights.
    """
    n_chars = len(text) if isinstance(text, str) else 0
    text, kept, n_total = read_text(text)
    check_ig_arguments(tolerance, n_steps, None)
    served, ck, other = resolve_models(task, model, compare)
    labels = tuple(ck.card.get("labels") or served.labels)
    ids_list = ck.vocab.encode(t.text for t in kept)
    ids = torch.tensor(ids_list)  # [T]
    infos = tuple(
        TokenInfo(text[t.start : t.end], t.text, t.start, t.end, i, i == UNK_ID)
        for t, i in zip(kept, ids_list, strict=True)
    )

    with MODEL_LOCK:
        probs = sentence_probabilities(ck.model, ids)  # [C]
        predicted = int(probs.argmax())
        tgt = resolve_target(target, predicted, labels)
        # the path's end at x gives this model's gradient flow without another pass
        ig, grad_x = integrate(ck.model, ids, tgt, baseline=baseline, tolerance=tolerance, n_steps=n_steps)  # [T, D]
        budget.check()
        MODEL_LOCK.handover()  # a long request lets quick ones go first between its parts (a no-op otherwise)
        flow = GradientFlow(_flow(ck, tuple(grad_x.norm(dim=-1).tolist())), _compared_flow(other, kept, tgt))
        MODEL_LOCK.handover()
        reading = _read_through(ck, ids)
        MODEL_LOCK.handover()
        running_compare = _compared_running(other, kept)
        attention = attention_weights(ck.model, ids)

    p_target = float(probs[tgt])
    retained = gates.retention(reading.trace) if reading.trace is not None else None
    return Explanation(
        text=text,
        model=str(model if model is not None else served.weights),
        task=served.name,
        tokens=infos,
        truncated=n_total > MAX_TOKENS or n_chars > MAX_CHARS,
        n_tokens_total=n_total,
        max_tokens=MAX_TOKENS,
        n_chars_total=n_chars,
        max_chars=MAX_CHARS,
        labels=labels,
        probabilities=tuple(probs.tolist()),
        predicted=labels[predicted],
        target=labels[tgt],
        ig=ig,
        occlusion=tuple((p_target - reading.without[:, tgt]).tolist()),
        deleted=_rows(reading.without),
        gates=reading.trace,
        retention=retained,
        gradient_flow=flow,
        modifiers=modifiers.reports(
            norms=[t.norm for t in infos],
            words=[t.text for t in infos],
            attributions=ig.attributions,
            probabilities=probs.tolist(),
            without=reading.without.numpy(),
            labels=labels,
            target=tgt,
            modifiers_decide=served.modifiers_decide,
            trace=reading.trace,
            kept=retained,
        ),
        running=_rows(reading.running),
        running_compare=running_compare,
        interventions=reading.interventions,
        attention=attention,
    )


@dataclass(frozen=True)
class _Reading:
    """What one pass through the recurrence gives: the gates (LSTM), the prediction after each word, every
    word deleted in turn, and every word's interventions on the memory (LSTM)."""

    trace: gates.GateTrace | None
    running: torch.Tensor  # [T, C]
    without: torch.Tensor  # [T, C]
    interventions: Interventions | None


def _read_through(ck: Checkpoint, ids: torch.Tensor) -> _Reading:
    if not isinstance(ck.model.rnn, torch.nn.LSTM):
        return _Reading(None, running_probabilities(ck.model, ids), occlusion(ck.model, ids), None)
    trace = gates.record(ck.model.rnn, ck.model.embedding(ids))
    states = torch.from_numpy(trace.h), torch.from_numpy(trace.c)  # [L, T, H] each: every step's state
    without = occlusion(ck.model, ids, states)  # [T, C]; each occluded sentence reuses its unchanged prefix
    MODEL_LOCK.handover()
    return _Reading(
        trace=trace,
        running=prefix_probabilities(ck.model, states[0][-1]),
        without=without,
        interventions=every_position(ck.model, ids, *states),
    )


def _rows(probs: torch.Tensor) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in probs.tolist())


def _compared_running(other: Checkpoint | None, kept: list[Token]) -> tuple[tuple[float, ...], ...] | None:
    """The comparison model's prediction after each word, read through its own vocabulary."""
    if other is None:
        return None
    return _rows(running_probabilities(other.model, torch.tensor(other.vocab.encode(t.text for t in kept))))


def read_text(text: str) -> tuple[str, list[Token], int]:
    """The text read (``head``, cut after the last token explained when tokens are left out), the tokens
    explained (at most ``MAX_TOKENS``) and how many the part read has; refuses text with none."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    text = head(text)
    if not text.strip():
        raise NothingToExplain("empty")
    tokens = tokenize(text)
    if not tokens:
        raise NothingToExplain("unreadable")
    kept = tokens[:MAX_TOKENS]
    return (text[: kept[-1].end] if len(tokens) > MAX_TOKENS else text), kept, len(tokens)


def _flow(ck: Checkpoint, norms: tuple[float, ...]) -> Flow:
    return Flow(ck.path.name, str(ck.card.get("arch") or ck.model.config.arch), norms)


def _compared_flow(other: Checkpoint | None, kept: list[Token], target: int) -> Flow | None:
    """The comparison model's gradient flow toward the explained model's target, read through its own vocabulary."""
    if other is None:
        return None
    ids = torch.tensor(other.vocab.encode(t.text for t in kept))  # [T]
    return _flow(other, gradient_norms(other.model, ids, target))
