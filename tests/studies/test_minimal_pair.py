"""Two explanations of one model side by side: words aligned, one target, one colour scale."""

import numpy as np
import pytest

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.studies import minimal_pair

SENTIMENT = tasks.get("sentiment")


@pytest.fixture(scope="module")
def not_good() -> minimal_pair.MinimalPair:
    return minimal_pair.with_edit(explain("The movie is not good", model=SENTIMENT.weights, compare=None))


def test_the_sentence_and_its_edit_are_aligned_word_by_word(not_good):
    p = not_good
    assert p.second.text == "The movie is good" and p.target == p.first.target == p.second.target == "Negative"
    assert [(w.op, w.first, w.second) for w in p.words] == [
        ("equal", "The", "The"),
        ("equal", "movie", "movie"),
        ("equal", "is", "is"),
        ("delete", "not", None),
        ("equal", "good", "good"),
    ]
    good = p.words[-1]
    assert (
        good.attribution_first == p.first.ig.attributions[4] and good.attribution_second == p.second.ig.attributions[3]
    )
    assert good.change == pytest.approx(good.attribution_second - good.attribution_first) and p.words[3].change is None


def test_the_difference_in_prediction_is_given_in_probability_and_margin(not_good):
    p = not_good
    assert p.flips and p.first.predicted == "Negative" and p.second.predicted == "Positive"
    (m1, m2), (p1, p2) = p.margins, p.probabilities
    assert m1 == pytest.approx(np.log(p1 / (1 - p1)), abs=1e-4) and m2 == pytest.approx(np.log(p2 / (1 - p2)), abs=1e-4)
    assert m1 > 0 > m2 and p.first.modifiers[0].target_margin == pytest.approx(m1, abs=1e-6)


def test_one_colour_scale_for_both_sentences(not_good):
    p = not_good
    every = [*p.first.ig.attributions, *p.second.ig.attributions]
    assert p.scale == max(abs(x) for x in every) and p.scale > 0


def test_only_explanations_of_one_model_for_one_target_pair():
    a = explain("The movie is good", model=SENTIMENT.weights, compare=None)
    with pytest.raises(ValueError, match="same target"):
        minimal_pair.pair(a, explain("The movie is good", model=SENTIMENT.weights, target="Negative", compare=None))
    with pytest.raises(ValueError, match="one model"):
        minimal_pair.pair(a, explain("The movie is good", model=SENTIMENT.compare, target="Positive", compare=None))
    with pytest.raises(ValueError, match="no automatic edit"):
        minimal_pair.with_edit(explain("Stocks fell today", compare=None))
    b = explain("A movie that is really not good at all", model=SENTIMENT.weights, target=a.target, compare=None)
    assert [(w.op, w.first, w.second) for w in minimal_pair.pair(a, b).words] == [
        ("replace", "The", "A"),
        ("equal", "movie", "movie"),
        ("insert", None, "that"),
        ("equal", "is", "is"),
        ("insert", None, "really"),
        ("insert", None, "not"),
        ("equal", "good", "good"),
        ("insert", None, "at"),
        ("insert", None, "all"),
    ]
    c = explain("This short film is good", model=SENTIMENT.weights, target=a.target, compare=None)
    uneven = [(w.op, w.first, w.second) for w in minimal_pair.pair(a, c).words][:3]
    assert uneven == [("replace", "The", "This"), ("replace", "movie", "short"), ("insert", None, "film")]
