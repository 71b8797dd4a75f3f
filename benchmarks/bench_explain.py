"""explain() latency at 10, 40 and 120 tokens, against a bare Captum call on the same input.

    python -m benchmarks.bench_explain [--repeats 30]

One torch thread. For each length, explain() (adaptive Integrated Gradients with
the completeness bound, gates, retention, occlusion, gradient flow of the LSTM and
the RNN, modifiers) and one bare ``LayerIntegratedGradients.attribute`` call with
50 steps (same model, ids, predicted target, pad baseline) are timed in turn, call
after call, so that both see the same load. Prints p50 / p95 of each, the ratio of
the p50s, and the Integrated Gradients steps explain() used and whether its bound held.
Target: ratio <= 1.0 at 40 tokens. With the AG News data beside the repository it also
prints the ratio over the first ``--sentences`` test articles of at least 40 tokens, each cut
to 40 (median and 90th percentile of the per-sentence ratios): the steps adaptive IG needs
vary from sentence to sentence, so one sentence is one draw.
"""

from __future__ import annotations

import argparse
import statistics

import torch
from captum.attr import LayerIntegratedGradients

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.modeling.loading import load_model
from lstmdemo.modeling.text import words
from lstmdemo.modeling.vocab import PAD_ID
from tests.support.timing import interleaved_ms, percentile

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
    p.add_argument("--sentences", type=int, default=30)
    a = p.parse_args()
    torch.set_num_threads(1)
    ck = load_model("lstm")
    load_model("rnn")
    pool = words(TEXT) * 3
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread, {a.repeats} repeats")
    print(f"{'tokens':>6} {'explain p50':>12} {'p95':>8} {'bare IG p50':>12} {'p95':>8} {'ratio':>6}  IG steps")
    for n in (10, 40, 120):
        text = " ".join(pool[:n])
        ids = torch.tensor(ck.vocab.encode(words(text))).unsqueeze(0)
        assert ids.shape[1] == n, ids.shape
        target = int(ck.model(ids).argmax())
        lig = LayerIntegratedGradients(ck.model, ck.model.embedding)
        base = torch.full_like(ids, PAD_ID)
        ig = explain(text).ig
        ex, bare = interleaved_ms(
            lambda text=text: explain(text),
            lambda ids=ids, base=base, target=target, lig=lig: lig.attribute(
                ids, base, target=target, n_steps=50, return_convergence_delta=True
            ),
            a.repeats,
        )
        p50, b50 = statistics.median(ex), statistics.median(bare)
        print(
            f"{n:>6} {p50:>10.1f}ms {percentile(ex, 95):>6.1f}ms {b50:>10.1f}ms {percentile(bare, 95):>6.1f}ms "
            f"{p50 / b50:>6.2f}  {ig.n_steps} ({ig.rule}, bound {'held' if ig.converged else 'NOT held'})"
        )
    _over_test_sentences(ck, a.sentences, max(3, a.repeats // 5))


def _over_test_sentences(ck, n_sentences: int, repeats: int) -> None:
    """The 40-token ratio over real articles, when the AG News test set is at hand."""
    task = tasks.get("topic")
    if not (task.data_dir / task.test_file).is_file():
        print("(no AG News test set beside the repository: the per-sentence ratios are skipped)")
        return
    rows = [r for r in task.read(task.data_dir / task.test_file) if len(words(r.text)) >= 40][:n_sentences]
    lig = LayerIntegratedGradients(ck.model, ck.model.embedding)
    ratios = []
    for row in rows:
        text = " ".join(words(row.text)[:40])
        ids = torch.tensor(ck.vocab.encode(words(text))).unsqueeze(0)
        target = int(ck.model(ids).argmax())
        base = torch.full_like(ids, PAD_ID)
        ex, bare = interleaved_ms(
            lambda text=text: explain(text),
            lambda ids=ids, base=base, target=target: lig.attribute(
                ids, base, target=target, n_steps=50, return_convergence_delta=True
            ),
            repeats,
        )
        ratios.append(statistics.median(ex) / statistics.median(bare))
    print(
        f"40 tokens, {len(rows)} AG News test articles cut to 40: ratio median {statistics.median(ratios):.2f}, "
        f"p90 {percentile(ratios, 90):.2f}, worst {max(ratios):.2f}"
    )


if __name__ == "__main__":
    main()
