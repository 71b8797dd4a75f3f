"""Inputs for fuzzing explain(), and the check each answer must pass (``python -m benchmarks.fuzz`` runs it).

Inputs mix every hazard a public text box meets: random unicode (emoji, RTL,
combining marks, control characters, NUL, lone surrogates' neighbours), HTML
and script tags, AG News escape artefacts, punctuation runs, unknown words,
real news words, and very long texts. The contract checked on each: either
the documented ValueError for text with nothing to explain, or an Explanation
whose probabilities are finite and sum to 1, whose attributions are finite, whose
spans lie inside the text, and whose truncation flag is right.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from lstmdemo.explain import Explanation, explain
from lstmdemo.modeling.text import MAX_TOKENS

WORDS = (
    "oil",
    "prices",
    "not",
    "very",
    "barely",
    "never",
    "team",
    "won",
    "microsoft",
    "shares",
    "election",
    "the",
    "of",
    "zxqv",
    "n't",
    "'s",
    "u.s.",
    "3.5",
    "$",
    "...",
)
SNIPPETS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "&lt;b&gt;",
    "#39;s",
    "quot;",
    "\\$",
    "\\",
    "&amp;",
    "&#x1F600;",
    "&#999999999;",
    "#0;",
    "\x00",
    "\u202e",
    "\u200b",
    "e\u0301",
    "😀👍🏽",
    "مرحبا بالعالم",
    "שלום",
    "日本語のテキスト",
    "\ufeff",
    "\r\n",
    "\t",
)
ALPHABET_RANGES = (
    (0x0, 0x7F),
    (0x80, 0x24F),
    (0x300, 0x36F),
    (0x590, 0x6FF),
    (0x2000, 0x206F),
    (0x3040, 0x30FF),
    (0x4E00, 0x4FFF),
    (0x1F300, 0x1FAFF),
    (0xE000, 0xE0FF),
)


@dataclass(frozen=True)
class FuzzResult:
    n: int
    explained: int
    empty: int  # documented ValueError: nothing to explain
    failures: list[tuple[str, str]]  # (input, what went wrong)
    seconds: float


def random_char(rng: random.Random) -> str:
    lo, hi = rng.choice(ALPHABET_RANGES)
    return chr(rng.randint(lo, hi))


def generate(rng: random.Random) -> str:
    """One input; about 1 in 500 is very long (up to 100,000 characters)."""
    if rng.random() < 0.002:
        return "".join(rng.choice(WORDS + SNIPPETS) + " " for _ in range(rng.randint(5_000, 25_000)))[:100_000]
    parts = []
    for _ in range(rng.randint(0, 25)):
        r = rng.random()
        if r < 0.35:
            parts.append(rng.choice(WORDS))
        elif r < 0.55:
            parts.append(rng.choice(SNIPPETS))
        elif r < 0.8:
            parts.append("".join(random_char(rng) for _ in range(rng.randint(1, 8))))
        else:
            parts.append(rng.choice("!?.,;:-()[]{}\"'/\\*&^%$#@~`|<>=+_") * rng.randint(1, 5))
    return rng.choice(("", " ", "\n")).join(parts)


def check(text: str, e: Explanation) -> str | None:
    """What is wrong with an explanation of ``text``, or None."""
    if not math.isclose(sum(e.probabilities), 1.0, abs_tol=1e-5):
        return f"probabilities sum to {sum(e.probabilities)}"
    values = [*e.probabilities, *e.ig.attributions, e.ig.delta, *e.occlusion]
    if not all(math.isfinite(v) for v in values):
        return "non-finite probability or attribution"
    if any(not (0 <= t.start < t.end <= len(text)) or text[t.start : t.end] != t.text for t in e.tokens):
        return "a token span lies outside the text"
    if e.truncated != (e.n_tokens_total > MAX_TOKENS) or len(e.tokens) != min(e.n_tokens_total, MAX_TOKENS):
        return "truncation misreported"
    return None


def _explain_all(texts: list[str], n_steps: int) -> tuple[int, int, list[tuple[str, str]]]:
    """Explain each text and check the contract: (explained, documented empties, failures)."""
    import torch

    torch.set_num_threads(1)  # one process per core does the parallelism
    explained = empty = 0
    failures: list[tuple[str, str]] = []
    for text in texts:
        try:
            e = explain(text, n_steps=n_steps, compare=None)
        except ValueError as err:
            if str(err).startswith("Nothing to explain"):
                empty += 1
            else:
                failures.append((text[:200], f"ValueError: {err}"))
            continue
        except Exception as err:  # any other exception is exactly what we hunt
            failures.append((text[:200], f"{type(err).__name__}: {err}"))
            continue
        explained += 1
        if (problem := check(text, e)) is not None:
            failures.append((text[:200], problem))
    return explained, empty, failures


def run(n: int, seed: int = 0, n_steps: int = 8, workers: int | None = None) -> FuzzResult:
    """Generate ``n`` inputs from ``seed`` and explain them on ``workers`` processes (default: every core)."""
    rng = random.Random(seed)
    texts = [generate(rng) for _ in range(n)]
    workers = workers or os.cpu_count() or 1
    chunks = [texts[i::workers] for i in range(workers)]
    start = time.time()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(_explain_all, chunks, [n_steps] * workers))
    return FuzzResult(
        n,
        sum(p[0] for p in parts),
        sum(p[1] for p in parts),
        [f for p in parts for f in p[2]],
        time.time() - start,
    )
