"""Which words drove the prediction: Integrated Gradients, occlusion, gradient flow.

Integrated Gradients (Sundararajan et al., 2017) attributes the target's *logit*
through the embedding layer (Captum's ``LayerIntegratedGradients``), summed over
the embedding dimension with its sign kept. Completeness says the attributions
add up to F(x) - F(baseline); Captum's convergence delta is what they miss.
Normalise only for display.

cuDNN's RNN kernels refuse backward in eval mode on a GPU, so every gradient
here is taken with cuDNN off; on a CPU that changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from captum.attr import IntegratedGradients, LayerIntegratedGradients

from .model import Classifier
from .vocab import PAD_ID, UNK_ID

BASELINES: dict[str, str] = {
    "pad": "every word replaced by <pad> (its vector is zero)",
    "unk": "every word replaced by <unk> (the mean GloVe vector)",
    "zero": "zero embedding vectors (the same point as <pad> in this model)",
}


@dataclass(frozen=True)
class IGResult:
    """Integrated Gradients of one sentence for one target class."""

    attributions: tuple[float, ...]  # [T] signed, summed over the embedding dimension
    delta: float  # Captum's convergence delta: sum(attributions) - (F(x) - F(baseline))
    f_x: float  # target logit at the input
    f_baseline: float  # target logit at the baseline
    baseline: str
    n_steps: int


def _check_ids(ids: torch.Tensor) -> None:
    if ids.dim() != 1 or ids.numel() == 0:
        raise ValueError(f"expected a non-empty sequence of ids [T], got shape {tuple(ids.shape)}")


def integrated_gradients(
    model: Classifier, ids: torch.Tensor, target: int, *, baseline: str = "pad", n_steps: int = 50
) -> IGResult:
    """IG of ``target``'s logit for one sentence ``ids`` [T]."""
    _check_ids(ids)
    if baseline not in BASELINES:
        raise ValueError(f"unknown baseline {baseline!r}; choose one of {', '.join(BASELINES)}")
    if not 1 <= n_steps <= 1000:
        raise ValueError(f"n_steps must be between 1 and 1000, got {n_steps}")
    model.eval()
    x = ids.unsqueeze(0)  # [1, T]
    with torch.backends.cudnn.flags(enabled=False):
        if baseline == "zero":
            emb = model.embedding(x).detach()
            base = torch.zeros_like(emb)
            ig = IntegratedGradients(model.forward_embedded)
            attr, delta = ig.attribute(emb, base, target=target, n_steps=n_steps, return_convergence_delta=True)
            with torch.no_grad():
                f_x = model.forward_embedded(emb)[0, target].item()
                f_b = model.forward_embedded(base)[0, target].item()
        else:
            base = torch.full_like(x, PAD_ID if baseline == "pad" else UNK_ID)
            lig = LayerIntegratedGradients(model, model.embedding)
            attr, delta = lig.attribute(x, base, target=target, n_steps=n_steps, return_convergence_delta=True)
            with torch.no_grad():
                f_x = model(x)[0, target].item()
                f_b = model(base)[0, target].item()
    per_token = attr.sum(-1)[0].detach()  # [T]
    return IGResult(tuple(per_token.tolist()), float(delta.item()), f_x, f_b, baseline, n_steps)


@torch.no_grad()
def probabilities(model: Classifier, ids: torch.Tensor) -> torch.Tensor:
    """Class probabilities of one sentence ``ids`` [T] -> [C]."""
    _check_ids(ids)
    model.eval()
    return torch.softmax(model(ids.unsqueeze(0))[0], -1)


@torch.no_grad()
def occlusion(model: Classifier, ids: torch.Tensor) -> torch.Tensor:
    """Class probabilities with each token deleted in turn: [T, C].

    Deleting (not masking) asks "what if the word had not been written". A
    one-word sentence has nothing left, so its only variant is a lone ``<pad>``.
    """
    _check_ids(ids)
    model.eval()
    T = ids.numel()
    if T == 1:
        variants = torch.full((1, 1), PAD_ID, dtype=ids.dtype)
    else:
        keep = ~torch.eye(T, dtype=torch.bool)  # row t drops token t
        variants = ids.expand(T, T)[keep].view(T, T - 1)  # [T, T-1]
    return torch.softmax(model(variants), -1)


def gradient_norms(model: Classifier, ids: torch.Tensor, target: int) -> tuple[float, ...]:
    """|d logit_target / d embedding_t| for every position t: how far back the signal reaches."""
    _check_ids(ids)
    model.eval()
    emb = model.embedding(ids.unsqueeze(0)).detach().requires_grad_(True)  # [1, T, D]
    with torch.backends.cudnn.flags(enabled=False):
        logit = model.forward_embedded(emb)[0, target]
        (grad,) = torch.autograd.grad(logit, emb)
    return tuple(grad[0].norm(dim=-1).tolist())
