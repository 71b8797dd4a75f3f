"""What one sentence's attribution and gates say about each of its modifiers.

A model over frozen GloVe reads every word through the same gates and cannot re-learn what
"not" or "barely" mean, so such words can get a small share of the attribution even where
a human reader leans on them. Per modifier: its share and rank of |IG|, what deleting it does
to the prediction (the label, its probability and its logit margin), and what each layer's
gates did at its position. The verdict says what the model *did*: a large share of the
attribution for "not" is not the same as reading "not bad" as positive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..i18n import Say
from ..modeling import predict
from ..modeling.lexicon import kind_of
from ..tasks import Task
from .gates import GateTrace, Retention


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


@dataclass(frozen=True)
class ModifierReport:
    """One modifier in a sentence: how much attribution it got, what removing it does, what the gates did."""

    index: int  # token position
    word: str  # as the user wrote it
    kind: str
    rank: int  # 1 = the largest |IG| in the sentence
    n_tokens: int
    share: float  # |IG| of this token / sum of |IG|
    predicted: str  # the sentence's prediction, with the modifier
    target: str  # the label the attribution, probabilities and margins below are for (the predicted by default)
    target_prob: float  # with the modifier
    target_prob_without: float
    predicted_without: str
    flips: bool  # does removing it change the prediction?
    # The target's logit margin (its logit minus the largest other) with and without the modifier: it keeps
    # moving where the probability is already 0.999.
    target_margin: float
    target_margin_without: float
    modifiers_decide: bool  # does the task let a modifier change the right label (sentiment: yes, topic: no)?
    gates: tuple[GatesAtWord, ...] = ()  # what each layer's gates did at it; empty for a model without gates

    @property
    def flip_expected(self) -> bool:
        """Would a reader expect removing it to change the answer? A negation where modifiers decide the label."""
        return self.modifiers_decide and self.kind == "negation"

    @property
    def effect(self) -> float:
        """What the word does to the target's margin: with it minus without it."""
        return self.target_margin - self.target_margin_without


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
    *,
    modifiers_decide: bool = False,
    trace: GateTrace | None = None,
    kept: Retention | None = None,
) -> tuple[ModifierReport, ...]:
    """One report per modifier among ``norms``: ``probabilities`` [C] are the sentence's, ``without`` [T, C]
    the same with each word deleted (occlusion); ``target`` indexes ``labels``. With an LSTM's ``trace``
    and its retention ``kept``, each report carries the gate readings at its word."""
    share = abs_shares(attributions)
    rank = ranks([abs(a) for a in attributions])
    predicted = labels[int(np.argmax(probabilities))]
    margin = float(predict.margin(predict.log_probabilities(probabilities), target))
    margins_without = predict.margin(predict.log_probabilities(without), target)  # [T]
    at = {g.index: g.layers for g in gate_readings(words, norms, trace, kept)} if trace and kept else {}
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
                predicted=predicted,
                target=labels[target],
                target_prob=float(probabilities[target]),
                target_prob_without=float(without[t, target]),
                predicted_without=pred_without,
                flips=pred_without != predicted,
                target_margin=margin,
                target_margin_without=float(margins_without[t]),
                modifiers_decide=modifiers_decide,
                gates=at.get(t, ()),
            )
        )
    return tuple(out)


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


#: A margin that moves less than this (in logits) counts as unmoved: about one point of probability near 1/2.
UNMOVED = 0.05


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "−")


def _numbers(m: ModifierReport, target: str, say: Say) -> str:
    """The margin and the probability of the target, with and without the word."""
    return say(
        "verdict.numbers",
        target=target,
        target_short=Task.short_label(m.target, say),
        margin=_signed(m.target_margin),
        margin_without=_signed(m.target_margin_without),
        prob=f"{m.target_prob:.3f}",
        prob_without=f"{m.target_prob_without:.3f}",
    )


def _expectation(m: ModifierReport, label_noun: str, say: Say) -> str | None:
    """What a reader expects of this kind of word here, said beside what the model did."""
    if m.flip_expected:
        return say("verdict.flip_expected" if m.flips else "verdict.flip_missed", label_noun=label_noun)
    if m.flips:
        return say(f"verdict.flip_unexpected.{'negation' if m.kind == 'negation' else 'degree'}", label_noun=label_noun)
    if not m.modifiers_decide:
        return say("verdict.kept_label", label_noun=label_noun)
    if m.target != m.predicted:  # a margin of another label says nothing about how sure the answer is
        return None
    as_expected = m.effect > UNMOVED if m.kind == "intensifier" else m.effect < -UNMOVED
    return say(f"verdict.{m.kind}.{'as_expected' if as_expected else 'not'}")


def _gates(m: ModifierReport, say: Say) -> str | None:
    """What the last layer's gates did at the word, beside the sentence's other words."""
    if not m.gates:
        return None
    r = m.gates[-1]
    if r.input_ratio is None or r.kept_others is None:
        return say("verdict.gates_alone", word=m.word, opened=f"{r.input_gate:.2f}")
    return say(
        "verdict.gates",
        word=m.word,
        layer=r.layer + 1,
        ratio=say("fmt.times", x=f"{r.input_ratio:.2f}"),
        rank=r.input_rank,
        n=m.n_tokens,
        kept=f"{r.kept:.0%}",
        kept_others=f"{r.kept_others:.0%}",
    )


def verdict(m: ModifierReport, label_noun: str, say: Say) -> str:
    """What removing the modifier did to the prediction, with the numbers, against what a reader expects;
    then what the gates did at it. In the language of ``say``; ``label_noun`` is the task's, in that language.

    "Takes it into account" only when removing the word changes the answer: "not" in "not bad" may hold a
    quarter of the attribution and still leave the answer Negative.
    """
    target = Task.label_name(m.target, say)
    values = {
        "word": m.word,
        "label_noun": label_noun,
        "label": Task.label_name(m.predicted, say),
        "without": Task.label_name(m.predicted_without, say),
        "target": target,
        "numbers": _numbers(m, target, say),
        "delta": f"{abs(m.effect):.2f}",
    }
    if m.flips:
        effect = say("verdict.flips", **values)
    elif abs(m.effect) < UNMOVED:
        effect = say("verdict.nothing", **values)
    else:
        movement = say("verdict.surer" if m.effect > 0 else "verdict.less_sure", **values)
        effect = say("verdict.stays", movement=movement, **values)
    return " ".join(p for p in (effect, _expectation(m, label_noun, say), _gates(m, say)) if p)
