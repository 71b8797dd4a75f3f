"""Training loop and evaluation metrics.

Recipe (the reference design's): Adam 1e-3, batch 64, gradient clipping 1.0,
at most 80 tokens per article, packed sequences, the learning rate halved when
validation accuracy stalls, and the epoch with the best validation accuracy
kept (early stopping). The test set is evaluated once, at the very end.
"""

from __future__ import annotations

import os
import platform
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import checkpoint, glove
from . import vocab as vocab_mod
from .data import LABELS, Example, data_dir, read_csv, split
from .model import Classifier, ModelConfig, build_model
from .text import words
from .vocab import PAD_ID, Vocab

TRAIN_MAX_TOKENS = 80


@dataclass(frozen=True)
class TrainConfig:
    arch: str = "lstm"
    epochs: int = 12
    batch_size: int = 64
    lr: float = 1e-3
    clip: float = 1.0
    max_tokens: int = TRAIN_MAX_TOKENS
    vocab_size: int = 20_000
    n_valid: int = 4_000
    patience: int = 3
    seed: int = 0


@dataclass(frozen=True)
class Encoded:
    """Articles as id lists (each at most ``max_tokens`` long) and labels."""

    ids: list[list[int]]
    labels: list[int]


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def encode(rows: list[Example], vocab: Vocab, max_tokens: int) -> Encoded:
    ids = [vocab.encode(words(r.text)[:max_tokens]) or [vocab_mod.UNK_ID] for r in rows]
    return Encoded(ids, [r.label for r in rows])


def batches(data: Encoded, batch_size: int, shuffle: bool, seed: int = 0) -> Iterator[tuple[torch.Tensor, ...]]:
    """Padded batches ``(ids [B, T], lengths [B], labels [B])``.

    Shuffled batches are drawn from length-sorted buckets of 50 batches, which
    cuts padding (and time) without giving up randomness.
    """
    order = list(range(len(data.ids)))
    if shuffle:
        rng = random.Random(seed)
        rng.shuffle(order)
        chunk = batch_size * 50
        order = [
            i for s in range(0, len(order), chunk) for i in sorted(order[s : s + chunk], key=lambda j: len(data.ids[j]))
        ]
        starts = list(range(0, len(order), batch_size))
        rng.shuffle(starts)
    else:
        starts = list(range(0, len(order), batch_size))
    for s in starts:
        idx = order[s : s + batch_size]
        lengths = torch.tensor([len(data.ids[i]) for i in idx])
        ids = torch.full((len(idx), int(lengths.max())), PAD_ID, dtype=torch.long)
        for row, i in enumerate(idx):
            ids[row, : lengths[row]] = torch.tensor(data.ids[i])
        yield ids, lengths, torch.tensor([data.labels[i] for i in idx])


@torch.no_grad()
def predict(model: Classifier, data: Encoded, batch_size: int = 256) -> list[int]:
    model.eval()
    preds: list[int] = []
    for ids, lengths, _ in batches(data, batch_size, shuffle=False):
        preds.extend(model(ids, lengths).argmax(-1).tolist())
    return preds


def metrics(labels: list[int], preds: list[int], names: tuple[str, ...] = LABELS) -> dict:
    """Accuracy, per-class precision / recall / F1 and the confusion matrix (rows = truth)."""
    k = len(names)
    confusion = [[0] * k for _ in range(k)]
    for y, p in zip(labels, preds, strict=True):
        confusion[y][p] += 1
    per_class = {}
    for c, name in enumerate(names):
        tp = confusion[c][c]
        predicted = sum(confusion[r][c] for r in range(k))
        actual = sum(confusion[c])
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
    n = len(labels)
    accuracy = sum(confusion[c][c] for c in range(k)) / n if n else 0.0
    return {"accuracy": accuracy, "n": n, "per_class": per_class, "confusion": confusion, "labels": list(names)}


def evaluate(model: Classifier, vocab: Vocab, rows: list[Example], max_tokens: int = TRAIN_MAX_TOKENS) -> dict:
    data = encode(rows, vocab, max_tokens)
    return metrics(data.labels, predict(model, data))


