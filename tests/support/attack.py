"""The attack mix: benign visitors explaining sentences while one in five visitors is hostile, against the
running app on loopback only (``python -m benchmarks.attack`` runs it; ``tests/test_attack.py`` a short one).

One run, one server, two phases: the benign visitors alone (quiet), then the same benign visitors beside
the hostile ones (attack), so the two benign p95s are measured alike. A benign visitor explains an
ordinary sentence on the page or through the API, reads the answer for 3-8 s, and explains another. A
hostile one repeats one of ``HOSTILE`` as soon as it is answered (at most ten a second: a flood of
requests from one address is the proxy's to limit, and this machine's cores also run the benchmark): a
5.8 KB paste of modifiers, slow settings, a 1-20 MB text or upload each second, 65 queue joins cancelled at
once, the ``/run`` bypass in bursts of 30, wrong types, five joins it never reads.
Before the phases, two probes on the quiet server: the paste on the page against the paste through
``/explain``, and a 20 MB text. Every visitor sends its own X-Forwarded-For address, as the Space's proxy
would (start the app with ``LSTMDEMO_PROXY_HOPS=1``). Bounded: at most 100 visitors, 300 s a phase,
60 s a request.
"""

from __future__ import annotations

import functools
import json
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .load import MemoryWatch, peak_rss_mb
from .timing import percentile
from .visitor import Answer, PageEvents, Visitor, detail, page_inputs

BENIGN = (
    "Oil prices rose sharply after OPEC cut output, traders said on Monday",
    "The striker scored twice as the home team won the cup final",
    "Shares of the chip maker fell after it did not meet its sales forecast",
    "The movie is not good, but the actors were wonderful",
    "A very funny and warm film that never feels too long",
    "The plot barely holds together and the jokes are not funny at all",
)
PASTE = "the movie is not very good . " * 200  # 5.8 KB, 400 modifiers
HOSTILE = ("paste", "slow", "huge", "flood", "bypass", "types", "abandon")
#: An answer larger than this was not bounded; one that took longer than the visitor waits (60 s) is a timeout.
BOUND_BYTES = 5 << 20
#: What a refusal must never say: Gradio's fallback for an exception, a traceback, an exception's name.
UNCLEAR = ("upstream Gradio app", "Traceback", "Error(", "Error:", "Exception")


@dataclass(frozen=True)
class Outcome:
    phase: str  # "quiet" or "attack"
    kind: str  # "page", "api" (benign) or one of HOSTILE
    result: str  # "ok", "failed" (benign); "refused", "bounded", "unbounded", "unclear", "timeout" (hostile)
    seconds: float
    size: int
    detail: str = ""


def hostile_result(a: Answer) -> str:
    """What a hostile request came to: refused with a clear message, bounded, or not."""
    if a.status == 0 or a.error == "timeout":
        return "timeout"
    if a.ok:
        return "bounded" if a.size <= BOUND_BYTES else "unbounded"
    said = str(a.error or "").strip()
    clear = said not in ("", "None", "null") and not any(u in said for u in UNCLEAR)
    return "refused" if clear else "unclear"


