"""Serve the demo: ``python app.py``.

Host and port come from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT (default 127.0.0.1:7860).
LSTMDEMO_MODEL / LSTMDEMO_COMPARE name other weights (default weights/lstm and weights/rnn;
an empty LSTMDEMO_COMPARE leaves the RNN comparison out).
"""

import os

import torch

from lstmdemo import ui
from lstmdemo.checkpoint import CheckpointError

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # no telemetry and no version check: nothing leaves the machine
if "OMP_NUM_THREADS" not in os.environ:
    # One explanation runs at a time and the model is small: one thread is as fast as many, and it
    # cannot oversubscribe a container whose CPU quota (2 vCPUs on Spaces) is below the CPUs it sees.
    torch.set_num_threads(1)

try:
    demo = ui.build_demo(os.environ.get("LSTMDEMO_MODEL", "lstm"), os.environ.get("LSTMDEMO_COMPARE", "rnn") or None)
except CheckpointError as e:
    raise SystemExit(f"lstmdemo will not serve broken weights: {e}") from None

if __name__ == "__main__":
    demo.launch(theme=ui.THEME, css=ui.CSS, footer_links=["api", "gradio"], run_history=False, show_error=False)
