"""Relative gradient by distance from the last word, over a data set, and the card's stored study."""

import pytest

from lstmdemo.i18n import sayer
from lstmdemo.modeling.checkpoint import read_card
from lstmdemo.modeling.data import Example
from lstmdemo.studies import gradient_distance as distance
from lstmdemo.ui import explanation_text as render
from lstmdemo.ui.figures.cards import distance_curve
from tests.support.figures import figure as drawn

say = sayer("en")


def test_the_study_takes_geometric_means_by_distance_where_enough_sentences_reach():
    s = distance.DistanceStudy()
    s.add({"rnn": [1e-4, 1e-2, 1.0], "lstm": [0.5, 0.5, 1.0]})
    s.add({"rnn": [1e-2, 1.0], "lstm": [0.2, 1.0]})
    out = s.summary(min_sentences=2)
    assert out["n_sentences"] == 2 and out["distance"] == [0, 1] and out["n_at_distance"] == [2, 2]
    assert out["rnn"] == pytest.approx([1.0, 1e-2]) and out["lstm"] == pytest.approx([1.0, (0.5 * 0.2) ** 0.5])
    assert s.summary(min_sentences=1)["distance"] == [0, 1, 2]
    assert distance.farthest(out) == (1, pytest.approx(1e-2), pytest.approx(0.1**0.5))
    assert distance.farthest({}) == (0, None, None)


def test_the_study_runs_on_rows_with_both_models(tiny_dir):
    rows = [Example("stocks fell sharply on wall street", 0), Example("the team won the cup", 1)]
    out = distance.study(rows, model=tiny_dir / "lstm", compare=tiny_dir / "rnn")
    assert out["n_sentences"] == 2 and out["distance"] == []  # too few sentences to average
    deep = distance.DistanceStudy()
    deep.add({"lstm": [0.5, 1.0], "rnn": [0.1, 1.0]})
    fig = drawn(distance_curve(deep.summary(min_sentences=1), say))
    assert [t.name for t in fig.data] == ["LSTM", "RNN"] and fig.layout.yaxis.type == "log"


def test_the_shipped_card_shows_the_gradient_vanishing_over_the_test_set():
    summary = read_card("lstm").get("gradient_distance")
    if not summary:
        pytest.skip("weights/lstm/card.json has no gradient_distance: python -m lstmdemo distance --save")
    d, rnn, lstm = distance.farthest(summary)
    assert d >= 40 and summary["n_sentences"] >= 1000
    assert rnn < 1e-3 and lstm > 5e-2 and lstm > 100 * rnn
    md = render.distance_markdown({"gradient_distance": summary}, say)
    assert f"{d} words before the last word the RNN keeps **{render.fmt.share(rnn)}**" in md
    missing = render.distance_markdown({}, say)
    assert missing == say("reach.dataset_missing") and "python -m" not in missing  # a sentence for students


def test_the_sentiment_card_carries_the_study_so_the_page_reads_it_out():
    card = read_card("sentiment-lstm")
    summary = card.get("gradient_distance") or {}
    assert summary.get("n_sentences", 0) >= 1000 and summary.get("distance")
    korean = render.distance_markdown(card, sayer("ko"))
    assert korean != sayer("ko")("reach.dataset_missing") and "테스트 텍스트 1,821개" in korean
