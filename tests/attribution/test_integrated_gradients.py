"""Integrated Gradients: the completeness bound, Captum's rules, the path's ends, refused arguments."""

import pytest
import torch
from captum.attr import LayerIntegratedGradients

from lstmdemo.attribution import adaptive
from lstmdemo.attribution.adaptive import MAX_POINTS, bound
from lstmdemo.attribution.gradient_flow import gradient_norms
from lstmdemo.attribution.integrated_gradients import integrate, integrated_gradients
from lstmdemo.modeling import checkpoint
from tests.support.checkpoints import SENTENCES, ids_of
from tests.support.texts import YANKEES

EXAMPLES = [
    *SENTENCES,
    "Oil prices hit a record high as OPEC cuts output",
    "Microsoft releases a security patch for Windows XP",
    "The Yankees beat the Red Sox 5 - 3 in extra innings",
    "The cat , which was sitting on the mat in the living room , and had been sleeping for hours , finally woke up",
]


@pytest.fixture(scope="module")
def lstm():
    return checkpoint.load("lstm")


@pytest.mark.parametrize("baseline", ["pad", "unk", "zero"])
def test_adaptive_steps_keep_the_completeness_bound(lstm, baseline):
    for text in [*EXAMPLES, YANKEES]:
        ids = ids_of(lstm, text)
        for target in range(4):
            r = integrated_gradients(lstm.model, ids, target, baseline=baseline)
            gap = r.f_x - r.f_baseline
            assert sum(r.attributions) - r.delta == pytest.approx(gap, abs=1e-5)
            assert r.converged and abs(r.delta) <= bound(gap, 0.01), (text, target, r.delta, gap)
            assert (r.rule, r.tolerance, len(r.attributions)) == ("adaptive_trapezoid", 0.01, len(ids))
            assert adaptive.START_POINTS <= r.n_steps <= MAX_POINTS and (r.precision, r.jumps) == ("float32", 0)


@pytest.mark.parametrize(
    "rule", ["gausslegendre", "riemann_middle", "riemann_left", "riemann_right", "riemann_trapezoid"]
)
def test_a_fixed_captum_rule_gives_captums_result(lstm, rule):
    ids = ids_of(lstm, YANKEES)
    lig = LayerIntegratedGradients(lstm.model, lstm.model.embedding)
    for target, baseline in [(0, "pad"), (2, "unk")]:
        r = integrated_gradients(lstm.model, ids, target, baseline=baseline, n_steps=20, rule=rule)
        base = torch.full_like(ids, 0 if baseline == "pad" else 1)[None]
        attr, delta = lig.attribute(
            ids[None], base, target=target, n_steps=20, method=rule, return_convergence_delta=True
        )
        torch.testing.assert_close(
            torch.tensor(r.attributions, dtype=torch.float64), attr.sum(-1)[0].double(), atol=2e-5, rtol=0
        )
        assert r.delta == pytest.approx(float(delta), abs=2e-5)
        assert (r.n_steps, r.rule) == (20, rule)


def test_a_forced_tiny_step_count_is_reported_as_not_converged(lstm):
    r = integrated_gradients(lstm.model, ids_of(lstm, YANKEES), 2, n_steps=2)
    assert abs(r.delta) > bound(r.f_x - r.f_baseline, 0.01)
    assert not r.converged and (r.n_steps, r.rule) == (2, "trapezoid")
    wide = integrated_gradients(lstm.model, ids_of(lstm, YANKEES), 2, n_steps=2, tolerance=1.0)
    assert wide.converged == (abs(wide.delta) <= bound(wide.f_x - wide.f_baseline, 1.0))


def test_the_path_end_gives_the_gradient_flow(lstm):
    ids = ids_of(lstm, YANKEES)
    _, grad_x = integrate(lstm.model, ids, 1)
    torch.testing.assert_close(grad_x.norm(dim=-1), torch.tensor(gradient_norms(lstm.model, ids, 1)), atol=1e-5, rtol=0)


def test_pad_and_zero_baselines_agree_because_the_pad_vector_is_zero(lstm):
    ids = ids_of(lstm, EXAMPLES[0])
    a = integrated_gradients(lstm.model, ids, 2, baseline="pad")
    b = integrated_gradients(lstm.model, ids, 2, baseline="zero")
    assert a.attributions == pytest.approx(b.attributions, abs=1e-5)


def test_bad_arguments_are_refused(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    with pytest.raises(ValueError, match="unknown baseline 'mean'"):
        integrated_gradients(ck.model, torch.tensor([2, 3]), 0, baseline="mean")
    for bad in (0, 1, 1001, 2.5, True):
        with pytest.raises(ValueError, match="n_steps must be None"):
            integrated_gradients(ck.model, torch.tensor([2, 3]), 0, n_steps=bad)
    for bad in (0, -0.1, 1.5, float("nan"), "1%"):
        with pytest.raises(ValueError, match=r"tolerance must be a number in \(0, 1\]"):
            integrated_gradients(ck.model, torch.tensor([2, 3]), 0, tolerance=bad)
    with pytest.raises(ValueError, match="unknown integration rule 'simps'"):
        integrated_gradients(ck.model, torch.tensor([2, 3]), 0, n_steps=9, rule="simps")
    with pytest.raises(ValueError, match="simpson needs an odd number"):
        integrated_gradients(ck.model, torch.tensor([2, 3]), 0, n_steps=10, rule="simpson")
    with pytest.raises(ValueError, match="needs a fixed n_steps"):
        integrated_gradients(ck.model, torch.tensor([2, 3]), 0, rule="gausslegendre")
    with pytest.raises(ValueError, match="non-empty sequence"):
        integrated_gradients(ck.model, torch.tensor([], dtype=torch.long), 0)
