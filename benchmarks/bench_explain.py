"""explain() latency at 10, 40 and 120 tokens, against a bare Captum call on the same input.

    python -m benchmarks.bench_explain [--repeats 30] [--steps 50]

Prints p50 / p95 per length and the ratio of explain()'s p50 to the p50 of one
bare ``LayerIntegratedGradients.attribute`` call (same model, ids, target, steps):
the ratio is what gates, occlusion, gradient flow and modifiers cost on top of IG.
Target: p50 <= 60 ms at 40 tokens with n_steps=50 on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics

import torch
from captum.attr import LayerIntegratedGradients

from lstmdemo.explain import explain, load_model
from lstmdemo.text import words
from lstmdemo.vocab import PAD_ID

from .timing import percentile, timings_ms

TEXT = (
    "Oil prices rose sharply on Monday after OPEC said it would not raise output , and analysts warned "
    "that very high fuel costs could barely be absorbed by airlines already struggling with weak demand "
    "while stocks in Tokyo and London fell as investors sold shares of banks and carmakers ahead of "
    "quarterly earnings reports expected later this week from several of the largest companies in the "
    "world including technology firms whose chips power most new phones and computers sold this year"
)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--repeats", type=int, default=30)
    p.add_argument("--steps", type=int, default=50)
    a = p.parse_args()
    ck = load_model("lstm")
    load_model("rnn")
    pool = words(TEXT) * 3
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, n_steps={a.steps}")
    print(f"{'tokens':>6} {'explain p50':>12} {'p95':>8} {'bare IG p50':>12} {'ratio':>6}")
    for n in (10, 40, 120):
        text = " ".join(pool[:n])
        ids = torch.tensor(ck.vocab.encode(words(text))).unsqueeze(0)
        assert ids.shape[1] == n, ids.shape
        target = int(ck.model(ids).argmax())
        lig = LayerIntegratedGradients(ck.model, ck.model.embedding)
        base = torch.full_like(ids, PAD_ID)
        ex = timings_ms(lambda text=text: explain(text, n_steps=a.steps), a.repeats)
        bare = timings_ms(
            lambda ids=ids, base=base, target=target, lig=lig: lig.attribute(
                ids, base, target=target, n_steps=a.steps, return_convergence_delta=True
            ),
            a.repeats,
        )
        p50 = statistics.median(ex)
        print(
            f"{n:>6} {p50:>10.1f}ms {percentile(ex, 95):>6.1f}ms {statistics.median(bare):>10.1f}ms "
            f"{p50 / statistics.median(bare):>6.2f}"
        )


if __name__ == "__main__":
    main()
