"""The probe suite: minimal pairs that ask whether a model reads modifiers, and its pass rates.

Each item (``resources/probes.tsv``, format in ``resources/README.md``) is a base
sentence and a probe that adds a modifier to it ("The movie is good." -> "The
movie is not good."), with the label of the base and what the modifier should do
to the prediction. A single attribution figure cannot say whether a model
*misreads* "not"; a pair whose prediction does not move can.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import resources, tasks
from ..modeling import predict
from ..modeling.checkpoint import Checkpoint
from ..modeling.lexicon import kind_of
from ..modeling.text import MAX_TOKENS, words

PROBES_FILE = resources.path("probes.tsv")
COLUMNS = ("id", "task", "category", "expect", "label", "modifier", "target", "base", "probe", "source")

#: How an item passes; ``p`` is the probability of the item's label, ``pred`` the predicted label.
EXPECTATIONS: dict[str, str] = {
    "flip": "the base is predicted as its label and the probe is not",
    "toward": "the probe's probability of the base's label is lower than the base's (it moves away, or flips)",
    "rise": "the probe keeps the label and its probability rises",
    "fall": "the probe's probability of the label falls",
    "same": "the probe gets the same prediction as the base",
}

#: Long-distance items: the negation stands at least this many tokens before the word it flips.
LONG_DISTANCE = 8


@dataclass(frozen=True)
class Category:
    name: str
    task: str
    expects: tuple[str, ...]  # allowed expectations
    kinds: tuple[str, ...]  # allowed modifier kinds (modeling.lexicon.LEXICON)
    description: str


CATEGORIES: dict[str, Category] = {
    c.name: c
    for c in (
        Category("negated_positive", "sentiment", ("flip",), ("negation",), "'good' -> 'not good': the label flips"),
        Category(
            "negated_negative",
            "sentiment",
            ("toward",),
            ("negation",),
            "'bad' -> 'not bad': flips, or at least moves away from negative",
        ),
        Category(
            "long_negation",
            "sentiment",
            ("flip", "toward"),
            ("negation",),
            f"the negation stands {LONG_DISTANCE} or more tokens before the word it flips",
        ),
        Category(
            "intensifier", "sentiment", ("rise",), ("intensifier",), "'good' -> 'very good': same label, more sure"
        ),
        Category(
            "diminisher", "sentiment", ("fall",), ("diminisher",), "'funny' -> 'mildly funny': less sure of the label"
        ),
        Category(
            "topic_control",
            "topic",
            ("same",),
            ("negation", "intensifier", "diminisher"),
            "a modifier should not change the topic",
        ),
    )
}


class ProbeFileError(ValueError):
    """A malformed probe file; the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class ProbeItem:
    id: str
    task: str
    category: str
    expect: str  # a key of EXPECTATIONS
    label: str  # the base sentence's label
    modifier: str  # the modifier word the probe adds (normalised token)
    target: str  # the word it acts on (normalised token)
    base: str
    probe: str
    source: str  # "template:<frame>" or "hand"


def _problem(item: ProbeItem) -> str | None:
    """What is wrong with one parsed item, or None."""
    cat = CATEGORIES.get(item.category)
    if cat is None:
        return f"unknown category {item.category!r}; known: {', '.join(CATEGORIES)}"
    if item.task != cat.task:
        return f"category {item.category} belongs to task {cat.task!r}, not {item.task!r}"
    if item.expect not in cat.expects:
        return f"expect {item.expect!r} is not allowed in {item.category} (allowed: {', '.join(cat.expects)})"
    if item.task not in tasks.TASKS:
        return f"unknown task {item.task!r}; registered: {', '.join(tasks.TASKS)}"
    if item.label not in tasks.TASKS[item.task].labels:
        return f"label {item.label!r} is not one of task {item.task}'s {tasks.TASKS[item.task].labels}"
    if kind_of(item.modifier) not in cat.kinds:
        return f"modifier {item.modifier!r} is not a {' or '.join(cat.kinds)} of the modifier lexicon"
    if item.base == item.probe:
        return "base and probe are the same text"
    probe_words = words(item.probe)
    if item.modifier not in probe_words or item.target not in probe_words:
        return f"the probe must contain the modifier {item.modifier!r} and the target {item.target!r} as tokens"
    if item.category == "long_negation":
        gap = probe_words.index(item.target) - probe_words.index(item.modifier)
        if gap < LONG_DISTANCE:
            return f"the negation stands only {gap} tokens before {item.target!r} (at least {LONG_DISTANCE})"
    return None


