"""Adaptive Integrated Gradients: choose the path points until the completeness bound holds.

Start from ``START_POINTS`` points, denser near the baseline, then cut the intervals whose measured
error is largest (``quadrature.interval_errors``: the trapezoid's error on each interval is
known, because dF/da integrates to the change of F) until |delta| <= tolerance x |gap| +
``ABS_SLACK``, up to ``MAX_POINTS`` or the request's time budget (``budget``). Where float32
cannot get there (a vanilla RNN's state can flip within 1e-12 of the path), the path is
integrated again on a float64 copy of the model, and flips too sharp even for float64 are
measured and shared out (``jumps``).
"""

from __future__ import annotations

import copy
import dataclasses
import weakref
from dataclasses import dataclass

import torch

from .. import budget
from ..modeling.loading import MODEL_LOCK
from ..modeling.model import Classifier
from . import jumps, quadrature

# The start is denser near the baseline, where refinement put most of its points on held-out sentences
# (AG News validation articles, SST-2 dev reviews): it needs fewer rounds there than equally spaced points.

#: Adaptive IG starts from this many path points, both ends included, at a = u ** START_POWER for
#: equally spaced u ...
START_POINTS = 11
START_POWER = 1.3
#: ... and never evaluates more than this many in one number format (so at most twice this in all) ...
MAX_POINTS = 2049
#: ... nor refines more than this many rounds.
MAX_ROUNDS = 100
#: No interval is cut narrower than this: near each format's noise floor for the path parameter
#: (float32 tells points ~1e-7 apart; in float64, F at one point moves by ~1e-5 with how it is batched).
NARROWEST = {torch.float32: 2.0**-20, torch.float64: 2.0**-46}
#: The bound allows this much absolute slack on top of tolerance x |gap| (float32 noise, tiny gaps).
ABS_SLACK = 1e-4


def bound(gap: float, tolerance: float) -> float:
    """Largest |delta| the completeness bound allows for F(x) - F(baseline) = ``gap``."""
    return tolerance * abs(gap) + ABS_SLACK


@dataclass(frozen=True)
class Path:
    """One adaptive pass: the points, the attributions, F at the ends, the gradient at x [T, D]."""

    alphas: torch.Tensor  # [n]
    attributions: torch.Tensor  # [T]
    f_x: float
    f_b: float
    at_x: torch.Tensor | None
    jumps: int = 0
    shared: float = 0.0  # sum |change of F| over the shared intervals

    @property
    def delta(self) -> float:
        return float(self.attributions.sum()) - (self.f_x - self.f_b)

    def held(self, tolerance: float) -> bool:
        return abs(self.delta) <= bound(self.f_x - self.f_b, tolerance)


def _runs(mask: torch.Tensor) -> list[tuple[int, int]]:
    """Runs of adjacent True in ``mask`` [m], as (first, last + 1)."""
    edges = torch.diff(torch.cat([mask.new_zeros(1), mask, mask.new_zeros(1)]).int()).tolist()
    starts = [i for i, e in enumerate(edges) if e == 1]
    return list(zip(starts, [i for i, e in enumerate(edges) if e == -1], strict=True))


def _measure(alphas: torch.Tensor, f: torch.Tensor, c: torch.Tensor, at_x: torch.Tensor | None, errors, split) -> Path:
    """The trapezoid integral of the points so far; with ``split`` (float64), flips too narrow to cut shared out.

    A flip is a run of adjacent intervals too narrow to cut whose error (``errors`` [n-1], the
    intervals' measured errors) exceeds the slack; ``split(i, j)`` gives the words' shares [T] of
    the change of F from point i to j, or None.
    """
    per = alphas.diff()[:, None] * (c[:-1] + c[1:]) / 2  # [n-1, T]
    if split is None:
        return Path(alphas, per.sum(0), float(f[-1]), float(f[0]), at_x)
    steep = (alphas.diff() < 2 * NARROWEST[c.dtype]) & (errors.abs() > ABS_SLACK)
    n_jumps, shared = 0, 0.0
    for i, j in _runs(steep):
        if (words := split(i, j)) is not None:
            per[i:j], per[i] = 0.0, words
            n_jumps, shared = n_jumps + 1, shared + abs(float(f[j] - f[i]))
    return Path(alphas, per.sum(0), float(f[-1]), float(f[0]), at_x, n_jumps, shared)


