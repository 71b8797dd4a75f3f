"""Concurrent users against the running app, through gradio_client, on loopback only.

    python -m benchmarks.load [--n 50] [--url http://127.0.0.1:PORT/]

Without --url it starts ``python app.py`` on a free local port and stops it at the end;
what it sends and checks is ``tests/support/load.py``.
"""

from __future__ import annotations

import argparse

from tests.support.load import run
from tests.support.server import free_port, start_app, stop


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--url", default=None)
    a = p.parse_args()
    proc = None
    url = a.url
    if url is None:
        port = free_port()
        proc, _ = start_app(port, env={"LSTMDEMO_PROXY_HOPS": "1"})  # each user its own visitor, as on a Space
        url = f"http://127.0.0.1:{port}/"
    try:
        r = run(url, a.n, server_pid=proc.pid if proc else None)
    finally:
        if proc is not None:
            stop(proc)
    print(r.report())
    for text in r.mismatches[:10]:
        print(f"  wrong answer for {text!r}")
    raise SystemExit(1 if r.mismatches else 0)


if __name__ == "__main__":
    main()
