"""Whether adaptive Integrated Gradients keeps its completeness bound on a shipped model: every case of
the first N test sentences of its task x every target x every baseline (``python -m benchmarks.bench_ig_bound``
prints it for every model; the slow tests assert it on fewer sentences)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch

from lstmdemo import tasks
from lstmdemo.attribution.adaptive import bound
from lstmdemo.attribution.integrated_gradients import BASELINES, baseline_embedding, integrated_gradients
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.text import MAX_TOKENS, words

SHIPPED = ("lstm", "rnn", "sentiment-lstm", "sentiment-rnn", "sentiment-lstm-finetuned", "sentiment-lstm-attention")


@dataclass(frozen=True)
class BoundSweep:
    model: str
    sentences: int
    misses: tuple[tuple, ...]  # (text, baseline, target, delta, gap) of each case over the bound
    dishonest: int  # cases whose ``converged`` says otherwise than the bound checked independently
    float64: int  # cases float32 could not finish
    jumps: int  # cases that shared out a jump
    steps: tuple[int, ...]
    seconds: float

    @property
    def cases(self) -> int:
        return len(self.steps)

    def line(self) -> str:
        s = np.array(self.steps)
        return (
            f"{self.model:<26} {self.sentences:>4} sentences {self.cases:>5} cases: {len(self.misses)} miss, "
            f"{self.dishonest} dishonest, {self.float64} float64, {self.jumps} with jumps; points mean {s.mean():.1f} "
            f"p95 {np.percentile(s, 95):.0f} max {s.max()}; {self.seconds:.0f} s"
        )


@torch.no_grad()
def _logits(ck: checkpoint.Checkpoint, ids: torch.Tensor, baseline: str) -> tuple[torch.Tensor, torch.Tensor]:
    """F(x) and F(baseline) [C], straight from the model, apart from the IG code that reports them."""
    emb_b = baseline_embedding(ck.model, ids, baseline)
    return ck.model(ids[None])[0].double(), ck.model.forward_embedded(emb_b[None])[0].double()


def sweep(name: str, n_sentences: int) -> BoundSweep:
    """IG at the default settings on the first ``n_sentences`` test sentences of the model's task.

    The bound is checked here from the attributions (summed with ``math.fsum``) and the model's own
    logits, not from what the result reports, so that ``converged`` is checked, not repeated.
    """
    ck = checkpoint.load(name)
    task = tasks.of_card(ck.card)
    rows = [r for r in task.read(task.data_dir / task.test_file) if words(r.text)][:n_sentences]
    misses, steps, dishonest, wide, jumped = [], [], 0, 0, 0
    start = time.perf_counter()
    for row in rows:
        ids = torch.tensor(ck.vocab.encode(words(row.text)[:MAX_TOKENS]))
        for baseline in BASELINES:
            f_x, f_b = _logits(ck, ids, baseline)
            for target in range(len(task.labels)):
                r = integrated_gradients(ck.model, ids, target, baseline=baseline)
                gap = float(f_x[target] - f_b[target])
                held = abs(math.fsum(r.attributions) - gap) <= bound(gap, 0.01)
                steps.append(r.n_steps)
                dishonest += held != r.converged
                wide += r.precision == "float64"
                jumped += r.jumps > 0
                if not held:
                    misses.append((row.text[:40], baseline, target, math.fsum(r.attributions) - gap, gap))
    elapsed = time.perf_counter() - start
    return BoundSweep(name, len(rows), tuple(misses), dishonest, wide, jumped, tuple(steps), elapsed)