def train(
    cfg: TrainConfig,
    data: str | Path | None,
    out: str | Path,
    glove_path: str | Path | None = None,
    log: Callable[[str], None] = print,
    progress: bool = True,
) -> dict:
    """Train one model end to end and write ``out``; returns the model card."""
    from tqdm import tqdm

    seed_everything(cfg.seed)
    start = time.time()
    folder = data_dir(data)
    rows = read_csv(folder / "train.csv")
    train_rows, valid_rows = split(rows, cfg.n_valid, cfg.seed)
    train_tokens = [words(r.text)[: cfg.max_tokens] for r in train_rows]
    vocab = vocab_mod.build(train_tokens, cfg.vocab_size)
    rows_glove = glove.rows_for(vocab, glove_path, cfg.seed)
    counts = Counter(t for ts in train_tokens for t in ts)
    coverage = rows_glove.coverage(counts, vocab)
    log(
        f"{len(train_rows)} train / {len(valid_rows)} valid rows; vocab {len(vocab)}; "
        f"GloVe covers {coverage['vocab_share']:.1%} of vocab, {coverage['token_share']:.1%} of tokens"
    )

    train_data = Encoded([vocab.encode(ts) or [vocab_mod.UNK_ID] for ts in train_tokens], [r.label for r in train_rows])
    valid_data = encode(valid_rows, vocab, cfg.max_tokens)
    config = ModelConfig(arch=cfg.arch, vocab_size=len(vocab), embed_dim=rows_glove.matrix.shape[1])
    model = build_model(config, torch.from_numpy(rows_glove.matrix))
    log(f"{cfg.arch}: {model.parameter_counts()}")
    params = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.Adam(params, lr=cfg.lr)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(optim, mode="max", factor=0.5, patience=0)
    loss_fn = nn.CrossEntropyLoss()

    best_acc, best_state, best_epoch, stale, history = -1.0, None, 0, 0, []
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        t0, total, seen = time.time(), 0.0, 0
        n_batches = -(-len(train_data.ids) // cfg.batch_size)
        bar = tqdm(
            batches(train_data, cfg.batch_size, True, cfg.seed + epoch),
            total=n_batches,
            desc=f"epoch {epoch}",
            disable=not progress,
            leave=False,
        )
        for ids, lengths, labels in bar:
            optim.zero_grad()
            loss = loss_fn(model(ids, lengths), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(params, cfg.clip)
            optim.step()
            total += loss.item() * len(labels)
            seen += len(labels)
            bar.set_postfix(loss=f"{total / seen:.4f}")
        valid_acc = metrics(valid_data.labels, predict(model, valid_data))["accuracy"]
        sched.step(valid_acc)
        history.append(
            {"epoch": epoch, "train_loss": total / seen, "valid_accuracy": valid_acc, "seconds": time.time() - t0}
        )
        log(
            f"epoch {epoch}: train loss {total / seen:.4f}  valid acc {valid_acc:.4f}  "
            f"lr {optim.param_groups[0]['lr']:.2e}  {time.time() - t0:.0f}s"
        )
        if valid_acc > best_acc:
            best_acc, best_epoch, stale = valid_acc, epoch, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= cfg.patience:
                log(f"early stop: no gain in {cfg.patience} epochs")
                break
    assert best_state is not None
    model.load_state_dict(best_state)
    train_seconds = time.time() - start

    test = None
    test_file = folder / "test.csv"
    if test_file.is_file():
        test = evaluate(model, vocab, read_csv(test_file), cfg.max_tokens)
        log(f"test accuracy {test['accuracy']:.4f} on {test['n']} rows (best epoch {best_epoch})")
    card = {
        "name": Path(out).name,
        "arch": cfg.arch,
        "description": f"frozen GloVe -> 2-layer {cfg.arch.upper()} (128) -> linear over AG News topics",
        "labels": list(LABELS),
        "training": {
            **asdict(cfg),
            "optimizer": "Adam",
            "scheduler": "ReduceLROnPlateau(max, 0.5, 0)",
            "train_rows": len(train_rows),
            "valid_rows": len(valid_rows),
            "best_epoch": best_epoch,
            "history": history,
            "seconds": round(train_seconds, 1),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {torch.get_num_threads()} torch threads, "
            f"torch {torch.__version__}",
        },
        "glove": {
            "source": rows_glove.source,
            "dim": int(rows_glove.matrix.shape[1]),
            **coverage,
            "oov_rows": "seeded random vectors with GloVe's per-dimension mean and std; "
            "<unk> = mean GloVe vector; <pad> = zeros",
        },
        "parameters": model.parameter_counts(),
        "validation": {"accuracy": best_acc},
        "test": test,
    }
    checkpoint.save(model, vocab, card, out)
    return checkpoint.read_card(out)
