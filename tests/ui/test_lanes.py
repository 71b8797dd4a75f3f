"""The lanes of the explaining events, on stand-in handlers: quick texts pass long ones, a full long lane
refuses at once, and cancelled or abandoned work stops and frees its place."""

import asyncio
import gc
import threading
import time
from types import SimpleNamespace

import gradio as gr
import pytest

from lstmdemo import budget
from lstmdemo.i18n import say
from lstmdemo.ui import lanes

SHORT = "The movie is not good"
LONG = "the movie is not very good . " * 12  # 84 tokens


def test_waiting_requests_take_turns_by_visitor():
    async def go():
        lane, served = lanes.Lane(1, None), []
        await lane.enter("a", lambda: False)  # a runs; then a queues three more, b and c one each

        async def one(who: str, k: int) -> None:
            await lane.enter(who, lambda: False)
            served.append(f"{who}{k}")
            lane.leave(who)

        waiting = [one("a", 1), one("a", 2), one("a", 3), one("b", 1), one("c", 1)]
        tasks = [asyncio.ensure_future(w) for w in waiting]
        await asyncio.sleep(0.05)
        lane.leave("a")
        await asyncio.gather(*tasks)
        assert served == ["a1", "b1", "c1", "a2", "a3"]
        assert not lane.running and lane.waiting == {}

    asyncio.run(go())


def test_a_visitor_runs_one_request_at_a_time_and_leaves_the_other_places_to_others():
    async def go():
        lane = lanes.Lane(2, None, per_visitor=1)
        await lane.enter("a", lambda: False)
        mine = [asyncio.ensure_future(lane.enter("a", lambda: False)) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert not any(f.done() for f in mine) and lane.running.total() == 1  # a place is free, but not for a
        await asyncio.wait_for(lane.enter("b", lambda: False), 1.0)  # b takes it at once
        lane.leave("a")
        await asyncio.sleep(0.05)
        assert sum(f.done() for f in mine) == 1 and lane.running == {"a": 1, "b": 1}
        gone = asyncio.ensure_future(lane.enter("c", lambda: True))  # c waits, then leaves without running
        with pytest.raises(asyncio.CancelledError):
            await gone
        for _ in range(3):
            lane.leave("a")
            await asyncio.sleep(0.05)
        lane.leave("b")
        assert all(f.done() for f in mine) and not lane.running and lane.waiting == {}

        unlimited = lanes.Lane(2, None)  # run locally: every client is the machine's own user
        await unlimited.enter("a", lambda: False)
        await asyncio.wait_for(unlimited.enter("a", lambda: False), 1.0)
        assert unlimited.running == {"a": 2}

    asyncio.run(go())


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
