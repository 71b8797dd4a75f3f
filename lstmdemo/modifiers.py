"""Modifiers: the small words that flip or scale meaning, and how little the LSTM weighs them.

A topic LSTM over frozen GloVe reads every word through the same gates and
cannot re-learn what "not" or "barely" mean, so such words tend to get a small
share of the attribution even where a human reader would lean on them. This
module names those words (a lexicon in ``resources/modifiers.json``) and measures
that weakness: per sentence (attribution share and rank; what the gates did at the
modifier's position) and over a data set (``ShareStudy``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .gates import GateTrace, Retention
from .i18n import Say
from .tasks import Task
from .text import words

RESOURCES = Path(__file__).resolve().parent / "resources"
_WORDS = json.loads((RESOURCES / "modifiers.json").read_text(encoding="utf-8"))

#: Negations flip meaning; intensifiers scale it up; diminishers and hedges scale it down.
LEXICON: dict[str, frozenset[str]] = {
    kind: frozenset(_WORDS[kind]) for kind in ("negation", "intensifier", "diminisher")
}

_KIND = {w: kind for kind, ws in LEXICON.items() for w in ws}

#: Closed-class words (articles, prepositions, auxiliaries, pronouns, clitics): the study's control group.
FUNCTION_WORDS: frozenset[str] = frozenset(_WORDS["function_words"])

#: Function words plus a few frequent news words, left out of "content words" in the data-set study.
STOPWORDS: frozenset[str] = FUNCTION_WORDS | frozenset(_WORDS["news_stopwords"])


def kind_of(word: str) -> str | None:
    """'negation', 'intensifier', 'diminisher' or None for a normalised token."""
    return _KIND.get(word)


def is_content(word: str) -> bool:
    """A rough stand-in for nouns and verbs: alphabetic, not a stopword or a modifier."""
    return word.isalpha() and word not in STOPWORDS and word not in _KIND


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


def shares(attributions: list[float] | tuple[float, ...]) -> list[float]:
    """Each token's share of the total |attribution| (uniform when all are zero)."""
    mags = [abs(a) for a in attributions]
    total = sum(mags)
    return [m / total for m in mags] if total > 0 else [1 / len(mags)] * len(mags)


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
class GateReading:
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
    layers: tuple[GateReading, ...]


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
                GateReading(
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


def frequency_bin(count: int) -> int:
    """A training-corpus count's bin: 0 for unseen words, else 1 + floor(log2(count)) (bins of a factor 2)."""
    return max(count, 0).bit_length()


class ShareStudy:
    """Accumulates |IG| shares over many sentences, by kind of word.

    Besides the raw share (which shrinks with sentence length) it keeps the
    *relative* share, share x T, where 1.0 means "an average word of its sentence".

    Given the training corpus's token counts, it also compares modifiers with a fair
    control: function words ("the", "of", "was") and content words *of the same
    frequency*. Each frequency bin of the modifiers is weighted by how many modifiers
    fall in it, and bins without both controls are left out (``coverage`` says how many
    modifiers remain), so "modifiers get little" cannot be an effect of frequency alone.
    """

    def __init__(self, frequencies: Mapping[str, int] | None = None) -> None:
        self.frequencies = frequencies
        self.n_sentences = 0
        self.n_sentences_with_modifier = 0
        self._sums: dict[str, list[float]] = {}
        self._binned: dict[tuple[str, int], list[float]] = {}

    @staticmethod
    def _add_to(sums: list[float], share: float, relative: float, percentile: float) -> None:
        sums[0] += 1
        sums[1] += share
        sums[2] += relative
        sums[3] += percentile

    def add(self, norms: list[str], attributions: list[float] | tuple[float, ...]) -> None:
        """One sentence: normalised tokens and their signed attributions."""
        sh = shares(attributions)
        rk = ranks([abs(a) for a in attributions])
        n = len(norms)
        self.n_sentences += 1
        self.n_sentences_with_modifier += any(kind_of(w) is not None for w in norms)
        for w, s, r in zip(norms, sh, rk, strict=True):
            percentile = 1.0 if n == 1 else (n - r) / (n - 1)  # 1 = top word, 0 = bottom
            groups = ["all"]
            if (kind := kind_of(w)) is not None:
                groups += ["modifier", kind]
            elif w in FUNCTION_WORDS:
                groups.append("function")
            elif is_content(w):
                groups.append("content")
            b = frequency_bin(self.frequencies.get(w, 0)) if self.frequencies is not None else 0
            for g in groups:
                self._add_to(self._sums.setdefault(g, [0.0] * 4), s, s * n, percentile)
                self._add_to(self._binned.setdefault((g, b), [0.0] * 4), s, s * n, percentile)

    def _matched(self, group: str) -> dict:
        """``group`` beside function and content words of the same frequency bins."""
        bins = sorted(b for g, b in self._binned if g == group)
        weight = {b: self._binned[group, b][0] for b in bins}
        covered = [b for b in bins if ("function", b) in self._binned and ("content", b) in self._binned]
        n = sum(weight[b] for b in covered)

        def mean(g: str, i: int) -> float | None:
            return sum(weight[b] * self._binned[g, b][i] / self._binned[g, b][0] for b in covered) / n if n else None

        return {
            "occurrences": int(n),
            "coverage": n / sum(weight.values()) if weight else None,
            **{
                name: {"mean_relative_share": mean(g, 2), "mean_rank_percentile": mean(g, 3)}
                for name, g in (("group", group), ("function_words", "function"), ("content_words", "content"))
            },
        }

    def summary(self) -> dict:
        def stats(g: str) -> dict:
            n, share, rel, pct = self._sums.get(g, [0, 0.0, 0.0, 0.0])
            return {
                "occurrences": int(n),
                "mean_share": share / n if n else None,
                "mean_relative_share": rel / n if n else None,
                "mean_rank_percentile": pct / n if n else None,
            }

        out = {"n_sentences": self.n_sentences, "n_sentences_with_modifier": self.n_sentences_with_modifier}
        out.update({g: stats(g) for g in ("all", "content", "function", "modifier")})
        out["by_kind"] = {k: stats(k) for k in LEXICON}
        if self.frequencies is not None:
            out["frequency_matched"] = {
                "bins": "training-corpus count in [2^k, 2^(k+1)); each bin weighted by the modifiers in it",
                **{g: self._matched(g) for g in ("modifier", *LEXICON)},
            }
        return out


def corpus_frequencies(texts: Iterable[str]) -> Counter[str]:
    """Token counts of a corpus (the training texts), in the tokenizer's normalised form."""
    return Counter(w for t in texts for w in words(t))
