"""The reference LSTM topic classifier and its vanilla-RNN baseline.

Reference design: frozen GloVe embeddings -> 2-layer unidirectional LSTM
(128 units, dropout 0.3 between layers) -> dropout 0.5 -> linear over the four
AG News topics, reading the last layer's hidden state at each sentence's *real*
last token (sequences are packed, so padding never changes a result).
The baseline is the same shape with ``nn.RNN`` (tanh).

References: Hochreiter & Schmidhuber, "Long Short-Term Memory" (1997);
Pennington et al., "GloVe" (2014); Zhang et al., "Character-level
Convolutional Networks for Text Classification" (2015) for AG News.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from .vocab import PAD_ID


@dataclass(frozen=True)
class ModelConfig:
    arch: str = "lstm"  # "lstm" or "rnn"
    vocab_size: int = 20_002
    embed_dim: int = 50
    hidden: int = 128
    layers: int = 2
    rnn_dropout: float = 0.3
    out_dropout: float = 0.5
    num_classes: int = 4

    def to_dict(self) -> dict:
        return asdict(self)


class Classifier(nn.Module):
    """Embedding -> recurrent encoder -> dropout -> linear. Subclasses pick the cell."""

    rnn: nn.LSTM | nn.RNN

    def __init__(self, config: ModelConfig, embeddings: torch.Tensor | None = None) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embed_dim, padding_idx=PAD_ID)
        if embeddings is not None:
            self.embedding.weight.data.copy_(embeddings)
        self.embedding.weight.requires_grad_(False)  # frozen GloVe
        self.rnn = self._recurrent(config)
        self.dropout = nn.Dropout(config.out_dropout)
        self.head = nn.Linear(config.hidden, config.num_classes)

    def _recurrent(self, c: ModelConfig) -> nn.LSTM | nn.RNN:
        raise NotImplementedError

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """ids [B, T] -> logits [B, C]; ``lengths`` [B] (default: no padding)."""
        return self.forward_embedded(self.embedding(ids), lengths)

    def forward_embedded(self, emb: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """emb [B, T, D] -> logits [B, C]: the entry point for attribution."""
        if lengths is None:
            _, state = self.rnn(emb)
        else:
            packed = pack_padded_sequence(emb, lengths.cpu(), batch_first=True, enforce_sorted=False)
            _, state = self.rnn(packed)
        h_n = state[0] if isinstance(state, tuple) else state  # [L, B, H]
        return self.head(self.dropout(h_n[-1]))

    def parameter_counts(self) -> dict[str, int]:
        total = sum(p.numel() for p in self.parameters())
        trainable = sum(p.numel() for p in self.parameters() if p.requires_grad)
        return {"total": total, "trainable": trainable, "frozen_embedding": total - trainable}


class LSTMClassifier(Classifier):
    def _recurrent(self, c: ModelConfig) -> nn.LSTM:
        return nn.LSTM(c.embed_dim, c.hidden, num_layers=c.layers, dropout=c.rnn_dropout, batch_first=True)


class RNNClassifier(Classifier):
    def _recurrent(self, c: ModelConfig) -> nn.RNN:
        return nn.RNN(
            c.embed_dim, c.hidden, num_layers=c.layers, dropout=c.rnn_dropout, nonlinearity="tanh", batch_first=True
        )


ARCHS: dict[str, type[Classifier]] = {"lstm": LSTMClassifier, "rnn": RNNClassifier}


def build_model(config: ModelConfig, embeddings: torch.Tensor | None = None) -> Classifier:
    if config.arch not in ARCHS:
        raise ValueError(f"unknown arch {config.arch!r}; choose one of {sorted(ARCHS)}")
    return ARCHS[config.arch](config, embeddings)
