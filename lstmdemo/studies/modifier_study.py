"""The data-set level weakness figure: how much of the attribution the modifiers get, over many sentences."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import torch

from ..attribution.integrated_gradients import integrated_gradients
from ..modeling.data import Example
from ..modeling.loading import MODEL_LOCK, load_model
from ..modeling.predict import sentence_probabilities
from ..modeling.text import MAX_TOKENS, tokenize
from .word_shares import ShareStudy


def modifier_study(
    rows: list[Example],
    *,
    model: str | Path = "lstm",
    tolerance: float = 0.01,
    n_steps: int | None = None,
    progress: bool = False,
    frequencies: Mapping[str, int] | None = None,
) -> dict:
    """Data-set level weakness figure: |IG| share of modifiers vs all, function and content words.

    Each sentence is attributed for its predicted class with the all-<pad> baseline.
    ``frequencies`` (training-corpus token counts) add the frequency-matched control.
    """
    from tqdm import tqdm

    ck = load_model(model)
    study = ShareStudy(frequencies)
    for row in tqdm(rows, disable=not progress, desc="modifier study"):
        norms = [t.text for t in tokenize(row.text)[:MAX_TOKENS]]
        if not norms:
            continue
        ids = torch.tensor(ck.vocab.encode(norms))
        with MODEL_LOCK:
            target = int(sentence_probabilities(ck.model, ids).argmax())
            ig = integrated_gradients(ck.model, ids, target, tolerance=tolerance, n_steps=n_steps)
        study.add(norms, ig.attributions)
    return {
        **study.summary(),
        "n_steps": n_steps if n_steps is not None else "adaptive",
        "tolerance": tolerance,
        "baseline": "pad",
        "target": "predicted class",
    }
