"""lstmdemo: why an LSTM text classifier (news topic, movie-review sentiment) decides what it decides.

from lstmdemo import explain
e = explain("The company did not report strong earnings this quarter")
e = explain("The movie is not good", task="sentiment")
i = intervene("The movie is not good", at=3, what="write", task="sentiment")   # "not" writes nothing
"""

from . import tasks
from .attribution.gates import GateTrace, Retention
from .attribution.integrated_gradients import IGResult
from .attribution.interventions import Interventions
from .attribution.modifiers import ModifierReport
from .explain import BASELINE, Explanation, Flow, GradientFlow, TokenInfo, explain
from .intervene import Intervention, intervene
from .modeling.checkpoint import Checkpoint, CheckpointError
from .modeling.loading import load_model
from .modeling.text import MAX_TOKENS
from .tasks import TASKS, ExampleSentence, Task

__all__ = [
    "BASELINE",
    "MAX_TOKENS",
    "TASKS",
    "Checkpoint",
    "CheckpointError",
    "ExampleSentence",
    "Explanation",
    "Flow",
    "GateTrace",
    "GradientFlow",
    "IGResult",
    "Intervention",
    "Interventions",
    "ModifierReport",
    "Retention",
    "Task",
    "TokenInfo",
    "explain",
    "intervene",
    "load_model",
    "tasks",
]
