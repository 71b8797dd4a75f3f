"""Lesson 4, the three gates: where a gate moved most over the sentence, and the word where the answer
turned, with what the gates did there and what the interventions on the memory give there.

The answer after each word is the running prediction (``Explanation.running``); the word where it
changes most is where a student steps to first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..explain import Explanation


@dataclass(frozen=True)
class GateMoment:
    """One word where a gate changed most: its mean over units before and at the word."""

    index: int
    word: str
    before: float
    after: float

    @property
    def rose(self) -> bool:
        return self.after > self.before


@dataclass(frozen=True)
class GateReading:
    gate: str
    layer: int
    mean: float  # over words and units
    moments: tuple[GateMoment, ...]  # largest change first


@dataclass(frozen=True)
class Turn:
    """The word where the running prediction changed most, and what happened there."""

    index: int
    word: str
    label_before: str  # the answer after the word before
    probability_before: float
    label: str  # the answer after this word
    probability: float
    change: float  # how far the answer moved: half the sum of |change| over the labels, 0..1
    input_gate: float  # the last layer's input gate here, mean over units
    input_gate_mean: float  # ... over the sentence
    forget_gate: float  # the last layer's forget gate here, mean over units
    forget_gate_mean: float
    without_write: tuple[float, ...] | None  # the answer at the end if this word wrote nothing
    without_word: tuple[float, ...]  # the answer at the end without this word


def gate_moments(exp: Explanation, gate: str, layer: int, n: int = 2) -> GateReading | None:
    """The ``n`` words where ``gate``'s mean over units moved most from the word before."""
    if exp.gates is None:
        return None
    mean = exp.gates.get(gate)[layer - 1].astype(np.float64).mean(-1)  # [T]
    change = np.abs(np.diff(mean))  # change at words 1..T-1
    top = np.argsort(-change, kind="stable")[:n] + 1
    moments = tuple(GateMoment(int(t), exp.words[t], float(mean[t - 1]), float(mean[t])) for t in top)
    return GateReading(gate=gate, layer=layer, mean=float(mean.mean()), moments=moments)


def turn(exp: Explanation) -> Turn | None:
    """The word (after the first) where the running prediction moved most; None for a one-word text."""
    running = np.asarray(exp.running, dtype=np.float64)  # [T, C]
    if len(running) < 2:
        return None
    moved = np.abs(np.diff(running, axis=0)).sum(1) / 2  # [T-1] change at words 1..T-1
    t = int(moved.argmax()) + 1
    before, after = int(running[t - 1].argmax()), int(running[t].argmax())
    gates, last = exp.gates, -1
    i_mean = gates.i[last].astype(np.float64).mean(-1) if gates is not None else None  # [T]
    f_mean = gates.f[last].astype(np.float64).mean(-1) if gates is not None else None
    return Turn(
        index=t,
        word=exp.words[t],
        label_before=exp.labels[before],
        probability_before=float(running[t - 1, before]),
        label=exp.labels[after],
        probability=float(running[t, after]),
        change=float(moved[t - 1]),
        input_gate=float(i_mean[t]) if i_mean is not None else float("nan"),
        input_gate_mean=float(i_mean.mean()) if i_mean is not None else float("nan"),
        forget_gate=float(f_mean[t]) if f_mean is not None else float("nan"),
        forget_gate_mean=float(f_mean.mean()) if f_mean is not None else float("nan"),
        without_write=tuple(float(p) for p in exp.interventions.write[t]) if exp.interventions else None,
        without_word=tuple(exp.deleted[t]),
    )
