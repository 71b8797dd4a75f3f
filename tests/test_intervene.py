"""intervene(): the answer with one change to the LSTM's memory, beside the unchanged one; the measured
examples the step-through lesson is built on."""

import numpy as np
import pytest

from lstmdemo import explain, intervene

NOT_GOOD = "The movie is not good"
FAR = "I did not think, after watching it twice with my friends last weekend, that the movie was good"
DIVIDEND = (
    "The bank reported record quarterly profits and raised its dividend , "
    "the people said at a meeting in the capital on Monday"
)


def test_without_a_change_it_is_explain_s_running_prediction():
    i = intervene(NOT_GOOD, at=3, what="write", task="sentiment")
    e = explain(NOT_GOOD, task="sentiment", n_steps=4)
    assert i.original == pytest.approx(e.probabilities, abs=1e-6)
    assert np.allclose(i.original_running, e.running, atol=1e-6)
    assert np.allclose(i.running[:3], i.original_running[:3], atol=1e-6)  # words before "not" read as before
    assert i.probabilities == pytest.approx(e.interventions.write[3], abs=1e-5)  # the page's batched answer


def test_when_not_writes_nothing_the_sentiment_lstm_calls_not_good_positive():
    i = intervene(NOT_GOOD, at=3, what="write", task="sentiment")
    assert (i.word, i.original_predicted, i.predicted) == ("not", "Negative", "Positive")
    assert i.original[1] == pytest.approx(0.33, abs=0.01) and i.probabilities[1] > 0.99  # measured: 0.33 -> 1.00


def test_a_negation_written_far_back_still_counts_and_without_it_the_answer_turns():
    i = intervene(FAR, at=2, what="write", task="sentiment")
    assert i.word == "not" and i.original_predicted == "Negative" and i.predicted == "Positive"
    assert i.original[1] == pytest.approx(0.45, abs=0.01) and i.probabilities[1] == pytest.approx(0.92, abs=0.01)


def test_cutting_the_highway_after_the_business_words_takes_the_topic_s_certainty():
    e = explain(DIVIDEND, n_steps=4, compare=None)
    at = e.words.index("dividend")
    i = intervene(DIVIDEND, at=at, what="cell")
    business = e.labels.index("Business")
    assert e.predicted == "Business" and i.original[business] > 0.95
    assert i.probabilities[business] == pytest.approx(0.53, abs=0.02)  # measured: 0.98 -> 0.53


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"at": 5, "what": "write"}, "at must be a word index from 0 to 4"),
        ({"at": -1, "what": "write"}, "at must be a word index"),
        ({"at": True, "what": "write"}, "at must be a word index"),
        ({"at": 0, "what": "erase"}, "unknown intervention 'erase'"),
        ({"at": 0, "what": "write", "model": "sentiment-rnn"}, "only an LSTM has a memory cell"),
    ],
)
def test_bad_arguments_are_clear_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        intervene(NOT_GOOD, task="sentiment" if "model" not in kwargs else None, **kwargs)
