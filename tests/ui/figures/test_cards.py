"""Model card -> figure: the confusion matrix, with row shares, and a card without results."""

import numpy as np

from lstmdemo.i18n import sayer
from lstmdemo.ui.figures.cards import confusion_matrix
from tests.support.figures import figure as drawn

say = sayer("en")


CARD = {
    "name": "lstm",
    "labels": ["World", "Sports", "Business", "Sci/Tech"],
    "test": {"confusion": [[8, 1, 1, 0], [0, 10, 0, 0], [1, 0, 7, 2], [0, 0, 3, 7]]},
}


def test_confusion_matrix_counts_with_row_shares():
    fig = drawn(confusion_matrix(CARD, say, "topic"))
    (heat,) = fig.data
    assert list(heat.x) == list(heat.y) == CARD["labels"]
    np.testing.assert_array_equal(heat.text, CARD["test"]["confusion"])
    np.testing.assert_allclose(np.asarray(heat.z).sum(axis=1), 1.0, rtol=1e-3)
    assert fig.layout.xaxis.title.text == "predicted" and fig.layout.yaxis.title.text == "true topic"
    assert isinstance(fig.layout.height, int)


def test_the_confusion_colour_bar_title_stands_beside_the_bar_not_over_its_top_tick():
    bar = drawn(confusion_matrix(CARD, sayer("ko"), "주제")).data[0].colorbar
    assert bar.title.text == "비율" and bar.title.side == "right"


def test_confusion_matrix_of_a_card_without_results_says_so():
    fig = drawn(confusion_matrix({"name": "x"}, say, "topic"))
    assert not fig.data and "no test-set results" in fig.layout.annotations[0].text
    assert isinstance(fig.layout.height, int)
