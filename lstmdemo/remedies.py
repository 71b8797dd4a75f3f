"""What the remedies change, measured: where the attention model looks.

The attention remedy gives every word a weight (summing to 1 over the sentence)
before the classifier reads the sentence. If attention were the cure for "every
word weighed alike", a modifier would get more than an average word of its
sentence. ``attention_study`` measures that over a data set, with the same word
groups (and the same "relative to an average word of its sentence" scale,
weight x T) as the Integrated Gradients modifier study, so the two read side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import torch

from . import modifiers
from .data import Example
from .explain import MAX_TOKENS, attention_weights, load_model
from .text import tokenize


def attention_study(
    rows: list[Example],
    *,
    model: str | Path,
    progress: bool = False,
    frequencies: Mapping[str, int] | None = None,
) -> dict:
    """Mean attention weight per word group, over the sentences of ``rows`` that hold a modifier.

    Only sentences with a modifier count, so modifiers, function and content words
    are compared within the same sentences; ``frequencies`` (training-corpus token
    counts) add the IG study's frequency-matched control.
    """
    from tqdm import tqdm

    ck = load_model(model)
    if ck.model.config.pooling != "attention":
        raise ValueError(f"{ck.path} has no attention pooling (its pooling is {ck.model.config.pooling!r})")
    study = modifiers.ShareStudy(frequencies)
    for row in tqdm(rows, disable=not progress, desc="attention study"):
        norms = [t.text for t in tokenize(row.text)[:MAX_TOKENS]]
        if not any(modifiers.kind_of(w) is not None for w in norms):
            continue
        weights = attention_weights(ck.model, torch.tensor(ck.vocab.encode(norms)))
        assert weights is not None
        study.add(norms, weights)
    return {
        **study.summary(),
        "n_rows": len(rows),
        "sentences": "only those with a modifier",
        "measure": "attention weight; relative share = weight x sentence length (1.0 = an average word)",
    }


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def _x(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}x"


def _study_rows(label: str, study: dict | None) -> list[tuple[str, str]]:
    """A share study's modifier figure and its frequency-matched controls, on the relative scale."""
    if not study:
        return []
    matched = (study.get("frequency_matched") or {}).get("modifier") or {}
    rows = [
        (f"{label}: modifier", _x(study["modifier"]["mean_relative_share"])),
        (f"{label}: negation", _x(study["by_kind"]["negation"]["mean_relative_share"])),
    ]
    if matched:
        cells = [_x(matched[k]["mean_relative_share"]) for k in ("function_words", "content_words")]
        rows.append((f"{label}: function / content words of the same frequency", " / ".join(cells)))
    return rows


def card_rows(card: dict, files_bytes: int) -> list[tuple[str, str]]:
    """One model's column of the side-by-side table, as (row label, cell) pairs."""
    rows = [
        ("test accuracy", f"{(card.get('test') or {}).get('accuracy', float('nan')):.4f}"),
        ("validation accuracy", f"{(card.get('validation') or {}).get('accuracy', float('nan')):.4f}"),
    ]
    probes = card.get("probes") or {}
    for c in probes.get("categories", []):
        rows.append((f"probe: {c['name']}", f"{c['n_passed']}/{c['n']} ({c['pass_rate']:.0%})"))
    if probes:
        rows.append(("probes: all", f"{probes['n_passed']}/{probes['n']} ({probes['pass_rate']:.0%})"))
    for r in (card.get("cad") or {}).get("results", []):
        budget = f"first {r['max_tokens']} tokens" if r["max_tokens"] else "whole reviews"
        cells = (r["accuracy_original"], r["accuracy_edited"], r["both_right"])
        rows.append((f"CAD dev, {budget}: originals / edits / both right", " / ".join(_pct(x) for x in cells)))
    rows += _study_rows("IG share", card.get("modifier_study"))
    rows += _study_rows("attention weight", card.get("attention_study"))
    training = card.get("training") or {}
    rows += [
        ("best epoch", str(training.get("best_epoch", "—"))),
        ("trained parameters", f"{(card.get('parameters') or {}).get('trainable', 0):,}"),
        ("training time", f"{training['seconds'] / 60:.0f} min" if "seconds" in training else "—"),
        ("weights on disk", f"{files_bytes / 1e6:.1f} MB"),
    ]
    return rows


def side_by_side(names: list[str]) -> str:
    """The models' cards as one Markdown table, a column per model (rows any card has)."""
    from . import checkpoint

    columns = {}
    for name in names:
        card = checkpoint.read_card(name)
        size = sum(f["bytes"] for f in card["files"].values()) + (checkpoint.resolve(name) / "card.json").stat().st_size
        columns[name] = dict(card_rows(card, size))
    labels: list[str] = []  # every column's rows, each new one placed after its predecessor in that column
    for col in columns.values():
        prev = None
        for label in col:
            if label not in labels:
                labels.insert(labels.index(prev) + 1 if prev else 0, label)
            prev = label
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(col.get(label, "—") for col in columns.values()) + " |" for label in labels]
    return "\n".join(lines)
