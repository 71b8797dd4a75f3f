"""One visitor of the running app, speaking Gradio's HTTP protocol as the page does (loopback only).

The browser joins the queue (``queue/join`` with a dependency's index and its inputs) and reads the
answers from one event stream per session (``queue/data``); quick events go to ``run/predict``. A
``Visitor`` does the same with httpx, so the tests and the attack-mix benchmark can send what a page
sends, what a hostile client sends (raw bodies, wrong types, the ``/run`` bypass), and cancel.
Each visitor sends its own ``X-Forwarded-For`` address, as the Space's proxy would write it.
"""

from __future__ import annotations

import json
import ssl
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

API = "gradio_api"


@dataclass(frozen=True)
class Answer:
    """What one request came to: ``ok`` with ``data``, or the HTTP status / error message it got."""

    ok: bool
    status: int  # the HTTP status of the request that decided it (200 when the queue answered)
    data: list[Any] | None
    error: str | None
    seconds: float
    size: int  # bytes of the answer's body


def loopback(url: str) -> str:
    if not url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError(f"visitors talk to loopback only, not {url}")
    return url.rstrip("/") + "/"


#: The TLS settings every visitor's client shares. The visitors speak plain HTTP to loopback, but httpx
#: builds a TLS context for each client it makes (~23 ms of CPU loading the CA bundle): fifty visitors
#: made together held both of this machine's cores for a second at the start of each phase of
#: ``benchmarks.attack``, and the benign visitors arriving then were timed behind the benchmark itself.
_TLS = ssl.create_default_context()


class Visitor:
    """One session of one visitor (address ``ip``) on the app at ``url``."""

    def __init__(self, url: str, ip: str = "127.0.0.1", timeout: float = 60.0) -> None:
        self.url = loopback(url)
        self.session = uuid.uuid4().hex[:11]
        self.headers = {"X-Forwarded-For": ip}
        self.http = httpx.Client(headers=self.headers, timeout=timeout, verify=_TLS)
        self.timeout = timeout

    def close(self) -> None:
        self.http.close()

    def config(self) -> dict:
        return self.http.get(self.url + "config").json()

    def post(self, path: str, body: Any = None, *, raw: bytes | None = None) -> httpx.Response:
        """A POST of ``body`` as JSON (or the bytes ``raw``) to ``path`` (under gradio_api/ unless it starts
        with a slash)."""
        url = self.url + (path.lstrip("/") if path.startswith("/") else f"{API}/{path}")
        content = raw if raw is not None else json.dumps(body).encode()  # ASCII: a lone surrogate as \ud800
        return self.http.post(url, content=content, headers={"Content-Type": "application/json"})

    def join(self, fn_index: int, data: list[Any]) -> httpx.Response:
        body = {"data": data, "fn_index": fn_index, "session_hash": self.session, "event_data": None}
        return self.post("queue/join", body)

    def call(self, fn_index: int, data: list[Any]) -> Answer:
        """Join the queue and wait for the event's end, as the page does."""
        t0 = time.perf_counter()
        r = self.join(fn_index, data)
        if r.status_code != 200:
            return Answer(False, r.status_code, None, detail(r), time.perf_counter() - t0, len(r.content))
        return self.wait(r.json()["event_id"], t0)

    def wait(self, event_id: str, t0: float | None = None) -> Answer:
        """Read this session's event stream until ``event_id`` completes."""
        t0 = time.perf_counter() if t0 is None else t0
        params = {"session_hash": self.session}
        with self.http.stream("GET", self.url + f"{API}/queue/data", params=params) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:") or "process_completed" not in line or event_id not in line:
                    continue  # parse only the answer: the benchmark shares the server's cores
                msg = orjson.loads(line[5:])
                if msg.get("event_id") != event_id or msg.get("msg") != "process_completed":
                    continue
                out = msg.get("output") or {}
                seconds, size = time.perf_counter() - t0, len(line)
                if msg.get("success"):
                    return Answer(True, 200, out.get("data"), None, seconds, size)
                return Answer(False, 200, None, str(out.get("error")), seconds, size)
        return Answer(False, 0, None, "stream closed", time.perf_counter() - t0, 0)

    def upload(self, size: int) -> httpx.Response:
        """A file of ``size`` bytes to Gradio's upload route (the page itself takes none)."""
        return self.http.post(self.url + f"{API}/upload", files={"files": ("big.txt", b"x" * size, "text/plain")})

    def cancel(self, fn_index: int, event_id: str) -> httpx.Response:
        return self.post("cancel", {"session_hash": self.session, "fn_index": fn_index, "event_id": event_id})


def detail(r: httpx.Response) -> str:
    """What a refused request's answer says: ``detail`` (each invalid parameter's message, from a validator),
    ``error``, or its text."""
    try:
        body = r.json()
    except ValueError:
        return r.text[:500]
    said = body.get("detail") or body.get("error") or body if isinstance(body, dict) else body
    if isinstance(said, list):
        said = "; ".join(f"{d.get('parameter_name')}: {d.get('message')}" for d in said if not d.get("is_valid", True))
    return str(said)


def page_inputs(text: str, task: str = "topic") -> list:
    """What the page's Explain sends: text, task, target, baseline, precision, gate, layer, highway layer,
    whether every unit's gates are open, language."""
    return [text, task, "auto", "pad", 0.01, "f", 1, 1, False, "en"]


@dataclass(frozen=True)
class PageEvents:
    """The dependencies a visitor calls, found in the page's config by what they read."""

    explain: int  # the Explain button's event: the text box and the settings
    api: int  # the public /explain API
    relabel: int | None  # the language switch's re-render (private), if the page has one
    opening: int | None  # the page's words made when it opens (private)

    @staticmethod
    def of(config: dict) -> PageEvents:
        ids = {c["id"]: c for c in config["components"]}

        def elem(i: int) -> str | None:
            return ids[i].get("props", {}).get("elem_id")

        deps = config["dependencies"]
        explain = next(d["id"] for d in deps if d["queue"] and d["inputs"] and elem(d["inputs"][0]) == "text")
        api = next(d["id"] for d in deps if d.get("api_name") == "explain")
        named = {d.get("api_name"): d["id"] for d in deps}
        return PageEvents(explain, api, named.get("relabel"), named.get("opening"))
