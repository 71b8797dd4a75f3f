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
import math
import textwrap

import numpy as np
import plotly.graph_objects as go

from . import lessons, tasks
from .explain import Explanation
from .gates import unit_order
from .i18n import Say

#: Signed attributions: the colours of ``gr.HighlightedText``'s numeric mode (blue-violet
#: for negative, red for positive, white at 0), so the bars and the coloured words read alike.
NEGATIVE, POSITIVE = "rgb(128, 90, 213)", "rgb(239, 68, 60)"
SIGNED_SCALE = [[0.0, NEGATIVE], [0.5, "rgb(255, 255, 255)"], [1.0, POSITIVE]]
GATE_COLOURS = {"i": "#1f77b4", "f": "#d62728", "g": "#2ca02c", "o": "#ff7f0e"}
MODEL_COLOURS = {"lstm": "#1f77b4", "rnn": "#d62728"}
HIGHWAY_COLOUR, ALL_COLOUR = "#d62728", "#6b7280"

LINE_HEIGHT = 360
ROW_HEIGHT = 16  # px per word where words are rows (heatmap, bars): every word keeps its label
MAX_WORD_TICKS = 16  # along x, label every k-th word beyond this so labels fit a phone
TITLE_WIDTH = 36  # characters per title line: fits a 390 px phone, clear of the toolbar
TITLE_LINE = 20  # px


def _layout(fig: go.Figure, title: str, height: int, legend_rows: int = 0) -> go.Figure:
    """Title on top (wrapped), then the legend (if any) above the plot, so neither covers data."""
    lines = textwrap.wrap(title, TITLE_WIDTH) or [""]
    top = 36 + TITLE_LINE * len(lines) + 22 * legend_rows
    fig.update_layout(
        title={
            "text": "<br>".join(lines),
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
            "font": {"size": 15},
        },
        height=height + TITLE_LINE * (len(lines) - 1),
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": top, "b": 40},
        hoverlabel={"bgcolor": "white"},
        showlegend=legend_rows > 0,
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        modebar={"remove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"]},
    )
    return fig


def _words(exp: Explanation) -> list[str]:
    return [html.escape(w) for w in exp.words]


def _word_axis(words: list[str], every_word: bool = False) -> dict:
    """A numeric axis labelled with the words (along x, every k-th one for long texts)."""
    step = 1 if every_word else max(1, math.ceil(len(words) / MAX_WORD_TICKS))
    ticks = list(range(0, len(words), step))
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [words[t] for t in ticks],
        "range": [-0.5, len(words) - 0.5],
        "automargin": True,
    }


def _slanted_word_axis(words: list[str]) -> dict:
    return {**_word_axis(words), "tickangle": -60 if len(words) > 8 else 0}


def rows_height(n_rows: int, extra: int = 130) -> int:
    """Every row keeps its label: about 16 px a word, at least the height of a line chart."""
    return int(max(LINE_HEIGHT, extra + ROW_HEIGHT * n_rows))


def _message(text: str, title: str, height: int = LINE_HEIGHT) -> go.Figure:
    """A figure that says why there is nothing to plot, at the same height as the real one."""
    fig = go.Figure()
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height)


def _no_gates(exp: Explanation, say: Say, title: str) -> go.Figure:
    return _message(say("plot.no_gates", model=html.escape(exp.model)), title)


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
    fig.update_yaxes(**_word_axis(words, every_word=True), autorange="reversed")
    fig.update_xaxes(title={"text": say("plot.ig.axis", target=target)}, zeroline=True, zerolinecolor="#888")
    return _layout(fig, say("plot.ig.title", target=target), rows_height(len(words), 110))


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
    fig.update_yaxes(**_word_axis(words, every_word=True), autorange="reversed")
    fig.update_xaxes(title={"text": say("nextstep.plot.axis")}, rangemode="tozero")
    return _layout(fig, say("nextstep.plot.title"), rows_height(len(words), 110))


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
    fig.update_yaxes(**_word_axis(words, every_word=True), autorange="reversed")
    fig.update_xaxes(title={"text": say("plot.heatmap.axis", n=H)}, showticklabels=False)
    return _layout(fig, title, rows_height(T, 150), legend_rows=1)


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
    fig.update_xaxes(**_slanted_word_axis(words))
    fig.update_yaxes(title={"text": say("plot.means.axis")})
    return _layout(fig, title, LINE_HEIGHT + 20, legend_rows=2)


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
    fig.update_xaxes(**_slanted_word_axis(words))
    fig.update_yaxes(title={"text": say("plot.highway.axis")}, range=[0, 1.05])
    return _layout(fig, title, LINE_HEIGHT + 20, legend_rows=2)


