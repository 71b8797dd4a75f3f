"""Data readers (AG News CSV, SST TSV) and the train / validation split.

AG News: two layouts are read, the published one (no header;
``class,title,description``) and the two-column ``class,text`` that
``shared/data/ag_news/train.csv`` uses. Classes are 1-4 in the files and 0-3 here.

SST-2 (GLUE layout): a ``sentence<TAB>label`` header, then one row per line,
label 0 (negative) or 1 (positive); GLUE's trailing space before the tab is dropped.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

WHERE_FROM = (
    "AG News is not shipped with lstmdemo. Download it (the `ag_news_csv` archive used by "
    "torchtext and fastai, or the Hugging Face `ag_news` dataset exported to CSV) and pass "
    "the folder holding train.csv and test.csv with --data. Expected rows: "
    "class (1-4),title,description or class (1-4),text; no header."
)


SST_WHERE_FROM = (
    "SST-2 is not shipped with lstmdemo. Get GLUE's SST-2 (train.tsv, dev.tsv) and the labelled "
    "SST binary test sentences as test.tsv, and pass the folder with --data. Expected: a header "
    "sentence<TAB>label, then rows text<TAB>0|1."
)
SST_HEADER = ("sentence", "label")


@dataclass(frozen=True)
class Example:
    """One row: raw text (uncleaned, as in the file) and its class index."""

    text: str
    label: int


def data_dir(path: str | Path | None, default: Path, where_from: str) -> Path:
    """Resolve the data folder: ``path`` if given, else ``default`` (a task's); ``where_from`` says how to get it."""
    p = Path(path) if path is not None else default
    if not p.exists():
        raise FileNotFoundError(f"data not found at {p}. {where_from}")
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


def read_tsv(path: str | Path) -> list[Example]:
    """Read an SST-2 TSV (``sentence<TAB>label`` header; labels 0 / 1)."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"SST-2 file not found: {p}. {SST_WHERE_FROM}")
    rows: list[Example] = []
    with p.open(encoding="utf-8", newline="") as f:
        header = tuple(c.strip().lower() for c in f.readline().rstrip("\r\n").split("\t"))
        if header != SST_HEADER:
            raise ValueError(f"{p}:1: expected the header sentence<TAB>label, got {header!r}. {SST_WHERE_FROM}")
        for lineno, line in enumerate(f, start=2):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            text, sep, label = line.rpartition("\t")
            if not sep or not text.strip() or label.strip() not in ("0", "1"):
                raise ValueError(f"{p}:{lineno}: expected text<TAB>0 or text<TAB>1, got {line[:80]!r}")
            rows.append(Example(text.strip(), int(label)))
    if not rows:
        raise ValueError(f"{p} holds no rows. {SST_WHERE_FROM}")
    return rows


def read(path: str | Path) -> list[Example]:
    """Read a data file by its suffix: ``.tsv`` is SST, anything else AG News CSV."""
    return read_tsv(path) if Path(path).suffix.lower() == ".tsv" else read_csv(path)


def split(rows: list[Example], n_valid: int, seed: int = 0) -> tuple[list[Example], list[Example]]:
    """Carve a seeded random validation split from the training rows."""
    if not 0 < n_valid < len(rows):
        raise ValueError(f"n_valid must be in 1..{len(rows) - 1}, got {n_valid}")
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    valid = [rows[i] for i in order[:n_valid]]
    train = [rows[i] for i in order[n_valid:]]
    return train, valid