def _cuts(alphas: torch.Tensor, errors: torch.Tensor, room: int, narrowest: float, share: bool, negligible: float):
    """New points [m <= room]: the marked intervals cut in 2, or with ``share`` (the float64 pass, hunting
    spikes) fewer of them (half the error, not 90%) in 8 where that stays above ``narrowest``."""
    pieces, bulk = (8, 0.5) if share else (2, quadrature.BULK)
    marked = quadrature.mark(errors, room, negligible, bulk)
    h = alphas.diff()[marked]  # [k]
    k = torch.where(h / pieces >= narrowest, pieces, 2)  # [k] pieces per interval
    if int(k[0]) - 1 > room:  # the last few points of the ceiling: halve
        k = torch.full_like(k, 2)
    marked, h, k = (x[(k - 1).cumsum(0) <= room] for x in (marked, h, k))
    j = torch.arange(1, pieces, dtype=alphas.dtype)  # [P-1]
    points = alphas[marked, None] + h[:, None] * j / k[:, None]  # [k, P-1]
    return points[j < k[:, None]]  # each interval's k - 1 inner points


def _pass(model: Classifier, emb_x: torch.Tensor, emb_b: torch.Tensor, target: int, tolerance: float, share: bool):
    """``START_POINTS`` first, then cut the intervals whose measured error is largest until the bound holds
    (or the request's time is spent: then the path so far, and ``True``).

    ``share`` (float64): jumps across intervals too narrow to cut are shared out
    (``jumps.shares``), and marked intervals are cut in 8, not 2: hunting a flip
    1e-13 wide then takes ~15 rounds, not 45, and a round (one pass over T steps) costs
    about the same at 2 or 8 points an interval.
    """
    narrowest = NARROWEST[emb_x.dtype]
    alphas = quadrature.grid(START_POINTS) ** START_POWER
    f, c, at_x = quadrature.evaluate_path(model, emb_x, emb_b, alphas, target)  # [n], [n, T]
    found: dict[tuple[float, float], torch.Tensor | None] = {}  # a flip's intervals are never cut: measure once

    def split(i: int, j: int) -> torch.Tensor | None:
        ends = (float(alphas[i]), float(alphas[j]))
        if ends not in found:
            found[ends] = jumps.shares(model, emb_x, emb_b, *ends, float(f[j] - f[i]), target)
        return found[ends]

    for rounds in range(MAX_ROUNDS + 1):
        errors = quadrature.interval_errors(alphas, f, c.sum(1))  # [n-1]
        path = _measure(alphas, f, c, at_x, errors, split if share else None)
        cuttable = alphas.diff() >= 2 * narrowest
        # Without sharing, an error too narrow to cut away means this format cannot meet the bound: stop early.
        stuck = not share and float(errors[~cuttable].abs().sum()) > bound(path.f_x - path.f_b, tolerance)
        errors = torch.where(cuttable, errors, 0.0)
        if path.held(tolerance) or stuck or len(alphas) >= MAX_POINTS or rounds == MAX_ROUNDS or not errors.any():
            break
        if budget.spent():
            return path, True
        MODEL_LOCK.handover()  # a long request lets quick ones go first between its rounds
        negligible = bound(path.f_x - path.f_b, tolerance) / (2 * len(errors))  # all of them together: half the bound
        new = _cuts(alphas, errors, MAX_POINTS - len(alphas), narrowest, share, negligible)
        f_new, c_new, _ = quadrature.evaluate_path(model, emb_x, emb_b, new, target)
        alphas, order = torch.cat([alphas, new]).sort()
        f, c = torch.cat([f, f_new])[order], torch.cat([c, c_new])[order]
    return path, False


#: model -> (its parameters' identities and versions when copied, its float64 copy)
_IN_FLOAT64: weakref.WeakKeyDictionary[Classifier, tuple[tuple, Classifier]] = weakref.WeakKeyDictionary()


def in_float64(model: Classifier) -> Classifier:
    """A float64 copy of ``model`` in eval mode, made again whenever a parameter was replaced or changed in place."""
    signature = tuple((p.data_ptr(), p._version) for p in model.parameters())
    cached = _IN_FLOAT64.get(model)
    if cached is None or cached[0] != signature:
        cached = signature, copy.deepcopy(model).double().eval()
        _IN_FLOAT64[model] = cached
    return cached[1]


def adaptive(model: Classifier, emb_x: torch.Tensor, emb_b: torch.Tensor, target: int, tolerance: float):
    """The pass in the model's format; where it cannot meet the bound, a float64 pass.

    Returns (path, points, precision, stopped): ``stopped`` when the request's time ran out first.
    """
    precision = str(emb_x.dtype).removeprefix("torch.")
    path, stopped = _pass(model, emb_x, emb_b, target, tolerance, share=emb_x.dtype == torch.float64)
    if path.held(tolerance) or stopped or emb_x.dtype == torch.float64:
        return path, len(path.alphas), precision, stopped
    wide, stopped = _pass(in_float64(model), emb_x.double(), emb_b.double(), target, tolerance, share=True)
    points = len(path.alphas) + len(wide.alphas)
    if not wide.held(tolerance) and abs(path.delta) <= abs(wide.delta):
        return path, points, precision, stopped  # neither holds: the closer one
    return dataclasses.replace(wide, at_x=path.at_x), points, "float64", stopped  # gradient flow: the model's own