def parse(text: str, source: str = "probes.tsv") -> tuple[ProbeItem, ...]:
    """Parse and validate a probe file's text; any fault raises ``ProbeFileError``."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise ProbeFileError(f"{source}:1: expected the header {chr(9).join(COLUMNS)!r}")
    items: list[ProbeItem] = []
    seen: set[str] = set()
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS) or not all(c.strip() for c in cells):
            raise ProbeFileError(f"{source}:{lineno}: expected {len(COLUMNS)} non-empty tab-separated fields")
        item = ProbeItem(*(c.strip() for c in cells))
        problem = "duplicate id" if item.id in seen else _problem(item)
        if problem:
            raise ProbeFileError(f"{source}:{lineno}: item {item.id}: {problem}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise ProbeFileError(f"{source} holds no items")
    return tuple(items)


def load(path: str | Path = PROBES_FILE) -> tuple[ProbeItem, ...]:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"probe file not found: {p}")
    return parse(p.read_text(encoding="utf-8"), source=str(p))


def passes(expect: str, label: int, p_base: np.ndarray, p_probe: np.ndarray) -> bool:
    """Does one item pass? ``label`` is the base's label index; ``p_*`` are class probabilities."""
    if expect == "flip":
        return int(p_base.argmax()) == label and int(p_probe.argmax()) != label
    if expect == "toward":
        return bool(p_probe[label] < p_base[label])
    if expect == "rise":
        return int(p_probe.argmax()) == label and bool(p_probe[label] > p_base[label])
    if expect == "fall":
        return bool(p_probe[label] < p_base[label])
    if expect == "same":
        return int(p_probe.argmax()) == int(p_base.argmax())
    raise ValueError(f"unknown expectation {expect!r}; known: {', '.join(EXPECTATIONS)}")


@dataclass(frozen=True)
class ItemResult:
    item: ProbeItem
    base_predicted: str
    probe_predicted: str
    base_prob: float  # probability of item.label for the base
    probe_prob: float  # ... and for the probe
    passed: bool


@dataclass(frozen=True)
class CategoryResult:
    name: str
    description: str
    n: int
    n_passed: int
    pass_rate: float
    base_accuracy: float  # share of bases predicted as their label (how fair the test is)
    mean_shift: float  # mean probe_prob - base_prob
    failures: tuple[ItemResult, ...]  # the first few failing items, in file order


@dataclass(frozen=True)
class ProbeReport:
    """A model's pass rates on the probes of its task. ``to_dict()`` is JSON-ready (and goes in the card)."""

    weights: str
    task: str
    arch: str
    n: int
    n_passed: int
    pass_rate: float
    max_tokens: int
    categories: tuple[CategoryResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _category(name: str, results: list[ItemResult], n_failures: int) -> CategoryResult:
    n_passed = sum(r.passed for r in results)
    return CategoryResult(
        name=name,
        description=CATEGORIES[name].description,
        n=len(results),
        n_passed=n_passed,
        pass_rate=n_passed / len(results),
        base_accuracy=sum(r.base_predicted == r.item.label for r in results) / len(results),
        mean_shift=float(np.mean([r.probe_prob - r.base_prob for r in results])),
        failures=tuple(r for r in results if not r.passed)[:n_failures],
    )


def run(ck: Checkpoint, items: tuple[ProbeItem, ...] | None = None, *, n_failures: int = 3) -> ProbeReport:
    """Run the items of ``ck``'s task (from its card) and summarise them per category."""
    task = tasks.of_card(ck.card)
    mine = [it for it in (items if items is not None else load()) if it.task == task.name]
    if not mine:
        raise ValueError(f"no probe items for task {task.name!r}")
    labels = tuple(ck.card.get("labels", task.labels))
    probs = predict.text_probabilities(ck, [t for it in mine for t in (it.base, it.probe)], max_tokens=MAX_TOKENS)
    by_category: dict[str, list[ItemResult]] = {}
    for k, it in enumerate(mine):
        p_base, p_probe = probs[2 * k], probs[2 * k + 1]
        y = labels.index(it.label)
        by_category.setdefault(it.category, []).append(
            ItemResult(
                item=it,
                base_predicted=labels[int(p_base.argmax())],
                probe_predicted=labels[int(p_probe.argmax())],
                base_prob=float(p_base[y]),
                probe_prob=float(p_probe[y]),
                passed=passes(it.expect, y, p_base, p_probe),
            )
        )
    cats = tuple(_category(name, rs, n_failures) for name, rs in by_category.items())
    n_passed = sum(c.n_passed for c in cats)
    return ProbeReport(
        weights=ck.path.name,
        task=task.name,
        arch=ck.card.get("arch", ck.model.config.arch),
        n=len(mine),
        n_passed=n_passed,
        pass_rate=n_passed / len(mine),
        max_tokens=MAX_TOKENS,
        categories=cats,
    )
