"""Concurrent users against the running app, through its public API, on loopback only
(``python -m benchmarks.load`` runs it from the command line).

It sends ``--n`` distinct sentences at once (bounded: at most 500
requests, 300 s), each from its own visitor (its own X-Forwarded-For address: start the
app with ``LSTMDEMO_PROXY_HOPS=1``, as on a Space, so each holds its own queue places),
checks that every answer belongs to its own input (same text, tokens and probabilities
as an in-process ``explain()`` of that input: no cross-talk between users), and prints
throughput, p50 / p95 latency (submit to answer, queueing included) and the server's
peak memory (VmHWM).
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .timing import percentile
from .visitor import PageEvents, Visitor

REPO = Path(__file__).resolve().parents[2]
SUBJECTS = (
    "Oil prices",
    "The striker",
    "Microsoft",
    "Rebel forces",
    "The central bank",
    "NASA scientists",
    "The Yankees",
    "Intel",
    "The prime minister",
    "Shares of Google",
)
EVENTS = (
    "rose sharply",
    "did not win",
    "launched a new chip",
    "attacked the capital",
    "cut interest rates",
    "found water on Mars",
)


@dataclass(frozen=True)
class LoadResult:
    n: int
    ok: int
    mismatches: list[str]
    latencies_ms: list[float]
    seconds: float
    peak_rss_mb: float | None

    def report(self) -> str:
        lat = self.latencies_ms
        peak = f"{self.peak_rss_mb:.0f} MB" if self.peak_rss_mb is not None else "n/a"
        return (
            f"load: {self.n} concurrent requests, {self.ok} correct, {len(self.mismatches)} wrong; "
            f"throughput {self.n / self.seconds:.1f} req/s; latency p50 {percentile(lat, 50):.0f} ms, "
            f"p95 {percentile(lat, 95):.0f} ms; server peak memory {peak}"
        )


def sentences(n: int) -> list[str]:
    """``n`` distinct sentences, each naming its own number so answers cannot be confused."""
    return [f"{SUBJECTS[i % len(SUBJECTS)]} {EVENTS[i % len(EVENTS)]} on day {i + 1} of the season" for i in range(n)]


def peak_rss_mb(pid: int) -> float | None:
    """The server's peak resident memory: its VmHWM plus each child's (the lanes' workers), the pages they
    share counted in each (an upper bound: a forked worker shares most of its pages with the server)."""
    peaks = [_vm_hwm_mb(p) for p in (pid, *_children(pid))]
    return sum(p for p in peaks if p is not None) if peaks[0] is not None else None


class MemoryWatch:
    """The most memory the server and its children used at once, every page counted once: their PSS (each
    shared page divided among the processes that map it) summed, sampled every ``every`` seconds while
    the watch runs (nothing without a ``pid``). Reading a process's PSS walks its page tables (a few ms of
    kernel time each)."""

    def __init__(self, pid: int | None, every: float = 0.5) -> None:
        self.pid, self.every = pid, every
        self.peak_mb: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="memory-watch", daemon=True)

    def __enter__(self) -> MemoryWatch:
        if self.pid is not None:
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        while True:
            pss = [_pss_mb(p) for p in (self.pid, *_children(self.pid))]
            if pss[0] is not None:
                now = sum(p for p in pss if p is not None)
                self.peak_mb = max(now, self.peak_mb or 0.0)
            if self._stop.wait(self.every):
                return


def _pss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def run(url: str, n: int = 50, server_pid: int | None = None, timeout: float = 300.0) -> LoadResult:
    from lstmdemo.explain import explain

    if not 1 <= n <= 500:
        raise ValueError("n must be between 1 and 500")
    texts = sentences(n)
    expected = {t: explain(t) for t in texts}
    api = PageEvents.of(Visitor(url).config()).api

    def one(i: int) -> tuple[str, dict, float]:
        text, visitor = texts[i], Visitor(url, f"10.9.{i // 250}.{i % 250 + 1}", timeout=timeout)
        answer = visitor.call(api, [text, "auto", "pad", 0, "", 0.01, "", "en"])
        visitor.close()
        return text, json.loads(answer.data[0]) if answer.ok else {}, answer.seconds * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        answers = list(pool.map(one, range(n)))
    seconds = time.perf_counter() - start
    mismatches = []
    for text, got, _ in answers:
        want = expected[text]
        same = (
            bool(got)
            and got.get("text") == text
            and [t["text"] for t in got["tokens"]] == want.words
            and all(abs(a - b) < 1e-5 for a, b in zip(got["probabilities"], want.probabilities, strict=True))
            and got["predicted"] == want.predicted
        )
        if not same:
            mismatches.append(text)
    return LoadResult(
        n,
        n - len(mismatches),
        mismatches,
        [a[2] for a in answers],
        seconds,
        peak_rss_mb(server_pid) if server_pid else None,
    )
