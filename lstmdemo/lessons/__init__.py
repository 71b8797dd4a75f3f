"""What the page teaches, as numbers: pure functions from an ``Explanation`` (or a model card) to frozen
dataclasses, one module a lesson of the chapter, in its order.

Each lesson on the page is a sentence computed from these numbers (the page renders it with its
message catalogue), never a fixed claim, so a test can check that the lesson holds on the example
the page points to:

1. ``dependency``: the memory experiment (a label set by the first word, N words before the end).
2. ``reach``: the vanishing gradient as distance, and its factor per word (the chapter's 0.5^20).
3. ``highway``: the units whose forget gate stays high, and what cutting the memory does.
4. ``gates``: the words where a gate changed most, and the word where the answer turned.
5. ``glove``: the nearest words in the model's own embedding, frozen and fine-tuned.
6. ``parameters``: the LSTM's four weight blocks against the RNN's one, and the accuracy gap.
7. (the modifiers: ``attribution.modifiers`` and the probe studies)
8. ``unknowns``: the words the vocabulary does not know, the hook for sub-word vectors.
``confidence`` says whether the prediction rests on words the model knows.
"""

from .confidence import Confidence, confidence
from .gates import GateMoment, GateReading, Turn, gate_moments, turn
from .highway import HIGHWAY_UNITS, Cut, Highway, cut, highway
from .reach import SHORT_TEXT, Reach, reach, relative

__all__ = [
    "HIGHWAY_UNITS",
    "SHORT_TEXT",
    "Confidence",
    "Cut",
    "GateMoment",
    "GateReading",
    "Highway",
    "Reach",
    "Turn",
    "confidence",
    "cut",
    "gate_moments",
    "highway",
    "reach",
    "relative",
    "turn",
]
