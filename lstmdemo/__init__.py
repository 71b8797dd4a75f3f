"""lstmdemo: why an LSTM text classifier (news topic, movie-review sentiment) decides what it decides.

from lstmdemo import explain
e = explain("The company did not report strong earnings this quarter")
e = explain("The movie is not good", task="sentiment")
"""

from . import tasks
from .attribution import IGResult
from .checkpoint import Checkpoint, CheckpointError
from .data import LABELS
from .explain import BASELINE, MAX_TOKENS, Explanation, GradientFlow, TokenInfo, explain, load_model
from .gates import GateTrace, Retention
from .modifiers import ModifierReport
from .tasks import TASKS, ExampleSentence, Task

__all__ = [
    "BASELINE",
    "LABELS",
    "MAX_TOKENS",
    "TASKS",
    "Checkpoint",
    "CheckpointError",
    "ExampleSentence",
    "Explanation",
    "GateTrace",
    "GradientFlow",
    "IGResult",
    "ModifierReport",
    "Retention",
    "Task",
    "TokenInfo",
    "explain",
    "load_model",
    "tasks",
]
