"""Every readable word: one message catalogue per language (``locales/<lang>.json``), one lookup.

Every visible string goes through ``say`` (or a ``Say`` bound to a language), so a second
catalogue with the same keys translates the whole page. Messages are ``str.format``
templates with named placeholders; the values are formatted (and escaped) by the caller.
A Korean particle that depends on the word filled in is written as the placeholder's format
spec, e.g. ``{label:은/는}`` or ``{label:으로/로}`` (see ``josa``); other languages ignore it.
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


#: Hangul syllables: U+AC00 + (initial * 21 + medial) * 28 + final, final 0 = none, 8 = ㄹ.
HANGUL_FIRST, HANGUL_LAST, FINALS, RIEUL = 0xAC00, 0xD7A3, 28, 8
#: Particle pairs ``josa`` chooses between: after a final consonant / after a vowel.
PARTICLES = ("은/는", "이/가", "을/를", "과/와", "으로/로")


def josa(word: str, pair: str) -> str:
    """The Korean particle of ``pair`` ("은/는", "이/가", "을/를", "과/와", "으로/로") that follows ``word``,
    judged by its last Hangul syllable before any parenthesis ("긍정적(Positive)" -> 적); "으로/로" takes
    로 after ㄹ too. A word without Hangul gets both forms, "은(는)"."""
    after_consonant, after_vowel = pair.split("/")
    head = word.split("(")[0].rstrip(" *_\\\"'”’")  # the word itself, without its gloss or markup
    final = _spoken_final(head)
    if final is None:
        return f"{after_consonant}({after_vowel})" if pair != "으로/로" else "(으)로"
    vowel_like = final == 0 or (final == RIEUL and pair == "으로/로")
    return after_vowel if vowel_like else after_consonant


#: The final consonant (as ``FINALS`` counts it) of each digit read in Korean: 영 일 이 삼 사 오 육 칠 팔 구,
#: and of the powers of ten a number can end in: 십 백 천 만.
DIGIT_FINALS = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
TENS_FINALS = (17, 1, 4, 4)  # 십 (ㅂ), 백 (ㄱ), 천 (ㄴ), 만 (ㄴ)


def _spoken_final(word: str) -> int | None:
    """The final consonant of ``word`` as Korean reads its end: a Hangul syllable, a number (read as Korean
    numerals: "72" ends in 이, "10" in 십) or a percentage (퍼센트); None for anything else (Latin letters)."""
    if word.endswith("%"):
        return 0
    syllables = [c for c in word if HANGUL_FIRST <= ord(c) <= HANGUL_LAST]
    if word and HANGUL_FIRST <= ord(word[-1]) <= HANGUL_LAST:
        return (ord(syllables[-1]) - HANGUL_FIRST) % FINALS
    digits = re.search(r"(\d+)(?:[.,]\d+)?$", word)
    if digits is None:
        return None
    number = digits.group(0).replace(",", "")
    if "." in number:
        return DIGIT_FINALS[number[-1]]
    stripped = number.rstrip("0")
    zeros = len(number) - len(stripped)
    if zeros == 0 or not stripped:
        return DIGIT_FINALS[number[-1]]
    return TENS_FINALS[min(zeros, len(TENS_FINALS)) - 1]


class _Formatter(string.Formatter):
    """``str.format`` where a format spec naming a particle pair appends the particle that fits."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in PARTICLES:
            return f"{value}{josa(str(value), format_spec)}"
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def say(key: str, /, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The message ``key`` in ``lang`` with its placeholders filled; a missing key raises KeyError."""
    return _FORMATTER.format(catalogue(lang)[key], **values)


def sayer(lang: str = DEFAULT_LANG) -> Say:
    """``say`` bound to one language."""
    catalogue(lang)
    return functools.partial(say, lang=lang)
