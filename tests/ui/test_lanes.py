"""The lanes of the explaining events, on stand-in handlers: quick texts pass long ones, a full long lane
refuses at once, and cancelled or abandoned work stops and frees its place."""

import asyncio
import gc
import threading
import time
from concurrent.futures import Future
from types import SimpleNamespace

import gradio as gr
import pytest

from lstmdemo import budget
from lstmdemo.i18n import say
from lstmdemo.ui import lanes

SHORT = "The movie is not good"
LONG = "the movie is not very good . " * 12  # 84 tokens


def test_one_place_a_visitor_behind_a_proxy_and_a_quarter_of_their_queue_places_for_a_class(monkeypatch):
    assert lanes.per_visitor(4, 1) == 1 and lanes.per_visitor(40, 1) == 10 and lanes.per_visitor(2, 1) == 1
    assert lanes.per_visitor(4, 0) is None
    monkeypatch.setattr(lanes, "PER_VISITOR", 1)
    shared = lanes.Lanes()
    assert shared.quick.per_visitor == shared.long.per_visitor == 1


def test_a_text_past_the_quick_length_or_costlier_settings_go_in_the_long_lane():
    assert not lanes.is_long({"text": SHORT}) and not lanes.is_long({"text": SHORT, "n_steps": 0, "model": ""})
    assert lanes.is_long({"text": LONG}) and lanes.is_long({"text": "word " * 4_000_000})  # 20 MB
    assert not lanes.is_long({"text": "x" * 20_000_000})  # what is read of it is one word
    assert lanes.is_long({"text": SHORT, "n_steps": 20}) and lanes.is_long({"text": SHORT, "model": "rnn"})
    assert not lanes.is_long({"text": None})  # the handler says what is wrong with it
    wide = "x" * lanes.SORTING_CHARS  # the first characters hold one token: the rest of the text decides
    assert lanes.is_long({"text": wide + " word" * (lanes.QUICK_TOKENS + 1)})
    assert not lanes.is_long({"text": wide + " word" * (lanes.QUICK_TOKENS - 2)})


class Handler:
    """A stand-in explaining handler: a long text works until released (or stopped), a short one at once."""

    def __init__(self) -> None:
        self.release, self.started, self.stopped = threading.Event(), threading.Event(), threading.Event()

    def __call__(self, text: str, lang: str = "en") -> str:
        if text == LONG:
            self.started.set()
            try:
                while not self.release.wait(0.01):
                    budget.spent()  # what IG does between its rounds
            except budget.Cancelled:
                self.stopped.set()
                raise
        return text


def test_quick_texts_pass_a_long_one_and_a_full_long_lane_refuses_at_once():
    async def go():
        handler = Handler()
        run = lanes.Lanes().explaining(handler)
        long = [asyncio.ensure_future(run(LONG)) for _ in range(1 + lanes.LONG_WAITING)]
        await asyncio.sleep(0.1)
        t0 = time.perf_counter()
        assert await asyncio.gather(*(run(SHORT) for _ in range(5))) == [SHORT] * 5
        assert time.perf_counter() - t0 < 1.0 and not any(f.done() for f in long)
        with pytest.raises(gr.Error) as refused:
            await run(LONG, "ko")
        assert refused.value.message == say("serving.busy", lang="ko", tokens=lanes.QUICK_TOKENS)
        handler.release.set()
        assert await asyncio.gather(*long) == [LONG] * len(long)

    asyncio.run(go())


