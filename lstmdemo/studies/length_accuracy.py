"""Accuracy by text length, for the LSTM and its RNN baseline: where the gap between them opens.

The chapter expects the LSTM to beat the RNN by 1-2 points; on AG News it is about 4. If the RNN's
trouble is distance (the vanishing gradient of lesson 2), its accuracy should fall behind most on the
longest articles. The test set is cut into length quartiles (tokens read, as training reads them),
and each model's accuracy is measured in each. Stored in the LSTM's card (``python -m lstmdemo
lengths --save``); the page's model lesson reads it.
"""

from __future__ import annotations

import numpy as np

from ..modeling.checkpoint import Checkpoint
from ..modeling.data import Example
from ..modeling.text import words
from ..modeling.train import TRAIN_MAX_TOKENS, encode_rows, encoded_probabilities

#: Length groups: quartiles of the test texts' lengths.
QUANTILES = (0.25, 0.5, 0.75)


def length_accuracy(lstm: Checkpoint, rnn: Checkpoint, rows: list[Example], max_tokens: int = TRAIN_MAX_TOKENS) -> dict:
    """Each model's accuracy per length quartile of ``rows`` (each read up to ``max_tokens`` tokens)."""
    lengths = np.array([min(len(words(r.text)), max_tokens) for r in rows])
    labels = np.array([r.label for r in rows])
    right = {}
    for name, ck in (("lstm", lstm), ("rnn", rnn)):
        probs = encoded_probabilities(ck.model, encode_rows(rows, ck.vocab, max_tokens))
        right[name] = probs.argmax(-1).numpy() == labels
    edges = [int(lengths.min()), *(int(np.quantile(lengths, q)) for q in QUANTILES), int(lengths.max())]
    groups = []
    for k in range(len(edges) - 1):
        low, high = edges[k] + (k > 0), edges[k + 1]  # [low, high] tokens; the first group starts at the minimum
        inside = (lengths >= low) & (lengths <= high)
        if not inside.any():
            continue
        groups.append(
            {
                "min_tokens": low,
                "max_tokens": high,
                "n": int(inside.sum()),
                **{name: float(right[name][inside].mean()) for name in right},
            }
        )
    return {
        "n": len(rows),
        "max_tokens": max_tokens,
        "groups": groups,
        **{n: float(r.mean()) for n, r in right.items()},
    }
