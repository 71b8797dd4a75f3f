"""A request's time budget and cancel flag: Integrated Gradients stops refining and says so, a cancelled
request stops, and without a budget nothing ever stops early."""

import threading
import time

import pytest
import torch

from lstmdemo import budget
from lstmdemo.attribution.adaptive import START_POINTS
from lstmdemo.attribution.integrated_gradients import integrated_gradients
from lstmdemo.explain import explain
from lstmdemo.modeling.loading import load_model
from tests.support.checkpoints import ids_of

TEXT = "Stocks fell sharply on Wall Street as oil prices rose"


def test_a_budget_is_spent_after_its_seconds_and_a_cancelled_one_raises():
    assert not budget.spent()  # no budget: never
    with budget.within(0.05) as b:
        assert not budget.spent()
        time.sleep(0.06)
        assert budget.spent()
        b.cancelled.set()
        with pytest.raises(budget.Cancelled):
            budget.spent()
    assert not budget.spent()
    assert not issubclass(budget.Cancelled, Exception)  # no `except Exception` swallows it on the way out


def test_integrated_gradients_stops_refining_when_the_time_is_spent_and_says_why():
    ck = load_model("rnn")  # the shipped RNN from <unk>: hundreds of points to meet the bound
    ids = ids_of(ck, TEXT)
    target = int(ck.model(ids[None]).argmax())
    with budget.within(0.0):
        cut = integrated_gradients(ck.model, ids, target, baseline="unk")
    assert cut.stopped == budget.TIME and not cut.converged and cut.n_steps == START_POINTS
    assert integrated_gradients(ck.model, ids, target, n_steps=20).stopped is None  # fixed steps: never cut


def test_a_cancelled_request_stops_explaining(tiny_dir):
    cancelled = threading.Event()
    cancelled.set()
    with budget.within(60, cancelled), pytest.raises(budget.Cancelled):
        explain(TEXT, model=tiny_dir / "lstm", compare=None, tolerance=1e-9)
    assert torch.is_grad_enabled()  # stopping mid-pass leaves no global state behind
