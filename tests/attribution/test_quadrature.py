"""Integration rules and the adaptive rule's measured interval errors."""

import threading

import pytest
import torch

from lstmdemo import budget
from lstmdemo.attribution import quadrature
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.loading import MODEL_LOCK


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


def _long_path(monkeypatch, on_chunk):
    """A background request's path of 6 chunks on the shipped LSTM, ``on_chunk(k)`` called as chunk k starts."""
    model = checkpoint.load("lstm").model
    emb_x = torch.randn(200, model.embedding.embedding_dim)  # [T, D]
    alphas = quadrature.grid(6 * (quadrature.MAX_BATCH_TOKENS // 200))
    started = iter(range(6))
    logits = quadrature.path_logits
    monkeypatch.setattr(quadrature, "path_logits", lambda *a: (on_chunk(next(started)), logits(*a))[1])
    return lambda: quadrature.evaluate_path(model, emb_x, torch.zeros_like(emb_x), alphas, 0)


def test_a_long_request_hands_the_model_to_a_quick_one_between_chunks(monkeypatch):
    chunks, first, got_it = [], threading.Event(), []

    def on_chunk(k: int) -> None:
        chunks.append(k)
        first.set()

    path = _long_path(monkeypatch, on_chunk)

    def long() -> None:
        with MODEL_LOCK.background(), MODEL_LOCK:
            path()

    worker = threading.Thread(target=long)
    worker.start()
    first.wait(30)
    with MODEL_LOCK.foreground(), MODEL_LOCK:
        got_it.append(len(chunks))
    worker.join(60)
    assert got_it == [1] and chunks == list(range(6))  # the quick one went in after the first chunk


def test_a_cancelled_request_stops_between_chunks(monkeypatch):
    stop, chunks = threading.Event(), []

    def on_chunk(k: int) -> None:
        chunks.append(k)
        if k == 1:
            stop.set()

    path = _long_path(monkeypatch, on_chunk)
    with budget.within(60.0, stop), pytest.raises(budget.Cancelled):
        path()
    assert chunks == [0, 1]
