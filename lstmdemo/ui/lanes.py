"""Lanes for the explaining events: quick texts never wait behind long ones, and work nobody waits for stops.

Gradio starts every event of the explaining group at once (``serving.EXPLAIN_EVENT``; the guard bounds
how many one visitor has), so that they all wait here, where each runs through ``explaining``, which

- sorts it by cost (``is_long``): a text of at most ``QUICK_TOKENS`` tokens with the page's settings is
  quick; a longer text, fixed Integrated Gradients steps or another model is long;
- runs ``QUICK_SLOTS`` quick requests at a time, and one long one with ``LONG_WAITING`` more waiting
  (beyond that a long request is refused at once: ``serving.busy``); waiting requests take turns by
  visitor (``Lane``), so four from one visitor do not go ahead of everyone else's one;
- computes each lane's requests in a worker process of its own once the server has started them
  (``worker``: their own GIL and model lock, so the server's GIL is left to taking in and answering
  requests): quick ones at the server's CPU priority, long ones at the lowest; without its worker a lane
  computes in a thread of the server, where a long request's passes are background work that waits while
  a quick request is under way and hands the model over between its chunks (``ModelLock``);
- computes under a time budget (``budget.within``): Integrated Gradients stops refining and the edits
  stop when ``SECONDS`` are spent, and the result says so;
- stops that work when the event is cancelled or its visitor is gone (Gradio marks the event closed
  when the page's event stream ends): the job stops at its next check instead of computing for nobody.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import gradio as gr
from gradio.context import LocalContext

from .. import budget
from ..i18n import DEFAULT_LANG, languages, say
from ..modeling.loading import MODEL_LOCK, pause_point
from ..modeling.text import head, tokenize
from . import guard
from .lane import WATCH_EVERY, Busy, Lane
from .worker import NICE, Worker, WorkerGone

#: Texts up to this many tokens are quick (the page's examples have 10-90; a headline and its lead ~40).
QUICK_TOKENS = 64
#: ``is_long`` tokenizes this much of a text first: more than ``QUICK_TOKENS`` tokens fit in far fewer characters.
SORTING_CHARS = 1_000
#: Seconds of computing a request gets before Integrated Gradients and the edits stop early.
SECONDS = 4.0
QUICK_SLOTS = 2
LONG_WAITING = 4
#: Messages a session may leave unread before its requests count as abandoned (a page reads each at once;
#: every request leaves three or four).
UNREAD = 24


def per_visitor(places: int, proxy_hops: int) -> int | None:
    """Requests one visitor runs at once in a lane behind a proxy (a public page): a quarter of their queue
    ``places``, at least one (one by default). Four explanations joined at once by one visitor took both
    quick places, and the next visitor waited for two of them and then computed beside another. A class's
    own Space that raises the places for its shared address raises this with them; run locally
    (``proxy_hops`` 0), every client is the machine's own user: no limit (None)."""
    return max(1, places // 4) if proxy_hops else None


PER_VISITOR = per_visitor(guard.PLACES, guard.PROXY_HOPS)

_POOL = ThreadPoolExecutor(max_workers=QUICK_SLOTS + 1 + 2, thread_name_prefix="explain")  # + stopping ones


def is_long(arguments: dict[str, Any]) -> bool:
    """Whether a request (its handler's arguments by name) costs more than the page's quick settings.

    It runs on the server's event loop for every request: a paste is known to be long from its first
    ``SORTING_CHARS`` characters, so only those are tokenized (all of what is read only when they hold
    few tokens)."""
    if arguments.get("n_steps") or arguments.get("model"):
        return True
    text = arguments.get("text")
    if not isinstance(text, str):
        return False
    read = head(text)
    if len(tokenize(read[:SORTING_CHARS])) > QUICK_TOKENS:
        return True
    return len(read) > SORTING_CHARS and len(tokenize(read)) > QUICK_TOKENS


def _lang(arguments: dict[str, Any]) -> str:
    """The request's page language, for what the lanes say themselves (the default if it names none)."""
    lang = arguments.get("lang")
    return lang if isinstance(lang, str) and lang in languages() else DEFAULT_LANG


def _event() -> Any:
    """Gradio's record of the event being run (None outside the queue)."""
    blocks, event_id = LocalContext.blocks.get(None), LocalContext.event_id.get(None)
    queue = getattr(blocks, "_queue", None)
    return queue.event_ids_to_events.get(event_id) if queue is not None and event_id else None


def _gone(event: Any) -> bool:
    """Whether nobody waits for the event any more: it was closed (the page's event stream ended), or its
    session has left ``UNREAD`` messages unread (a client that joins and never listens)."""
    if event is None or event.closed or not event.alive:
        return event is not None
    messages = getattr(getattr(LocalContext.blocks.get(None), "_queue", None), "pending_messages_per_session", {})
    unread = messages.get(event.session_hash) if event.session_hash in messages else None
    return unread is not None and unread.qsize() > UNREAD


def _run(fn: Callable[..., Any], long: bool, stop: threading.Event, args: tuple, kwargs: dict) -> Any:
    with budget.within(SECONDS, stop), MODEL_LOCK.background() if long else MODEL_LOCK.foreground():
        pause_point()
        return fn(*args, **kwargs)


async def _watch(job: Future, stop: Callable[[], None], event: Any) -> Any:
    """The job's result; if the event is cancelled or its visitor leaves, tell the job to ``stop``."""
    waiting, stopped = asyncio.wrap_future(job), False
    try:
        while not waiting.done():
            await asyncio.wait({waiting}, timeout=WATCH_EVERY)
            if not stopped and _gone(event):
                stop()  # once: a worker's stop is a message down its pipe
                stopped = True
        return waiting.result()
    except (asyncio.CancelledError, budget.Cancelled):
        if not stopped:
            stop()
        waiting.add_done_callback(_retrieved)  # the job stops with Cancelled, which nobody is left to read
        raise asyncio.CancelledError from None


def _free_when_done(job: Future, lane: Lane, who: str) -> None:
    """Give ``who``'s place in ``lane`` back once the job has stopped (its future settles in another thread)."""
    loop = asyncio.get_running_loop()
    job.add_done_callback(lambda _: loop.call_soon_threadsafe(lane.leave, who))


def _abandoned(sending: asyncio.Future[Any], lane: Lane, who: str) -> None:
    """A request cancelled while its job was being sent: the job may have reached the worker all the same,
    so stop it there and keep its place taken until it has stopped (else the lane runs one more than it
    may)."""
    if sending.cancelled() or sending.exception() is not None:
        lane.leave(who)
        return
    job, stop = sending.result()
    stop()
    _free_when_done(job, lane, who)


def _retrieved(done: asyncio.Future[Any]) -> None:
    """Read a stopped job's outcome, so asyncio logs no "exception was never retrieved" for each one."""
    if not done.cancelled():
        done.exception()


class Lanes:
    """The quick lane and the long lane that every explaining event of one page shares."""

    def __init__(self) -> None:
        self.quick = Lane(QUICK_SLOTS, None, per_visitor=PER_VISITOR, name="quick")
        self.long = Lane(1, LONG_WAITING, per_visitor=PER_VISITOR, name="long", nice=NICE)
        self.handlers: dict[int, Callable[..., Any]] = {}  # fn index -> handler, for the workers

    def start_workers(self, blocks: dict[int, Any]) -> None:
        """Run each lane in a worker process of its own from now on (``worker``); call it before serving."""
        workers = [
            Worker(dict(self.handlers), blocks, SECONDS, nice=lane.nice, name=f"lstmdemo-{lane.name}-lane")
            for lane in (self.quick, self.long)
        ]
        forked = [w.fork() for w in workers]  # every child forked before any listening thread starts
        for lane, worker, ok in zip((self.quick, self.long), workers, forked, strict=True):
            if ok:
                worker.listen()
                lane.worker = worker

    def close_workers(self) -> None:
        """End the lanes' worker processes (the lanes compute in the server's process again)."""
        for lane in (self.quick, self.long):
            if lane.worker is not None:
                lane.worker.close()

    async def _submit(self, fn: Callable[..., Any], key: int | None, lane: Lane, args: tuple, kwargs: dict):
        """The job (a future) and what stops it: in the lane's worker while it is alive (sent from a thread:
        a minimal pair's arguments carry an explanation of ~1 MB)."""
        if key is not None and lane.worker is not None and lane.worker.alive:
            try:
                return await asyncio.to_thread(lane.worker.submit, key, args, kwargs)
            except WorkerGone:
                pass
        stop = threading.Event()
        job = _POOL.submit(contextvars.copy_context().run, _run, fn, lane is self.long, stop, args, kwargs)
        return job, stop.set

    def explaining(self, fn: Callable[..., Any], key: int | None = None) -> Callable[..., Any]:
        """``fn`` (a handler whose parameters name its ``text`` and its page's ``lang``; event ``key`` of its
        page) run in its lane."""
        signature = inspect.signature(fn)
        if key is not None:
            self.handlers[key] = fn

        @functools.wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> Any:
            arguments = signature.bind_partial(*args, **kwargs).arguments
            long, event = is_long(arguments), _event()
            lane = self.long if long else self.quick
            request = LocalContext.request.get(None)
            try:
                await lane.enter(who := guard.visitor_of(request), lambda: _gone(event))
            except Busy:
                busy = say("serving.busy", lang=_lang(arguments), tokens=QUICK_TOKENS)
                raise gr.Error(busy, print_exception=False) from None
            sending = asyncio.ensure_future(self._submit(fn, key, lane, args, kwargs))
            try:
                job, stop = await asyncio.shield(sending)
            except asyncio.CancelledError:
                sending.add_done_callback(functools.partial(_abandoned, lane=lane, who=who))
                raise
            except BaseException:
                lane.leave(who)
                raise
            _free_when_done(job, lane, who)
            try:
                return await _watch(job, stop, event)
            except WorkerGone:
                raise gr.Error(say("error.fault", lang=_lang(arguments)), print_exception=False) from None

        return run
