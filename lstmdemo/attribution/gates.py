"""Every gate of every layer at every timestep, by replaying ``nn.LSTM``'s own weights.

``nn.LSTM`` only returns h (and the final c); the gates stay inside its kernel.
We recompute them from the module's own parameters (never a copy), in
PyTorch's gate order i, f, g, o::

    z_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh        # [4H]
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), tanh(z_g), sigmoid(z_o)
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)

Layer by layer, LSTM's own kernel (with that layer's parameters) gives every h_t;
then all z_t are two matrix products over the whole sequence, and the elementwise
recurrence for c is a scan of log2(T) vectorised steps. The tests check that h and the final
(h, c) agree with ``nn.LSTM``. Inference-mode replay: no dropout between layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

GATE_NAMES: tuple[str, ...] = ("i", "f", "g", "o", "c", "h")
GATE_TITLES: dict[str, str] = {
    "i": "input gate i (how much new content is written)",
    "f": "forget gate f (how much of the cell is kept)",
    "g": "candidate g (the content offered to the cell)",
    "o": "output gate o (how much of the cell is shown)",
    "c": "cell state c (the memory highway)",
    "h": "hidden state h (what the next layer sees)",
}


@dataclass(frozen=True)
class GateTrace:
    """Gate activations of one sentence, each ``[layers, T, H]`` float32."""

    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray

    def get(self, name: str) -> np.ndarray:
        if name not in GATE_NAMES:
            raise ValueError(f"unknown gate {name!r}; choose one of {', '.join(GATE_NAMES)}")
        return getattr(self, name)


@dataclass(frozen=True)
class Retention:
    """How much of what each timestep wrote to the cell survives to the last step.

    ``survival[l, t, u]`` is the product of the forget gates after t,
    ``f[l, t+1, u] * ... * f[l, T-1, u]`` (1 at the last step): the share of
    cell content written at t that the forget gates let through to the end.
    """

    survival: np.ndarray  # [L, T, H]
    mean: np.ndarray  # [L, T] mean over units
    share_kept: np.ndarray  # [L, T] share of units that keep more than half


def _layer_hidden(lstm: nn.LSTM, k: int, x: torch.Tensor) -> torch.Tensor:
    """h_t of layer ``k`` for its input ``x`` [T, D_k], by the LSTM kernel on that layer's own parameters."""
    weights = lstm._flat_weights[4 * k : 4 * k + 4]  # w_ih, w_hh, b_ih, b_hh: the module's tensors
    zeros = x.new_zeros(1, 1, lstm.hidden_size)  # [1, 1, H] zero state
    out, _, _ = torch._VF.lstm(x.unsqueeze(1), (zeros, zeros), weights, True, 1, 0.0, False, False, False)
    return out[:, 0]  # [T, H]


def _cells(f: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """c_t = f_t c_{t-1} + w_t from c = 0, for f, w [T, H]: a scan in log2(T) vectorised steps, not T.

    After the step of span s, ``c[t]`` holds the recurrence over the 2s steps up to t and
    ``keep[t]`` what those steps keep of the cell before them (their forget gates' product).
    """
    c, keep = w.clone(), f.clone()
    span = 1
    while span < len(c):
        c[span:] = c[span:] + keep[span:] * c[:-span]
        keep[span:] = keep[span:] * keep[:-span]
        span *= 2
    return c


@torch.no_grad()
def record(lstm: nn.LSTM, x: torch.Tensor) -> GateTrace:
    """Replay ``lstm`` on one sequence ``x`` [T, D] from a zero state; return all gates."""
    if lstm.bidirectional or lstm.proj_size or not lstm.bias:
        raise ValueError("the replay covers unidirectional LSTMs with biases and no projection")
    if x.dim() != 2:
        raise ValueError(f"expected one sequence [T, D], got shape {tuple(x.shape)}")
    H = lstm.hidden_size
    out: dict[str, list[torch.Tensor]] = {k: [] for k in GATE_NAMES}
    layer_in = x
    for k in range(lstm.num_layers):
        h = _layer_hidden(lstm, k, layer_in)  # [T, H]
        h_prev = torch.cat([h.new_zeros(1, H), h[:-1]])  # [T, H] h_{t-1}, zero before the first step
        bias = getattr(lstm, f"bias_ih_l{k}") + getattr(lstm, f"bias_hh_l{k}")  # [4H]
        z = torch.addmm(bias, layer_in, getattr(lstm, f"weight_ih_l{k}").T)
        z = torch.addmm(z, h_prev, getattr(lstm, f"weight_hh_l{k}").T)  # [T, 4H]
        i, f, o = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H : 2 * H]), torch.sigmoid(z[:, 3 * H :])
        g = torch.tanh(z[:, 2 * H : 3 * H])  # [T, H] each
        c = _cells(f, i * g)  # [T, H]
        for name, v in zip(GATE_NAMES, (i, f, g, o, c, h), strict=True):
            out[name].append(v)
        layer_in = h
    return GateTrace(**{k: torch.stack(v).cpu().numpy() for k, v in out.items()})


def retention(trace: GateTrace) -> Retention:
    """Suffix products of the forget gates, summarised over units."""
    f = trace.f.astype(np.float64)  # [L, T, H]
    later = np.concatenate([f[:, 1:], np.ones_like(f[:, :1])], axis=1)  # f_{t+1}, 1 at the end
    survival = np.flip(np.cumprod(np.flip(later, axis=1), axis=1), axis=1)
    return Retention(
        survival.astype(np.float32), survival.mean(-1).astype(np.float32), (survival > 0.5).mean(-1).astype(np.float32)
    )


# --- reading a trace: pure functions over GateTrace / Retention ---------------------------------


def unit_order(trace: GateTrace, layer: int) -> np.ndarray:
    """Units of ``layer`` (counted from 1) by mean forget gate over the sentence, highest first.

    One order for every gate, so that switching gates keeps each unit in its column, and the
    units that keep the most (the cell-state highway) come first. Ties keep storage order.
    """
    f = _layer(trace.f, layer).astype(np.float64)  # [T, H]
    return np.argsort(-f.mean(0), kind="stable")


def highway_units(trace: GateTrace, layer: int, k: int = 5) -> np.ndarray:
    """The ``k`` units of ``layer`` whose forget gate stays highest on average: the highway."""
    return unit_order(trace, layer)[:k]


def kept_by(retention: Retention, layer: int, units: np.ndarray) -> np.ndarray:
    """Mean over ``units`` of what each word wrote that survives to the end: [T]."""
    return _layer(retention.survival, layer)[:, units].astype(np.float64).mean(-1)


def _layer(values: np.ndarray, layer: int) -> np.ndarray:
    """``values[layer - 1]`` of an [L, T, H] array, with layers counted from 1 as on screen."""
    if not 1 <= layer <= values.shape[0]:
        raise ValueError(f"layer must be between 1 and {values.shape[0]}, got {layer}")
    return values[layer - 1]
