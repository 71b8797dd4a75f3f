"""The memory experiment's figure: each model's test accuracy against N, the mean over seeds with each
seed's own, against chance (dicts, no validation)."""

from __future__ import annotations

from gradio.components.plot import PlotData

from ...i18n import Say
from ...lessons.dependency import Dependency
from .style import LINE_HEIGHT, MODEL_COLOURS, layout, plot

#: The LSTM with PyTorch's default forget bias: the LSTM's colour, dashed.
STYLES = {
    "rnn": {"color": MODEL_COLOURS["rnn"], "dash": "solid"},
    "lstm": {"color": MODEL_COLOURS["lstm"], "dash": "solid"},
    "lstm_bias0": {"color": MODEL_COLOURS["lstm"], "dash": "dot"},
}


def accuracy_curves(d: Dependency, say: Say) -> PlotData:
    traces = []
    for name, curve in d.curves.items():
        label = say(f"lesson.dependency.model.{name}")
        style = STYLES.get(name, {"color": "#6b7280", "dash": "solid"})
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(curve.ns),
                "y": list(curve.means),
                "name": label,
                "line": {"color": style["color"], "dash": style["dash"], "width": 3},
                "marker": {"size": 8},
                "hovertemplate": f"{label}<br>N = %{{x}}: %{{y:.0%}}<extra></extra>",
            }
        )
        seeds = [(n, acc) for n, accs in zip(curve.ns, curve.seeds, strict=True) for acc in accs]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [n for n, _ in seeds],
                "y": [acc for _, acc in seeds],
                "showlegend": False,
                "marker": {"color": style["color"], "size": 6, "opacity": 0.35},
                "hovertemplate": f"{label}, {say('plot.memory.seed')}<br>N = %{{x}}: %{{y:.0%}}<extra></extra>",
            }
        )
    figure_layout = layout(say("plot.memory.title"), LINE_HEIGHT, legend_rows=2)
    figure_layout["xaxis"] |= {
        "type": "log",
        "tickvals": list(d.ns),
        "ticktext": [str(n) for n in d.ns],
        "title": {"text": say("plot.memory.x")},
    }
    figure_layout["yaxis"] |= {"range": [0.4, 1.04], "tickformat": ".0%", "title": {"text": say("plot.memory.y")}}
    figure_layout["shapes"] = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": 0.5,
            "y1": 0.5,
            "line": {"color": "#9ca3af", "dash": "dash"},
        }
    ]
    figure_layout["annotations"] = [
        {"text": say("plot.memory.chance"), "xref": "paper", "x": 1, "xanchor": "right", "y": 0.5, "yanchor": "bottom",
         "showarrow": False, "font": {"color": "#6b7280", "size": 12}}
    ]  # fmt: skip
    return plot(traces, figure_layout)
