"""Figures built from real explanations of the small random checkpoints in conftest."""

import dataclasses
import html
import json

import numpy as np
import pytest

from lstmdemo import plots
from lstmdemo.explain import Explanation, GradientFlow, explain
from lstmdemo.gates import GATE_NAMES

# "the" three times: repeated words must keep their own positions on the word axis.
SENTENCE = "the team won the cup and the company did not report very strong earnings"


@pytest.fixture(scope="module")
def exp(tiny_dir) -> Explanation:
    return explain(SENTENCE, model=tiny_dir / "lstm", compare=tiny_dir / "rnn", n_steps=20)


@pytest.fixture(scope="module")
def rnn_exp(tiny_dir) -> Explanation:
    return explain(SENTENCE, model=tiny_dir / "rnn", compare=None, n_steps=20)


def figures(e: Explanation) -> dict:
    return {
        "attribution": plots.attribution_bars(e),
        "heatmap": plots.gate_heatmap(e),
        "means": plots.gate_means(e),
        "retention": plots.retention_curve(e),
        "flow": plots.gradient_flow(e),
    }


def hover_words(trace) -> list[str]:
    """The word each point's hover text shows, read from the trace's customdata."""
    data = np.asarray(trace.customdata, dtype=object)
    return [str(w) for w in (data[:, 0] if data.ndim == 2 else data)]


def test_every_figure_sets_its_height_and_title_and_serialises(exp, rnn_exp):
    for e in (exp, rnn_exp):
        for name, fig in figures(e).items():
            assert isinstance(fig.layout.height, int) and fig.layout.height >= 300, name
            assert fig.layout.title.text, name
            json.loads(fig.to_json())  # what gr.Plot sends to the browser


def test_word_axis_keeps_repeated_words_apart(exp):
    fig = plots.attribution_bars(exp)
    axis = fig.layout.xaxis
    assert list(axis.tickvals) == list(range(len(exp.tokens)))
    assert list(axis.ticktext) == exp.words
    assert list(axis.ticktext).count("the") == 3


def test_attribution_bars_show_the_signed_ig_with_a_centred_scale(exp):
    fig = plots.attribution_bars(exp)
    (bar,) = fig.data
    assert bar.type == "bar"
    np.testing.assert_allclose(bar.y, exp.ig.attributions)
    assert bar.marker.cmin == -bar.marker.cmax > -np.inf
    assert bar.marker.colorscale[0][1] == plots.NEGATIVE and bar.marker.colorscale[-1][1] == plots.POSITIVE
    assert hover_words(bar) == exp.words
    assert "%{customdata[0]}" in bar.hovertemplate and exp.target in bar.hovertemplate
    assert "attribution" in fig.layout.yaxis.title.text


@pytest.mark.parametrize("gate", GATE_NAMES)
@pytest.mark.parametrize("layer", [1, 2])
def test_gate_heatmap_is_timestep_by_unit_with_words_on_the_axis(exp, gate, layer):
    fig = plots.gate_heatmap(exp, gate, layer)
    (heat,) = fig.data
    expected = exp.gates.get(gate)[layer - 1]
    np.testing.assert_array_equal(np.asarray(heat.z), expected)
    assert np.asarray(heat.z).shape == (len(exp.tokens), 128)
    assert list(fig.layout.yaxis.ticktext) == exp.words
    assert fig.layout.yaxis.autorange == "reversed"  # first word on top, read downwards
    assert "unit" in fig.layout.xaxis.title.text
    assert f"layer {layer}" in fig.layout.title.text
    words = np.asarray(heat.customdata, dtype=object)
    assert words.shape == expected.shape and list(words[:, 0]) == exp.words and "%{customdata}" in heat.hovertemplate
    if gate in ("i", "f", "o"):
        assert (heat.zmin, heat.zmax) == (0.0, 1.0)
    else:
        assert heat.zmid == 0.0 and heat.zmin == -heat.zmax


def test_gate_heatmap_refuses_a_layer_that_does_not_exist(exp):
    with pytest.raises(ValueError, match="layer"):
        plots.gate_heatmap(exp, "f", 3)
    with pytest.raises(ValueError, match="layer"):
        plots.gate_means(exp, 0)


def test_gate_means_draw_one_line_per_gate(exp):
    fig = plots.gate_means(exp, layer=2)
    assert [t.name.split()[-1] for t in fig.data] == ["i", "f", "g", "o"]
    for trace, gate in zip(fig.data, "ifgo", strict=True):
        np.testing.assert_allclose(trace.y, exp.gates.get(gate)[1].mean(-1), rtol=1e-6)
        assert hover_words(trace) == exp.words


