"""Verified checkpoints, loaded once per process, and the lock every pass through a shared model holds."""

from __future__ import annotations

import functools
import heapq
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import checkpoint


class ModelLock:
    """Passes through the shared models run one at a time: on two cores two at once would only slow each
    other down, and it keeps the float64 copy (``attribution.adaptive.in_float64``) from being made twice.

    Waiting passes go in arrival order, except that work marked ``background`` (a long request) lets every
    other pass go first, and hands the lock over between its rounds when one waits (``handover``): a quick
    request waits for at most one round of a long one, never for all of it.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._waiting: list[tuple[bool, int, int]] = []  # a heap of (background, ticket, thread)
        self._tickets = itertools.count()
        self._local = threading.local()

    @contextmanager
    def background(self) -> Iterator[None]:
        """Mark this thread's passes as background work for the block."""
        self._local.background = True
        try:
            yield
        finally:
            self._local.background = False

    def _background(self) -> bool:
        return getattr(self._local, "background", False)

    def __enter__(self) -> None:
        me = (self._background(), next(self._tickets), threading.get_ident())
        with self._cond:
            heapq.heappush(self._waiting, me)
            self._cond.wait_for(lambda: self._owner is None and self._waiting[0] == me)
            heapq.heappop(self._waiting)
            self._owner = me[2]

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._owner = None
            self._cond.notify_all()

    def handover(self) -> None:
        """Between two rounds of background work holding the lock: let every waiting pass go first."""
        with self._cond:
            if not self._background() or self._owner != threading.get_ident() or not self._waiting:
                return
        self.__exit__()
        self.__enter__()


MODEL_LOCK = ModelLock()


@functools.lru_cache(maxsize=16)
def _load(path: str) -> checkpoint.Checkpoint:
    return checkpoint.load(path)


def load_model(name: str | Path = "lstm") -> checkpoint.Checkpoint:
    """A verified checkpoint, loaded once per process."""
    return _load(str(checkpoint.resolve(name).resolve()))
