"""Every gate of every layer at every timestep, by replaying ``nn.LSTM``'s own weights.

``nn.LSTM`` only returns h (and the final c); the gates stay inside its kernel.
We recompute them step by step from the module's own parameters (never a copy),
in PyTorch's gate order i, f, g, o::

    z_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh        # [4H]
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), tanh(z_g), sigmoid(z_o)
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t)

and check in the tests that h and the final (h, c) agree with ``nn.LSTM``.
This is inference-mode replay: dropout between layers is not applied.
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
        w_hh = getattr(lstm, f"weight_hh_l{k}")  # [4H, H]
        bias = getattr(lstm, f"bias_ih_l{k}") + getattr(lstm, f"bias_hh_l{k}")  # [4H]
        pre = layer_in @ getattr(lstm, f"weight_ih_l{k}").T + bias  # [T, 4H]
        h = x.new_zeros(H)
        c = x.new_zeros(H)
        rows: dict[str, list[torch.Tensor]] = {k2: [] for k2 in GATE_NAMES}
        for t in range(pre.shape[0]):
            z = pre[t] + w_hh @ h
            i, f, o = torch.sigmoid(z[:H]), torch.sigmoid(z[H : 2 * H]), torch.sigmoid(z[3 * H :])
            g = torch.tanh(z[2 * H : 3 * H])
            c = f * c + i * g
            h = o * torch.tanh(c)
            for name, v in zip(GATE_NAMES, (i, f, g, o, c, h), strict=True):
                rows[name].append(v)
        for name in GATE_NAMES:
            out[name].append(torch.stack(rows[name]))  # [T, H]
        layer_in = out["h"][-1]
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
