"""Published minimal-edit pairs: does a sentiment model follow an edit that flips a review?

Kaushik, Hovy and Lipton (2020) had people edit IMDb reviews as little as possible so
that the sentiment flips (``shared/data/cad/dev_paired.tsv``: 245 pairs, original
first). A model that reads "not" and "bad" should get both texts of a pair right.
Nobody here wrote these pairs, which makes them a fair check of our own probes.

The reviews are long (median 183 tokens; a tenth over 310) and the models were trained
on SST sentences of up to 80 tokens. The report therefore gives every figure at several reading budgets:
the first 80 tokens (the training length), the first ``MAX_TOKENS`` = 200 (what
``explain()`` and the page read) and the whole review. An edit beyond the budget is
invisible to the model, so the report also says how many pairs differ within it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import tasks
from ..modeling import predict
from ..modeling.checkpoint import Checkpoint
from ..modeling.text import MAX_TOKENS, words

CAD_FILE = tasks.SHARED_DATA / "cad" / "dev_paired.tsv"
HEADER = ("pair_id", "label", "text")
BUDGETS: tuple[int | None, ...] = (80, MAX_TOKENS, None)  # None: the whole review
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class CadPair:
    pair_id: str
    original: str  # cleaned review text
    original_label: str  # as in the file: "Positive" / "Negative"
    edited: str
    edited_label: str


def unquote(text: str) -> str:
    """Undo CSV quoting ("..." with inner "" doubled), turn <br /> into spaces, collapse blanks."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return " ".join(_BREAK.sub(" ", text).split())


def read_pairs(path: str | Path = CAD_FILE) -> tuple[CadPair, ...]:
    """Read a CAD paired TSV: a header, then each pair as two consecutive rows (original, edit)."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"CAD pairs not found: {p} (see shared/data/cad/README.md for the source)")
    lines = p.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise ValueError(f"{p}:1: expected the header {chr(9).join(HEADER)!r}")
    rows = [(n, line.split("\t", 2)) for n, line in enumerate(lines[1:], start=2) if line.strip()]
    for n, cells in rows:
        if len(cells) != 3 or not cells[2].strip():
            raise ValueError(f"{p}:{n}: expected pair_id<TAB>label<TAB>text")
    if len(rows) % 2:
        raise ValueError(f"{p}: {len(rows)} rows; pairs need an even number")
    pairs = []
    for (n, a), (_, b) in zip(rows[::2], rows[1::2], strict=True):
        if a[0] != b[0] or a[1].lower() == b[1].lower():
            raise ValueError(f"{p}:{n}: rows {a[0]} and {b[0]} are not one pair with two different labels")
        pairs.append(CadPair(a[0], unquote(a[2]), a[1], unquote(b[2]), b[1]))
    return tuple(pairs)


def changes(a: str, b: str, limit: int = 3) -> tuple[str, ...]:
    """The first few word-level changes from ``a`` to ``b``, e.g. "'bad' -> 'good'"."""
    wa, wb = a.split(), b.split()
    ops = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes()
    out = [f"'{' '.join(wa[i1:i2])}' -> '{' '.join(wb[j1:j2])}'" for op, i1, i2, j1, j2 in ops if op != "equal"]
    return tuple(out[:limit])


@dataclass(frozen=True)
class CadExample:
    """One pair and what the model made of it."""

    pair_id: str
    outcome: str  # "both right" or "the edit did not move the prediction"
    changes: tuple[str, ...]  # the first word-level edits
    original_label: str
    original_predicted: str
    original_prob: float  # probability of the original's label
    edited_label: str
    edited_predicted: str
    edited_prob: float  # probability of the edit's label


@dataclass(frozen=True)
class CadResult:
    """All pairs read up to ``max_tokens`` tokens (None: whole reviews)."""

    max_tokens: int | None
    n_pairs: int
    n_edit_visible: int  # pairs whose two texts still differ within the budget
    accuracy_original: float
    accuracy_edited: float
    both_right: float  # share of pairs with both texts right
    prediction_changed: float  # share of pairs whose predicted label differs between the two texts
    examples: tuple[CadExample, ...]


@dataclass(frozen=True)
class CadReport:
    weights: str
    task: str
    arch: str
    data: str
    median_tokens: float  # of the original reviews
    results: tuple[CadResult, ...]  # one per budget in BUDGETS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _examples(
    pairs: tuple[CadPair, ...],
    labels: tuple[str, ...],
    p_orig: np.ndarray,
    p_edit: np.ndarray,
    ys: list[tuple[int, int]],
    n: int,
) -> tuple[CadExample, ...]:
    right = [k for k in range(len(pairs)) if p_orig[k].argmax() == ys[k][0] and p_edit[k].argmax() == ys[k][1]]
    stuck = [k for k in range(len(pairs)) if p_orig[k].argmax() == p_edit[k].argmax()]
    chosen = [(k, "both right") for k in right[:n]] + [(k, "the edit did not move the prediction") for k in stuck[:n]]
    return tuple(
        CadExample(
            pair_id=pairs[k].pair_id,
            outcome=outcome,
            changes=changes(pairs[k].original, pairs[k].edited),
            original_label=labels[ys[k][0]],
            original_predicted=labels[int(p_orig[k].argmax())],
            original_prob=float(p_orig[k][ys[k][0]]),
            edited_label=labels[ys[k][1]],
            edited_predicted=labels[int(p_edit[k].argmax())],
            edited_prob=float(p_edit[k][ys[k][1]]),
        )
        for k, outcome in chosen
    )


def evaluate(
    ck: Checkpoint, pairs: tuple[CadPair, ...], *, data: str = CAD_FILE.name, n_examples: int = 3
) -> CadReport:
    """Accuracy on originals and edits, and both right, at every budget in ``BUDGETS``."""
    labels = tuple(ck.card.get("labels", ()))
    lowered = [lab.lower() for lab in labels]
    try:
        ys = [(lowered.index(p.original_label.lower()), lowered.index(p.edited_label.lower())) for p in pairs]
    except ValueError:
        raise ValueError(f"CAD pairs are labelled Positive / Negative; {ck.path} predicts {labels}") from None
    y = np.array(ys)
    results = []
    for budget in BUDGETS:
        p_orig = predict.text_probabilities(ck, [p.original for p in pairs], max_tokens=budget)
        p_edit = predict.text_probabilities(ck, [p.edited for p in pairs], max_tokens=budget)
        right_o, right_e = p_orig.argmax(1) == y[:, 0], p_edit.argmax(1) == y[:, 1]
        results.append(
            CadResult(
                max_tokens=budget,
                n_pairs=len(pairs),
                n_edit_visible=sum(words(p.original)[:budget] != words(p.edited)[:budget] for p in pairs),
                accuracy_original=float(right_o.mean()),
                accuracy_edited=float(right_e.mean()),
                both_right=float((right_o & right_e).mean()),
                prediction_changed=float((p_orig.argmax(1) != p_edit.argmax(1)).mean()),
                examples=_examples(pairs, labels, p_orig, p_edit, ys, n_examples),
            )
        )
    return CadReport(
        weights=ck.path.name,
        task=tasks.of_card(ck.card).name,
        arch=ck.card.get("arch", ck.model.config.arch),
        data=data,
        median_tokens=float(np.median([len(words(p.original)) for p in pairs])),
        results=tuple(results),
    )
