"""Training loop and evaluation metrics.

Recipe (the reference design's): Adam 1e-3, batch 64, gradient clipping 1.0,
at most 80 tokens per article, packed sequences, the learning rate halved when
validation accuracy stalls, and the epoch with the best validation accuracy
kept (early stopping). The test set is evaluated once, at the very end.
A task may change the recipe (``Task.recipe``) and names its validation data
(``Task.valid_file``, else a split carved from train); the architecture is fixed.
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

from .. import tasks
from . import checkpoint, glove
from . import vocab as vocab_mod
from .data import Example, data_dir, split
from .model import Classifier, ModelConfig, build_model, changes_from_reference, describe
from .text import words
from .vocab import PAD_ID, Vocab

TRAIN_MAX_TOKENS = 80


@dataclass(frozen=True)
class TrainConfig:
    task: str  # a key of tasks.TASKS: its data, labels and recipe
    arch: str = "lstm"
    epochs: int = 12
    batch_size: int = 64
    lr: float = 1e-3
    clip: float = 1.0
    max_tokens: int = TRAIN_MAX_TOKENS
    vocab_size: int = 20_000
    n_valid: int = 4_000  # carved from train when the task names no validation file
    patience: int = 3  # validations without gain before stopping
    seed: int = 0
    min_tokens: int = 1  # training rows shorter than this are dropped
    evals_per_epoch: int = 1  # validations (and chances to keep the model) per epoch
    weight_decay: float = 0.0
    lr_factor: float = 0.5  # the learning rate is multiplied by this when validation stalls
    finetune_embeddings: bool = False  # remedy variants (ModelConfig's fields of the same names)
    pooling: str = "last"


def config_for(task: str, **overrides: object) -> TrainConfig:
    """The task's recipe, then ``overrides`` (None values are ignored)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return TrainConfig(**{**tasks.get(task).recipe, "task": task, **given})


@dataclass(frozen=True)
class Encoded:
    """Articles as id lists (each at most ``max_tokens`` long) and labels."""

    ids: list[list[int]]
    labels: list[int]


@dataclass(frozen=True)
class Prepared:
    """What training needs from the data: encoded rows, vocabulary, GloVe rows and their coverage."""

    train: Encoded
    valid: Encoded
    vocab: Vocab
    embeddings: glove.GloveRows
    coverage: dict
    validation: dict  # where the validation rows came from


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def encode_rows(rows: list[Example], vocab: Vocab, max_tokens: int) -> Encoded:
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
def encoded_probabilities(model: Classifier, data: Encoded, batch_size: int = 256) -> torch.Tensor:
    """Class probabilities [N, C], row i for ``data.ids[i]`` (batches keep file order)."""
    model.eval()
    out = [model(ids, lengths).softmax(-1) for ids, lengths, _ in batches(data, batch_size, shuffle=False)]
    return torch.cat(out) if out else torch.empty(0, model.config.num_classes)


def predict(model: Classifier, data: Encoded, batch_size: int = 256) -> list[int]:
    """The predicted class of every row, in the rows' order."""
    return encoded_probabilities(model, data, batch_size).argmax(-1).tolist()


def metrics(labels: list[int], preds: list[int], names: tuple[str, ...]) -> dict:
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


def evaluate(
    model: Classifier,
    vocab: Vocab,
    rows: list[Example],
    names: tuple[str, ...],
    max_tokens: int = TRAIN_MAX_TOKENS,
    rows_out: bool = False,
) -> dict:
    """Metrics of ``rows``; with ``rows_out`` also every row's prediction and probabilities, in order."""
    data = encode_rows(rows, vocab, max_tokens)
    probs = encoded_probabilities(model, data)  # [N, C]
    preds = probs.argmax(-1).tolist()
    result = metrics(data.labels, preds, names)
    if rows_out:
        result |= {"predictions": preds, "probabilities": [[round(p, 6) for p in row] for row in probs.tolist()]}
    return result


def prepare(cfg: TrainConfig, folder: Path, glove_path: str | Path | None, log: Callable[[str], None]) -> Prepared:
    """Read the task's rows, build the vocabulary from the training rows and fetch their GloVe rows."""
    task = tasks.get(cfg.task)
    rows = task.read(folder / task.train_file)
    if task.valid_file is not None:
        train_rows, valid_rows = rows, task.read(folder / task.valid_file)
        validation = {"strategy": "file", "file": task.valid_file, "rows": len(valid_rows)}
    else:
        train_rows, valid_rows = split(rows, cfg.n_valid, cfg.seed)
        validation = {"strategy": f"carved from {task.train_file}", "rows": len(valid_rows), "seed": cfg.seed}
    train_tokens = [words(r.text)[: cfg.max_tokens] for r in train_rows]
    keep = [i for i, ts in enumerate(train_tokens) if len(ts) >= cfg.min_tokens]
    train_tokens = [train_tokens[i] for i in keep]
    vocab = vocab_mod.build(train_tokens, cfg.vocab_size)
    rows_glove = glove.rows_for(vocab, glove_path, cfg.seed)
    coverage = rows_glove.coverage(Counter(t for ts in train_tokens for t in ts), vocab)
    log(
        f"{len(keep)} train / {len(valid_rows)} valid rows; vocab {len(vocab)}; "
        f"GloVe covers {coverage['vocab_share']:.1%} of vocab, {coverage['token_share']:.1%} of tokens"
    )
    train_data = Encoded(
        [vocab.encode(ts) or [vocab_mod.UNK_ID] for ts in train_tokens], [train_rows[i].label for i in keep]
    )
    return Prepared(train_data, encode_rows(valid_rows, vocab, cfg.max_tokens), vocab, rows_glove, coverage, validation)


