"""The attack mix against the app, on loopback only: benign p50 / p95 without and with one visitor in five
hostile (one run, one server), what came of every hostile request, the paste and 20 MB probes, and the
server's peak memory. What it sends is ``tests/support/attack.py``.

    python -m benchmarks.attack [--clients 50] [--seconds 60] [--app-dir DIR | --url http://127.0.0.1:PORT/]

Without --url it starts ``python app.py`` (of --app-dir: another checkout, e.g. the code before a change)
on a free local port with ``LSTMDEMO_PROXY_HOPS=1``, as on a Space, and stops it at the end.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.support.attack import run
from tests.support.server import REPO, free_port, start_app, stop


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=50, help="visitors, one in five hostile (5-100)")
    p.add_argument("--seconds", type=float, default=60.0, help="length of each phase, quiet and attack (1-300)")
    p.add_argument("--app-dir", type=Path, default=REPO, help="the checkout whose app.py to start")
    p.add_argument("--url", default=None, help="an app already running on loopback")
    p.add_argument("--log", type=Path, default=None, help="where the started app's output goes")
    a = p.parse_args()
    proc, url = None, a.url
    if url is None:
        port = free_port()
        log = a.log.open("wb") if a.log else None
        proc, _ = start_app(port, env={"LSTMDEMO_PROXY_HOPS": "1"}, log=log, repo=a.app_dir.resolve())
        url = f"http://127.0.0.1:{port}/"
    try:
        report = run(url, a.clients, a.seconds, server_pid=proc.pid if proc else None)
    finally:
        exited = proc.poll() if proc is not None else None
        if proc is not None:
            stop(proc)
    print("\n".join(report.lines()))
    if exited is not None:
        print(f"the app exited during the run with code {exited}")


if __name__ == "__main__":
    main()
