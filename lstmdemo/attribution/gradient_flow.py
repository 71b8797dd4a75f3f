"""Gradient flow: how strongly the target's logit still feels each word, the signal that vanishes in an RNN.

cuDNN's RNN kernels refuse backward in eval mode on a GPU, so the gradient is taken with cuDNN
off; on a CPU that changes nothing.
"""

from __future__ import annotations

import torch

from ..modeling.model import Classifier
from ..modeling.predict import check_ids


def gradient_norms(model: Classifier, ids: torch.Tensor, target: int) -> tuple[float, ...]:
    """|d logit_target / d embedding_t| for every position t: how far back the signal reaches."""
    check_ids(ids)
    model.eval()
    emb = model.embedding(ids.unsqueeze(0)).detach().requires_grad_(True)  # [1, T, D]
    with torch.backends.cudnn.flags(enabled=False):
        logit = model.forward_embedded(emb)[0, target]
        (grad,) = torch.autograd.grad(logit, emb)
    return tuple(grad[0].norm(dim=-1).tolist())
