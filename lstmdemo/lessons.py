"""What the page teaches, as numbers: pure functions from an ``Explanation`` to frozen dataclasses.

Each lesson on the page is a sentence computed from these numbers (the page renders them
with its message catalogue), never a fixed claim, so a test can check that the lesson holds
on the example the page points to:

- ``reach``: the vanishing gradient as distance. Each model's gradient at every word is
  divided by its own gradient at the last word, so two models with different scales can be
  compared, and what is left is how much of the pull survives the distance back.
- ``highway``: the units whose forget gate stays high (the cell-state highway) and how
  much of the first word they keep until the end, against the mean unit.
- ``gate_moments``: the words where the chosen gate changed most, on average over units.
- ``confidence``: whether the prediction rests on words the model knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .attribution import gates
from .explain import Explanation

#: Below this many words the RNN's gradient has too few steps to shrink: the curves show words, not distance.
SHORT_TEXT = 30
#: Two models' first-word values within this factor of each other count as alike.
ALIKE_FACTOR = 3.0
#: Units shown as the highway.
HIGHWAY_UNITS = 5
#: At least this share of unknown words makes the prediction a guess.
GUESS_UNKNOWN_SHARE = 0.5


@dataclass(frozen=True)
class Reach:
    """Gradient per word relative to the same model's gradient at the last word (1 there)."""

    n_words: int
    lstm: tuple[float, ...] | None
    rnn: tuple[float, ...] | None
    short: bool  # fewer than SHORT_TEXT words: too short for the gradient to vanish

    @property
    def first_lstm(self) -> float | None:
        return self.lstm[0] if self.lstm else None

    @property
    def first_rnn(self) -> float | None:
        return self.rnn[0] if self.rnn else None

    @property
    def alike(self) -> bool:
        """Both models' first words keep about the same share (within ``ALIKE_FACTOR``)."""
        a, b = self.first_rnn, self.first_lstm
        if a is None or b is None or min(a, b) <= 0:
            return False
        return max(a, b) / min(a, b) <= ALIKE_FACTOR

    @property
    def above_one(self) -> bool:
        """A first word pulls harder than the last word (a share above 1, which needs saying)."""
        return any(v is not None and v > 1 for v in (self.first_rnn, self.first_lstm))


@dataclass(frozen=True)
class Highway:
    """The units of one layer whose forget gate stays highest, and what they keep."""

    layer: int
    units: tuple[int, ...]  # the highway units, highest mean forget gate first
    order: tuple[int, ...]  # every unit, highest mean forget gate first
    mean_f: tuple[float, ...]  # mean forget gate of each unit, in ``order``
    kept_highway: tuple[float, ...]  # [T] mean over the highway units of what word t keeps at the end
    kept_all: tuple[float, ...]  # [T] the same over every unit
    n_half: int  # units keeping more than half of what the first word wrote
    n_units: int

    @property
    def first_highway(self) -> float:
        return self.kept_highway[0]

    @property
    def first_all(self) -> float:
        return self.kept_all[0]

    @property
    def ratio(self) -> float:
        """How many times more of the first word the highway keeps than the mean unit."""
        return self.first_highway / self.first_all if self.first_all > 0 else float("inf")


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
class Confidence:
    """The prediction and whether it rests on words the model knows."""

    label: str
    probability: float
    n_words: int
    n_unknown: int

    @property
    def guess(self) -> bool:
        return self.n_words > 0 and self.n_unknown / self.n_words >= GUESS_UNKNOWN_SHARE


def relative(norms: Sequence[float] | None) -> tuple[float, ...] | None:
    """Each value over the last one (over the largest when the last is 0)."""
    if not norms:
        return None
    last = norms[-1] if norms[-1] > 0 else max(norms)
    return tuple(float(v) / last for v in norms) if last > 0 else tuple(0.0 for _ in norms)


def reach(exp: Explanation) -> Reach:
    """Each model's gradient per word over its own gradient at the last word."""
    n = len(exp.tokens)
    flow = exp.gradient_flow
    return Reach(n_words=n, lstm=relative(flow.lstm), rnn=relative(flow.rnn), short=n < SHORT_TEXT)


def highway(exp: Explanation, layer: int = 1, k: int = HIGHWAY_UNITS) -> Highway | None:
    """The ``k`` units of ``layer`` whose forget gate stays highest; None for a model without gates."""
    if exp.gates is None or exp.retention is None:
        return None
    order = gates.unit_order(exp.gates, layer)
    units = order[:k]
    every = np.arange(order.size)
    mean_f = exp.gates.f[layer - 1].astype(np.float64).mean(0)[order]
    first = exp.retention.survival[layer - 1][0]
    return Highway(
        layer=layer,
        units=tuple(int(u) for u in units),
        order=tuple(int(u) for u in order),
        mean_f=tuple(float(v) for v in mean_f),
        kept_highway=tuple(float(v) for v in gates.kept_by(exp.retention, layer, units)),
        kept_all=tuple(float(v) for v in gates.kept_by(exp.retention, layer, every)),
        n_half=int((first > 0.5).sum()),
        n_units=int(order.size),
    )


def gate_moments(exp: Explanation, gate: str, layer: int, n: int = 2) -> GateReading | None:
    """The ``n`` words where ``gate``'s mean over units moved most from the word before."""
    if exp.gates is None:
        return None
    mean = exp.gates.get(gate)[layer - 1].astype(np.float64).mean(-1)  # [T]
    change = np.abs(np.diff(mean))  # change at words 1..T-1
    top = np.argsort(-change, kind="stable")[:n] + 1
    moments = tuple(GateMoment(int(t), exp.words[t], float(mean[t - 1]), float(mean[t])) for t in top)
    return GateReading(gate=gate, layer=layer, mean=float(mean.mean()), moments=moments)


def confidence(exp: Explanation) -> Confidence:
    p = dict(zip(exp.labels, exp.probabilities, strict=True))
    return Confidence(
        label=exp.predicted,
        probability=p[exp.predicted],
        n_words=len(exp.tokens),
        n_unknown=sum(t.unknown for t in exp.tokens),
    )
