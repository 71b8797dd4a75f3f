"""Integration rules for Integrated Gradients and the gradients along the straight path.

IG integrates the gradient of F along x(a) = b + a (x - b), a in [0, 1]. A rule
is a set of points a_k with weights w_k; the attribution of token t is
sum_k w_k (x_t - b_t) . dF/dx_t(a_k). Captum's rules (``riemann_*``,
``gausslegendre``) are taken from Captum itself, so a fixed-step result here
is Captum's ``LayerIntegratedGradients`` result (the tests check it).

Captum's ``riemann_trapezoid`` puts its n points at linspace(0, 1, n) but gives
them weights 1/n (halved at the ends), which add up to (n - 1)/n instead of 1:
it misses a share 1/n of the integral. ``trapezoid`` below is the textbook rule
on the same points (weights 1/(n-1)), and ``simpson`` the rule of Simpson on an
odd number of equally spaced points; both include the ends, so F(x), F(b) and
the gradient at x come with the path, and doubling the intervals reuses every
point already evaluated. The adaptive rule (``adaptive``) halves the intervals
whose measured error is largest, down to the resolution of the number format.
"""

from __future__ import annotations

import torch
from captum.attr._utils.approximation_methods import SUPPORTED_METHODS, approximation_parameters

from .. import budget
from ..modeling.loading import MODEL_LOCK
from ..modeling.model import Classifier

#: Rules with points at both ends of the path, whose intervals can be halved in place.
NESTED_RULES: tuple[str, ...] = ("simpson", "trapezoid")
RULES: tuple[str, ...] = (*NESTED_RULES, *SUPPORTED_METHODS)


def grid(n_points: int) -> torch.Tensor:
    """``n_points`` equally spaced points on [0, 1], ends included: [n] float64."""
    return torch.linspace(0, 1, n_points, dtype=torch.float64)