def test_retention_curve_shows_mean_and_share_kept_per_layer(exp):
    fig = plots.retention_curve(exp)
    assert len(fig.data) == 4
    np.testing.assert_allclose(fig.data[0].y, exp.retention.mean[0])
    np.testing.assert_allclose(fig.data[1].y, exp.retention.share_kept[0])
    np.testing.assert_allclose(fig.data[2].y, exp.retention.mean[1])
    assert fig.data[0].y[-1] == pytest.approx(1.0)  # the last word is fully "still there"
    assert all(hover_words(t) == exp.words for t in fig.data)


def test_gradient_flow_compares_rnn_and_lstm_on_a_log_axis(exp, rnn_exp):
    fig = plots.gradient_flow(exp)
    assert fig.layout.yaxis.type == "log"
    assert [t.name for t in fig.data] == ["LSTM", "RNN baseline"]
    np.testing.assert_allclose(fig.data[0].y, exp.gradient_flow.lstm)
    np.testing.assert_allclose(fig.data[1].y, exp.gradient_flow.rnn)
    assert hover_words(fig.data[1]) == exp.words
    assert [t.name for t in plots.gradient_flow(rnn_exp).data] == ["RNN baseline"]


def test_gradient_flow_labels_one_decade_at_a_time_when_it_spans_many(exp):
    assert plots.gradient_flow(exp).layout.yaxis.dtick == "D2"  # random weights: within a few decades
    T = len(exp.tokens)
    vanishing = tuple(10.0 ** -(T - 1 - t) for t in range(T))  # 1e-13 ... 1
    fig = plots.gradient_flow(dataclasses.replace(exp, gradient_flow=GradientFlow(lstm=None, rnn=vanishing)))
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == ".0e"


def test_an_rnn_explanation_gets_a_message_instead_of_gates(rnn_exp):
    for fig in (plots.gate_heatmap(rnn_exp), plots.gate_means(rnn_exp), plots.retention_curve(rnn_exp)):
        assert not fig.data
        assert "not an LSTM" in fig.layout.annotations[0].text


def test_words_are_escaped_before_plotly_renders_them(exp):
    tokens = tuple(dataclasses.replace(t, text="<img src=x onerror=alert(1)>") for t in exp.tokens)
    hostile = dataclasses.replace(exp, tokens=tokens)
    escaped = html.escape("<img src=x onerror=alert(1)>")
    for name, fig in figures(hostile).items():
        axis = fig.layout.yaxis if name == "heatmap" else fig.layout.xaxis
        assert set(axis.ticktext) == {escaped}, name
        for trace in fig.data:
            assert set(np.asarray(trace.customdata, dtype=object)[..., 0].ravel()) <= {escaped}, name


def test_long_texts_label_every_kth_word_and_cap_the_heatmap_height(tiny_dir):
    e = explain("stocks fell " * 40, model=tiny_dir / "lstm", compare=None, n_steps=5)  # 80 words
    fig = plots.gate_heatmap(e)
    assert len(fig.layout.yaxis.tickvals) <= plots.MAX_WORD_TICKS
    assert fig.layout.height == 1000
    assert plots.heatmap_height(3) == 360


CARD = {
    "name": "lstm",
    "labels": ["World", "Sports", "Business", "Sci/Tech"],
    "test": {"confusion": [[8, 1, 1, 0], [0, 10, 0, 0], [1, 0, 7, 2], [0, 0, 3, 7]]},
}


def test_confusion_matrix_counts_with_row_shares():
    fig = plots.confusion_matrix(CARD)
    (heat,) = fig.data
    assert list(heat.x) == list(heat.y) == CARD["labels"]
    np.testing.assert_array_equal(heat.text, CARD["test"]["confusion"])
    np.testing.assert_allclose(np.asarray(heat.z).sum(axis=1), 1.0)
    assert fig.layout.xaxis.title.text == "predicted" and fig.layout.yaxis.title.text == "true topic"
    assert isinstance(fig.layout.height, int)


def test_confusion_matrix_of_a_card_without_results_says_so():
    fig = plots.confusion_matrix({"name": "x"})
    assert not fig.data and "no test-set results" in fig.layout.annotations[0].text
    assert isinstance(fig.layout.height, int)
