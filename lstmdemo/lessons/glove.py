"""Lesson 5, GloVe (frozen): which words the model's own word vectors put nearest, and whether training
could move them. In frozen GloVe an opposite often sits as close as a synonym ("good" beside "bad"
and "great"), because both fill the same sentences; only fine-tuned vectors can pull them apart, which
is why the chapter's first remaining problem (frozen embeddings) feeds its third (modifiers).

The vectors are the rows the model itself reads (its embedding layer), not a separate GloVe file.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import torch

from .. import resources
from ..modeling.checkpoint import Checkpoint
from ..modeling.vocab import PAD_ID, UNK_ID

#: Words a lesson compares: a word, its opposite and a word alike (resources/glove_pairs.json).
PAIRS: tuple[dict[str, str], ...] = tuple(resources.read_json("glove_pairs.json"))
#: Neighbours shown per word.
K = 5


@dataclass(frozen=True)
class Neighbour:
    word: str
    cosine: float


#: Per embedding matrix (a model's, frozen once loaded): its rows at length 1 and which are words.
#: Keyed by the matrix's id, kept with a weak reference that tells a reused id from the same matrix.
_UNIT: dict[int, tuple[weakref.ref, torch.Tensor, torch.Tensor]] = {}


def _unit_rows(ck: Checkpoint) -> tuple[torch.Tensor, torch.Tensor]:
    """The embedding rows [V, D] scaled to length 1 (the all-zero <pad> row stays 0), and [V] which rows
    are alphabetic words. Computed once per loaded model: every explanation asks for them."""
    weight = ck.model.embedding.weight
    cached = _UNIT.get(id(weight))
    if cached is None or cached[0]() is not weight:
        w = weight.detach().float()  # float32: a cosine shown to 3 decimals, at half the cost of float64
        alphabetic = torch.tensor([t.isalpha() for t in ck.vocab.itos])
        alphabetic[[PAD_ID, UNK_ID]] = False
        cached = (weakref.ref(weight), w / w.norm(dim=1, keepdim=True).clamp_min(1e-12), alphabetic)
        _UNIT[id(weight)] = cached
        weakref.finalize(weight, _UNIT.pop, id(weight), None)
    return cached[1], cached[2]


def nearest(ck: Checkpoint, words: Iterable[str], k: int = K) -> dict[str, tuple[Neighbour, ...]]:
    """For each known word (normalised form), its ``k`` nearest alphabetic words by cosine; unknown words
    have no vector of their own (they all read as <unk>) and get none."""
    rows, alphabetic = _unit_rows(ck)
    known = [(w, ck.vocab.stoi[w]) for w in dict.fromkeys(words) if w in ck.vocab.stoi]
    if not known:
        return {}
    index = torch.tensor([i for _, i in known])
    cos = (rows[index] @ rows.T).masked_fill(~alphabetic, -2.0)  # [W, V], every word at once
    cos[torch.arange(len(known)), index] = -2.0  # not itself
    top = torch.topk(cos, k, dim=1)
    return {
        w: tuple(Neighbour(ck.vocab.itos[int(j)], float(c)) for c, j in zip(top.values[r], top.indices[r], strict=True))
        for r, (w, _) in enumerate(known)
    }


def cosine(ck: Checkpoint, a: str, b: str) -> float | None:
    """The cosine of two words' vectors in ``ck``'s embedding; None when either is unknown."""
    i, j = ck.vocab.stoi.get(a), ck.vocab.stoi.get(b)
    if i is None or j is None:
        return None
    rows, _ = _unit_rows(ck)
    return float(rows[i] @ rows[j])


@dataclass(frozen=True)
class Pair:
    """A word beside its opposite and a word alike, in the frozen vectors and (when a model has them) in
    fine-tuned ones; ``in_text`` says whether the word is in the text explained or the lesson's example."""

    word: str
    opposite: str
    alike: str
    in_text: bool
    frozen_opposite: float
    frozen_alike: float
    tuned_opposite: float | None
    tuned_alike: float | None


def pair(frozen: Checkpoint, tuned: Checkpoint | None, words: Iterable[str]) -> Pair | None:
    """The first pair whose word the text holds, else the first pair both models know; None if none is known."""
    seen = set(words)
    known = [p for p in PAIRS if all(w in frozen.vocab.stoi for w in p.values())]
    chosen = next((p for p in known if p["word"] in seen), known[0] if known else None)
    if chosen is None:
        return None
    w, opposite, alike = chosen["word"], chosen["opposite"], chosen["alike"]
    return Pair(
        word=w,
        opposite=opposite,
        alike=alike,
        in_text=w in seen,
        frozen_opposite=cosine(frozen, w, opposite),
        frozen_alike=cosine(frozen, w, alike),
        tuned_opposite=cosine(tuned, w, opposite) if tuned else None,
        tuned_alike=cosine(tuned, w, alike) if tuned else None,
    )
