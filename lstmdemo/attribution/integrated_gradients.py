"""Which words drove the prediction: Integrated Gradients of the target's logit.

Integrated Gradients (Sundararajan et al., 2017) attributes the target's *logit*
through the embedding layer, summed over the embedding dimension with its sign
kept; with a fixed rule it is Captum's ``LayerIntegratedGradients`` result.
Completeness says the attributions add up to F(x) - F(baseline); the convergence
delta is what they miss. By default the path points are chosen per sentence
until |delta| <= tolerance x |F(x) - F(baseline)| + 1e-4 (``converged``), up
to a ceiling of ``MAX_POINTS`` or the request's time budget (``stopped``); where float32
cannot get there (a vanilla RNN's state can flip within 1e-12 of the path), the path is
integrated again in float64.
Normalise only for display.

cuDNN's RNN kernels refuse backward in eval mode on a GPU, so every gradient
here is taken with cuDNN off; on a CPU that changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .. import budget
from ..modeling.model import Classifier
from ..modeling.predict import check_ids
from ..modeling.vocab import PAD_ID, UNK_ID
from . import quadrature
from .adaptive import Path, adaptive

#: What "no words" is: every word replaced by <pad> (its vector is zero), by <unk> (the mean GloVe
#: vector), or zero vectors (the same point as <pad> in these models). The page's glosses: details.baseline.*
BASELINES: tuple[str, ...] = ("pad", "unk", "zero")


ADAPTIVE_RULE = "adaptive_trapezoid"
MAX_STEPS = 1000


@dataclass(frozen=True)
class IGResult:
    """Integrated Gradients of one sentence for one target class.

    ``converged`` says whether the completeness bound
    |delta| <= tolerance x |f_x - f_baseline| + 1e-4 holds for these attributions.
    """

    attributions: tuple[float, ...]  # [T] signed, summed over the embedding dimension
    delta: float  # convergence delta: sum(attributions) - (F(x) - F(baseline))
    f_x: float  # target logit at the input
    f_baseline: float  # target logit at the baseline
    baseline: str
    n_steps: int  # gradient evaluations along the path (the rule's points; both formats' if float64 was needed)
    rule: str  # integration rule: adaptive_trapezoid, or a fixed rule of quadrature.RULES
    tolerance: float
    converged: bool
    precision: str = "float32"  # the number format of the returned integral
    jumps: int = 0  # flips of F too narrow for float64 whose change was shared out (jumps.shares)
    shared: float = 0.0  # how much of F(x) - F(baseline) those jumps carry: sum |their change| / |gap|
    stopped: str | None = None  # why refinement stopped before the bound held: budget.TIME, or None


def baseline_embedding(model: Classifier, ids: torch.Tensor, baseline: str) -> torch.Tensor:
    """The baseline's embedding vectors [T, D] for a sentence ``ids`` [T]."""
    if baseline not in BASELINES:
        raise ValueError(f"unknown baseline {baseline!r}; choose one of {', '.join(BASELINES)}")
    if baseline == "zero":
        return model.embedding.weight.new_zeros(ids.numel(), model.embedding.embedding_dim)
    return model.embedding(torch.full_like(ids, PAD_ID if baseline == "pad" else UNK_ID)).detach()


def check_ig_arguments(tolerance: float, n_steps: int | None, rule: str | None) -> str:
    """Refuse bad IG settings with a message a user can act on; return the rule to use."""
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 < tolerance <= 1:
        raise ValueError(f"tolerance must be a number in (0, 1], e.g. 0.01 for 1% of the gap; got {tolerance!r}")
    if n_steps is None:
        if rule not in (None, ADAPTIVE_RULE):
            raise ValueError(f"rule {rule!r} needs a fixed n_steps; adaptive steps use {ADAPTIVE_RULE}")
        return ADAPTIVE_RULE
    if isinstance(n_steps, bool) or not isinstance(n_steps, int) or not 2 <= n_steps <= MAX_STEPS:
        raise ValueError(f"n_steps must be None (adaptive) or an integer from 2 to {MAX_STEPS}, got {n_steps!r}")
    rule = rule or "trapezoid"
    quadrature.rule(rule, n_steps)  # refuses an unknown rule or a step count it cannot use
    return rule


def integrate(
    model: Classifier,
    ids: torch.Tensor,
    target: int,
    *,
    baseline: str = "pad",
    tolerance: float = 0.01,
    n_steps: int | None = None,
    rule: str | None = None,
) -> tuple[IGResult, torch.Tensor]:
    """IG of ``target``'s logit for ``ids`` [T], and the gradient at the input itself [T, D].

    The path's ends are always among the points: they give F(x) and F(baseline)
    without extra passes, and the end at x gives the gradient flow for free.
    """
    check_ids(ids)
    rule = check_ig_arguments(tolerance, n_steps, rule)
    model.eval()
    emb_x = model.embedding(ids).detach()  # [T, D]
    emb_b = baseline_embedding(model, ids, baseline)  # [T, D]
    stopped = False
    if n_steps is None:
        path, n_steps, precision, stopped = adaptive(model, emb_x, emb_b, target, tolerance)
    else:
        a, w = quadrature.rule(rule, n_steps)
        alphas = torch.cat([a, torch.tensor([0.0, 1.0], dtype=a.dtype)]).unique()  # sorted, ends included
        weights = torch.zeros_like(alphas).index_put_((torch.searchsorted(alphas, a),), w)
        f, c, at_x = quadrature.evaluate_path(model, emb_x, emb_b, alphas, target)
        path, precision = Path(alphas, weights @ c, float(f[-1]), float(f[0]), at_x), "float32"
    gap = abs(path.f_x - path.f_b)
    result = IGResult(
        tuple(path.attributions.tolist()),
        path.delta,
        path.f_x,
        path.f_b,
        baseline,
        n_steps,
        rule,
        float(tolerance),
        path.held(tolerance),
        precision,
        path.jumps,
        path.shared / gap if gap else 0.0,
        budget.TIME if stopped and not path.held(tolerance) else None,
    )
    return result, path.at_x


def integrated_gradients(
    model: Classifier,
    ids: torch.Tensor,
    target: int,
    *,
    baseline: str = "pad",
    tolerance: float = 0.01,
    n_steps: int | None = None,
    rule: str | None = None,
) -> IGResult:
    """IG of ``target``'s logit for one sentence ``ids`` [T].

    ``n_steps=None`` (default) chooses the points so that the completeness bound holds
    (``converged``), up to ``MAX_POINTS``; a fixed ``n_steps`` uses ``rule`` (default
    ``trapezoid``, or any of ``quadrature.RULES``) and reports whether the bound held.
    """
    return integrate(model, ids, target, baseline=baseline, tolerance=tolerance, n_steps=n_steps, rule=rule)[0]
