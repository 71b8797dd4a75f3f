"""Model card -> Plotly figure (a dict, see ``style``): the data-set studies and test results a card stores."""

from __future__ import annotations

import html

import numpy as np
from gradio.components.plot import PlotData

from ... import tasks
from ...i18n import Say
from .style import LINE_HEIGHT, MODEL_COLOURS, layout, log_ticks, message, plot, rounded


def distance_curve(summary: dict, say: Say) -> PlotData:
    """The data-set view stored in the card: mean relative gradient by words before the last word."""
    series = [(arch, summary[arch]) for arch in ("lstm", "rnn") if summary.get(arch)]
    lines = [
        {
            "type": "scatter",
            "x": summary["distance"],
            "y": rounded(values, 3),
            "mode": "lines",
            "name": say(f"plot.model.{arch}"),
            "line": {"color": MODEL_COLOURS[arch], "width": 3},
            "hovertemplate": f"%{{x}}: {arch.upper()} %{{y:.2g}}<extra></extra>",
        }
        for arch, values in series
    ]
    figure_layout = layout(say("plot.distance.title", n=f"{summary['n_sentences']:,}"), LINE_HEIGHT, legend_rows=1)
    figure_layout["xaxis"] |= {"title": {"text": say("plot.reach.x")}, "autorange": "reversed"}
    figure_layout["yaxis"] |= {"type": "log", "title": {"text": say("plot.reach.y")}} | log_ticks(
        [v for _, v in series]
    )
    return plot(lines, figure_layout)


def confusion_matrix(card: dict, say: Say, label_noun: str) -> PlotData:
    """Test-set confusion matrix from a model card: counts, coloured by share of the true class."""
    test = card.get("test") or {}
    counts = test.get("confusion")
    n = test.get("n")
    title = say("plot.confusion.title", n=f"{n:,}") if isinstance(n, int) else say("plot.confusion.title_plain")
    if not counts:
        return message(say("plot.confusion.none"), title, 380)
    z = np.asarray(counts, dtype=float)
    names = test.get("labels") or card.get("labels") or [str(k) for k in range(len(z))]
    labels = [html.escape(tasks.page_label(lab, say)) for lab in names]
    row_share = z / np.maximum(z.sum(axis=1, keepdims=True), 1)
    heat = {
        "type": "heatmap",
        "z": [rounded(row) for row in row_share],
        "x": labels,
        "y": labels,
        "text": z.astype(int).tolist(),
        "texttemplate": "%{text}",
        "customdata": z.astype(int).tolist(),
        "colorscale": "Blues",
        "zmin": 0,
        "zmax": 1,
        "colorbar": {"title": {"text": say("plot.confusion.share"), "side": "right"}, "thickness": 12},
        "hovertemplate": "%{y} → %{x}<br>%{customdata} (%{z:.1%})<extra></extra>",
    }
    figure_layout = layout(title, 380)
    figure_layout["xaxis"] |= {"title": {"text": say("plot.confusion.predicted")}, "side": "bottom"}
    figure_layout["yaxis"] |= {"title": {"text": say("plot.confusion.true", label_noun=label_noun)},
                               "autorange": "reversed"}  # fmt: skip
    return plot([heat], figure_layout)
