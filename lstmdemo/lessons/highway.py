"""Lesson 3, the cell state as a long-term memory highway: the units whose forget gate stays high carry
what early words wrote to the end, and cutting the memory after a word shows what it carried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..attribution import gates

if TYPE_CHECKING:
    from ..explain import Explanation

#: Units shown as the highway.
HIGHWAY_UNITS = 5


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
class Cut:
    """The word after which cutting the memory (c = 0 in every layer) moves the answer most."""

    index: int
    word: str
    label: str  # the prediction, unchanged
    probability: float  # its probability, unchanged
    label_after: str  # the prediction with the memory cut after ``word``
    probability_after: float  # the unchanged prediction's probability with the cut
    top_after: float  # the probability of ``label_after`` with the cut

    @property
    def turns(self) -> bool:
        return self.label_after != self.label


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


def cut(exp: Explanation) -> Cut | None:
    """Where cutting the memory highway drops the predicted label most; None without a memory (an RNN) or
    for a one-word text (a cut after the last word changes nothing)."""
    if exp.interventions is None or len(exp.tokens) < 2:
        return None
    predicted = exp.labels.index(exp.predicted)
    cells = np.asarray(exp.interventions.cell, dtype=np.float64)[:-1]  # [T-1, C]
    t = int(np.argmin(cells[:, predicted]))
    after = int(cells[t].argmax())
    return Cut(
        index=t,
        word=exp.words[t],
        label=exp.predicted,
        probability=float(exp.probabilities[predicted]),
        label_after=exp.labels[after],
        probability_after=float(cells[t, predicted]),
        top_after=float(cells[t, after]),
    )