@dataclass
class Mix:
    url: str
    events: PageEvents
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, phase: str, kind: str, a: Answer, benign: bool) -> None:
        result = ("ok" if a.ok else "failed") if benign else hostile_result(a)
        with self.lock:
            self.outcomes.append(Outcome(phase, kind, result, a.seconds, a.size, (a.error or "")[:200]))

    def key(self, v: Visitor) -> tuple[int, str]:
        return self.events.explain, v.session

    def page(self, v: Visitor, text: str, task: str = "sentiment") -> Answer:
        return _safe(lambda: v.call(self.events.explain, page_inputs(text, task)))

    def api(self, v: Visitor, *args: object) -> Answer:
        defaults = ("", "auto", "pad", 0, "", 0.01, "", "en")
        return _safe(lambda: v.call(self.events.api, [*args, *defaults[len(args) :]]))

    def benign(self, i: int, phase: str, until: float) -> None:
        rng, v = random.Random(i), Visitor(self.url, f"10.8.{i // 200}.{i % 200 + 1}")
        n = 0
        time.sleep(rng.uniform(0.0, 2.0))  # visitors arrive spread out, not all in one instant
        while time.monotonic() < until:
            text = BENIGN[(i + n) % len(BENIGN)]
            kind = "page" if (i + n) % 2 else "api"
            a = self.page(v, text, "topic" if n % 3 == 0 else "sentiment") if kind == "page" else self.api(v, text)
            self.record(phase, kind, a, benign=True)
            n += 1
            time.sleep(rng.uniform(3.0, 8.0))
        v.close()

    def hostile(self, i: int, kind: str, until: float) -> None:
        v = Visitor(self.url, f"10.6.{i // 200}.{i % 200 + 1}")
        rounds = 0
        while time.monotonic() < until:
            t0 = time.perf_counter()
            try:
                answers = getattr(self, f"_{kind}")(v, rounds)
            except Exception as e:  # a round that broke (a refused connection): its outcome, and on
                answers = [Answer(False, 0, None, repr(e), time.perf_counter() - t0, 0)]
            for a in answers:
                self.record("attack", kind, a, benign=False)
            rounds += 1
            time.sleep(max(0.0, 0.1 - (time.perf_counter() - t0)))
        v.close()

    def _paste(self, v: Visitor, n: int) -> list[Answer]:
        return [self.page(v, PASTE, "topic" if n % 2 else "sentiment")]

    def _slow(self, v: Visitor, n: int) -> list[Answer]:
        settings = [("rnn", "unk", 1e-30, 0), ("sentiment-rnn", "unk", 0.01, 0), ("lstm", "pad", 0.01, 1000)]
        model, baseline, tolerance, steps = settings[n % len(settings)]
        return [self.api(v, PASTE[:1100], "auto", baseline, steps, "", tolerance, model)]

    def _huge(self, v: Visitor, n: int) -> list[Answer]:
        size = (1, 5, 10, 20)[n % 4] << 20
        t0 = time.perf_counter()
        out = _safe(lambda: _answer(v.upload(size), t0) if n % 3 == 2 else _join(v, _huge_join(size, *self.key(v))))
        time.sleep(1.0)
        return [out]

    def _flood(self, v: Visitor, n: int) -> list[Answer]:
        data = page_inputs(BENIGN[n % len(BENIGN)])
        t0 = time.perf_counter()
        joins = [v.join(self.events.explain, data) for _ in range(65)]
        out = [_answer(r, t0) for r in joins]
        for r in joins:
            if r.status_code == 200:
                v.cancel(self.events.explain, r.json()["event_id"])
        time.sleep(2.0)
        return out

    def _bypass(self, v: Visitor, n: int) -> list[Answer]:
        fns = [f for f in (self.events.explain, self.events.relabel, self.events.opening) if f is not None]
        body = {"data": page_inputs(BENIGN[0]), "session_hash": v.session}
        calls = [("run/predict", {**body, "fn_index": fns[k % len(fns)]}) for k in range(28)]
        calls += [("run/explain", {"data": [BENIGN[0]]}), ("call/run", {"data": body["data"]})]
        with ThreadPoolExecutor(len(calls)) as pool:
            out = list(pool.map(lambda c: _post(v, c[0], c[1]), calls))
        time.sleep(1.0)
        return out

    def _types(self, v: Visitor, n: int) -> list[Answer]:
        wrong = [
            (BENIGN[0], "auto", "pad", "abc"),
            (BENIGN[0], "auto", "pad", 0, "", None),
            (BENIGN[0], "auto", "pad", 0, "", 0.01, 5),
            (BENIGN[0], "auto", "pad", 0, ["topic"]),
            ("good \ud800 news",),
        ]
        return [self.api(v, *wrong[n % len(wrong)])]

    def _abandon(self, v: Visitor, n: int) -> list[Answer]:
        t0 = time.perf_counter()
        joins = [v.join(self.events.explain, page_inputs(PASTE)) for _ in range(5)]
        time.sleep(2.0)  # never reads the answers
        return [_answer(r, t0) for r in joins]


