"""app.py as a server: offline, refusing broken weights, and serving many users at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.support import load, server
from tests.support.data import REPO

# Runs in a fresh interpreter: every socket to a non-loopback address (and every DNS
# lookup of a non-local name) is refused *and recorded*, then the app starts, serves
# its page and explains a sentence. Libraries that swallow network errors are caught
# by the record, not by a crash.
OFFLINE = textwrap.dedent("""
    import json, os, runpy, socket, sys, threading, time, urllib.request

    attempts = []
    LOCAL = ("127.", "::1", "localhost", "0.0.0.0", "")

    def local(address):
        host = address[0] if isinstance(address, tuple) else address
        return not isinstance(host, str) or host.startswith(LOCAL)

    def guard(original):
        def wrapper(self, address, *a, **k):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not local(address):
                attempts.append(repr(address))
                raise OSError("network blocked by test")
            return original(self, address, *a, **k)
        return wrapper

    socket.socket.connect = guard(socket.socket.connect)
    socket.socket.connect_ex = guard(socket.socket.connect_ex)
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *a, **k):
        if not local(host if isinstance(host, str) else str(host)):
            attempts.append(f"dns {host}")
            raise socket.gaierror("network blocked by test")
        return real_getaddrinfo(host, *a, **k)

    socket.getaddrinfo = getaddrinfo

    port = os.environ["GRADIO_SERVER_PORT"]
    threading.Thread(target=runpy.run_path, args=("app.py",), kwargs={"run_name": "__main__"}, daemon=True).start()
    page = None
    for _ in range(600):
        try:
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    from lstmdemo.explain import explain
    e = explain("Oil prices rose sharply after OPEC cut output")
    time.sleep(1.0)  # give background threads (telemetry, version checks) time to try
    print(json.dumps({"served": page is not None and b"<html" in page.lower(), "predicted": e.predicted,
                      "attempts": attempts}))
    sys.stdout.flush()
    os._exit(0)
""")


def test_nothing_reaches_the_network():
    env = {**os.environ, "GRADIO_SERVER_PORT": str(server.free_port()), "GRADIO_SERVER_NAME": "127.0.0.1"}
    out = subprocess.run(
        [sys.executable, "-c", OFFLINE], cwd=REPO, env=env, capture_output=True, text=True, timeout=240
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["served"], out.stderr[-2000:]
    assert result["predicted"] == "Business"
    assert result["attempts"] == []


def test_the_app_refuses_to_start_with_broken_weights(tmp_path):
    broken = tmp_path / "lstm"
    shutil.copytree(REPO / "weights" / "lstm", broken)
    blob = bytearray((broken / "model.safetensors").read_bytes())
    blob[len(blob) // 2] ^= 0x01
    (broken / "model.safetensors").write_bytes(bytes(blob))
    env = {**os.environ, "LSTMDEMO_MODEL": str(broken), "GRADIO_SERVER_PORT": str(server.free_port())}
    out = subprocess.run([sys.executable, "app.py"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert f"corrupt or tampered weights file {broken / 'model.safetensors'}" in out.stderr
    assert "rebuild it with: python -m lstmdemo train --task topic --arch lstm" in out.stderr


# app.py run as Spaces runs it, but reading weights from a copy of weights/ (WEIGHTS_DIR is set first).
FROM_COPY = textwrap.dedent("""
    import runpy, sys
    from pathlib import Path
    from lstmdemo.modeling import checkpoint
    checkpoint.WEIGHTS_DIR = Path(sys.argv[1])
    runpy.run_path("app.py", run_name="__main__")
""")


def test_a_damaged_next_step_model_refuses_start_up(tmp_path):
    weights = tmp_path / "weights"
    shutil.copytree(REPO / "weights", weights)
    damaged = weights / "sentiment-lstm-finetuned" / "model.safetensors"
    blob = bytearray(damaged.read_bytes())
    blob[len(blob) // 3] ^= 0x01
    damaged.write_bytes(bytes(blob))
    env = {**os.environ, "GRADIO_SERVER_PORT": str(server.free_port()), "GRADIO_SERVER_NAME": "127.0.0.1"}
    out = subprocess.run(
        [sys.executable, "-c", FROM_COPY, str(weights)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode != 0, out.stdout[-2000:]
    assert f"lstmdemo will not serve broken weights: corrupt or tampered weights file {damaged}" in out.stderr
    assert "--finetune-embeddings --out" in out.stderr


@pytest.mark.slow
def test_fifty_concurrent_users_each_get_their_own_answer(capsys):
    port = server.free_port()
    proc, _ = server.start_app(port, env={"LSTMDEMO_PROXY_HOPS": "1"})  # each user its own visitor
    try:
        r = load.run(f"http://127.0.0.1:{port}/", n=50, server_pid=proc.pid)
    finally:
        server.stop(proc)
    with capsys.disabled():
        print("\n" + r.report())
    assert r.n == 50 and r.mismatches == [] and r.ok == 50
