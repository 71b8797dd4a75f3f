"""Flips too narrow to sample: their jump is shared out by where single-word moves cross the flip's surface."""

import pytest
import torch

from lstmdemo.attribution import jumps, quadrature


class Threshold:
    """F jumps by ``height`` where every one of ``planes`` (n [T, D], c) has n . x > c: a flat flip for one plane."""

    def __init__(self, planes: list[tuple[torch.Tensor, float]], height: float = 5.0, slope: float = 0.0) -> None:
        self.planes, self.height, self.slope = planes, height, slope

    def forward_embedded(self, points: torch.Tensor) -> torch.Tensor:  # [B, T, D] -> [B, 2]
        on = torch.stack([(points * n).sum((1, 2)) > c for n, c in self.planes]).all(0)
        background = self.slope * points.sum((1, 2))
        return torch.stack([torch.zeros_like(background), self.height * on.double() + background], 1)


def _path(seed: int = 0, T: int = 6, D: int = 4) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(T, D, generator=g, dtype=torch.float64), torch.zeros(T, D, dtype=torch.float64), g


def _normal(emb_x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """A random normal n with n . x > 0: F switches on along the path from 0 to x."""
    n = torch.randn(emb_x.shape, generator=g, dtype=torch.float64)
    return n if float((n * emb_x).sum()) > 0 else -n


def test_a_flat_flip_is_shared_out_as_integrated_gradients_would_along_its_normal():
    emb_x, emb_b, g = _path()
    n = _normal(emb_x, g)
    where = 0.37  # the path crosses n . x = c at alpha = 0.37
    model = Threshold([(n, where * float((n * emb_x).sum()))])
    parts = jumps.shares(model, emb_x, emb_b, where - 1e-15, where + 1e-15, 5.0, target=1)
    expected = (n * emb_x).sum(1) / (n * emb_x).sum() * 5.0  # [T] n_t . (x_t - b_t), normalised
    torch.testing.assert_close(parts, expected, atol=5e-3, rtol=0)
    assert float(parts.sum()) == pytest.approx(5.0)


def test_a_flip_on_a_corner_of_two_surfaces_is_not_shared_out():
    emb_x, emb_b, g = _path(1)
    n1, n2 = _normal(emb_x, g), _normal(emb_x, g)
    where = 0.5  # both surfaces cross the path at the same point: no one normal
    model = Threshold([(n, where * float((n * emb_x).sum())) for n in (n1, n2)])
    assert jumps.shares(model, emb_x, emb_b, where - 1e-15, where + 1e-15, 5.0, target=1) is None


def test_a_window_where_more_than_the_flip_changes_f_is_not_shared_out():
    emb_x, emb_b, g = _path(2)
    n = _normal(emb_x, g)
    model = Threshold([(n, 0.6 * float((n * emb_x).sum()))], slope=1e9)  # steep background: 1e9 x 2^-29 = 1.9
    assert jumps.shares(model, emb_x, emb_b, 0.6 - 1e-15, 0.6 + 1e-15, 5.0, target=1) is None


def test_no_flip_in_the_window_is_not_shared_out():
    emb_x, emb_b, g = _path(3)
    n = _normal(emb_x, g)
    model = Threshold([(n, 0.9 * float((n * emb_x).sum()))])  # the flip is at 0.9, not near 0.2
    assert jumps.shares(model, emb_x, emb_b, 0.2 - 1e-15, 0.2 + 1e-15, 5.0, target=1) is None


def test_the_bisection_passes_the_model_a_bounded_batch_and_gets_the_same_shares(monkeypatch):
    """T + 1 shifted sentences at once cost a vanilla RNN 170 MB on a 200-word text: they go in chunks."""
    emb_x, emb_b, g = _path(4)  # T = 6: 7 sentences a bisection
    n = _normal(emb_x, g)
    model = Threshold([(n, 0.37 * float((n * emb_x).sum()))])
    whole = jumps.shares(model, emb_x, emb_b, 0.37 - 1e-15, 0.37 + 1e-15, 5.0, target=1)
    batches: list[int] = []
    forward = model.forward_embedded
    monkeypatch.setattr(model, "forward_embedded", lambda points: (batches.append(len(points)), forward(points))[1])
    monkeypatch.setattr(quadrature, "MAX_BATCH_TOKENS", 2 * emb_x.shape[0])  # two sentences a chunk
    parts = jumps.shares(model, emb_x, emb_b, 0.37 - 1e-15, 0.37 + 1e-15, 5.0, target=1)
    assert whole is not None and parts is not None
    assert max(batches) == 2 and batches.count(1) > 0  # 7 sentences: 2 + 2 + 2 + 1
    torch.testing.assert_close(parts, whole, atol=0, rtol=0)
