"""Explanation -> Plotly figure (a dict, see ``style``). Pure functions: nothing here calls a model.

Every figure sets its own height, because Gradio's ``gr.Plot`` collapses autosized
figures. Every title, axis title and legend entry comes from ``say`` (the page's message
catalogue), so the figures speak the page's language. Words sit on a numeric axis with
the words as tick labels, so a word that occurs twice keeps two positions, and are
HTML-escaped before Plotly sees them: Plotly renders a subset of HTML in labels and
hover text, and the words are the user's. Titles wrap to fit a phone's width.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from gradio.components.plot import PlotData

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
    plot,
    rounded,
    rows_height,
    slanted_word_axis,
    typed,
    word_axis,
)


def _words(exp: Explanation) -> list[str]:
    return [html.escape(w) for w in exp.words]


def _no_gates(exp: Explanation, say: Say, title: str) -> PlotData:
    return message(say("plot.no_gates", model=html.escape(exp.model)), title)


def _layer(values: np.ndarray, layer: int) -> np.ndarray:
    """``values[layer - 1]`` of an [L, T, H] array, with layers counted from 1 as on screen."""
    if not 1 <= layer <= values.shape[0]:
        raise ValueError(f"layer must be between 1 and {values.shape[0]}, got {layer}")
    return values[layer - 1]


def _line(x: list, y: Any, name: str, colour: str, words: list[str], hover: str) -> dict[str, Any]:
    """One line over the words; its hover names the word (``customdata``) and ``hover``'s value."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "line": {"color": colour},
        "customdata": words,
        "hovertemplate": f"<b>%{{customdata}}</b><br>{hover}<extra></extra>",
    }


def attribution_bars(exp: Explanation, say: Say) -> PlotData:
    """Signed Integrated Gradients per word as horizontal bars, one row a word, read top down; the target
    named as the page names it (``Task.label_name``)."""
    words = _words(exp)
    target = html.escape(tasks.get(exp.task).label_name(exp.target, say))
    short = html.escape(tasks.Task.short_label(exp.target, say))
    attr = rounded(exp.ig.attributions)
    bound = max(map(abs, attr)) or 1.0
    bar = {
        "type": "bar",
        "y": list(range(len(words))),
        "x": attr,
        "orientation": "h",
        "marker": {"color": attr, "colorscale": SIGNED_SCALE, "cmin": -bound, "cmax": bound, "line": {"width": 0}},
        "customdata": [[w, o] for w, o in zip(words, rounded(exp.occlusion, 3), strict=True)],
        "hovertemplate": (
            f"<b>%{{customdata[0]}}</b><br>{say('plot.ig.hover', target=target)}: %{{x:.4f}}<br>"
            f"{say('plot.ig.hover_occlusion', target=short)}: %{{customdata[1]:.3f}}<extra></extra>"
        ),
    }
    figure_layout = layout(say("plot.ig.title", target=target), rows_height(len(words), 110))
    figure_layout["yaxis"] |= word_axis(words, every_word=True) | {"autorange": "reversed"}
    figure_layout["xaxis"] |= {"title": {"text": say("plot.ig.axis", target=target)}, "zeroline": True,
                               "zerolinecolor": "#888"}  # fmt: skip
    return plot([bar], figure_layout)


def attention_bars(exp: Explanation, say: Say) -> PlotData:
    """The attention model's weight on each word (they sum to 1), one row a word, read top down."""
    words = _words(exp)
    bar = {
        "type": "bar",
        "y": list(range(len(words))),
        "x": rounded(exp.attention or ()),
        "orientation": "h",
        "marker": {"color": MODEL_COLOURS["lstm"], "line": {"width": 0}},  # a weight, not a push: no red
        "customdata": words,
        "hovertemplate": f"<b>%{{customdata}}</b><br>{say('nextstep.plot.hover')}: %{{x:.3f}}<extra></extra>",
    }
    figure_layout = layout(say("nextstep.plot.title"), rows_height(len(words), 110))
    figure_layout["yaxis"] |= word_axis(words, every_word=True) | {"autorange": "reversed"}
    figure_layout["xaxis"] |= {"title": {"text": say("nextstep.plot.axis")}, "rangemode": "tozero"}
    return plot([bar], figure_layout)


