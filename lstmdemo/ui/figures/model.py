"""The model lesson's figure: each model's trained parameters, block by block (dicts, no validation)."""

from __future__ import annotations

from gradio.components.plot import PlotData

from ...i18n import Say
from ...lessons.parameters import Sizes
from .style import GATE_COLOURS, LINE_HEIGHT, layout, plot

#: The RNN's single block and the classifier, beside the LSTM's gate colours.
BLOCK_COLOURS = {**GATE_COLOURS, "h": "#6b7280", "classifier": "#9ca3af"}


def parameter_blocks(sizes: Sizes, say: Say) -> PlotData:
    """Two stacked bars, LSTM and RNN: a segment per layer and gate block, then the classifier."""
    names = [say("plot.model.lstm"), say("plot.model.rnn")]
    traces = []
    for model_index, p in enumerate((sizes.lstm, sizes.rnn)):
        for b in p.blocks:
            label = say("plot.params.block", layer=b.layer, gate=say(f"plot.params.gate.{b.gate}"))
            traces.append(_bar(names[model_index], b.size, label, BLOCK_COLOURS[b.gate], first=b.layer == 1))
        traces.append(
            _bar(names[model_index], p.classifier, say("plot.params.classifier"), BLOCK_COLOURS["classifier"])
        )
    figure_layout = layout(say("plot.params.title"), LINE_HEIGHT - 60)
    figure_layout["barmode"] = "stack"
    figure_layout["xaxis"] |= {"title": {"text": say("plot.params.axis")}, "tickformat": ","}
    figure_layout["yaxis"] |= {"autorange": "reversed"}
    figure_layout["margin"]["l"] = 70
    return plot(traces, figure_layout)


def _bar(model: str, size: int, label: str, colour: str, first: bool = True) -> dict:
    return {
        "type": "bar",
        "orientation": "h",
        "y": [model],
        "x": [size],
        "name": label,
        "marker": {"color": colour, "opacity": 1.0 if first else 0.7, "line": {"color": "white", "width": 1}},
        "hovertemplate": f"{label}: %{{x:,}}<extra></extra>",
        "showlegend": False,
        "text": [label] if size > 15_000 else None,
        "textposition": "inside",
        "insidetextanchor": "middle",
    }
