"""Figures built from real explanations of the small random checkpoints in conftest."""

import dataclasses
import html

import numpy as np
import pytest

from lstmdemo import lessons, tasks
from lstmdemo.attribution.gates import GATE_NAMES
from lstmdemo.explain import Explanation, explain
from lstmdemo.i18n import sayer
from lstmdemo.ui.figures import explanation as plots
from lstmdemo.ui.figures import style as figure
from tests.support.checkpoints import gradient_flow
from tests.support.figures import figure as drawn
from tests.support.figures import values

# "the" three times: repeated words must keep their own positions on the word axis.
SENTENCE = "the team won the cup and the company did not report very strong earnings"
say = sayer("en")


@pytest.fixture(scope="module")
def exp(tiny_dir) -> Explanation:
    return explain(SENTENCE, model=tiny_dir / "lstm", compare=tiny_dir / "rnn", n_steps=20)


@pytest.fixture(scope="module")
def rnn_exp(tiny_dir) -> Explanation:
    return explain(SENTENCE, model=tiny_dir / "rnn", compare=None, n_steps=20)


def figures(e: Explanation) -> dict:
    """Every figure of ``e``, read back and validated as Plotly.js would draw it."""
    return {
        "attribution": drawn(plots.attribution_bars(e, say)),
        "heatmap": drawn(plots.gate_heatmap(e, say)),
        "means": drawn(plots.gate_means(e, say)),
        "highway": drawn(plots.highway_curve(e, say)),
        "reach": drawn(plots.reach_curve(e, say)),
    }


def hover_words(trace) -> list[str]:
    """The word each point's hover text shows, read from the trace's customdata."""
    data = np.asarray(trace.customdata, dtype=object)
    return [str(w) for w in (data[:, 0] if data.ndim == 2 else data)]


def test_every_figure_sets_its_height_and_a_title_that_fits_a_phone(exp, rnn_exp):
    for e in (exp, rnn_exp):
        for name, fig in figures(e).items():
            assert isinstance(fig.layout.height, int) and fig.layout.height >= 300, name
            lines = fig.layout.title.text.split("<br>")
            assert lines[0] and all(len(line) <= figure.TITLE_WIDTH for line in lines), (name, lines)
            assert fig.layout.margin.t >= 36 + figure.TITLE_LINE * len(lines), name


def test_titles_and_axes_come_from_the_catalogue(exp):
    assert drawn(plots.attribution_bars(exp, say)).layout.title.text == say("plot.ig.title", target=exp.target)
    ko = sayer("ko")  # the target as the page names it in that language
    named = tasks.get(exp.task).label_name(exp.target, ko)
    assert drawn(plots.attribution_bars(exp, ko)).layout.title.text == ko("plot.ig.title", target=named) != named
    shout = drawn(plots.reach_curve(exp, lambda key, **v: key.upper()))
    assert shout.layout.title.text == "PLOT.REACH.TITLE" and shout.layout.yaxis.title.text == "PLOT.REACH.Y"
    assert [t.name for t in shout.data] == ["PLOT.MODEL.LSTM", "PLOT.MODEL.RNN"]


def test_attribution_bars_list_every_word_top_down_with_a_centred_scale(exp):
    fig = drawn(plots.attribution_bars(exp, say))
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    np.testing.assert_allclose(bar.x, exp.ig.attributions, rtol=1e-3)  # to what the hover shows
    assert list(fig.layout.yaxis.ticktext) == exp.words and fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.ticktext).count("the") == 3
    assert bar.marker.cmin == -bar.marker.cmax > -np.inf
    assert bar.marker.colorscale[0][1] == figure.NEGATIVE and bar.marker.colorscale[-1][1] == figure.POSITIVE
    assert hover_words(bar) == exp.words


@pytest.mark.parametrize("gate", GATE_NAMES)
@pytest.mark.parametrize("layer", [1, 2])
def test_gate_heatmap_sorts_units_by_forget_gate_and_outlines_the_highway(exp, gate, layer):
    fig = drawn(plots.gate_heatmap(exp, say, gate, layer))
    (heat,) = fig.data
    order = np.argsort(-exp.gates.f[layer - 1].mean(0), kind="stable")
    np.testing.assert_array_equal(values(heat.z), exp.gates.get(gate)[layer - 1][:, order])
    assert list(fig.layout.yaxis.ticktext) == exp.words  # every word labelled
    assert list(heat.y) == list(fig.layout.yaxis.tickvals) and len(set(heat.y)) == len(exp.words)  # "the" x3
    assert fig.layout.yaxis.autorange == "reversed"  # first word on top, read downwards
    assert f"layer {layer}" in fig.layout.title.text
    (box,) = fig.layout.shapes
    assert (box.x0, box.x1) == (-0.5, lessons.HIGHWAY_UNITS - 0.5)
    highway = lessons.highway(exp, layer).units
    assert fig.layout.annotations[0].text == say("plot.heatmap.highway", units=", ".join(map(str, highway)))
    assert heat.y[3] == "the (word 4)" and heat.x[0] == f"unit {order[0]} (rank 1)"  # what the hover names
    if gate in ("i", "f", "o"):
        assert (heat.zmin, heat.zmax) == (0.0, 1.0)
    else:
        assert heat.zmid == 0.0 and heat.zmin == -heat.zmax


