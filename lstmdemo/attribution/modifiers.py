"""What one sentence's attribution and gates say about each of its modifiers.

A model over frozen GloVe reads every word through the same gates and cannot re-learn what
"not" or "barely" mean, so such words can get a small share of the attribution even where
a human reader leans on them. Per modifier: its share and rank of |IG|, what deleting it does
to the prediction, and what each layer's gates did at its position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..i18n import Say
from ..modeling.lexicon import kind_of
from ..tasks import Task
from .gates import GateTrace, Retention


@dataclass(frozen=True)
class ModifierReport:
    """One modifier in a sentence: how much attribution it got and what removing it does."""

    index: int  # token position
    word: str  # as the user wrote it
    kind: str
    rank: int  # 1 = the largest |IG| in the sentence
    n_tokens: int
    share: float  # |IG| of this token / sum of |IG|
    target_prob: float  # with the modifier
    target_prob_without: float
    predicted_without: str
    flips: bool  # does removing it change the predicted topic?


def ranks(abs_attr: list[float]) -> list[int]:
    """1-based rank of each position by |attribution|, ties broken by position."""
    order = sorted(range(len(abs_attr)), key=lambda t: (-abs_attr[t], t))
    out = [0] * len(abs_attr)
    for r, t in enumerate(order, start=1):
        out[t] = r
    return out


def abs_shares(attributions: list[float] | tuple[float, ...]) -> list[float]:
    """Each token's share of the total |attribution| (uniform when all are zero)."""
    mags = [abs(a) for a in attributions]
    total = sum(mags)
    return [m / total for m in mags] if total > 0 else [1 / len(mags)] * len(mags)


def reports(
    norms: Sequence[str],
    words: Sequence[str],
    attributions: Sequence[float],
    probabilities: Sequence[float],
    without: np.ndarray,
    labels: Sequence[str],
    target: int,
) -> tuple[ModifierReport, ...]:
    """One report per modifier among ``norms``: ``probabilities`` [C] are the sentence's, ``without`` [T, C]
    the same with each word deleted (occlusion); ``target`` indexes ``labels``."""
    share = abs_shares(attributions)
    rank = ranks([abs(a) for a in attributions])
    predicted = labels[int(np.argmax(probabilities))]
    out = []
    for t, norm in enumerate(norms):
        if (kind := kind_of(norm)) is None:
            continue
        pred_without = labels[int(without[t].argmax())]
        out.append(
            ModifierReport(
                index=t,
                word=words[t],
                kind=kind,
                rank=rank[t],
                n_tokens=len(norms),
                share=share[t],
                target_prob=float(probabilities[target]),
                target_prob_without=float(without[t, target]),
                predicted_without=pred_without,
                flips=pred_without != predicted,
            )
        )
    return tuple(out)


def verdict(m: ModifierReport, label_noun: str, say: Say) -> str:
    """One line the page and the API show, e.g. "'not' ranks 7 of 9 words and holds 2% ...", in the
    language of ``say``; ``label_noun`` is the task's, in that language."""
    fair = 1 / m.n_tokens
    weight = "barely" if m.share < 0.5 * fair else "less" if m.share < fair else "weighs"
    label = Task.label_name(m.predicted_without, say)  # as the page names it: "경제(Business)"
    effect = say("verdict.changes" if m.flips else "verdict.leaves", label_noun=label_noun, label=label)
    return say(
        "verdict.line",
        word=m.word,
        rank=m.rank,
        n=m.n_tokens,
        share=f"{m.share:.0%}",
        weight=say(f"verdict.weight.{weight}"),
        effect=effect,
    )


@dataclass(frozen=True)
class GatesAtWord:
    """What one layer's gates did at a modifier's position, beside the sentence's other words."""

    layer: int
    input_gate: float  # mean of i over units at the modifier: how far the gate opened
    input_gate_others: float | None  # the same, averaged over the other positions (None: one-word sentence)
    input_ratio: float | None  # input_gate / input_gate_others
    input_rank: int  # 1 = the position where the input gate opened widest
    written: float  # mean |i * g| over units: how much the modifier wrote to the cell
    kept: float  # share of what it wrote that survives to the end: survival weighted by |i * g|
    kept_others: float | None  # the same, averaged over the other positions (later words keep more:
    # fewer forget gates follow them, so compare with words at a similar distance from the end)


@dataclass(frozen=True)
class ModifierGates:
    """One modifier in a sentence and its gate reading in every layer."""

    index: int
    word: str  # as the user wrote it
    kind: str
    n_tokens: int
    layers: tuple[GatesAtWord, ...]


def gate_readings(
    words: Sequence[str], norms: Sequence[str], trace: GateTrace, kept: Retention
) -> tuple[ModifierGates, ...]:
    """For each modifier among ``norms``: its input gate and how much of its write survives, per layer.

    ``kept[t] = sum_u survival[t, u] * |i*g|[t, u] / sum_u |i*g|[t, u]`` weighs each unit's
    survival by what the token wrote into it, so units it barely touched do not count.
    """
    written = np.abs(trace.i * trace.g).astype(np.float64)  # [L, T, H]
    total = written.sum(-1)
    weighted = (kept.survival * written).sum(-1)
    kept_share = np.divide(weighted, total, out=kept.survival.mean(-1).astype(np.float64), where=total > 0)  # [L, T]
    opened = trace.i.mean(-1).astype(np.float64)  # [L, T]
    n = len(norms)
    out = []
    for t, norm in enumerate(norms):
        if (kind := kind_of(norm)) is None:
            continue
        others = [u for u in range(n) if u != t]
        layers = []
        for layer in range(opened.shape[0]):
            i_others = float(opened[layer, others].mean()) if others else None
            layers.append(
                GatesAtWord(
                    layer=layer,
                    input_gate=float(opened[layer, t]),
                    input_gate_others=i_others,
                    input_ratio=float(opened[layer, t]) / i_others if i_others else None,
                    input_rank=ranks(opened[layer].tolist())[t],
                    written=float(written[layer, t].mean()),
                    kept=float(kept_share[layer, t]),
                    kept_others=float(kept_share[layer, others].mean()) if others else None,
                )
            )
        out.append(ModifierGates(t, words[t], kind, n, tuple(layers)))
    return tuple(out)
