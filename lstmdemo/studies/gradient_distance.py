"""The vanishing gradient over a data set: relative gradient by distance from the last word.

One sentence can mislead (a short one shows no vanishing at all), so the page also shows
each model's gradient at *d* words before the last word, relative to its gradient at the
last word, averaged over many test sentences (a geometric mean: the values span ten
decades). Computed once by ``python -m lstmdemo distance --save`` and stored in the LSTM's
card; the page reads it from there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch

from ..attribution.gradient_flow import gradient_norms
from ..lessons import relative
from ..modeling.data import Example
from ..modeling.loading import load_model
from ..modeling.predict import sentence_probabilities
from ..modeling.text import MAX_TOKENS, tokenize

#: Distances averaged over fewer sentences than this are left out: too noisy to read.
MIN_SENTENCES = 50


@dataclass
class DistanceStudy:
    """Running sums of log10(relative gradient) per distance from the last word, per model."""

    logs: dict[str, list[list[float]]] = field(default_factory=dict)
    n_sentences: int = 0

    def add(self, relative: dict[str, Sequence[float]]) -> None:
        """One sentence: each model's gradient per position, relative to its last position."""
        self.n_sentences += 1
        for name, values in relative.items():
            per_distance = self.logs.setdefault(name, [])
            for d, v in enumerate(reversed(values)):
                if d == len(per_distance):
                    per_distance.append([])
                per_distance[d].append(math.log10(max(v, 1e-30)))

    def summary(self, min_sentences: int = MIN_SENTENCES) -> dict:
        """Geometric mean per distance (0 = the last word), where enough sentences reach that far."""
        out: dict = {"n_sentences": self.n_sentences, "min_sentences": min_sentences}
        names = sorted(self.logs)
        reach = min(sum(len(v) >= min_sentences for v in self.logs[n]) for n in names) if names else 0
        out["distance"] = list(range(reach))
        out["n_at_distance"] = [len(self.logs[names[0]][d]) for d in range(reach)] if names else []
        for n in names:
            out[n] = [10 ** (sum(v) / len(v)) for v in self.logs[n][:reach]]
        return out


def farthest(summary: dict) -> tuple[int, float | None, float | None]:
    """The farthest distance stored, with the RNN's and the LSTM's mean relative gradient there."""
    d = len(summary.get("distance") or []) - 1
    if d < 0:
        return 0, None, None
    return d, (summary.get("rnn") or [None] * (d + 1))[d], (summary.get("lstm") or [None] * (d + 1))[d]


def study(
    rows: list[Example], *, model: str | Path = "lstm", compare: str | Path = "rnn", progress: bool = False
) -> dict:
    """Relative gradient by distance over ``rows``, toward the LSTM's predicted class, for both models."""
    from tqdm import tqdm

    models = {"lstm": load_model(model), "rnn": load_model(compare)}
    s = DistanceStudy()
    for row in tqdm(rows, disable=not progress, desc="gradient by distance"):
        words = [t.text for t in tokenize(row.text)[:MAX_TOKENS]]
        if not words:
            continue
        ids = {name: torch.tensor(ck.vocab.encode(words)) for name, ck in models.items()}
        target = int(sentence_probabilities(models["lstm"].model, ids["lstm"]).argmax())
        s.add({name: relative(gradient_norms(ck.model, ids[name], target)) for name, ck in models.items()})
    return {**s.summary(), "target": "the LSTM's predicted class"}
