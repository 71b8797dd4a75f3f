"""lstmdemo: why an LSTM topic classifier decides what it decides."""

from .data import LABELS

__all__ = ["LABELS"]
