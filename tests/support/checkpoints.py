"""Small random checkpoints saved like real ones, so most tests need neither data nor trained weights."""

from __future__ import annotations

from pathlib import Path

import torch

from lstmdemo import tasks
from lstmdemo.explain import Flow, GradientFlow
from lstmdemo.modeling import checkpoint, vocab
from lstmdemo.modeling.model import ModelConfig, build_model
from lstmdemo.modeling.text import words

SENTENCES = [
    "Stocks fell sharply on Wall Street as oil prices rose",
    "The striker scored twice and the team won the cup final",
    "Scientists launch a new space telescope to study distant galaxies",
    "Rebels attacked the capital and the president was not seen",
    "The company did not report very strong earnings this quarter",
]


def random_checkpoint(
    folder: Path, arch: str, seed: int = 0, task: str = "topic", name: str | None = None, **variant: object
) -> Path:
    """A randomly initialised model over the SENTENCES vocabulary, saved like a real one.

    Topic models go to ``folder/<arch>`` with a card as old as the topic weights (no task);
    other tasks' to ``folder/<task>-<arch>`` with the task in the card; ``name`` overrides
    the folder name. ``variant``: ModelConfig fields of a remedy (``finetune_embeddings``, ``pooling``).
    """
    torch.manual_seed(seed)
    labels = tasks.get(task).labels
    v = vocab.build([words(s) for s in SENTENCES])
    config = ModelConfig(arch=arch, vocab_size=len(v), embed_dim=16, hidden=128, num_classes=len(labels), **variant)
    model = build_model(config)
    with torch.no_grad():
        model.embedding.weight[vocab.PAD_ID] = 0.0
    name = name or (arch if task == "topic" else f"{task}-{arch}")
    card = {"name": name, "arch": arch, "labels": list(labels), **({} if task == "topic" else {"task": task})}
    return checkpoint.save(model.eval(), v, card, folder / name)


def ids_of(ck: checkpoint.Checkpoint, text: str) -> torch.Tensor:
    """The ids [T] ``ck`` reads for ``text``."""
    return torch.tensor(ck.vocab.encode(words(text)))


def gradient_flow(lstm: tuple[float, ...] | None = None, rnn: tuple[float, ...] | None = None) -> GradientFlow:
    """A gradient flow with the given LSTM's and RNN's norms (the LSTM's as the explained model's, when given)."""
    flows = [Flow(arch, arch, norms) for arch, norms in (("lstm", lstm), ("rnn", rnn)) if norms is not None]
    return GradientFlow(flows[0], flows[1] if len(flows) > 1 else None)
