"""Lesson 6: the LSTM's four weight blocks against the RNN's one, counted from the shipped weights."""

import pytest

from lstmdemo.lessons.parameters import GATES, Sizes, accuracy, parameters
from lstmdemo.modeling.loading import load_model


def test_four_blocks_a_layer_and_just_under_four_times_the_rnn():
    s = Sizes(parameters(load_model("lstm")), parameters(load_model("rnn")))
    D, H = s.lstm.inputs, s.lstm.hidden
    assert (D, H) == (50, 128)
    assert [b.gate for b in s.lstm.blocks] == list(GATES) * 2 and [b.gate for b in s.rnn.blocks] == ["h", "h"]
    assert s.lstm.blocks[0].size == s.rnn.blocks[0].size == H * (D + H + 2)  # one gate = one RNN layer
    assert s.lstm.recurrent == 4 * s.rnn.recurrent
    assert (s.lstm.trainable, s.rnn.trainable) == (224_772, 56_580)  # the classifier (516) is shared
    assert s.lstm.trainable == s.lstm.recurrent + s.lstm.classifier
    assert s.ratio == pytest.approx(3.97, abs=0.005)


def test_accuracy_comes_from_the_cards_and_is_compared_with_the_chapter():
    a = accuracy(load_model("lstm").card, load_model("rnn").card)
    assert a.n == 7600 and a.as_expected and a.gap == pytest.approx(0.0413, abs=1e-3)
    assert accuracy({}, {"test": {"accuracy": 0.9}}) is None
