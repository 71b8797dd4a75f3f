"""AG News CSV reading and the train / validation split.

Two layouts are read: the published one (no header; ``class,title,description``)
and the two-column ``class,text`` that ``shared/data/ag_news/train.csv`` uses.
Classes are 1-4 in the files and 0-3 here.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

LABELS: tuple[str, ...] = ("World", "Sports", "Business", "Sci/Tech")

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ag_news"

WHERE_FROM = (
    "AG News is not shipped with lstmdemo. Download it (the `ag_news_csv` archive used by "
    "torchtext and fastai, or the Hugging Face `ag_news` dataset exported to CSV) and pass "
    "the folder holding train.csv and test.csv with --data. Expected rows: "
    "class (1-4),title,description or class (1-4),text; no header."
)


@dataclass(frozen=True)
class Example:
    """One article: raw text (uncleaned, as in the file) and its class 0-3."""

    text: str
    label: int


def data_dir(path: str | Path | None = None) -> Path:
    """Resolve the data folder: ``path`` if given, else the shared default."""
    p = Path(path) if path is not None else DEFAULT_DATA_DIR
    if not p.exists():
        raise FileNotFoundError(f"AG News data not found at {p}. {WHERE_FROM}")
    return p


def read_csv(path: str | Path) -> list[Example]:
    """Read an AG News CSV in either layout; title and description are joined by a space."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"AG News file not found: {p}. {WHERE_FROM}")
    rows: list[Example] = []
    with p.open(newline="", encoding="utf-8") as f:
        for lineno, row in enumerate(csv.reader(f), start=1):
            if not row:
                continue
            if len(row) < 2 or not row[0].strip().isdigit() or not 1 <= int(row[0]) <= 4:
                raise ValueError(
                    f"{p}:{lineno}: expected class (1-4) followed by title,description or text, got {row[:3]!r}"
                )
            text = " ".join(part.strip() for part in row[1:] if part.strip())
            rows.append(Example(text, int(row[0]) - 1))
    if not rows:
        raise ValueError(f"{p} holds no rows. {WHERE_FROM}")
    return rows


def split(rows: list[Example], n_valid: int, seed: int = 0) -> tuple[list[Example], list[Example]]:
    """Carve a seeded random validation split from the training rows."""
    if not 0 < n_valid < len(rows):
        raise ValueError(f"n_valid must be in 1..{len(rows) - 1}, got {n_valid}")
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    valid = [rows[i] for i in order[:n_valid]]
    train = [rows[i] for i in order[n_valid:]]
    return train, valid
