"""Verified checkpoints, loaded once per process, and the lock every pass through a shared model holds."""

from __future__ import annotations

import functools
import threading
from pathlib import Path

from . import checkpoint

#: Held around attribution passes: on two cores two at once would only slow each other down, and it
#: keeps the float64 copy (``attribution.adaptive.in_float64``) from being made twice.
MODEL_LOCK = threading.Lock()


@functools.lru_cache(maxsize=16)
def _load(path: str) -> checkpoint.Checkpoint:
    return checkpoint.load(path)


def load_model(name: str | Path = "lstm") -> checkpoint.Checkpoint:
    """A verified checkpoint, loaded once per process."""
    return _load(str(checkpoint.resolve(name).resolve()))
