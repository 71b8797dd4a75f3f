"""Whether the answer rests on words the model knows."""

import pytest

from lstmdemo import lessons, tasks
from lstmdemo.explain import explain

FLAGSHIP = tasks.get("topic").examples()[0]


@pytest.fixture(scope="module")
def flagship():
    """The first example, the long news paragraph the page opens with, on the shipped weights."""
    return explain(FLAGSHIP.text, n_steps=10)


def test_mostly_unknown_words_make_the_prediction_a_guess():
    gibberish = explain("zqxv wmpt 안녕하세요 stocks", compare=None, n_steps=5)
    c = lessons.confidence(gibberish)
    assert c.n_unknown >= 2 and c.guess
    assert not lessons.confidence(explain("Stocks fell sharply on Wall Street", compare=None, n_steps=5)).guess
