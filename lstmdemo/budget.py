"""A request's time budget and cancel flag, checked between rounds of work.

The server gives each explaining request one (``within``). The core checks it where work comes in
rounds: between Integrated Gradients refinements and between counterfactual edits. Once the time is
spent, refinement stops and the result says so (``IGResult.stopped``; the edits say how many were
read); once the request is cancelled (the visitor cancelled, left, or was replaced) the work raises
``Cancelled``, since nobody is waiting for its result. Without a budget (the library, the studies,
the tests) nothing ever stops early.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

#: Why refinement stopped before its bound held: the request's time budget ran out.
TIME = "time"


class Cancelled(BaseException):
    """The request this work was for was cancelled: stop, nobody reads the result. (Like asyncio's
    CancelledError a BaseException, so that no ``except Exception`` on the way out swallows it.)"""


@dataclass(frozen=True)
class Budget:
    seconds: float
    deadline: float  # time.monotonic() past which work stops early
    cancelled: threading.Event = field(default_factory=threading.Event)


_CURRENT: ContextVar[Budget | None] = ContextVar("lstmdemo_budget", default=None)


@contextmanager
def within(seconds: float, cancelled: threading.Event | None = None) -> Iterator[Budget]:
    """Run the block under a budget of ``seconds`` from now, cancelled when ``cancelled`` is set."""
    b = Budget(seconds, time.monotonic() + seconds, cancelled or threading.Event())
    token = _CURRENT.set(b)
    try:
        yield b
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise ``Cancelled`` if the current request was cancelled."""
    b = _CURRENT.get()
    if b is not None and b.cancelled.is_set():
        raise Cancelled


def spent() -> bool:
    """Whether the current request's time is up (never without a budget); raises ``Cancelled`` first."""
    check()
    b = _CURRENT.get()
    return b is not None and time.monotonic() > b.deadline
