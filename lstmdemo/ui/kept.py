"""The tasks' own examples, explained once per process and kept.

Every visitor's first view explains the same opening example, and a class clicks the same few examples:
their explanations (``Shown``: the explanation, its edits, its word neighbours, none of it in a language)
are kept, so the page draws them without computing again. Only a task's examples at the settings they
were explained with are kept, and only complete ones (never one cut short by a request's time budget);
at most ``SIZE`` of them, the least recently shown dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from .lessons.base import Shown

#: Explanations kept: the two tasks' examples at the default settings, with room for other settings.
SIZE = 48


class Kept:
    """A bounded, thread-safe store of ``Shown`` by the request that made them (lanes run two at a time)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Shown] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Shown | None:
        with self._lock:
            shown = self._items.get(key)
            if shown is not None:
                self._items.move_to_end(key)
            return shown

    def put(self, key: Hashable, shown: Shown) -> None:
        """Keep ``shown`` unless it is incomplete: its IG, its edits, or any edit's IG stopped at the time budget."""
        read = (shown.edits.original, *shown.edits.edits)
        if shown.explanation.ig.stopped or shown.edits.stopped or any(r.variant.ig.stopped for r in read):
            return
        with self._lock:
            self._items[key] = shown
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
