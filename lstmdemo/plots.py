"""Explanation (or model card) -> Plotly figure. Pure functions: nothing here calls a model.

Every figure sets its own height, because Gradio's ``gr.Plot`` collapses autosized
figures, and puts the words on a numeric axis with the words as tick labels, so a
word that occurs twice keeps two positions. Words are HTML-escaped before Plotly
sees them: Plotly renders a subset of HTML in labels and hover text, and the words
are the user's.
"""

from __future__ import annotations

import html
import math

import numpy as np
import plotly.graph_objects as go

from .explain import Explanation
from .gates import GATE_NAMES, GATE_TITLES

#: Signed attributions: the colours of ``gr.HighlightedText``'s numeric mode (blue-violet
#: for negative, red for positive, white at 0), so the bars and the coloured words read alike.
NEGATIVE, POSITIVE = "rgb(128, 90, 213)", "rgb(239, 68, 60)"
SIGNED_SCALE = [[0.0, NEGATIVE], [0.5, "rgb(255, 255, 255)"], [1.0, POSITIVE]]
GATE_COLOURS = {"i": "#1f77b4", "f": "#d62728", "g": "#2ca02c", "o": "#ff7f0e"}
LAYER_COLOURS = ("#4c51bf", "#0f9d76", "#d97706", "#6b7280")

LINE_HEIGHT = 360
MAX_WORD_TICKS = 40  # beyond this, label every k-th word so the labels stay legible


def _layout(fig: go.Figure, title: str, height: int, legend_rows: int = 0) -> go.Figure:
    """Title on top, then the legend (if any) in the margin above the plot, so neither covers data."""
    fig.update_layout(
        title={
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
        },
        height=height,
        template="plotly_white",
        margin={"l": 70, "r": 30, "t": 56 + 24 * legend_rows, "b": 40},
        hoverlabel={"bgcolor": "white"},
        showlegend=legend_rows > 0,
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )
    return fig


def _words(exp: Explanation) -> list[str]:
    return [html.escape(w) for w in exp.words]


def _word_axis(words: list[str], title: str = "") -> dict:
    """A numeric axis labelled with the words (every k-th one for long texts)."""
    step = max(1, math.ceil(len(words) / MAX_WORD_TICKS))
    ticks = list(range(0, len(words), step))
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [words[t] for t in ticks],
        "title": {"text": title},
        "range": [-0.5, len(words) - 0.5],
    }


def _slanted_word_axis(words: list[str]) -> dict:
    """The word axis along x, its labels slanted once a sentence is too long for them to sit flat."""
    return {**_word_axis(words), "tickangle": -45 if len(words) > 12 else 0}


def _not_an_lstm(exp: Explanation, missing: str, title: str) -> go.Figure:
    return _message(f"{html.escape(exp.model)} has no {missing} (it is not an LSTM).", title)


def _message(text: str, title: str, height: int = LINE_HEIGHT) -> go.Figure:
    """A figure that says why there is nothing to plot, at the same height as the real one."""
    fig = go.Figure()
    fig.add_annotation(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height)


def _layer(values: np.ndarray, layer: int) -> np.ndarray:
    """``values[layer - 1]`` of an [L, T, H] array, with layers counted from 1 as on screen."""
    if not 1 <= layer <= values.shape[0]:
        raise ValueError(f"layer must be between 1 and {values.shape[0]}, got {layer}")
    return values[layer - 1]


def attribution_bars(exp: Explanation) -> go.Figure:
    """Signed Integrated Gradients per word, coloured like the highlighted text."""
    words = _words(exp)
    attr = np.asarray(exp.ig.attributions)
    occl = np.asarray(exp.occlusion)
    bound = float(np.abs(attr).max()) or 1.0
    fig = go.Figure(
        go.Bar(
            x=list(range(len(words))),
            y=attr,
            marker={"color": attr, "colorscale": SIGNED_SCALE, "cmin": -bound, "cmax": bound, "line": {"width": 0}},
            customdata=np.stack([np.array(words, dtype=object), occl], axis=-1),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>IG toward "
                + html.escape(exp.target)
                + ": %{y:.4f}<br>P(target) with it − without it: %{customdata[1]:.3f}<extra></extra>"
            ),
            name="IG",
        )
    )
    fig.update_xaxes(**_slanted_word_axis(words))
    fig.update_yaxes(title={"text": "attribution (logit units)"}, zeroline=True, zerolinecolor="#888")
    title = f"Integrated Gradients toward {html.escape(exp.target)}: red pushes toward it, blue-violet away"
    return _layout(fig, title, LINE_HEIGHT)


def heatmap_height(n_tokens: int) -> int:
    """Rows of about 22 px for short sentences, squeezed for long ones, within 360-1000 px."""
    return int(min(1000, max(360, 140 + 22 * n_tokens)))


def gate_heatmap(exp: Explanation, gate: str = "f", layer: int = 1) -> go.Figure:
    """One gate of one layer: timestep (words, top to bottom) x unit."""
    title = f"{GATE_TITLES.get(gate, gate)}, layer {layer}"
    if exp.gates is None:
        return _not_an_lstm(exp, "gates to show", title)
    z = _layer(exp.gates.get(gate), layer)  # [T, H]
    words = _words(exp)
    T, H = z.shape
    if gate in ("i", "f", "o"):
        colour = {"colorscale": "Viridis", "zmin": 0.0, "zmax": 1.0}
    else:  # g and h lie in [-1, 1]; c is unbounded: diverging around 0
        bound = 1.0 if gate in ("g", "h") else max(float(np.abs(z).max()), 1e-6)
        colour = {"colorscale": "RdBu", "reversescale": True, "zmid": 0.0, "zmin": -bound, "zmax": bound}
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(H)),
            y=list(range(T)),
            customdata=np.repeat(np.array(words, dtype=object)[:, None], H, axis=1),
            hovertemplate=f"<b>%{{customdata}}</b> (word %{{y}})<br>unit %{{x}}<br>{gate} = %{{z:.3f}}<extra></extra>",
            colorbar={"title": {"text": gate}, "thickness": 14},
            **colour,
        )
    )
    fig.update_yaxes(**_word_axis(words), autorange="reversed")
    fig.update_xaxes(title={"text": f"unit (of {H})"})
    return _layout(fig, title, heatmap_height(T))


