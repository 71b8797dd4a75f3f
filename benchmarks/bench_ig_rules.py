"""How far each integration rule misses completeness, at equal numbers of points.

    python -m benchmarks.bench_ig_rules [--sentences 300] [--points 5 9 17 33] [--models lstm rnn]

For the first N AG News test sentences x every target x every baseline (pad, unk,
zero), Integrated Gradients of each target's logit through the embeddings with
each rule, and its convergence delta relative to the gap: |delta| / |F(x) - F(b)|.
Prints, per model, rule and number of points, the worst and mean of that ratio and
how many cases miss the default bound |delta| <= 0.01 |gap| + 1e-4; then the same
for the adaptive rule explain() uses, with the points it needed (mean, p95, max).

All rules are evaluated on one batched pass per sentence and baseline: the union
of their points, then one backward pass per target. Captum's rules use Captum's
own points and weights (``lstmdemo.attribution.quadrature.rule``).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import torch

from lstmdemo import tasks
from lstmdemo.attribution import integrated_gradients, quadrature
from lstmdemo.attribution.adaptive import bound
from lstmdemo.attribution.integrated_gradients import BASELINES, baseline_embedding
from lstmdemo.modeling.data import data_dir, read_csv
from lstmdemo.modeling.loading import load_model
from lstmdemo.modeling.text import MAX_TOKENS, words

ORDER = (
    "gausslegendre",
    "simpson",
    "trapezoid",
    "riemann_trapezoid",
    "riemann_middle",
    "riemann_left",
    "riemann_right",
)


def ratios(model, ids: torch.Tensor, baseline: str, points: list[int]) -> dict[tuple[str, int], list[float]]:
    """|delta| / |gap| for every rule x number of points x target of one sentence and baseline."""
    emb_x = model.embedding(ids).detach()  # [T, D]
    emb_b = baseline_embedding(model, ids, baseline)  # [T, D]
    rules = {(r, n): quadrature.rule(r, n) for r in ORDER for n in points}
    alphas = torch.unique(torch.cat([a for a, _ in rules.values()] + [torch.tensor([0.0, 1.0], dtype=torch.float64)]))
    pts, logits = quadrature.path_logits(model, emb_x, emb_b, alphas)
    diff = (emb_x - emb_b).double()  # [T, D]
    out: dict[tuple[str, int], list[float]] = defaultdict(list)
    C = logits.shape[1]
    for target in range(C):
        grad = quadrature.path_gradients(pts, logits, target, keep=target < C - 1).double()  # [n, T, D]
        s = (grad * diff).sum((1, 2))  # [n] integrand at every point
        f = logits[:, target].detach().double()
        gap = float(f[-1] - f[0])  # alphas are sorted: 0 first, 1 last
        for key, (a, w) in rules.items():
            idx = torch.searchsorted(alphas, a)
            delta = float((w * s[idx]).sum()) - gap
            out[key].append(abs(delta) / max(abs(gap), 1e-12) if abs(gap) > 0 else 0.0)
            out[(*key, "miss")].append(float(abs(delta) > 0.01 * abs(gap) + 1e-4))
    return out


def adaptive(model, ids: torch.Tensor, baseline: str) -> list[tuple[float, bool, int]]:
    """(|delta| / |gap|, missed the bound, points used) of adaptive IG for every target."""
    out = []
    for target in range(model.head.out_features):
        r = integrated_gradients(model, ids, target, baseline=baseline)
        gap = r.f_x - r.f_baseline
        out.append((abs(r.delta) / max(abs(gap), 1e-12), abs(r.delta) > bound(gap, 0.01), r.n_steps))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--sentences", type=int, default=300)
    p.add_argument("--points", type=int, nargs="+", default=[5, 9, 17, 33])
    p.add_argument("--models", nargs="+", default=["lstm", "rnn"])
    p.add_argument("--data", default=None, help="AG News folder or test.csv (default: the shared data folder)")
    a = p.parse_args()
    torch.set_num_threads(1)
    topic = tasks.get("topic")
    path = (
        data_dir(a.data, topic.data_dir, topic.source) / "test.csv"
        if a.data is None or not a.data.endswith(".csv")
        else a.data
    )
    rows = [r for r in read_csv(path) if words(r.text)][: a.sentences]
    print(f"{len(rows)} AG News test sentences x 4 targets x {len(BASELINES)} baselines ({', '.join(BASELINES)})")
    for name in a.models:
        ck = load_model(name)
        start = time.perf_counter()
        acc: dict[tuple, list[float]] = defaultdict(list)
        for row in rows:
            ids = torch.tensor(ck.vocab.encode(words(row.text)[:MAX_TOKENS]))
            for baseline in BASELINES:
                for key, vals in ratios(ck.model.eval(), ids, baseline, a.points).items():
                    acc[key] += vals
                acc["adaptive"] += adaptive(ck.model, ids, baseline)
        n_cases = len(acc[(ORDER[0], a.points[0])])
        print(f"\nweights/{name}: {n_cases} cases, {time.perf_counter() - start:.0f} s")
        print(f"{'rule':<18} {'points':>6} {'worst |d|/|gap|':>16} {'mean |d|/|gap|':>15} {'miss 1% bound':>14}")
        for r in ORDER:
            for n in a.points:
                v = acc[(r, n)]
                print(f"{r:<18} {n:>6} {max(v):>16.2e} {sum(v) / len(v):>15.2e} {int(sum(acc[(r, n, 'miss')])):>14}")
        rel, miss, used = zip(*acc["adaptive"], strict=True)
        steps = sorted(used)
        print(
            f"{'adaptive_trapezoid':<18} {'adapt':>6} {max(rel):>16.2e} {sum(rel) / len(rel):>15.2e} {sum(miss):>14}"
            f"   points mean {sum(steps) / len(steps):.1f}, p95 {steps[int(0.95 * (len(steps) - 1))]}, max {steps[-1]}"
        )


if __name__ == "__main__":
    main()
