"""Serve the demo: ``python app.py``.

Host and port come from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT (default 127.0.0.1:7860).
LSTMDEMO_MODEL / LSTMDEMO_COMPARE name other weights (default weights/lstm and weights/rnn;
an empty LSTMDEMO_COMPARE leaves the RNN comparison out).
"""

import os

import torch

from lstmdemo import ui
from lstmdemo.modeling.checkpoint import CheckpointError
from lstmdemo.ui import serving

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # no telemetry and no version check: nothing leaves the machine
if "OMP_NUM_THREADS" not in os.environ:
    # One pass through a model runs at a time (lstmdemo/modeling/loading.py) and the model is small. Measured on
    # 2 vCPUs, one torch thread answers the API faster than two: idle OpenMP workers spin and starve the
    # server's own threads, which encode the JSON. It also cannot oversubscribe a container whose
    # quota is below the CPUs torch sees.
    torch.set_num_threads(1)

try:
    demo = ui.build_demo(os.environ.get("LSTMDEMO_MODEL", "lstm"), os.environ.get("LSTMDEMO_COMPARE", "rnn") or None)
except CheckpointError as e:
    raise SystemExit(f"lstmdemo will not serve broken weights: {e}") from None

if __name__ == "__main__":
    serving.start_workers(demo)
    demo.launch(
        theme=ui.THEME,
        css=ui.CSS,
        footer_links=["api", "gradio"],
        run_history=False,
        show_error=False,
        **serving.launch_options(demo),
    )