@functools.cache
def _huge_join(size: int, fn_index: int, session: str) -> bytes:
    """A queue join of the page's explain with a text of ``size`` bytes (built once: the benchmark shares the cores)."""
    rest = json.dumps(page_inputs("", "sentiment")[1:]).encode()[1:]  # every input after the text, and "]"
    data = b'{"data": ["%s", ' + rest + b', "fn_index": %d, "session_hash": "%s"}'
    return data % (b"word " * (size // 5), fn_index, session.encode())


def _safe(call: Callable[[], Answer]) -> Answer:
    t0 = time.perf_counter()
    try:
        return call()
    except Exception as e:  # a timeout, a refused connection: the outcome, not the benchmark's end
        said = "timeout" if "imeout" in type(e).__name__ else repr(e)
        return Answer(False, 0, None, said, time.perf_counter() - t0, 0)


def _answer(r, t0: float) -> Answer:
    """A join's or a POST's HTTP answer as an outcome: 200 is an accepted join (or a direct answer)."""
    ok = r.status_code == 200
    return Answer(ok, r.status_code, None, None if ok else detail(r), time.perf_counter() - t0, len(r.content))


def _post(v: Visitor, path: str, body: object = None, raw: bytes | None = None) -> Answer:
    t0 = time.perf_counter()
    return _safe(lambda: _answer(v.post(path, body, raw=raw), t0))


def _join(v: Visitor, raw: bytes) -> Answer:
    """A raw join, and its answer when accepted (the page's would read it)."""
    t0 = time.perf_counter()
    r = v.post("queue/join", raw=raw)
    return v.wait(r.json()["event_id"], t0) if r.status_code == 200 else _answer(r, t0)


@dataclass(frozen=True)
class Probes:
    """On the quiet server: the paste on the page and through /explain; a 20 MB text joining the queue."""

    page_ms: list[float]
    api_ms: list[float]
    huge: Answer


@dataclass(frozen=True)
class Report:
    clients: tuple[int, int]  # benign, hostile
    seconds: float
    outcomes: list[Outcome]
    probes: Probes
    peak_rss_mb: float | None  # the VmHWMs of the server and its workers, summed
    peak_pss_mb: float | None  # the most the server and its workers used at once, each page counted once
    alive: bool

    def benign(self, phase: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.phase == phase and o.kind in ("page", "api")]

    def hostile(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]

    def lines(self) -> list[str]:
        benign, hostile = self.clients
        out = [f"attack mix: {benign} benign + {hostile} hostile visitors, {self.seconds:.0f} s a phase"]
        p95 = {}
        for phase in ("quiet", "attack"):
            rows = self.benign(phase)
            ms = [o.seconds * 1000 for o in rows if o.result == "ok"] or [float("nan")]
            p95[phase] = percentile(ms, 95)
            failed = [o for o in rows if o.result != "ok"]
            out.append(
                f"benign {phase}: {len(rows)} requests, p50 {percentile(ms, 50):.0f} ms, p95 {p95[phase]:.0f} ms, "
                f"failures {len(failed)}" + (f" (e.g. {failed[0].detail[:80]!r})" if failed else "")
            )
        out.append(f"benign p95 attack / quiet: {p95['attack'] / p95['quiet']:.2f} (target <= 2)")
        for kind in HOSTILE:
            rows = self.hostile(kind)
            if not rows:
                continue
            counts = ", ".join(f"{r} {sum(o.result == r for o in rows)}" for r in sorted({o.result for o in rows}))
            worst = max(rows, key=lambda o: o.seconds)
            out.append(
                f"hostile {kind}: {len(rows)} requests: {counts}; slowest {worst.seconds:.1f} s, "
                f"largest answer {max(o.size for o in rows) / 1024:.0f} KB; e.g. {rows[-1].detail[:70]!r}"
            )
        pr = self.probes
        page, api = percentile(pr.page_ms, 50), percentile(pr.api_ms, 50)
        out.append(f"probe 5.8 KB paste: page p50 {page:.0f} ms, /explain p50 {api:.0f} ms: {page / api:.2f}x (<= 2)")
        out.append(
            f"probe 20 MB text: HTTP {pr.huge.status}, {'answered' if pr.huge.ok else 'refused'} in "
            f"{pr.huge.seconds:.2f} s, answer {pr.huge.size / 1024:.0f} KB (target: < 1 s, < 200 KB)"
        )
        pss, rss = (f"{mb:.0f} MB" if mb is not None else "n/a" for mb in (self.peak_pss_mb, self.peak_rss_mb))
        out.append(
            f"server and its workers: peak memory {pss} (target <= 1536 MB; PSS summed every 0.5 s, shared pages "
            f"once), VmHWM summed {rss} (shared pages in each); alive after: {'yes' if self.alive else 'NO'}"
        )
        return out


def probe(mix: Mix, repeats: int = 3) -> Probes:
    v = Visitor(mix.url, "10.7.0.2", timeout=300)
    page_ms, api_ms = [], []
    for k in range(repeats + 1):  # one warm-up each
        page, api = mix.page(v, PASTE), mix.api(v, PASTE, "auto", "pad", 0, "sentiment")
        if k:
            page_ms.append(page.seconds * 1000 if page.ok else float("nan"))
            api_ms.append(api.seconds * 1000 if api.ok else float("nan"))
    huge = _safe(lambda: _join(v, _huge_join(20 << 20, *mix.key(v))))
    v.close()
    return Probes(page_ms, api_ms, huge)


def run(url: str, clients: int = 50, seconds: float = 60.0, server_pid: int | None = None) -> Report:
    """The probes, then ``clients`` visitors (one in five hostile), ``seconds`` quiet and ``seconds`` under attack."""
    if not 5 <= clients <= 100 or not 1 <= seconds <= 300:
        raise ValueError("clients must be 5-100 and seconds 1-300")
    first = Visitor(url)
    mix = Mix(url, PageEvents.of(first.config()))
    first.close()
    with MemoryWatch(server_pid) as watch:
        probes = _phases(mix, clients, seconds)
    last = Visitor(url, "10.7.0.3")
    alive = mix.page(last, BENIGN[0]).ok
    last.close()
    visitors = (clients - clients // 5, clients // 5)
    return Report(visitors, seconds, mix.outcomes, probes, peak_rss_mb(server_pid), watch.peak_mb, alive)


def _phases(mix: Mix, clients: int, seconds: float) -> Probes:
    """The probes, then the quiet phase and the attack phase; the outcomes go to ``mix``."""
    probes = probe(mix)
    n_hostile = clients // 5
    n_benign = clients - n_hostile
    for phase in ("quiet", "attack"):
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=mix.benign, args=(i, phase, until)) for i in range(n_benign)]
        if phase == "attack":
            kinds = [HOSTILE[i % len(HOSTILE)] for i in range(n_hostile)]
            threads += [threading.Thread(target=mix.hostile, args=(i, k, until)) for i, k in enumerate(kinds)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return probes
