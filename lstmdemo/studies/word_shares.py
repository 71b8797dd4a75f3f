"""Attribution (or attention) shares by kind of word over a data set, with a frequency-matched control."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from ..attribution.modifiers import abs_shares, ranks
from ..modeling.lexicon import FUNCTION_WORDS, LEXICON, is_content, kind_of
from ..modeling.text import words


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
        sh = abs_shares(attributions)
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
