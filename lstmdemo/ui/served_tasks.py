"""Which tasks the page serves, and with which weights: the given model's task, then every other
task in the registry whose weights are on disk."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .. import tasks
from ..i18n import Say
from ..modeling import checkpoint
from ..modeling.loading import load_model
from ..tasks import Task


@dataclass(frozen=True)
class Served:
    """One task as the page serves it: its LSTM, its RNN baseline (or None), their cards."""

    task: Task
    model: str | Path
    compare: str | Path | None
    card: dict
    compare_card: dict | None

    @staticmethod
    def arch_of(card: dict | None) -> str:
        """ "LSTM" or "RNN", as the card records it."""
        card = card or {}
        return str(card.get("arch") or (card.get("config") or {}).get("arch", "lstm")).upper()

    def worded(self, say: Say) -> Served:
        """The same models, the task's page words in the language of ``say``."""
        return replace(self, task=self.task.worded(say))

    @staticmethod
    def weights_exist(name: str | Path) -> bool:
        return (checkpoint.resolve(name) / "card.json").is_file()

    @property
    def arch(self) -> str:
        return self.arch_of(self.card)

    @property
    def n_layers(self) -> int:
        return int((self.card.get("config") or {}).get("layers", 1))


def served_tasks(model: str | Path = "lstm", compare: str | Path | None = "rnn") -> dict[str, Served]:
    """``model``'s own task first (its card names it), then the registry's other tasks with weights.

    Loads and verifies every model here (each task's remedies too, which the next-step tab and the
    API serve), so broken weights stop the app from starting (``CheckpointError``) instead of failing
    every visitor.
    """
    card = load_model(model).card
    first = tasks.of_card(card)
    served = {first.name: Served(first, model, compare, card, load_model(compare).card if compare else None)}
    for task in tasks.TASKS.values():
        if task.name in served or not Served.weights_exist(task.weights):
            continue
        other = task.compare if Served.weights_exist(task.compare) else None
        served[task.name] = Served(
            task, task.weights, other, load_model(task.weights).card, load_model(other).card if other else None
        )
    for where in served_models(served).values():
        load_model(where)
    return served


def served_models(served: dict[str, Served]) -> dict[str, str | Path]:
    """Every model the page serves, by the name the API takes (its folder's name) -> where it is: each
    served task's LSTM and RNN and the task's remedies on disk."""
    out: dict[str, str | Path] = {}
    for s in served.values():
        for where in (s.model, s.compare, *(r.weights for r in s.task.remedies)):
            if where is not None and Served.weights_exist(where):
                out.setdefault(Path(str(where)).name, where)
    return out
