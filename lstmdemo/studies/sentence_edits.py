"""One sentence's counterfactual edits read through the same model, beside its modifiers' reports.

Composed from an ``Explanation`` so the page only renders: the edits of the text it read (at most
``MAX_TOKENS`` tokens) are re-run through the same model (``counterfactual.run``, one adaptive IG per
edit: tens of ms on short sentences, ~0.2 s on 160 tokens), and the modifiers' reports (occlusion,
margins, gate readings) are the explanation's own. How many edits are read is bounded (``edit_limit``),
so a paste of fifty modifiers costs about what one ordinary sentence's edits cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import budget
from ..attribution import modifiers
from ..attribution.integrated_gradients import ADAPTIVE_RULE
from ..explain import Explanation
from ..modeling.loading import load_model
from . import counterfactual

#: Words shown per sentence: the largest |IG| first.
TOP_WORDS = 3
#: Edits read per text: at most MAX_EDITS, and on longer texts as many as fit in EDIT_TOKENS tokens of IG
#: (each edit's IG runs over the whole text): 8 edits of a 20-token sentence, 4 of 40 tokens, 1 of 160, none
#: of 200 (one IG over 200 tokens costs about what the explanation itself does).
MAX_EDITS = 8
EDIT_TOKENS = 160


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
    n_edits: int = 0  # edits the rules found; more than ``edits`` when the limit or the time left some out
    stopped: str | None = None  # budget.TIME when the request's time ran out before the limit was reached


def edit_limit(n_tokens: int) -> int:
    """How many edits of a text of ``n_tokens`` tokens are read."""
    return min(MAX_EDITS, EDIT_TOKENS // max(n_tokens, 1))


def top_words(variant: counterfactual.Variant, k: int = TOP_WORDS) -> tuple[TopWord, ...]:
    """The ``k`` words with the largest |IG|, largest first (ties keep sentence order)."""
    order = sorted(range(len(variant.tokens)), key=lambda t: -abs(variant.ig.attributions[t]))
    return tuple(TopWord(variant.tokens[t], variant.ig.attributions[t]) for t in order[:k])


def read(exp: Explanation) -> EditReadings:
    """The counterfactual edits of ``exp``'s text under its model (as many as ``edit_limit`` allows), beside
    its modifiers' reports."""
    limit = edit_limit(len(exp.tokens))
    reuse = exp.ig if exp.target == exp.predicted and exp.ig.rule == ADAPTIVE_RULE else None
    ig = {"baseline": exp.ig.baseline, "tolerance": exp.ig.tolerance, "original": reuse}
    cf = counterfactual.run(load_model(exp.model), exp.text, max_edits=limit, **ig)
    return EditReadings(
        target=cf.target,
        labels=cf.labels,
        original=Reading(cf.original, top_words(cf.original)),
        edits=tuple(Reading(v, top_words(v)) for v in cf.edits),
        modifiers=exp.modifiers,
        n_edits=cf.n_edits,
        stopped=budget.TIME if len(cf.edits) < min(limit, cf.n_edits) else None,
    )