def reach_curve(exp: Explanation, say: Say) -> go.Figure:
    """Each model's gradient per word over its own gradient at the last word, by distance back (log axis)."""
    title = say("plot.reach.title")
    reach = lessons.reach(exp)
    series = [(arch, v) for arch, v in (("lstm", reach.lstm), ("rnn", reach.rnn)) if v is not None]
    if not series:
        return _message(say("plot.no_flow"), title)
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
    fig.update_yaxes(type="log", title={"text": say("plot.reach.y")}, **_log_ticks([v for _, v in series]))
    return _layout(fig, title, LINE_HEIGHT + 20, legend_rows=1)


def distance_curve(summary: dict, say: Say) -> go.Figure:
    """The data-set view stored in the card: mean relative gradient by words before the last word."""
    fig = go.Figure()
    series = [(arch, summary[arch]) for arch in ("lstm", "rnn") if summary.get(arch)]
    for arch, values in series:
        fig.add_trace(
            go.Scatter(
                x=summary["distance"],
                y=values,
                mode="lines",
                name=say(f"plot.model.{arch}"),
                line={"color": MODEL_COLOURS[arch], "width": 3},
                hovertemplate=f"%{{x}}: {arch.upper()} %{{y:.2g}}<extra></extra>",
            )
        )
    fig.update_xaxes(title={"text": say("plot.reach.x")}, autorange="reversed")
    fig.update_yaxes(type="log", title={"text": say("plot.reach.y")}, **_log_ticks([v for _, v in series]))
    return _layout(fig, say("plot.distance.title", n=f"{summary['n_sentences']:,}"), LINE_HEIGHT, legend_rows=1)


def _log_ticks(series: list) -> dict:
    """Over a few decades, 1-2-5 labels; beyond, one label per decade (two beyond eight), as 1e-5."""
    values = np.asarray([v for s in series for v in s], dtype=float)
    positive = values[values > 0]
    decades = np.log10(positive.max() / positive.min()) if positive.size else 0.0
    if decades > 2:
        return {"dtick": 2 if decades > 8 else 1, "tickformat": ".0e"}
    return {"dtick": "D2", "tickformat": ".2~g"}


def confusion_matrix(card: dict, say: Say, label_noun: str) -> go.Figure:
    """Test-set confusion matrix from a model card: counts, coloured by share of the true class."""
    test = card.get("test") or {}
    counts = test.get("confusion")
    n = test.get("n")
    title = say("plot.confusion.title", n=f"{n:,}") if isinstance(n, int) else say("plot.confusion.title_plain")
    if not counts:
        return _message(say("plot.confusion.none"), title, 380)
    z = np.asarray(counts, dtype=float)
    names = test.get("labels") or card.get("labels") or [str(k) for k in range(len(z))]
    labels = [html.escape(tasks.page_label(lab, say)) for lab in names]
    row_share = z / np.maximum(z.sum(axis=1, keepdims=True), 1)
    fig = go.Figure(
        go.Heatmap(
            z=row_share,
            x=labels,
            y=labels,
            text=z.astype(int),
            texttemplate="%{text}",
            customdata=z.astype(int),
            colorscale="Blues",
            zmin=0,
            zmax=1,
            colorbar={"title": {"text": say("plot.confusion.share"), "side": "right"}, "thickness": 12},
            hovertemplate="%{y} → %{x}<br>%{customdata} (%{z:.1%})<extra></extra>",
        )
    )
    fig.update_xaxes(title={"text": say("plot.confusion.predicted")}, side="bottom")
    fig.update_yaxes(title={"text": say("plot.confusion.true", label_noun=label_noun)}, autorange="reversed")
    return _layout(fig, title, 380)
