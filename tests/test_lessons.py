"""The page's lessons, from explain() output: on the example the page points to, and on edge cases."""

import dataclasses

import numpy as np
import pytest

from lstmdemo import lessons, tasks
from lstmdemo.attribution import gates
from lstmdemo.explain import Flow, GradientFlow, explain

FLAGSHIP = tasks.get("topic").examples()[0]


@pytest.fixture(scope="module")
def flagship():
    """The first example, the long news paragraph the page opens with, on the shipped weights."""
    return explain(FLAGSHIP.text, n_steps=10)


def test_the_page_opens_with_a_long_news_paragraph():
    assert FLAGSHIP.group == "paragraph"
    assert 70 <= len(FLAGSHIP.text.split()) <= 90


def test_on_the_flagship_the_rnn_gradient_vanishes_and_the_lstm_s_does_not(flagship):
    r = lessons.reach(flagship)
    assert not r.short and r.n_words >= lessons.SHORT_TEXT
    assert r.first_rnn < 1e-3
    assert r.first_lstm > 1e-2
    assert r.rnn[-1] == r.lstm[-1] == 1.0


def test_on_the_flagship_the_highway_keeps_ten_times_more_of_the_first_word(flagship):
    for layer in (1, 2):
        h = lessons.highway(flagship, layer)
        assert len(h.units) == lessons.HIGHWAY_UNITS
        assert h.first_highway >= 10 * h.first_all, (layer, h.first_highway, h.first_all)
        assert h.ratio >= 10
        survival = flagship.retention.survival[layer - 1][0]
        assert h.first_all == pytest.approx(float(survival.mean()), rel=1e-5)
        assert h.first_highway == pytest.approx(float(survival[list(h.units)].mean()), rel=1e-5)


def test_highway_units_are_those_whose_forget_gate_stays_highest(flagship):
    h = lessons.highway(flagship, 1)
    mean_f = flagship.gates.f[0].mean(0)
    assert set(h.units) == set(np.argsort(-mean_f)[: len(h.units)].tolist())
    assert list(h.mean_f) == sorted(h.mean_f, reverse=True)
    assert sorted(h.order) == list(range(h.n_units)) and h.order[: len(h.units)] == h.units
    np.testing.assert_array_equal(gates.highway_units(flagship.gates, 1), h.units)


def test_short_sentences_are_marked_short(tiny_dir):
    e = explain("Oil prices rose sharply", model=tiny_dir / "lstm", compare=tiny_dir / "rnn", n_steps=5)
    r = lessons.reach(e)
    assert r.short and r.n_words == 4 and len(r.rnn) == len(r.lstm) == 4


def test_reach_without_a_comparison_model_or_with_a_zero_last_gradient(tiny_dir):
    e = explain("Oil prices rose sharply", model=tiny_dir / "lstm", compare=None, n_steps=5)
    assert lessons.reach(e).rnn is None and lessons.reach(e).first_rnn is None
    flow = GradientFlow(Flow("lstm", "lstm", (2.0, 4.0, 0.0)), Flow("rnn", "rnn", (0.0, 0.0, 0.0)))
    zero_last = dataclasses.replace(e, gradient_flow=flow)
    r = lessons.reach(zero_last)
    assert r.lstm == (0.5, 1.0, 0.0) and r.rnn == (0.0, 0.0, 0.0)


def test_an_rnn_has_no_highway_and_no_gate_reading(tiny_dir):
    e = explain("Oil prices rose sharply", model=tiny_dir / "rnn", compare=None, n_steps=5)
    assert lessons.highway(e) is None and lessons.gate_moments(e, "f", 1) is None


def test_gate_moments_are_the_largest_changes_of_the_mean_gate(tiny_dir):
    e = explain("the team won the cup and the company did not report", model=tiny_dir / "lstm", compare=None, n_steps=5)
    reading = lessons.gate_moments(e, "i", 2, n=3)
    mean = e.gates.i[1].mean(-1)
    change = np.abs(np.diff(mean))
    assert [m.index for m in reading.moments] == (np.argsort(-change)[:3] + 1).tolist()
    m = reading.moments[0]
    assert m.word == e.words[m.index] and m.after == pytest.approx(mean[m.index]) and m.rose == (m.after > m.before)
    assert reading.mean == pytest.approx(float(mean.mean()))


def test_mostly_unknown_words_make_the_prediction_a_guess():
    gibberish = explain("zqxv wmpt 안녕하세요 stocks", compare=None, n_steps=5)
    c = lessons.confidence(gibberish)
    assert c.n_unknown >= 2 and c.guess
    assert not lessons.confidence(explain("Stocks fell sharply on Wall Street", compare=None, n_steps=5)).guess
