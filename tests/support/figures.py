"""Read a figure the page sends back into Plotly's checked objects, so tests see what Plotly.js sees.

The page builds figures as plain dicts without validation (``ui.figures.style``); here every one is
validated by ``plotly.graph_objects``, which rejects a property Plotly does not know.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import numpy as np
import plotly.graph_objects as go
from gradio.components.plot import PlotData


def figure(sent: PlotData) -> go.Figure:
    """The figure ``gr.Plot`` would draw, validated (Plotly.js reads the config beside it: no logo link)."""
    assert sent.type == "plotly"
    sent_figure = json.loads(sent.plot)
    assert sent_figure.pop("config") == {"displaylogo": False}
    return go.Figure(sent_figure)


def values(array: Any) -> np.ndarray:
    """A trace's array as numbers, whether sent as a list or as a typed array (``style.typed``)."""
    if isinstance(array, dict) and "bdata" in array:
        shape = tuple(int(n) for n in str(array["shape"]).split(","))
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).reshape(shape)
    return np.asarray(array)
