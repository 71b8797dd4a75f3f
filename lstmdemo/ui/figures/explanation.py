"""Explanation (or model card) -> Plotly figure. Pure functions: nothing here calls a model.

Every figure sets its own height, because Gradio's ``gr.Plot`` collapses autosized
figures. Every title, axis title and legend entry comes from ``say`` (the page's message
catalogue), so the figures speak the page's language. Words sit on a numeric axis with
the words as tick labels, so a word that occurs twice keeps two positions, and are
HTML-escaped before Plotly sees them: Plotly renders a subset of HTML in labels and
hover text, and the words are the user's. Titles wrap to fit a phone's width.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from ... import lessons, tasks
from ...attribution.gates import unit_order
from ...explain import Explanation
from ...i18n import Say
from .style import (
    ALL_COLOUR,
    GATE_COLOURS,
    HIGHWAY_COLOUR,
    LINE_HEIGHT,
    MODEL_COLOURS,
    SIGNED_SCALE,
    layout,
    log_ticks,
    message,
    rows_height,
    slanted_word_axis,
    word_axis,
)


def _words(exp: Explanation) -> list[str]:
    return [html.escape(w) for w in exp.words]


def _no_gates(exp: Explanation, say: Say, title: str) -> go.Figure:
    return message(say("plot.no_gates", model=html.escape(exp.model)), title)


def _layer(values: np.ndarray, layer: int) -> np.ndarray:
    """``values[layer - 1]`` of an [L, T, H] array, with layers counted from 1 as on screen."""
    if not 1 <= layer <= values.shape[0]:
        raise ValueError(f"layer must be between 1 and {values.shape[0]}, got {layer}")
    return values[layer - 1]


def attribution_bars(exp: Explanation, say: Say) -> go.Figure:
    """Signed Integrated Gradients per word as horizontal bars, one row a word, read top down; the target
    named as the page names it (``Task.label_name``)."""
    words = _words(exp)
    target = html.escape(tasks.get(exp.task).label_name(exp.target, say))
    short = html.escape(tasks.Task.short_label(exp.target, say))
    attr = np.asarray(exp.ig.attributions)
    occl = np.asarray(exp.occlusion)
    bound = float(np.abs(attr).max()) or 1.0
    fig = go.Figure(
        go.Bar(
            y=list(range(len(words))),
            x=attr,
            orientation="h",
            marker={"color": attr, "colorscale": SIGNED_SCALE, "cmin": -bound, "cmax": bound, "line": {"width": 0}},
            customdata=np.stack([np.array(words, dtype=object), occl], axis=-1),
            hovertemplate=(
                f"<b>%{{customdata[0]}}</b><br>{say('plot.ig.hover', target=target)}: %{{x:.4f}}<br>"
                f"{say('plot.ig.hover_occlusion', target=short)}: %{{customdata[1]:.3f}}<extra></extra>"
            ),
        )
    )
    fig.update_yaxes(**word_axis(words, every_word=True), autorange="reversed")
    fig.update_xaxes(title={"text": say("plot.ig.axis", target=target)}, zeroline=True, zerolinecolor="#888")
    return layout(fig, say("plot.ig.title", target=target), rows_height(len(words), 110))


def attention_bars(exp: Explanation, say: Say) -> go.Figure:
    """The attention model's weight on each word (they sum to 1), one row a word, read top down."""
    words = _words(exp)
    weights = list(exp.attention or ())
    fig = go.Figure(
        go.Bar(
            y=list(range(len(words))),
            x=weights,
            orientation="h",
            marker={"color": MODEL_COLOURS["lstm"], "line": {"width": 0}},  # a weight, not a push: no red
            customdata=words,
            hovertemplate=f"<b>%{{customdata}}</b><br>{say('nextstep.plot.hover')}: %{{x:.3f}}<extra></extra>",
        )
    )
    fig.update_yaxes(**word_axis(words, every_word=True), autorange="reversed")
    fig.update_xaxes(title={"text": say("nextstep.plot.axis")}, rangemode="tozero")
    return layout(fig, say("nextstep.plot.title"), rows_height(len(words), 110))


