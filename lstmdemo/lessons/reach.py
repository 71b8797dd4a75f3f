"""Lesson 2, the vanishing gradient: how much of the last word's pull on the answer survives back to each
word, for the LSTM and the RNN, and what that is per word (the chapter multiplies 0.5 twenty times).

Each model's gradient at every word is divided by its own gradient at the last word, so two models
with different scales can be compared, and what is left is how much of the pull survives the
distance back. Over T words the first word keeps r = f^(T-1) for a per-word factor f: f is the
geometric mean of what each step back keeps, the number the chapter's 0.5 stands for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..explain import Explanation

#: Below this many words the RNN's gradient has too few steps to shrink: the curves show words, not distance.
SHORT_TEXT = 30
#: Two models' first-word values within this factor of each other count as alike.
ALIKE_FACTOR = 3.0
#: The chapter's arithmetic: a gradient multiplied by 0.5 at each of 20 steps.
CHAPTER_FACTOR, CHAPTER_STEPS = 0.5, 20


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
    def factor_lstm(self) -> float | None:
        return per_word(self.first_lstm, self.n_words)

    @property
    def factor_rnn(self) -> float | None:
        return per_word(self.first_rnn, self.n_words)

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


def per_word(first: float | None, n_words: int) -> float | None:
    """The factor f that, kept at each of the n - 1 steps back, leaves ``first`` at the first word."""
    if first is None or first <= 0 or n_words < 2:
        return None
    return math.exp(math.log(first) / (n_words - 1))


def chapter_product() -> float:
    """0.5^20: what the chapter's gradient keeps after 20 words."""
    return CHAPTER_FACTOR**CHAPTER_STEPS


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
