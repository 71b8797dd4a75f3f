"""Adaptive IG: the completeness bound on every shipped model, the ceiling, and the float64 pass."""

import pytest

from lstmdemo import tasks
from lstmdemo.attribution import adaptive
from lstmdemo.attribution.adaptive import MAX_POINTS, START_POINTS, bound
from lstmdemo.attribution.integrated_gradients import MAX_STEPS, integrated_gradients
from lstmdemo.modeling import checkpoint
from tests.support import bound_sweep
from tests.support.checkpoints import ids_of
from tests.support.texts import YANKEES


@pytest.fixture(scope="module")
def lstm():
    return checkpoint.load("lstm")


def test_the_ceiling_is_honoured(lstm, monkeypatch):
    monkeypatch.setattr(adaptive, "MAX_POINTS", 23)
    r = integrated_gradients(lstm.model, ids_of(lstm, YANKEES), 2, tolerance=1e-7)
    assert r.n_steps == 46 and not r.converged  # 23 in each format; the closer of the two is returned
    assert abs(r.delta) > bound(r.f_x - r.f_baseline, 1e-7)


def test_an_rnn_whose_float32_path_is_too_rough_is_integrated_again_in_float64():
    """The RNN's flagship case: float32 cannot meet the bound at any step count, float64 does."""
    ck = checkpoint.load("rnn")
    ids = ids_of(ck, tasks.get("topic").examples()[0].text)  # 87 tokens
    r = integrated_gradients(ck.model, ids, 0)
    assert (r.precision, r.converged, r.jumps, r.shared) == ("float64", True, 0, 0.0)
    assert 2 * START_POINTS <= r.n_steps <= 2 * MAX_POINTS  # both passes are counted
    fixed = integrated_gradients(ck.model, ids, 0, n_steps=MAX_STEPS)
    assert not fixed.converged and fixed.precision == "float32"
    assert adaptive.in_float64(ck.model) is adaptive.in_float64(ck.model)  # one copy per model


#: Sentences per model: every target x every baseline of each (a topic sentence is 12 cases, a review 6).
#: `python -m benchmarks.bench_ig_bound --sentences 300` runs 300 on every model.
BOUND_SWEEPS = [
    ("lstm", 50),
    ("rnn", 20),
    ("sentiment-lstm", 300),
    ("sentiment-rnn", 200),
    ("sentiment-lstm-finetuned", 100),
    ("sentiment-lstm-attention", 100),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "n_sentences"), BOUND_SWEEPS)
def test_the_bound_holds_on_every_shipped_model(name, n_sentences):
    if not tasks.of_card(checkpoint.load(name).card).data_dir.is_dir():
        pytest.skip(f"the {name} task's data folder is absent (as on a user's machine); see the README")
    result = bound_sweep.sweep(name, n_sentences)
    print(result.line())
    assert result.misses == () and result.dishonest == 0
    assert all(s <= 2 * MAX_POINTS for s in result.steps)
    if name == "rnn":  # the sweep goes through float64 and through flips (measured: 29 and 17 of 120 cases in 10)
        assert result.float64 > 0 and result.jumps > 0
