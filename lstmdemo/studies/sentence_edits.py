"""One sentence's counterfactual edits read through the same model, beside its modifiers' reports.

Composed from an ``Explanation`` so the page only renders: the edits are re-run through the
same model (``counterfactual.run``, one adaptive IG per edit: tens of ms on short sentences),
and the modifiers' reports (occlusion, margins, gate readings) are the explanation's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..attribution import modifiers
from ..explain import Explanation
from ..modeling.loading import load_model
from . import counterfactual

#: Words shown per sentence: the largest |IG| first.
TOP_WORDS = 3


@dataclass(frozen=True)
class TopWord:
    word: str  # as written
    attribution: float  # signed IG for the original's predicted label


@dataclass(frozen=True)
class Reading:
    """The original or one edit: what the model says and which words decided it."""

    variant: counterfactual.Variant
    top: tuple[TopWord, ...]


@dataclass(frozen=True)
class EditReadings:
    target: str  # the original's predicted label: every probability and IG below is for it
    labels: tuple[str, ...]
    original: Reading
    edits: tuple[Reading, ...]
    modifiers: tuple[modifiers.ModifierReport, ...]  # the sentence's, as its explanation reports them


def top_words(variant: counterfactual.Variant, k: int = TOP_WORDS) -> tuple[TopWord, ...]:
    """The ``k`` words with the largest |IG|, largest first (ties keep sentence order)."""
    order = sorted(range(len(variant.tokens)), key=lambda t: -abs(variant.ig.attributions[t]))
    return tuple(TopWord(variant.tokens[t], variant.ig.attributions[t]) for t in order[:k])


def read(exp: Explanation) -> EditReadings:
    """The counterfactual edits of ``exp``'s sentence under its model, beside its modifiers' reports."""
    cf = counterfactual.run(load_model(exp.model), exp.text, baseline=exp.ig.baseline)
    return EditReadings(
        target=cf.target,
        labels=cf.labels,
        original=Reading(cf.original, top_words(cf.original)),
        edits=tuple(Reading(v, top_words(v)) for v in cf.edits),
        modifiers=exp.modifiers,
    )