def test_a_cancelled_request_stops_computing_and_frees_its_place():
    async def go():
        said: list[str] = []
        asyncio.get_running_loop().set_exception_handler(lambda _, context: said.append(context["message"]))
        handler = Handler()
        run = lanes.Lanes().explaining(handler)
        first = asyncio.ensure_future(run(LONG))
        await asyncio.to_thread(handler.started.wait, 5)
        waiting = [asyncio.ensure_future(run(LONG)) for _ in range(lanes.LONG_WAITING)]
        await asyncio.sleep(0.05)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        assert await asyncio.to_thread(handler.stopped.wait, 5)  # the thread stopped at its next check
        await asyncio.sleep(0.05)
        gc.collect()
        assert said == []  # its Cancelled was read: no "exception was never retrieved" in the log
        waiting[-1].cancel()  # cancelled while waiting: it never starts
        await asyncio.sleep(0.05)
        extra = asyncio.ensure_future(run(LONG))  # the places freed take a new one
        await asyncio.sleep(0.05)
        assert not extra.done()
        handler.release.set()
        assert await asyncio.gather(*waiting[:-1], extra) == [LONG] * lanes.LONG_WAITING

    asyncio.run(go())


class SlowToSend:
    """A lane's worker whose pipe is slow: ``submit`` waits for ``sent``, and the job then runs till ``done``."""

    alive = True

    def __init__(self) -> None:
        self.sending, self.sent, self.stopped = threading.Event(), threading.Event(), threading.Event()
        self.job: Future = Future()

    def submit(self, key: int, args: tuple, kwargs: dict) -> tuple[Future, object]:
        self.sending.set()
        self.sent.wait(5)
        return self.job, self.stopped.set


def test_a_request_cancelled_while_its_job_is_sent_stops_it_and_holds_its_place_till_it_has_stopped():
    async def go():
        shared = lanes.Lanes()
        run = shared.explaining(lambda text, lang="en": text, key=0)
        shared.quick.worker = worker = SlowToSend()
        task = asyncio.ensure_future(run(SHORT))
        await asyncio.to_thread(worker.sending.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert shared.quick.running.total() == 1  # still being sent: the job may yet reach the worker
        worker.sent.set()
        await asyncio.to_thread(worker.stopped.wait, 5)
        assert worker.stopped.is_set() and shared.quick.running.total() == 1  # told to stop, not stopped yet
        worker.job.set_exception(budget.Cancelled())
        await asyncio.sleep(0.05)
        assert not shared.quick.running and shared.quick.waiting == {}

    asyncio.run(go())


def test_a_request_whose_visitor_left_stops_computing(monkeypatch):
    event = SimpleNamespace(closed=False, alive=True)
    monkeypatch.setattr(lanes, "_event", lambda: event)

    async def go():
        handler = Handler()
        task = asyncio.ensure_future(lanes.Lanes().explaining(handler)(LONG))
        await asyncio.to_thread(handler.started.wait, 5)
        event.closed = True  # Gradio's mark when the page's event stream ends
        with pytest.raises(asyncio.CancelledError):
            await task
        assert handler.stopped.is_set()

    asyncio.run(go())


def test_a_request_gets_its_seconds_of_computing(monkeypatch):
    monkeypatch.setattr(lanes, "SECONDS", 0.05)

    def patient(text: str, lang: str = "en") -> bool:
        t0 = time.monotonic()
        while not budget.spent():
            time.sleep(0.01)
        return time.monotonic() - t0 < 1

    assert asyncio.run(lanes.Lanes().explaining(patient)(SHORT))


def test_a_session_that_reads_none_of_its_answers_counts_as_gone():
    unread = asyncio.Queue()
    for _ in range(lanes.UNREAD + 1):
        unread.put_nowait("a message nobody read")
    blocks = SimpleNamespace(_queue=SimpleNamespace(pending_messages_per_session={"s": unread}))
    token = lanes.LocalContext.blocks.set(blocks)  # as Gradio sets it for the event being run
    try:
        assert lanes._gone(SimpleNamespace(closed=False, alive=True, session_hash="s"))
        assert not lanes._gone(SimpleNamespace(closed=False, alive=True, session_hash="another"))
        assert lanes._gone(SimpleNamespace(closed=True, alive=True, session_hash="x")) and not lanes._gone(None)
    finally:
        lanes.LocalContext.blocks.reset(token)
