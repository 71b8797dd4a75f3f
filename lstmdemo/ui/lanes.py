"""Lanes for the explaining events: quick texts never wait behind long ones, and work nobody waits for stops.

Gradio starts at most ``SLOTS`` events of the explaining group at once, in arrival order
(``serving.EXPLAIN_EVENT``). Each runs through ``explaining``, which

- sorts it by cost (``is_long``): a text of at most ``QUICK_TOKENS`` tokens with the page's settings is
  quick; a longer text, fixed Integrated Gradients steps or another model is long;
- runs ``QUICK_SLOTS`` quick requests at a time, and one long one with ``LONG_WAITING`` more waiting:
  beyond that a long request is refused at once (``serving.busy``), so long requests never hold the
  slots quick ones need; a long request's passes through the model are background work
  (``ModelLock.background``), which hands the model over to quick ones between its rounds;
- computes in a worker thread under a time budget (``budget.within``): Integrated Gradients stops
  refining and the edits stop when ``SECONDS`` are spent, and the result says so;
- stops that work when the event is cancelled or its visitor is gone (Gradio marks the event closed
  when the page's event stream ends): the thread stops at its next check instead of computing for nobody.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import gradio as gr
from gradio.context import LocalContext

from .. import budget
from ..i18n import DEFAULT_LANG, languages, say
from ..modeling.loading import MODEL_LOCK
from ..modeling.text import head, tokenize

#: Texts up to this many tokens are quick (the page's examples have 10-90; a headline and its lead ~40).
QUICK_TOKENS = 64
#: Seconds of computing a request gets before Integrated Gradients and the edits stop early.
SECONDS = 4.0
QUICK_SLOTS = 2
LONG_WAITING = 4
#: The explaining group's concurrency in Gradio: every lane full at once, so a long request waiting in
#: its lane never takes a slot a quick one needs.
SLOTS = QUICK_SLOTS + 1 + LONG_WAITING
#: How often a running request looks whether its visitor is still there, in seconds.
WATCH_EVERY = 0.2

_POOL = ThreadPoolExecutor(max_workers=SLOTS, thread_name_prefix="explain")


class Busy(Exception):
    """A lane and its waiting room are full."""


class Lane:
    """``width`` requests run at once; up to ``room`` wait in arrival order (any number when None)."""

    def __init__(self, width: int, room: int | None) -> None:
        self.width, self.room = width, room
        self.running = 0
        self.waiting: deque[asyncio.Future[None]] = deque()

    async def enter(self, gone: Callable[[], bool]) -> None:
        """Take a place, waiting for one; ``Busy`` when the room is full, ``CancelledError`` if ``gone``."""
        if self.running < self.width and not self.waiting:
            self.running += 1
            return
        if self.room is not None and len(self.waiting) >= self.room:
            raise Busy
        turn = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            while not turn.done():
                await asyncio.wait({turn}, timeout=WATCH_EVERY)
                if not turn.done() and gone():
                    raise asyncio.CancelledError
        except asyncio.CancelledError:
            if turn.done():  # handed a place just now: pass it on
                self.leave()
            else:
                self.waiting.remove(turn)
            raise

    def leave(self) -> None:
        """Give the place to the first still waiting, else free it."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.running -= 1


def is_long(arguments: dict[str, Any]) -> bool:
    """Whether a request (its handler's arguments by name) costs more than the page's quick settings."""
    text = arguments.get("text")
    tokens = len(tokenize(head(text))) if isinstance(text, str) else 0
    return tokens > QUICK_TOKENS or bool(arguments.get("n_steps")) or bool(arguments.get("model"))


def _event() -> Any:
    """Gradio's record of the event being run (None outside the queue)."""
    blocks, event_id = LocalContext.blocks.get(None), LocalContext.event_id.get(None)
    queue = getattr(blocks, "_queue", None)
    return queue.event_ids_to_events.get(event_id) if queue is not None and event_id else None


def _gone(event: Any) -> bool:
    return event is not None and (event.closed or not event.alive)


def _run(fn: Callable[..., Any], long: bool, stop: threading.Event, args: tuple, kwargs: dict) -> Any:
    with budget.within(SECONDS, stop):
        if not long:
            return fn(*args, **kwargs)
        with MODEL_LOCK.background():
            return fn(*args, **kwargs)


async def _watch(job: Future, stop: threading.Event, event: Any) -> Any:
    """The job's result; if the event is cancelled or its visitor leaves, tell the job to stop."""
    waiting = asyncio.wrap_future(job)
    try:
        while not waiting.done():
            await asyncio.wait({waiting}, timeout=WATCH_EVERY)
            if _gone(event):
                stop.set()
        return waiting.result()
    except (asyncio.CancelledError, budget.Cancelled):
        stop.set()
        raise asyncio.CancelledError from None


class Lanes:
    """The quick lane and the long lane that every explaining event of one page shares."""

    def __init__(self) -> None:
        self.quick, self.long = Lane(QUICK_SLOTS, None), Lane(1, LONG_WAITING)

    def explaining(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """``fn`` (a handler whose parameters name its ``text`` and its page's ``lang``) run in its lane."""
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> Any:
            arguments = signature.bind_partial(*args, **kwargs).arguments
            long, event = is_long(arguments), _event()
            lane = self.long if long else self.quick
            try:
                await lane.enter(lambda: _gone(event))
            except Busy:
                lang = arguments.get("lang") if arguments.get("lang") in languages() else DEFAULT_LANG
                raise gr.Error(say("serving.busy", lang=str(lang), tokens=QUICK_TOKENS)) from None
            stop = threading.Event()
            try:
                job = _POOL.submit(contextvars.copy_context().run, _run, fn, long, stop, args, kwargs)
            except BaseException:
                lane.leave()
                raise
            loop = asyncio.get_running_loop()
            job.add_done_callback(lambda _: loop.call_soon_threadsafe(lane.leave))  # free once it has stopped
            return await _watch(job, stop, event)

        return run
