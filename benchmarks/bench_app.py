"""How fast the demo starts and answers: cold start of ``python app.py`` and API latency.

Cold start is the time from spawning ``python app.py`` to the first page served on
``/``; latency is one ``/explain`` call through gradio_client, end to end (queue,
explanation, the ~0.5 MB of JSON), for a 40-token sentence. Loopback only.
Targets on the free Spaces CPU tier: cold start <= 8 s, p50/p95 <= 200 ms.

    python benchmarks/bench_app.py [--requests 30] [--cold-runs 2]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SENTENCE = (  # 40 tokens
    "Oil prices rose sharply on Monday as traders worried that a storm would shut refineries along the "
    "Gulf coast, while airline shares fell and investors moved money into government bonds before the "
    "central bank meeting later this week."
)
# gradio_client sends telemetry unless the environment says no, whatever its arguments say
QUIET = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, timeout: float = 120.0) -> tuple[subprocess.Popen, float]:
    """Spawn the app and poll ``/`` until it answers; return the process and the seconds it took."""
    env = {**os.environ, **QUIET, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                if r.status == 200:
                    return proc, time.perf_counter() - t0
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"app.py did not serve a page within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def percentile(xs: list[float], q: float) -> float:
    """Nearest-rank percentile: with few samples, a value that was actually measured."""
    ordered = sorted(xs)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed API calls (after one warm-up call)")
    parser.add_argument("--cold-runs", type=int, default=2, help="times the app is started from scratch")
    a = parser.parse_args()
    os.environ.update(QUIET)
    from gradio_client import Client

    colds = []
    for _ in range(a.cold_runs - 1):
        proc, seconds = start(free_port())
        colds.append(seconds)
        stop(proc)
    port = free_port()
    proc, seconds = start(port)
    colds.append(seconds)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        t0 = time.perf_counter()
        n_tokens = len(json.loads(client.predict(SENTENCE, api_name="/explain"))["tokens"])
        first = time.perf_counter() - t0
        times = []
        for _ in range(a.requests):
            t0 = time.perf_counter()
            json.loads(client.predict(SENTENCE, api_name="/explain"))
            times.append(time.perf_counter() - t0)
    finally:
        stop(proc)

    print(
        f"cold start (spawn -> first page): {' '.join(f'{s:.2f}' for s in colds)} s; "
        f"median {statistics.median(colds):.2f} s (target <= 8 s)"
    )
    print(f"first /explain after start: {first * 1000:.0f} ms (loads the weights)")
    print(
        f"/explain, {n_tokens} tokens, {a.requests} calls via gradio_client: "
        f"p50 {percentile(times, 50) * 1000:.0f} ms, p95 {percentile(times, 95) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms (target <= 200 ms)"
    )


if __name__ == "__main__":
    main()
