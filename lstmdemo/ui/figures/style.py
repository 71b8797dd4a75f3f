"""What every figure shares: the page's colours, heights that keep every word's label, titles that
fit a phone, word axes and log ticks, and the figure that says why there is nothing to plot.

Figures are plain dicts sent as JSON once (``plot``): Plotly's ``graph_objects`` validate and copy
every property on the way, which cost the page more than the model's own work. The tests validate
each figure through ``graph_objects`` instead. Numbers are rounded to what a hover shows, and large
grids go as typed arrays (``typed``), which Plotly.js reads without parsing a number per cell.
"""

from __future__ import annotations

import base64
import math
import textwrap
from typing import Any

import numpy as np
import orjson
from gradio.components.plot import PlotData

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


#: What the "plotly_white" template gives a figure, spelled out: a dict figure carries no template by name.
AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "automargin": True}
WHITE = {"paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#2a3f5f"}}


def layout(title: str, height: int, legend_rows: int = 0) -> dict[str, Any]:
    """Title on top (wrapped), then the legend (if any) above the plot, so neither covers data."""
    lines = textwrap.wrap(title, TITLE_WIDTH) or [""]
    return {
        **WHITE,
        "title": {
            "text": "<br>".join(lines),
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
            "font": {"size": 15},
        },
        "height": height + TITLE_LINE * (len(lines) - 1),
        "margin": {"l": 60, "r": 20, "t": 36 + TITLE_LINE * len(lines) + 22 * legend_rows, "b": 40},
        "hoverlabel": {"bgcolor": "white"},
        "showlegend": legend_rows > 0,
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        "modebar": {"remove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"]},
        "xaxis": dict(AXIS),
        "yaxis": dict(AXIS),
    }


#: Plotly's config for every figure: the toolbar keeps zoom and download, without Plotly's logo (a link off
#: the page, which a class's page has no use for).
CONFIG = {"displaylogo": False}


def plot(data: list[dict[str, Any]], figure_layout: dict[str, Any]) -> PlotData:
    """A figure as ``gr.Plot`` sends it: JSON once, no Plotly validation on the way."""
    figure = {"data": data, "layout": figure_layout, "config": CONFIG}
    return PlotData(type="plotly", plot=orjson.dumps(figure, option=orjson.OPT_SERIALIZE_NUMPY).decode())


def rounded(values: Any, digits: int = 4) -> list[float]:
    """``values`` to ``digits`` significant digits: what a hover or the eye can tell apart, in fewer bytes."""
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=float).ravel()]


def typed(values: Any) -> dict[str, str]:
    """A 2-d grid as a Plotly.js typed array (float32, base64): a heatmap's cells without a number each."""
    grid = np.ascontiguousarray(values, dtype=np.float32)
    return {"dtype": "f4", "bdata": base64.b64encode(grid.tobytes()).decode(), "shape": ",".join(map(str, grid.shape))}


def word_axis(words: list[str], every_word: bool = False) -> dict:
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


def slanted_word_axis(words: list[str]) -> dict:
    return {**word_axis(words), "tickangle": -60 if len(words) > 8 else 0}


def rows_height(n_rows: int, extra: int = 130) -> int:
    """Every row keeps its label: about 16 px a word, at least the height of a line chart."""
    return int(max(LINE_HEIGHT, extra + ROW_HEIGHT * n_rows))


def message(text: str, title: str, height: int = LINE_HEIGHT) -> PlotData:
    """A figure that says why there is nothing to plot, at the same height as the real one."""
    figure_layout = layout(title, height)
    note = {"text": text, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}
    figure_layout["annotations"] = [{**note, "font": {"size": 15}}]
    figure_layout["xaxis"]["visible"] = figure_layout["yaxis"]["visible"] = False
    return plot([], figure_layout)


def log_ticks(series: list) -> dict:
    """Over a few decades, 1-2-5 labels; beyond, one label per decade (two beyond eight), as 1e-5."""
    values = np.asarray([v for s in series for v in s], dtype=float)
    positive = values[values > 0]
    decades = np.log10(positive.max() / positive.min()) if positive.size else 0.0
    if decades > 2:
        return {"dtick": 2 if decades > 8 else 1, "tickformat": ".0e"}
    return {"dtick": "D2", "tickformat": ".2~g"}
