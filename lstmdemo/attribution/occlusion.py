"""Occlusion: the class probabilities with each word deleted in turn ("what if it had not been written")."""

from __future__ import annotations

import torch

from ..modeling.loading import MODEL_LOCK
from ..modeling.model import Classifier
from ..modeling.predict import check_ids
from ..modeling.vocab import PAD_ID

#: Occluded sentences run in batches of this many, each from the state after the prefix its sentences share
#: (one LSTM call a batch, all of one length). 16 keeps the calls few and the steps run again after the shared
#: prefix few; unpacked batches of one length run on mkldnn's fused kernel, which a packed batch does not.
OCCLUSION_BATCH = 16


@torch.no_grad()
def occlusion(
    model: Classifier, ids: torch.Tensor, states: tuple[torch.Tensor, torch.Tensor] | None = None
) -> torch.Tensor:
    """Class probabilities with each token deleted in turn: [T, C].

    Deleting (not masking) asks "what if the word had not been written". A
    one-word sentence has nothing left, so its only variant is a lone ``<pad>``.
    ``states``: an LSTM's (h, c) after every step of ``ids``, each [L, T, H] (the
    gate trace has them). Sentences then run in batches from the state after the prefix
    they share, so each reruns at most ``OCCLUSION_BATCH`` - 1 steps of its own prefix:
    about 2/3 of the work of running every sentence whole at 40 tokens, 0.55 at 200. Only a
    model that reads the last hidden state can use them; attention pooling reads every state again.
    """
    check_ids(ids)
    model.eval()
    T = ids.numel()
    if T == 1:
        return torch.softmax(model(torch.full((1, 1), PAD_ID, dtype=ids.dtype)), -1)
    if states is None or model.config.pooling != "last":
        keep = ~torch.eye(T, dtype=torch.bool)  # row t drops token t
        variants = ids.expand(T, T)[keep].view(T, T - 1)  # [T, T-1]
        rows = []
        for k, part in enumerate(variants.split(OCCLUSION_BATCH * 2)):
            if k:
                MODEL_LOCK.handover()  # a long request lets quick ones go first between its batches
            rows.append(torch.softmax(model(part), -1))
        return torch.cat(rows)
    h, c = states  # [L, T, H]
    last = []
    for a in range(0, T - 1, OCCLUSION_BATCH):  # sentences a..b-1 share the prefix ids[:a]
        if a:
            MODEL_LOCK.handover()  # a long request lets quick ones go first between its batches
        b = min(a + OCCLUSION_BATCH, T - 1)
        keep = torch.arange(a, T)[None] != torch.arange(a, b)[:, None]  # [n, T-a] row t - a drops token t
        rest = ids[a:].expand(b - a, -1)[keep].view(b - a, T - a - 1)
        start = None if a == 0 else tuple(s[:, a - 1 : a].expand(-1, b - a, -1).contiguous() for s in (h, c))
        _, (h_n, _) = model.rnn(model.embedding(rest), start)
        last.append(h_n[-1])  # [n, H]
    last.append(h[-1, T - 2 : T - 1])  # without the last token: the prefix alone
    return torch.softmax(model.head(model.dropout(torch.cat(last))), -1)  # [T, C]
