"""Verified checkpoints, loaded once per process, and the lock every pass through a shared model holds."""

from __future__ import annotations

import functools
import heapq
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import budget
from . import checkpoint


class ModelLock:
    """Passes through the shared models run one at a time: on two cores two at once would only slow each
    other down, and it keeps the float64 copy (``attribution.adaptive.in_float64``) from being made twice.

    The server marks each request's work (``serving``'s lanes): a quick request is ``foreground``, a long
    one ``background``. Background passes wait while any foreground request is under way, and background
    work hands the lock over between its rounds (``handover``), so a quick request waits for at most one
    pass of a long one, never for all of it. Other passes (the library, the studies) go in arrival order.
    A background pass that waits can be cancelled (``budget.Cancelled``).
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._waiting: list[tuple[bool, int, int]] = []  # a heap of (background, ticket, thread)
        self._tickets = itertools.count()
        self._foreground = 0  # foreground requests under way
        self._local = threading.local()

    @contextmanager
    def background(self) -> Iterator[None]:
        """Mark this thread's passes as a long request's for the block."""
        self._local.background = True
        try:
            yield
        finally:
            self._local.background = False

    @contextmanager
    def foreground(self) -> Iterator[None]:
        """A quick request is under way for the block: background passes wait for it."""
        with self._cond:
            self._foreground += 1
        try:
            yield
        finally:
            with self._cond:
                self._foreground -= 1
                self._cond.notify_all()

    def _background(self) -> bool:
        return getattr(self._local, "background", False)

    def __enter__(self) -> None:
        me = (self._background(), next(self._tickets), threading.get_ident())
        with self._cond:
            heapq.heappush(self._waiting, me)
            try:
                while not (self._owner is None and self._waiting[0] == me and not (me[0] and self._foreground)):
                    self._cond.wait(timeout=0.1)
                    if me[0]:
                        budget.check()
            except budget.Cancelled:
                self._waiting.remove(me)
                heapq.heapify(self._waiting)
                self._cond.notify_all()
                raise
            heapq.heappop(self._waiting)
            self._owner = me[2]

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            # only its owner frees it: a handover cancelled while re-entering leaves another thread's lock
            if self._owner == threading.get_ident():
                self._owner = None
            self._cond.notify_all()

    def yield_to_foreground(self) -> None:
        """Background work, between two steps: wait while a quick request is under way (cancellable)."""
        if not self._background():
            return
        with self._cond:
            while self._foreground:
                self._cond.wait(timeout=0.1)
                budget.check()

    def handover(self) -> None:
        """Between two rounds of background work holding the lock: let quick requests go first."""
        with self._cond:
            if not self._background() or self._owner != threading.get_ident():
                return
            if not (self._waiting or self._foreground):
                return
        self.__exit__()
        self.__enter__()


MODEL_LOCK = ModelLock()


def pause_point() -> None:
    """Between two steps of a request's work: stop if it was cancelled (``budget.Cancelled``); a long
    request's also waits while a quick one is under way, so its drawing does not slow the quick one's."""
    budget.check()
    MODEL_LOCK.yield_to_foreground()


@functools.lru_cache(maxsize=16)
def _load(path: str) -> checkpoint.Checkpoint:
    return checkpoint.load(path)


def load_model(name: str | Path = "lstm") -> checkpoint.Checkpoint:
    """A verified checkpoint, loaded once per process."""
    return _load(str(checkpoint.resolve(name).resolve()))
