"""Trained weights on disk: ``weights/<name>/`` holds three files.

- ``model.safetensors``: every tensor, the vocabulary's GloVe rows included
  (safetensors, so loading never unpickles anything);
- ``vocab.json``: the word list;
- ``card.json``: the model card (config, metrics, provenance), the size and
  SHA-256 of the other two files, and its own seal: the SHA-256 of the rest of the
  card (``CARD_SEAL``). Both are checked on every read, so that a truncated or
  tampered file, or a card whose labels were changed by hand, is refused instead of served.

``save`` and ``update_card`` seal the card they write; after a merge that touched cards,
``seal_all`` (``python -m lstmdemo seal``) seals them again, once the weights' own digests
still hold.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from .model import Classifier, ModelConfig, build_model
from .vocab import Vocab

WEIGHTS_DIR = Path(__file__).resolve().parents[2] / "weights"
MODEL_FILE, VOCAB_FILE, CARD_FILE = "model.safetensors", "vocab.json", "card.json"
#: The card's field that holds the SHA-256 of the rest of the card.
CARD_SEAL = "card_sha256"
SEAL_COMMAND = "python -m lstmdemo seal"


class CheckpointError(RuntimeError):
    """A weights folder that cannot be trusted; the message names the file and the fix."""


@dataclass(frozen=True)
class Checkpoint:
    model: Classifier
    vocab: Vocab
    card: dict
    path: Path


def resolve(name_or_path: str | Path) -> Path:
    """``"lstm"`` means ``weights/lstm``, whatever the working directory holds; only a path with a
    folder in it (``weights/lstm``, ``./lstm``, ``/tmp/x/lstm``) names a folder elsewhere."""
    s = str(name_or_path)
    p = Path(s)
    return p.absolute() if p.is_absolute() or "/" in s or os.sep in s else WEIGHTS_DIR / s


def rebuild_command(path: Path) -> str:
    """The command that rebuilds ``path``: task, arch and variant from its card if readable, else from the
    task registry's entry for a folder of that name; a folder neither names gets the command's form."""
    from .. import tasks  # the registry reads data through this package: imported when a fault needs it

    try:
        card = json.loads((path / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        card = {}
    card = card if isinstance(card, dict) else {}
    config = card.get("config") if isinstance(card.get("config"), dict) else {}
    task = tasks.of_card(card).name if card and card.get("task", tasks.DEFAULT_TASK) in tasks.TASKS else None
    arch = card.get("arch") or config.get("arch")
    variant = {k: config[k] for k in ("finetune_embeddings", "pooling") if k in config}
    if (registered := tasks.of_weights(path.name)) is not None and not (task and arch):
        task, (arch, variant) = registered.name, registered.models[path.name]
    flags = " --finetune-embeddings" * bool(variant.get("finetune_embeddings"))
    flags += " --pooling attention" * (variant.get("pooling") == "attention")
    return f"python -m lstmdemo train --task {task or '<task>'} --arch {arch or '<lstm|rnn>'}{flags} --out {path}"


def file_digest(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def card_digest(card: dict) -> str:
    """SHA-256 of the card without its seal, written canonically (sorted keys, no spaces), so that
    re-indenting a card keeps its seal and changing any value breaks it."""
    rest = {k: v for k, v in card.items() if k != CARD_SEAL}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _write_card(folder: Path, card: dict) -> None:
    """The card with a fresh seal, written whole or not at all (a reader never sees half a card)."""
    sealed = {**{k: v for k, v in card.items() if k != CARD_SEAL}, CARD_SEAL: card_digest(card)}
    tmp = folder / f".{CARD_FILE}.tmp"
    tmp.write_text(json.dumps(sealed, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / CARD_FILE)


def save(model: Classifier, vocab: Vocab, card: dict, path: str | Path) -> Path:
    """Write the three files; the card records the other two files' sizes and digests, and is sealed."""
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(tensors, out / MODEL_FILE, metadata={"format": "pt", "arch": model.config.arch})
    vocab.save(out / VOCAB_FILE)
    card = {
        **card,
        "config": model.config.to_dict(),
        "files": {f: file_digest(out / f) for f in (MODEL_FILE, VOCAB_FILE)},
    }
    _write_card(out, card)
    return out


