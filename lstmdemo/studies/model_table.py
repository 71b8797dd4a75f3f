"""Several models' cards side by side: one Markdown table, a column per model (``python -m lstmdemo compare``)."""

from __future__ import annotations

from ..modeling import checkpoint


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def _x(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}x"


def _rate(r: dict | None) -> str:
    return "—" if not r else f"{r['passed']}/{r['n']} ({r['rate']:.0%})"


def _rates(probes: dict) -> str:
    """A probe result's capability (the label a person gives) and, beside it, its direction rate."""
    return f"{_rate(probes['capability'])} / {_rate(probes.get('direction'))}"


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
        rows.append((f"probe: {c['name']}: capability / direction", _rates(c)))
    if probes:
        rows.append(("probes: all: capability / direction", _rates(probes)))
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
