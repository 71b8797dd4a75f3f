"""``python app.py`` on a free loopback port, as a user starts it: for the tests and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parents[2]
# gradio_client sends telemetry unless the environment says no, whatever its arguments say
QUIET = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    port: int,
    *,
    env: dict[str, str] | None = None,
    log: IO[bytes] | None = None,
    timeout: float = 90.0,
    host: str = "127.0.0.1",
    repo: Path = REPO,
) -> tuple[subprocess.Popen, float]:
    """Spawn ``python app.py`` of ``repo`` (default this checkout) listening on host:port (as Spaces does
    with 0.0.0.0) and wait for its page.

    The page is always fetched through 127.0.0.1, which reaches a server on 0.0.0.0 too.

    Returns the process and the seconds from spawn to the first page served (the
    cold start). Output goes to ``log`` (default: discarded, errors kept for the
    message raised if the app exits or never serves).
    """
    full_env = {
        **os.environ,
        **QUIET,
        **(env or {}),
        "GRADIO_SERVER_NAME": host,
        "GRADIO_SERVER_PORT": str(port),
    }
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=repo,
        env=full_env,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            tail = proc.stderr.read().decode()[-3000:] if proc.stderr else "(see the log)"
            raise RuntimeError(f"app.py exited with {proc.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return proc, time.perf_counter() - t0
        except OSError:
            time.sleep(0.05)
    stop(proc)
    raise TimeoutError(f"app.py did not serve {url} within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