def gate_heatmap(exp: Explanation, say: Say, gate: str = "f", layer: int = 1) -> PlotData:
    """One gate of one layer: word (top to bottom) x unit, units by mean forget gate, highway outlined.

    Rows and columns are categories named for their hover ("forecast (word 12)", "unit 17 (rank 3)")
    and labelled with the bare words, so the hover needs no text per cell: at 190 words x 128 units
    that text was most of what the page received.
    """
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
    rows = [say("plot.heatmap.hover_word", word=w, t=t + 1) for t, w in enumerate(words)]
    units = [say("plot.heatmap.hover_unit", unit=int(u), rank=r + 1) for r, u in enumerate(order)]
    heat = {
        "type": "heatmap",
        "z": typed(z),
        "x": units,
        "y": rows,
        "hovertemplate": f"<b>%{{y}}</b><br>%{{x}}<br>{gate} = %{{z:.3f}}<extra></extra>",
        "colorbar": {"title": {"text": gate}, "thickness": 12},
        **colour,
    }
    figure_layout = layout(title, rows_height(T, 150), legend_rows=1)
    box = {"type": "rect", "x0": -0.5, "x1": k - 0.5, "y0": -0.5, "y1": T - 0.5, "xref": "x", "yref": "y"}
    figure_layout["shapes"] = [box | {"line": {"color": "#ff2d55", "width": 2}}]
    figure_layout["annotations"] = [
        {"text": say("plot.heatmap.highway", units=", ".join(str(int(u)) for u in order[:k])), "x": -0.5,
         "xanchor": "left", "y": 1.0, "yref": "paper", "yanchor": "bottom", "showarrow": False,
         "font": {"color": "#c81e45", "size": 12}}
    ]  # fmt: skip
    figure_layout["yaxis"] |= {"type": "category", "tickmode": "array", "tickvals": rows, "ticktext": words,
                               "autorange": "reversed"}  # fmt: skip
    figure_layout["xaxis"] |= {"type": "category", "title": {"text": say("plot.heatmap.axis", n=H)},
                               "showticklabels": False, "ticks": ""}  # fmt: skip
    return plot([heat], figure_layout)


def gate_means(exp: Explanation, say: Say, layer: int = 1) -> PlotData:
    """Mean over units of i, f, g and o at every word: when the layer writes, keeps, shows."""
    title = say("plot.means.title", layer=layer)
    if exp.gates is None:
        return _no_gates(exp, say, title)
    words = _words(exp)
    x = list(range(len(words)))
    lines = [
        _line(x, rounded(_layer(exp.gates.get(g), layer).mean(-1)), say(f"gate.{g}"), GATE_COLOURS[g], words,
              f"{g} = %{{y:.3f}}")
        for g in "ifgo"
    ]  # fmt: skip  # mean over units: [T] each
    figure_layout = layout(title, LINE_HEIGHT + 20, legend_rows=2)
    figure_layout["xaxis"] |= slanted_word_axis(words)
    figure_layout["yaxis"] |= {"title": {"text": say("plot.means.axis")}}
    return plot(lines, figure_layout)


def highway_curve(exp: Explanation, say: Say, layer: int = 1) -> PlotData:
    """What each word wrote that is still in the memory at the end: the highway units against the mean unit."""
    title = say("plot.highway.title", layer=layer)
    hw = lessons.highway(exp, layer)
    if hw is None:
        return _no_gates(exp, say, title)
    words = _words(exp)
    x = list(range(len(words)))
    lines = [
        _line(x, rounded(y), name, colour, words, f"{html.escape(name)}: %{{y:.3f}}")
        for y, name, colour in (
            (hw.kept_highway, say("plot.highway.units", k=len(hw.units)), HIGHWAY_COLOUR),
            (hw.kept_all, say("plot.highway.all", n=hw.n_units), ALL_COLOUR),
        )
    ]
    figure_layout = layout(title, LINE_HEIGHT + 20, legend_rows=2)
    figure_layout["xaxis"] |= slanted_word_axis(words)
    figure_layout["yaxis"] |= {"title": {"text": say("plot.highway.axis")}, "range": [0, 1.05]}
    return plot(lines, figure_layout)


def reach_curve(exp: Explanation, say: Say) -> PlotData:
    """Each model's gradient per word over its own gradient at the last word, by distance back (log axis)."""
    title = say("plot.reach.title")
    reach = lessons.reach(exp)
    series = [(arch, v) for arch, v in (("lstm", reach.lstm), ("rnn", reach.rnn)) if v is not None]
    if not series:
        return message(say("plot.no_flow"), title)
    words = _words(exp)
    back = [reach.n_words - 1 - t for t in range(reach.n_words)]
    lines = [
        _line(back, rounded([max(v, 1e-30) for v in values], 3), say(f"plot.model.{arch}"), MODEL_COLOURS[arch],
              words, f"{arch.upper()}: %{{y:.2g}}")
        for arch, values in series
    ]  # fmt: skip
    figure_layout = layout(title, LINE_HEIGHT + 20, legend_rows=1)
    figure_layout["xaxis"] |= {"title": {"text": say("plot.reach.x")}, "autorange": "reversed", "tickformat": "d"}
    if len(exp.tokens) <= 12:
        figure_layout["xaxis"]["dtick"] = 1
    figure_layout["yaxis"] |= {"type": "log", "title": {"text": say("plot.reach.y")}} | log_ticks(
        [v for _, v in series]
    )
    return plot(lines, figure_layout)
