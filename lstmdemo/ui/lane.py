"""A lane: so many requests at once, the others waiting their turn by visitor, so that one visitor's many
requests do not go ahead of everyone else's one (``lanes`` runs the explaining events in two of them)."""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .worker import Worker

#: How often a waiting or running request looks whether its visitor is still there, in seconds.
WATCH_EVERY = 0.2


class Busy(Exception):
    """A lane and its waiting room are full."""


class Lane:
    """``width`` requests run at once, at most ``per_visitor`` of them one visitor's (any number when None);
    the others wait, taking turns by visitor (each visitor's in arrival order, the visitors in rotation), so
    a visitor with four waiting gets one turn per round like everyone else; at most ``room`` wait in all
    (any number when None). They compute in ``worker`` while it is alive, at CPU priority ``nice``."""

    def __init__(
        self, width: int, room: int | None, *, per_visitor: int | None = None, name: str = "lane", nice: int = 0
    ) -> None:
        self.width, self.room, self.per_visitor, self.name, self.nice = width, room, per_visitor, name, nice
        self.worker: Worker | None = None
        self.running: Counter[str] = Counter()  # visitor -> their requests running
        self.waiting: dict[str, deque[asyncio.Future[None]]] = {}  # visitor -> turns; dict order: the rotation

    def _waiting(self) -> int:
        return sum(len(turns) for turns in self.waiting.values())

    async def enter(self, who: str, gone: Callable[[], bool]) -> None:
        """Take a place for visitor ``who``, waiting for one; ``Busy`` when the room is full,
        ``CancelledError`` if ``gone``."""
        if self.running.total() < self.width and self._may_run(who) and self._next() is None:
            self.running[who] += 1
            return
        if self.room is not None and self._waiting() >= self.room:
            raise Busy
        turn = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(who, deque()).append(turn)
        try:
            while not turn.done():
                await asyncio.wait({turn}, timeout=WATCH_EVERY)
                if not turn.done() and gone():
                    raise asyncio.CancelledError
        except BaseException:  # cancelled, gone, or ``gone`` itself failed: the turn must not stay queued
            if turn.done():  # handed a place just now: pass it on
                self.leave(who)
            else:
                self.waiting[who].remove(turn)
                if not self.waiting[who]:
                    del self.waiting[who]
            raise

    def leave(self, who: str) -> None:
        """Free visitor ``who``'s place and give the free places to the next visitors in rotation that wait
        and may run one more."""
        self.running[who] -= 1
        if not self.running[who]:
            del self.running[who]
        self._hand_over()

    def _may_run(self, who: str) -> bool:
        return self.per_visitor is None or self.running[who] < self.per_visitor

    def _next(self) -> str | None:
        """The first visitor in rotation that waits and may run one more here."""
        return next((w for w in self.waiting if self._may_run(w)), None)

    def _hand_over(self) -> None:
        while self.running.total() < self.width:
            who = self._next()
            if who is None:
                return
            turns = self.waiting.pop(who)
            turn = turns.popleft()
            if turns:
                self.waiting[who] = turns  # the back of the rotation
            if not turn.done():
                turn.set_result(None)
                self.running[who] += 1
