"""Every readable word: one message catalogue per language (``locales/<lang>.json``), one lookup.

Every visible string goes through ``say`` (or a ``Say`` bound to a language), so a second
catalogue with the same keys translates the whole page. Messages are ``str.format``
templates with named placeholders; the values are formatted (and escaped) by the caller.
The core uses it too: the readable sentences it returns (a modifier's verdict, an edit's
description, a task's words) are made from its numbers in a language the caller chooses,
while every number and label stays the same in every language.
"""

from __future__ import annotations

import functools
import json
import re
import string
from collections.abc import Callable
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT_LANG = "en"

#: ``say(key, **values) -> text``: what the renderers and the plots take.
Say = Callable[..., str]


@functools.cache
def catalogue(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The messages of ``lang``, key -> template."""
    path = LOCALES / f"{lang}.json"
    if not path.is_file():
        raise ValueError(f"no message catalogue for language {lang!r}; choose one of {', '.join(languages())}")
    return json.loads(path.read_text(encoding="utf-8"))


def languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LOCALES.glob("*.json")))


def placeholders(template: str) -> frozenset[str]:
    """The named fields a template fills, e.g. ``{"rank", "n"}`` for ``"{rank} of {n}"``."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def slug(name: str) -> str:
    """A name as a key part: lowercase, runs of other characters as one "_" ("Sci/Tech" -> "sci_tech")."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def say(key: str, /, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled; a missing key raises KeyError."""
    return catalogue(lang)[key].format(**values)


def sayer(lang: str = DEFAULT_LANG) -> Say:
    """``say`` bound to one language."""
    catalogue(lang)
    return functools.partial(say, lang=lang)
