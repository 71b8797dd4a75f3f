"""What one visitor's session costs the server: resident memory per session after each of ``--n`` sessions
explains a 200-token text on the page, then a 200 KB one (loopback only).

    python -m benchmarks.sessions [--n 40] [--app-dir DIR]

Each session is new (its own session hash, as a raw HTTP client makes them); the server keeps at most
``serving.SESSIONS`` of them and drops each one's cached explanation ``serving.STATE_SECONDS`` after it
was written, so the memory they can hold is bounded by the first figure times that many sessions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.support.server import REPO, free_port, start_app, stop
from tests.support.visitor import PageEvents, Visitor, page_inputs

#: A 200-token text, and the largest the guard lets through (~200 KB, of which the first 10,000 characters are read).
TEXTS = {"200 tokens": "stocks fell sharply " * 70, "200 KB": "stocks fell sharply " * 10_000}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=40, help="sessions per text (1-200)")
    p.add_argument("--app-dir", type=Path, default=REPO, help="the checkout whose app.py to start")
    a = p.parse_args()
    if not 1 <= a.n <= 200:
        raise SystemExit("--n must be 1-200")
    port = free_port()
    proc, _ = start_app(port, env={"LSTMDEMO_PROXY_HOPS": "1"}, repo=a.app_dir.resolve())
    url = f"http://127.0.0.1:{port}/"
    try:
        first = Visitor(url)
        explain = PageEvents.of(first.config()).explain
        for name, text in TEXTS.items():
            first.call(explain, page_inputs(text))  # warm: the growth is the sessions'
            before = rss_mb(proc.pid)
            for i in range(a.n):
                v = Visitor(url, f"10.4.{i // 200}.{i % 200 + 1}", timeout=120)
                answer = v.call(explain, page_inputs(text))
                v.close()
                if not answer.ok:
                    raise SystemExit(f"session {i} failed: {answer.error}")
            per = (rss_mb(proc.pid) - before) / a.n
            print(f"{name}: {a.n} sessions, {per:.2f} MB resident per session")
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
