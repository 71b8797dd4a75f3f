"""How the demo is served to everyone at once: 2 vCPUs and a fixed memory on a free Space, one server process.

Each event of the page runs in one of three ways, named by its settings:

- ``EXPLAIN_EVENT``: anything that explains a text (the page's Explain, the next-step tab, the API).
  Queued in one concurrency group whose events all go on to the lanes (``lanes``): quick texts never
  wait behind long ones (each lane computes in a worker process, ``start_workers``), visitors take turns,
  a request gets ``lanes.SECONDS`` of computing, cancelled work stops.
- ``RENDER_EVENT``: anything that draws from what is cached or from the cards (opening the page,
  another language, another gate): queued apart, two at a time, so it neither waits for an explanation
  nor runs unbounded beside it.
- ``QUICK_EVENT``: events that compute nothing (a status line, an example's text): outside the queue.

``configure`` sets up the queue (no route runs a queued event outside it: ``api_open=False``) and hardens
what the page built (``harden``); ``launch_options`` are launch()'s settings, the guard in front of the
routes among them (``guard``).
"""

from __future__ import annotations

import math
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from ..modeling.text import MAX_CHARS
from . import guard, lanes, session_template

EXPLAIN_ID = "explain"
#: At most this many events wait in the queue in all (a visitor holds at most ``guard.PLACES`` of them).
QUEUE_SIZE = 100
#: Explaining events all go on to the lanes, which order them (no limit here): each holds one of Gradio's
#: workers while it waits there, so there are as many workers as events can be queued, plus the rest.
EXPLAIN_EVENT: dict[str, Any] = {"concurrency_id": EXPLAIN_ID, "concurrency_limit": None, "api_visibility": "private"}
WORKERS = QUEUE_SIZE + 40
RENDER_EVENT: dict[str, Any] = {
    "concurrency_id": "render",
    "concurrency_limit": 2,
    "api_visibility": "private",
    "show_progress": "hidden",
}
QUICK_EVENT: dict[str, Any] = {"queue": False, "api_visibility": "private", "show_progress": "hidden"}
#: A session's cached explanations (every gr.State) are dropped this long after they were last written.
STATE_SECONDS = 20 * 60
#: Sessions kept (Gradio forgets the oldest beyond): each holds a copy of the page's outputs, ~1-3 MB.
SESSIONS = 200


def configure(demo: gr.Blocks) -> gr.Blocks:
    """The queue for ``demo`` and its hardening (``harden``); call it once the page is built."""
    demo.queue(max_size=QUEUE_SIZE, default_concurrency_limit=1, api_open=False)
    harden(demo)
    return demo


def harden(demo: gr.Blocks) -> None:
    """Apply the serving policy to whatever the page built: every explaining event runs through one set
    of lanes, every text box takes at most ``MAX_CHARS`` characters, every cache in a session expires, a
    new session copies the page's prepared config (``session_template``)."""
    session_template.install(demo)
    shared = demo.lanes = lanes.Lanes()
    for key, fn in demo.fns.items():
        if fn.concurrency_id == EXPLAIN_ID and fn.fn is not None:
            fn.fn = shared.explaining(fn.fn, key)
    for block in demo.blocks.values():
        if isinstance(block, gr.Textbox) and block.max_length is None:
            block.max_length = MAX_CHARS
        if isinstance(block, gr.State) and block.time_to_live == math.inf:
            block.time_to_live = STATE_SECONDS


def start_workers(demo: gr.Blocks) -> None:
    """Fork the lanes' worker processes (``worker``) from the built page: before it serves."""
    demo.lanes.start_workers(demo.blocks)


def launch_options(demo: gr.Blocks) -> dict[str, Any]:
    """launch()'s serving settings for ``demo``: the guard in front, bounded sessions, no monitoring route."""
    public = tuple(fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public" and fn.api_name)
    return {
        "app_kwargs": {"middleware": [Middleware(guard.Guard, blocks=demo, public=public)]},
        "state_session_capacity": SESSIONS,
        "max_threads": WORKERS,
        "enable_monitoring": False,
    }
