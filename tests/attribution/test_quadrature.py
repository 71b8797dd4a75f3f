"""Integration rules and the adaptive rule's measured interval errors."""

import pytest
import torch

from lstmdemo.attribution import quadrature


def test_nested_rules_weigh_to_one():
    for name, n in [("trapezoid", 9), ("simpson", 9), ("gausslegendre", 7)]:
        a, w = quadrature.rule(name, n)
        assert float(w.sum()) == pytest.approx(1.0) and float(a.min()) >= 0 and float(a.max()) <= 1


def test_interval_errors_are_the_trapezoid_rules_exact_errors_and_the_largest_are_halved_first():
    a = torch.tensor([0.0, 0.25, 0.5, 1.0], dtype=torch.float64)
    f, s = a**3, 3 * a**2  # F = a^3: the trapezoid overshoots each interval by h^3 / 2
    torch.testing.assert_close(quadrature.interval_errors(a, f, s), a.diff() ** 3 / 2)
    assert float(quadrature.interval_errors(a, a**2, 2 * a).abs().max()) < 1e-15  # exact on a linear integrand
    errors = torch.tensor([0.1, -0.5, 0.3, 0.0, 0.02], dtype=torch.float64)  # 90% of 0.92 is 0.828
    assert quadrature.mark(errors, room=5).tolist() == [1, 2, 0] and quadrature.mark(errors, room=1).tolist() == [1]
    assert quadrature.mark(torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64), room=5).tolist() == [1]
    assert quadrature.mark(errors, room=5, negligible=0.25).tolist() == [1, 2]  # a tail of small errors waits
    assert quadrature.mark(errors, room=5, negligible=9.0).tolist() == [1]  # the largest is always cut
    assert quadrature.mark(errors, room=5, bulk=0.5).tolist() == [1]  # 0.5 of 0.92 lies in the first
