"""Fuzz explain() with generated inputs and print how many ran and how many failed.

    python -m benchmarks.fuzz [--n 10000] [--seed 0]

The inputs and the contract each answer must keep are in ``tests/support/fuzzing.py``.
"""

from __future__ import annotations

import argparse

from tests.support.fuzzing import run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    r = run(a.n, a.seed)
    print(
        f"fuzz: {r.n} inputs, {r.explained} explained, {r.empty} empty (ValueError as documented), "
        f"{len(r.failures)} failures, {r.seconds:.0f}s"
    )
    for text, problem in r.failures[:20]:
        print(f"  {problem}: {text!r}")
    raise SystemExit(1 if r.failures else 0)


if __name__ == "__main__":
    main()
