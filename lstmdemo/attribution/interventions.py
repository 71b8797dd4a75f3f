"""Interventions on an LSTM's memory: what the model answers when one word writes nothing into it,
when the memory highway is cut after a word, or when nothing is forgotten from a word on.

Each replays ``nn.LSTM``'s own weights (gate order i, f, g, o), changing one thing::

    "write"   at word k, in every layer: i_k = 0     c_k = f_k c_{k-1}          (the word adds nothing)
    "cell"    at word k, in every layer: c_k -> 0     h_k = o_k tanh(c_k) first  (the highway is cut after k)
    "forget"  from word k on, every layer: f_t = 1    c_t = c_{t-1} + i_t g_t    (nothing is forgotten)

With no intervention the replay is ``nn.LSTM`` itself (to float precision). ``every_position`` gives,
for every word at once, the answer at the end under "write" and "cell": the page shows them as a
student steps through the words, with no request per word. It runs like occlusion: variants in
windows of ``WINDOW`` words share the state before the window, step through the window by hand
(where their change happens), then all run the rest of the sentence in one call of the fused kernel.
"forget" changes every later step, so it has no such shortcut and is replayed one word at a time
(``replay``); the page does not batch it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..modeling.loading import MODEL_LOCK
from ..modeling.model import Classifier
from ..modeling.predict import prefix_probabilities

#: The interventions, by the name the API and the page use.
WHATS: tuple[str, ...] = ("write", "cell", "forget")
#: The ones ``every_position`` computes for every word at once.
BATCHED: tuple[str, ...] = ("write", "cell")
#: Variants step by hand through at most this many words before the fused kernel takes over.
WINDOW = 16


@dataclass(frozen=True)
class Interventions:
    """For every word t, the class probabilities at the end of the sentence when the memory is changed
    at t: ``write`` (t writes nothing), ``cell`` (the highway cut after t). Each [T, C]."""

    write: np.ndarray
    cell: np.ndarray

    def get(self, what: str) -> np.ndarray:
        if what not in BATCHED:
            raise ValueError(f"every word's intervention exists for {', '.join(BATCHED)}, not {what!r}")
        return getattr(self, what)


def _weights(lstm: nn.LSTM, layer: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """W_ih [4H, D], W_hh [4H, H] and the summed biases [4H] of one layer: the module's own tensors."""
    w_ih, w_hh = getattr(lstm, f"weight_ih_l{layer}"), getattr(lstm, f"weight_hh_l{layer}")
    return w_ih, w_hh, getattr(lstm, f"bias_ih_l{layer}") + getattr(lstm, f"bias_hh_l{layer}")


