"""A minimal pair as HTML: both predictions, the difference, each word's colour on the shared scale, escaped."""

import re

import pytest

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.studies import minimal_pair
from lstmdemo.ui import pair_text

SENTIMENT = tasks.get("sentiment")


@pytest.fixture(scope="module")
def pair() -> minimal_pair.MinimalPair:
    first = explain("The <b>movie</b> is not good", model=SENTIMENT.weights, compare=None)
    second = explain("The <b>movie</b> is good", model=SENTIMENT.weights, target=first.target, compare=None)
    return minimal_pair.pair(first, second)


def test_the_pair_says_both_predictions_and_the_difference(pair):
    text = pair_text.pair_html(pair, sayer("en"))
    m1, m2 = pair.margins
    assert "First: “The &lt;b&gt;movie&lt;/b&gt; is not good” → Negative;" in text and "<b>movie" not in text
    assert f"margin of Negative {m1:+.2f}" in text and f"{m2:+.2f}".replace("-", "−") in text
    assert f"moves by {m2 - m1:+.2f}".replace("-", "−") in text and "the prediction flips" in text
    korean = pair_text.pair_html(pair, sayer("ko"))
    assert (
        "첫 문장: “The &lt;b&gt;movie&lt;/b&gt; is not good” → 부정적(Negative)" in korean
        and "예측이 뒤집힙니다" in korean
    )


def test_every_word_is_coloured_on_the_one_scale_of_the_pair(pair):
    text = pair_text.pair_html(pair, sayer("en"))
    alphas = [float(a) for a in re.findall(r"rgba\(\d+, \d+, \d+, ([\d.]+)\)", text)]
    assert len(alphas) == len(pair.first.words) + len(pair.second.words)
    assert max(alphas) == 1.0  # the largest |attribution| of either sentence is full colour, once
    assert text.count("<tr") == 1 + len(pair.words) and text.count('class="pair-delete"') == 1
    assert pair_text.colour(-1.0, 2.0) == "rgba(128, 90, 213, 0.50)" and pair_text.colour(3.0, 2.0).endswith("1.00)")
