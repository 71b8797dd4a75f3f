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
def text_logits(
    ck: Checkpoint, texts: Sequence[str], *, max_tokens: int | None = None, batch_size: int = 128
) -> np.ndarray:
    """[N, C] class logits of ``texts``, each read up to ``max_tokens`` tokens. Logits, unlike
    probabilities, do not saturate: "very good" can raise a margin whose probability is already 0.999."""
    ck.model.eval()
    out = []
    for start in range(0, len(texts), batch_size):
        encoded = [encode_text(ck, t, max_tokens) for t in texts[start : start + batch_size]]
        lengths = torch.tensor([len(e) for e in encoded])
        ids = torch.full((len(encoded), int(lengths.max())), PAD_ID, dtype=torch.long)
        for row, e in enumerate(encoded):
            ids[row, : len(e)] = torch.tensor(e)
        out.append(ck.model(ids, lengths).numpy())
    n_classes = ck.model.config.num_classes
    return np.concatenate(out) if out else np.zeros((0, n_classes), dtype=np.float32)


def text_probabilities(
    ck: Checkpoint, texts: Sequence[str], *, max_tokens: int | None = None, batch_size: int = 128
) -> np.ndarray:
    """[N, C] class probabilities of ``texts``, each read up to ``max_tokens`` tokens."""
    return softmax(text_logits(ck, texts, max_tokens=max_tokens, batch_size=batch_size))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities of ``logits`` along the last axis (the dtype kept)."""
    return torch.softmax(torch.from_numpy(logits), -1).numpy()


def margin(scores: np.ndarray | Sequence[float], k: int) -> np.ndarray | float:
    """Class ``k``'s logit margin: its score minus the largest other class's, along the last axis.

    ``scores`` are logits or log-probabilities (softmax adds the same constant to every class, so
    the difference is the same). Positive when ``k`` is predicted; for two labels it is
    log(p_k / (1 - p_k)), which keeps moving where p_k is already 0.999.
    """
    s = np.asarray(scores, dtype=np.float64)
    others = np.delete(s, k, axis=-1).max(axis=-1)
    out = s[..., k] - others
    return float(out) if out.ndim == 0 else out


def log_probabilities(probabilities: np.ndarray | Sequence[float]) -> np.ndarray:
    """log p for ``margin`` where only probabilities were kept; a probability that underflowed to 0
    counts as the smallest positive float32 (a margin of ~100, more than any model here reaches)."""
    return np.log(np.maximum(np.asarray(probabilities, dtype=np.float64), np.finfo(np.float32).smallest_subnormal))
