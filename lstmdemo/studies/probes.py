"""The probe suite: minimal pairs that ask whether a model reads modifiers, and its pass rates.

Each item (``resources/probes.tsv``, format in ``resources/README.md``) is a base
sentence and a probe that adds a modifier to it ("The movie is good." -> "The
movie is not good."), with the label of the base. A single attribution figure cannot
say whether a model *misreads* "not"; a pair whose prediction does not move can.

Two tests per item, named as CheckList (Ribeiro et al., 2020) names them, because they
answer different questions and a reader must not take one for the other:

- **capability**: the probe gets the label a person gives it ("not bad" -> Positive). This
  is the headline: it is what a student checks by typing the sentence.
- **direction**: the base label's logit margin (its logit minus the largest other) moves the
  way the modifier should move it. Margins, not probabilities: at P = 0.999 nothing can rise.

"P(Negative) falls" alone used to count "not bad" as passed while it stayed Negative.
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
COLUMNS = ("id", "task", "category", "label", "modifier", "target", "base", "probe", "source")

#: Long-distance items: the negation stands at least this many tokens before the word it flips.
LONG_DISTANCE = 8

#: The label a person gives the probe: the other label of a two-label task, or the base's own.
FLIPPED, KEPT = "flipped", "kept"
#: Which way the base label's logit margin should move from base to probe.
FALLS, RISES = "falls", "rises"


@dataclass(frozen=True)
class Category:
    name: str
    task: str
    kinds: tuple[str, ...]  # allowed modifier kinds (modeling.lexicon.LEXICON)
    person: str  # FLIPPED or KEPT: the label a person gives the probe
    margin: str | None  # FALLS or RISES; None: no direction is expected (a topic should not move at all)
    description: str


CATEGORIES: dict[str, Category] = {
    c.name: c
    for c in (
        Category("negated_positive", "sentiment", ("negation",), FLIPPED, FALLS, "'good' -> 'not good': Negative"),
        Category("negated_negative", "sentiment", ("negation",), FLIPPED, FALLS, "'bad' -> 'not bad': Positive"),
        Category(
            "long_negation",
            "sentiment",
            ("negation",),
            FLIPPED,
            FALLS,
            f"the negation stands {LONG_DISTANCE} or more tokens before the word it flips: the label flips",
        ),
        Category(
            "intensifier", "sentiment", ("intensifier",), KEPT, RISES, "'good' -> 'very good': same label, more sure"
        ),
        Category(
            "diminisher", "sentiment", ("diminisher",), KEPT, FALLS, "'funny' -> 'mildly funny': same label, less sure"
        ),
        Category(
            "topic_control",
            "topic",
            ("negation", "intensifier", "diminisher"),
            KEPT,
            None,
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
    if item.task not in tasks.TASKS:
        return f"unknown task {item.task!r}; registered: {', '.join(tasks.TASKS)}"
    if cat.person == FLIPPED and len(tasks.TASKS[item.task].labels) != 2:
        return f"category {item.category} flips the label, which only a two-label task defines"
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


def person_label(category: str, label: str, labels: tuple[str, ...]) -> str:
    """The label a person gives a probe of ``category`` whose base is labelled ``label``: the other of
    two labels ("not bad" -> Positive) or the base's own ("very good" stays Positive)."""
    if CATEGORIES[category].person == KEPT:
        return label
    (other,) = (lab for lab in labels if lab != label)
    return other


def moved(category: str, base_margin: float, probe_margin: float) -> bool | None:
    """Did the base label's margin move the way ``category`` expects? None where no way is expected."""
    way = CATEGORIES[category].margin
    if way is None:
        return None
    return probe_margin < base_margin if way == FALLS else probe_margin > base_margin


@dataclass(frozen=True)
class ItemResult:
    item: ProbeItem
    expected: str  # the label a person gives the probe
    base_predicted: str
    probe_predicted: str
    base_prob: float  # probability of item.label (the base's label) for the base
    probe_prob: float  # ... and for the probe
    base_margin: float  # logit margin of item.label for the base
    probe_margin: float  # ... and for the probe
    capable: bool  # capability: the probe is predicted as ``expected``
    direction: bool | None  # direction: the margin moved the expected way (None: no way expected)


