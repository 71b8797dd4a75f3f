"""lstmdemo: why an LSTM topic classifier decides what it decides, and what its gates do.

from lstmdemo import explain
e = explain("The company did not report strong earnings this quarter")
"""

from .attribution import IGResult
from .checkpoint import Checkpoint, CheckpointError
from .data import LABELS
from .explain import MAX_TOKENS, Explanation, GradientFlow, TokenInfo, explain, load_model
from .gates import GateTrace, Retention
from .modifiers import ModifierReport

__all__ = [
    "LABELS",
    "MAX_TOKENS",
    "Checkpoint",
    "CheckpointError",
    "Explanation",
    "GateTrace",
    "GradientFlow",
    "IGResult",
    "ModifierReport",
    "Retention",
    "TokenInfo",
    "explain",
    "load_model",
]
