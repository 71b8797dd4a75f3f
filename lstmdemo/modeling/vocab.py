"""The vocabulary: the most frequent training tokens plus ``<pad>`` and ``<unk>``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1


@dataclass(frozen=True)
class Vocab:
    """An ordered word list; ids are positions. ``<pad>`` is 0 and ``<unk>`` is 1."""

    itos: tuple[str, ...]
    stoi: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.itos[:2] != (PAD, UNK):
            raise ValueError(f"a vocabulary starts with {PAD!r}, {UNK!r}; got {self.itos[:2]!r}")
        if len(set(self.itos)) != len(self.itos):
            raise ValueError("a vocabulary cannot hold the same word twice")
        object.__setattr__(self, "stoi", {w: i for i, w in enumerate(self.itos)})

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, tokens: Iterable[str]) -> list[int]:
        return [self.stoi.get(t, UNK_ID) for t in tokens]

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps({"itos": list(self.itos)}, ensure_ascii=False))

    @classmethod
    def load(cls, path: str | Path) -> Vocab:
        return cls(tuple(json.loads(Path(path).read_text(encoding="utf-8"))["itos"]))


def build(token_lists: Iterable[list[str]], size: int = 20_000) -> Vocab:
    """The ``size`` most frequent tokens; ties broken alphabetically so builds repeat."""
    counts = Counter(t for tokens in token_lists for t in tokens)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return Vocab((PAD, UNK, *(w for w, _ in ranked[:size])))
