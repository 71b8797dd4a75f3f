"""Class probabilities: of one encoded sentence, after each of its words, and of many raw texts at once.

Probes, counterfactual edits and the CAD pairs only need predictions, not
attributions, so they go through ``text_probabilities``: packed sequences make padding
irrelevant, and batching makes hundreds of sentences take well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from .checkpoint import Checkpoint
from .model import Classifier
from .text import words
from .vocab import PAD_ID


def check_ids(ids: torch.Tensor) -> None:
    """Refuse anything but one non-empty sentence of ids [T]: every per-sentence pass takes that shape."""
    if ids.dim() != 1 or ids.numel() == 0:
        raise ValueError(f"expected a non-empty sequence of ids [T], got shape {tuple(ids.shape)}")


@torch.no_grad()
def sentence_probabilities(model: Classifier, ids: torch.Tensor) -> torch.Tensor:
    """Class probabilities of one sentence ``ids`` [T] -> [C]."""
    check_ids(ids)
    model.eval()
    return torch.softmax(model(ids.unsqueeze(0))[0], -1)


@torch.no_grad()
def attention_weights(model: Classifier, ids: torch.Tensor) -> tuple[float, ...] | None:
    """The attention pooling's weight on each token of ``ids`` [T]; None (and no pass) for a model without attention."""
    if model.config.pooling != "attention":
        return None
    _, weights = model.classify(model.embedding(ids.unsqueeze(0)))  # [1, T]
    return tuple(weights[0].tolist())


def prefix_probabilities(model: Classifier, out: torch.Tensor) -> torch.Tensor:
    """[T, C]: row t is what the model answers if the text ended after word t, from the last layer's
    states ``out`` [T, H] (attention pooling weighs the words read so far)."""
    if model.config.pooling == "last":
        return torch.softmax(model.head(model.dropout(out)), -1)
    T = out.shape[0]
    scores = model.attention.score(torch.tanh(model.attention.proj(out))).squeeze(-1)  # [T]
    later = torch.ones(T, T, dtype=torch.bool).triu(1)  # row t: words after t are not read yet
    weights = scores.expand(T, T).masked_fill(later, float("-inf")).softmax(-1)  # [T, T]
    return torch.softmax(model.head(model.dropout(weights @ out)), -1)


@torch.no_grad()
def running_probabilities(model: Classifier, ids: torch.Tensor) -> torch.Tensor:
    """The prediction after each word of ``ids`` [T]: [T, C], the last row the prediction itself. The
    model reads left to right, so its states on a prefix are its states on the whole text up to there."""
    check_ids(ids)
    model.eval()
    out, _ = model.rnn(model.embedding(ids.unsqueeze(0)))  # [1, T, H]
    return prefix_probabilities(model, out[0])


def encode_text(ck: Checkpoint, text: str, max_tokens: int | None) -> list[int]:
    """Vocabulary ids of ``text``'s first ``max_tokens`` tokens (all when None)."""
    ids = ck.vocab.encode(words(text)[:max_tokens])
    if not ids:
        raise ValueError(f"no readable tokens in {text[:60]!r}")
    return ids


@torch.no_grad()
def text_probabilities(
    ck: Checkpoint, texts: Sequence[str], *, max_tokens: int | None = None, batch_size: int = 128
) -> np.ndarray:
    """[N, C] class probabilities of ``texts``, each read up to ``max_tokens`` tokens."""
    ck.model.eval()
    out = []
    for start in range(0, len(texts), batch_size):
        encoded = [encode_text(ck, t, max_tokens) for t in texts[start : start + batch_size]]
        lengths = torch.tensor([len(e) for e in encoded])
        ids = torch.full((len(encoded), int(lengths.max())), PAD_ID, dtype=torch.long)
        for row, e in enumerate(encoded):
            ids[row, : len(e)] = torch.tensor(e)
        out.append(torch.softmax(ck.model(ids, lengths), -1).numpy())
    n_classes = ck.model.config.num_classes
    return np.concatenate(out) if out else np.zeros((0, n_classes), dtype=np.float32)