def test_gate_figures_refuse_a_layer_that_does_not_exist(exp):
    with pytest.raises(ValueError, match="layer"):
        drawn(plots.gate_heatmap(exp, say, "f", 3))
    with pytest.raises(ValueError, match="layer"):
        drawn(plots.gate_means(exp, say, 0))


def test_gate_means_draw_one_line_per_gate(exp):
    fig = drawn(plots.gate_means(exp, say, layer=2))
    assert [t.name for t in fig.data] == [say(f"gate.{g}") for g in "ifgo"]
    for trace, gate in zip(fig.data, "ifgo", strict=True):
        np.testing.assert_allclose(trace.y, exp.gates.get(gate)[1].mean(-1), rtol=1e-3)
        assert hover_words(trace) == exp.words


def test_highway_curve_sets_the_highway_units_beside_the_mean_unit(exp):
    fig = drawn(plots.highway_curve(exp, say, layer=2))
    hw = lessons.highway(exp, 2)
    highway, mean = fig.data
    np.testing.assert_allclose(highway.y, hw.kept_highway, rtol=1e-3)
    np.testing.assert_allclose(mean.y, exp.retention.mean[1], rtol=1e-3)
    assert highway.y[-1] == pytest.approx(1.0)  # the last word is fully "still there"
    assert all(hover_words(t) == exp.words for t in fig.data)


def test_reach_curve_is_relative_to_the_last_word_by_distance_on_a_log_axis(exp, rnn_exp):
    fig = drawn(plots.reach_curve(exp, say))
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.autorange == "reversed"
    lstm, rnn = fig.data
    flow = np.asarray(exp.gradient_flow.rnn)
    np.testing.assert_allclose(rnn.y, np.maximum(flow / flow[-1], 1e-30), rtol=5e-3)  # 3 digits
    assert lstm.y[-1] == rnn.y[-1] == 1.0
    assert list(rnn.x) == list(range(len(exp.tokens) - 1, -1, -1))  # words before the last
    assert hover_words(rnn) == exp.words
    assert [t.name for t in drawn(plots.reach_curve(rnn_exp, say)).data] == ["RNN"]
    assert fig.layout.xaxis.tickformat == "d"  # a distance is a whole number of words
    assert fig.layout.xaxis.dtick == (1 if len(exp.tokens) <= 12 else None)


def test_reach_curve_labels_one_decade_at_a_time_when_it_spans_many(exp):
    T = len(exp.tokens)
    gentle = tuple(1.0 + t / T for t in range(T))  # within one decade
    fig = drawn(plots.reach_curve(dataclasses.replace(exp, gradient_flow=gradient_flow(lstm=gentle, rnn=None)), say))
    assert fig.layout.yaxis.dtick == "D2" and fig.layout.yaxis.tickformat == ".2~g"
    vanishing = tuple(10.0 ** -(T - 1 - t) for t in range(T))  # 1e-13 ... 1
    fig = drawn(plots.reach_curve(dataclasses.replace(exp, gradient_flow=gradient_flow(lstm=None, rnn=vanishing)), say))
    assert fig.layout.yaxis.dtick == 2 and fig.layout.yaxis.tickformat == ".0e"
    three = tuple(10.0 ** -(3 * t / (T - 1)) for t in range(T))  # three decades
    fig = drawn(plots.reach_curve(dataclasses.replace(exp, gradient_flow=gradient_flow(lstm=three, rnn=None)), say))
    assert fig.layout.yaxis.dtick == 1


def test_an_rnn_explanation_gets_a_message_instead_of_gates(rnn_exp):
    for plot in (plots.gate_heatmap, plots.gate_means, plots.highway_curve):
        fig = drawn(plot(rnn_exp, say))
        assert not fig.data
        assert "not an LSTM" in fig.layout.annotations[0].text


def test_words_are_escaped_before_plotly_renders_them(exp):
    tokens = tuple(dataclasses.replace(t, text="<img src=x onerror=alert(1)>") for t in exp.tokens)
    hostile = dataclasses.replace(exp, tokens=tokens)
    escaped = html.escape("<img src=x onerror=alert(1)>")
    for name, fig in figures(hostile).items():
        if name != "reach":
            axis = fig.layout.yaxis if name in ("heatmap", "attribution") else fig.layout.xaxis
            assert set(axis.ticktext) == {escaped}, name
        for trace in fig.data:
            hover = trace.y if name == "heatmap" else np.asarray(trace.customdata, dtype=object)[..., 0].ravel()
            assert all(escaped in h and "<img" not in h for h in hover), name


def test_long_texts_keep_every_word_labelled_where_words_are_rows(tiny_dir):
    e = explain("stocks fell " * 40, model=tiny_dir / "lstm", compare=None, n_steps=5)  # 80 words
    for fig in (drawn(plots.gate_heatmap(e, say)), drawn(plots.attribution_bars(e, say))):
        assert len(fig.layout.yaxis.tickvals) == 80
        assert fig.layout.height >= 80 * figure.ROW_HEIGHT
    assert len(drawn(plots.gate_means(e, say)).layout.xaxis.tickvals) <= figure.MAX_WORD_TICKS
    assert figure.rows_height(3) == figure.LINE_HEIGHT
