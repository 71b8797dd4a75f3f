"""Where the attention remedy looks, measured over a data set.

The attention remedy gives every word a weight (summing to 1 over the sentence)
before the classifier reads the sentence. If attention were the cure for "every
word weighed alike", a modifier would get more than an average word of its
sentence. ``attention_study`` measures that over a data set, with the same word
groups (and the same "relative to an average word of its sentence" scale,
weight x T) as the Integrated Gradients modifier study, so the two read side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import torch

from ..modeling.data import Example
from ..modeling.lexicon import kind_of
from ..modeling.loading import load_model
from ..modeling.predict import attention_weights
from ..modeling.text import MAX_TOKENS, tokenize
from .word_shares import ShareStudy


def attention_study(
    rows: list[Example],
    *,
    model: str | Path,
    progress: bool = False,
    frequencies: Mapping[str, int] | None = None,
) -> dict:
    """Mean attention weight per word group, over the sentences of ``rows`` that hold a modifier.

    Only sentences with a modifier count, so modifiers, function and content words
    are compared within the same sentences; ``frequencies`` (training-corpus token
    counts) add the IG study's frequency-matched control.
    """
    from tqdm import tqdm

    ck = load_model(model)
    if ck.model.config.pooling != "attention":
        raise ValueError(f"{ck.path} has no attention pooling (its pooling is {ck.model.config.pooling!r})")
    study = ShareStudy(frequencies)
    for row in tqdm(rows, disable=not progress, desc="attention study"):
        norms = [t.text for t in tokenize(row.text)[:MAX_TOKENS]]
        if not any(kind_of(w) is not None for w in norms):
            continue
        weights = attention_weights(ck.model, torch.tensor(ck.vocab.encode(norms)))
        assert weights is not None
        study.add(norms, weights)
    return {
        **study.summary(),
        "n_rows": len(rows),
        "sentences": "only those with a modifier",
        "measure": "attention weight; relative share = weight x sentence length (1.0 = an average word)",
    }
