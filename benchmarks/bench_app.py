"""How fast the demo starts and answers: cold start of ``python app.py`` and API latency.

Cold start is the time from spawning ``python app.py`` to the first page served on
``/``; latency is one ``/explain`` call through gradio_client, end to end (queue,
explanation, the ~0.5 MB of JSON), for a 40-token sentence of each task the page
serves (every model is loaded at start). Loopback only.
Targets on the free Spaces CPU tier: cold start <= 8 s, p50/p95 <= 200 ms.

    python benchmarks/bench_app.py [--requests 30] [--cold-runs 2]
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from tests.support.server import QUIET, free_port, start_app, stop
from tests.support.texts import SENTENCES
from tests.support.timing import percentile

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed API calls (after one warm-up call)")
    parser.add_argument("--cold-runs", type=int, default=2, help="times the app is started from scratch")
    a = parser.parse_args()
    os.environ.update(QUIET)
    from gradio_client import Client

    colds = []
    for _ in range(a.cold_runs - 1):
        proc, seconds = start_app(free_port())
        colds.append(seconds)
        stop(proc)
    port = free_port()
    proc, seconds = start_app(port)
    colds.append(seconds)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        results = {}
        for task, sentence in SENTENCES.items():
            t0 = time.perf_counter()
            n_tokens = len(json.loads(client.predict(sentence, task=task, api_name="/explain"))["tokens"])
            first = time.perf_counter() - t0
            times = []
            for _ in range(a.requests):
                t0 = time.perf_counter()
                json.loads(client.predict(sentence, task=task, api_name="/explain"))
                times.append(time.perf_counter() - t0)
            results[task] = (n_tokens, first, times)
    finally:
        stop(proc)

    print(
        f"cold start (spawn -> first page): {' '.join(f'{s:.2f}' for s in colds)} s; "
        f"median {statistics.median(colds):.2f} s (target <= 8 s)"
    )
    for task, (n_tokens, first, times) in results.items():
        print(
            f"{task}: first /explain {first * 1000:.0f} ms; {n_tokens} tokens, {a.requests} calls via gradio_client: "
            f"p50 {percentile(times, 50) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms (target <= 200 ms)"
        )


if __name__ == "__main__":
    main()
