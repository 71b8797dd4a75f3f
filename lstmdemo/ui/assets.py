"""The page's own CSS and JavaScript files (``ui/assets/``): data the browser runs, kept out of Python strings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DIR = Path(__file__).resolve().parent / "assets"


@cache
def read(name: str) -> str:
    return (DIR / name).read_text(encoding="utf-8")
