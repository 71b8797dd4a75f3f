"""Data the package reads (word lists, edit rules, probes; formats in ``README.md``), found by name here
so that no module that reads one owns the folder for the others."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """A resource file's path, e.g. ``path("probes.tsv")``."""
    return DIR / name


def read_json(name: str) -> Any:
    return json.loads(path(name).read_text(encoding="utf-8"))


def read_lines(name: str) -> list[str]:
    """A word list's entries: one a line, blank lines and ``#`` comments left out."""
    lines = path(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
