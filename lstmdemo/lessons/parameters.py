"""Lesson 6, the model: the LSTM learns four weight blocks (i, f, g, o) where the RNN learns one, counted
from the shipped weights; and how far apart their accuracies are, against the chapter's expectations.

Per layer PyTorch stores W_ih [G·H, D], W_hh [G·H, H] and two biases [G·H] (G = 4 gates for an LSTM,
1 for an RNN), so a layer holds G·H·(D + H + 2) parameters; the classifier and the frozen embedding are
the same in both models.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import nn

from ..modeling.checkpoint import Checkpoint

#: The LSTM's gate blocks in PyTorch's storage order.
GATES = ("i", "f", "g", "o")
#: What the chapter expects: the LSTM's accuracy and how much it beats the RNN by (in points of accuracy).
CHAPTER_ACCURACY = (0.91, 0.93)
CHAPTER_GAP = (0.01, 0.02)


@dataclass(frozen=True)
class Block:
    """One gate's weights in one layer (``gate`` is "h" for the RNN's single block)."""

    layer: int  # counted from 1
    gate: str
    size: int  # its rows of W_ih and W_hh and of both biases


@dataclass(frozen=True)
class Parameters:
    arch: str
    inputs: int  # D, the word vector's size
    hidden: int  # H
    blocks: tuple[Block, ...]
    classifier: int
    embedding: int  # the (frozen) word vectors
    trainable: int

    @property
    def recurrent(self) -> int:
        return sum(b.size for b in self.blocks)


def parameters(ck: Checkpoint) -> Parameters:
    """The model's trained parameters, block by block, from its own tensors."""
    rnn = ck.model.rnn
    gates = GATES if isinstance(rnn, nn.LSTM) else ("h",)
    H = rnn.hidden_size
    blocks = []
    for k in range(rnn.num_layers):
        tensors = [getattr(rnn, f"{name}_l{k}") for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        per_gate = sum(t.numel() for t in tensors) // len(gates)  # each gate owns H rows of every tensor
        blocks += [Block(k + 1, g, per_gate) for g in gates]
    classifier = sum(p.numel() for p in ck.model.head.parameters())
    counts = ck.model.parameter_counts()
    return Parameters(
        arch=ck.model.config.arch,
        inputs=rnn.input_size,
        hidden=H,
        blocks=tuple(blocks),
        classifier=classifier,
        embedding=ck.model.embedding.weight.numel(),
        trainable=counts["trainable"],
    )


@dataclass(frozen=True)
class Sizes:
    """The LSTM beside the RNN of the same shape."""

    lstm: Parameters
    rnn: Parameters

    @property
    def ratio(self) -> float:
        """How many times the RNN's trained parameters the LSTM trains (just under 4: the classifier is shared)."""
        return self.lstm.trainable / self.rnn.trainable


@dataclass(frozen=True)
class Accuracy:
    """Both models' test accuracy from their cards, against the chapter's expectations."""

    lstm: float
    rnn: float
    n: int  # test rows

    @property
    def gap(self) -> float:
        return self.lstm - self.rnn

    @property
    def as_expected(self) -> bool:
        return CHAPTER_ACCURACY[0] <= self.lstm <= CHAPTER_ACCURACY[1]


def accuracy(lstm_card: dict, rnn_card: dict) -> Accuracy | None:
    """None when a card has no test result."""
    a, b = (card.get("test") or {} for card in (lstm_card, rnn_card))
    if a.get("accuracy") is None or b.get("accuracy") is None:
        return None
    return Accuracy(float(a["accuracy"]), float(b["accuracy"]), int(a.get("n") or 0))