def gate_means(exp: Explanation, layer: int = 1) -> go.Figure:
    """Mean over units of i, f, g and o at every word: when the layer writes, keeps, shows."""
    title = f"Mean of each gate per word, layer {layer}"
    if exp.gates is None:
        return _not_an_lstm(exp, "gates to show", title)
    words = _words(exp)
    fig = go.Figure()
    for gate in GATE_NAMES[:4]:
        mean = _layer(exp.gates.get(gate), layer).mean(-1)  # [T]
        fig.add_trace(
            go.Scatter(
                x=list(range(len(words))),
                y=mean,
                mode="lines+markers",
                name=GATE_TITLES[gate].split(" (")[0],
                line={"color": GATE_COLOURS[gate]},
                customdata=words,
                hovertemplate=f"<b>%{{customdata}}</b><br>mean {gate} = %{{y:.3f}}<extra></extra>",
            )
        )
    fig.update_xaxes(**_slanted_word_axis(words))
    fig.update_yaxes(title={"text": "mean over units"})
    return _layout(fig, title, LINE_HEIGHT, legend_rows=1)


def retention_curve(exp: Explanation) -> go.Figure:
    """How much of what each word wrote to the cell is still there at the last word."""
    title = "How much of each word is still in the cell at the end"
    if exp.retention is None:
        return _not_an_lstm(exp, "cell state", title)
    words = _words(exp)
    x = list(range(len(words)))
    fig = go.Figure()
    for k in range(exp.retention.mean.shape[0]):
        layer = k + 1
        for y, label, dash in (
            (exp.retention.mean[k], "mean kept", "solid"),
            (exp.retention.share_kept[k], "share of units keeping > 50%", "dot"),
        ):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines+markers",
                    name=f"layer {layer}: {label}",
                    line={"dash": dash, "color": LAYER_COLOURS[k % len(LAYER_COLOURS)]},
                    customdata=words,
                    hovertemplate=f"<b>%{{customdata}}</b><br>layer {layer}, {label}: %{{y:.3f}}<extra></extra>",
                )
            )
    fig.update_xaxes(**_slanted_word_axis(words))
    fig.update_yaxes(title={"text": "kept until the end"}, range=[0, 1.05])
    return _layout(fig, title, LINE_HEIGHT + 40, legend_rows=2)


def gradient_flow(exp: Explanation) -> go.Figure:
    """|d logit / d word| per position for the RNN baseline and the LSTM, on a log axis."""
    title = "How strongly each word still reaches the decision (gradient norm)"
    series = [("LSTM", exp.gradient_flow.lstm, "#1f77b4"), ("RNN baseline", exp.gradient_flow.rnn, "#d62728")]
    series = [s for s in series if s[1] is not None]
    if not series:
        return _message("No gradient flow was recorded for this explanation.", title)
    words = _words(exp)
    fig = go.Figure()
    for name, norms, colour in series:
        fig.add_trace(
            go.Scatter(
                x=list(range(len(norms))),
                y=list(norms),
                mode="lines+markers",
                name=name,
                line={"color": colour},
                customdata=words,
                hovertemplate=f"<b>%{{customdata}}</b><br>{name}: %{{y:.3g}}<extra></extra>",
            )
        )
    fig.update_xaxes(**_word_axis(words, "word position (the decision is read after the last word)"))
    fig.update_yaxes(type="log", title={"text": "|∂ logit / ∂ embedding| (log)"}, **_log_ticks(series))
    return _layout(fig, title, LINE_HEIGHT + 20, legend_rows=1)


def _log_ticks(series: list) -> dict:
    """1-2-5 labels over a few decades, one label per decade (in e-notation) beyond that."""
    values = np.asarray([v for _, norms, _ in series for v in norms], dtype=float)
    positive = values[values > 0]
    decades = np.log10(positive.max() / positive.min()) if positive.size else 0.0
    return {"dtick": 1, "tickformat": ".0e"} if decades > 4 else {"dtick": "D2", "tickformat": ".2~g"}


def confusion_matrix(card: dict) -> go.Figure:
    """Test-set confusion matrix from a model card: counts, coloured by share of the true class."""
    test = card.get("test") or {}
    counts = test.get("confusion")
    title = "Confusion matrix on the test set" + (
        f" ({test['n']:,} articles)" if isinstance(test.get("n"), int) else ""
    )
    if not counts:
        return _message("This model card has no test-set results.", title, 380)
    z = np.asarray(counts, dtype=float)
    labels = [html.escape(str(lab)) for lab in test.get("labels") or card.get("labels") or range(len(z))]
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
            colorbar={"title": {"text": "share"}, "thickness": 12},
            hovertemplate="true %{y}, predicted %{x}<br>%{customdata} articles (%{z:.1%} of %{y})<extra></extra>",
        )
    )
    fig.update_xaxes(title={"text": "predicted"}, side="bottom")
    fig.update_yaxes(title={"text": "true topic"}, autorange="reversed")
    return _layout(fig, title, 380)
