"""Does adaptive Integrated Gradients keep its completeness bound on every shipped model?

    python -m benchmarks.bench_ig_bound [--sentences 300] [--models lstm rnn ...]

For the first N test sentences of each model's task (its first 200 tokens, as explain()
reads them) x every target x every baseline, Integrated Gradients at the default settings
(adaptive, tolerance 1%), and whether |delta| <= 0.01 |F(x) - F(b)| + 1e-4. Prints per model
the cases, the misses, how often ``converged`` disagrees with the bound checked here, how
many needed float64 and how many shared out a jump, the points used (mean, p95, max) and
the time. The slow tests assert the same on fewer sentences.
"""

from __future__ import annotations

import argparse

import torch

from tests.support.bound_sweep import SHIPPED, sweep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=300)
    ap.add_argument("--models", nargs="+", default=list(SHIPPED))
    args = ap.parse_args()
    torch.set_num_threads(1)
    for name in args.models:
        result = sweep(name, args.sentences)
        print(result.line(), flush=True)
        for miss in result.misses[:5]:
            print("   miss:", miss)


if __name__ == "__main__":
    main()