@dataclass(frozen=True)
class Rate:
    passed: int
    n: int
    rate: float

    @staticmethod
    def of(outcomes: list[bool]) -> Rate | None:
        """The share of True among ``outcomes``; None when there are none."""
        return Rate(sum(outcomes), len(outcomes), sum(outcomes) / len(outcomes)) if outcomes else None


@dataclass(frozen=True)
class CategoryResult:
    name: str
    description: str
    person: str  # FLIPPED or KEPT: whose label a person gives the probe
    margin: str | None  # FALLS, RISES or None: the direction test
    n: int
    capability: Rate  # the headline: probes predicted as a person labels them
    direction: Rate | None  # margins that moved the expected way (None: no direction expected)
    # Capability over the items whose base the model gets right: a model that calls every long
    # sentence Negative "flips" long negations of positive bases without reading the negation.
    capability_base_right: Rate | None
    base_accuracy: float  # share of bases predicted as their label (how fair the test is)
    mean_margin_shift: float  # mean probe_margin - base_margin (the base label's margin)
    failures: tuple[ItemResult, ...]  # the first few items failing the capability test, in file order


@dataclass(frozen=True)
class ProbeReport:
    """A model's capability and direction rates on the probes of its task. ``to_dict()`` is JSON-ready
    (and goes in the card)."""

    weights: str
    task: str
    arch: str
    n: int
    capability: Rate
    direction: Rate | None  # over the categories that expect a direction
    max_tokens: int
    categories: tuple[CategoryResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _category(name: str, results: list[ItemResult], n_failures: int) -> CategoryResult:
    cat = CATEGORIES[name]
    capability = Rate.of([r.capable for r in results])
    assert capability is not None
    right = [r.capable for r in results if r.base_predicted == r.item.label]
    return CategoryResult(
        name=name,
        description=cat.description,
        person=cat.person,
        margin=cat.margin,
        n=len(results),
        capability=capability,
        direction=Rate.of([r.direction for r in results if r.direction is not None]),
        capability_base_right=Rate.of(right),
        base_accuracy=sum(r.base_predicted == r.item.label for r in results) / len(results),
        mean_margin_shift=float(np.mean([r.probe_margin - r.base_margin for r in results])),
        failures=tuple(r for r in results if not r.capable)[:n_failures],
    )


def judge(it: ProbeItem, labels: tuple[str, ...], logits: np.ndarray) -> ItemResult:
    """One item's two tests, from its base's and its probe's logits [2, C]."""
    y = labels.index(it.label)
    expected = person_label(it.category, it.label, labels)
    (base, probe), (p_base, p_probe) = logits, predict.softmax(logits)
    m_base, m_probe = float(predict.margin(base, y)), float(predict.margin(probe, y))
    probe_predicted = labels[int(probe.argmax())]
    return ItemResult(
        item=it,
        expected=expected,
        base_predicted=labels[int(base.argmax())],
        probe_predicted=probe_predicted,
        base_prob=float(p_base[y]),
        probe_prob=float(p_probe[y]),
        base_margin=m_base,
        probe_margin=m_probe,
        capable=probe_predicted == expected,
        direction=moved(it.category, m_base, m_probe),
    )


def run(ck: Checkpoint, items: tuple[ProbeItem, ...] | None = None, *, n_failures: int = 3) -> ProbeReport:
    """Run the items of ``ck``'s task (from its card) and summarise them per category."""
    task = tasks.of_card(ck.card)
    mine = [it for it in (items if items is not None else load()) if it.task == task.name]
    if not mine:
        raise ValueError(f"no probe items for task {task.name!r}")
    labels = tuple(ck.card.get("labels", task.labels))
    logits = predict.text_logits(ck, [t for it in mine for t in (it.base, it.probe)], max_tokens=MAX_TOKENS)
    by_category: dict[str, list[ItemResult]] = {}
    for k, it in enumerate(mine):
        by_category.setdefault(it.category, []).append(judge(it, labels, logits[2 * k : 2 * k + 2]))
    cats = tuple(_category(name, rs, n_failures) for name, rs in by_category.items())
    every = [r for rs in by_category.values() for r in rs]
    capability = Rate.of([r.capable for r in every])
    assert capability is not None
    return ProbeReport(
        weights=ck.path.name,
        task=task.name,
        arch=ck.card.get("arch", ck.model.config.arch),
        n=len(mine),
        capability=capability,
        direction=Rate.of([r.direction for r in every if r.direction is not None]),
        max_tokens=MAX_TOKENS,
        categories=cats,
    )
