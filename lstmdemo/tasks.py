"""The task registry: what a task is, as data, so that nothing downstream branches on its name.

A task names its labels, how its data is read, its default weights (the LSTM and
the RNN baseline it is compared with), its example sentences (a JSON file in
``lstmdemo/examples/``) and the words the page uses for it (``task.<name>.*`` in the
message catalogues: ``worded(say)`` gives the task in another language). Adding a task is a new
entry here plus its data and examples file; a weights card names its task
(``card["task"]``), so a model always finds its own.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .i18n import Say, sayer, slug
from .modeling.data import SST_WHERE_FROM, WHERE_FROM, Example, read_csv, read_tsv

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@dataclass(frozen=True)
class ExampleSentence:
    """One example sentence the page offers: its group (a message id, shown beside it), its text
    (English: what the models read) and its gloss per language (``{"ko": ...}``, shown beside it)."""

    group: str
    text: str
    glosses: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Remedy:
    """A variant of the task's LSTM that changes one thing the chapter says it still misses."""

    key: str  # its page words: ``nextstep.model.<key>``
    weights: str  # name under weights/
    variant: Mapping[str, Any] = field(default_factory=dict, hash=False)  # the ModelConfig fields it changes


@dataclass(frozen=True)
class Task:
    name: str  # registry key, stored in every card: "topic", "sentiment"
    title: str  # the task switch's label: "News topic" (every page word from the catalogue, via ``worded``)
    labels: tuple[str, ...]
    label_noun: str  # what a label is called on the page: "topic", "sentiment"
    input_noun: str  # what the user types: "news sentence", "movie review"
    data_dir: Path  # default data folder
    train_file: str  # file names inside the data folder
    test_file: str
    read: Callable[[Path], list[Example]]  # a file -> its rows
    weights: str  # default LSTM weights (name under weights/ or a folder)
    compare: str  # its RNN baseline
    # Validation: a file in the data folder (e.g. GLUE dev), or None to carve
    # ``n_valid`` rows from the training file.
    valid_file: str | None = None
    # Where the data comes from, said when it is missing.
    source: str = ""
    # The task's training recipe: TrainConfig fields that differ from the defaults.
    recipe: Mapping[str, Any] = field(default_factory=dict, hash=False)
    # Whether a modifier ("not", "very") can change the right label: a review's sentiment, yes; a
    # news topic, no, so there modifiers are compared with function words instead.
    modifiers_decide: bool = False
    # The LSTM's remedies (the chapter's next step), compared on the page when their weights are on disk.
    remedies: tuple[Remedy, ...] = ()

    @property
    def models(self) -> dict[str, tuple[str, Mapping[str, Any]]]:
        """Every model the task names: weights name -> (arch, the ModelConfig fields its variant changes)."""
        out: dict[str, tuple[str, Mapping[str, Any]]] = {self.weights: ("lstm", {}), self.compare: ("rnn", {})}
        return out | {r.weights: ("lstm", r.variant) for r in self.remedies}

    def examples(self) -> tuple[ExampleSentence, ...]:
        """The page's example sentences, first the one the page opens with."""
        return _examples(EXAMPLES_DIR / f"{self.name}.json")

    def worded(self, say: Say) -> Task:
        """This task with its page words (title, label and input nouns) in the language of ``say``."""
        words = {w: say(f"task.{self.name}.{w}") for w in ("title", "label_noun", "input_noun")}
        return replace(self, **words)

    @staticmethod
    def label_name(label: str, say: Say) -> str:
        """A label as the page names it (``label.<slug>``: "World", "세계(World)"); the API keeps the label."""
        return say(f"label.{slug(label)}")

    @staticmethod
    def short_label(label: str, say: Say) -> str:
        """A label inside a formula, e.g. P(부정적) (``label.short.<slug>``): the page name without the gloss."""
        return say(f"label.short.{slug(label)}")

    def label_names(self, say: Say) -> tuple[str, ...]:
        return tuple(self.label_name(lab, say) for lab in self.labels)


#: The registry's own words are English; ``Task.worded`` gives them in another language.
_EN = sayer("en")


@functools.cache
def _examples(path: Path) -> tuple[ExampleSentence, ...]:
    """Read once per process: every explanation asks whether its text is one of them."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return tuple(ExampleSentence(e["group"], e["text"], e.get("gloss", {})) for e in rows)


TASKS: dict[str, Task] = {
    "topic": Task(
        name="topic",
        title=_EN("task.topic.title"),
        labels=("World", "Sports", "Business", "Sci/Tech"),
        label_noun=_EN("task.topic.label_noun"),
        input_noun=_EN("task.topic.input_noun"),
        data_dir=SHARED_DATA / "ag_news",
        train_file="train.csv",
        test_file="test.csv",
        read=read_csv,
        weights="lstm",
        compare="rnn",
        source=WHERE_FROM,
    ),
    # GLUE dev chooses the epoch: its 872 whole sentences look like the test
    # sentences, whereas a split carved from train is mostly short phrases and
    # picked a later, worse epoch. Tuned on dev: validating four times an epoch
    # (patience: two epochs) kept a better model than once an epoch; batch 128 /
    # lr 2e-3 and dropping rows under 3 tokens did worse.
    "sentiment": Task(
        name="sentiment",
        title=_EN("task.sentiment.title"),
        labels=("Negative", "Positive"),
        label_noun=_EN("task.sentiment.label_noun"),
        input_noun=_EN("task.sentiment.input_noun"),
        data_dir=SHARED_DATA / "sst2",
        train_file="train.tsv",
        test_file="test.tsv",
        read=read_tsv,
        weights="sentiment-lstm",
        compare="sentiment-rnn",
        valid_file="dev.tsv",
        source=SST_WHERE_FROM,
        recipe={"evals_per_epoch": 4, "patience": 8},
        modifiers_decide=True,
        remedies=(
            Remedy("finetuned", "sentiment-lstm-finetuned", {"finetune_embeddings": True}),
            Remedy("attention", "sentiment-lstm-attention", {"finetune_embeddings": True, "pooling": "attention"}),
        ),
    ),
}

DEFAULT_TASK = "topic"


def get(name: str) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown task {name!r}; choose one of {', '.join(TASKS)}")
    return TASKS[name]


def of_card(card: dict) -> Task:
    """The task a weights card serves (cards written before tasks existed are topic models)."""
    return get(card.get("task", DEFAULT_TASK))


def of_weights(name: str) -> Task | None:
    """The task that names weights ``name`` (its LSTM, RNN or a remedy), if any."""
    return next((t for t in TASKS.values() if name in t.models), None)


def page_label(label: str, say: Say) -> str:
    """A label as the page names it when a registered task has it ("세계(World)"), else as written."""
    known = any(label in t.labels for t in TASKS.values())
    return Task.label_name(label, say) if known else label
