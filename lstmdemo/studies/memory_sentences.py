"""The memory experiment's sentences: the animal decides the label, N filler tokens later the sentence ends.

Modelled on the chapter's sentence "The cat, which was sitting on the mat in the living room,
and had been sleeping for hours, finally woke up":

    the {cat|dog} , <N filler tokens> , finally woke up          T = N + 7 tokens

- The animal (token 1) is the only word that carries the label; every filler clause is drawn
  independently of it, and the ending is the same for both classes, so a model that has
  forgotten token 1 by the end can only guess (chance = 0.5).
- Fillers are whole clauses from a small bank (1-8 tokens, commas counted as tokens), so a
  sentence reads like the chapter's; the last clause is picked among those that fit, so the
  filler is exactly N tokens.
- Every draw is deterministic from (purpose, N, seed): training streams, the validation draw
  and the test draw never share a random stream.

Two classes (cat vs dog): one bit to carry, chance is an obvious 0.5, and it is the
classic two-class long-term-dependency setting; more animals only make the same question
(does *anything* of token 1 survive?) harder to read off a chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..modeling.vocab import PAD, UNK

ANIMALS: tuple[str, ...] = ("cat", "dog")
PREFIX: tuple[str, ...] = ("the",)  # then the animal, then ","
AFTER_ANIMAL: tuple[str, ...] = (",",)
ENDING: tuple[str, ...] = (",", "finally", "woke", "up")
LABEL_POSITION = len(PREFIX)  # the animal is token 1
EXTRA_TOKENS = len(PREFIX) + 1 + len(AFTER_ANIMAL) + len(ENDING)  # T = N + 7

#: The chapter's own clauses, in its order (17 tokens): the page's sentence starts with these.
CHAPTER: tuple[str, ...] = (
    "which was sitting on the mat",
    "in the living room",
    ", and had been sleeping for hours",
)
#: Further clauses; none names or implies an animal. Lengths 1-8 tokens, every length present.
BANK: tuple[str, ...] = (
    *CHAPTER,
    "quietly",
    "again",
    "alone",
    "all day",
    "at home",
    "very still",
    "for hours",
    "near the fire",
    "by the door",
    "on the mat",
    "in the sun",
    "under the table",
    "next to the window",
    "behind the green chair",
    "in the warm kitchen",
    "on a soft blanket",
    ", while the rain kept falling",
    "as the house grew dark",
    "after a long walk in the park",
    ", while the children played in the garden",
    "as the old clock on the wall ticked",
)


def _tokens(clause: str) -> tuple[str, ...]:
    return tuple(clause.split())


CLAUSES: tuple[tuple[str, ...], ...] = tuple(_tokens(c) for c in BANK)
if not {1, 2, 3, 4, 5, 6, 7, 8} <= {len(c) for c in CLAUSES}:
    raise AssertionError("the bank must hold a clause of every length 1-8 so any N can be filled exactly")


def words() -> tuple[str, ...]:
    """The experiment's vocabulary: <pad>, <unk>, then every token it uses, sorted (ids are positions)."""
    used = set(PREFIX) | set(ANIMALS) | set(AFTER_ANIMAL) | set(ENDING) | {t for c in CLAUSES for t in c}
    return (PAD, UNK, *sorted(used))


def random_filler(n: int, rng: np.random.Generator) -> list[str]:
    """Exactly ``n`` tokens of random clauses: each clause uniform among those that still fit."""
    out: list[str] = []
    while len(out) < n:
        room = n - len(out)
        fitting = [c for c in CLAUSES if len(c) <= room]
        out.extend(fitting[int(rng.integers(len(fitting)))])
    return out


def chapter_filler(n: int) -> list[str]:
    """The page's filler: the chapter's clauses while they fit, then the longest unused clause that fits."""
    out: list[str] = []
    used: set[int] = set()
    for i, clause in enumerate(CLAUSES[: len(CHAPTER)]):
        if len(out) + len(clause) > n:
            break
        out.extend(clause)
        used.add(i)
    while len(out) < n:
        room = n - len(out)
        fitting = [i for i, c in enumerate(CLAUSES) if len(c) <= room and i not in used]
        if not fitting:  # the bank is used up (N > ~110): start it again
            used.clear()
            continue
        best = max(fitting, key=lambda i: (len(CLAUSES[i]), -i))
        out.extend(CLAUSES[best])
        used.add(best)
    return out


def sentence(animal: str, filler: list[str]) -> list[str]:
    return [*PREFIX, animal, *AFTER_ANIMAL, *filler, *ENDING]


def chapter_sentence(animal: str, n: int) -> list[str]:
    """The chapter's sentence stretched or cut to ``n`` filler tokens (n=17 is the chapter's own)."""
    return sentence(animal, chapter_filler(n))


@dataclass(frozen=True)
class Batch:
    ids: torch.Tensor  # [B, T] int64, no padding: every sentence of a batch has the same N
    labels: torch.Tensor  # [B] int64, index into ANIMALS


def encode(tokens: list[str], stoi: dict[str, int]) -> list[int]:
    return [stoi.get(t, 1) for t in tokens]


PURPOSES = {"train": 1, "valid": 2, "test": 3, "probe": 4}


def stream(purpose: str, n: int, seed: int) -> np.random.Generator:
    """An independent, reproducible random stream for (purpose, N, seed)."""
    return np.random.default_rng([PURPOSES[purpose], n, seed])


def draw(n: int, size: int, rng: np.random.Generator, stoi: dict[str, int]) -> Batch:
    """``size`` fresh sentences with ``n`` filler tokens; labels balanced only in expectation."""
    labels = rng.integers(len(ANIMALS), size=size)
    rows = [encode(sentence(ANIMALS[y], random_filler(n, rng)), stoi) for y in labels]
    return Batch(ids=torch.tensor(rows, dtype=torch.long), labels=torch.tensor(labels, dtype=torch.long))


def held_out(purpose: str, n: int, size: int, stoi: dict[str, int]) -> Batch:
    """The validation / test / probe draw for ``n``: the same sentences for every model and seed."""
    return draw(n, size, stream(purpose, n, seed=0), stoi)