def update_card(path: str | Path, **fields: object) -> None:
    """Add results computed after training (e.g. the modifier study) to a card, and seal it again.

    The card must be intact first (``read_card``): sealing a damaged card would make the damage official.
    """
    folder = resolve(path)
    _write_card(folder, {**read_card(folder), **fields})


def _parse_card(folder: Path) -> dict:
    """The card as written, before its seal is checked."""
    card_path = folder / CARD_FILE
    fix = rebuild_command(folder)
    if not card_path.is_file():
        raise CheckpointError(f"missing weights file {card_path}; rebuild it with: {fix}")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise CheckpointError(f"corrupt weights file {card_path} ({e}); rebuild it with: {fix}") from e
    if not isinstance(card, dict) or not {"config", "files"} <= card.keys():
        raise CheckpointError(f"corrupt weights file {card_path} (no 'config' or 'files'); rebuild it with: {fix}")
    return card


def read_card(path: str | Path) -> dict:
    """The card of weights ``path``, refused unless its seal holds."""
    folder = resolve(path)
    card = _parse_card(folder)
    if card.get(CARD_SEAL) != card_digest(card):
        what = "unsealed" if CARD_SEAL not in card else "changed since it was sealed"
        raise CheckpointError(
            f"{folder / CARD_FILE} is {what}. If the change is yours (a study's results, a merge), seal it "
            f"again with: {SEAL_COMMAND}; otherwise rebuild it with: {rebuild_command(folder)}"
        )
    return card


def _check_files(folder: Path, card: dict) -> None:
    """Refuse the folder unless each file the card lists has the size and digest it records."""
    fix = rebuild_command(folder)
    for name, expected in card["files"].items():
        f = folder / name
        if not f.is_file():
            raise CheckpointError(f"missing weights file {f}; rebuild it with: {fix}")
        actual = file_digest(f)
        if actual != expected:
            what = "truncated" if actual["bytes"] < expected["bytes"] else "corrupt or tampered"
            raise CheckpointError(
                f"{what} weights file {f}: {actual['bytes']} bytes, sha256 {actual['sha256'][:12]}..., "
                f"expected {expected['bytes']} bytes, sha256 {expected['sha256'][:12]}...; "
                f"rebuild it with: {fix}"
            )


def seal(path: str | Path) -> Path:
    """Seal the card of weights ``path`` again, e.g. after a merge changed it: only when the files it
    lists still have their recorded digests (a re-seal never blesses changed weights)."""
    folder = resolve(path)
    card = _parse_card(folder)
    _check_files(folder, card)
    _write_card(folder, card)
    return folder


def seal_all(weights_dir: Path | None = None) -> list[Path]:
    """Seal every model's card under ``weights_dir`` (default ``weights/``), nested ones too (the memory
    experiment's ``weights/memory/<model>/``); the folders sealed."""
    root = weights_dir or WEIGHTS_DIR
    return [seal(f.parent) for f in sorted(root.rglob(MODEL_FILE)) if (f.parent / CARD_FILE).is_file()]


def load(path: str | Path) -> Checkpoint:
    """Load and verify a weights folder; any fault raises ``CheckpointError``."""
    folder = resolve(path)
    fix = rebuild_command(folder)
    card = read_card(folder)
    _check_files(folder, card)
    try:
        config = ModelConfig(**card["config"])
        vocab = Vocab.load(folder / VOCAB_FILE)
        tensors = load_file(folder / MODEL_FILE)
        model = build_model(config)
        model.load_state_dict(tensors, strict=True)
    except (SafetensorError, ValueError, KeyError, TypeError, RuntimeError) as e:
        raise CheckpointError(f"corrupt weights in {folder} ({e}); rebuild it with: {fix}") from e
    if len(vocab) != config.vocab_size:
        raise CheckpointError(
            f"{folder / VOCAB_FILE} has {len(vocab)} words, the model expects {config.vocab_size}; "
            f"rebuild it with: {fix}"
        )
    model.eval()
    return Checkpoint(model, vocab, card, folder)
