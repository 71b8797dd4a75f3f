"""Whether the prediction rests on words the model knows: most words unknown make the answer a guess."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..explain import Explanation

#: At least this share of unknown words makes the prediction a guess.
GUESS_UNKNOWN_SHARE = 0.5


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


def confidence(exp: Explanation) -> Confidence:
    p = dict(zip(exp.labels, exp.probabilities, strict=True))
    return Confidence(
        label=exp.predicted,
        probability=p[exp.predicted],
        n_words=len(exp.tokens),
        n_unknown=sum(t.unknown for t in exp.tokens),
    )
