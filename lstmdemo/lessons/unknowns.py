"""Lesson 8, the next step: the words of the text the vocabulary does not know. Every one of them reads as
the same <unk> vector, whatever it means; sub-word vectors (FastText) would build one from its pieces.
Beside them, how often that happens over the test set (from the card's coverage study)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..explain import Explanation


@dataclass(frozen=True)
class Unknowns:
    words: tuple[str, ...]  # the text's unknown words as written, each once, in order
    n_unknown: int  # unknown tokens in the text
    n_words: int
    test_share: float | None  # the share of the test set's tokens that are unknown (None: not measured)
    test_texts_share: float | None  # the share of test texts with at least one
    example: str | None  # the word the lesson builds from pieces: the text's first unknown, else the test set's
    pieces: tuple[str, ...]  # its character 3-grams, as FastText marks and cuts them


#: FastText cuts a word into character n-grams of 3 to 6; the lesson shows the 3-grams.
PIECE = 3


def pieces(word: str, n: int = PIECE) -> tuple[str, ...]:
    """A word's character n-grams with FastText's boundary marks: "car" -> <ca, car, ar>."""
    marked = f"<{word.lower()}>"
    return tuple(marked[i : i + n] for i in range(len(marked) - n + 1))


def unknowns(exp: Explanation, card: dict) -> Unknowns:
    study = card.get("coverage") or {}
    unknown = [t.text for t in exp.tokens if t.unknown]
    frequent = [w for w, _ in study.get("most_frequent") or [] if w.isalpha()]
    example = next((w for w in unknown if w.isalpha()), frequent[0] if frequent else None)
    return Unknowns(
        words=tuple(dict.fromkeys(unknown)),
        n_unknown=len(unknown),
        n_words=len(exp.tokens),
        test_share=study.get("unknown_share"),
        test_texts_share=study.get("texts_with_unknown_share"),
        example=example,
        pieces=pieces(example) if example else (),
    )
