"""Flips: where F jumps across an interval of the path too narrow for float64 to sample.

A vanilla RNN's state can flip between two attractors within 1e-15 of the path
parameter. The gradient there is a spike no grid can sample, but two things about it
can be measured. Its integral is the jump of F across the interval. And how the jump
divides among the words follows the flip's surface: locally F flips where w . mu
crosses a threshold g, mu_t being how far word t has moved along the path, so along
the straight path (mu = s for every word) Integrated Gradients gives word t the share
w_t / sum(w) of the jump. Shifting word t ahead by one step moves the crossing from
s* = g / sum(w) to s_t = (g - w_t) / sum(w): the share is s* - s_t, found by bisecting
s for every word at once. The surface being flat there is checked, not assumed: the
shares must add up to 1; where they do not, the interval is left as it is (its error
stays in the convergence delta). So does it when the request's time runs out while bisecting
(``budget``): on a 200-word text each bisection is a float64 pass over 201 sentences, run in
chunks of ``MAX_BATCH_TOKENS`` word-steps: in one batch a vanilla RNN's pass took 170 MB more, in
chunks 15 MB, in the same time.
"""

from __future__ import annotations

import torch

from .. import budget
from ..modeling.loading import MODEL_LOCK
from ..modeling.model import Classifier
from .quadrature import batch_rows

#: The flip is measured from this far (in the path parameter) on either side of its interval, where
#: F is clearly on one side of it and not, as at the interval's own ends, within rounding of the flip.
MARGIN = 2.0**-30
#: The crossings are looked for between these multiples of the measured step ...
LOWEST, HIGHEST = -3.0, 4.0
#: ... and bisected this many times: each share is known to (HIGHEST - LOWEST) x 2^-BISECTIONS.
BISECTIONS = 16
#: The flat-surface check: the shares must add up to 1 within this.
AGREEMENT = 0.05


@torch.no_grad()
def _crossings(model: Classifier, starts: torch.Tensor, step: torch.Tensor, target: int, mid: float, up: bool):
    """Where F flips along starts [R, T, D] + s x step [T, D] for s in [LOWEST, HIGHEST]: [R] (nan: not there,
    or the request's time ran out)."""

    rows = batch_rows(starts.shape[1])

    def flipped(s: torch.Tensor) -> torch.Tensor:  # [R] -> [R] bool
        points = starts + s[:, None, None] * step  # [R, T, D]
        f = torch.cat([model.forward_embedded(chunk)[:, target] for chunk in points.split(rows)])
        return (f > mid) == up

    lo = torch.full(starts.shape[:1], LOWEST, dtype=step.dtype)
    hi = torch.full_like(lo, HIGHEST)
    bracketed = ~flipped(lo) & flipped(hi)
    for _ in range(BISECTIONS):
        if budget.spent():
            return torch.full_like(lo, torch.nan)
        MODEL_LOCK.handover()  # a long request lets quick ones go first between its passes
        middle = (lo + hi) / 2
        crossed = flipped(middle)
        hi, lo = torch.where(crossed, middle, hi), torch.where(crossed, lo, middle)
    return torch.where(bracketed, (lo + hi) / 2, torch.nan)


def shares(
    model: Classifier, emb_x: torch.Tensor, emb_b: torch.Tensor, a: float, b: float, jump: float, target: int
) -> torch.Tensor | None:
    """Each word's part [T] of ``jump``, the change of F across [a, b] of the path from ``emb_b`` to ``emb_x``.

    ``emb_x``, ``emb_b`` [T, D] float64. None when the change across the measured window is not
    one flip, a crossing is not found, or the surface is not flat (the shares do not add up to 1).
    """
    lo, hi = max(a - MARGIN, 0.0), min(b + MARGIN, 1.0)
    p_lo, p_hi = (emb_b + t * (emb_x - emb_b) for t in (lo, hi))  # [T, D]
    with torch.no_grad():
        f_lo, f_hi = model.forward_embedded(torch.stack([p_lo, p_hi]))[:, target].tolist()
    if abs((f_hi - f_lo) - jump) > 0.1 * abs(jump):
        return None  # more than the flip changes F over the window
    step = p_hi - p_lo  # [T, D]
    ahead = torch.eye(len(step), dtype=step.dtype)[:, :, None] * step  # [T, T, D] word t one step ahead
    starts = torch.cat([p_lo[None], p_lo + ahead])  # [T+1, T, D]
    s = _crossings(model, starts, step, target, (f_lo + f_hi) / 2, f_hi > f_lo)  # [T+1]
    part = s[0] - s[1:]  # [T] w_t / sum(w)
    if bool(s.isnan().any()) or abs(float(part.sum()) - 1) > AGREEMENT:
        return None
    return part / part.sum() * jump
