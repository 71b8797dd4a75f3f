"""Two sentences under one model, side by side: the difference in prediction and in each word's attribution.

A minimal pair ("The movie is good" / "The movie is not good") isolates what one change does, which
a single sentence's colours cannot: the student sees "good" push toward Positive in both sentences
and "not" push against it, and whether that was enough to turn the answer. The words are aligned by
``difflib`` on their normalised forms, so a word in both sentences is compared with itself and an
inserted or removed word stands alone. Both attributions are for the same label and read on one
scale (the largest |attribution| in either sentence), so a word that pushes twice as hard looks
twice as strong in either.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import zip_longest

from ..explain import Explanation, explain
from ..modeling import predict
from . import counterfactual


@dataclass(frozen=True)
class PairedWord:
    """One aligned position: a word of the first sentence, of the second, or of both."""

    op: str  # difflib's: "equal", "replace", "delete" (only in the first), "insert" (only in the second)
    first: str | None  # as written
    second: str | None
    attribution_first: float | None  # signed IG toward the pair's target
    attribution_second: float | None

    @property
    def change(self) -> float | None:
        """Second minus first, where the word is in both."""
        if self.attribution_first is None or self.attribution_second is None:
            return None
        return self.attribution_second - self.attribution_first


@dataclass(frozen=True)
class MinimalPair:
    """Two explanations of the same model for the same target, aligned word by word."""

    model: str
    target: str  # the label both attributions, probabilities and margins are for
    first: Explanation
    second: Explanation
    words: tuple[PairedWord, ...]
    scale: float  # the largest |attribution| of either sentence: the end of their one colour scale

    @property
    def margins(self) -> tuple[float, float]:
        """The target's logit margin in the first and the second sentence."""
        k = self.first.labels.index(self.target)
        m = (predict.margin(predict.log_probabilities(e.probabilities), k) for e in (self.first, self.second))
        a, b = (float(x) for x in m)
        return a, b

    @property
    def probabilities(self) -> tuple[float, float]:
        """P(target) in the first and the second sentence."""
        k = self.first.labels.index(self.target)
        return self.first.probabilities[k], self.second.probabilities[k]

    @property
    def flips(self) -> bool:
        return self.first.predicted != self.second.predicted


def _aligned(first: Explanation, second: Explanation) -> tuple[PairedWord, ...]:
    a, b = [t.norm for t in first.tokens], [t.norm for t in second.tokens]
    ig_a, ig_b = first.ig.attributions, second.ig.attributions
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for i, j in zip_longest(range(i1, i2), range(j1, j2)):
            kind = op if op != "replace" or (i is not None and j is not None) else ("delete" if j is None else "insert")
            out.append(
                PairedWord(
                    op=kind,
                    first=first.words[i] if i is not None else None,
                    second=second.words[j] if j is not None else None,
                    attribution_first=ig_a[i] if i is not None else None,
                    attribution_second=ig_b[j] if j is not None else None,
                )
            )
    return tuple(out)


def pair(first: Explanation, second: Explanation) -> MinimalPair:
    """Align two explanations of one model for one target; anything else would compare unlike numbers."""
    if first.model != second.model:
        raise ValueError(f"a minimal pair needs one model, got {first.model!r} and {second.model!r}")
    if first.target != second.target:
        raise ValueError(f"explain both sentences for the same target, got {first.target!r} and {second.target!r}")
    scale = max(abs(x) for x in (*first.ig.attributions, *second.ig.attributions)) or 1.0
    return MinimalPair(first.model, first.target, first, second, _aligned(first, second), scale)


def with_edit(exp: Explanation, index: int = 0) -> MinimalPair:
    """``exp``'s sentence and its ``index``-th automatic edit (``counterfactual.edits``: removals first),
    the edit explained by the same model for the same target, baseline and tolerance."""
    edits = counterfactual.edits(exp.text)
    if not edits:
        raise ValueError("no automatic edit applies to this text")
    other = explain(
        edits[index].text,
        model=exp.model,
        target=exp.target,
        baseline=exp.ig.baseline,
        tolerance=exp.ig.tolerance,
        compare=None,
    )
    return pair(exp, other)
