"""What a user of the page waits for: the model, the handler, the bytes, the browser, all in one run.

    python -m benchmarks.bench_page [--repeats 5] [--lesson 4]

For texts of about 6, 90 and 190 tokens of each task: ``explain()`` in this process, the page's
handler (``Handlers.run``: the explanation, its edits, its word neighbours and every lesson's view),
the ``/explain`` API call through gradio_client, and in headless Chromium (at 1280x900, the lesson
``--lesson`` open): the bytes received for one explanation, the time from Enter to the last change
of the page it causes, and the longest main-thread task meanwhile (PerformanceObserver "longtask").
With lesson 4 open, also the same for opening its every-unit details on the longest text (drawn only
when opened).
Then the first load of the page to its first explanation drawn, beside a bare Gradio page with one
Plotly figure served from this machine. Medians of ``--repeats`` runs; loopback only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import textwrap
import time
import urllib.request
from dataclasses import dataclass

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import say
from lstmdemo.modeling.text import tokenize, words
from lstmdemo.ui.handlers import Choices, Handlers
from lstmdemo.ui.served_tasks import served_tasks
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.server import QUIET, REPO, free_port, start_app, stop

REVIEW = (
    "The first hour of this film is not as dull as the critics said, and the two leads are very funny together, "
    "but the ending drags on far too long and barely makes sense of what came before it. "
)
#: Token counts the page is measured at, as the issue sets them.
LENGTHS = (6, 90, 190)
#: After the last change, this long without one means the page has settled (the change is the end).
QUIET_MS = 700
#: Installed before the page's own scripts: the time of Enter, of every change, and every long task.
PROBE_JS = """
window.bench = {t0: 0, last: 0, longtasks: []};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.bench.longtasks.push([e.startTime, e.duration]);
}).observe({type: "longtask", buffered: true});
document.addEventListener("keydown", (e) => { if (e.key === "Enter") window.bench.t0 = performance.now(); }, true);
new MutationObserver(() => { window.bench.last = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
BARE_APP = """
import gradio as gr, plotly.graph_objects as go
fig = go.Figure(go.Scatter(x=list(range(50)), y=[i * i for i in range(50)]))
with gr.Blocks() as demo:
    gr.Plot(fig)
demo.launch()
"""


def text_of(task: str, n: int) -> str:
    """A text of the task with about ``n`` tokens: its examples (or a review) joined until long enough."""
    if n <= 8:
        return {"topic": "Oil prices rose sharply on Monday", "sentiment": "The movie is not good ."}[task]
    source = tasks.get(task).examples()[0].text if task == "topic" else REVIEW
    text = ""
    while len(words(text)) < n:
        text += source + " "
    return text[: tokenize(text)[n - 1].end]  # the prefix that holds the first n tokens


@dataclass
class Row:
    task: str
    tokens: int
    explain_ms: float
    handler_ms: float
    api_ms: float
    kilobytes: float
    drawn_ms: float
    longest_task_ms: float


def median_ms(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def in_process(task: str, text: str, repeats: int, handlers: Handlers) -> tuple[float, float]:
    """explain()'s and the page handler's median milliseconds for ``text``."""
    s = handlers.served[task]
    explain_ms = median_ms(lambda: explain(text, model=s.model, compare=s.compare), repeats)
    handler_ms = median_ms(lambda: handlers.run(text, task, "auto", "pad", 0.01, Choices(), "en"), repeats)
    return explain_ms, handler_ms


class Received:
    """Bytes the browser receives for the page's requests, as Chrome DevTools counts them.

    Decoded bytes (``dataLength``), so the count is what the page must parse whether or not the server
    compressed it. Gradio streams answers as server-sent events, which DevTools may report as messages
    rather than data: per request the larger of the two counts.
    """

    def __init__(self, cdp) -> None:
        self.data: dict[str, int] = {}
        self.messages: dict[str, int] = {}
        cdp.on("Network.dataReceived", self.add)
        cdp.on("Network.eventSourceMessageReceived", self.message)

    def add(self, event: dict) -> None:
        self.data[event["requestId"]] = self.data.get(event["requestId"], 0) + event["dataLength"]

    def message(self, event: dict) -> None:
        size = len(event["data"].encode())
        self.messages[event["requestId"]] = self.messages.get(event["requestId"], 0) + size

    def reset(self) -> None:
        self.data.clear()
        self.messages.clear()

    @property
    def bytes(self) -> int:
        return sum(max(self.data.get(r, 0), self.messages.get(r, 0)) for r in {*self.data, *self.messages})


def browser_explain(page, received: Received, text: str) -> tuple[float, float, float]:
    """One explanation through the page: kilobytes received, Enter to the last change, the longest task."""
    box = page.locator("#text textarea")
    box.fill(text)
    page.evaluate("() => { window.bench.longtasks = []; window.bench.last = 0; }")
    received.reset()
    box.press("Enter")
    done = "() => !document.body.classList.contains('lstm-stale') && window.bench.t0 > 0"
    page.wait_for_function(done, timeout=120_000)
    page.wait_for_function(
        f"() => window.bench.last > 0 && performance.now() - window.bench.last > {QUIET_MS}", timeout=120_000
    )
    t0, last, tasks_ = page.evaluate("() => [window.bench.t0, window.bench.last, window.bench.longtasks]")
    longest = max((d for start, d in tasks_ if start + d >= t0), default=0.0)
    return received.bytes / 1000, last - t0, longest


def details_opened(page, received: Received) -> tuple[float, float, float]:
    """Lesson 4's every-unit details opened on the explanation shown (drawn only then): kilobytes received,
    click to the last change, the longest task; closed again after."""
    details = page.locator("#gate-details").get_by_text(say("lesson.gates.details"))
    page.evaluate("() => { window.bench.longtasks = []; window.bench.last = 0; window.bench.t0 = performance.now(); }")
    received.reset()
    details.click()
    page.wait_for_selector("#gate-heatmap .gtitle", timeout=120_000)
    page.wait_for_function(
        f"() => window.bench.last > 0 && performance.now() - window.bench.last > {QUIET_MS}", timeout=120_000
    )
    t0, last, tasks_ = page.evaluate("() => [window.bench.t0, window.bench.last, window.bench.longtasks]")
    details.click()
    page.wait_for_selector("#gate-heatmap .gtitle", state="hidden", timeout=120_000)
    return received.bytes / 1000, last - t0, max((d for start, d in tasks_ if start + d >= t0), default=0.0)


def first_load(p, url: str, ready: str) -> float:
    """Milliseconds from navigation to the last change of a freshly opened page, once ``ready`` shows."""
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(PROBE_JS)
        page.goto(url)
        page.wait_for_selector(ready, timeout=120_000)
        page.wait_for_function(
            f"() => window.bench.last > 0 && performance.now() - window.bench.last > {QUIET_MS}", timeout=120_000
        )
        return page.evaluate("() => window.bench.last")
    finally:
        browser.close()


def start_bare(port: int) -> subprocess.Popen:
    env = {**os.environ, **QUIET, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1"}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(BARE_APP)], env=env, cwd=REPO)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise TimeoutError("the bare page did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--lesson", type=int, default=4, help="the lesson open while the page explains")
    a = ap.parse_args()
    os.environ.update(QUIET)
    import torch
    from gradio_client import Client
    from playwright.sync_api import sync_playwright

    torch.set_num_threads(1)
    handlers = Handlers(served_tasks())
    port, bare_port = free_port(), free_port()
    proc, _ = start_app(port)
    bare = start_bare(bare_port)
    url = f"http://127.0.0.1:{port}/"
    rows: list[Row] = []
    details: dict[str, tuple[float, ...]] = {}
    try:
        client = Client(url, verbose=False)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(PROBE_JS)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            received = Received(cdp)
            page.goto(url)
            page.wait_for_selector("#words .sentence-word", timeout=120_000)
            for task in handlers.served:
                page.locator(f"#task input[value={task}]").check()
                page.wait_for_function("() => !document.body.classList.contains('lstm-stale')", timeout=120_000)
                page.locator("#lessons [role=tab]").nth(a.lesson - 1).click()
                for n in LENGTHS:
                    text = text_of(task, n)
                    explain_ms, handler_ms = in_process(task, text, a.repeats, handlers)
                    api_ms = median_ms(lambda t=text, k=task: client.predict(t, task=k, api_name="/explain"), a.repeats)
                    runs = [browser_explain(page, received, text) for _ in range(a.repeats)]
                    kb, drawn, longest = (statistics.median(r[i] for r in runs) for i in range(3))
                    rows.append(Row(task, len(words(text)), explain_ms, handler_ms, api_ms, kb, drawn, longest))
                    print(f"  measured {task} {rows[-1].tokens} tokens", flush=True)
                if a.lesson == 4:
                    opened = [details_opened(page, received) for _ in range(a.repeats)]
                    details[task] = tuple(statistics.median(r[i] for r in opened) for i in range(3))
            browser.close()
            loads = [first_load(p, url, "#words .sentence-word") for _ in range(a.repeats)]
            bare_loads = [first_load(p, f"http://127.0.0.1:{bare_port}/", ".js-plotly-plot") for _ in range(a.repeats)]
    finally:
        stop(proc)
        bare.kill()
    head = "task       tokens  explain  handler (x)      API   KB recv  Enter->drawn (x API)  longest task"
    print(head)
    for r in rows:
        print(
            f"{r.task:<10} {r.tokens:>6} {r.explain_ms:>7.0f}  {r.handler_ms:>6.0f} ({r.handler_ms / r.explain_ms:.2f})"
            f"  {r.api_ms:>6.0f}  {r.kilobytes:>7.0f}  {r.drawn_ms:>8.0f} ({r.drawn_ms / r.api_ms:.2f})"
            f"          {r.longest_task_ms:>5.0f} ms"
        )
    for task, (kb, drawn, longest) in details.items():
        print(
            f"{task}: opening every unit's gates on the {LENGTHS[-1]}-token text: {kb:.0f} KB, "
            f"click to drawn {drawn:.0f} ms, longest task {longest:.0f} ms"
        )
    print(
        f"first load to first explanation drawn: {statistics.median(loads):.0f} ms "
        f"(bare Gradio page with one Plotly figure: {statistics.median(bare_loads):.0f} ms); lesson {a.lesson} open"
    )


if __name__ == "__main__":
    main()