@dataclass(frozen=True)
class Fit:
    best_accuracy: float
    best_epoch: float  # fractional when validating more than once an epoch
    history: list[dict]


def fit(model: Classifier, prep: Prepared, cfg: TrainConfig, log: Callable[[str], None], progress: bool) -> Fit:
    """Train, validating ``evals_per_epoch`` times an epoch; ``model`` ends with the best weights."""
    from tqdm import tqdm

    names = tasks.get(cfg.task).labels
    params = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(optim, mode="max", factor=cfg.lr_factor, patience=0)
    loss_fn = nn.CrossEntropyLoss()
    n_batches = -(-len(prep.train.ids) // cfg.batch_size)
    checks = {round(n_batches * k / cfg.evals_per_epoch) for k in range(1, cfg.evals_per_epoch + 1)}
    best_acc, best_state, best_epoch, stale, history = -1.0, None, 0.0, 0, []
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        t0, total, seen = time.time(), 0.0, 0
        bar = tqdm(batches(prep.train, cfg.batch_size, True, cfg.seed + epoch), total=n_batches, disable=not progress)
        for step, (ids, lengths, labels) in enumerate(bar, start=1):
            optim.zero_grad()
            loss = loss_fn(model(ids, lengths), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(params, cfg.clip)
            optim.step()
            total, seen = total + loss.item() * len(labels), seen + len(labels)
            if step not in checks:
                continue
            acc = metrics(prep.valid.labels, predict(model, prep.valid), names)["accuracy"]
            model.train()
            if step == n_batches:
                sched.step(acc)  # the learning rate moves once an epoch, however often we validate
            at = epoch if step == n_batches else round(epoch - 1 + step / n_batches, 2)
            history.append(
                {"epoch": at, "train_loss": total / seen, "valid_accuracy": acc, "seconds": time.time() - t0}
            )
            log(f"epoch {at}: train loss {total / seen:.4f}  valid acc {acc:.4f}  lr {optim.param_groups[0]['lr']:.2e}")
            if acc > best_acc:
                best_acc, best_epoch, stale = acc, at, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                stale += 1
            if stale >= cfg.patience:
                break
        if stale >= cfg.patience:
            log(f"early stop: no gain in {cfg.patience} validations")
            break
    assert best_state is not None
    model.load_state_dict(best_state)
    return Fit(best_acc, best_epoch, history)


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {torch.get_num_threads()} torch threads, "
        f"torch {torch.__version__}"
    )


def train(
    cfg: TrainConfig,
    data: str | Path | None,
    out: str | Path,
    glove_path: str | Path | None = None,
    log: Callable[[str], None] = print,
    progress: bool = True,
) -> dict:
    """Train one model end to end and write ``out``; returns the model card."""
    task = tasks.get(cfg.task)
    seed_everything(cfg.seed)
    start = time.time()
    folder = data_dir(data, task.data_dir, task.source)
    prep = prepare(cfg, folder, glove_path, log)
    config = ModelConfig(
        arch=cfg.arch,
        vocab_size=len(prep.vocab),
        embed_dim=prep.embeddings.matrix.shape[1],
        num_classes=len(task.labels),
        finetune_embeddings=cfg.finetune_embeddings,
        pooling=cfg.pooling,
    )
    model = build_model(config, torch.from_numpy(prep.embeddings.matrix))
    log(f"{cfg.arch}: {model.parameter_counts()}")
    result = fit(model, prep, cfg, log, progress)
    train_seconds = time.time() - start

    test = None
    test_file = folder / task.test_file
    if test_file.is_file():
        test = evaluate(model, prep.vocab, task.read(test_file), task.labels, cfg.max_tokens)
        log(f"test accuracy {test['accuracy']:.4f} on {test['n']} rows (best epoch {result.best_epoch})")
    card = {
        "name": Path(out).name,
        "task": task.name,
        "arch": cfg.arch,
        "description": f"{describe(config)} over {task.title.lower()} ({', '.join(task.labels)})",
        "labels": list(task.labels),
        "training": {
            **asdict(cfg),
            "optimizer": "Adam",
            "scheduler": f"ReduceLROnPlateau(max, {cfg.lr_factor}, 0) on the epoch-end validation accuracy",
            "train_rows": len(prep.train.ids),
            "valid_rows": len(prep.valid.ids),
            "best_epoch": result.best_epoch,
            "history": result.history,
            "seconds": round(train_seconds, 1),
            "machine": machine(),
        },
        "glove": {
            "source": prep.embeddings.source,
            "dim": int(prep.embeddings.matrix.shape[1]),
            **prep.coverage,
            "oov_rows": "seeded random vectors with GloVe's per-dimension mean and std; "
            "<unk> = mean GloVe vector; <pad> = zeros",
        },
        "parameters": model.parameter_counts(),
        "validation": {"accuracy": result.best_accuracy, **prep.validation},
        "test": test,
    }
    if changed := changes_from_reference(config):
        card["changed_from_reference"] = changed
    checkpoint.save(model, prep.vocab, card, out)
    return checkpoint.read_card(out)
