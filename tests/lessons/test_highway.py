"""Lesson 3: the highway units keep the first word, and cutting the memory shows what it carried."""

import numpy as np
import pytest

from lstmdemo import lessons, tasks
from lstmdemo.attribution import gates
from lstmdemo.explain import explain

FLAGSHIP = tasks.get("topic").examples()[0]


@pytest.fixture(scope="module")
def flagship():
    """The first example, the long news paragraph the page opens with, on the shipped weights."""
    return explain(FLAGSHIP.text, n_steps=10)


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


def test_an_rnn_has_no_highway_and_no_gate_reading(tiny_dir):
    e = explain("Oil prices rose sharply", model=tiny_dir / "rnn", compare=None, n_steps=5)
    assert lessons.highway(e) is None and lessons.gate_moments(e, "f", 1) is None


def test_cutting_the_memory_after_the_business_words_takes_the_topic_away():
    text = "The bank reported record quarterly profits and raised its dividend , the people said in the capital"
    c = lessons.cut(explain(text, n_steps=4, compare=None))
    assert c.label == "Business" and c.probability > 0.95
    assert c.index > text.split().index("dividend") - 1 and c.probability_after < 0.6  # the highway carried it


def test_a_negation_s_memory_is_what_the_sentiment_lstm_loses_when_cut():
    c = lessons.cut(explain("The movie is not good", task="sentiment", n_steps=4))
    assert (c.word, c.label, c.label_after, c.turns) == ("not", "Negative", "Positive", True)
    assert lessons.cut(explain("good", task="sentiment", n_steps=4)) is None  # a cut after the last word: nothing
    assert lessons.cut(explain("good movie", model="sentiment-rnn", compare=None, n_steps=4)) is None
