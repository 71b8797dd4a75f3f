"""How much of a test set the vocabulary knows: the share of tokens (and of texts with at least one) that
read as <unk>, and the unknown words met most often. Stored in the LSTM's card (``python -m lstmdemo
coverage --save``); the page's next-step lesson sets it beside the unknown words of the text explained,
the hook for sub-word vectors (FastText), which give an unseen word a vector from its pieces.
"""

from __future__ import annotations

from collections import Counter

from ..modeling.checkpoint import Checkpoint
from ..modeling.data import Example
from ..modeling.text import MAX_TOKENS, words
from ..modeling.vocab import UNK_ID

#: Unknown words listed in the card, most frequent first.
TOP = 15


def coverage(ck: Checkpoint, rows: list[Example]) -> dict:
    """Unknown tokens over ``rows``, each read as the page reads a text (its first ``MAX_TOKENS`` tokens)."""
    unknown, n_tokens, texts_with = Counter(), 0, 0
    for row in rows:
        tokens = words(row.text)[:MAX_TOKENS]
        missing = [t for t, i in zip(tokens, ck.vocab.encode(tokens), strict=True) if i == UNK_ID]
        unknown.update(missing)
        n_tokens += len(tokens)
        texts_with += bool(missing)
    return {
        "n_texts": len(rows),
        "n_tokens": n_tokens,
        "unknown_tokens": sum(unknown.values()),
        "unknown_share": sum(unknown.values()) / n_tokens if n_tokens else 0.0,
        "texts_with_unknown": texts_with,
        "texts_with_unknown_share": texts_with / len(rows) if rows else 0.0,
        "distinct_unknown": len(unknown),
        "most_frequent": [[w, n] for w, n in unknown.most_common(TOP)],
        "max_tokens": MAX_TOKENS,
    }