def gate_heatmap(exp: Explanation, say: Say, gate: str = "f", layer: int = 1) -> go.Figure:
    """One gate of one layer: word (top to bottom) x unit, units by mean forget gate, highway outlined."""
    title = say("plot.heatmap.title", gate_name=say(f"gate.{gate}"), layer=layer)
    if exp.gates is None:
        return _no_gates(exp, say, title)
    order = unit_order(exp.gates, layer)
    z = _layer(exp.gates.get(gate), layer)[:, order]  # [T, H], sorted units
    words = _words(exp)
    T, H = z.shape
    k = min(lessons.HIGHWAY_UNITS, H)
    if gate in ("i", "f", "o"):
        colour = {"colorscale": "Viridis", "zmin": 0.0, "zmax": 1.0}
    else:  # g and h lie in [-1, 1]; c is unbounded: diverging around 0
        bound = 1.0 if gate in ("g", "h") else max(float(np.abs(z).max()), 1e-6)
        colour = {"colorscale": "RdBu", "reversescale": True, "zmid": 0.0, "zmin": -bound, "zmax": bound}
    units = np.array([say("plot.heatmap.hover_unit", unit=int(u), rank=r + 1) for r, u in enumerate(order)])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(H)),
            y=list(range(T)),
            customdata=np.stack(
                [np.repeat(np.array(words, dtype=object)[:, None], H, 1), np.tile(units, (T, 1))], axis=-1
            ),
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}<br>{gate} = %{{z:.3f}}<extra></extra>",
            colorbar={"title": {"text": gate}, "thickness": 12},
            **colour,
        )
    )
    fig.add_shape(
        type="rect", x0=-0.5, x1=k - 0.5, y0=-0.5, y1=T - 0.5, line={"color": "#ff2d55", "width": 2}, xref="x"
    )
    highway = say("plot.heatmap.highway", units=", ".join(str(int(u)) for u in order[:k]))
    fig.add_annotation(
        text=highway, x=-0.5, xanchor="left", y=1.0, yref="paper", yanchor="bottom", showarrow=False,
        font={"color": "#c81e45", "size": 12},
    )  # fmt: skip
    fig.update_yaxes(**word_axis(words, every_word=True), autorange="reversed")
    fig.update_xaxes(title={"text": say("plot.heatmap.axis", n=H)}, showticklabels=False)
    return layout(fig, title, rows_height(T, 150), legend_rows=1)


def gate_means(exp: Explanation, say: Say, layer: int = 1) -> go.Figure:
    """Mean over units of i, f, g and o at every word: when the layer writes, keeps, shows."""
    title = say("plot.means.title", layer=layer)
    if exp.gates is None:
        return _no_gates(exp, say, title)
    words = _words(exp)
    fig = go.Figure()
    for gate in "ifgo":
        mean = _layer(exp.gates.get(gate), layer).mean(-1)  # [T]
        fig.add_trace(
            go.Scatter(
                x=list(range(len(words))),
                y=mean,
                mode="lines+markers",
                name=say(f"gate.{gate}"),
                line={"color": GATE_COLOURS[gate]},
                customdata=words,
                hovertemplate=f"<b>%{{customdata}}</b><br>{gate} = %{{y:.3f}}<extra></extra>",
            )
        )
    fig.update_xaxes(**slanted_word_axis(words))
    fig.update_yaxes(title={"text": say("plot.means.axis")})
    return layout(fig, title, LINE_HEIGHT + 20, legend_rows=2)


def highway_curve(exp: Explanation, say: Say, layer: int = 1) -> go.Figure:
    """What each word wrote that is still in the memory at the end: the highway units against the mean unit."""
    title = say("plot.highway.title", layer=layer)
    hw = lessons.highway(exp, layer)
    if hw is None:
        return _no_gates(exp, say, title)
    words = _words(exp)
    fig = go.Figure()
    for y, name, colour in (
        (hw.kept_highway, say("plot.highway.units", k=len(hw.units)), HIGHWAY_COLOUR),
        (hw.kept_all, say("plot.highway.all", n=hw.n_units), ALL_COLOUR),
    ):
        fig.add_trace(
            go.Scatter(
                x=list(range(len(words))),
                y=y,
                mode="lines+markers",
                name=name,
                line={"color": colour},
                customdata=words,
                hovertemplate=f"<b>%{{customdata}}</b><br>{html.escape(name)}: %{{y:.3f}}<extra></extra>",
            )
        )
    fig.update_xaxes(**slanted_word_axis(words))
    fig.update_yaxes(title={"text": say("plot.highway.axis")}, range=[0, 1.05])
    return layout(fig, title, LINE_HEIGHT + 20, legend_rows=2)


def reach_curve(exp: Explanation, say: Say) -> go.Figure:
    """Each model's gradient per word over its own gradient at the last word, by distance back (log axis)."""
    title = say("plot.reach.title")
    reach = lessons.reach(exp)
    series = [(arch, v) for arch, v in (("lstm", reach.lstm), ("rnn", reach.rnn)) if v is not None]
    if not series:
        return message(say("plot.no_flow"), title)
    words = _words(exp)
    back = [reach.n_words - 1 - t for t in range(reach.n_words)]
    fig = go.Figure()
    for arch, values in series:
        fig.add_trace(
            go.Scatter(
                x=back,
                y=[max(v, 1e-30) for v in values],
                mode="lines+markers",
                name=say(f"plot.model.{arch}"),
                line={"color": MODEL_COLOURS[arch]},
                customdata=words,
                hovertemplate=f"<b>%{{customdata}}</b><br>{arch.upper()}: %{{y:.2g}}<extra></extra>",
            )
        )
    fig.update_xaxes(
        title={"text": say("plot.reach.x")},
        autorange="reversed",
        tickformat="d",
        dtick=1 if len(exp.tokens) <= 12 else None,
    )
    fig.update_yaxes(type="log", title={"text": say("plot.reach.y")}, **log_ticks([v for _, v in series]))
    return layout(fig, title, LINE_HEIGHT + 20, legend_rows=1)
