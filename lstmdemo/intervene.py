"""What the LSTM answers when its memory is changed at one word: the second way in, beside ``explain``.

    intervene("The movie is not good", at=3, what="write", task="sentiment")

reads the text as ``explain`` does (the same tokens, the same first ``MAX_TOKENS``), then replays the
model's own weights with the change (``attribution.interventions``) and gives the answer at the end and
after every word, beside the unchanged ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from .attribution.interventions import WHATS, replay
from .explain import read_text, resolve_models
from .modeling.loading import MODEL_LOCK
from .modeling.predict import prefix_probabilities


@dataclass(frozen=True)
class Intervention:
    """The model's answers with and without one change to its memory."""

    text: str
    model: str
    task: str
    labels: tuple[str, ...]
    words: tuple[str, ...]  # as written, the words read
    at: int  # the word changed (0-based, in ``words``)
    what: str  # "write", "cell" or "forget" (attribution.interventions)
    probabilities: tuple[float, ...]  # [C] at the end, with the change
    running: tuple[tuple[float, ...], ...]  # [T, C] after each word, with the change
    original: tuple[float, ...]  # [C] at the end, unchanged
    original_running: tuple[tuple[float, ...], ...]  # [T, C] after each word, unchanged

    @property
    def word(self) -> str:
        return self.words[self.at]

    @property
    def predicted(self) -> str:
        return self.labels[max(range(len(self.labels)), key=self.probabilities.__getitem__)]

    @property
    def original_predicted(self) -> str:
        return self.labels[max(range(len(self.labels)), key=self.original.__getitem__)]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"word": self.word, "predicted": self.predicted}


def intervene(
    text: str, *, at: int, what: str, task: str | None = None, model: str | Path | None = None
) -> Intervention:
    """The answer when, at word ``at`` of ``text`` (0-based, as ``explain`` tokenizes it), the LSTM's memory
    is changed: ``what="write"``, the word writes nothing (input gate 0 in every layer); ``"cell"``, the
    memory highway is cut after it (cell state 0 in every layer, its output as computed); ``"forget"``,
    nothing is forgotten from it on (forget gate 1 in every layer).

    Raises:
        ValueError: text with nothing to read, ``at`` outside the words read, an unknown ``what``, an
            unknown task, a model of another task, or a model without a memory cell (the RNN).
        checkpoint.CheckpointError: missing or corrupt weights.
    """
    _, kept, _ = read_text(text)
    if isinstance(at, bool) or not isinstance(at, int) or not 0 <= at < len(kept):
        raise ValueError(f"at must be a word index from 0 to {len(kept) - 1}, got {at!r}")
    if what not in WHATS:
        raise ValueError(f"unknown intervention {what!r}; choose one of {', '.join(WHATS)}")
    served, ck, _ = resolve_models(task, model, None)
    ids = torch.tensor(ck.vocab.encode(t.text for t in kept))  # [T]
    with MODEL_LOCK:
        changed = prefix_probabilities(ck.model, replay(ck.model, ids, at, what))  # [T, C]
        unchanged = prefix_probabilities(ck.model, replay(ck.model, ids))  # [T, C]
    changed_rows, unchanged_rows = (tuple(tuple(r) for r in p.tolist()) for p in (changed, unchanged))
    return Intervention(
        text=text,
        model=ck.path.name,
        task=served.name,
        labels=tuple(ck.card.get("labels") or served.labels),
        words=tuple(text[t.start : t.end] for t in kept),
        at=at,
        what=what,
        probabilities=changed_rows[-1],
        running=changed_rows,
        original=unchanged_rows[-1],
        original_running=unchanged_rows,
    )