def rule(name: str, n_points: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Points a_k [n] and weights w_k [n] (float64) of rule ``name`` with ``n_points`` points."""
    if name not in RULES:
        raise ValueError(f"unknown integration rule {name!r}; choose one of {', '.join(RULES)}")
    if name in NESTED_RULES:
        if n_points < 2 or (name == "simpson" and n_points % 2 == 0):
            raise ValueError(f"{name} needs {'an odd number of' if name == 'simpson' else 'at least 2'} points")
        h = 1.0 / (n_points - 1)
        w = torch.full((n_points,), h, dtype=torch.float64)
        if name == "simpson":
            w[1:-1:2], w[2:-1:2] = 4 * h / 3, 2 * h / 3
            w[0] = w[-1] = h / 3
        else:
            w[0] = w[-1] = h / 2
        return grid(n_points), w
    if n_points < (1 if name == "gausslegendre" else 2):
        raise ValueError(f"{name} needs at least {1 if name == 'gausslegendre' else 2} points")
    step_sizes, alphas = approximation_parameters(name)
    return torch.tensor(alphas(n_points), dtype=torch.float64), torch.tensor(step_sizes(n_points), dtype=torch.float64)


def trapezoid_weights(alphas: torch.Tensor) -> torch.Tensor:
    """Trapezoid weights [n] on sorted points ``alphas`` [n] that need not be equally spaced."""
    h = alphas.diff()  # [n-1]
    w = torch.zeros_like(alphas)
    w[:-1] += h / 2
    w[1:] += h / 2
    return w


def interval_errors(alphas: torch.Tensor, f: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
    """The trapezoid rule's error on each interval between sorted points ``alphas`` [n]: [n-1].

    The integrand ``s`` [n] is dF/da along the path, so its exact integral over an interval
    is the change of F across it (``f`` [n], known from the same passes): the error of
    every interval is measured, not estimated, and they add up to the convergence delta.
    """
    return alphas.diff() * (s[:-1] + s[1:]) / 2 - f.diff()


#: Bulk marking: each round cuts the intervals that hold this share of the measured error.
BULK = 0.9


def mark(errors: torch.Tensor, room: int, negligible: float = 0.0, bulk: float = BULK) -> torch.Tensor:
    """Indices of the intervals to cut: largest |error| first until they hold ``bulk`` of it, at most ``room``,
    never one whose |error| is below ``negligible`` (unless it is the largest).

    Points go where the integrand turns sharply (where a gate saturates along the path, or
    an RNN's state flips), not everywhere at once. A round (one pass over T steps) costs
    several points' worth, so a large bulk (fewer rounds) pays on held-out sentences of both tasks.
    ``negligible`` keeps a long tail of tiny errors from taking the points a spike needs.
    """
    e = errors.abs()
    order = torch.argsort(e, descending=True)
    cum = e[order].cumsum(0)
    k = int(torch.searchsorted(cum, bulk * cum[-1])) + 1
    k = min(k, max(1, int((e >= negligible).sum())))
    return order[: min(k, room)]


def path_logits(model: Classifier, emb_x: torch.Tensor, emb_b: torch.Tensor, alphas: torch.Tensor):
    """Logits at the path points, with the points kept for gradients.

    emb_x, emb_b [T, D]; alphas [n] -> (points [n, T, D] requiring grad, logits [n, C]).
    """
    a = alphas.to(emb_x.dtype).view(-1, 1, 1)  # [n, 1, 1]
    points = (emb_b + a * (emb_x - emb_b)).requires_grad_(True)  # [n, T, D]
    with torch.backends.cudnn.flags(enabled=False):
        return points, model.forward_embedded(points)


def path_gradients(points: torch.Tensor, logits: torch.Tensor, target: int, *, keep: bool = False) -> torch.Tensor:
    """d logit_target / d point at every path point: [n, T, D] (``keep`` to ask for another target)."""
    (grad,) = torch.autograd.grad(logits[:, target].sum(), points, retain_graph=keep)
    return grad


#: Path points per batched pass are capped so that points x tokens stays below this. A pass costs about
#: the same per point at 10 points as at 80 (~3.5 ms a point at 200 tokens on one CPU thread), so small
#: chunks lose nothing, and a long request hands the model over between them (``MODEL_LOCK.handover``):
#: a quick request waits for one chunk (~35 ms), not for a whole round of hundreds of points.
MAX_BATCH_TOKENS = 2_048


def batch_rows(tokens: int) -> int:
    """Sequences of ``tokens`` steps one batched pass takes, within ``MAX_BATCH_TOKENS`` (at least one)."""
    return max(1, MAX_BATCH_TOKENS // tokens)


def evaluate_path(model: Classifier, emb_x: torch.Tensor, emb_b: torch.Tensor, alphas: torch.Tensor, target: int):
    """Target logit [n] and per-token integrand [n, T] at the points ``alphas`` [n], float64.

    The integrand of token t at point a is (x_t - b_t) . dF/dx_t(x(a)); Integrated
    Gradients of t is its integral over a. Also returns the gradient at x itself
    [T, D] when a = 1 is among the points (else None). One forward and one backward
    pass per chunk of points; a cancelled request stops between chunks (``budget.Cancelled``).
    """
    diff = emb_x - emb_b  # [T, D]
    size = batch_rows(emb_x.shape[0])
    f, c, at_x = [], [], None
    for k, chunk in enumerate(alphas.split(size)):
        if k:
            budget.check()
            MODEL_LOCK.handover()  # a long request lets quick ones go first between its chunks
        points, logits = path_logits(model, emb_x, emb_b, chunk)
        grad = path_gradients(points, logits, target)  # [m, T, D]
        f.append(logits[:, target].detach())
        c.append((grad * diff).sum(-1))  # [m, T]
        ends = (chunk == 1.0).nonzero()
        if len(ends):
            at_x = grad[int(ends[0])]
    return torch.cat(f).double(), torch.cat(c).double(), at_x
