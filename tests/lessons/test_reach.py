"""Lesson 2: the vanishing gradient on the page's opening paragraph, per word, and at the edges."""

import dataclasses

import pytest

from lstmdemo import lessons, tasks
from lstmdemo.explain import Flow, GradientFlow, explain
from lstmdemo.lessons.reach import chapter_product, per_word

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


def test_the_per_word_factor_is_what_each_word_back_keeps_beside_the_chapters_half(flagship):
    r = lessons.reach(flagship)
    assert r.factor_rnn == pytest.approx(r.first_rnn ** (1 / (r.n_words - 1)))
    assert r.factor_rnn ** (r.n_words - 1) == pytest.approx(r.first_rnn)
    # measured on the opening paragraph: the RNN keeps x0.78 a word (0.78^86 = 7e-10), the LSTM x0.99
    assert 0.7 < r.factor_rnn < 0.85 and r.factor_lstm > 0.98
    assert chapter_product() == pytest.approx(9.54e-7, rel=1e-3)
    assert per_word(None, 10) is None and per_word(0.5, 1) is None