def _step(
    x: torch.Tensor,
    h: torch.Tensor,
    c: torch.Tensor,
    weights: tuple,
    write: torch.Tensor,
    cut: torch.Tensor,
    keep: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One step of one layer for a batch: x [B, D], h, c [B, H]; ``write``, ``cut``, ``keep`` [B, 1] bool
    say which rows write nothing, cut the cell after the step, and forget nothing. Returns (h, c passed on, c)."""
    w_ih, w_hh, bias = weights
    H = h.shape[-1]
    z = torch.addmm(bias, x, w_ih.T) + h @ w_hh.T  # [B, 4H]
    i, f, o = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H : 2 * H]), torch.sigmoid(z[:, 3 * H :])
    g = torch.tanh(z[:, 2 * H : 3 * H])
    i = torch.where(write, torch.zeros_like(i), i)
    f = torch.where(keep, torch.ones_like(f), f)
    c_new = f * c + i * g
    h_new = o * torch.tanh(c_new)
    return h_new, torch.where(cut, torch.zeros_like(c_new), c_new), c_new


def _check(model: Classifier, ids: torch.Tensor) -> nn.LSTM:
    lstm = model.rnn
    if not isinstance(lstm, nn.LSTM):
        raise ValueError("only an LSTM has a memory cell and gates to intervene on; this model is an RNN")
    if lstm.bidirectional or lstm.proj_size or not lstm.bias:
        raise ValueError("the replay covers unidirectional LSTMs with biases and no projection")
    if ids.dim() != 1 or ids.numel() == 0:
        raise ValueError(f"expected a non-empty sequence of ids [T], got shape {tuple(ids.shape)}")
    return lstm


def classify_states(model: Classifier, out: torch.Tensor) -> torch.Tensor:
    """Class probabilities [B, C] from each row's last-layer states ``out`` [B, T, H], as the model pools them."""
    if model.config.pooling == "last":
        pooled = out[:, -1]
    else:
        pooled, _ = model.attention(out, torch.full(out.shape[:1], out.shape[1]))
    return torch.softmax(model.head(model.dropout(pooled)), -1)


@torch.no_grad()
def replay(model: Classifier, ids: torch.Tensor, at: int | None = None, what: str | None = None) -> torch.Tensor:
    """The last layer's states [T, H] of ``ids`` [T], with ``what`` done at word ``at`` (None: no change)."""
    lstm = _check(model, ids)
    if what is not None and what not in WHATS:
        raise ValueError(f"unknown intervention {what!r}; choose one of {', '.join(WHATS)}")
    T, H = ids.numel(), lstm.hidden_size
    layers = [_weights(lstm, k) for k in range(lstm.num_layers)]
    x_all = model.embedding(ids)  # [T, D]
    h = [x_all.new_zeros(1, H) for _ in layers]
    c = [x_all.new_zeros(1, H) for _ in layers]
    out = []
    for t in range(T):
        flags = [
            torch.tensor([[what == w and (t == at if w != "forget" else at is not None and t >= at)]]) for w in WHATS
        ]
        x = x_all[t : t + 1]
        for k, weights in enumerate(layers):
            h[k], c[k], _ = _step(x, h[k], c[k], weights, *flags)
            x = h[k]
        out.append(x[0])
    return torch.stack(out)  # [T, H]


@torch.no_grad()
def running_under(model: Classifier, ids: torch.Tensor, at: int | None, what: str | None) -> torch.Tensor:
    """The prediction after each word [T, C] with ``what`` done at ``at``: the model on every prefix."""
    out = replay(model, ids, at, what)  # [T, H]
    return prefix_probabilities(model, out)


@torch.no_grad()
def every_position(model: Classifier, ids: torch.Tensor, h: torch.Tensor, c: torch.Tensor) -> Interventions:
    """ "write" and "cell" at every word, each answered at the end; ``h``, ``c`` [L, T, H] are the unchanged
    states after every step (the gate trace has them), so no variant replays the words before its window."""
    lstm = _check(model, ids)
    T, L, H = ids.numel(), lstm.num_layers, lstm.hidden_size
    layers = [_weights(lstm, k) for k in range(L)]
    x_all = model.embedding(ids)  # [T, D]
    kinds = len(BATCHED)
    answers = []
    for a in range(0, T, WINDOW):
        if a:
            MODEL_LOCK.handover()  # a long request lets quick ones go first between its windows
        b = min(a + WINDOW, T)
        n = b - a
        at = torch.arange(a, b).repeat(kinds)[:, None]  # [kinds * n, 1] the word each variant changes
        kind = torch.arange(kinds).repeat_interleave(n)[:, None]  # [kinds * n, 1]
        hs = [(h[k, a - 1] if a else h.new_zeros(H)).expand(kinds * n, H) for k in range(L)]
        cs = [(c[k, a - 1] if a else c.new_zeros(H)).expand(kinds * n, H) for k in range(L)]
        window_out = []
        for t in range(a, b):
            here = at == t
            flags = (here & (kind == 0), here & (kind == 1), torch.zeros_like(here))
            x = x_all[t].expand(kinds * n, -1)
            for k, weights in enumerate(layers):
                hs[k], cs[k], _ = _step(x, hs[k], cs[k], weights, *flags)
                x = hs[k]
            window_out.append(x)
        parts = [h[-1, :a].expand(kinds * n, -1, -1), torch.stack(window_out, 1)]  # [B, a, H], [B, n, H]
        if b < T:
            start = (torch.stack(hs).contiguous(), torch.stack(cs).contiguous())  # [L, B, H] each
            rest, _ = lstm(x_all[b:].expand(kinds * n, -1, -1), start)  # [B, T - b, H]
            parts.append(rest)
        states = torch.cat(parts, 1) if model.config.pooling != "last" else parts[-1][:, -1:]
        answers.append(classify_states(model, states).view(kinds, n, -1))
    probs = torch.cat(answers, 1)  # [kinds, T, C]
    return Interventions(*(probs[j].numpy() for j in range(kinds)))
